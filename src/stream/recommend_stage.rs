//! The recommend stage: for every activity event, the session's state (its recent products, its
//! cart) moves on and an answer goes out, the event with its recommendations: the top `k`
//! similar products, or the most popular ones with the reason when the model is missing,
//! failing or too slow. Every event gets an answer.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use polars::prelude::*;

use super::INGESTED_COLUMN;
use super::operator::{Counters, Operator, Output};
use crate::recommend::TrainedModel;
use crate::recommend::serve::{Request, recommend};

/// The model a recommend stage serves, swappable while it runs: a new model, none, or a
/// failure (as fault injection makes one).
#[derive(Clone)]
pub struct ModelSlot(Arc<RwLock<Result<Option<Arc<TrainedModel>>, String>>>);

impl ModelSlot {
    pub fn new(model: Option<Arc<TrainedModel>>) -> Self {
        Self(Arc::new(RwLock::new(Ok(model))))
    }

    /// From now on the model fails with `reason`.
    pub fn fail(&self, reason: &str) {
        if let Ok(mut slot) = self.0.write() {
            *slot = Err(reason.to_string());
        }
    }

    fn current(&self) -> Result<Option<Arc<TrainedModel>>, String> {
        match self.0.read() {
            Ok(slot) => slot.clone(),
            Err(_) => Err("the model slot was poisoned".into()),
        }
    }
}

/// How the stage reads events and answers.
#[derive(Debug, Clone)]
pub struct RecommendSettings {
    pub session_column: String,
    pub product_column: String,
    /// `view`, `add_to_cart` or `purchase`.
    pub action_column: String,
    pub k: usize,
    pub deadline: Duration,
    /// Recent products remembered per session.
    pub recent_kept: usize,
    /// Sessions remembered at once; the oldest are forgotten first.
    pub sessions_kept: usize,
    /// The model fails after this many events (a fault put in on purpose).
    pub fail_after_events: Option<u64>,
    /// Time the model is made to take per answer (a slow model, put in on purpose).
    pub model_delay: Duration,
}

impl Default for RecommendSettings {
    fn default() -> Self {
        Self {
            session_column: "session".into(),
            product_column: "product".into(),
            action_column: "action".into(),
            k: 5,
            deadline: Duration::from_millis(50),
            recent_kept: 5,
            sessions_kept: 100_000,
            fail_after_events: None,
            model_delay: Duration::ZERO,
        }
    }
}

#[derive(Default)]
struct SessionState {
    recent: Vec<String>,
    cart: HashSet<String>,
}

/// The sessions remembered, the oldest forgotten first beyond `kept`.
struct Sessions {
    states: HashMap<i64, SessionState>,
    order: VecDeque<i64>,
    kept: usize,
}

impl Sessions {
    fn get(&mut self, id: i64) -> &mut SessionState {
        if !self.states.contains_key(&id) {
            self.order.push_back(id);
            while self.order.len() > self.kept {
                if let Some(oldest) = self.order.pop_front() {
                    self.states.remove(&oldest);
                }
            }
        }
        self.states.entry(id).or_default()
    }
}

pub struct RecommendStage {
    model: ModelSlot,
    popular: Vec<(String, usize)>,
    settings: RecommendSettings,
    sessions: Sessions,
    events_seen: u64,
    answers: u64,
    fallbacks: BTreeMap<&'static str, u64>,
}

impl RecommendStage {
    /// `popular` is the fallback list, kept apart from the model so that it serves when the
    /// model fails.
    pub fn new(
        model: ModelSlot,
        popular: Vec<(String, usize)>,
        settings: RecommendSettings,
    ) -> Self {
        Self {
            model,
            popular,
            sessions: Sessions {
                states: HashMap::new(),
                order: VecDeque::new(),
                kept: settings.sessions_kept.max(1),
            },
            settings,
            events_seen: 0,
            answers: 0,
            fallbacks: BTreeMap::new(),
        }
    }
}

fn text_column(batch: &DataFrame, name: &str) -> Result<StringChunked, String> {
    batch
        .column(name)
        .and_then(|c| c.cast(&DataType::String))
        .and_then(|c| c.str().cloned())
        .map_err(|e| format!("column `{name}`: {e}"))
}

impl Operator for RecommendStage {
    fn process(&mut self, batch: DataFrame) -> Result<Output, String> {
        let sessions = batch
            .column(&self.settings.session_column)
            .and_then(|c| c.cast(&DataType::Int64))
            .and_then(|c| c.i64().cloned())
            .map_err(|e| format!("column `{}`: {e}", self.settings.session_column))?;
        let products = text_column(&batch, &self.settings.product_column)?;
        let actions = text_column(&batch, &self.settings.action_column)?;
        let mut model = self.model.current();
        let rows = batch.height();
        if self
            .settings
            .fail_after_events
            .is_some_and(|after| self.events_seen + rows as u64 > after)
        {
            model = Err("failed on purpose (fault injection)".to_string());
        }
        self.events_seen += rows as u64;
        let (mut recommended, mut scores, mut fallbacks, mut reasons) = (
            Vec::with_capacity(rows),
            Vec::with_capacity(rows),
            Vec::with_capacity(rows),
            Vec::with_capacity(rows),
        );
        let recent_kept = self.settings.recent_kept.max(1);
        let (k, deadline) = (self.settings.k, self.settings.deadline);
        for ((session, product), action) in sessions.iter().zip(products.iter()).zip(actions.iter())
        {
            let product = product.unwrap_or_default().to_string();
            let state = self.sessions.get(session.unwrap_or_default());
            match action.unwrap_or_default() {
                "add_to_cart" => {
                    state.cart.insert(product.clone());
                }
                "purchase" => {
                    state.cart.remove(&product);
                }
                _ => {}
            }
            state.recent.retain(|p| *p != product);
            state.recent.push(product);
            if state.recent.len() > recent_kept {
                state.recent.remove(0);
            }
            let answer = recommend(
                model.as_ref().map(|m| m.as_deref()).map_err(Clone::clone),
                &self.popular,
                &Request {
                    recent: &state.recent,
                    exclude: &state.cart,
                    k,
                    deadline,
                    added_delay: self.settings.model_delay,
                },
            );
            self.answers += 1;
            if let Some(reason) = &answer.fallback {
                *self.fallbacks.entry(reason.kind()).or_default() += 1;
            }
            recommended.push(
                answer
                    .items
                    .iter()
                    .map(|(item, _)| item.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            );
            scores.push(answer.items.first().map(|(_, score)| f64::from(*score)));
            fallbacks.push(answer.fallback.is_some());
            reasons.push(answer.fallback.map(|reason| reason.to_string()));
        }
        let mut answers = batch;
        for column in [
            Column::new("recommended".into(), recommended),
            Column::new("top_score".into(), scores),
            Column::new("fallback".into(), fallbacks),
            Column::new("fallback_reason".into(), reasons),
        ] {
            answers.with_column(column).map_err(|e| e.to_string())?;
        }
        // The ingestion time stays last, where the source put it.
        if let Ok(ingested) = answers.drop_in_place(INGESTED_COLUMN) {
            answers.with_column(ingested).map_err(|e| e.to_string())?;
        }
        Ok(Output {
            batches: vec![answers],
            ..Output::default()
        })
    }

    fn counters(&self) -> Counters {
        let mut counters = vec![("answers".to_string(), self.answers)];
        counters.extend(
            self.fallbacks
                .iter()
                .map(|(reason, count)| (format!("fallback: {reason}"), *count)),
        );
        counters
    }
}

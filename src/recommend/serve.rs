//! Serving: for one activity event, the `k` products most similar to the session's recent
//! products (their precomputed neighbours, weighted towards the most recent), leaving out what
//! is already in the cart; within a deadline. When there is no model, it fails, it knows none of
//! the products, or the deadline passes, the most popular products are served instead, and the
//! answer says so and why.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::time::{Duration, Instant};

use super::TrainedModel;

/// What a request asks.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The session's recent products, oldest first.
    pub recent: &'a [String],
    /// Products not to recommend (in the cart, already bought).
    pub exclude: &'a HashSet<String>,
    pub k: usize,
    pub deadline: Duration,
    /// Time the model is made to take besides its own (a slow model, put in on purpose).
    pub added_delay: Duration,
}

/// Why an answer came from the most-popular list.
#[derive(Debug, Clone, PartialEq)]
pub enum FallbackReason {
    /// No model has been trained or wired in.
    NoModel,
    /// The model could not be used.
    ModelFailed(String),
    /// The model answered too late.
    DeadlineMissed { elapsed: Duration },
    /// None of the session's products is known to the model.
    UnknownProducts,
}

impl FallbackReason {
    /// The reason without its details, to count answers by.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NoModel => "no model",
            Self::ModelFailed(_) => "model failed",
            Self::DeadlineMissed { .. } => "deadline missed",
            Self::UnknownProducts => "unknown products",
        }
    }
}

impl fmt::Display for FallbackReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoModel => f.write_str("no model"),
            Self::ModelFailed(reason) => write!(f, "the model failed: {reason}"),
            Self::DeadlineMissed { elapsed } => {
                write!(
                    f,
                    "the model took {} µs, past the deadline",
                    elapsed.as_micros()
                )
            }
            Self::UnknownProducts => f.write_str("none of the session's products is known"),
        }
    }
}

/// An answer: products with scores, best first, and why it is the fallback if it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub items: Vec<(String, f32)>,
    pub fallback: Option<FallbackReason>,
}

/// The model's answer, or the most popular products with the reason. `popular` is the fallback
/// list (products by popularity, most first), kept apart from the model so that it serves when
/// the model is missing or broken.
pub fn recommend(
    model: Result<Option<&TrainedModel>, String>,
    popular: &[(String, usize)],
    request: &Request<'_>,
) -> Answer {
    let started = Instant::now();
    let fallback = |reason: FallbackReason| Answer {
        items: most_popular(popular, request),
        fallback: Some(reason),
    };
    let model = match model {
        Ok(Some(model)) => model,
        Ok(None) => return fallback(FallbackReason::NoModel),
        Err(reason) => return fallback(FallbackReason::ModelFailed(reason)),
    };
    let items = similar(model, request);
    let elapsed = started.elapsed() + request.added_delay;
    if elapsed > request.deadline {
        return fallback(FallbackReason::DeadlineMissed { elapsed });
    }
    match items {
        Some(items) => Answer {
            items,
            fallback: None,
        },
        None => fallback(FallbackReason::UnknownProducts),
    }
}

/// The most popular products not excluded, scored by rank (1 for the first, falling).
fn most_popular(popular: &[(String, usize)], request: &Request<'_>) -> Vec<(String, f32)> {
    popular
        .iter()
        .filter(|(item, _)| !request.exclude.contains(item) && !request.recent.contains(item))
        .take(request.k)
        .enumerate()
        .map(|(rank, (item, _))| (item.clone(), 1.0 / (rank as f32 + 1.0)))
        .collect()
}

/// Neighbours of the recent products, the newest weighted most; `None` when the model knows
/// none of them.
fn similar(model: &TrainedModel, request: &Request<'_>) -> Option<Vec<(String, f32)>> {
    let mut scores: HashMap<usize, f32> = HashMap::new();
    let mut known = false;
    let newest_first = request.recent.iter().rev().enumerate();
    for (age, item) in newest_first {
        let Some(index) = model.item_index(item) else {
            continue;
        };
        known = true;
        let weight = 1.0 / (age as f32 + 1.0);
        for (neighbour, similarity) in model.neighbours.get(index).into_iter().flatten() {
            *scores.entry(*neighbour).or_default() += weight * similarity;
        }
    }
    if !known {
        return None;
    }
    let mut ranked: Vec<(usize, f32)> = scores
        .into_iter()
        .filter(|(index, _)| {
            model.items.get(*index).is_some_and(|item| {
                !request.exclude.contains(item) && !request.recent.contains(item)
            })
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Some(
        ranked
            .into_iter()
            .take(request.k)
            .filter_map(|(index, score)| model.items.get(index).map(|item| (item.clone(), score)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::Evaluation;

    /// Items a, b, c: a's nearest is b, then c; b's is a; c's is a.
    fn model() -> TrainedModel {
        let items: Vec<String> = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        TrainedModel {
            item_positions: TrainedModel::positions(&items),
            items,
            embeddings: vec![vec![1.0]; 4],
            neighbours: vec![
                vec![(1, 0.9), (2, 0.5)],
                vec![(0, 0.9), (3, 0.4)],
                vec![(0, 0.5), (3, 0.3)],
                vec![(2, 0.3)],
            ],
            popular: vec![
                ("d".into(), 9),
                ("c".into(), 5),
                ("b".into(), 2),
                ("a".into(), 1),
            ],
            evaluation: Evaluation::default(),
            ratings_used: 0,
            ratings_dropped: 0,
            user_items: Default::default(),
        }
    }

    fn ask(model: Result<Option<&TrainedModel>, String>, recent: &[&str], cart: &[&str]) -> Answer {
        let recent: Vec<String> = recent.iter().map(|s| s.to_string()).collect();
        let exclude: HashSet<String> = cart.iter().map(|s| s.to_string()).collect();
        let popular = self::model().popular;
        recommend(
            model,
            &popular,
            &Request {
                recent: &recent,
                exclude: &exclude,
                k: 2,
                deadline: Duration::from_secs(1),
                added_delay: Duration::ZERO,
            },
        )
    }

    fn names(answer: &Answer) -> Vec<&str> {
        answer.items.iter().map(|(i, _)| i.as_str()).collect()
    }

    #[test]
    fn similar_products_of_the_session_leave_out_the_cart() {
        let model = model();
        let answer = ask(Ok(Some(&model)), &["a"], &[]);
        assert_eq!(names(&answer), ["b", "c"]);
        assert_eq!(answer.fallback, None);
        // The cart is left out; the newest product weighs most.
        assert_eq!(names(&ask(Ok(Some(&model)), &["a"], &["b"])), ["c"]);
        assert_eq!(names(&ask(Ok(Some(&model)), &["c", "b"], &[])), ["a", "d"]);
    }

    #[test]
    fn the_most_popular_products_are_served_with_the_reason() {
        let model = model();
        let answer = ask(Ok(None), &["a"], &["d"]);
        assert_eq!(names(&answer), ["c", "b"]);
        assert_eq!(answer.fallback, Some(FallbackReason::NoModel));
        let answer = ask(Err("poisoned".into()), &[], &[]);
        assert_eq!(names(&answer), ["d", "c"]);
        assert!(answer.fallback.unwrap().to_string().contains("poisoned"));
        let answer = ask(Ok(Some(&model)), &["zz"], &[]);
        assert_eq!(answer.fallback, Some(FallbackReason::UnknownProducts));
        let recent = vec!["a".to_string()];
        let answer = recommend(
            Ok(Some(&model)),
            &model.popular,
            &Request {
                recent: &recent,
                exclude: &HashSet::new(),
                k: 2,
                deadline: Duration::ZERO,
                added_delay: Duration::ZERO,
            },
        );
        assert!(matches!(
            answer.fallback,
            Some(FallbackReason::DeadlineMissed { .. })
        ));
        assert_eq!(names(&answer), ["d", "c"]);
    }
}

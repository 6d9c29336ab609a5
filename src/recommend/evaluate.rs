//! Offline evaluation: each user's ratings split by a seeded hash into training and held-out
//! parts; a model fitted on the training part recommends `k` items per user (leaving out what
//! the user already rated), as does the most-popular list; precision@k, recall@k and coverage of
//! both are reported side by side.

use std::collections::{HashMap, HashSet};

use super::{Rating, TrainSettings, by_user, dot, fit, popular, top_k};

/// How one recommender did on the held-out ratings.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Metrics {
    /// Held-out items among the `k` recommended, over `k`, averaged over users.
    pub precision_at_k: f64,
    /// Held-out items among the `k` recommended, over the user's held-out items, averaged.
    pub recall_at_k: f64,
    /// Distinct items recommended to anyone, over all items.
    pub coverage: f64,
}

/// The model against the most-popular baseline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evaluation {
    pub k: usize,
    pub model: Metrics,
    pub most_popular: Metrics,
    pub train_ratings: usize,
    pub held_out_ratings: usize,
    /// Users with at least one held-out rating the model could score.
    pub users_evaluated: usize,
}

/// FNV-1a of `text` mixed with `seed`: the same split on every machine and every run.
fn seeded_hash(seed: u64, text: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

pub(super) fn evaluate(ratings: &[&Rating], settings: &TrainSettings) -> Evaluation {
    let k = settings.k.max(1);
    let mut train = Vec::new();
    let mut held_out: Vec<&Rating> = Vec::new();
    for (_, mut rated) in by_user(ratings) {
        rated.sort_by_key(|r| seeded_hash(settings.seed, &r.item));
        // Users with one rating keep it for training; others lend a share to the test.
        let hold = if rated.len() < 2 {
            0
        } else {
            ((rated.len() as f64 * settings.holdout_fraction).round() as usize)
                .clamp(1, rated.len() - 1)
        };
        held_out.extend(rated.iter().take(hold).copied());
        train.extend(rated.iter().skip(hold).copied());
    }
    let mut evaluation = Evaluation {
        k,
        train_ratings: train.len(),
        held_out_ratings: held_out.len(),
        ..Evaluation::default()
    };
    if held_out.is_empty() {
        return evaluation;
    }
    let model = fit(train.iter().copied(), settings);
    let items: Vec<String> = model.item_ids().to_vec();
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.as_str(), i))
        .collect();
    let factors: Vec<&[f32]> = items
        .iter()
        .map(|item| model.item_factors(item).unwrap_or_default())
        .collect();
    let popular_order: Vec<usize> = popular(train.iter().copied())
        .iter()
        .filter_map(|(item, _)| index.get(item.as_str()).copied())
        .collect();
    let mut seen: HashMap<&str, HashSet<usize>> = HashMap::new();
    for rating in &train {
        if let Some(&i) = index.get(rating.item.as_str()) {
            seen.entry(rating.user.as_str()).or_default().insert(i);
        }
    }
    let mut relevant: HashMap<&str, HashSet<usize>> = HashMap::new();
    for rating in &held_out {
        if let Some(&i) = index.get(rating.item.as_str()) {
            relevant.entry(rating.user.as_str()).or_default().insert(i);
        }
    }
    let empty = HashSet::new();
    let mut model_totals = Totals::default();
    let mut popular_totals = Totals::default();
    let mut users: Vec<(&str, &HashSet<usize>)> = relevant
        .iter()
        .map(|(user, wanted)| (*user, wanted))
        .collect();
    users.sort_by_key(|(user, _)| *user);
    for (user, wanted) in users {
        let Some(user_factors) = model.user_factors(&user.to_string()) else {
            continue;
        };
        let seen_items = seen.get(user).unwrap_or(&empty);
        let by_model = top_k(
            factors
                .iter()
                .enumerate()
                .map(|(i, f)| (i, dot(user_factors, f))),
            seen_items,
            k,
        );
        let by_popularity: Vec<usize> = popular_order
            .iter()
            .filter(|i| !seen_items.contains(i))
            .take(k)
            .copied()
            .collect();
        model_totals.add(&by_model, wanted, k);
        popular_totals.add(&by_popularity, wanted, k);
    }
    evaluation.users_evaluated = model_totals.users;
    evaluation.model = model_totals.metrics(items.len());
    evaluation.most_popular = popular_totals.metrics(items.len());
    evaluation
}

#[derive(Default)]
struct Totals {
    users: usize,
    precision: f64,
    recall: f64,
    recommended: HashSet<usize>,
}

impl Totals {
    fn add(&mut self, recommended: &[usize], wanted: &HashSet<usize>, k: usize) {
        let hits = recommended.iter().filter(|i| wanted.contains(i)).count() as f64;
        self.users += 1;
        self.precision += hits / k as f64;
        self.recall += hits / wanted.len().max(1) as f64;
        self.recommended.extend(recommended.iter().copied());
    }

    fn metrics(&self, items: usize) -> Metrics {
        let users = self.users.max(1) as f64;
        Metrics {
            precision_at_k: self.precision / users,
            recall_at_k: self.recall / users,
            coverage: self.recommended.len() as f64 / items.max(1) as f64,
        }
    }
}

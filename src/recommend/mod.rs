//! The recommender: item embeddings by matrix factorisation of ratings (the `discorec` crate's
//! alternating least squares, seeded), each item's nearest neighbours by cosine similarity, the
//! most-popular list (the fallback), and an offline evaluation on a held-out split against the
//! most-popular baseline. Plain data in and out: no Polars, no egui.

mod evaluate;
pub mod serve;

use std::collections::{BTreeMap, HashMap, HashSet};

pub use evaluate::{Evaluation, Metrics};

/// How to train.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainSettings {
    pub factors: u32,
    pub iterations: u32,
    pub seed: u64,
    /// Neighbours kept per item.
    pub neighbours: usize,
    /// The share of each user's ratings held out for the evaluation.
    pub holdout_fraction: f64,
    /// How many recommendations the evaluation scores.
    pub k: usize,
    /// Ratings are stars (explicit) or counts of interactions (implicit).
    pub implicit: bool,
}

impl Default for TrainSettings {
    fn default() -> Self {
        Self {
            factors: 16,
            iterations: 20,
            seed: 42,
            neighbours: 10,
            holdout_fraction: 0.2,
            k: 10,
            implicit: false,
        }
    }
}

/// One rating: who, what, how much.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub user: String,
    pub item: String,
    pub value: f32,
}

/// A trained recommender.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainedModel {
    /// Item ids, in the order of `embeddings`.
    pub items: Vec<String>,
    /// Each item's embedding, scaled to length 1 (so a dot product is the cosine similarity).
    pub embeddings: Vec<Vec<f32>>,
    /// Each item's nearest neighbours, best first: (index into `items`, similarity).
    pub neighbours: Vec<Vec<(usize, f32)>>,
    /// Items by how many users rated them, most first: the fallback list.
    pub popular: Vec<(String, usize)>,
    pub evaluation: Evaluation,
    pub ratings_used: usize,
    /// Ratings left out, with the reason (a missing id, a value that is not a finite number).
    pub ratings_dropped: usize,
    /// Each user's items, best rated first: what a shopper's history looks like to the model.
    pub user_items: HashMap<String, Vec<String>>,
    /// Each item's index in `items` (see [`TrainedModel::positions`]), for lookups per event.
    pub item_positions: HashMap<String, usize>,
}

/// Why a model could not be trained.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    #[error("there are no ratings to train on")]
    NoRatings,
    #[error("only {items} item(s) have ratings; at least 2 are needed for similar items")]
    TooFewItems { items: usize },
}

impl TrainedModel {
    /// The index of item `id`.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.item_positions.get(id).copied()
    }

    /// Each of `items` with its index: what `item_positions` holds.
    pub fn positions(items: &[String]) -> HashMap<String, usize> {
        items
            .iter()
            .enumerate()
            .map(|(index, item)| (item.clone(), index))
            .collect()
    }
}

/// Trains on `ratings`: the evaluation on a seeded held-out split, then the final model on all of
/// them. Ratings with an empty id or a value that is not finite are left out and counted.
pub fn train(ratings: &[Rating], settings: &TrainSettings) -> Result<TrainedModel, TrainError> {
    let mut usable: Vec<&Rating> = ratings
        .iter()
        .filter(|r| !r.user.is_empty() && !r.item.is_empty() && r.value.is_finite())
        .collect();
    // The same ratings in any order give the same model: a plan may read them in another order.
    usable.sort_by(|a, b| {
        (a.user.as_str(), a.item.as_str())
            .cmp(&(b.user.as_str(), b.item.as_str()))
            .then(a.value.total_cmp(&b.value))
    });
    let dropped = ratings.len() - usable.len();
    if usable.is_empty() {
        return Err(TrainError::NoRatings);
    }
    let distinct_items: HashSet<&str> = usable.iter().map(|r| r.item.as_str()).collect();
    if distinct_items.len() < 2 {
        return Err(TrainError::TooFewItems {
            items: distinct_items.len(),
        });
    }
    let evaluation = evaluate::evaluate(&usable, settings);
    let recommender = fit(usable.iter().copied(), settings);
    let items: Vec<String> = recommender.item_ids().to_vec();
    let embeddings: Vec<Vec<f32>> = items
        .iter()
        .map(|item| unit(recommender.item_factors(item).unwrap_or_default()))
        .collect();
    let neighbours = nearest(&embeddings, settings.neighbours);
    let item_positions = TrainedModel::positions(&items);
    Ok(TrainedModel {
        item_positions,
        items,
        embeddings,
        neighbours,
        popular: popular(usable.iter().copied()),
        evaluation,
        ratings_used: usable.len(),
        ratings_dropped: dropped,
        user_items: user_items(&usable),
    })
}

/// Each user's items, best rated first (ties by item id, so the order is stable).
fn user_items(ratings: &[&Rating]) -> HashMap<String, Vec<String>> {
    let mut by_user: HashMap<String, Vec<(f32, String)>> = HashMap::new();
    for rating in ratings {
        by_user
            .entry(rating.user.clone())
            .or_default()
            .push((rating.value, rating.item.clone()));
    }
    by_user
        .into_iter()
        .map(|(user, mut items)| {
            items.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            (user, items.into_iter().map(|(_, item)| item).collect())
        })
        .collect()
}

/// A discorec model fitted on `ratings`.
fn fit<'r>(
    ratings: impl Iterator<Item = &'r Rating>,
    settings: &TrainSettings,
) -> discorec::Recommender<String, String> {
    let triples: Vec<(String, String, f32)> = ratings
        .map(|r| (r.user.clone(), r.item.clone(), r.value))
        .collect();
    let mut builder = discorec::RecommenderBuilder::new();
    builder
        .factors(settings.factors)
        .iterations(settings.iterations)
        .seed(settings.seed);
    if settings.implicit {
        builder.fit_implicit(&triples)
    } else {
        builder.fit_explicit(&triples)
    }
}

/// `vector` scaled to length 1 (a zero vector stays zero).
fn unit(vector: &[f32]) -> Vec<f32> {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 && norm.is_finite() {
        vector.iter().map(|x| x / norm).collect()
    } else {
        vec![0.0; vector.len()]
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Each item's `count` most similar other items, best first (ties by index, so the result is
/// stable).
fn nearest(embeddings: &[Vec<f32>], count: usize) -> Vec<Vec<(usize, f32)>> {
    embeddings
        .iter()
        .enumerate()
        .map(|(index, embedding)| {
            let mut scored: Vec<(usize, f32)> = embeddings
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != index)
                .map(|(other, e)| (other, dot(embedding, e)))
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored.truncate(count);
            scored
        })
        .collect()
}

/// Items by how many distinct users rated them, most first, ties by id.
fn popular<'r>(ratings: impl Iterator<Item = &'r Rating>) -> Vec<(String, usize)> {
    let mut users: HashMap<&str, HashSet<&str>> = HashMap::new();
    for rating in ratings {
        users
            .entry(rating.item.as_str())
            .or_default()
            .insert(rating.user.as_str());
    }
    let mut counted: Vec<(String, usize)> = users
        .into_iter()
        .map(|(item, users)| (item.to_string(), users.len()))
        .collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counted
}

/// The `k` best items for a user with factors `user` among `embeddings`, leaving out `seen`.
fn top_k(
    scores: impl Iterator<Item = (usize, f32)>,
    seen: &HashSet<usize>,
    k: usize,
) -> Vec<usize> {
    let mut scored: Vec<(usize, f32)> = scores.filter(|(i, _)| !seen.contains(i)).collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.into_iter().take(k).map(|(i, _)| i).collect()
}

/// Ratings grouped by user, users in id order.
fn by_user<'r>(ratings: &[&'r Rating]) -> BTreeMap<&'r str, Vec<&'r Rating>> {
    let mut grouped: BTreeMap<&str, Vec<&Rating>> = BTreeMap::new();
    for rating in ratings {
        grouped
            .entry(rating.user.as_str())
            .or_default()
            .push(rating);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(user: &str, item: &str, value: f32) -> Rating {
        Rating {
            user: user.into(),
            item: item.into(),
            value,
        }
    }

    #[test]
    fn items_rated_by_the_same_users_are_neighbours_and_training_is_deterministic() {
        // Two tastes: users 0-9 like a and b, users 10-19 like x and y.
        let mut ratings = Vec::new();
        for user in 0..20 {
            let (liked, other) = if user < 10 {
                (["a", "b"], ["x", "y"])
            } else {
                (["x", "y"], ["a", "b"])
            };
            for item in liked {
                ratings.push(rating(&format!("u{user}"), item, 5.0));
            }
            for item in other {
                ratings.push(rating(&format!("u{user}"), item, 1.0));
            }
        }
        ratings.push(rating("", "a", 5.0));
        ratings.push(rating("u1", "a", f32::NAN));
        let settings = TrainSettings::default();
        let model = train(&ratings, &settings).unwrap();
        assert_eq!(model.ratings_dropped, 2);
        let a = model.item_index("a").unwrap();
        let b = model.item_index("b").unwrap();
        assert_eq!(model.neighbours[a][0].0, b, "{:?}", model.neighbours[a]);
        assert_eq!(train(&ratings, &settings).unwrap(), model, "seeded");
        let mut reversed = ratings.clone();
        reversed.reverse();
        assert_eq!(
            train(&reversed, &settings).unwrap(),
            model,
            "the same ratings in another order"
        );
        assert_eq!(model.user_items["u3"][..2], ["a", "b"], "best rated first");
        assert_eq!(model.popular.len(), 4);
        assert!(matches!(train(&[], &settings), Err(TrainError::NoRatings)));
        assert!(matches!(
            train(&[rating("u", "a", 1.0)], &settings),
            Err(TrainError::TooFewItems { items: 1 })
        ));
    }
}

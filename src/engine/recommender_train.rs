//! A `recommender_train` node planned: its columns checked against the ratings' schema, then
//! lazy outputs that train once, on first use, from the whole input: the model, each item's
//! neighbours, the most-popular list and the offline evaluation.

use std::sync::{Arc, OnceLock};

use polars::prelude::*;

use super::columns::missing_column;
use super::error::NodeError;
use super::params::Params;
use super::transforms::Inputs;
use crate::model::{Code, Node};
use crate::recommend::{Rating, TrainSettings, TrainedModel, train};

/// What a trainer reads and how it trains.
struct Trainer {
    node: String,
    input: LazyFrame,
    user: String,
    item: String,
    rating: String,
    settings: TrainSettings,
    trained: OnceLock<Result<Arc<TrainedModel>, String>>,
}

/// A recommender model as it flows out of a port: trained when first asked for.
#[derive(Clone)]
pub struct ModelValue {
    trainer: Arc<Trainer>,
}

impl ModelValue {
    /// The trained model, training it from the node's input if nothing has yet.
    pub fn get(&self) -> Result<Arc<TrainedModel>, String> {
        self.trainer.get()
    }
}

impl Trainer {
    fn get(&self) -> Result<Arc<TrainedModel>, String> {
        self.trained
            .get_or_init(|| {
                let data = self
                    .input
                    .clone()
                    .select([col(&self.user), col(&self.item), col(&self.rating)])
                    .collect()
                    .map_err(|e| super::error::polars_message(&e))?;
                self.train_on(&data)
            })
            .clone()
    }

    /// Trains on `data` (the node's input), once: later calls share the first result.
    fn trained_from(&self, data: &DataFrame) -> Result<Arc<TrainedModel>, String> {
        self.trained.get_or_init(|| self.train_on(data)).clone()
    }

    fn train_on(&self, data: &DataFrame) -> Result<Arc<TrainedModel>, String> {
        let text = |name: &str| -> Result<Vec<String>, String> {
            let column = data
                .column(name)
                .and_then(|c| c.cast(&DataType::String))
                .map_err(|e| super::error::polars_message(&e))?;
            let values = column.str().map_err(|e| super::error::polars_message(&e))?;
            Ok(values
                .iter()
                .map(|v| v.unwrap_or_default().to_string())
                .collect())
        };
        let users = text(&self.user)?;
        let items = text(&self.item)?;
        let values = data
            .column(&self.rating)
            .and_then(|c| c.cast(&DataType::Float32))
            .map_err(|e| super::error::polars_message(&e))?;
        let values = values.f32().map_err(|e| super::error::polars_message(&e))?;
        let ratings: Vec<Rating> = users
            .into_iter()
            .zip(items)
            .zip(values.iter())
            .map(|((user, item), value)| Rating {
                user,
                item,
                value: value.unwrap_or(f32::NAN),
            })
            .collect();
        train(&ratings, &self.settings)
            .map(Arc::new)
            .map_err(|e| format!("`{}` cannot train: {e}", self.node))
    }
}

fn polars_error(message: String) -> PolarsError {
    PolarsError::ComputeError(message.into())
}

/// The model and the table outputs (`neighbours`, `popular`, `evaluation`) of `node`.
pub fn plan_train(
    node: &Node,
    inputs: &Inputs,
) -> Result<(ModelValue, Vec<(String, LazyFrame)>), NodeError> {
    let params = Params::of(node);
    let input = inputs.single("ratings")?;
    let column = |name: &'static str| -> Result<String, NodeError> {
        let column = params.text(name)?;
        if input.schema.get(&column).is_none() {
            return Err(NodeError::new(
                Code::ColumnNotFound,
                missing_column(&column, &input.schema, "the ratings"),
            )
            .with_param(name));
        }
        Ok(column)
    };
    let (user, item, rating) = (
        column("user_column")?,
        column("item_column")?,
        column("rating_column")?,
    );
    if let Some(dtype) = input.schema.get(&rating)
        && !dtype.is_primitive_numeric()
    {
        return Err(NodeError::param(
            "rating_column",
            format!("`{rating}` holds {dtype} values; ratings must be numbers (add a Cast node)"),
        ));
    }
    let whole = |name: &'static str| -> Result<i64, NodeError> { params.int(name) };
    let settings = TrainSettings {
        factors: u32::try_from(whole("factors")?).unwrap_or(16),
        iterations: u32::try_from(whole("iterations")?).unwrap_or(20),
        seed: u64::try_from(whole("seed")?).unwrap_or(42),
        neighbours: usize::try_from(whole("neighbours")?).unwrap_or(10),
        holdout_fraction: params.float("holdout")?,
        k: usize::try_from(whole("k")?).unwrap_or(10),
        implicit: params.text("feedback")? == "implicit",
    };
    let trainer = Arc::new(Trainer {
        node: node.id.to_string(),
        input: input.frame.clone(),
        user,
        item,
        rating,
        settings,
        trained: OnceLock::new(),
    });
    let table = |make: fn(&TrainedModel) -> PolarsResult<DataFrame>, schema: Schema| {
        let trainer = Arc::clone(&trainer);
        let schema = Arc::new(schema);
        input.frame.clone().map(
            move |data| {
                let model = trainer.trained_from(&data).map_err(polars_error)?;
                make(&model)
            },
            OptFlags::empty(),
            Some(Arc::new(move |_: &Schema| Ok(Arc::clone(&schema)))),
            Some("recommender_train"),
        )
    };
    let tables = vec![
        (
            "neighbours".to_string(),
            table(neighbours_frame, neighbours_schema()),
        ),
        (
            "embeddings".to_string(),
            table(embeddings_frame, embeddings_schema()),
        ),
        (
            "popular".to_string(),
            table(popular_frame, popular_schema()),
        ),
        (
            "evaluation".to_string(),
            table(evaluation_frame, evaluation_schema()),
        ),
    ];
    Ok((ModelValue { trainer }, tables))
}

fn neighbours_schema() -> Schema {
    Schema::from_iter([
        Field::new("item".into(), DataType::String),
        Field::new("rank".into(), DataType::UInt32),
        Field::new("neighbour".into(), DataType::String),
        Field::new("similarity".into(), DataType::Float64),
    ])
}

/// Every item's neighbours, best first: the vector store's content.
fn neighbours_frame(model: &TrainedModel) -> PolarsResult<DataFrame> {
    let (mut items, mut ranks, mut neighbours, mut similarities) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (index, near) in model.neighbours.iter().enumerate() {
        let item = model.items.get(index).cloned().unwrap_or_default();
        for (rank, (other, similarity)) in near.iter().enumerate() {
            items.push(item.clone());
            ranks.push(rank as u32 + 1);
            neighbours.push(model.items.get(*other).cloned().unwrap_or_default());
            similarities.push(f64::from(*similarity));
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("item".into(), items),
        Column::new("rank".into(), ranks),
        Column::new("neighbour".into(), neighbours),
        Column::new("similarity".into(), similarities),
    ])
}

fn embeddings_schema() -> Schema {
    Schema::from_iter([
        Field::new("item".into(), DataType::String),
        Field::new(
            "embedding".into(),
            DataType::List(Box::new(DataType::Float32)),
        ),
    ])
}

/// Every item's embedding (of length 1, so a dot product is the cosine similarity): what a
/// vector store indexes.
fn embeddings_frame(model: &TrainedModel) -> PolarsResult<DataFrame> {
    let vectors: Vec<Series> = model
        .embeddings
        .iter()
        .map(|vector| Series::new("".into(), vector.as_slice()))
        .collect();
    DataFrame::new_infer_height(vec![
        Column::new("item".into(), model.items.clone()),
        Column::new("embedding".into(), vectors),
    ])
}

fn popular_schema() -> Schema {
    Schema::from_iter([
        Field::new("rank".into(), DataType::UInt32),
        Field::new("item".into(), DataType::String),
        Field::new("customers".into(), DataType::UInt32),
    ])
}

/// Items by how many customers rated them: the fallback list.
fn popular_frame(model: &TrainedModel) -> PolarsResult<DataFrame> {
    DataFrame::new_infer_height(vec![
        Column::new(
            "rank".into(),
            (1..=model.popular.len() as u32).collect::<Vec<_>>(),
        ),
        Column::new(
            "item".into(),
            model
                .popular
                .iter()
                .map(|(item, _)| item.clone())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "customers".into(),
            model
                .popular
                .iter()
                .map(|(_, n)| *n as u32)
                .collect::<Vec<_>>(),
        ),
    ])
}

fn evaluation_schema() -> Schema {
    Schema::from_iter([
        Field::new("metric".into(), DataType::String),
        Field::new("model".into(), DataType::Float64),
        Field::new("most_popular".into(), DataType::Float64),
    ])
}

/// The offline evaluation, the model next to the most-popular baseline, and the counts behind it.
fn evaluation_frame(model: &TrainedModel) -> PolarsResult<DataFrame> {
    let e = &model.evaluation;
    let k = e.k;
    let rows: Vec<(String, f64, Option<f64>)> = vec![
        (
            format!("precision@{k}"),
            e.model.precision_at_k,
            Some(e.most_popular.precision_at_k),
        ),
        (
            format!("recall@{k}"),
            e.model.recall_at_k,
            Some(e.most_popular.recall_at_k),
        ),
        (
            "coverage".into(),
            e.model.coverage,
            Some(e.most_popular.coverage),
        ),
        (
            "customers evaluated".into(),
            e.users_evaluated as f64,
            Some(e.users_evaluated as f64),
        ),
        ("ratings trained on".into(), e.train_ratings as f64, None),
        ("ratings held out".into(), e.held_out_ratings as f64, None),
        (
            "ratings left out".into(),
            model.ratings_dropped as f64,
            None,
        ),
        ("items".into(), model.items.len() as f64, None),
    ];
    DataFrame::new_infer_height(vec![
        Column::new(
            "metric".into(),
            rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
        ),
        Column::new("model".into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
        Column::new(
            "most_popular".into(),
            rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        ),
    ])
}

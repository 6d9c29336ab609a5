//! A recommend node asked by hand, as its preview lets you: a customer (their best-rated
//! products stand for what they looked at) or product codes in, the answer the stream would
//! give out, with its scores, or the most popular products and the reason.

use std::collections::HashSet;

use super::super::error::NodeError;
use super::super::params::Params;
use super::super::plan::PipelinePlan;
use super::super::value::PortValue;
use crate::model::{Code, KindId, Pipeline};
use crate::recommend::serve::{Request, recommend};

/// What a recommend node answers a shopper.
#[derive(Debug, Clone, PartialEq)]
pub struct AskedAnswer {
    /// The products the answer is for (a customer's best rated, or those typed).
    pub recent: Vec<String>,
    /// Who the query named, when it named a customer the model knows.
    pub customer: Option<String>,
    pub items: Vec<(String, f32)>,
    /// Why the answer is the most popular products, when it is.
    pub fallback: Option<String>,
}

fn input_error(node: &str, message: impl Into<String>) -> NodeError {
    NodeError::new(
        Code::UnconnectedInput,
        format!("`{node}`: {}", message.into()),
    )
}

/// Asks recommend node `id` of `plan` for `query`: a customer id, or product codes separated by
/// commas or spaces.
pub fn ask_recommender(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    id: &str,
    query: &str,
) -> Result<AskedAnswer, NodeError> {
    let node = pipeline
        .node(id)
        .filter(|n| n.kind.id == KindId::Recommend)
        .ok_or_else(|| {
            NodeError::new(Code::UnknownNode, format!("`{id}` is not a recommend node"))
        })?;
    let params = Params::of(node);
    let serving = super::stages::serving_settings(&params)?;
    let input = |port: &str| {
        node.inputs_of(port).first().and_then(|source| {
            plan.outcome(source.node.as_str())
                .and_then(|o| o.outputs())
                .and_then(|outputs| outputs.get(source.port.as_str()))
                .cloned()
        })
    };
    let model = match input("model") {
        Some(PortValue::Model(model)) => model,
        _ => return Err(input_error(id, "no trained model is wired into `model`")),
    };
    let trained = model.get();
    let mut popular = trained
        .as_ref()
        .map(|m| m.popular.clone())
        .unwrap_or_default();
    if let Some(PortValue::Table(table)) = input("popular") {
        let column = super::stages::popular_column(&params, &table.schema, id)?;
        popular = super::ranked_products(&table.frame, &column)
            .map_err(|e| NodeError::new(Code::EngineError, format!("the popular products: {e}")))?;
    }
    let query = query.trim();
    let known_customer = trained
        .as_ref()
        .ok()
        .and_then(|m| m.user_items.get(query).cloned());
    let (customer, mut recent) = match known_customer {
        Some(items) => (Some(query.to_string()), items),
        None => (
            None,
            query
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
        ),
    };
    // The newest product counts most: a customer's best rated goes last.
    recent.truncate(serving.recent_kept.max(1));
    recent.reverse();
    let answer = recommend(
        trained
            .as_ref()
            .map(|m| Some(m.as_ref()))
            .map_err(Clone::clone),
        &popular,
        &Request {
            recent: &recent,
            exclude: &HashSet::new(),
            k: serving.k,
            deadline: serving.deadline,
            added_delay: std::time::Duration::ZERO,
        },
    );
    Ok(AskedAnswer {
        recent,
        customer,
        items: answer.items,
        fallback: answer.fallback.map(|reason| reason.to_string()),
    })
}

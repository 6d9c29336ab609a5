//! Conditional router: each route's output keeps the rows its condition accepts; the default
//! output keeps the rows that no condition accepts (a null condition does not accept).

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::sql_condition;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;
use crate::model::kinds::DEFAULT_ROUTE;

pub fn build(node: &Node, inputs: &Inputs) -> Result<Vec<(String, LazyFrame)>, NodeError> {
    let input = inputs.single("in")?;
    let routes = Params::of(node).records("routes")?;
    if routes.is_empty() {
        return Err(NodeError::param(
            "routes",
            "add at least one route: a name and a condition",
        ));
    }
    let mut outputs = Vec::with_capacity(routes.len() + 1);
    let mut accepted: Option<Expr> = None;
    for route in routes {
        let name = route.text("name")?;
        if name == DEFAULT_ROUTE {
            return Err(NodeError::param(
                "routes",
                format!(
                    "`{DEFAULT_ROUTE}` is the output for rows no route takes; name the route otherwise"
                ),
            ));
        }
        if outputs.iter().any(|(taken, _)| *taken == name) {
            return Err(NodeError::param(
                "routes",
                format!(
                    "two routes are named `{name}`; each route is an output and needs its own name"
                ),
            ));
        }
        let text = route.text("condition")?;
        let condition = sql_condition(
            &text,
            &input.frame,
            &input.schema,
            inputs.name("in"),
            "routes",
        )?;
        // A null condition does not take the row, as in a SQL WHERE clause.
        let takes = condition.fill_null(lit(false));
        accepted = Some(match accepted {
            Some(any) => any.or(takes.clone()),
            None => takes.clone(),
        });
        outputs.push((name, input.frame.clone().filter(takes)));
    }
    let rest = match accepted {
        Some(any) => input.frame.clone().filter(any.not()),
        None => input.frame.clone(),
    };
    outputs.push((DEFAULT_ROUTE.to_string(), rest));
    Ok(outputs)
}

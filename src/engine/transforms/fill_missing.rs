//! Fill missing values: a constant, the previous value, or the column mean.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require_all;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::engine::types::type_name;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let params = Params::of(node);
    let columns = params.texts("columns")?;
    require_all(&input.schema, &columns, inputs.name("in"), "columns")?;
    let strategy = params.text("strategy")?;
    let mut fills = Vec::new();
    for column in &columns {
        let dtype = input.schema.get(column).cloned().unwrap_or(DataType::Null);
        let source = col(column.as_str());
        let filled = match strategy.as_str() {
            "forward" => source.fill_null_with_strategy(FillNullStrategy::Forward(None)),
            "mean" => {
                if !dtype.is_primitive_numeric() {
                    return Err(NodeError::param(
                        "strategy",
                        format!(
                            "column `{column}` is {}, and only numbers have a mean; use constant or forward",
                            type_name(&dtype)
                        ),
                    ));
                }
                source.clone().fill_null(source.mean()).cast(dtype.clone())
            }
            _ => {
                let value = params.optional_text("value")?.ok_or_else(|| {
                    NodeError::param("value", "strategy constant needs a `value` to fill with")
                })?;
                source.fill_null(constant(&value, &dtype, column)?)
            }
        };
        fills.push(filled);
    }
    Ok(input.frame.clone().with_columns(fills))
}

/// The constant as a literal of the column's type, or an error naming both when it does not fit.
fn constant(value: &str, dtype: &DataType, column: &str) -> Result<Expr, NodeError> {
    let misfit = || {
        NodeError::param(
            "value",
            format!(
                "`{value}` does not fit column `{column}`, which is {}",
                type_name(dtype)
            ),
        )
    };
    Ok(match dtype {
        DataType::String => lit(value),
        DataType::Boolean => lit(value.parse::<bool>().map_err(|_| misfit())?),
        dtype if dtype.is_integer() => {
            lit(value.trim().parse::<i64>().map_err(|_| misfit())?).cast(dtype.clone())
        }
        dtype if dtype.is_float() => {
            lit(value.trim().parse::<f64>().map_err(|_| misfit())?).cast(dtype.clone())
        }
        other => lit(value).strict_cast(other.clone()),
    })
}

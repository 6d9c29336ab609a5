//! Join: matches rows of two inputs on key pairs.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::engine::types::type_name;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let left = inputs.single("left")?;
    let right = inputs.single("right")?;
    let params = Params::of(node);
    let how = match params.text("join_type")?.as_str() {
        "left" => JoinType::Left,
        "right" => JoinType::Right,
        "full" => JoinType::Full,
        "semi" => JoinType::Semi,
        "anti" => JoinType::Anti,
        _ => JoinType::Inner,
    };
    let keys = params.records("keys")?;
    if keys.is_empty() {
        return Err(NodeError::param(
            "keys",
            "a join needs at least one key pair",
        ));
    }
    let mut left_on = Vec::new();
    let mut right_on = Vec::new();
    for key in keys {
        let left_key = key.text("left")?;
        let right_key = key.text("right")?;
        require(&left.schema, &left_key, inputs.name("left"), "keys")?;
        require(&right.schema, &right_key, inputs.name("right"), "keys")?;
        let (left_type, right_type) = (&left.schema.get(&left_key), &right.schema.get(&right_key));
        let (mut left_expr, mut right_expr) = (col(left_key.as_str()), col(right_key.as_str()));
        if let (Some(left_type), Some(right_type)) = (left_type, right_type)
            && left_type != right_type
        {
            if left_type.is_primitive_numeric() && right_type.is_primitive_numeric() {
                // Spark widens numeric keys to a common type; do the same.
                let common = if left_type.is_float() || right_type.is_float() {
                    DataType::Float64
                } else {
                    DataType::Int64
                };
                left_expr = left_expr.cast(common.clone());
                right_expr = right_expr.cast(common);
            } else {
                return Err(NodeError::param(
                    "keys",
                    format!(
                        "key `{left_key}` is {} on the left but `{right_key}` is {} on the right; add a Cast node so both sides have the same type",
                        type_name(left_type),
                        type_name(right_type)
                    ),
                ));
            }
        }
        left_on.push(left_expr);
        right_on.push(right_expr);
    }
    let suffix = params.text("suffix")?;
    let coalesce = if how == JoinType::Full {
        JoinCoalesce::CoalesceColumns
    } else {
        JoinCoalesce::JoinSpecific
    };
    let args = JoinArgs::new(how)
        .with_suffix(Some(suffix.as_str().into()))
        .with_coalesce(coalesce);
    Ok(left
        .frame
        .clone()
        .join(right.frame.clone(), left_on, right_on, args))
}

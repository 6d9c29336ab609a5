//! Checking that the columns a node names exist in its input, with a "did you mean" for typos.

use polars::prelude::{DataType, Expr, LazyFrame, Schema, col};

use super::error::NodeError;
use crate::model::Code;
use crate::model::suggest::did_you_mean;

/// Which input a column is looked up in, for the message: "the input of `x`", "the left input of `x`".
#[derive(Debug, Clone, Copy)]
pub struct InputName<'a> {
    pub node: &'a str,
    /// `None` for a node's only input; `Some("left")` for one of several.
    pub port: Option<&'a str>,
}

impl std::fmt::Display for InputName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.port {
            Some(port) => write!(f, "the {port} input of `{}`", self.node),
            None => write!(f, "the input of `{}`", self.node),
        }
    }
}

/// An error unless `column` is in `schema`.
pub fn require(
    schema: &Schema,
    column: &str,
    input: InputName,
    param: &'static str,
) -> Result<(), NodeError> {
    if schema.contains(column) {
        return Ok(());
    }
    Err(NodeError {
        code: Code::ColumnNotFound,
        param: Some(param),
        message: missing_column(column, schema, input),
    })
}

/// "column `x` not found in the input of `n`", with a "did you mean" or the columns there are.
pub fn missing_column(column: &str, schema: &Schema, input: impl std::fmt::Display) -> String {
    let hint = did_you_mean(column, schema.iter_names().map(|n| n.as_str()));
    let hint = if hint.is_empty() {
        let names: Vec<&str> = schema.iter_names().take(12).map(|n| n.as_str()).collect();
        let more = if schema.len() > 12 { ", …" } else { "" };
        format!(" (its columns: {}{more})", names.join(", "))
    } else {
        hint
    };
    format!("column `{column}` not found in {input}{hint}")
}

/// An error unless every column in `columns` is in `schema`.
pub fn require_all(
    schema: &Schema,
    columns: &[String],
    input: InputName,
    param: &'static str,
) -> Result<(), NodeError> {
    columns
        .iter()
        .try_for_each(|column| require(schema, column, input, param))
}

/// Parses a SQL expression and checks the columns it reads.
pub fn sql_expression(
    text: &str,
    schema: &Schema,
    input: InputName,
    param: &'static str,
) -> Result<Expr, NodeError> {
    let expr = polars::sql::sql_expr(text).map_err(|e| {
        let message = super::error::polars_message(&e);
        NodeError {
            code: Code::BadSql,
            param: Some(param),
            message: format!(
                "the SQL expression `{text}` does not parse: {message}{}",
                struct_field_hint(&message)
            ),
        }
    })?;
    for name in expr.clone().meta().root_names() {
        require(schema, name.as_str(), input, param)?;
    }
    Ok(expr)
}

/// What to do when SQL meets `parent.child`: Polars' SQL cannot reach into struct columns.
pub fn struct_field_hint(message: &str) -> &'static str {
    if message.contains("dot-notation") {
        "; SQL cannot reach fields inside a struct column (such as user.name): add a Flatten node \
         before this one, then write \"user.name\" (in double quotes), or flatten with \
         separator `_` and write user_name"
    } else {
        ""
    }
}

/// Parses a SQL condition over `frame`'s columns and checks that it gives true or false.
pub fn sql_condition(
    text: &str,
    frame: &LazyFrame,
    schema: &Schema,
    input: InputName,
    param: &'static str,
) -> Result<Expr, NodeError> {
    let expr = sql_expression(text, schema, input, param)?;
    const PROBE: &str = "__sluice_condition";
    let result_type = frame
        .clone()
        .select([expr.clone().alias(PROBE)])
        .collect_schema()
        .map_err(|e| NodeError::polars("the condition cannot be evaluated", &e).with_param(param))?
        .get(PROBE)
        .cloned();
    match result_type {
        Some(DataType::Boolean) | None => Ok(expr),
        Some(other) => Err(NodeError::param(
            param,
            format!(
                "the condition `{text}` gives {} values, not true/false; compare it with something (for example `{text} > 0`)",
                super::types::type_name(&other)
            ),
        )),
    }
}

/// Every column of `schema` as an expression, in order.
pub fn all_columns(schema: &Schema) -> Vec<Expr> {
    schema.iter_names().map(|name| col(name.clone())).collect()
}

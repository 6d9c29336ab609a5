//! ColumnDataType: checks that a column's values are of a type (`INTEGER`, `LONG`, `DOUBLE`,
//! `FLOAT`, `BOOLEAN`, `DATE`, `TIMESTAMP`, `STRING`). A typed column passes or fails as a
//! whole; a text column passes when its values read as the type (all, or the threshold's share).
//! Why it matters: numbers kept as text sort and sum wrongly downstream.
//! Example: `ColumnDataType "price" = "DOUBLE" with threshold > 0.95`.
//! How to fix it: add a Cast node, or clean the values that do not read (see failing rows).

use polars::prelude::*;

use super::{Context, Measure, Rule, Unit, Value, share_passing, threshold};
use crate::engine::quality::measure::Judge;
use crate::model::dqdl::{Comparison, Condition, StringValue};

/// DQDL's type names and the Polars type a text value must cast to.
fn target(name: &str) -> Option<DataType> {
    Some(match name.to_ascii_uppercase().as_str() {
        "INTEGER" | "INT" => DataType::Int32,
        "LONG" | "BIGINT" => DataType::Int64,
        "DOUBLE" | "FLOAT" | "DECIMAL" => DataType::Float64,
        "BOOLEAN" => DataType::Boolean,
        "DATE" => DataType::Date,
        "TIMESTAMP" => DataType::Datetime(TimeUnit::Microseconds, None),
        "STRING" => DataType::String,
        _ => return None,
    })
}

/// Whether a typed column's type is the named one.
fn is_type(data_type: &DataType, name: &str) -> bool {
    match name.to_ascii_uppercase().as_str() {
        "INTEGER" | "INT" => matches!(
            data_type,
            DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::UInt8 | DataType::UInt16
        ),
        "LONG" | "BIGINT" => data_type.is_integer(),
        "DOUBLE" | "FLOAT" | "DECIMAL" => data_type.is_float() || data_type.is_decimal(),
        "BOOLEAN" => data_type == &DataType::Boolean,
        "DATE" => data_type == &DataType::Date,
        "TIMESTAMP" => matches!(data_type, DataType::Datetime(_, _)),
        "STRING" => data_type == &DataType::String,
        _ => false,
    }
}

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let name = super::column_name(rule, 0);
    let column = ctx.column(name)?;
    let data_type = ctx.schema.get(name).cloned().unwrap_or(DataType::Null);
    let (names, negated) = match &rule.condition {
        Some(Condition::String(Comparison::Equal { value, negated })) => (vec![value], *negated),
        Some(Condition::String(Comparison::In { values, negated })) => {
            (values.iter().collect(), *negated)
        }
        _ => return Err("ColumnDataType takes `= \"TYPE\"` or `in [\"TYPE\", …]`".into()),
    };
    let names: Vec<String> = names
        .into_iter()
        .map(|v| match v {
            StringValue::Quoted(text) => Ok(text.clone()),
            _ => Err("a type name in quotes, such as \"INTEGER\"".to_string()),
        })
        .collect::<Result<_, _>>()?;
    for type_name in &names {
        if target(type_name).is_none() {
            return Err(format!(
                "`{type_name}` is not a type ColumnDataType checks: INTEGER, LONG, DOUBLE, FLOAT, BOOLEAN, DATE, TIMESTAMP, STRING"
            ));
        }
    }
    let judge = match threshold(rule, ctx) {
        Ok(threshold) => Judge::Share(threshold),
        Err(skip) => Judge::Skipped(skip),
    };
    if data_type != DataType::String {
        let matches = names.iter().any(|n| is_type(&data_type, n)) != negated;
        return Ok(Measure {
            value: Value::Known(f64::from(u8::from(matches))),
            judge,
            failing_rows: None,
            noun: "share of values of the type",
            unit: Unit::Share,
        });
    }
    // Text: a value passes when it reads as one of the types (empty values do not count).
    let reads = names
        .iter()
        .filter_map(|n| target(n))
        .map(|t| match t {
            DataType::Boolean => column
                .clone()
                .str()
                .to_lowercase()
                .str()
                .strip_chars(lit(NULL))
                .is_in(
                    lit(Series::new("b".into(), ["true", "false"])).implode(false),
                    false,
                ),
            DataType::String => lit(true),
            other => column.clone().cast(other).is_not_null(),
        })
        .reduce(Expr::or)
        .unwrap_or(lit(false));
    let reads = if negated { reads.not() } else { reads };
    let passing = column.clone().is_null().or(reads);
    let (share, failing) = share_passing(ctx, passing);
    Ok(Measure {
        value: Value::Pass(share),
        judge,
        failing_rows: Some(failing),
        noun: "share of values of the type",
        unit: Unit::Share,
    })
}

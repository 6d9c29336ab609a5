//! ColumnValues: checks every value of a column against a condition: a range of numbers
//! (`between` is exclusive, as in AWS Glue: `between 0 and 6` allows 1 to 5), a set
//! (`in [...]`), a pattern (`matches`, the whole value), a date (`> (now() - 7 days)`); with
//! `with threshold > 0.9`, that share of rows must pass instead of all. A missing value fails.
//! Why it matters: an out-of-range rating or an unknown status code skews everything built on it.
//! Example: `ColumnValues "rating" in [1, 2, 3, 4, 5]`.
//! How to fix it: the failing rows show the values out of bounds; correct them upstream, filter
//! them out before this node, or widen the condition if they are valid.

use polars::prelude::*;

use super::{Context, Judge, Measure, Rule, Unit, Value, column_name, share_passing, threshold};
use crate::engine::quality::measure::{as_micros, date_micros, number_test, string_test};
use crate::model::dqdl::Condition;

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let name = column_name(rule, 0);
    let column = ctx.column(name)?;
    let data_type = ctx.schema.get(name).cloned().unwrap_or(DataType::Null);
    let judge_with = |threshold: Result<_, _>| match threshold {
        Ok(threshold) => Judge::Share(threshold),
        Err(skip) => Judge::Skipped(skip),
    };
    let mut judge = judge_with(threshold(rule, ctx));
    let passing = match &rule.condition {
        Some(Condition::Number(comparison)) => {
            if !data_type.is_primitive_numeric() {
                return Err(format!(
                    "`{name}` holds {} values; a number condition needs numbers (add a Cast node before this one)",
                    crate::engine::types::type_name(&data_type)
                ));
            }
            match ctx.numbers(comparison) {
                Ok(numbers) => number_test(column.cast(DataType::Float64), &numbers),
                Err(skip) => {
                    judge = Judge::Skipped(skip);
                    lit(true)
                }
            }
        }
        Some(condition @ (Condition::String(_) | Condition::Matches { .. })) => {
            let text = column.cast(DataType::String);
            string_test(text, condition).unwrap_or(lit(false))
        }
        Some(Condition::Date(comparison)) => {
            let mut bad = None;
            let micros = comparison.clone().map(|d| {
                date_micros(&d, ctx.now_micros).unwrap_or_else(|| {
                    bad = Some(());
                    0
                }) as f64
            });
            if bad.is_some() {
                return Err("a date is written \"YYYY-MM-DD\", now() or (now() - 3 days)".into());
            }
            number_test(
                as_micros(column, &data_type).cast(DataType::Float64),
                &micros,
            )
        }
        _ => return Err("ColumnValues needs a condition".into()),
    };
    let (share, failing) = share_passing(ctx, passing);
    Ok(Measure {
        value: Value::Pass(share),
        judge,
        failing_rows: Some(failing),
        noun: "share of values passing",
        unit: Unit::Share,
    })
}

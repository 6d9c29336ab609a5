//! ColumnLength: checks the length, in characters, of every value of a column; with
//! `with threshold`, that share of rows must pass instead of all. A missing value fails.
//! Why it matters: codes and identifiers have fixed widths; a cut or padded value will not join.
//! Example: `ColumnLength "country" = 2`, `ColumnLength "name" between 0 and 101`.
//! How to fix it: the failing rows show the values of the wrong length; trim or correct them
//! upstream (Derived Column), or fix the source's format.

use polars::prelude::*;

use super::{Context, Judge, Measure, Rule, Unit, Value, column_name, share_passing, threshold};
use crate::engine::quality::measure::number_test;
use crate::model::dqdl::Condition;

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let column = ctx.column(column_name(rule, 0))?;
    let Some(Condition::Number(comparison)) = &rule.condition else {
        return Err("ColumnLength compares a number of characters".into());
    };
    let length = column
        .cast(DataType::String)
        .str()
        .len_chars()
        .cast(DataType::Float64);
    let (passing, judge) = match (ctx.numbers(comparison), threshold(rule, ctx)) {
        (Ok(numbers), Ok(threshold)) => (number_test(length, &numbers), Judge::Share(threshold)),
        (Err(skip), _) | (_, Err(skip)) => (lit(true), Judge::Skipped(skip)),
    };
    let (share, failing) = share_passing(ctx, passing);
    Ok(Measure {
        value: Value::Pass(share),
        judge,
        failing_rows: Some(failing),
        noun: "share of values of the length",
        unit: Unit::Share,
    })
}

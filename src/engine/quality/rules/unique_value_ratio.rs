//! UniqueValueRatio: checks the share of a column's distinct values that occur only once.
//! Why it matters: it tells identifiers (near 1) from categories (near 0) without knowing the
//! data, and a change in it flags a changed feed.
//! Example: `UniqueValueRatio "productCode" > 0.9`.
//! How to fix it: look for values that started repeating, or a column that changed meaning.

use polars::prelude::*;

use super::{Context, Measure, Rule, Unit, Value, column_name, number_judge};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let column = ctx.column(column_name(rule, 0))?;
    let present = column.clone().is_not_null();
    let once = ctx
        .scoped(
            super::occurrences(ctx, vec![column.clone()])
                .eq(lit(1))
                .and(present),
        )
        .cast(DataType::Float64)
        .sum();
    let distinct = ctx
        .scoped(column)
        .drop_nulls()
        .n_unique()
        .cast(DataType::Float64);
    let ratio = when(distinct.clone().eq(lit(0.0)))
        .then(lit(1.0))
        .otherwise(once / distinct);
    Ok(Measure {
        value: Value::Pass(ratio),
        judge: number_judge(rule, ctx),
        failing_rows: None,
        noun: "unique value ratio",
        unit: Unit::Share,
    })
}

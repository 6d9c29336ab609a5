//! DistinctValuesCount: checks how many different values a column has (missing values not
//! counted).
//! Why it matters: a category column with too many values was mis-parsed; with too few, a
//! feed stopped sending some of them.
//! Example: `DistinctValuesCount "status" between 2 and 10`.
//! How to fix it: preview the column's values; look for spelling variants to normalise, or for
//! the source that lost some categories.

use polars::prelude::*;

use super::{Context, Measure, Rule, Unit, Value, column_name, number_judge};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let column = ctx.column(column_name(rule, 0))?;
    Ok(Measure {
        value: Value::Pass(
            ctx.scoped(column)
                .drop_nulls()
                .n_unique()
                .cast(DataType::Float64),
        ),
        judge: number_judge(rule, ctx),
        failing_rows: None,
        noun: "distinct values",
        unit: Unit::Number,
    })
}

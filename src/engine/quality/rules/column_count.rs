//! ColumnCount: checks how many columns the data has.
//! Why it matters: a column added or lost upstream changes what every later step reads.
//! Example: `ColumnCount = 8`.
//! How to fix it: compare the input's schema with the one expected; a source's new file or a
//! Select Fields node upstream is the usual cause.

use super::{Context, Measure, Rule, Unit, Value, number_judge};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    Ok(Measure {
        value: Value::Known(ctx.schema.len() as f64),
        judge: number_judge(rule, ctx),
        failing_rows: None,
        noun: "columns",
        unit: Unit::Number,
    })
}

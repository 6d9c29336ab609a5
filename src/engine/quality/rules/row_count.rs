//! RowCount: checks how many rows the data has.
//! Why it matters: an empty or half-loaded input is the commonest silent failure of a batch job.
//! Example: `RowCount > 1000`, or dynamically `RowCount > avg(last(3)) * 0.8`.
//! How to fix it: look upstream for a filter or join that drops rows, or a source that read
//! fewer files than expected.

use super::{Context, Measure, Rule, Unit, Value, number_judge};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    Ok(Measure {
        value: Value::Pass(ctx.rows_in_scope()),
        judge: number_judge(rule, ctx),
        failing_rows: None,
        noun: "rows",
        unit: Unit::Number,
    })
}

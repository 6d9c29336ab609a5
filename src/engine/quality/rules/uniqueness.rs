//! Uniqueness: checks the share of rows whose value of a column occurs only once.
//! Why it matters: some repetition may be expected, but too much means duplicated loads.
//! Example: `Uniqueness "email" > 0.99`.
//! How to fix it: see the failing rows for the repeated values; deduplicate upstream, or relax
//! the bound when repeats are legitimate.

use super::{Context, Measure, Rule, Unit, Value, column_name, number_judge, uniqueness};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let column = ctx.column(column_name(rule, 0))?;
    let (share, failing) = uniqueness(ctx, column);
    Ok(Measure {
        value: Value::Pass(share),
        judge: number_judge(rule, ctx),
        failing_rows: Some(failing),
        noun: "uniqueness",
        unit: Unit::Share,
    })
}

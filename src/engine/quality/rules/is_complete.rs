//! IsComplete: checks that a column has no missing (null) values.
//! Why it matters: a missing key or amount breaks joins and totals without an error.
//! Example: `IsComplete "customerNumber"`.
//! How to fix it: fill the gaps (Fill Missing), drop the incomplete rows (Drop Null Rows), or
//! find the source that leaves the column empty; the failing rows show where.

use super::{Context, Judge, Measure, Rule, Unit, Value, column_name, share_passing};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let column = ctx.column(column_name(rule, 0))?;
    let (share, failing) = share_passing(ctx, column.is_not_null());
    Ok(Measure {
        value: Value::Pass(share),
        judge: Judge::Share(None),
        failing_rows: Some(failing),
        noun: "completeness",
        unit: Unit::Share,
    })
}

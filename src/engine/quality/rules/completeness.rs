//! Completeness: checks the share of a column's values that are present (not null).
//! Why it matters: an optional field may be partly empty, but not more than the data allows.
//! Example: `Completeness "email" > 0.95`.
//! How to fix it: see the failing rows for where values are missing; fill or drop them
//! upstream, or relax the bound when the gaps are expected.

use super::{Context, Measure, Rule, Unit, Value, column_name, number_judge, share_passing};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let column = ctx.column(column_name(rule, 0))?;
    let (share, failing) = share_passing(ctx, column.is_not_null());
    Ok(Measure {
        value: Value::Pass(share),
        judge: number_judge(rule, ctx),
        failing_rows: Some(failing),
        noun: "completeness",
        unit: Unit::Share,
    })
}

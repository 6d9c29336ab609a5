//! IsUnique: checks that no value of a column occurs twice.
//! Why it matters: a duplicated key double-counts in every aggregate and join downstream.
//! Example: `IsUnique "orderNumber"`.
//! How to fix it: remove the duplicates (Drop Duplicates on the key), or find the join that
//! multiplied rows; the failing rows show the repeated values.

use super::{Context, Judge, Measure, Rule, Unit, Value, column_name, uniqueness};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let column = ctx.column(column_name(rule, 0))?;
    let (share, failing) = uniqueness(ctx, column);
    Ok(Measure {
        value: Value::Pass(share),
        judge: Judge::Share(None),
        failing_rows: Some(failing),
        noun: "uniqueness",
        unit: Unit::Share,
    })
}

//! IsPrimaryKey: checks that a column, or several together, identify each row: every row has
//! them and no two rows share them.
//! Why it matters: the key is what other tables join on and what updates are matched by.
//! Example: `IsPrimaryKey "customerNumber" "productCode"`.
//! How to fix it: the failing rows show keys that are missing or repeated; deduplicate or
//! complete them upstream, or add the column that makes the key whole.

use polars::prelude::*;

use super::{Context, Judge, Measure, Rule, Unit, Value, share_passing};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let columns: Vec<Expr> = rule
        .parameters
        .iter()
        .map(|p| ctx.column(&p.value))
        .collect::<Result<_, _>>()?;
    let complete = columns
        .iter()
        .map(|c| c.clone().is_not_null())
        .reduce(Expr::and)
        .unwrap_or(lit(true));
    // Repeats are counted among the rows in scope.
    let repeated = super::occurrences(ctx, columns).gt(lit(1));
    let (share, failing) = share_passing(ctx, complete.and(repeated.not()));
    Ok(Measure {
        value: Value::Pass(share),
        judge: Judge::Share(None),
        failing_rows: Some(failing),
        noun: "share of rows with a whole, unique key",
        unit: Unit::Share,
    })
}

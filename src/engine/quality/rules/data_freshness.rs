//! DataFreshness: checks how old the values of a date or timestamp column are, against the
//! time of the check: every row's age must meet the condition.
//! Why it matters: stakeholders are promised data no older than an agreed age.
//! Example: `DataFreshness "updated_at" <= 24 hours`.
//! How to fix it: the failing rows are the stale ones; look for a source that stopped being
//! refreshed, or a schedule that runs less often than the promise needs.

use polars::prelude::*;

use super::{Context, Judge, Measure, Rule, Unit, Value, column_name, share_passing};
use crate::engine::quality::measure::{as_micros, number_test};
use crate::model::dqdl::Condition;

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let name = column_name(rule, 0);
    let column = ctx.column(name)?;
    let data_type = ctx.schema.get(name).cloned().unwrap_or(DataType::Null);
    if !matches!(
        data_type,
        DataType::Date | DataType::Datetime(_, _) | DataType::String
    ) {
        return Err(format!(
            "`{name}` holds {} values; DataFreshness reads a date or a timestamp",
            crate::engine::types::type_name(&data_type)
        ));
    }
    let Some(Condition::Duration(comparison)) = &rule.condition else {
        return Err("DataFreshness compares an age: `<= 24 hours`".into());
    };
    let seconds = comparison.clone().map(|d| d.seconds);
    let age_seconds = (lit(ctx.now_micros) - as_micros(column, &data_type)).cast(DataType::Float64)
        / lit(1_000_000.0);
    let (share, failing) = share_passing(ctx, number_test(age_seconds, &seconds));
    Ok(Measure {
        value: Value::Pass(share),
        judge: Judge::Share(None),
        failing_rows: Some(failing),
        noun: "share of rows fresh enough",
        unit: Unit::Share,
    })
}

//! ColumnExists: checks that a column is there.
//! Why it matters: a later step, a dashboard or a consumer reads it by name.
//! Example: `ColumnExists "customerNumber"`.
//! How to fix it: rename the column back upstream (Rename Field), or find the source that
//! stopped delivering it.

use super::{Context, Judge, Measure, Rule, Unit, Value, column_name};
use crate::model::dqdl::Comparison;

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let name = column_name(rule, 0);
    Ok(Measure {
        value: Value::Known(f64::from(u8::from(ctx.schema.contains(name)))),
        judge: Judge::Compare(Comparison::Equal {
            value: 1.0,
            negated: false,
        }),
        failing_rows: None,
        noun: "column present",
        unit: Unit::YesNo,
    })
}

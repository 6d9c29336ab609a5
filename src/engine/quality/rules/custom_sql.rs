//! CustomSql: checks the single value an SQL query over the input returns (the input is the
//! table `primary`, and `reference` when that input is wired) against the condition; with no
//! condition, the value must be true.
//! Why it matters: business rules span columns ("shipped orders have a ship date") where no
//! built-in rule reaches.
//! Example: `CustomSql "select count(*) from primary where status = 'Shipped' and shipped_at is null" = 0`.
//! How to fix it: run the query in an SQL node to see the rows behind the value.

use polars::prelude::*;
use polars::sql::SQLContext;

use super::{Context, Judge, Measure, Rule, Unit, Value, number_judge};
use crate::model::dqdl::Comparison;

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let query = &rule.parameters[0].value;
    let mut context = SQLContext::new();
    context.register("primary", ctx.input.clone());
    if let Some((reference, _)) = ctx.reference {
        context.register("reference", reference.clone());
    }
    let result = context
        .execute(query)
        .and_then(LazyFrame::collect)
        .map_err(|e| {
            format!(
                "the query does not run: {}",
                crate::engine::error::polars_message(&e)
            )
        })?;
    let value = result
        .columns()
        .first()
        .filter(|_| result.height() >= 1)
        .ok_or("the query returns no value; it must return one row with one column")?
        .get(0)
        .map_err(|e| e.to_string())?;
    let number = match value {
        AnyValue::Boolean(b) => f64::from(u8::from(b)),
        AnyValue::Null => return Err("the query returns null".into()),
        other => other
            .extract::<f64>()
            .ok_or_else(|| format!("the query returns `{other}`, not a number or true/false"))?,
    };
    let judge = if rule.condition.is_some() {
        number_judge(rule, ctx)
    } else {
        Judge::Compare(Comparison::Equal {
            value: 1.0,
            negated: false,
        })
    };
    Ok(Measure {
        value: Value::Known(number),
        judge,
        failing_rows: None,
        noun: "query value",
        unit: Unit::Number,
    })
}

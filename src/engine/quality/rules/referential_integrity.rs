//! ReferentialIntegrity: checks that the values of columns of the input are found in columns
//! of the reference input (wired into the node's `reference` port): the share found is compared
//! with the condition. Rows with a missing key are not counted.
//! Why it matters: an order whose customer is unknown drops out of every join with customers.
//! Example: `ReferentialIntegrity "customerNumber" "customers.{customerNumber}" = 1.0`.
//! How to fix it: the failing rows show the keys not found; load the missing reference rows
//! first, or correct the keys upstream.

use polars::prelude::*;

use super::{Context, Measure, Rule, Unit, Value, number_judge};
use crate::engine::columns::missing_column;

/// `"a,b"` and `"alias.{x,y}"` (or `"alias.x"`) as column lists.
fn columns(rule: &Rule) -> Result<(Vec<String>, Vec<String>), String> {
    let split = |text: &str| -> Vec<String> {
        text.split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let primary = split(&rule.parameters[0].value);
    let reference_text = &rule.parameters[1].value;
    let reference = match reference_text.split_once('.') {
        Some((_, rest)) => {
            let rest = rest.trim();
            split(
                rest.strip_prefix('{')
                    .and_then(|r| r.strip_suffix('}'))
                    .unwrap_or(rest),
            )
        }
        None => split(reference_text),
    };
    if primary.is_empty() || primary.len() != reference.len() {
        return Err(format!(
            "ReferentialIntegrity pairs {} column(s) of the input with {} of the reference; write them as \"a,b\" \"reference.{{x,y}}\"",
            primary.len(),
            reference.len()
        ));
    }
    Ok((primary, reference))
}

/// The key of each row as one text, so that keys of several columns compare as one value.
fn key(columns: &[String]) -> Expr {
    concat_str(
        columns
            .iter()
            .map(|c| col(c.as_str()).cast(DataType::String))
            .collect::<Vec<_>>(),
        "\u{1}",
        false,
    )
}

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    let (primary, reference_columns) = columns(rule)?;
    let Some((reference, reference_schema)) = ctx.reference else {
        return Err("ReferentialIntegrity needs the reference table: wire it into this node's `reference` input".into());
    };
    for name in &primary {
        let _known = ctx.column(name)?;
    }
    for name in &reference_columns {
        if !reference_schema.contains(name) {
            return Err(missing_column(
                name,
                reference_schema,
                "the reference input",
            ));
        }
    }
    let known = reference
        .clone()
        .select([key(&reference_columns).alias("key")])
        .drop_nulls(None)
        .unique(None, UniqueKeepStrategy::Any)
        .collect()
        .map_err(|e| format!("the reference cannot be read: {e}"))?;
    let known = known
        .column("key")
        .map_err(|e| e.to_string())?
        .as_materialized_series()
        .clone();
    let row_key = key(&primary);
    let has_key = row_key.clone().is_not_null();
    let found = row_key.is_in(lit(known).implode(false), false);
    let counted = ctx.scoped(has_key.clone()).cast(DataType::Float64).sum();
    let share = when(counted.clone().eq(lit(0.0))).then(lit(1.0)).otherwise(
        ctx.scoped(has_key.clone().and(found.clone()))
            .cast(DataType::Float64)
            .sum()
            / counted,
    );
    Ok(Measure {
        value: Value::Pass(share),
        judge: number_judge(rule, ctx),
        failing_rows: Some(has_key.and(found.not())),
        noun: "share of keys found in the reference",
        unit: Unit::Share,
    })
}

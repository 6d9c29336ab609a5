//! The rules, one per file. Each file opens with the same doc comment (what the rule checks,
//! why it matters, an example, how to fix it), which is also the rule's help in the window.

mod column_count;
mod column_data_type;
mod column_exists;
mod column_length;
mod column_values;
mod completeness;
mod custom_sql;
mod data_freshness;
mod distinct_values_count;
mod is_complete;
mod is_primary_key;
mod is_unique;
mod mean;
mod referential_integrity;
mod row_count;
mod standard_deviation;
mod sum;
mod unique_value_ratio;
mod uniqueness;
mod variance;

use polars::prelude::*;

pub(super) use super::measure::{Context, Judge, Measure, Unit, Value, share_passing, threshold};
pub(super) use crate::model::dqdl::Rule;
use crate::model::dqdl::{Condition, RuleType};
use crate::model::help::HelpCard;

/// What `rule` asks of the data.
pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    use RuleType as R;
    match rule.rule_type {
        R::RowCount => row_count::measure(rule, ctx),
        R::ColumnCount => column_count::measure(rule, ctx),
        R::ColumnExists => column_exists::measure(rule, ctx),
        R::ColumnDataType => column_data_type::measure(rule, ctx),
        R::IsComplete => is_complete::measure(rule, ctx),
        R::Completeness => completeness::measure(rule, ctx),
        R::IsUnique => is_unique::measure(rule, ctx),
        R::Uniqueness => uniqueness::measure(rule, ctx),
        R::UniqueValueRatio => unique_value_ratio::measure(rule, ctx),
        R::IsPrimaryKey => is_primary_key::measure(rule, ctx),
        R::ColumnValues => column_values::measure(rule, ctx),
        R::ColumnLength => column_length::measure(rule, ctx),
        R::DistinctValuesCount => distinct_values_count::measure(rule, ctx),
        R::Mean => mean::measure(rule, ctx),
        R::Sum => sum::measure(rule, ctx),
        R::StandardDeviation => standard_deviation::measure(rule, ctx),
        R::Variance => variance::measure(rule, ctx),
        R::DataFreshness => data_freshness::measure(rule, ctx),
        R::ReferentialIntegrity => referential_integrity::measure(rule, ctx),
        R::CustomSql => custom_sql::measure(rule, ctx),
    }
}

/// The source of each rule's file, for its help.
fn source(rule_type: RuleType) -> &'static str {
    use RuleType as R;
    match rule_type {
        R::RowCount => include_str!("row_count.rs"),
        R::ColumnCount => include_str!("column_count.rs"),
        R::ColumnExists => include_str!("column_exists.rs"),
        R::ColumnDataType => include_str!("column_data_type.rs"),
        R::IsComplete => include_str!("is_complete.rs"),
        R::Completeness => include_str!("completeness.rs"),
        R::IsUnique => include_str!("is_unique.rs"),
        R::Uniqueness => include_str!("uniqueness.rs"),
        R::UniqueValueRatio => include_str!("unique_value_ratio.rs"),
        R::IsPrimaryKey => include_str!("is_primary_key.rs"),
        R::ColumnValues => include_str!("column_values.rs"),
        R::ColumnLength => include_str!("column_length.rs"),
        R::DistinctValuesCount => include_str!("distinct_values_count.rs"),
        R::Mean => include_str!("mean.rs"),
        R::Sum => include_str!("sum.rs"),
        R::StandardDeviation => include_str!("standard_deviation.rs"),
        R::Variance => include_str!("variance.rs"),
        R::DataFreshness => include_str!("data_freshness.rs"),
        R::ReferentialIntegrity => include_str!("referential_integrity.rs"),
        R::CustomSql => include_str!("custom_sql.rs"),
    }
}

/// A rule's help: its file's opening doc comment, as text.
pub fn help(rule_type: RuleType) -> String {
    source(rule_type)
        .lines()
        .take_while(|line| line.starts_with("//!"))
        .map(|line| line.trim_start_matches("//!").trim())
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" Why it matters:", "\nWhy it matters:")
        .replace(" Example:", "\nExample:")
        .replace(" How to fix it:", "\nHow to fix it:")
}

/// A rule's help card: what it checks, its example, AWS Glue Data Quality as the counterpart,
/// and when to choose it (why it matters, how to fix a failure).
pub fn card(rule_type: RuleType) -> crate::model::help::HelpCard {
    let text = help(rule_type);
    let part = |label: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(label))
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    let first = text.lines().next().unwrap_or_default();
    let what = first
        .split_once(": ")
        .map_or(first, |(_, rest)| rest)
        .trim()
        .to_string();
    HelpCard {
        title: format!("{} (data-quality rule)", rule_type.name()),
        key: format!("rule:{}", rule_type.name()),
        what,
        example: part("Example:"),
        aws: format!(
            "AWS Glue Data Quality's {} rule, written the same in DQDL",
            rule_type.name()
        ),
        choose: format!(
            "{} When it fails: {}",
            part("Why it matters:"),
            part("How to fix it:")
        ),
    }
}

/// The rule's `index`-th parameter (the parser checked the count).
fn column_name(rule: &Rule, index: usize) -> &str {
    rule.parameters.get(index).map_or("", |p| p.value.as_str())
}

/// A column that must hold numbers.
fn numeric_column(rule: &Rule, ctx: &Context<'_>) -> Result<Expr, String> {
    let name = column_name(rule, 0);
    let column = ctx.column(name)?;
    match ctx.schema.get(name) {
        Some(data_type) if data_type.is_primitive_numeric() => Ok(column),
        Some(data_type) => Err(format!(
            "`{name}` holds {} values; {} needs numbers (add a Cast node before this one)",
            crate::engine::types::type_name(data_type),
            rule.rule_type.name()
        )),
        None => Ok(column),
    }
}

/// A statistic of a numeric column's values in scope (`Mean`, `Sum`, …), compared with the
/// rule's number condition.
fn statistic(
    rule: &Rule,
    ctx: &Context<'_>,
    of: fn(Expr) -> Expr,
    noun: &'static str,
) -> Result<Measure, String> {
    let column = ctx.scoped(numeric_column(rule, ctx)?.cast(DataType::Float64));
    Ok(Measure {
        value: Value::Pass(of(column)),
        judge: number_judge(rule, ctx),
        failing_rows: None,
        noun,
        unit: Unit::Number,
    })
}

/// The rule's number condition, judged against its history when dynamic.
fn number_judge(rule: &Rule, ctx: &Context<'_>) -> Judge {
    match &rule.condition {
        Some(Condition::Number(comparison)) => match ctx.numbers(comparison) {
            Ok(numbers) => Judge::Compare(numbers),
            Err(skip) => Judge::Skipped(skip),
        },
        _ => Judge::Share(None),
    }
}

/// How many rows in scope share each row's value of `keys` (window counts, so that no
/// Polars feature beyond the basics is needed).
fn occurrences(ctx: &Context<'_>, keys: Vec<Expr>) -> Expr {
    let mut partition = keys;
    if let Some(scope) = &ctx.scope {
        partition.push(scope.clone());
    }
    // `over` refuses only an empty partition, which the parser rules out (a rule names a column).
    len().over(partition).unwrap_or_else(|_| len())
}

/// The share of rows in scope whose value occurs once among them, and the repeated rows.
fn uniqueness(ctx: &Context<'_>, column: Expr) -> (Expr, Expr) {
    share_passing(ctx, occurrences(ctx, vec![column]).eq(lit(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_opens_with_its_help() {
        for rule_type in RuleType::ALL {
            let help = help(*rule_type);
            assert!(
                help.starts_with(&format!("{}: checks", rule_type.name())),
                "{}: {help}",
                rule_type.name()
            );
            for part in ["\nWhy it matters: ", "\nExample: `", "\nHow to fix it: "] {
                assert!(help.contains(part), "{} lacks {part:?}", rule_type.name());
            }
        }
    }
}

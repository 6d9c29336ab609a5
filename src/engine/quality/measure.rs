//! What one rule asks of the data: scalar expressions for the one pass over the input, the
//! row-level test that finds failing rows, and how the measured value is judged. Also the
//! conditions of DQDL turned into Polars predicates over a value.

use polars::prelude::*;

use crate::engine::columns::missing_column;

use crate::model::dqdl::{
    Comparison, Condition, DateValue, Duration, NumberExpr, Rule, StringValue,
};

/// What a rule evaluates against.
pub struct Context<'a> {
    pub input: &'a LazyFrame,
    pub schema: &'a Schema,
    /// The rule's `where` condition, nulls as false; `None` checks every row.
    pub scope: Option<Expr>,
    /// The second input (`reference`), for ReferentialIntegrity and CustomSql.
    pub reference: Option<(&'a LazyFrame, &'a Schema)>,
    /// The rule's values in earlier runs, oldest first, for dynamic rules.
    pub history: &'a [f64],
    /// The time of the check, in microseconds since 1970 (UTC).
    pub now_micros: i64,
}

impl Context<'_> {
    /// `expr` over the rows in scope only.
    pub fn scoped(&self, expr: Expr) -> Expr {
        match &self.scope {
            Some(scope) => expr.filter(scope.clone()),
            None => expr,
        }
    }

    /// The number of rows in scope.
    pub fn rows_in_scope(&self) -> Expr {
        match &self.scope {
            Some(scope) => scope.clone().cast(DataType::Float64).sum(),
            None => len().cast(DataType::Float64),
        }
    }

    /// A column the rule names, as an error unless the input has it.
    pub fn column(&self, name: &str) -> Result<Expr, String> {
        if self.schema.contains(name) {
            Ok(col(name))
        } else {
            Err(missing_column(name, self.schema, "the input"))
        }
    }

    /// A numeric comparison with dynamic operands worked out from the history; `Err` says what
    /// history is missing.
    pub fn numbers(&self, comparison: &Comparison<NumberExpr>) -> Result<Comparison<f64>, Skip> {
        let mut missing = false;
        let resolved = comparison.clone().map(|expr| {
            expr.evaluate(self.history).unwrap_or_else(|| {
                missing = true;
                f64::NAN
            })
        });
        if missing {
            Err(Skip(format!(
                "a dynamic rule needs the values of earlier runs; {} kept so far",
                self.history.len()
            )))
        } else {
            Ok(resolved)
        }
    }
}

/// Why a rule was not judged this time (a dynamic rule without enough history).
#[derive(Debug, Clone, PartialEq)]
pub struct Skip(pub String);

/// How a rule's measured value decides it.
#[derive(Debug, Clone, PartialEq)]
pub enum Judge {
    /// The value meets the comparison.
    Compare(Comparison<f64>),
    /// The value is a share of passing rows, which must meet the threshold (all rows when none).
    Share(Option<Comparison<f64>>),
    /// Not judged this time.
    Skipped(Skip),
}

impl Judge {
    pub fn passes(&self, value: f64) -> Option<bool> {
        match self {
            Self::Compare(comparison) => Some(comparison.holds(value)),
            Self::Share(Some(threshold)) => Some(threshold.holds(value)),
            Self::Share(None) => Some(value >= 1.0 - 1e-12),
            Self::Skipped(_) => None,
        }
    }
}

/// What the evaluation of one rule needs.
pub struct Measure {
    /// The measured value: an expression over the input for the one pass, or a value found
    /// already (from the schema, or a query of its own).
    pub value: Value,
    pub judge: Judge,
    /// Over the rows in scope, true for a failing row: what "failing rows" shows.
    pub failing_rows: Option<Expr>,
    /// How the measured value reads ("completeness", "rows").
    pub noun: &'static str,
    /// What the value is, in words, when it is not a plain number ("3 rows fail").
    pub unit: Unit,
}

/// The measured value of a rule.
pub enum Value {
    /// A scalar expression, evaluated with every other rule's in one pass.
    Pass(Expr),
    Known(f64),
}

/// How a measured value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Number,
    /// A share of rows, 0 to 1.
    Share,
    /// Seconds.
    Seconds,
    /// 1 is yes, 0 is no.
    YesNo,
}

impl Unit {
    pub fn show(self, value: f64) -> String {
        match self {
            Self::Number if value.fract() == 0.0 && value.abs() < 1e15 => format!("{value:.0}"),
            Self::Number => format!("{value:.4}"),
            Self::Share => format!("{:.2}%", value * 100.0),
            Self::Seconds => Duration {
                seconds: value.round(),
            }
            .describe(),
            Self::YesNo if value >= 0.5 => "yes".into(),
            Self::YesNo => "no".into(),
        }
    }
}

/// The share of rows in scope for which `passing` is true (nulls fail), and the failing test.
pub fn share_passing(ctx: &Context<'_>, passing: Expr) -> (Expr, Expr) {
    let passing = passing.fill_null(lit(false));
    let share = ctx.scoped(passing.clone()).cast(DataType::Float64).sum() / ctx.rows_in_scope();
    // No rows in scope: nothing fails.
    let share = when(ctx.rows_in_scope().eq(lit(0.0)))
        .then(lit(1.0))
        .otherwise(share);
    (share, passing.not())
}

/// The rule's threshold as numbers.
pub fn threshold(rule: &Rule, ctx: &Context<'_>) -> Result<Option<Comparison<f64>>, Skip> {
    rule.threshold.as_ref().map(|t| ctx.numbers(t)).transpose()
}

/// A value that meets a number comparison (`> 3`, `between 1 and 5`, `in [1, 2]`).
pub fn number_test(value: Expr, comparison: &Comparison<f64>) -> Expr {
    match comparison {
        Comparison::Between { low, high, negated } => {
            let inside = value.clone().gt(lit(*low)).and(value.lt(lit(*high)));
            if *negated { inside.not() } else { inside }
        }
        Comparison::Greater(v) => value.gt(lit(*v)),
        Comparison::GreaterOrEqual(v) => value.gt_eq(lit(*v)),
        Comparison::Less(v) => value.lt(lit(*v)),
        Comparison::LessOrEqual(v) => value.lt_eq(lit(*v)),
        Comparison::Equal { value: v, negated } => {
            let equal = value.eq(lit(*v));
            if *negated { equal.not() } else { equal }
        }
        Comparison::In { values, negated } => {
            let any = values
                .iter()
                .map(|v| value.clone().eq(lit(*v)))
                .reduce(Expr::or)
                .unwrap_or(lit(false));
            if *negated { any.not() } else { any }
        }
    }
}

/// A value that meets a string condition (`= "x"`, `in [...]`, `matches "…"`).
pub fn string_test(value: Expr, condition: &Condition) -> Option<Expr> {
    let one = |v: &StringValue| match v {
        StringValue::Quoted(text) => value.clone().eq(lit(text.clone())),
        StringValue::Empty => value.clone().eq(lit("")),
        StringValue::WhitespacesOnly => value
            .clone()
            .str()
            .len_chars()
            .gt(lit(0))
            .and(value.clone().str().strip_chars(lit(NULL)).eq(lit(""))),
        StringValue::Null => value.clone().is_null(),
    };
    let test = match condition {
        Condition::String(Comparison::Equal { value: v, negated }) => {
            let equal = one(v);
            if *negated { equal.not() } else { equal }
        }
        Condition::String(Comparison::In { values, negated }) => {
            let any = values
                .iter()
                .map(one)
                .reduce(Expr::or)
                .unwrap_or(lit(false));
            if *negated { any.not() } else { any }
        }
        Condition::Matches { pattern, negated } => {
            // The whole value must match, as a rule about the values' shape means.
            let matched = value
                .clone()
                .str()
                .contains(lit(format!("^(?:{pattern})$")), true);
            if *negated { matched.not() } else { matched }
        }
        _ => return None,
    };
    Some(test)
}

/// Microseconds since 1970 of a date operand at `now_micros`.
pub fn date_micros(value: &DateValue, now_micros: i64) -> Option<i64> {
    match value {
        DateValue::Literal(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp_micros()),
        DateValue::Now { offset_seconds } => Some(now_micros + offset_seconds * 1_000_000),
        DateValue::Null => None,
    }
}

/// A column as microseconds since 1970, whatever its temporal type (text is parsed).
pub fn as_micros(value: Expr, data_type: &DataType) -> Expr {
    let datetime = DataType::Datetime(TimeUnit::Microseconds, None);
    match data_type {
        DataType::Date | DataType::Datetime(_, _) => value.cast(datetime).cast(DataType::Int64),
        _ => value
            .cast(DataType::String)
            .str()
            .to_datetime(
                Some(TimeUnit::Microseconds),
                None,
                StrptimeOptions {
                    strict: false,
                    ..Default::default()
                },
                lit("raise"),
            )
            .cast(DataType::Int64),
    }
}

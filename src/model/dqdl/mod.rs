//! DQDL, AWS Glue Data Quality's rule language, parsed once into a typed form: rule sets of
//! rules (`IsComplete "id"`, `RowCount > avg(last(3)) * 0.8`, `ColumnValues "rating" between 1
//! and 5 where "year = 2024" with threshold > 0.9`), composed with `and` / `or`. The grammar
//! followed is the published one (`awslabs/dqdl`); no Rust crate reads it, so it is parsed here
//! by hand, with errors that point at the rule, the line and the column and suggest the fix.
//! Evaluating rules is the engine's work; this module knows no Polars.

mod error;
mod lexer;
mod parser;
mod rule_type;

use std::ops::Range;

pub use error::DqdlError;
pub use parser::parse;
pub use rule_type::{ConditionKind, RuleType};

/// A parsed rule set: its top-level rules in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Ruleset {
    pub rules: Vec<TopRule>,
}

/// A top-level rule: one rule, or rules that must all pass (`and`) or one of which must (`or`).
#[derive(Debug, Clone, PartialEq)]
pub enum TopRule {
    Rule(Rule),
    All(Vec<TopRule>, Range<usize>),
    Any(Vec<TopRule>, Range<usize>),
}

impl TopRule {
    /// Where the rule is in the text.
    pub fn span(&self) -> Range<usize> {
        match self {
            Self::Rule(rule) => rule.span.clone(),
            Self::All(_, span) | Self::Any(_, span) => span.clone(),
        }
    }

    /// Every single rule inside, in order.
    pub fn leaves(&self) -> Vec<&Rule> {
        match self {
            Self::Rule(rule) => vec![rule],
            Self::All(parts, _) | Self::Any(parts, _) => {
                parts.iter().flat_map(TopRule::leaves).collect()
            }
        }
    }
}

/// What a failing rule means for the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// The rule set fails; a blocking node stops what is downstream.
    #[default]
    Error,
    /// Reported, never blocking.
    Warn,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warn => "warn",
        }
    }
}

/// One rule: its type, parameters, condition and clauses.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub rule_type: RuleType,
    /// Column names, an SQL statement or a reference, as written (quotes taken out).
    pub parameters: Vec<Parameter>,
    pub condition: Option<Condition>,
    /// `where "<SQL>"`: only the rows matching the SQL condition are checked.
    pub where_sql: Option<String>,
    /// `with threshold`: the share of rows that must pass a row-level condition.
    pub threshold: Option<Comparison<NumberExpr>>,
    /// `with severity = "warn"`; an error by default.
    pub severity: Severity,
    /// The rule's text in the rule set.
    pub span: Range<usize>,
}

/// A rule's parameter and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub value: String,
    pub span: Range<usize>,
}

/// A comparison of a measured value with one or more expected ones.
#[derive(Debug, Clone, PartialEq)]
pub enum Comparison<T> {
    Between { low: T, high: T, negated: bool },
    Greater(T),
    GreaterOrEqual(T),
    Less(T),
    LessOrEqual(T),
    Equal { value: T, negated: bool },
    In { values: Vec<T>, negated: bool },
}

impl<T> Comparison<T> {
    /// Every operand, in order.
    pub fn operands(&self) -> Vec<&T> {
        match self {
            Self::Between { low, high, .. } => vec![low, high],
            Self::Greater(v)
            | Self::GreaterOrEqual(v)
            | Self::Less(v)
            | Self::LessOrEqual(v)
            | Self::Equal { value: v, .. } => vec![v],
            Self::In { values, .. } => values.iter().collect(),
        }
    }

    /// The same comparison over other operands.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Comparison<U> {
        match self {
            Self::Between { low, high, negated } => Comparison::Between {
                low: f(low),
                high: f(high),
                negated,
            },
            Self::Greater(v) => Comparison::Greater(f(v)),
            Self::GreaterOrEqual(v) => Comparison::GreaterOrEqual(f(v)),
            Self::Less(v) => Comparison::Less(f(v)),
            Self::LessOrEqual(v) => Comparison::LessOrEqual(f(v)),
            Self::Equal { value, negated } => Comparison::Equal {
                value: f(value),
                negated,
            },
            Self::In { values, negated } => Comparison::In {
                values: values.into_iter().map(f).collect(),
                negated,
            },
        }
    }
}

impl Comparison<f64> {
    /// Whether `value` meets the comparison.
    pub fn holds(&self, value: f64) -> bool {
        const EPSILON: f64 = 1e-9;
        match self {
            Self::Between { low, high, negated } => (value > *low && value < *high) != *negated,
            Self::Greater(v) => value > *v,
            Self::GreaterOrEqual(v) => value >= *v - EPSILON,
            Self::Less(v) => value < *v,
            Self::LessOrEqual(v) => value <= *v + EPSILON,
            Self::Equal { value: v, negated } => ((value - v).abs() <= EPSILON) != *negated,
            Self::In { values, negated } => {
                values.iter().any(|v| (value - v).abs() <= EPSILON) != *negated
            }
        }
    }
}

/// A rule's condition, by the kind of value it compares.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Number(Comparison<NumberExpr>),
    String(Comparison<StringValue>),
    /// `matches "<regex>"`, or `not matches`.
    Matches {
        pattern: String,
        negated: bool,
    },
    Date(Comparison<DateValue>),
    Duration(Comparison<Duration>),
}

impl Condition {
    pub fn kind(&self) -> ConditionKind {
        match self {
            Self::Number(_) => ConditionKind::Number,
            Self::String(_) | Self::Matches { .. } => ConditionKind::String,
            Self::Date(_) => ConditionKind::Date,
            Self::Duration(_) => ConditionKind::Duration,
        }
    }
}

/// A number in a condition: a literal, arithmetic, or a function of the rule's past values
/// (`avg(last(3))`), which makes the rule dynamic.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberExpr {
    Literal(f64),
    Null,
    Binary {
        op: ArithOp,
        left: Box<NumberExpr>,
        right: Box<NumberExpr>,
    },
    Call {
        function: Function,
        args: Vec<NumberExpr>,
    },
}

impl NumberExpr {
    /// Whether the number depends on the rule's history (`last(k)`).
    pub fn is_dynamic(&self) -> bool {
        match self {
            Self::Literal(_) | Self::Null => false,
            Self::Binary { left, right, .. } => left.is_dynamic() || right.is_dynamic(),
            Self::Call { function, args } => {
                *function == Function::Last || args.iter().any(NumberExpr::is_dynamic)
            }
        }
    }

    /// The number's value given the rule's past values, newest last; `None` when the history
    /// is too short or the arithmetic is undefined.
    pub fn evaluate(&self, history: &[f64]) -> Option<f64> {
        self.scalar(history)
    }

    fn values(&self, history: &[f64]) -> Option<Vec<f64>> {
        match self {
            Self::Literal(value) => Some(vec![*value]),
            Self::Null => None,
            Self::Binary { op, left, right } => {
                let (l, r) = (left.scalar(history)?, right.scalar(history)?);
                let value = match op {
                    ArithOp::Add => l + r,
                    ArithOp::Subtract => l - r,
                    ArithOp::Multiply => l * r,
                    ArithOp::Divide if r == 0.0 => return None,
                    ArithOp::Divide => l / r,
                };
                Some(vec![value])
            }
            Self::Call { function, args } => function.apply(args, history),
        }
    }

    fn scalar(&self, history: &[f64]) -> Option<f64> {
        match self.values(history)?.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// `+ - * /` in a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Subtract,
    Multiply,
    Divide,
}

/// The functions a dynamic rule may use over a rule's past values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `last(k)`: the rule's last k values (of earlier runs).
    Last,
    Avg,
    Min,
    Max,
    Std,
    Abs,
    /// `index(last(k), i)`: the i-th of those values, from 0.
    Index,
}

impl Function {
    pub const ALL: [(Function, &'static str); 7] = [
        (Function::Last, "last"),
        (Function::Avg, "avg"),
        (Function::Min, "min"),
        (Function::Max, "max"),
        (Function::Std, "std"),
        (Function::Abs, "abs"),
        (Function::Index, "index"),
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(function, _)| *function)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("", |(_, n)| n)
    }

    fn apply(self, args: &[NumberExpr], history: &[f64]) -> Option<Vec<f64>> {
        let all = |arg: Option<&NumberExpr>| arg?.values(history);
        match self {
            Self::Last => {
                let count = args.first()?.scalar(history)?.max(0.0) as usize;
                if history.len() < count || count == 0 {
                    return None;
                }
                Some(history[history.len() - count..].to_vec())
            }
            Self::Avg | Self::Min | Self::Max | Self::Std => {
                let values = all(args.first())?;
                if values.is_empty() {
                    return None;
                }
                let n = values.len() as f64;
                let mean = values.iter().sum::<f64>() / n;
                let value = match self {
                    Self::Avg => mean,
                    Self::Min => values.iter().copied().fold(f64::INFINITY, f64::min),
                    Self::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    _ => (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt(),
                };
                Some(vec![value])
            }
            Self::Abs => Some(vec![args.first()?.scalar(history)?.abs()]),
            Self::Index => {
                let values = all(args.first())?;
                let index = args.get(1)?.scalar(history)?;
                values.get(index.max(0.0) as usize).map(|v| vec![*v])
            }
        }
    }
}

/// A string in a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum StringValue {
    Quoted(String),
    Null,
    /// `EMPTY`: the empty string.
    Empty,
    /// `WHITESPACES_ONLY`: a value of spaces only.
    WhitespacesOnly,
}

/// A date in a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum DateValue {
    /// `"2024-01-31"` (ISO 8601), as written.
    Literal(String),
    /// `now()`, or `(now() - 3 days)`: seconds added to the time of the check.
    Now {
        offset_seconds: i64,
    },
    Null,
}

/// A duration in a condition (`24 hours`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duration {
    pub seconds: f64,
}

impl Duration {
    /// How the duration reads, in the largest whole unit.
    pub fn describe(self) -> String {
        let s = self.seconds;
        if s >= 86_400.0 && s % 86_400.0 == 0.0 {
            format!("{} days", s / 86_400.0)
        } else if s >= 3_600.0 && s % 3_600.0 == 0.0 {
            format!("{} hours", s / 3_600.0)
        } else {
            format!("{} minutes", s / 60.0)
        }
    }
}

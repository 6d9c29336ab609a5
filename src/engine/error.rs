//! Errors that belong to one node: what went wrong, and which parameter or column it concerns.

use std::path::Path;

use polars::prelude::PolarsError;

use crate::model::Code;

/// Why a node cannot produce its output.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeError {
    /// What kind of problem: `column-not-found`, `bad-sql`, `read-failed`, …
    pub code: Code,
    /// The parameter it concerns, when there is one (used to place the error in the file/form).
    pub param: Option<&'static str>,
    pub message: String,
}

impl NodeError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            param: None,
            message: message.into(),
        }
    }

    /// An error in parameter `param`.
    pub fn param(param: &'static str, message: impl Into<String>) -> Self {
        Self {
            code: Code::BadParameter,
            param: Some(param),
            message: message.into(),
        }
    }

    pub fn with_param(mut self, param: &'static str) -> Self {
        self.param = Some(param);
        self
    }

    /// Wraps a Polars error, keeping its first paragraph (the rest is a plan dump).
    pub fn polars(context: &str, error: &PolarsError) -> Self {
        Self::new(
            Code::EngineError,
            format!("{context}: {}", polars_message(error)),
        )
    }
}

impl std::error::Error for NodeError {}

impl std::fmt::Display for NodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// An error met while data flows (not while planning): Polars' message, a hint for the common
/// causes, and the file being read when one file is to blame.
pub fn data_error(context: &str, error: &PolarsError, file: Option<&Path>) -> NodeError {
    let message = polars_message(error);
    let hint = data_error_hint(&message);
    NodeError::new(
        Code::DataError,
        format!("{context}: {message}{hint}{}", reading_suffix(file)),
    )
}

/// " (reading `a.csv`)", or nothing when no one file is to blame.
pub fn reading_suffix(file: Option<&Path>) -> String {
    file.map(|f| format!(" (reading `{}`)", f.display()))
        .unwrap_or_default()
}

/// What to do about the data errors people meet most.
fn data_error_hint(message: &str) -> &'static str {
    let lower = message.to_lowercase();
    if lower.contains("more fields than defined") {
        "; a row has more fields than the header: check the delimiter and quoting, or fix the row"
    } else if lower.contains("invalid utf-8") || lower.contains("invalid utf8") {
        "; the file is not UTF-8: if it is Latin-1 (Windows, older exports), set encoding = \"latin-1\""
    } else if lower.contains("conversion from `str` to `date") {
        "; a text looked like a date at first but later does not parse as one: set parse_dates = false on the source to keep the column as text"
    } else if lower.contains("could not parse") || lower.contains("conversion from") {
        "; a value does not fit its column's type: raise infer_schema_rows or cast the column to string"
    } else {
        ""
    }
}

/// The readable part of a Polars error message: its first paragraph, without the plan dump.
pub fn polars_message(error: &PolarsError) -> String {
    let text = match error {
        PolarsError::Context { error, msg } => format!("{msg}: {}", polars_message(error)),
        other => other.to_string(),
    };
    let first = text.split("\n\n").next().unwrap_or(&text);
    first
        .split("\nResolved plan until failure")
        .next()
        .unwrap_or(first)
        .trim()
        .to_string()
}

//! A DQDL error: what is wrong, where (byte span, line and column), and the likely fix.

use std::fmt;
use std::ops::Range;

/// Why a rule set does not parse, or a rule cannot be checked, with its place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DqdlError {
    pub message: String,
    /// Bytes of the rule text the error is about.
    pub span: Range<usize>,
    /// 1-based line and column (in characters) of the span's start.
    pub line: usize,
    pub column: usize,
    /// The rule the error is in, counted from 1, once known.
    pub rule: Option<usize>,
}

impl DqdlError {
    pub fn at(text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = span.start.min(text.len());
        let before = &text[..floor_char_boundary(text, start)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Self {
            message: message.into(),
            span,
            line,
            column,
            rule: None,
        }
    }

    /// The same error, said to be in rule `index` (from 1).
    pub fn in_rule(mut self, index: usize) -> Self {
        self.rule.get_or_insert(index);
        self
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl fmt::Display for DqdlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rule {
            Some(rule) => write!(
                f,
                "rule {rule}, line {}, column {}: {}",
                self.line, self.column, self.message
            ),
            None => write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            ),
        }
    }
}

impl std::error::Error for DqdlError {}

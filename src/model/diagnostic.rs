//! Diagnostics as data: what is wrong, where, and what to do about it.

use std::fmt;

use serde::Serialize;

use super::code::Code;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing stops.
    Info,
    /// The pipeline runs but probably not as intended.
    Warning,
    /// The node cannot produce its output.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// A 1-based line and column in a pipeline file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TextLocation {
    pub line: usize,
    pub column: usize,
}

impl TextLocation {
    /// The line and column of byte `offset` in `text` (columns count characters).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Self { line, column }
    }
}

/// One finding about a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem it is: `column-not-found`, `cycle`.
    pub code: Code,
    /// The node the finding belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// Where in the file, when the finding comes from reading one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<TextLocation>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            node: None,
            location: None,
            message: message.into(),
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    pub fn info(code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Info,
            ..Self::error(code, message)
        }
    }

    pub fn at_node(mut self, node: impl Into<String>) -> Self {
        self.node = Some(node.into());
        self
    }

    pub fn at_location(mut self, location: TextLocation) -> Self {
        self.location = Some(location);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = self.location {
            write!(f, "{}:{}: ", location.line, location.column)?;
        }
        write!(f, "{}: ", self.severity)?;
        if let Some(node) = &self.node {
            write!(f, "[{node}] ")?;
        }
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_offsets_by_line_and_character() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(
            TextLocation::of_offset(text, 0),
            TextLocation { line: 1, column: 1 }
        );
        let offset = text
            .find('=')
            .map(|_| text.rfind('=').unwrap_or(0))
            .unwrap_or(0);
        assert_eq!(
            TextLocation::of_offset(text, offset),
            TextLocation { line: 2, column: 4 }
        );
    }
}

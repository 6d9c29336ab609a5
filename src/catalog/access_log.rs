//! Glue's `combined_apache` and `apache` classifiers: Apache combined and common access-log lines,
//! parsed into typed columns (the fields of the COMBINEDAPACHELOG and COMMONAPACHELOG grok
//! patterns). A regular expression, as grok is.

use std::sync::LazyLock;

use regex::Regex;

use super::column::InferredColumn;
use super::glue_type::GlueType;

/// Which access-log layout a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// `combined_apache`: the common fields, then the referrer and the user agent.
    Combined,
    /// `apache`: the common log format.
    Common,
}

impl LogFormat {
    /// Glue's classification.
    pub fn classification(self) -> &'static str {
        match self {
            Self::Combined => "combined_apache",
            Self::Common => "apache",
        }
    }

    /// The columns Glue records, in order.
    pub fn columns(self) -> Vec<InferredColumn> {
        let text = |name: &str| InferredColumn::new(name, GlueType::String, true);
        let mut columns = vec![
            text("clientip"),
            text("ident"),
            text("auth"),
            {
                let mut c = text("timestamp");
                c.sluice_type = Some("datetime");
                c
            },
            text("verb"),
            text("request"),
            text("httpversion"),
            InferredColumn::new("response", GlueType::BigInt, false),
            InferredColumn::new("bytes", GlueType::BigInt, true),
        ];
        if self == Self::Combined {
            columns.push(text("referrer"));
            columns.push(text("agent"));
        }
        columns
    }
}

/// One access-log line: a group per column of [`LogFormat::columns`], in order. The syntax is
/// also Java's, so a generated Glue script splits lines with the same expression.
pub const LINE_PATTERN: &str = r#"^(\S+) (\S+) (\S+) \[([^\]]+)\] "(\S+) (\S+)(?: (\S+))?" (\d{3}) (\d+|-)(?: "([^"]*)" "([^"]*)")?\s*$"#;

static LINE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(LINE_PATTERN).ok());

/// One parsed line: a value per column of [`LogFormat::columns`] (`None` for `-` or absent).
pub fn parse_line(line: &str) -> Option<(LogFormat, Vec<Option<String>>)> {
    let captures = LINE.as_ref()?.captures(line)?;
    let format = if captures.get(10).is_some() {
        LogFormat::Combined
    } else {
        LogFormat::Common
    };
    let fields = match format {
        LogFormat::Combined => 11,
        LogFormat::Common => 9,
    };
    let values = (1..=fields)
        .map(|i| {
            captures
                .get(i)
                .map(|m| m.as_str())
                .filter(|v| *v != "-")
                .map(str::to_string)
        })
        .collect();
    Some((format, values))
}

/// The log format of `text` when every non-empty line of the sample parses (the last line may
/// be cut by the sample), with the number of lines.
pub fn classify_log(text: &str, complete: bool) -> Option<(LogFormat, usize)> {
    let mut lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if !complete && !text.ends_with('\n') {
        lines.pop();
    }
    let mut format = None;
    for line in &lines {
        let (this, _) = parse_line(line)?;
        format = match (format, this) {
            (None, this) => Some(this),
            (Some(LogFormat::Combined), LogFormat::Combined) => Some(LogFormat::Combined),
            _ => Some(LogFormat::Common),
        };
    }
    format.map(|f| (f, lines.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMBINED: &str = r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08""#;

    #[test]
    fn combined_and_common_lines() {
        let (format, values) = parse_line(COMBINED).expect("combined");
        assert_eq!(format, LogFormat::Combined);
        assert_eq!(values[2].as_deref(), Some("frank"));
        assert_eq!(values[1], None);
        assert_eq!(values[7].as_deref(), Some("200"));
        let common = r#"10.0.0.2 - - [10/Oct/2000:13:55:36 -0700] "POST /x HTTP/1.1" 404 -"#;
        let (format, values) = parse_line(common).expect("common");
        assert_eq!(format, LogFormat::Common);
        assert_eq!(values[8], None);
        let text = format!("{COMBINED}\n{common}\n");
        assert_eq!(classify_log(&text, true), Some((LogFormat::Common, 2)));
        assert_eq!(classify_log("a,b\n1,2\n", true), None);
    }
}

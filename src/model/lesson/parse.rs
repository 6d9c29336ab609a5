//! Reading a lesson file: every mistake is collected with its line and column, and a file with
//! any mistake is refused whole.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Check, CheckKind, Expected, ExpectedStatus, Lesson, RowCount, Step};
use crate::model::diagnostic::TextLocation;
use crate::model::file_format::describe_toml_value;
use crate::model::kinds::{catalogue, kind_spec};
use crate::model::suggest::did_you_mean;

/// The newest lesson format this build reads.
pub const LESSON_FORMAT_VERSION: i64 = 1;

const TOP_LEVEL_KEYS: &[&str] = &[
    "format_version",
    "title",
    "summary",
    "minutes",
    "start",
    "finished",
    "step",
];
const STEP_KEYS: &[&str] = &[
    "title",
    "explanation",
    "hint",
    "nodes",
    "requirements",
    "check",
];
const CHECK_KEYS: &[&str] = &[
    "node",
    "kind",
    "wired_from",
    "param",
    "timing",
    "equals",
    "contains",
    "preview",
    "rows",
    "min_rows",
    "max_rows",
    "column",
    "type",
    "requirement",
    "status",
    "valid",
    "run",
];

/// One mistake in a lesson file.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonProblem {
    pub location: TextLocation,
    pub message: String,
}

/// A lesson file that cannot be used, with every mistake found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonError {
    pub file: Option<PathBuf>,
    pub problems: Vec<LessonProblem>,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            if let Some(file) = &self.file {
                write!(f, "{}:", file.display())?;
            }
            write!(
                f,
                "{}:{}: {}",
                problem.location.line, problem.location.column, problem.message
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for LessonError {}

/// Reads and parses the lesson file at `path`.
pub fn load_lesson(path: &Path) -> Result<Lesson, LessonError> {
    let refuse = |message: String| LessonError {
        file: Some(path.to_path_buf()),
        problems: vec![LessonProblem {
            location: TextLocation { line: 1, column: 1 },
            message,
        }],
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| refuse(format!("cannot read the lesson: {e}")))?;
    parse_lesson(&text).map_err(|mut error| {
        error.file = Some(path.to_path_buf());
        error
    })
}

/// Parses lesson text. Every mistake is collected; any mistake refuses the whole lesson.
pub fn parse_lesson(text: &str) -> Result<Lesson, LessonError> {
    let mut reader = Reader {
        text,
        problems: Vec::new(),
    };
    let lesson = reader.lesson();
    let mut problems = reader.problems;
    match lesson {
        Some(lesson) if problems.is_empty() => Ok(lesson),
        _ => {
            problems.sort_by_key(|p| p.location);
            Err(LessonError {
                file: None,
                problems,
            })
        }
    }
}

type Entries<'v, 't> = Vec<(&'v str, &'v Spanned<DeValue<'t>>)>;

struct Reader<'t> {
    text: &'t str,
    problems: Vec<LessonProblem>,
}

impl<'t> Reader<'t> {
    fn at(&self, span: &Range<usize>) -> TextLocation {
        TextLocation::of_offset(self.text, span.start)
    }

    fn problem(&mut self, span: &Range<usize>, message: String) {
        let location = self.at(span);
        self.problems.push(LessonProblem { location, message });
    }

    /// The table's entries, with a problem for each key not in `known`.
    fn entries<'v>(&mut self, table: &'v DeTable<'t>, known: &[&str], what: &str) -> Entries<'v, 't>
    where
        't: 'v,
    {
        let mut entries = Vec::new();
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            if !known.contains(&name) {
                let hint = did_you_mean(name, known.iter().copied());
                let span = key.span();
                self.problem(&span, format!("unknown key `{name}` in {what}{hint}"));
            } else {
                entries.push((name, value));
            }
        }
        entries
    }

    fn lesson(&mut self) -> Option<Lesson> {
        let root = match DeTable::parse(self.text) {
            Ok(root) => root.into_inner(),
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let message = format!("this is not valid TOML: {}", error.message().trim());
                self.problem(&span, message);
                return None;
            }
        };
        let entries = self.entries(&root, TOP_LEVEL_KEYS, "a lesson");
        let get = |key: &str| entries.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        match get("format_version") {
            None => self.problem(
                &(0..0),
                format!("the lesson has no `format_version`; add `format_version = {LESSON_FORMAT_VERSION}` at the top"),
            ),
            Some(value) => match self.integer(value, "format_version") {
                Some(v) if (1..=LESSON_FORMAT_VERSION).contains(&v) => {}
                Some(v) if v > LESSON_FORMAT_VERSION => self.problem(
                    &value.span(),
                    format!("this lesson has format version {v}, written for a newer Sluice; this build reads versions up to {LESSON_FORMAT_VERSION}"),
                ),
                _ => self.problem(
                    &value.span(),
                    format!("`format_version` must be a whole number from 1 to {LESSON_FORMAT_VERSION}"),
                ),
            },
        }
        let title = self.required_string(get("title"), "title", "the lesson", 0..0);
        let summary = self.required_string(get("summary"), "summary", "the lesson", 0..0);
        let minutes = get("minutes").and_then(|value| {
            let minutes = self.integer(value, "minutes")?;
            match u32::try_from(minutes) {
                Ok(minutes) if minutes > 0 => Some(minutes),
                _ => {
                    self.problem(
                        &value.span(),
                        "`minutes` must be a whole number above 0".into(),
                    );
                    None
                }
            }
        });
        let start = self.required_string(get("start"), "start", "the lesson", 0..0);
        let finished = self.required_string(get("finished"), "finished", "the lesson", 0..0);
        let mut steps = Vec::new();
        match get("step") {
            None => self.problem(
                &(0..0),
                "the lesson has no steps; add a [[step]] table for each".into(),
            ),
            Some(value) => {
                for (table, span) in self.tables(value, "step") {
                    if let Some(step) = self.step(table, span, steps.len() + 1) {
                        steps.push(step);
                    }
                }
            }
        }
        Some(Lesson {
            title: title?,
            summary: summary?,
            minutes,
            start: PathBuf::from(start?),
            finished: PathBuf::from(finished?),
            steps,
        })
    }

    fn step(&mut self, table: &DeTable<'t>, span: Range<usize>, number: usize) -> Option<Step> {
        let what = format!("step {number}");
        let entries = self.entries(table, STEP_KEYS, &what);
        let get = |key: &str| entries.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let title = self.required_string(get("title"), "title", &what, span.clone());
        let explanation =
            self.required_string(get("explanation"), "explanation", &what, span.clone());
        let hint = get("hint").and_then(|value| self.string(value, "hint"));
        let nodes = get("nodes")
            .map(|value| self.strings(value, "nodes"))
            .unwrap_or_default();
        let requirements = get("requirements")
            .map(|value| self.strings(value, "requirements"))
            .unwrap_or_default();
        let mut checks = Vec::new();
        match get("check") {
            None => self.problem(
                &span,
                format!("{what} has no checks; add `check = [ … ]` saying how the step is seen to be done"),
            ),
            Some(value) => {
                for (check_table, check_span) in self.tables(value, "check") {
                    if let Some(check) = self.check(check_table, &check_span, &what) {
                        checks.push(check);
                    }
                }
            }
        }
        Some(Step {
            title: title?,
            explanation: explanation?.trim().to_string(),
            hint: hint.map(|h| h.trim().to_string()),
            nodes,
            requirements,
            checks,
            location: self.at(&span),
        })
    }

    fn check(&mut self, table: &DeTable<'t>, span: &Range<usize>, step: &str) -> Option<Check> {
        let what = format!("a check of {step}");
        let entries = self.entries(table, CHECK_KEYS, &what);
        let has = |key: &str| entries.iter().any(|(k, _)| *k == key);
        let get = |key: &str| entries.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let allow = |reader: &mut Self, allowed: &[&str], shape: &str| {
            for (key, value) in &entries {
                if !allowed.contains(key) {
                    let message = format!(
                        "`{key}` does not belong in a {shape} check (it takes {})",
                        allowed
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    reader.problem(&value.span(), message);
                }
            }
        };
        let kind = if has("requirement") {
            allow(self, &["requirement", "status"], "requirement");
            let id = self.string(get("requirement")?, "requirement")?;
            let status = match get("status") {
                None => ExpectedStatus::Pass,
                Some(value) => match self.string(value, "status")?.as_str() {
                    "pass" => ExpectedStatus::Pass,
                    "fail" => ExpectedStatus::Fail,
                    other => {
                        let message = format!("`status` is `pass` or `fail`, not `{other}`");
                        self.problem(&value.span(), message);
                        return None;
                    }
                },
            };
            CheckKind::Requirement { id, status }
        } else if has("run") {
            allow(self, &["run"], "run");
            let value = get("run")?;
            match self.string(value, "run")?.as_str() {
                "succeeds" => CheckKind::RunSucceeds,
                other => {
                    let message = format!("`run` can only be `succeeds`, not `{other}`");
                    self.problem(&value.span(), message);
                    return None;
                }
            }
        } else if has("valid") {
            allow(self, &["valid"], "valid");
            let value = get("valid")?;
            match value.get_ref() {
                DeValue::Boolean(true) => CheckKind::Valid,
                _ => {
                    let message = "`valid` can only be `true` (the pipeline has no errors)".into();
                    self.problem(&value.span(), message);
                    return None;
                }
            }
        } else if has("preview") {
            allow(
                self,
                &["preview", "rows", "min_rows", "max_rows", "column", "type"],
                "preview",
            );
            let output = self.string(get("preview")?, "preview")?;
            let counts: Vec<(&str, &Spanned<DeValue>)> = ["rows", "min_rows", "max_rows"]
                .iter()
                .filter_map(|key| get(key).map(|value| (*key, value)))
                .collect();
            match (counts.as_slice(), get("column")) {
                ([(key, value)], None) => {
                    let count = self.integer(value, key)?;
                    let Ok(count) = u64::try_from(count) else {
                        self.problem(&value.span(), format!("`{key}` cannot be negative"));
                        return None;
                    };
                    let rows = match *key {
                        "rows" => RowCount::Exactly(count),
                        "min_rows" => RowCount::AtLeast(count),
                        _ => RowCount::AtMost(count),
                    };
                    if let Some(value) = get("type") {
                        self.problem(&value.span(), "`type` goes with `column`".into());
                    }
                    CheckKind::Rows { output, rows }
                }
                ([], Some(column)) => CheckKind::Column {
                    output,
                    column: self.string(column, "column")?,
                    data_type: match get("type") {
                        None => None,
                        Some(value) => {
                            let name = self.string(value, "type")?;
                            if !crate::model::param::is_known_data_type(&name) {
                                let message = format!(
                                    "there is no data type `{name}`; types are written as in a cast: int64, float64, string, boolean, date, datetime"
                                );
                                self.problem(&value.span(), message);
                                return None;
                            }
                            Some(name)
                        }
                    },
                },
                _ => {
                    self.problem(
                        span,
                        "a preview check takes one of `rows`, `min_rows`, `max_rows` or `column`"
                            .into(),
                    );
                    return None;
                }
            }
        } else if has("param") || has("timing") {
            let key_name = if has("param") { "param" } else { "timing" };
            allow(self, &[key_name, "node", "equals", "contains"], key_name);
            let Some(node) = get("node").and_then(|value| self.string(value, "node")) else {
                self.problem(span, format!("a {key_name} check names its `node`"));
                return None;
            };
            let key = self.string(get(key_name)?, key_name)?;
            let expected = match (get("equals"), get("contains")) {
                // A string is the value's text (`equals = "access"`, `equals = "1 h"`); any
                // other value is kept as written (`equals = ["a", "b"]`, `equals = 20`) and read
                // against the parameter's type. Timing attributes are always strings.
                (Some(value), None) if key_name == "param" => match value.get_ref() {
                    DeValue::String(text) => Expected::Equals(text.to_string()),
                    _ => Expected::Equals(self.text.get(value.span())?.trim().to_string()),
                },
                (Some(value), None) => Expected::Equals(self.string(value, "equals")?),
                (None, Some(value)) => Expected::Contains(self.string(value, "contains")?),
                _ => {
                    self.problem(
                        span,
                        format!("a {key_name} check takes one of `equals` or `contains`"),
                    );
                    return None;
                }
            };
            if key_name == "param" {
                CheckKind::Param {
                    node,
                    param: key,
                    expected,
                }
            } else {
                if !crate::model::timing::TIMING_KEYS
                    .iter()
                    .any(|k| k.name == key)
                {
                    let names = crate::model::timing::TIMING_KEYS.iter().map(|k| k.name);
                    let hint = did_you_mean(&key, names);
                    let at = get("timing").map_or(span.clone(), Spanned::span);
                    self.problem(&at, format!("there is no timing attribute `{key}`{hint}"));
                    return None;
                }
                CheckKind::Timing {
                    node,
                    key,
                    expected,
                }
            }
        } else if has("node") || has("kind") {
            allow(self, &["node", "kind", "wired_from"], "node");
            let node = get("node").and_then(|value| self.string(value, "node"));
            let kind = match get("kind") {
                None => None,
                Some(value) => {
                    let name = self.string(value, "kind")?;
                    let Some(spec) = kind_spec(&name) else {
                        let hint = did_you_mean(&name, catalogue().iter().map(|k| k.name));
                        self.problem(
                            &value.span(),
                            format!("there is no node kind `{name}`{hint}"),
                        );
                        return None;
                    };
                    Some(spec)
                }
            };
            let wired_from = get("wired_from")
                .map(|value| self.strings(value, "wired_from"))
                .unwrap_or_default();
            CheckKind::Node {
                node,
                kind,
                wired_from,
            }
        } else {
            self.problem(
                span,
                format!("{what} says nothing to check: give it `node` or `kind`, `param`, `timing`, `preview`, `requirement`, `valid` or `run`"),
            );
            return None;
        };
        Some(Check {
            kind,
            location: self.at(span),
        })
    }

    /// `[[key]]` tables, or a list of inline tables.
    fn tables<'v>(
        &mut self,
        value: &'v Spanned<DeValue<'t>>,
        key: &str,
    ) -> Vec<(&'v DeTable<'t>, Range<usize>)> {
        let DeValue::Array(items) = value.get_ref() else {
            let message =
                format!("`{key}` must be a list of tables ([[{key}]] or [ {{ … }}, {{ … }} ])");
            self.problem(&value.span(), message);
            return Vec::new();
        };
        let mut tables = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::Table(table) => tables.push((table, item.span())),
                other => {
                    let message = format!(
                        "each `{key}` must be a table, found {}",
                        describe_toml_value(other)
                    );
                    self.problem(&item.span(), message);
                }
            }
        }
        tables
    }

    fn required_string(
        &mut self,
        value: Option<&Spanned<DeValue<'t>>>,
        key: &str,
        owner: &str,
        owner_span: Range<usize>,
    ) -> Option<String> {
        match value {
            Some(value) => self.string(value, key),
            None => {
                self.problem(&owner_span, format!("{owner} has no `{key}`"));
                None
            }
        }
    }

    fn string(&mut self, value: &Spanned<DeValue<'t>>, key: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) if !text.trim().is_empty() => Some(text.to_string()),
            DeValue::String(_) => {
                self.problem(&value.span(), format!("`{key}` is empty"));
                None
            }
            other => {
                let message = format!(
                    "`{key}` must be a string, found {}",
                    describe_toml_value(other)
                );
                self.problem(&value.span(), message);
                None
            }
        }
    }

    fn strings(&mut self, value: &Spanned<DeValue<'t>>, key: &str) -> Vec<String> {
        let DeValue::Array(items) = value.get_ref() else {
            let message = format!("`{key}` must be a list of names: [\"a\", \"b\"]");
            self.problem(&value.span(), message);
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.string(item, key))
            .collect()
    }

    fn integer(&mut self, value: &Spanned<DeValue<'t>>, key: &str) -> Option<i64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(integer) => {
                i64::from_str_radix(integer.as_str(), integer.radix()).ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            self.problem(&value.span(), format!("`{key}` must be a whole number"));
        }
        parsed
    }
}

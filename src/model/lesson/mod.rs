//! Lessons (`*.lesson.toml`): a workshop exercise as plain text an instructor writes. A lesson
//! names the pipeline a learner starts from and the finished one; each step has a title, an
//! explanation, a hint, the checks that tell it is done, and what "show me" copies from the
//! finished pipeline. Reading one reports every mistake with its line and column.

mod open;
mod parse;
mod references;
mod take_step;

use std::fmt;
use std::path::PathBuf;

pub use open::{LessonFile, open_lesson};
pub use parse::{LESSON_FORMAT_VERSION, LessonError, LessonProblem, load_lesson, parse_lesson};
pub use references::check_references;
pub use take_step::{TakeStepError, take_step};

use super::diagnostic::TextLocation;
use super::kinds::KindSpec;
use super::suggest::capitalised;

/// A lesson as read from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    pub title: String,
    /// What the learner builds and learns, in a sentence or two.
    pub summary: String,
    /// How long the lesson takes a room, for the programme.
    pub minutes: Option<u32>,
    /// The pipeline the learner starts from, relative to the lesson file.
    pub start: PathBuf,
    /// The finished pipeline, relative to the lesson file.
    pub finished: PathBuf,
    pub steps: Vec<Step>,
}

/// One step of a lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub title: String,
    pub explanation: String,
    /// Shown only when the learner asks.
    pub hint: Option<String>,
    /// The finished pipeline's nodes "show me" brings into the learner's pipeline (added, or
    /// made like the finished ones), in order.
    pub nodes: Vec<String>,
    /// The finished pipeline's requirements "show me" brings in.
    pub requirements: Vec<String>,
    pub checks: Vec<Check>,
    /// Where the step starts in the lesson file.
    pub location: TextLocation,
}

/// What a check looks at, and what it expects.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckKind {
    /// A node exists: the one named, or any of the kind; of that kind; wired from these nodes.
    Node {
        node: Option<String>,
        kind: Option<&'static KindSpec>,
        wired_from: Vec<String>,
    },
    /// A parameter of a node has a value (written as in a pipeline file), or its text contains
    /// some words (compared without case or repeated spaces).
    Param {
        node: String,
        param: String,
        expected: Expected,
    },
    /// A timing attribute of a node (`platform`, `schedule`, …) has a value.
    Timing {
        node: String,
        key: String,
        expected: Expected,
    },
    /// The rows of a node's output: exactly, at least or at most.
    Rows { output: String, rows: RowCount },
    /// A node's output has a column (of a type, when given).
    Column {
        output: String,
        column: String,
        data_type: Option<String>,
    },
    /// A requirement of the pipeline has a status.
    Requirement { id: String, status: ExpectedStatus },
    /// The pipeline has no errors.
    Valid,
    /// A local run of the pipeline succeeded.
    RunSucceeds,
}

/// A check and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub kind: CheckKind,
    pub location: TextLocation,
}

/// The value a parameter or timing attribute should have.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// A string's text (`status = 'paid'`, `1 h`), or a value as a pipeline file writes it
    /// (`20`, `["a", "b"]`, `true`).
    Equals(String),
    /// Words the value's text contains.
    Contains(String),
}

/// How many rows a check wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowCount {
    Exactly(u64),
    AtLeast(u64),
    AtMost(u64),
}

impl RowCount {
    pub fn admits(self, rows: u64) -> bool {
        match self {
            Self::Exactly(n) => rows == n,
            Self::AtLeast(n) => rows >= n,
            Self::AtMost(n) => rows <= n,
        }
    }
}

impl fmt::Display for RowCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exactly(n) => write!(f, "{n} rows"),
            Self::AtLeast(n) => write!(f, "at least {n} rows"),
            Self::AtMost(n) => write!(f, "at most {n} rows"),
        }
    }
}

/// The status a requirement check wants: met, or failing (a lesson that shows a requirement
/// going red before the learner fixes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedStatus {
    Pass,
    Fail,
}

impl ExpectedStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
        }
    }
}

impl CheckKind {
    /// The check in words, for the lesson panel and `sluice lesson check`.
    pub fn describe(&self) -> String {
        match self {
            Self::Node {
                node,
                kind,
                wired_from,
            } => {
                let what = match (node, kind) {
                    (Some(node), Some(kind)) => {
                        format!("`{node}` is {} {} node", article(kind.title), kind.title)
                    }
                    (Some(node), None) => format!("node `{node}` exists"),
                    (None, Some(kind)) => {
                        format!(
                            "{} {} node exists",
                            capitalised(article(kind.title)),
                            kind.title
                        )
                    }
                    (None, None) => "a node exists".to_string(),
                };
                if wired_from.is_empty() {
                    what
                } else {
                    let from: Vec<String> = wired_from.iter().map(|n| format!("`{n}`")).collect();
                    format!("{what}, wired from {}", from.join(" and "))
                }
            }
            Self::Param {
                node,
                param,
                expected,
            } => format!("`{node}`'s {param} {}", expected.describe()),
            Self::Timing {
                node,
                key,
                expected,
            } => format!("`{node}`'s timing {key} {}", expected.describe()),
            Self::Rows { output, rows } => format!("`{output}` gives {rows}"),
            Self::Column {
                output,
                column,
                data_type,
            } => match data_type {
                Some(data_type) => format!("`{output}` has a column `{column}` ({data_type})"),
                None => format!("`{output}` has a column `{column}`"),
            },
            Self::Requirement { id, status } => match status {
                ExpectedStatus::Pass => format!("requirement `{id}` is met"),
                ExpectedStatus::Fail => format!("requirement `{id}` fails"),
            },
            Self::Valid => "the pipeline has no errors".to_string(),
            Self::RunSucceeds => "a run of the pipeline succeeds".to_string(),
        }
    }

    /// Whether checking needs a run of the pipeline.
    pub fn needs_run(&self) -> bool {
        matches!(self, Self::RunSucceeds)
    }
}

/// "a" or "an", by the sound the title starts with ("a Union", "an Aggregate").
pub fn article(title: &str) -> &'static str {
    let lower = title.to_ascii_lowercase();
    let first = lower.chars().next();
    if matches!(first, Some('a' | 'e' | 'i' | 'o' | 'u')) && !lower.starts_with("uni") {
        "an"
    } else {
        "a"
    }
}

impl Expected {
    fn describe(&self) -> String {
        match self {
            Self::Equals(text) => format!("is `{text}`"),
            Self::Contains(words) => format!("contains \"{words}\""),
        }
    }

    /// Whether `actual` (the value's text as a pipeline file writes it) contains the words,
    /// ignoring case, quotes' kind and repeated spaces. Only for [`Expected::Contains`].
    pub fn contained_in(words: &str, actual: &str) -> bool {
        let normal = |text: &str| {
            text.replace('"', "'")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        normal(actual).contains(&normal(words))
    }
}

impl Lesson {
    /// Every check of every step, with the step's index.
    pub fn checks(&self) -> impl Iterator<Item = (usize, &Check)> {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(index, step)| step.checks.iter().map(move |check| (index, check)))
    }

    /// Whether any step checks a run.
    pub fn needs_run(&self) -> bool {
        self.checks().any(|(_, check)| check.kind.needs_run())
    }
}

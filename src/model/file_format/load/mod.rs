//! Reading a pipeline file: every problem is reported with its line and column, and a file that
//! cannot be understood is refused whole rather than half-loaded.

mod layout;
mod node;
mod requirement;
mod value;
mod wiring;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub use value::parse_param_value;

use super::source_map::SourceMap;
use crate::model::code::Code;
use crate::model::diagnostic::{Diagnostic, TextLocation};
use crate::model::document::{FORMAT_VERSION, Pipeline};
use crate::model::suggest::did_you_mean;

const TOP_LEVEL_KEYS: &[&str] = &[
    "format_version",
    "name",
    "description",
    "node",
    "requirement",
    "layout",
];

/// A pipeline file that could not be loaded, with every problem found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The file, when the text came from one.
    pub file: Option<PathBuf>,
    pub problems: Vec<Diagnostic>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.as_ref().map(|p| p.display().to_string());
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            if let Some(file) = &file {
                write!(f, "{file}:")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Reads and parses the pipeline file at `path`.
pub fn load_pipeline(path: &Path) -> Result<(Pipeline, SourceMap), LoadError> {
    let refuse = |message: String| LoadError {
        file: Some(path.to_path_buf()),
        problems: vec![Diagnostic::error(Code::UnreadableFile, message)],
    };
    let bytes = std::fs::read(path).map_err(|e| refuse(format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        refuse(format!(
            "the file is not valid UTF-8 (byte {at}); pipeline files are UTF-8 text"
        ))
    })?;
    parse_pipeline(&text).map_err(|mut error| {
        error.file = Some(path.to_path_buf());
        error
    })
}

/// Parses pipeline text. Every problem is collected; any problem refuses the whole file.
pub fn parse_pipeline(text: &str) -> Result<(Pipeline, SourceMap), LoadError> {
    let mut loader = Loader {
        text,
        problems: Vec::new(),
        source_map: SourceMap::default(),
        unloaded: HashMap::new(),
    };
    let pipeline = loader.load();
    let mut problems = loader.problems;
    if problems.is_empty() {
        Ok((pipeline, loader.source_map))
    } else {
        problems.sort_by_key(|p| p.location);
        Err(LoadError {
            file: None,
            problems,
        })
    }
}

/// Reads one file's text, collecting every problem found.
struct Loader<'t> {
    text: &'t str,
    problems: Vec<Diagnostic>,
    source_map: SourceMap,
    /// Nodes that could not be loaded, with the reason, so that nodes reading them say why.
    unloaded: HashMap<String, String>,
}

impl<'t> Loader<'t> {
    fn at(&self, span: &Range<usize>) -> TextLocation {
        TextLocation::of_offset(self.text, span.start)
    }

    fn problem(&mut self, code: Code, span: &Range<usize>, node: Option<&str>, message: String) {
        let mut diagnostic = Diagnostic::error(code, message).at_location(self.at(span));
        if let Some(node) = node {
            diagnostic = diagnostic.at_node(node);
        }
        self.problems.push(diagnostic);
    }

    fn load(&mut self) -> Pipeline {
        let mut pipeline = Pipeline::default();
        let root = match DeTable::parse(self.text) {
            Ok(root) => root.into_inner(),
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let message = format!("this is not valid TOML: {}", error.message().trim());
                self.problem(Code::Syntax, &span, None, message);
                return pipeline;
            }
        };
        let entries: BTreeMap<String, Spanned<DeValue>> = root
            .into_iter()
            .map(|(k, v)| (k.into_inner().into_owned(), v))
            .collect();
        for (key, value) in &entries {
            if !TOP_LEVEL_KEYS.contains(&key.as_str()) {
                let hint = did_you_mean(key, TOP_LEVEL_KEYS.iter().copied());
                self.problem(
                    Code::UnknownKey,
                    &value.span(),
                    None,
                    format!("unknown key `{key}`{hint}"),
                );
            }
        }
        if !self.check_version(entries.get("format_version")) {
            return pipeline;
        }
        pipeline.name = self.optional_string(entries.get("name"), "name", None);
        pipeline.description =
            self.optional_string(entries.get("description"), "description", None);
        let mut pending = Vec::new();
        let mut id_spans: HashMap<String, Range<usize>> = HashMap::new();
        for table in self.array_of_tables(entries.get("node"), "node") {
            if let Some((node, inputs)) = self.node(table, &mut id_spans) {
                pipeline.nodes.push(node);
                pending.push(inputs);
            }
        }
        for inputs in pending {
            self.resolve_inputs(&mut pipeline, inputs);
        }
        for table in self.array_of_tables(entries.get("requirement"), "requirement") {
            let span = table.1.clone();
            if let Some(requirement) = self.requirement(table, &pipeline) {
                if pipeline.requirements.iter().any(|r| r.id == requirement.id) {
                    let message = format!(
                        "two requirements are named `{}`; ids must be unique",
                        requirement.id
                    );
                    self.problem(Code::DuplicateId, &span, None, message);
                }
                pipeline.requirements.push(requirement);
            }
        }
        if let Some(layout) = entries.get("layout") {
            pipeline.layout = self.layout(layout, &pipeline);
        }
        pipeline
    }

    /// Checks `format_version`; false when the rest of the file must not be read.
    fn check_version(&mut self, value: Option<&Spanned<DeValue>>) -> bool {
        let Some(value) = value else {
            self.problem(
                Code::MissingVersion,
                &(0..0),
                None,
                format!("the file has no `format_version`; add `format_version = {FORMAT_VERSION}` at the top"),
            );
            return false;
        };
        let version = match value.get_ref() {
            DeValue::Integer(integer) => {
                i64::from_str_radix(integer.as_str(), integer.radix()).ok()
            }
            _ => None,
        };
        match version {
            Some(v) if v > FORMAT_VERSION => {
                let message = format!(
                    "this file has format version {v}, written by a newer Sluice; this build reads versions up to {FORMAT_VERSION}. Update Sluice to open it"
                );
                self.problem(Code::NewerVersion, &value.span(), None, message);
                false
            }
            Some(v) if v >= 1 => true,
            _ => {
                let message =
                    format!("`format_version` must be a whole number from 1 to {FORMAT_VERSION}");
                self.problem(Code::BadVersion, &value.span(), None, message);
                false
            }
        }
    }

    fn optional_string(
        &mut self,
        value: Option<&Spanned<DeValue>>,
        key: &str,
        node: Option<&str>,
    ) -> Option<String> {
        let value = value?;
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            other => {
                let message = format!("`{key}` must be a string, found {}", describe(other));
                self.problem(Code::WrongType, &value.span(), node, message);
                None
            }
        }
    }

    fn array_of_tables<'v>(
        &mut self,
        value: Option<&'v Spanned<DeValue<'t>>>,
        key: &str,
    ) -> Vec<(&'v DeTable<'t>, Range<usize>)> {
        let Some(value) = value else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.problem(
                Code::WrongType,
                &value.span(),
                None,
                format!("`{key}` must be written as [[{key}]] tables"),
            );
            return Vec::new();
        };
        let mut tables = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(table) => tables.push((table, item.span())),
                other => {
                    let message =
                        format!("each `{key}` must be a table, found {}", describe(other));
                    self.problem(Code::WrongType, &item.span(), None, message);
                }
            }
        }
        tables
    }
}

/// A TOML value's shape in words, for messages: "a string", "a list".
pub fn describe(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

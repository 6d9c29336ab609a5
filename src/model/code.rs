//! Diagnostic codes: every kind of finding the loader, the model and the engine report, listed
//! once. Files, JSON output and tests see the stable kebab-case text; code compares the enum.

use std::fmt;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $text:literal,)*) => {
        /// A stable name for a kind of problem.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order listed.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case text written in JSON and shown on hover: `column-not-found`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    // Reading a pipeline file.
    /// The file cannot be read at all (missing, not UTF-8).
    UnreadableFile = "unreadable-file",
    /// The text is not valid TOML.
    Syntax = "syntax",
    /// A top-level key the format does not have.
    UnknownKey = "unknown-key",
    MissingVersion = "missing-version",
    /// Written by a newer Sluice.
    NewerVersion = "newer-version",
    BadVersion = "bad-version",
    /// A value of the wrong shape (a number where a string belongs).
    WrongType = "wrong-type",
    MissingId = "missing-id",
    BadId = "bad-id",
    DuplicateId = "duplicate-id",
    MissingKind = "missing-kind",
    UnknownKind = "unknown-kind",
    UnknownParameter = "unknown-parameter",
    /// A parameter's value does not fit its declared type, or the engine refuses it.
    BadParameter = "bad-parameter",
    /// A requirement misses one of its keys.
    MissingKey = "missing-key",
    /// A reference to a node that does not exist.
    UnknownNode = "unknown-node",

    // Wiring.
    /// An input port the node's kind does not have.
    UnknownPort = "unknown-port",
    /// An output port the source node does not have.
    UnknownOutput = "unknown-output",
    /// A wire from a node that could not be loaded (its kind is unknown, say).
    UnloadedInput = "unloaded-input",
    /// More wires into a port than it takes.
    TooManyInputs = "too-many-inputs",
    /// The same wire twice.
    DuplicateWire = "duplicate-wire",
    PortTypeMismatch = "port-type-mismatch",
    Cycle = "cycle",

    // Planning and running.
    MissingParameter = "missing-parameter",
    UnconnectedInput = "unconnected-input",
    /// Downstream of a node with an error.
    Blocked = "blocked",
    UnusedOutput = "unused-output",
    NoSink = "no-sink",
    ColumnNotFound = "column-not-found",
    BadSql = "bad-sql",
    /// A SQL query reads files or calls table functions instead of naming its inputs.
    SqlReadsFiles = "sql-reads-files",
    /// A sink writes outside the pipeline's folder.
    OutsideFolder = "outside-folder",
    /// A source path finds no files.
    NoFiles = "no-files",
    ReadFailed = "read-failed",
    WriteFailed = "write-failed",
    /// A Polars error while working out a schema.
    EngineError = "engine-error",
    /// A Polars error while data flows.
    DataError = "data-error",
    /// A background thread could not be started.
    NoThread = "no-thread",

    // Crawlers and the catalog.
    /// A crawl target cannot be listed (missing folder, bad glob).
    CrawlTarget = "crawl-target",
    /// A file a crawler could not classify, or recognises but does not read.
    UnclassifiedFile = "unclassified-file",
    /// A crawl changes (or changed) tables, columns or partitions of the catalog.
    SchemaChange = "schema-change",
    /// A catalog source names a table its catalog does not have.
    UnknownTable = "unknown-table",
    /// The catalog file beside the pipeline cannot be read.
    BadCatalog = "bad-catalog",
    /// A cron schedule that AWS would refuse.
    BadSchedule = "bad-schedule",

    // Data quality and requirements.
    /// A DQDL rule that does not parse, or cannot be evaluated on the node's input.
    BadRule = "bad-rule",
    /// A data-quality rule of severity error failed.
    QualityFailed = "quality-failed",
    /// The run history beside the pipeline cannot be read.
    BadHistory = "bad-history",
    /// A requirement that cannot be checked: a missing budget, a node that does not exist.
    BadRequirement = "bad-requirement",
    /// A requirement the pipeline's timing, as estimated, does not meet.
    RequirementUnmet = "requirement-unmet",
    /// A node set beyond what its platform allows (a Lambda timeout over 15 minutes).
    PlatformLimit = "platform-limit",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                text.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{text}"
            );
        }
    }
}

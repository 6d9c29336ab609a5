//! A schema change found between two crawls, and what the crawler's policy did with it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What the schema-change policy did with a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    /// Written to the catalog.
    Applied,
    /// Recorded only (`LOG`): the catalog keeps what it had.
    Logged,
    /// The table is kept, marked deprecated (`DEPRECATE_IN_DATABASE`).
    Deprecated,
}

/// One difference between what the catalog held and what a crawl found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum SchemaChange {
    TableAdded {
        table: String,
        action: ChangeAction,
    },
    TableDeleted {
        table: String,
        action: ChangeAction,
    },
    ColumnAdded {
        table: String,
        column: String,
        #[serde(rename = "type")]
        glue_type: String,
        action: ChangeAction,
    },
    ColumnRemoved {
        table: String,
        column: String,
        action: ChangeAction,
    },
    TypeChanged {
        table: String,
        column: String,
        from: String,
        to: String,
        action: ChangeAction,
    },
    PartitionAdded {
        table: String,
        values: Vec<String>,
        action: ChangeAction,
    },
    PartitionRemoved {
        table: String,
        values: Vec<String>,
        action: ChangeAction,
    },
}

impl SchemaChange {
    /// The table the change is about.
    pub fn table(&self) -> &str {
        match self {
            Self::TableAdded { table, .. }
            | Self::TableDeleted { table, .. }
            | Self::ColumnAdded { table, .. }
            | Self::ColumnRemoved { table, .. }
            | Self::TypeChanged { table, .. }
            | Self::PartitionAdded { table, .. }
            | Self::PartitionRemoved { table, .. } => table,
        }
    }

    /// What the policy did.
    pub fn action(&self) -> ChangeAction {
        match self {
            Self::TableAdded { action, .. }
            | Self::TableDeleted { action, .. }
            | Self::ColumnAdded { action, .. }
            | Self::ColumnRemoved { action, .. }
            | Self::TypeChanged { action, .. }
            | Self::PartitionAdded { action, .. }
            | Self::PartitionRemoved { action, .. } => *action,
        }
    }

    /// Whether the change alters the columns of a table that already existed (what readers of
    /// the table must hear of).
    pub fn is_schema_change(&self) -> bool {
        matches!(
            self,
            Self::ColumnAdded { .. }
                | Self::ColumnRemoved { .. }
                | Self::TypeChanged { .. }
                | Self::TableDeleted { .. }
        )
    }
}

impl fmt::Display for SchemaChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let suffix = match self.action() {
            ChangeAction::Applied => "",
            ChangeAction::Logged => " (logged only: the catalog keeps its old definition)",
            ChangeAction::Deprecated => " (kept, marked deprecated)",
        };
        match self {
            Self::TableAdded { table, .. } => write!(f, "new table `{table}`")?,
            Self::TableDeleted { table, .. } => write!(f, "table `{table}` is gone")?,
            Self::ColumnAdded {
                table,
                column,
                glue_type,
                ..
            } => write!(f, "table `{table}` gained column `{column}` ({glue_type})")?,
            Self::ColumnRemoved { table, column, .. } => {
                write!(f, "table `{table}` lost column `{column}`")?
            }
            Self::TypeChanged {
                table,
                column,
                from,
                to,
                ..
            } => write!(
                f,
                "column `{column}` of `{table}` changed from {from} to {to}"
            )?,
            Self::PartitionAdded { table, values, .. } => {
                write!(f, "new partition ({}) of `{table}`", values.join(", "))?
            }
            Self::PartitionRemoved { table, values, .. } => {
                write!(f, "partition ({}) of `{table}` is gone", values.join(", "))?
            }
        }
        f.write_str(suffix)
    }
}

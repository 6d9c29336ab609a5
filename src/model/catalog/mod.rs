//! The data catalog: databases of tables as a crawler records them (location, classification,
//! columns with Glue types, partition keys and partitions), and the history of each crawl's
//! schema changes. Pure data; the crawl itself lives in `crate::catalog`.

mod change;
mod file;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use change::{ChangeAction, SchemaChange};
pub use file::{CatalogFileError, catalog_path_for, load_catalog, save_catalog, to_canonical_toml};

/// The file format version of `*.catalog.toml` this build writes, and the newest it reads.
pub const CATALOG_FORMAT_VERSION: u32 = 1;

/// How many crawls each database keeps in its history; older ones are let go.
pub const HISTORY_LIMIT: usize = 50;

/// A whole catalog: what `<pipeline>.catalog.toml` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    #[serde(default = "current_version")]
    pub format_version: u32,
    /// Databases by name.
    #[serde(default, rename = "database")]
    pub databases: BTreeMap<String, Database>,
}

fn current_version() -> u32 {
    CATALOG_FORMAT_VERSION
}

impl Default for Catalog {
    fn default() -> Self {
        Self {
            format_version: CATALOG_FORMAT_VERSION,
            databases: BTreeMap::new(),
        }
    }
}

/// One database: its tables and the crawls that shaped them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Database {
    /// Tables by name.
    #[serde(default, rename = "table")]
    pub tables: BTreeMap<String, CatalogTable>,
    /// Every crawl of this database, oldest first, with the changes it found.
    #[serde(default, rename = "crawl")]
    pub history: Vec<CrawlRecord>,
}

/// One table, as a Glue crawler would write it to the Data Catalog.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CatalogTable {
    /// The folder (or file) the table's data lives in: a path (relative to the pipeline's folder
    /// when inside it, so the folder can be copied) or an `s3://` URI.
    pub location: String,
    /// Glue's classification: `csv`, `json`, `parquet`, `combined_apache`, `apache`.
    pub classification: String,
    /// `gzip` when the files are compressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<String>,
    /// The delimiter of a `csv` table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// Whether a `csv` table's files start with a header row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<bool>,
    /// `ndjson` or `array` for a `json` table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_format: Option<String>,
    pub columns: Vec<Column>,
    #[serde(default)]
    pub partition_keys: Vec<Column>,
    #[serde(default, rename = "partition")]
    pub partitions: Vec<Partition>,
    /// Rows estimated from the sample (exact for Parquet footers and fully sampled files).
    #[serde(default)]
    pub row_estimate: u64,
    /// How many data files the table holds.
    #[serde(default)]
    pub file_count: u64,
    /// When the table was last crawled (RFC 3339, UTC).
    #[serde(default)]
    pub last_crawl: String,
    /// The crawler that made the table; a crawler deletes or deprecates only its own.
    #[serde(default)]
    pub crawler: String,
    /// Set when a crawl no longer found the table and the policy is to deprecate it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

impl CatalogTable {
    /// The column named `name`, among the data columns or the partition keys.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .chain(&self.partition_keys)
            .find(|c| c.name == name)
    }
}

/// One column with the type Glue records for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// The Glue type: `bigint`, `double`, `boolean`, `string`, `struct<…>`, `array<…>`, …
    #[serde(rename = "type")]
    pub glue_type: String,
    /// Whether a null or empty value was seen (or the column is missing from some files).
    #[serde(default)]
    pub nullable: bool,
    /// Where Sluice's own reader types the column more precisely than Glue (a CSV timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sluice_type: Option<String>,
}

/// One partition: its value for each partition key, and its folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Partition {
    pub values: Vec<String>,
    pub location: String,
}

/// One crawl of a database: when, by which crawler, and what it changed or logged.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CrawlRecord {
    pub time: String,
    pub crawler: String,
    pub tables: usize,
    #[serde(default, rename = "change")]
    pub changes: Vec<SchemaChange>,
}

impl Catalog {
    /// The table `table` of database `database`.
    pub fn table(&self, database: &str, table: &str) -> Option<&CatalogTable> {
        self.databases.get(database)?.tables.get(table)
    }
}

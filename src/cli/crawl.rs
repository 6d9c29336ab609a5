//! `sluice crawl TARGET...`: what a Glue crawler would make of files, folders, globs or S3
//! prefixes, without a pipeline; with `--catalog`, the crawl is recorded there and the changes
//! since the last crawl are listed.

use std::path::PathBuf;
use std::time::Instant;

use serde_json::{Value, json};

use super::OutputFormat;
use crate::catalog::{
    AnyStore, ChangePolicy, CrawlOutcome, CrawlSpec, DeleteBehavior, Grouping, UpdateBehavior,
    crawl, crawled_database, now_rfc3339, record_crawl,
};
use crate::model::catalog::{Catalog, CatalogTable, SchemaChange, load_catalog, save_catalog};

#[derive(Debug, clap::Args)]
pub struct CrawlArgs {
    /// Folders, globs, files or s3://bucket/prefix URIs to crawl
    #[arg(required = true)]
    pub targets: Vec<String>,
    /// The catalog file to compare with and record the crawl in (*.catalog.toml)
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// The database the tables go in
    #[arg(long, default_value = "default", value_name = "NAME")]
    pub database: String,
    /// Put before every table name
    #[arg(long, default_value = "", value_name = "PREFIX")]
    pub table_prefix: String,
    /// Leave out files matching this glob, relative to a target (`**/*.tmp`); repeatable
    #[arg(long = "exclude", value_name = "GLOB")]
    pub exclusions: Vec<String>,
    /// One table per compatible format, whatever the similarity (CombineCompatibleSchemas)
    #[arg(long)]
    pub combine_compatible_schemas: bool,
    /// Make tables at this folder depth; the target's own folder is 1 (TableLevelConfiguration)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub table_level: Option<u16>,
    /// What a changed table does to the catalog
    #[arg(long, value_enum, default_value_t = UpdateArg::UpdateInDatabase)]
    pub update_behavior: UpdateArg,
    /// What a table no longer found does to the catalog
    #[arg(long, value_enum, default_value_t = DeleteArg::DeprecateInDatabase)]
    pub delete_behavior: DeleteArg,
    /// On update, add new columns only (MergeNewColumns)
    #[arg(long)]
    pub merge_new_columns: bool,
    /// Read only folders the catalog does not know yet; changes are logged (CRAWL_NEW_FOLDERS_ONLY)
    #[arg(long)]
    pub new_folders_only: bool,
    /// Files read per leaf folder (SampleSize, 1 to 249); all when absent
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=249))]
    pub sample_size: Option<u16>,
    /// With --catalog: show what would change, write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UpdateArg {
    UpdateInDatabase,
    Log,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DeleteArg {
    DeprecateInDatabase,
    DeleteFromDatabase,
    Log,
}

impl CrawlArgs {
    fn spec(&self) -> CrawlSpec {
        CrawlSpec {
            crawler: "sluice_crawl".into(),
            targets: self.targets.clone(),
            exclusions: self.exclusions.clone(),
            database: self.database.clone(),
            table_prefix: self.table_prefix.clone(),
            grouping: Grouping {
                combine_compatible_schemas: self.combine_compatible_schemas,
                table_level: self.table_level.map(usize::from),
            },
            policy: ChangePolicy {
                update: match self.update_behavior {
                    UpdateArg::UpdateInDatabase => UpdateBehavior::UpdateInDatabase,
                    UpdateArg::Log => UpdateBehavior::Log,
                },
                delete: match self.delete_behavior {
                    DeleteArg::DeprecateInDatabase => DeleteBehavior::DeprecateInDatabase,
                    DeleteArg::DeleteFromDatabase => DeleteBehavior::DeleteFromDatabase,
                    DeleteArg::Log => DeleteBehavior::Log,
                },
                merge_new_columns: self.merge_new_columns,
                new_folders_only: self.new_folders_only,
            },
            sample_size: self.sample_size.map(usize::from),
        }
    }
}

pub fn run(args: &CrawlArgs) -> anyhow::Result<u8> {
    let spec = args.spec();
    let store = AnyStore::new(&std::env::current_dir()?);
    let mut catalog = match &args.catalog {
        Some(path) => load_catalog(path)?,
        None => Catalog::default(),
    };
    let now = now_rfc3339();
    let started = Instant::now();
    let known = catalog.databases.get(&spec.database).cloned();
    let outcome = crawl(&spec, &store, known.as_ref(), &now);
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let (tables, changes) = match (&args.catalog, args.dry_run) {
        (Some(path), false) => {
            let changes = record_crawl(&mut catalog, &spec, &outcome, &now);
            save_catalog(path, &catalog)?;
            let tables = catalog
                .databases
                .get(&spec.database)
                .map(|d| d.tables.clone())
                .unwrap_or_default();
            (tables, changes)
        }
        _ => {
            let (database, changes) = crawled_database(&catalog, &spec, &outcome);
            (database.tables, changes)
        }
    };
    match args.format {
        OutputFormat::Json => {
            let report = json!({
                "database": spec.database,
                "tables": tables.iter().map(|(name, t)| table_json(name, t)).collect::<Vec<_>>(),
                "unclassified": outcome.unclassified.iter().map(|u| json!({
                    "location": u.location,
                    "classification": u.classification,
                    "reason": u.reason,
                })).collect::<Vec<_>>(),
                "target_errors": outcome.target_errors.iter().map(|(target, reason)| json!({
                    "target": target,
                    "reason": reason,
                })).collect::<Vec<_>>(),
                "changes": changes.iter().map(change_json).collect::<Vec<_>>(),
                "files_listed": outcome.files_listed,
                "files_read": outcome.files_read,
                "requests": outcome.requests,
                "duration_ms": (elapsed_ms * 10.0).round() / 10.0,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        OutputFormat::Text => print_text(&spec, &tables, &outcome, &changes, elapsed_ms),
    }
    Ok(if outcome.target_errors.is_empty() {
        super::exit::OK
    } else {
        super::exit::PIPELINE_ERROR
    })
}

/// A table in `sluice crawl --format json`.
pub fn table_json(name: &str, table: &CatalogTable) -> Value {
    let column = |c: &crate::model::catalog::Column| {
        let mut value = json!({ "name": c.name, "type": c.glue_type, "nullable": c.nullable });
        if let Some(sluice) = &c.sluice_type {
            value["sluice_type"] = json!(sluice);
        }
        value
    };
    json!({
        "name": name,
        "location": table.location,
        "classification": table.classification,
        "compression": table.compression,
        "delimiter": table.delimiter,
        "header": table.header,
        "json_format": table.json_format,
        "columns": table.columns.iter().map(column).collect::<Vec<_>>(),
        "partition_keys": table.partition_keys.iter().map(column).collect::<Vec<_>>(),
        "partitions": table.partitions.iter().map(|p| json!({
            "values": p.values,
            "location": p.location,
        })).collect::<Vec<_>>(),
        "row_estimate": table.row_estimate,
        "file_count": table.file_count,
        "last_crawl": table.last_crawl,
        "deprecated": table.deprecated,
    })
}

fn change_json(change: &SchemaChange) -> Value {
    let mut value = serde_json::to_value(change).unwrap_or(Value::Null);
    value["message"] = json!(change.to_string());
    value
}

fn print_text(
    spec: &CrawlSpec,
    tables: &std::collections::BTreeMap<String, CatalogTable>,
    outcome: &CrawlOutcome,
    changes: &[SchemaChange],
    elapsed_ms: f64,
) {
    println!(
        "database `{}`: {} table{} from {} file{} ({} read) in {elapsed_ms:.0} ms",
        spec.database,
        tables.len(),
        if tables.len() == 1 { "" } else { "s" },
        outcome.files_listed,
        if outcome.files_listed == 1 { "" } else { "s" },
        outcome.files_read,
    );
    for (name, table) in tables {
        let compression = table
            .compression
            .as_ref()
            .map(|c| format!(", {c}"))
            .unwrap_or_default();
        let deprecated = if table.deprecated {
            " (deprecated)"
        } else {
            ""
        };
        println!(
            "\ntable {name}{deprecated}: {}{compression} at {}, about {} rows in {} file{}",
            table.classification,
            table.location,
            table.row_estimate,
            table.file_count,
            if table.file_count == 1 { "" } else { "s" }
        );
        for column in &table.columns {
            let nullable = if column.nullable { "" } else { " not null" };
            let sluice = column
                .sluice_type
                .as_ref()
                .map(|t| format!("  (Sluice reads {t})"))
                .unwrap_or_default();
            println!(
                "  {:<24} {}{nullable}{sluice}",
                column.name, column.glue_type
            );
        }
        if !table.partition_keys.is_empty() {
            let keys: Vec<String> = table
                .partition_keys
                .iter()
                .map(|k| format!("{} {}", k.name, k.glue_type))
                .collect();
            println!(
                "  partitioned by {}: {} partition{}",
                keys.join(", "),
                table.partitions.len(),
                if table.partitions.len() == 1 { "" } else { "s" }
            );
        }
    }
    if !outcome.unclassified.is_empty() {
        println!("\nnot classified:");
        for file in &outcome.unclassified {
            println!(
                "  {} {}: {}",
                file.classification, file.location, file.reason
            );
        }
    }
    for (target, reason) in &outcome.target_errors {
        eprintln!("sluice: cannot crawl `{target}`: {reason}");
    }
    if !changes.is_empty() {
        println!("\nchanges since the last crawl:");
        for change in changes {
            println!("  {change}");
        }
    }
}

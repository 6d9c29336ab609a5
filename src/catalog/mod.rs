//! The crawler: what an AWS Glue crawler would write to the Data Catalog, worked out locally and
//! at once. Lists each target, classifies every file by content in Glue's order, infers its
//! schema from Glue's sample, groups files into tables and partitions by Glue's rules, and
//! applies the result to the catalog under the crawler's schema-change policy.

mod access_log;
mod classify;
mod column;
mod delimited;
mod glue_type;
mod group;
mod json;
mod names;
mod policy;
mod s3;
mod store;
mod table;
mod text_values;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

pub use access_log::{LINE_PATTERN as ACCESS_LOG_PATTERN, LogFormat, parse_line as parse_log_line};
pub use classify::{FileSchema, Format, Verdict, classify};
pub use glue_type::GlueType;
pub use group::{Grouping, MAX_SCHEMA_CLUSTERS, SIMILARITY_THRESHOLD};
pub use names::clean_table_name;
pub use policy::{ChangePolicy, DeleteBehavior, UpdateBehavior, apply_crawl};
pub use s3::{S3Store, split_uri};
pub use store::{AnyStore, Listed, Listing, LocalStore, Store, glob_files};
pub use table::{catalog_table, file_schema_of};

use crate::model::catalog::{Catalog, CrawlRecord, Database, HISTORY_LIMIT, SchemaChange};

/// What a crawler is told to do: a `crawler` node's parameters, or `sluice crawl`'s arguments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CrawlSpec {
    /// The crawler's name, recorded on the tables it makes.
    pub crawler: String,
    /// Folders, globs, files or `s3://bucket/prefix` URIs.
    pub targets: Vec<String>,
    /// Glob patterns relative to a target (`**/*.tmp`, `archive/**`) of files to leave out.
    pub exclusions: Vec<String>,
    pub database: String,
    pub table_prefix: String,
    pub grouping: Grouping,
    pub policy: ChangePolicy,
    /// `SampleSize`: how many files of each leaf folder are read (all when `None`).
    pub sample_size: Option<usize>,
}

/// A file the crawler could not classify (`UNKNOWN`) or recognised but does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclassified {
    pub location: String,
    pub classification: &'static str,
    pub reason: String,
}

/// What one crawl found, before it is applied to a catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CrawlOutcome {
    /// The tables found, by their cleaned names.
    pub tables: BTreeMap<String, crate::model::catalog::CatalogTable>,
    pub unclassified: Vec<Unclassified>,
    /// Targets that could not be listed, with the reason.
    pub target_errors: Vec<(String, String)>,
    pub files_listed: usize,
    /// Files whose sample was read (the rest were excluded, markers, or known folders).
    pub files_read: usize,
    /// The data files of each table found, by table name.
    pub table_files: BTreeMap<String, Vec<String>>,
    /// Requests made to remote stores (S3 list and ranged-read calls).
    pub requests: u64,
}

/// Crawls `spec`'s targets in `store`. `known` is what the catalog already holds for the
/// database: with `CRAWL_NEW_FOLDERS_ONLY`, files in its known folders are not read again.
/// `now` is the crawl time written on each table (RFC 3339).
pub fn crawl(
    spec: &CrawlSpec,
    store: &dyn Store,
    known: Option<&Database>,
    now: &str,
) -> CrawlOutcome {
    let requests_before = store.requests();
    let mut outcome = crawl_targets(spec, store, known, now);
    outcome.requests = store.requests() - requests_before;
    outcome
}

fn crawl_targets(
    spec: &CrawlSpec,
    store: &dyn Store,
    known: Option<&Database>,
    now: &str,
) -> CrawlOutcome {
    let mut outcome = CrawlOutcome::default();
    let exclusions: Vec<glob::Pattern> = spec
        .exclusions
        .iter()
        .filter_map(|p| glob::Pattern::new(p).ok())
        .collect();
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let known_folders: Vec<(String, &crate::model::catalog::CatalogTable)> = match known {
        Some(database) if spec.policy.new_folders_only => database
            .tables
            .values()
            .filter(|t| t.crawler.is_empty() || t.crawler == spec.crawler)
            .flat_map(|table| {
                let folders: Vec<String> = if table.partitions.is_empty() {
                    vec![table.location.clone()]
                } else {
                    table
                        .partitions
                        .iter()
                        .map(|p| p.location.clone())
                        .collect()
                };
                folders.into_iter().map(move |f| (f, table))
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut taken = BTreeSet::new();
    for target in &spec.targets {
        let listing = match store.list(target) {
            Ok(listing) => listing,
            Err(error) => {
                outcome.target_errors.push((target.clone(), error));
                continue;
            }
        };
        outcome.files_listed += listing.objects.len();
        let wanted: Vec<&Listed> = listing
            .objects
            .iter()
            .filter(|object| !store::is_marker(object))
            .filter(|object| {
                if exclusions.is_empty() {
                    return true;
                }
                let mut relative = object.folders.join("/");
                if !relative.is_empty() {
                    relative.push('/');
                }
                relative.push_str(&object.name);
                !exclusions
                    .iter()
                    .any(|p| p.matches_with(&relative, options))
            })
            .collect();
        let sampled = sampled_files(&wanted, spec.sample_size);
        let verdicts: Vec<(usize, Verdict)> = sampled
            .par_iter()
            .map(|&index| {
                let object = wanted[index];
                let folder = object
                    .location
                    .strip_suffix(&object.name)
                    .unwrap_or(&object.location)
                    .trim_end_matches('/');
                let known_schema = known_folders
                    .iter()
                    .find(|(location, _)| location.trim_end_matches('/') == folder)
                    .and_then(|(_, table)| file_schema_of(table));
                match known_schema {
                    Some(schema) => (index, Verdict::Known(schema)),
                    None => (index, classify(store, object)),
                }
            })
            .collect();
        outcome.files_read += verdicts.len();
        let mut by_index: BTreeMap<usize, Verdict> = verdicts.into_iter().collect();
        let mut classified: Vec<group::Classified<'_>> = Vec::new();
        // The last sampled file (its index in `classified`), for the files not sampled after it.
        let mut last_sampled: Option<usize> = None;
        for (index, object) in wanted.iter().enumerate() {
            match by_index.remove(&index) {
                Some(Verdict::Known(schema)) => {
                    last_sampled = Some(classified.len());
                    classified.push(group::Classified::new(object, schema));
                }
                Some(Verdict::Unclassified {
                    classification,
                    reason,
                }) => outcome.unclassified.push(Unclassified {
                    location: object.location.clone(),
                    classification,
                    reason,
                }),
                None => {
                    // Not in the sample: it takes the schema of its folder's sampled files.
                    if let Some(sampled) = last_sampled.map(|i| &classified[i])
                        && sampled.object.folders == object.folders
                    {
                        let mut schema = sampled.schema.clone();
                        schema.row_estimate = 0;
                        classified.push(group::Classified::new(object, schema));
                    }
                }
            }
        }
        for found in group::group_files(
            &classified,
            &listing.root,
            &listing.root_name,
            spec.grouping,
        ) {
            let name = names::unique_name(
                clean_table_name(&spec.table_prefix, &found.name),
                &found.location,
                &taken,
            );
            taken.insert(name.clone());
            let table = catalog_table(&found, &spec.crawler, now);
            outcome.table_files.insert(name.clone(), found.files);
            outcome.tables.insert(name, table);
        }
    }
    outcome
}

/// The files of each leaf folder that are read: the first `sample_size`, or all.
fn sampled_files(files: &[&Listed], sample_size: Option<usize>) -> Vec<usize> {
    let Some(limit) = sample_size else {
        return (0..files.len()).collect();
    };
    let mut per_folder: BTreeMap<&[String], usize> = BTreeMap::new();
    (0..files.len())
        .filter(|&index| {
            let count = per_folder.entry(&files[index].folders[..]).or_default();
            *count += 1;
            *count <= limit
        })
        .collect()
}

/// The database `spec.database` as it would be after applying `outcome`, and the changes.
pub fn crawled_database(
    catalog: &Catalog,
    spec: &CrawlSpec,
    outcome: &CrawlOutcome,
) -> (Database, Vec<SchemaChange>) {
    let stored = catalog
        .databases
        .get(&spec.database)
        .cloned()
        .unwrap_or_default();
    let (tables, changes) = apply_crawl(
        &stored.tables,
        outcome.tables.clone(),
        &spec.crawler,
        spec.policy,
    );
    let database = Database {
        tables,
        history: stored.history,
    };
    (database, changes)
}

/// Applies `outcome` to `catalog` and appends the crawl to the database's history.
pub fn record_crawl(
    catalog: &mut Catalog,
    spec: &CrawlSpec,
    outcome: &CrawlOutcome,
    now: &str,
) -> Vec<SchemaChange> {
    let (mut database, changes) = crawled_database(catalog, spec, outcome);
    database.history.push(CrawlRecord {
        time: now.to_string(),
        crawler: spec.crawler.clone(),
        tables: outcome.tables.len(),
        changes: changes.clone(),
    });
    let excess = database.history.len().saturating_sub(HISTORY_LIMIT);
    database.history.drain(..excess);
    catalog.databases.insert(spec.database.clone(), database);
    changes
}

/// The current time in RFC 3339, UTC, to the second.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

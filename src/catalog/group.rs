//! Grouping classified files into tables as Glue's crawler does: files of one table share a
//! format and compression; folders under a table become partitions (`key=value` gives the key's
//! name, plain folders `partition_0`, `partition_1`, …) when their schemas are more than 70%
//! alike in at most 5 clusters; else each folder is a table of its own, named after it.
//! `CombineCompatibleSchemas` merges compatible formats whatever the similarity;
//! `TableLevelConfiguration` fixes the table at a folder depth (the target's own folder is 1).

use super::classify::{FileSchema, Format};
use super::column::{InferredColumn, merge_columns, similarity};
use super::glue_type::GlueType;
use super::store::Listed;

/// Schemas above this similarity are one table's partitions.
pub const SIMILARITY_THRESHOLD: f64 = 0.7;
/// At most this many schema clusters become one table.
pub const MAX_SCHEMA_CLUSTERS: usize = 5;

/// How folders become tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Grouping {
    /// `CombineCompatibleSchemas`: one table per compatible format at the target, whatever the
    /// similarity of the folders' schemas.
    pub combine_compatible_schemas: bool,
    /// `TableLevelConfiguration`: tables sit at this folder depth (1 is the target's folder).
    pub table_level: Option<usize>,
}

/// A classified file under a target.
#[derive(Debug, Clone)]
pub struct Classified<'a> {
    pub object: &'a Listed,
    pub schema: FileSchema,
    /// A hash of the sorted column names: files with equal keys are one schema cluster.
    names_key: u64,
}

impl<'a> Classified<'a> {
    pub fn new(object: &'a Listed, schema: FileSchema) -> Self {
        use std::hash::{Hash, Hasher};
        let mut names: Vec<&str> = schema.columns.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        names.hash(&mut hasher);
        let names_key = hasher.finish();
        Self {
            object,
            schema,
            names_key,
        }
    }
}

/// A table before it is named and written to the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct TableFound {
    /// The folder (or file) name it is named after.
    pub name: String,
    pub location: String,
    pub format: Format,
    pub compression: Option<&'static str>,
    pub columns: Vec<InferredColumn>,
    pub partition_keys: Vec<InferredColumn>,
    /// Each partition's values and folder.
    pub partitions: Vec<(Vec<String>, String)>,
    pub row_estimate: u64,
    pub file_count: u64,
    /// Every data file of the table, in listing order.
    pub files: Vec<String>,
}

/// The tables the files under one target's root make. `root` is the root's location and
/// `root_name` what a table there is named after; `separator` joins folders (`/`).
pub fn group_files(
    files: &[Classified<'_>],
    root: &str,
    root_name: &str,
    grouping: Grouping,
) -> Vec<TableFound> {
    let members: Vec<Member<'_>> = files.iter().map(|file| Member { file, depth: 0 }).collect();
    let mut tables = Vec::new();
    group_folder(&members, root, root_name, 1, grouping, &mut tables);
    tables
}

#[derive(Clone, Copy)]
struct Member<'a> {
    file: &'a Classified<'a>,
    /// How many of the file's folders are above the folder being grouped.
    depth: usize,
}

impl Member<'_> {
    fn remaining(&self) -> &[String] {
        &self.file.object.folders[self.depth..]
    }
}

fn join(location: &str, name: &str) -> String {
    if location.ends_with('/') {
        format!("{location}{name}")
    } else {
        format!("{location}/{name}")
    }
}

type Signature = (Format, Option<&'static str>);

fn signature(schema: &FileSchema) -> Signature {
    (schema.format.clone(), schema.compression)
}

/// The distinct formats and compressions of `members`, in first-seen order.
fn signatures(members: &[Member<'_>]) -> Vec<Signature> {
    let mut found: Vec<Signature> = Vec::new();
    for member in members {
        let sig = signature(&member.file.schema);
        if !found.contains(&sig) {
            found.push(sig);
        }
    }
    found
}

fn group_folder(
    members: &[Member<'_>],
    location: &str,
    name: &str,
    level: usize,
    grouping: Grouping,
    tables: &mut Vec<TableFound>,
) {
    if members.is_empty() {
        return;
    }
    let here_is_table_level = grouping.table_level.is_some_and(|n| level >= n);
    let below_table_level = grouping.table_level.is_some_and(|n| level < n);
    if !below_table_level {
        let signatures = signatures(members);
        let depths_agree = members
            .iter()
            .all(|m| m.remaining().len() == members[0].remaining().len());
        let one_format = signatures.len() == 1;
        if one_format
            && depths_agree
            && (here_is_table_level || grouping.combine_compatible_schemas || compatible(members))
        {
            tables.push(make_table(members, location, name));
            return;
        }
        if here_is_table_level || (grouping.combine_compatible_schemas && depths_agree) {
            // One table per format at this folder, as the level (or the policy) fixes it.
            for sig in &signatures {
                let same: Vec<Member<'_>> = members
                    .iter()
                    .copied()
                    .filter(|m| signature(&m.file.schema) == *sig)
                    .collect();
                let same_depth = same
                    .iter()
                    .all(|m| m.remaining().len() == same[0].remaining().len());
                if same_depth {
                    let table_name = if signatures.len() == 1 {
                        name.to_string()
                    } else {
                        format!("{name}_{}", sig.0.classification())
                    };
                    tables.push(make_table(&same, location, &table_name));
                } else {
                    split_by_folder(&same, location, name, level, grouping, tables);
                }
            }
            return;
        }
    }
    split_by_folder(members, location, name, level, grouping, tables);
}

/// Files directly in the folder make tables of their own (one per format); each subfolder is
/// grouped on its own, named after itself.
fn split_by_folder(
    members: &[Member<'_>],
    location: &str,
    name: &str,
    level: usize,
    grouping: Grouping,
    tables: &mut Vec<TableFound>,
) {
    let (here, below): (Vec<Member<'_>>, Vec<Member<'_>>) =
        members.iter().partition(|m| m.remaining().is_empty());
    if !here.is_empty() {
        leaf_tables(&here, location, name, tables);
    }
    let mut children: Vec<&str> = below.iter().map(|m| m.remaining()[0].as_str()).collect();
    children.dedup();
    for child in children {
        let inside: Vec<Member<'_>> = below
            .iter()
            .filter(|m| m.remaining()[0] == child)
            .map(|m| Member {
                file: m.file,
                depth: m.depth + 1,
            })
            .collect();
        group_folder(
            &inside,
            &join(location, child),
            child,
            level + 1,
            grouping,
            tables,
        );
    }
}

/// Files in one folder: one table when they agree, else one per format (`<folder>_csv`), and
/// one per file, named after it, when a format's schemas are not alike or a file is alone in
/// its format.
fn leaf_tables(members: &[Member<'_>], location: &str, name: &str, tables: &mut Vec<TableFound>) {
    let signatures = signatures(members);
    for sig in &signatures {
        let same: Vec<Member<'_>> = members
            .iter()
            .copied()
            .filter(|m| signature(&m.file.schema) == *sig)
            .collect();
        let base = if signatures.len() == 1 {
            name.to_string()
        } else {
            format!("{name}_{}", sig.0.classification())
        };
        // A file alone in its format among others is a table of its own, named after it.
        let alone = same.len() == 1 && signatures.len() > 1;
        if compatible(&same) && !alone {
            tables.push(make_table(&same, location, &base));
        } else {
            for member in same {
                let object = member.file.object;
                let stem = object.name.split('.').next().unwrap_or(&object.name);
                tables.push(make_table(&[member], &object.location, stem));
            }
        }
    }
}

/// Whether the members' schemas are alike enough to be one table: at most 5 clusters of equal
/// column names, each more than 70% similar to the largest.
fn compatible(members: &[Member<'_>]) -> bool {
    let mut clusters: Vec<(u64, &[InferredColumn], usize)> = Vec::new();
    for member in members {
        let key = member.file.names_key;
        match clusters.iter_mut().find(|(k, _, _)| *k == key) {
            Some(cluster) => cluster.2 += 1,
            None => clusters.push((key, member.file.schema.columns.as_slice(), 1)),
        }
    }
    if clusters.len() > MAX_SCHEMA_CLUSTERS {
        return false;
    }
    let Some(largest) = clusters.iter().max_by_key(|(_, _, count)| *count) else {
        return true;
    };
    clusters
        .iter()
        .all(|(_, columns, _)| similarity(columns, largest.1) > SIMILARITY_THRESHOLD)
}

/// One table of `members` rooted at `location`: the union schema, and a partition per distinct
/// folder path below it.
fn make_table(members: &[Member<'_>], location: &str, name: &str) -> TableFound {
    let first = &members[0].file.schema;
    let levels = members[0].remaining().len();
    let mut partitions: Vec<(Vec<String>, String)> = Vec::new();
    let mut keys: Vec<String> = (0..levels).map(|i| format!("partition_{i}")).collect();
    for (level, key) in keys.iter_mut().enumerate() {
        let mut hive_key: Option<&str> = None;
        let all_hive = members
            .iter()
            .all(|m| match m.remaining()[level].split_once('=') {
                Some((k, _)) if hive_key.is_none_or(|h| h == k) && !k.is_empty() => {
                    hive_key = Some(k);
                    true
                }
                _ => false,
            });
        if let (true, Some(hive)) = (all_hive, hive_key) {
            *key = hive.to_lowercase();
        }
    }
    // Each distinct folder path below the table is one partition.
    let mut seen: std::collections::HashSet<&[String]> = std::collections::HashSet::new();
    for member in members {
        let folders = member.remaining();
        if !seen.insert(folders) {
            continue;
        }
        let values: Vec<String> = folders
            .iter()
            .enumerate()
            .map(|(level, folder)| {
                if keys[level].starts_with("partition_") && !folder.contains('=') {
                    folder.clone()
                } else {
                    folder
                        .split_once('=')
                        .map_or(folder.as_str(), |(_, v)| v)
                        .to_string()
                }
            })
            .collect();
        if !partitions.iter().any(|(v, _)| *v == values) {
            let mut partition_location = location.to_string();
            for folder in folders {
                partition_location = join(&partition_location, folder);
            }
            partitions.push((values, partition_location));
        }
    }
    partitions.sort();
    let partition_keys: Vec<InferredColumn> = keys
        .iter()
        .enumerate()
        .map(|(level, key)| {
            let whole = partitions
                .iter()
                .all(|(v, _)| v[level].parse::<i64>().is_ok());
            let key_type = if whole {
                GlueType::BigInt
            } else {
                GlueType::String
            };
            InferredColumn::new(key.clone(), key_type, false)
        })
        .collect();
    let mut columns = merge_columns(members.iter().map(|m| m.file.schema.columns.as_slice()));
    columns.retain(|c| !keys.contains(&c.name));
    TableFound {
        name: name.to_string(),
        location: location.to_string(),
        format: first.format.clone(),
        compression: first.compression,
        columns,
        partition_keys,
        partitions,
        row_estimate: members.iter().map(|m| m.file.schema.row_estimate).sum(),
        file_count: members.len() as u64,
        files: members
            .iter()
            .map(|m| m.file.object.location.clone())
            .collect(),
    }
}

//! A crawl applied to what the catalog held, under Glue's schema-change policy: new tables and
//! partitions are always added; `UpdateBehavior` updates changed tables or only logs them
//! (`MergeNewColumns` adds columns and nothing else); `DeleteBehavior` deprecates (the default),
//! deletes or logs tables no longer found; `CRAWL_NEW_FOLDERS_ONLY` logs every change.

use std::collections::BTreeMap;

use crate::model::catalog::{CatalogTable, ChangeAction, SchemaChange};

/// `UpdateBehavior`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UpdateBehavior {
    #[default]
    UpdateInDatabase,
    Log,
}

/// `DeleteBehavior`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeleteBehavior {
    #[default]
    DeprecateInDatabase,
    DeleteFromDatabase,
    Log,
}

/// A crawler's schema-change and recrawl policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangePolicy {
    pub update: UpdateBehavior,
    pub delete: DeleteBehavior,
    /// `MergeNewColumns`: an update adds new columns only.
    pub merge_new_columns: bool,
    /// `RecrawlPolicy: CRAWL_NEW_FOLDERS_ONLY`: only new folders are read; changes are logged.
    pub new_folders_only: bool,
}

impl ChangePolicy {
    fn update(&self) -> UpdateBehavior {
        if self.new_folders_only {
            UpdateBehavior::Log
        } else {
            self.update
        }
    }

    fn delete(&self) -> DeleteBehavior {
        if self.new_folders_only {
            DeleteBehavior::Log
        } else {
            self.delete
        }
    }
}

/// The tables of a database after a crawl by `crawler` found `found`, and the changes, each with
/// what the policy did. Tables another crawler made are left alone.
pub fn apply_crawl(
    stored: &BTreeMap<String, CatalogTable>,
    found: BTreeMap<String, CatalogTable>,
    crawler: &str,
    policy: ChangePolicy,
) -> (BTreeMap<String, CatalogTable>, Vec<SchemaChange>) {
    let mut tables = stored.clone();
    let mut changes = Vec::new();
    let found_names: std::collections::BTreeSet<String> = found.keys().cloned().collect();
    for (name, new) in found {
        match stored.get(&name) {
            None => {
                changes.push(SchemaChange::TableAdded {
                    table: name.clone(),
                    action: ChangeAction::Applied,
                });
                tables.insert(name, new);
            }
            Some(old) => {
                let updated = update_table(&name, old, new, policy, &mut changes);
                tables.insert(name, updated);
            }
        }
    }
    for (name, old) in stored {
        let ours = old.crawler.is_empty() || old.crawler == crawler;
        if !ours || found_names.contains(name) {
            continue;
        }
        match policy.delete() {
            DeleteBehavior::DeprecateInDatabase => {
                if !old.deprecated {
                    changes.push(SchemaChange::TableDeleted {
                        table: name.clone(),
                        action: ChangeAction::Deprecated,
                    });
                }
                if let Some(table) = tables.get_mut(name) {
                    table.deprecated = true;
                }
            }
            DeleteBehavior::DeleteFromDatabase => {
                changes.push(SchemaChange::TableDeleted {
                    table: name.clone(),
                    action: ChangeAction::Applied,
                });
                tables.remove(name);
            }
            DeleteBehavior::Log => changes.push(SchemaChange::TableDeleted {
                table: name.clone(),
                action: ChangeAction::Logged,
            }),
        }
    }
    (tables, changes)
}

/// One table found again: its columns and partitions compared, changed as the policy says.
fn update_table(
    name: &str,
    old: &CatalogTable,
    mut new: CatalogTable,
    policy: ChangePolicy,
    changes: &mut Vec<SchemaChange>,
) -> CatalogTable {
    let update = policy.update() == UpdateBehavior::UpdateInDatabase;
    let schema_action = if update && !policy.merge_new_columns {
        ChangeAction::Applied
    } else {
        ChangeAction::Logged
    };
    let added_action = if update {
        ChangeAction::Applied
    } else {
        ChangeAction::Logged
    };
    let mut columns = old.columns.clone();
    for column in &new.columns {
        match old.columns.iter().position(|c| c.name == column.name) {
            None => {
                changes.push(SchemaChange::ColumnAdded {
                    table: name.into(),
                    column: column.name.clone(),
                    glue_type: column.glue_type.clone(),
                    action: added_action,
                });
                if update {
                    columns.push(column.clone());
                }
            }
            Some(index) if old.columns[index].glue_type != column.glue_type => {
                changes.push(SchemaChange::TypeChanged {
                    table: name.into(),
                    column: column.name.clone(),
                    from: old.columns[index].glue_type.clone(),
                    to: column.glue_type.clone(),
                    action: schema_action,
                });
            }
            Some(_) => {}
        }
    }
    for column in &old.columns {
        if !new.columns.iter().any(|c| c.name == column.name) {
            changes.push(SchemaChange::ColumnRemoved {
                table: name.into(),
                column: column.name.clone(),
                action: schema_action,
            });
        }
    }
    if schema_action == ChangeAction::Logged {
        new.columns = columns;
        if !update {
            // LOG keeps the table's definition; only its partitions and crawl time move.
            let mut kept = old.clone();
            kept.partitions = merged_partitions(name, old, &new, policy, changes);
            kept.last_crawl = new.last_crawl;
            kept.deprecated = false;
            return kept;
        }
    }
    new.partitions = merged_partitions(name, old, &new, policy, changes);
    new
}

/// New partitions are added; vanished ones are removed only under `DELETE_FROM_DATABASE`.
fn merged_partitions(
    name: &str,
    old: &CatalogTable,
    new: &CatalogTable,
    policy: ChangePolicy,
    changes: &mut Vec<SchemaChange>,
) -> Vec<crate::model::catalog::Partition> {
    let mut partitions = new.partitions.clone();
    for partition in &new.partitions {
        if !old.partitions.iter().any(|p| p.values == partition.values) {
            changes.push(SchemaChange::PartitionAdded {
                table: name.into(),
                values: partition.values.clone(),
                action: ChangeAction::Applied,
            });
        }
    }
    for partition in &old.partitions {
        if new.partitions.iter().any(|p| p.values == partition.values) {
            continue;
        }
        let delete = policy.delete() == DeleteBehavior::DeleteFromDatabase;
        changes.push(SchemaChange::PartitionRemoved {
            table: name.into(),
            values: partition.values.clone(),
            action: if delete {
                ChangeAction::Applied
            } else {
                ChangeAction::Logged
            },
        });
        if !delete {
            partitions.push(partition.clone());
        }
    }
    partitions.sort();
    partitions
}

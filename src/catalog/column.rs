//! A column as one file's sample gives it, and the merge of several files' columns.

use super::glue_type::GlueType;
use crate::model::catalog::Column;

/// One column inferred from a sample.
#[derive(Debug, Clone, PartialEq)]
pub struct InferredColumn {
    pub name: String,
    pub glue_type: GlueType,
    /// A null or empty value was seen.
    pub nullable: bool,
    /// Where Sluice's reader would type the column more precisely (`date`, `datetime`).
    pub sluice_type: Option<&'static str>,
}

impl InferredColumn {
    pub fn new(name: impl Into<String>, glue_type: GlueType, nullable: bool) -> Self {
        Self {
            name: name.into(),
            glue_type,
            nullable,
            sluice_type: None,
        }
    }

    /// The catalog's record of the column.
    pub fn to_catalog(&self) -> Column {
        Column {
            name: self.name.clone(),
            glue_type: self.glue_type.to_string(),
            nullable: self.nullable,
            sluice_type: self.sluice_type.map(str::to_string),
        }
    }
}

/// The union of several files' columns in first-seen order: types widen, and a column missing
/// from some files is nullable.
pub fn merge_columns<'a>(
    schemas: impl IntoIterator<Item = &'a [InferredColumn]>,
) -> Vec<InferredColumn> {
    let mut merged: Vec<InferredColumn> = Vec::new();
    let mut files = 0usize;
    let mut seen_in: Vec<usize> = Vec::new();
    for schema in schemas {
        files += 1;
        for column in schema {
            match merged.iter().position(|c| c.name == column.name) {
                Some(index) => {
                    let existing = &mut merged[index];
                    existing.glue_type.widen_in_place(&column.glue_type);
                    existing.nullable |= column.nullable;
                    if existing.sluice_type != column.sluice_type {
                        existing.sluice_type = None;
                    }
                    seen_in[index] += 1;
                }
                None => {
                    merged.push(column.clone());
                    seen_in.push(1);
                }
            }
        }
    }
    for (column, seen) in merged.iter_mut().zip(seen_in) {
        if seen < files {
            column.nullable = true;
        }
    }
    merged
}

/// How alike two schemas are by their column names: shared names over all names (Jaccard).
pub fn similarity(a: &[InferredColumn], b: &[InferredColumn]) -> f64 {
    let shared = a
        .iter()
        .filter(|c| b.iter().any(|d| d.name == c.name))
        .count();
    let all = a.len() + b.len() - shared;
    if all == 0 {
        1.0
    } else {
        shared as f64 / all as f64
    }
}

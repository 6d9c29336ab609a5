//! `<pipeline>.catalog.toml`: the catalog beside its pipeline, written canonically (sorted,
//! the same text for the same catalog) and atomically (a crash leaves the old file or the new).

use std::path::{Path, PathBuf};

use super::{CATALOG_FORMAT_VERSION, Catalog};
use crate::model::file_format::{CompanionReadError, read_companion, write_atomically};

/// Why a catalog file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CatalogFileError {
    #[error("cannot read the catalog `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the catalog `{path}` is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error(
        "the catalog `{path}` has format version {found}; this build reads up to {CATALOG_FORMAT_VERSION}"
    )]
    NewerVersion { path: PathBuf, found: u32 },
    #[error("cannot write the catalog `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the catalog: {0}")]
    Serialize(String),
}

/// The catalog file beside pipeline `pipeline_file`: `logs.sluice.toml` -> `logs.catalog.toml`.
pub fn catalog_path_for(pipeline_file: &Path) -> PathBuf {
    crate::model::file_format::companion_path(pipeline_file, "catalog")
}

/// Reads a catalog file; a missing file is an empty catalog.
pub fn load_catalog(path: &Path) -> Result<Catalog, CatalogFileError> {
    let path_buf = path.to_path_buf();
    let catalog: Catalog = read_companion(path).map_err(|error| match error {
        CompanionReadError::Read(source) => CatalogFileError::Read {
            path: path_buf,
            source,
        },
        CompanionReadError::Parse(message) => CatalogFileError::Parse {
            path: path_buf,
            message,
        },
    })?;
    if catalog.format_version > CATALOG_FORMAT_VERSION {
        return Err(CatalogFileError::NewerVersion {
            path: path.to_path_buf(),
            found: catalog.format_version,
        });
    }
    Ok(catalog)
}

/// The canonical text of a catalog.
pub fn to_canonical_toml(catalog: &Catalog) -> Result<String, CatalogFileError> {
    let body = toml::to_string(catalog).map_err(|e| CatalogFileError::Serialize(e.to_string()))?;
    Ok(format!(
        "# The data catalog of a Sluice pipeline, written by its crawlers.\n{body}"
    ))
}

/// Writes a catalog file canonically and atomically.
pub fn save_catalog(path: &Path, catalog: &Catalog) -> Result<(), CatalogFileError> {
    let text = to_canonical_toml(catalog)?;
    write_atomically(path, text.as_bytes()).map_err(|source| CatalogFileError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{CatalogTable, Column, Database, Partition};
    use super::*;

    fn sample() -> Catalog {
        let mut database = Database::default();
        database.tables.insert(
            "logs".into(),
            CatalogTable {
                location: "logs".into(),
                classification: "csv".into(),
                delimiter: Some(",".into()),
                header: Some(true),
                columns: vec![Column {
                    name: "status".into(),
                    glue_type: "bigint".into(),
                    nullable: false,
                    sluice_type: None,
                }],
                partition_keys: vec![Column {
                    name: "year".into(),
                    glue_type: "bigint".into(),
                    nullable: false,
                    sluice_type: None,
                }],
                partitions: vec![Partition {
                    values: vec!["2018".into()],
                    location: "logs/year=2018".into(),
                }],
                ..Default::default()
            },
        );
        let mut catalog = Catalog::default();
        catalog.databases.insert("lake".into(), database);
        catalog
    }

    #[test]
    fn round_trips_and_is_canonical() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.catalog.toml");
        save_catalog(&path, &sample()).expect("save");
        let first = std::fs::read_to_string(&path).expect("read");
        let loaded = load_catalog(&path).expect("load");
        assert_eq!(loaded, sample());
        save_catalog(&path, &loaded).expect("save again");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), first);
    }

    #[test]
    fn missing_is_empty_and_newer_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("none.catalog.toml");
        assert_eq!(load_catalog(&path).expect("empty"), Catalog::default());
        std::fs::write(&path, "format_version = 9\n").expect("write");
        let error = load_catalog(&path).expect_err("newer");
        assert!(error.to_string().contains("format version 9"), "{error}");
    }

    #[test]
    fn the_file_sits_beside_the_pipeline() {
        assert_eq!(
            catalog_path_for(Path::new("/x/logs.sluice.toml")),
            Path::new("/x/logs.catalog.toml")
        );
    }
}

//! Finding a source's files: one file, a glob, or a folder of Hive-style `key=value` partitions.

use std::path::{Path, PathBuf};

use super::error::NodeError;

/// The files a source reads, and the partition values each one's folders give.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    /// Partition keys in folder order; empty when the files are not partitioned.
    pub partition_keys: Vec<String>,
    /// For each file, the value of each partition key (same order as `partition_keys`).
    pub partition_values: Vec<Vec<String>>,
}

/// Resolves `path` against the pipeline's folder unless it is absolute.
pub fn resolve(base_dir: &Path, path: &str) -> PathBuf {
    let path = Path::new(path);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base_dir.join(path)
    }
}

fn is_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// Whether a file in a folder is data rather than a marker or hidden file (`_SUCCESS`, `.crc`).
fn is_data_file(path: &Path, extensions: &[&str]) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || name.starts_with('_') {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    extensions.is_empty() || extensions.iter().any(|ext| lower.ends_with(ext))
}

/// Finds the files behind a source path. `extensions` filters a folder's files (a glob or a
/// single file is taken as written). Partition keys come from `key=value` folders between the
/// root (the folder, or the glob's fixed prefix) and each file.
pub fn discover(
    base_dir: &Path,
    path_text: &str,
    extensions: &[&str],
    hive_partitioning: bool,
) -> Result<Discovered, NodeError> {
    if path_text.trim().is_empty() {
        return Err(NodeError::param(
            "path",
            "the path is empty; choose a file, a glob or a folder",
        ));
    }
    let full = resolve(base_dir, path_text);
    let (root, mut files) = if is_glob(path_text) {
        crate::catalog::glob_files(&full).map_err(|e| {
            NodeError::param("path", format!("`{path_text}` is not a valid glob: {e}"))
        })?
    } else if full.is_dir() {
        let mut files = Vec::new();
        walk(&full, extensions, &mut files).map_err(|e| {
            NodeError::param(
                "path",
                format!("cannot list the folder `{}`: {e}", full.display()),
            )
        })?;
        (full.clone(), files)
    } else if full.is_file() {
        let parent = full.parent().map(Path::to_path_buf).unwrap_or_default();
        (parent, vec![full.clone()])
    } else {
        return Err(NodeError::param(
            "path",
            format!(
                "`{}` was not found (paths are relative to the pipeline file's folder)",
                full.display()
            ),
        ));
    };
    files.sort();
    if files.is_empty() {
        let wanted = if extensions.is_empty() {
            "files".to_string()
        } else {
            extensions.join(" or ")
        };
        return Err(NodeError::param(
            "path",
            format!("no {wanted} found at `{}`", full.display()),
        ));
    }
    let mut discovered = Discovered {
        files,
        partition_keys: Vec::new(),
        partition_values: Vec::new(),
    };
    if hive_partitioning {
        find_partitions(&root, &mut discovered)?;
    }
    Ok(discovered)
}

fn walk(folder: &Path, extensions: &[&str], files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') || n.starts_with('_'));
        if path.is_dir() && !hidden {
            walk(&path, extensions, files)?;
        } else if path.is_file() && is_data_file(&path, extensions) {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads `key=value` folder names between `root` and each file. All files must name the same
/// keys in the same order, as Hive, Spark and Glue require.
fn find_partitions(root: &Path, discovered: &mut Discovered) -> Result<(), NodeError> {
    let mut keys: Option<Vec<String>> = None;
    let mut values = Vec::with_capacity(discovered.files.len());
    for file in &discovered.files {
        let relative = file.strip_prefix(root).unwrap_or(file);
        let mut file_keys = Vec::new();
        let mut file_values = Vec::new();
        if let Some(folders) = relative.parent() {
            for component in folders.components() {
                let text = component.as_os_str().to_string_lossy();
                if let Some((key, value)) = text.split_once('=') {
                    file_keys.push(key.to_string());
                    file_values.push(percent_decode(value));
                }
            }
        }
        match &keys {
            None => keys = Some(file_keys),
            Some(expected) if *expected != file_keys => {
                return Err(NodeError::param(
                    "path",
                    format!(
                        "the partition folders disagree: `{}` has keys [{}] but others have [{}]",
                        relative.display(),
                        file_keys.join(", "),
                        expected.join(", ")
                    ),
                ));
            }
            Some(_) => {}
        }
        values.push(file_values);
    }
    let keys = keys.unwrap_or_default();
    if !keys.is_empty() {
        discovered.partition_keys = keys;
        discovered.partition_values = values;
    }
    Ok(())
}

/// Hive escapes special characters in partition values as `%XX`.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(hex) = text.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_hive_partitions_in_a_folder() {
        let root = tempfile::tempdir().unwrap();
        for (year, month) in [("2024", "01"), ("2024", "02"), ("2025", "01")] {
            let folder = root.path().join(format!("logs/year={year}/month={month}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("part-0.csv"), "a\n1\n").unwrap();
            std::fs::write(folder.join("_SUCCESS"), "").unwrap();
        }
        let found = discover(root.path(), "logs", &[".csv"], true).unwrap();
        assert_eq!(found.files.len(), 3);
        assert_eq!(found.partition_keys, ["year", "month"]);
        assert_eq!(found.partition_values[1], ["2024", "02"]);
        let missing = discover(root.path(), "nope.csv", &[".csv"], true).unwrap_err();
        assert!(
            missing.message.contains("was not found"),
            "{}",
            missing.message
        );
    }

    #[test]
    fn decodes_escaped_values() {
        assert_eq!(percent_decode("a%3Db%2Fc"), "a=b/c");
        assert_eq!(percent_decode("100%"), "100%");
    }
}

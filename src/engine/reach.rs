//! Where a pipeline writes: every path a node declares it writes, and whether each lies inside
//! the pipeline's folder. A pipeline from a stranger may write only there unless the person
//! agrees (`sluice run --allow-outside`, or the window's question).

use std::path::{Component, Path, PathBuf};

use super::paths::resolve;
use crate::model::{PathAccess, Pipeline};

/// One output a node writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub node: String,
    pub param: &'static str,
    /// As written in the file.
    pub written: String,
    /// Resolved against the pipeline's folder, `..` taken out.
    pub path: PathBuf,
}

/// Every path the pipeline's nodes write, in document order.
pub fn writes(pipeline: &Pipeline, base_dir: &Path) -> Vec<Write> {
    let mut found = Vec::new();
    for node in &pipeline.nodes {
        for (spec, access) in node.kind.path_params() {
            if access != PathAccess::Write {
                continue;
            }
            if let Some(text) = node
                .param(spec.name)
                .and_then(|v| v.as_str().map(str::to_string))
            {
                found.push(Write {
                    node: node.id.to_string(),
                    param: spec.name,
                    path: normalised(&resolve(base_dir, &text)),
                    written: text,
                });
            }
        }
    }
    found
}

/// The writes that land outside `base_dir` (following `..` and symbolic links).
pub fn outside_folder(pipeline: &Pipeline, base_dir: &Path) -> Vec<Write> {
    let folder = real_path(base_dir);
    writes(pipeline, base_dir)
        .into_iter()
        .filter(|write| !real_path(&resolve(base_dir, &write.written)).starts_with(&folder))
        .collect()
}

/// `path` with `.` and `..` resolved by its text alone.
fn normalised(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The real location of `path`: its deepest existing ancestor with links resolved, then the
/// rest as written (an output need not exist yet).
fn real_path(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest: Vec<Component> = Vec::new();
    loop {
        if let Ok(mut real) = std::fs::canonicalize(existing) {
            for component in rest.iter().rev() {
                match component {
                    Component::ParentDir => {
                        real.pop();
                    }
                    Component::CurDir => {}
                    other => real.push(other),
                }
            }
            return real;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return normalised(&absolute),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_parent_folders_and_links_before_comparing() {
        let root = tempfile::tempdir().unwrap();
        let inside = root.path().join("project");
        std::fs::create_dir_all(inside.join("out")).unwrap();
        assert!(real_path(&inside.join("out/new/file.csv")).starts_with(real_path(&inside)));
        assert!(!real_path(&inside.join("../elsewhere/leak.csv")).starts_with(real_path(&inside)));
        assert!(!real_path(&inside.join("new/../../leak.csv")).starts_with(real_path(&inside)));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.path(), inside.join("escape")).unwrap();
            assert!(!real_path(&inside.join("escape/leak.csv")).starts_with(real_path(&inside)));
            assert!(
                !real_path(&inside.join("escape/project/../x.csv")).starts_with(real_path(&inside))
            );
        }
        assert_eq!(normalised(Path::new("a/./b/../c")), PathBuf::from("a/c"));
    }
}

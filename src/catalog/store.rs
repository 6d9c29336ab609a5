//! Where a crawler reads: a store that lists objects under a target and reads byte ranges of
//! them (the head of a text file, the footer of a Parquet file), so that only the sampled bytes
//! are read. Local folders and globs here; S3 buckets behind the same trait.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The buffer a head is first read into: most small files fit it in one read.
const HEAD_CAPACITY_BYTES: u64 = 16 << 10;

/// One object found under a crawl target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// What the store reads it by: a path, or an `s3://bucket/key` URI.
    pub location: String,
    /// The folders between the target's root and the object, in order; shared by the objects
    /// of one folder.
    pub folders: Arc<[String]>,
    /// The object's own name.
    pub name: String,
    /// The object's size, when the listing gives it (S3 does); local files learn it when their
    /// head is read ([`Store::read_head`]), which spares a call per file while listing.
    pub size_bytes: u64,
}

/// A target's root and the objects under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The root as a location (a folder, the fixed part of a glob, a prefix).
    pub root: String,
    /// The root's own name: what a table at the root is named after.
    pub root_name: String,
    pub objects: Vec<Listed>,
}

/// A place a crawler can list and read.
pub trait Store: Sync {
    /// Every object under `target`, sorted by location.
    fn list(&self, target: &str) -> Result<Listing, String>;
    /// Up to `length` bytes from `offset`.
    fn read_range(&self, location: &str, offset: u64, length: u64) -> Result<Vec<u8>, String>;
    /// Up to `length` bytes from the start of `object`, and the object's whole size.
    fn read_head(&self, object: &Listed, length: u64) -> Result<(Vec<u8>, u64), String> {
        let head = self.read_range(&object.location, 0, length.min(object.size_bytes))?;
        Ok((head, object.size_bytes))
    }
    /// The number of requests made so far (S3 counts its calls; files count their reads).
    fn requests(&self) -> u64 {
        0
    }
}

/// Files on this machine: a folder (walked), a glob, or one file.
pub struct LocalStore {
    base_dir: PathBuf,
}

impl LocalStore {
    /// Relative targets are resolved against `base_dir` (the pipeline's folder).
    pub fn new(base_dir: &Path) -> Self {
        Self {
            base_dir: base_dir.to_path_buf(),
        }
    }

    fn resolve(&self, target: &str) -> PathBuf {
        let path = Path::new(target);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.base_dir.join(path)
        }
    }

    /// One file of a listing under `root`; its size is learnt when its head is read.
    fn listed(&self, root: &Path, file: &Path) -> Listed {
        let size_bytes = 0;
        let relative = file.strip_prefix(root).unwrap_or(file);
        let mut parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        let name = parts.pop().unwrap_or_else(|| {
            file.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
        });
        Listed {
            location: self.location_of(file),
            folders: parts.into(),
            name,
            size_bytes,
        }
    }

    /// A path as the catalog records it: relative to the base folder when inside it.
    fn location_of(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.base_dir).unwrap_or(path);
        let relative = relative.strip_prefix(".").unwrap_or(relative);
        if relative.as_os_str().is_empty() {
            ".".to_string()
        } else {
            relative.to_string_lossy().to_string()
        }
    }
}

/// Whether a path is a glob pattern.
pub fn is_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// The files a glob matches, and its fixed part (the folders before the first wildcard), where
/// partition folders start.
pub fn glob_files(pattern: &Path) -> Result<(PathBuf, Vec<PathBuf>), glob::PatternError> {
    let files: Vec<PathBuf> = glob::glob(&pattern.to_string_lossy())?
        .filter_map(Result::ok)
        .filter(|p| p.is_file())
        .collect();
    let fixed: PathBuf = pattern
        .components()
        .take_while(|c| !is_glob(&c.as_os_str().to_string_lossy()))
        .collect();
    Ok((fixed, files))
}

impl Store for LocalStore {
    fn read_head(&self, object: &Listed, length: u64) -> Result<(Vec<u8>, u64), String> {
        let read = || -> std::io::Result<(Vec<u8>, u64)> {
            let mut file = File::open(self.resolve(&object.location))?;
            let mut head =
                Vec::with_capacity(usize::try_from(length.min(HEAD_CAPACITY_BYTES)).unwrap_or(0));
            (&mut file).take(length).read_to_end(&mut head)?;
            // A head shorter than asked for is the whole file; else the size comes from the
            // open file, with no second look-up of the path.
            let size = if (head.len() as u64) < length {
                head.len() as u64
            } else {
                file.metadata()?.len()
            };
            Ok((head, size))
        };
        read().map_err(|e| e.to_string())
    }

    fn list(&self, target: &str) -> Result<Listing, String> {
        let full = self.resolve(target);
        let (root, objects) = if is_glob(target) {
            let (root, mut files) =
                glob_files(&full).map_err(|e| format!("`{target}` is not a valid glob: {e}"))?;
            files.sort();
            let objects = files.iter().map(|file| self.listed(&root, file)).collect();
            (root, objects)
        } else if full.is_dir() {
            let mut objects = Vec::new();
            let folders: Arc<[String]> = Arc::from(Vec::new());
            walk_sorted(&full, &self.location_of(&full), &folders, &mut objects)
                .map_err(|e| format!("cannot list `{target}`: {e}"))?;
            (full.clone(), objects)
        } else if full.is_file() {
            // A single file is a table of its own, at the file.
            (full.clone(), vec![self.listed(&full, &full)])
        } else {
            return Err(format!("`{target}` does not exist"));
        };
        let root_name = if full.is_file() {
            full.file_stem()
        } else {
            root.file_name()
        }
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
        Ok(Listing {
            root: self.location_of(&root),
            root_name,
            objects,
        })
    }

    fn read_range(&self, location: &str, offset: u64, length: u64) -> Result<Vec<u8>, String> {
        let read = || -> std::io::Result<Vec<u8>> {
            let mut file = File::open(self.resolve(location))?;
            file.seek(SeekFrom::Start(offset))?;
            let mut buffer = Vec::new();
            file.take(length).read_to_end(&mut buffer)?;
            Ok(buffer)
        };
        read().map_err(|e| e.to_string())
    }
}

/// Every file under `folder` as listed objects, in path order (each folder's entries sorted by
/// name, so no sort of whole paths is needed); symbolic links to folders are not followed.
/// `location` is the folder's location and `folders` the folders from the root to it.
fn walk_sorted(
    folder: &Path,
    location: &str,
    folders: &Arc<[String]>,
    objects: &mut Vec<Listed>,
) -> std::io::Result<()> {
    let mut entries: Vec<(std::ffi::OsString, std::fs::FileType)> = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        entries.push((entry.file_name(), entry.file_type()?));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let prefix = if location == "." || location.is_empty() {
        String::new()
    } else if location.ends_with('/') {
        location.to_string()
    } else {
        format!("{location}/")
    };
    for (name, file_type) in entries {
        let name_text = name.to_string_lossy();
        if file_type.is_dir() {
            let mut inner = folders.to_vec();
            inner.push(name_text.to_string());
            walk_sorted(
                &folder.join(&name),
                &format!("{prefix}{name_text}"),
                &Arc::from(inner),
                objects,
            )?;
        } else if file_type.is_file() {
            objects.push(Listed {
                location: format!("{prefix}{name_text}"),
                folders: Arc::clone(folders),
                name: name_text.to_string(),
                size_bytes: 0,
            });
        }
    }
    Ok(())
}

/// Whether a crawler skips an object by its name or folders: hidden files, Spark and Hadoop
/// markers (`_SUCCESS`, `_temporary/`, `.crc`), as Glue's crawlers and Spark readers do.
pub fn is_marker(object: &Listed) -> bool {
    let hidden = |name: &str| name.starts_with('.') || name.starts_with('_');
    hidden(&object.name)
        || object.name.ends_with(".crc")
        || object.folders.iter().any(|f| hidden(f))
}

/// Local files, and S3 for `s3://` targets: the store a crawler reads every kind of target with.
/// The S3 client is made the first time an `s3://` location is met, so a crawl of local files
/// never touches the network or the AWS configuration.
pub struct AnyStore {
    local: LocalStore,
    s3: std::sync::OnceLock<Result<super::s3::S3Store, String>>,
}

impl AnyStore {
    pub fn new(base_dir: &Path) -> Self {
        Self {
            local: LocalStore::new(base_dir),
            s3: std::sync::OnceLock::new(),
        }
    }

    fn s3(&self) -> Result<&super::s3::S3Store, String> {
        self.s3
            .get_or_init(super::s3::S3Store::from_environment)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn for_location(&self, location: &str) -> Result<&dyn Store, String> {
        if location.starts_with("s3://") {
            Ok(self.s3()?)
        } else {
            Ok(&self.local)
        }
    }
}

impl Store for AnyStore {
    fn list(&self, target: &str) -> Result<Listing, String> {
        self.for_location(target)?.list(target)
    }

    fn read_range(&self, location: &str, offset: u64, length: u64) -> Result<Vec<u8>, String> {
        self.for_location(location)?
            .read_range(location, offset, length)
    }

    fn read_head(&self, object: &Listed, length: u64) -> Result<(Vec<u8>, u64), String> {
        self.for_location(&object.location)?
            .read_head(object, length)
    }

    fn requests(&self) -> u64 {
        self.s3
            .get()
            .and_then(|s3| s3.as_ref().ok())
            .map_or(0, Store::requests)
    }
}

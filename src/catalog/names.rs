//! Table names as Glue cleans them: lower case, letters, digits and `_` only, at most 128
//! characters, and a hash suffix when two tables would share a name.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

/// The longest table name the Data Catalog takes.
pub const MAX_TABLE_NAME_CHARS: usize = 128;

/// `prefix` + `name`, cleaned: `Year 2018.csv` -> `year_2018_csv`.
pub fn clean_table_name(prefix: &str, name: &str) -> String {
    let joined = format!("{prefix}{name}");
    let mut cleaned: String = joined
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        cleaned.push_str("table");
    }
    cleaned.truncate(MAX_TABLE_NAME_CHARS);
    cleaned
}

/// A name not yet in `taken`: `name` itself, else `name_` and eight hex digits of a hash of
/// `location`, kept within the length limit.
pub fn unique_name(name: String, location: &str, taken: &BTreeSet<String>) -> String {
    if !taken.contains(&name) {
        return name;
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    location.hash(&mut hasher);
    let suffix = format!("_{:08x}", hasher.finish() as u32);
    let mut base = name;
    base.truncate(MAX_TABLE_NAME_CHARS - suffix.len());
    format!("{base}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_clashes_suffixed() {
        assert_eq!(
            clean_table_name("raw_", "Year 2018.csv"),
            "raw_year_2018_csv"
        );
        assert_eq!(clean_table_name("", &"x".repeat(300)).len(), 128);
        let taken: BTreeSet<String> = ["logs".to_string()].into();
        let other = unique_name("logs".into(), "b/logs", &taken);
        assert!(other.starts_with("logs_") && other.len() == 13, "{other}");
        assert_eq!(unique_name("new".into(), "x", &taken), "new");
    }
}

//! "Did you mean …?": the nearest known name to a misspelt one.

/// The candidate closest to `wanted`, when it is close enough to be a likely typo.
pub fn nearest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted_key = comparison_key(wanted);
    // Few edits (a swap counts as one) for short names, similar letters for long ones.
    let max_edits = (wanted_key.chars().count() / 4).max(1);
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let key = comparison_key(candidate);
            let edits = strsim::osa_distance(&wanted_key, &key);
            let similarity = strsim::jaro_winkler(&wanted_key, &key);
            (edits <= max_edits || similarity >= 0.8).then_some((candidate, edits, similarity))
        })
        .min_by(|a, b| a.1.cmp(&b.1).then(b.2.total_cmp(&a.2)))
        .map(|(candidate, _, _)| candidate)
}

/// Names for a message listing what exists: "a, b, c", or "none".
pub fn list_or_none<'a, I>(names: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    let names: Vec<&str> = names.into_iter().collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// `word` with its first letter in upper case: "a" -> "A", "freshness" -> "Freshness".
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// Case and `_` are ignored: `prodcut_code` is compared as `prodcutcode`.
fn comparison_key(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// `"; did you mean `x`?"` when a near miss exists, else an empty string.
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(wanted, candidates)
        .map(|candidate| format!("; did you mean `{candidate}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_transposed_letters() {
        let columns = ["productCode", "productLine", "customerNumber"];
        assert_eq!(nearest("prodcut_code", columns), Some("productCode"));
        assert_eq!(nearest("zzz", columns), None);
        assert_eq!(nearest("bgi", ["src", "big", "out"]), Some("big"));
        assert_eq!(nearest("x", ["y"]), Some("y"));
        assert_eq!(
            did_you_mean("fliter", ["filter", "join"]),
            "; did you mean `filter`?"
        );
    }
}

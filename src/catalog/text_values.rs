//! What a text value looks like to a crawler: a whole number, a number, a boolean, or a string;
//! and whether Sluice's reader would see a date or a timestamp in it.

use super::glue_type::GlueType;

/// The Glue type of one non-empty text value.
pub fn value_type(text: &str) -> GlueType {
    let text = text.trim();
    if text.parse::<i64>().is_ok() {
        GlueType::BigInt
    } else if is_double(text) {
        GlueType::Double
    } else if text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false") {
        GlueType::Boolean
    } else {
        GlueType::String
    }
}

fn is_double(text: &str) -> bool {
    // Rust also parses `inf` and `NaN`; a crawler sees those as strings.
    text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && text.parse::<f64>().is_ok()
}

/// `date` or `datetime` when the text is an ISO-8601 date or timestamp, which Glue records as
/// `string` in delimited files and Sluice's reader types.
pub fn temporal_type(text: &str) -> Option<&'static str> {
    let bytes = text.trim().as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let is_date = bytes.len() >= 10
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10);
    if !is_date {
        return None;
    }
    if bytes.len() == 10 {
        return Some("date");
    }
    let time_ok = matches!(bytes[10], b'T' | b' ')
        && digits(11..13)
        && bytes.get(13) == Some(&b':')
        && digits(14..16);
    time_ok.then_some("datetime")
}

/// The type of a column from its values' types, `Unknown` when every value was empty.
pub fn column_type<'a>(
    values: impl IntoIterator<Item = &'a str>,
) -> (GlueType, bool, Option<&'static str>) {
    let mut column = GlueType::Unknown;
    let mut nullable = false;
    let mut temporal: Option<Option<&'static str>> = None;
    for value in values {
        if value.trim().is_empty() {
            nullable = true;
            continue;
        }
        column = column.widen(&value_type(value));
        let this = temporal_type(value);
        temporal = Some(match temporal {
            None => this,
            Some(previous) if previous == this => previous,
            Some(Some("datetime")) | Some(Some("date")) if this.is_some() => Some("datetime"),
            Some(_) => None,
        });
    }
    let sluice = match column {
        GlueType::String => temporal.flatten(),
        _ => None,
    };
    (column, nullable, sluice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_typed_as_glue_types() {
        assert_eq!(value_type("42"), GlueType::BigInt);
        assert_eq!(value_type("-4.5e3"), GlueType::Double);
        assert_eq!(value_type("TRUE"), GlueType::Boolean);
        assert_eq!(value_type("inf"), GlueType::String);
        assert_eq!(value_type("2018-01-23"), GlueType::String);
    }

    #[test]
    fn timestamps_stay_strings_and_are_noted() {
        let (t, nullable, sluice) =
            column_type(["2018-01-23 10:00:00", "", "2018-01-24T11:30:00Z"]);
        assert_eq!(t, GlueType::String);
        assert!(nullable);
        assert_eq!(sluice, Some("datetime"));
        let (t, _, sluice) = column_type(["1", "2.5"]);
        assert_eq!((t, sluice), (GlueType::Double, None));
    }
}

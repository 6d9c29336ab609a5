//! ISO-8601 text read as dates and datetimes, as DuckDB does: neither CSV nor JSON has a date
//! type, so a `time_hour` of `2013-01-01T10:00:00Z` would otherwise stay a string. The same rule
//! for both formats, and cheap: the first rows are sniffed here and the columns converted with
//! a known format (Polars' own date inference tries every pattern on every inferred value, which
//! multiplied the time of a 100-row CSV preview by five).

use polars::prelude::*;

/// How many rows of a source are looked at to decide whether a text column holds dates.
const SNIFF_ROWS: u32 = 100;

/// What an ISO-8601 text holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IsoKind {
    /// `2013-01-01`
    Date,
    /// `2013-01-01T10:00:00` or with a space; fractions of a second optional.
    Naive,
    /// As `Naive`, with `Z` or an offset such as `+02:00`.
    Zoned,
}

/// `frame` with every text column whose first values are all ISO-8601 dates or datetimes
/// converted to `date` or `datetime` (UTC when the texts carry a zone). A later value that does
/// not parse stops the read with an error rather than becoming a silent null.
pub fn with_iso_dates(frame: LazyFrame) -> PolarsResult<LazyFrame> {
    let schema = frame.clone().collect_schema()?;
    let texts: Vec<PlSmallStr> = schema
        .iter()
        .filter(|(_, dtype)| **dtype == DataType::String)
        .map(|(name, _)| name.clone())
        .collect();
    if texts.is_empty() {
        return Ok(frame);
    }
    let sample = frame
        .clone()
        .select(
            texts
                .iter()
                .map(|name| col(name.clone()))
                .collect::<Vec<_>>(),
        )
        .limit(SNIFF_ROWS)
        .collect_with_engine(Engine::InMemory)?
        .unwrap_single();
    let mut conversions = Vec::new();
    for name in &texts {
        let Ok(values) = sample.column(name).and_then(|c| c.str().cloned()) else {
            continue;
        };
        let Some(kind) = column_kind(values.iter().flatten()) else {
            continue;
        };
        let options = StrptimeOptions {
            format: Some(
                match kind {
                    IsoKind::Date => "%Y-%m-%d",
                    IsoKind::Naive => "%Y-%m-%dT%H:%M:%S%.f",
                    IsoKind::Zoned => "%Y-%m-%dT%H:%M:%S%.f%#z",
                }
                .into(),
            ),
            strict: true,
            exact: true,
            cache: true,
        };
        // A space between date and time is as valid as `T`.
        let text = col(name.clone()).str().replace(lit(" "), lit("T"), true);
        let converted = match kind {
            IsoKind::Date => col(name.clone()).str().to_date(options),
            IsoKind::Naive | IsoKind::Zoned => {
                text.str()
                    .to_datetime(Some(TimeUnit::Microseconds), None, options, lit("raise"))
            }
        };
        conversions.push(converted.alias(name.clone()));
    }
    Ok(if conversions.is_empty() {
        frame
    } else {
        frame.with_columns(conversions)
    })
}

/// The kind every text shares, when there is at least one and they all are ISO-8601.
fn column_kind<'a>(texts: impl Iterator<Item = &'a str>) -> Option<IsoKind> {
    let mut shared = None;
    for text in texts {
        let kind = iso_kind(text)?;
        match shared {
            None => shared = Some(kind),
            Some(seen) if seen == kind => {}
            Some(_) => return None,
        }
    }
    shared
}

/// What `text` is, if it is an ISO-8601 date or datetime.
fn iso_kind(text: &str) -> Option<IsoKind> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let date = bytes.len() >= 10
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10);
    if !date {
        return None;
    }
    if bytes.len() == 10 {
        return Some(IsoKind::Date);
    }
    let time = matches!(bytes[10], b'T' | b' ')
        && digits(11..13)
        && bytes.get(13) == Some(&b':')
        && digits(14..16);
    if !time {
        return None;
    }
    if bytes.get(16) != Some(&b':') || !digits(17..19) {
        return None;
    }
    let mut at = 19;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return None;
        }
    }
    match &bytes[at..] {
        [] => Some(IsoKind::Naive),
        [b'Z'] => Some(IsoKind::Zoned),
        [b'+' | b'-', rest @ ..] => {
            let offset = match rest {
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => [h1, h2, m1, m2],
                _ => return None,
            };
            offset
                .iter()
                .all(|b| b.is_ascii_digit())
                .then_some(IsoKind::Zoned)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_dates_from_datetimes_and_from_other_text() {
        assert_eq!(iso_kind("2013-01-01"), Some(IsoKind::Date));
        assert_eq!(iso_kind("2013-01-01T10:00:00Z"), Some(IsoKind::Zoned));
        assert_eq!(iso_kind("2013-01-01 10:00:59"), Some(IsoKind::Naive));
        assert_eq!(iso_kind("2013-01-01 10:00"), None);
        assert_eq!(
            iso_kind("2013-01-01T10:00:00.125+02:00"),
            Some(IsoKind::Zoned)
        );
        assert_eq!(iso_kind("2013-01-01T10:00:00.+02:00"), None);
        assert_eq!(iso_kind("2013-1-01"), None);
        assert_eq!(iso_kind("20130101"), None);
        assert_eq!(iso_kind("2013-01-01 was a Tuesday"), None);
        assert_eq!(
            column_kind(["2013-01-01", "2013-01-02T00:00:00"].into_iter()),
            None,
            "a column mixing dates and datetimes stays text"
        );
    }
}

//! Glue's CSV classifier, by hand (no crate applies its rules): the delimiter among `,` `|` tab
//! `;` and `\u0001` that splits every sampled record into the same number of fields (at least
//! two); at least two data rows; and the four header rules, else columns `col1`..`colN`.

use std::borrow::Cow;

use super::column::InferredColumn;
use super::glue_type::GlueType;
use super::text_values::{column_type, value_type};

/// The delimiters Glue's CSV classifier tries.
pub const DELIMITERS: [char; 5] = [',', '|', '\t', ';', '\u{1}'];

/// Records Glue samples from a delimited file.
pub const SAMPLE_RECORDS: usize = 1000;

/// What the classifier found in a delimited sample.
#[derive(Debug, Clone, PartialEq)]
pub struct DelimitedSchema {
    pub delimiter: char,
    pub header: bool,
    pub columns: Vec<InferredColumn>,
    /// Data records in the sample.
    pub sampled_rows: usize,
    /// Bytes of the sample those records (and the header) span.
    pub sampled_bytes: usize,
    /// Whether the sample holds more records than were read (1,000, as Glue reads).
    pub more_records: bool,
}

/// Classifies `text` (the sample; `complete` when it is the whole file) as delimited text, or
/// says why it is not.
pub fn classify_delimited(text: &str, complete: bool) -> Result<DelimitedSchema, String> {
    let mut best: Option<(char, SplitRecords<'_>)> = None;
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    for delimiter in DELIMITERS {
        // A delimiter the first line does not hold cannot split it into two fields: the whole
        // sample is split only with the delimiters that can.
        if !first_line.contains(delimiter) {
            continue;
        }
        let records = split_records_with_span(text, delimiter as u8, complete, SAMPLE_RECORDS + 1);
        if records.is_empty() {
            continue;
        }
        let width = records.record(0).len();
        if width < 2 || records.records().any(|r| r.len() != width) {
            continue;
        }
        if best.as_ref().is_none_or(|(_, b)| b.record(0).len() < width) {
            best = Some((delimiter, records));
        }
    }
    let Some((delimiter, records)) = best else {
        return Err(
            "no delimiter (`,` `|` tab `;` \\u0001) splits every line into the same two or more fields"
                .into(),
        );
    };
    let header = is_header(&records);
    let data = usize::from(header)..records.len();
    if data.len() < 2 {
        return Err(format!(
            "delimited text needs at least 2 data rows; the sample has {}",
            data.len()
        ));
    }
    let width = records.record(0).len();
    let names = if header {
        header_names(records.record(0))
    } else {
        (1..=width).map(|i| format!("col{i}")).collect()
    };
    let columns = names
        .into_iter()
        .enumerate()
        .map(|(index, name)| {
            let (glue_type, nullable, sluice) =
                column_type(data.clone().map(|row| records.record(row)[index].as_ref()));
            let mut column = InferredColumn::new(name, glue_type, nullable);
            column.sluice_type = sluice;
            column
        })
        .collect();
    Ok(DelimitedSchema {
        delimiter,
        header,
        columns,
        sampled_rows: data.len(),
        sampled_bytes: records.span,
        more_records: records.len() > SAMPLE_RECORDS,
    })
}

/// Glue's header rules: every field of the first row is a string, every field but the last is
/// under 150 characters, every field is a valid column name, and at least one data row has a
/// value that is not a string (else the first row is not different enough from the data).
fn is_header(records: &SplitRecords<'_>) -> bool {
    if records.is_empty() {
        return false;
    }
    let first = records.record(0);
    let mut data = records.records().skip(1);
    let all_strings = first
        .iter()
        .all(|f| !f.trim().is_empty() && value_type(f) == GlueType::String);
    let short = first
        .iter()
        .take(first.len().saturating_sub(1))
        .all(|f| f.chars().count() < 150);
    let valid_names = first
        .iter()
        .all(|f| f.chars().count() <= 255 && !f.chars().any(char::is_control));
    let data_differs = data.any(|row| {
        row.iter()
            .any(|v| !v.trim().is_empty() && value_type(v) != GlueType::String)
    });
    all_strings && short && valid_names && data_differs
}

/// Header fields as catalog column names: trimmed, lower case (the catalog is case-insensitive),
/// duplicates numbered.
fn header_names(fields: &[Cow<'_, str>]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(fields.len());
    for field in fields {
        let base = field.trim().to_lowercase();
        let mut name = base.clone();
        let mut n = 1;
        while names.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

/// Records split from a sample: their fields in one list, borrowed from the text unless quotes
/// had to be taken out.
#[derive(Debug, Default)]
pub struct SplitRecords<'a> {
    fields: Vec<Cow<'a, str>>,
    /// Where each record's fields end in `fields`.
    ends: Vec<usize>,
    /// Bytes of the text the records span.
    pub span: usize,
}

impl<'a> SplitRecords<'a> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The fields of record `index`.
    pub fn record(&self, index: usize) -> &[Cow<'a, str>] {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.fields[start..self.ends[index]]
    }

    /// Every record, in order.
    pub fn records(&self) -> impl Iterator<Item = &[Cow<'a, str>]> {
        (0..self.len()).map(|index| self.record(index))
    }
}

/// The field being split: a slice of the text from `start`, or, once quotes are met, built in
/// `built` (with the unquoted text from `start` still to be added).
struct FieldCursor {
    start: usize,
    built: Option<String>,
}

impl FieldCursor {
    fn is_empty(&self, at: usize) -> bool {
        at == self.start && self.built.as_ref().is_none_or(String::is_empty)
    }

    /// The field ending at `at`; the next starts at `next`.
    fn take<'a>(&mut self, text: &'a str, at: usize, next: usize) -> Cow<'a, str> {
        let field = match self.built.take() {
            None => Cow::Borrowed(&text[self.start..at]),
            Some(mut built) => {
                built.push_str(&text[self.start..at]);
                Cow::Owned(built)
            }
        };
        self.start = next;
        field
    }
}

/// Splits `text` into at most `limit` records of fields, honouring double quotes (a quoted field
/// may hold the delimiter, `""` and line breaks), and says how many bytes of `text` they span.
/// Blank lines are skipped. When the sample is not the whole file, its last, possibly cut,
/// record is dropped. The delimiter is one of [`DELIMITERS`] (ASCII), so the text is scanned
/// by bytes.
pub fn split_records_with_span(
    text: &str,
    delimiter: u8,
    complete: bool,
    limit: usize,
) -> SplitRecords<'_> {
    let bytes = text.as_bytes();
    let mut split = SplitRecords::default();
    let mut record_start = 0;
    let mut field = FieldCursor {
        start: 0,
        built: None,
    };
    let mut quoted = false;
    let mut ended_cleanly = true;
    let mut at = 0;
    while at < bytes.len() {
        ended_cleanly = false;
        if quoted {
            // Up to the next quote: either `""` (a quote) or the end of the quoted part.
            let built = field.built.get_or_insert_with(String::new);
            match bytes[at..].iter().position(|&b| b == b'"') {
                Some(offset) => {
                    built.push_str(&text[at..at + offset]);
                    at += offset;
                    if bytes.get(at + 1) == Some(&b'"') {
                        built.push('"');
                        at += 2;
                    } else {
                        quoted = false;
                        at += 1;
                    }
                    field.start = at;
                }
                None => {
                    built.push_str(&text[at..]);
                    at = bytes.len();
                    field.start = at;
                }
            }
            continue;
        }
        match bytes[at] {
            b'"' if field.is_empty(at) => {
                field.built.get_or_insert_with(String::new);
                quoted = true;
                at += 1;
                field.start = at;
            }
            b'\n' | b'\r' => {
                let line_end = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                    at + 2
                } else {
                    at + 1
                };
                let value = field.take(text, at, line_end);
                split.fields.push(value);
                split.span = line_end;
                let blank = split.fields.len() - record_start == 1
                    && split.fields.last().is_some_and(|f| f.is_empty());
                if blank {
                    split.fields.pop();
                } else {
                    split.ends.push(split.fields.len());
                    record_start = split.fields.len();
                    if split.ends.len() >= limit {
                        return split;
                    }
                }
                at = line_end;
                ended_cleanly = true;
            }
            b if b == delimiter => {
                let value = field.take(text, at, at + 1);
                split.fields.push(value);
                at += 1;
            }
            _ => at += 1,
        }
    }
    if !ended_cleanly && complete && !quoted {
        let value = field.take(text, bytes.len(), bytes.len());
        split.fields.push(value);
        split.ends.push(split.fields.len());
        split.span = text.len();
    }
    // The fields of a cut last record are not kept.
    split
        .fields
        .truncate(split.ends.last().copied().unwrap_or(0));
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(schema: &DelimitedSchema) -> Vec<String> {
        schema
            .columns
            .iter()
            .map(|c| format!("{}:{}", c.name, c.glue_type))
            .collect()
    }

    #[test]
    fn a_header_over_typed_rows_names_the_columns() {
        let schema = classify_delimited("Id,Name,Price\n1,a,2.5\n2,b,3\n", true).expect("csv");
        assert!(schema.header);
        assert_eq!(types(&schema), ["id:bigint", "name:string", "price:double"]);
    }

    #[test]
    fn all_string_rows_mean_no_header() {
        let schema = classify_delimited("name,city\nann,oslo\nbob,rome\n", true).expect("csv");
        assert!(!schema.header);
        assert_eq!(types(&schema), ["col1:string", "col2:string"]);
    }

    #[test]
    fn semicolons_with_decimal_commas() {
        let text = "a;b;c\n1;2,5;x\n3;4,5;y\n";
        let schema = classify_delimited(text, true).expect("csv");
        assert_eq!(schema.delimiter, ';');
        assert_eq!(types(&schema), ["a:bigint", "b:string", "c:string"]);
    }

    #[test]
    fn one_column_or_one_row_is_not_delimited() {
        assert!(classify_delimited("just\nwords\nhere\n", true).is_err());
        let error = classify_delimited("a,b\n1,2\n", true).expect_err("one row");
        assert!(error.contains("2 data rows"), "{error}");
    }

    #[test]
    fn quoted_fields_and_a_cut_last_line() {
        let text = "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"cut";
        let records = split_records_with_span(text, b',', false, 10);
        assert_eq!(records.len(), 3);
        assert_eq!(records.span, text.rfind('\n').unwrap() + 1);
        assert_eq!(records.record(1)[1], "a, b");
        assert_eq!(records.record(2)[1], "say \"hi\"");
    }

    #[test]
    fn fields_are_borrowed_unless_quotes_are_taken_out() {
        let text = "a,\"b\"\"c\",\"\"\r\n\r\n\"x\ny\"z,,\u{e9}t\u{e9}\n";
        let records = split_records_with_span(text, b',', true, 10);
        assert_eq!(records.len(), 2, "the blank line is skipped");
        assert_eq!(records.record(0), ["a", "b\"c", ""]);
        assert!(matches!(records.record(0)[0], Cow::Borrowed(_)));
        assert!(matches!(records.record(0)[1], Cow::Owned(_)));
        assert_eq!(records.record(1), ["x\nyz", "", "\u{e9}t\u{e9}"]);
        assert_eq!(records.span, text.len());
    }

    #[test]
    fn a_last_line_with_no_line_break_counts_only_when_complete() {
        let text = "a;b\n1;2\n3;4";
        assert_eq!(split_records_with_span(text, b';', true, 10).len(), 3);
        let cut = split_records_with_span(text, b';', false, 10);
        assert_eq!(cut.len(), 2);
        assert_eq!(cut.span, 8);
        assert_eq!(split_records_with_span(text, b';', true, 2).len(), 2);
    }

    #[test]
    fn a_long_header_field_is_data() {
        let long = "x".repeat(200);
        let text = format!("{long},b\n1,2\n3,4\n");
        assert!(!classify_delimited(&text, true).expect("csv").header);
    }
}

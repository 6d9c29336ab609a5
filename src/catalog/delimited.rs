//! Glue's CSV classifier, by hand (no crate applies its rules): the delimiter among `,` `|` tab
//! `;` and `\u0001` that splits every sampled record into the same number of fields (at least
//! two); at least two data rows; and the four header rules, else columns `col1`..`colN`.

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
    let mut best: Option<(char, Vec<Vec<String>>, usize)> = None;
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    for delimiter in DELIMITERS {
        // A delimiter the first line does not hold cannot split it into two fields: the whole
        // sample is split only with the delimiters that can.
        if !first_line.contains(delimiter) {
            continue;
        }
        let (records, span) =
            split_records_with_span(text, delimiter, complete, SAMPLE_RECORDS + 1);
        let Some(first) = records.first() else {
            continue;
        };
        let width = first.len();
        if width < 2 || records.iter().any(|r| r.len() != width) {
            continue;
        }
        if best.as_ref().is_none_or(|(_, b, _)| b[0].len() < width) {
            best = Some((delimiter, records, span));
        }
    }
    let Some((delimiter, records, span)) = best else {
        return Err(
            "no delimiter (`,` `|` tab `;` \\u0001) splits every line into the same two or more fields"
                .into(),
        );
    };
    let header = is_header(&records);
    let data = if header { &records[1..] } else { &records[..] };
    if data.len() < 2 {
        return Err(format!(
            "delimited text needs at least 2 data rows; the sample has {}",
            data.len()
        ));
    }
    let width = records[0].len();
    let names = if header {
        header_names(&records[0])
    } else {
        (1..=width).map(|i| format!("col{i}")).collect()
    };
    let columns = names
        .into_iter()
        .enumerate()
        .map(|(index, name)| {
            let (glue_type, nullable, sluice) = column_type(data.iter().map(|r| r[index].as_str()));
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
        sampled_bytes: span,
        more_records: records.len() > SAMPLE_RECORDS,
    })
}

/// Glue's header rules: every field of the first row is a string, every field but the last is
/// under 150 characters, every field is a valid column name, and at least one data row has a
/// value that is not a string (else the first row is not different enough from the data).
fn is_header(records: &[Vec<String>]) -> bool {
    let Some((first, data)) = records.split_first() else {
        return false;
    };
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
    let data_differs = data.iter().any(|row| {
        row.iter()
            .any(|v| !v.trim().is_empty() && value_type(v) != GlueType::String)
    });
    all_strings && short && valid_names && data_differs
}

/// Header fields as catalog column names: trimmed, lower case (the catalog is case-insensitive),
/// duplicates numbered.
fn header_names(fields: &[String]) -> Vec<String> {
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

/// Splits `text` into at most `limit` records of fields, honouring double quotes (a quoted field
/// may hold the delimiter, `""` and line breaks), and says how many bytes of `text` they span.
/// Blank lines are skipped. When the sample is not the whole file, its last, possibly cut,
/// record is dropped.
pub fn split_records_with_span(
    text: &str,
    delimiter: char,
    complete: bool,
    limit: usize,
) -> (Vec<Vec<String>>, usize) {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.char_indices().peekable();
    let mut ended_cleanly = true;
    let mut span = 0;
    while let Some((at, c)) = chars.next() {
        ended_cleanly = false;
        if quoted {
            if c == '"' {
                if chars.peek().map(|(_, next)| *next) == Some('"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            '\r' if chars.peek().map(|(_, next)| *next) == Some('\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                span = at + 1;
                let blank = record.len() == 1 && record[0].is_empty();
                if !blank {
                    records.push(std::mem::take(&mut record));
                    if records.len() >= limit {
                        return (records, span);
                    }
                }
                record.clear();
                ended_cleanly = true;
            }
            c if c == delimiter => record.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    if !ended_cleanly && complete && !quoted {
        record.push(field);
        records.push(record);
        span = text.len();
    }
    (records, span)
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
        let (records, span) = split_records_with_span(text, ',', false, 10);
        assert_eq!(records.len(), 3);
        assert_eq!(span, text.rfind('\n').unwrap() + 1);
        assert_eq!(records[1][1], "a, b");
        assert_eq!(records[2][1], "say \"hi\"");
    }

    #[test]
    fn a_long_header_field_is_data() {
        let long = "x".repeat(200);
        let text = format!("{long},b\n1,2\n3,4\n");
        assert!(!classify_delimited(&text, true).expect("csv").header);
    }
}

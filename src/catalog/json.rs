//! Glue's JSON classifier: a sample of one object per line (NDJSON) or a top-level array of
//! objects, typed as Glue records JSON (`bigint`, `double`, `boolean`, `string`, `struct<…>`,
//! `array<…>`). serde_json parses; a visitor works out the types as it goes, without building
//! the values; only the sampling is by hand.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::column::InferredColumn;
use super::glue_type::GlueType;

/// What the classifier found in a JSON sample.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonSchema {
    /// One object per line, rather than an array.
    pub ndjson: bool,
    pub columns: Vec<InferredColumn>,
    pub sampled_rows: usize,
    /// Bytes of the sample the parsed records span.
    pub parsed_bytes: usize,
}

/// Classifies `text` as JSON; `Ok(None)` when it starts like JSON but no whole record fits the
/// sample (the caller reads a larger one), `Err` when it is not JSON.
pub fn classify_json(text: &str) -> Result<Option<JsonSchema>, String> {
    let trimmed = text.trim_start();
    let offset = text.len() - trimmed.len();
    let records = if let Some(elements) = trimmed.strip_prefix('[') {
        array_records(elements)?
    } else if trimmed.starts_with('{') {
        line_records(trimmed)?
    } else {
        return Err("does not start with `{` or `[`".into());
    };
    let (merged, parsed) = records;
    if merged.records == 0 {
        return Ok(None);
    }
    let sampled_rows = merged.records;
    Ok(Some(JsonSchema {
        ndjson: !trimmed.starts_with('['),
        columns: merged.finish(),
        sampled_rows,
        parsed_bytes: offset + parsed,
    }))
}

/// A JSON value's Glue type, worked out while serde_json parses it, without building the value.
struct Shape(GlueType);

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape(GlueType::Boolean))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape(GlueType::BigInt))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape(GlueType::BigInt))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape(GlueType::Double))
    }

    fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
        Ok(Shape(GlueType::String))
    }

    fn visit_unit<E>(self) -> Result<Shape, E> {
        Ok(Shape(GlueType::Unknown))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Shape, A::Error> {
        let mut item_type = GlueType::Unknown;
        while let Some(Shape(item)) = items.next_element()? {
            item_type.widen_in_place(&item);
        }
        Ok(Shape(GlueType::Array(Box::new(item_type))))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut fields: A) -> Result<Shape, A::Error> {
        let mut types = Vec::new();
        while let Some(name) = fields.next_key::<String>()? {
            let Shape(field_type) = fields.next_value()?;
            types.push((name.to_lowercase(), field_type));
        }
        Ok(Shape(GlueType::Struct(types)))
    }
}

/// One record's fields as parsed: each name as the text has it (borrowed unless escaped), and
/// its value's type.
type Fields<'a> = Vec<(Cow<'a, str>, GlueType)>;

/// Parses one record (a JSON object) into a reused list of fields.
struct FieldsSeed<'s, 'a>(&'s mut Fields<'a>);

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON record (an object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut fields: A) -> Result<(), A::Error> {
        self.0.clear();
        while let Some(Name(name)) = fields.next_key()? {
            let Shape(field_type) = fields.next_value()?;
            self.0.push((name, field_type));
        }
        Ok(())
    }
}

/// A field name, borrowed from the text when it holds no escapes.
struct Name<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = Name<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, name: &'de str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Borrowed(name)))
            }
            fn visit_str<E>(self, name: &str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(name.to_string())))
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}

/// An element of a top-level array, parsed as a record.
struct ArrayRecord<'a>(Fields<'a>);

impl<'de> Deserialize<'de> for ArrayRecord<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = Vec::new();
        FieldsSeed(&mut fields).deserialize(deserializer)?;
        Ok(ArrayRecord(fields))
    }
}

/// The columns of the records parsed so far, in first-seen order: types widen, a null is
/// nullable, and so is a column some records lack.
#[derive(Default)]
struct Merged {
    columns: Vec<InferredColumn>,
    /// How many records hold each column.
    seen_in: Vec<usize>,
    /// The last record (counted from 1) each column was seen in.
    last_record: Vec<usize>,
    records: usize,
}

impl Merged {
    fn add(&mut self, fields: &Fields<'_>) {
        self.records += 1;
        for (name, field_type) in fields {
            let index = match self.position(name) {
                Some(index) => index,
                None => {
                    self.columns.push(InferredColumn::new(
                        name.to_lowercase(),
                        GlueType::Unknown,
                        false,
                    ));
                    self.seen_in.push(0);
                    self.last_record.push(0);
                    self.columns.len() - 1
                }
            };
            let column = &mut self.columns[index];
            column.glue_type.widen_in_place(field_type);
            column.nullable |= *field_type == GlueType::Unknown;
            if self.last_record[index] != self.records {
                self.last_record[index] = self.records;
                self.seen_in[index] += 1;
            }
        }
    }

    /// The column named `name` (the catalog's names are lower case).
    fn position(&self, name: &str) -> Option<usize> {
        if name
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            self.columns.iter().position(|c| c.name == name)
        } else {
            let lower = name.to_lowercase();
            self.columns.iter().position(|c| c.name == lower)
        }
    }

    fn finish(mut self) -> Vec<InferredColumn> {
        for (column, seen) in self.columns.iter_mut().zip(&self.seen_in) {
            if *seen < self.records {
                column.nullable = true;
            }
        }
        self.columns
    }
}

type Records = (Merged, usize);

/// Whole lines that parse; a line that does not parse is an error unless it is the sample's cut
/// last line.
fn line_records(text: &str) -> Result<Records, String> {
    let mut merged = Merged::default();
    let mut fields: Fields<'_> = Vec::new();
    let mut parsed = 0;
    let mut position = 0;
    for line in text.split_inclusive('\n') {
        position += line.len();
        let body = line.trim();
        if body.is_empty() {
            continue;
        }
        let mut deserializer = serde_json::Deserializer::from_str(body);
        let result = FieldsSeed(&mut fields)
            .deserialize(&mut deserializer)
            .and_then(|()| deserializer.end());
        match result {
            Ok(()) => {
                merged.add(&fields);
                parsed = position;
            }
            Err(error) if error.is_eof() && !line.ends_with('\n') => break,
            Err(error) => {
                return Err(format!("line {} is not JSON: {error}", merged.records + 1));
            }
        }
    }
    Ok((merged, parsed))
}

/// The elements of a top-level array, one value at a time, up to the sample's cut.
fn array_records(text: &str) -> Result<Records, String> {
    let mut merged = Merged::default();
    let mut rest = text;
    let mut consumed = 1;
    loop {
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        consumed += rest.len() - trimmed.len();
        rest = trimmed;
        if rest.is_empty() || rest.starts_with(']') {
            return Ok((merged, consumed));
        }
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<ArrayRecord<'_>>();
        match stream.next() {
            Some(Ok(ArrayRecord(fields))) => {
                let used = stream.byte_offset();
                merged.add(&fields);
                consumed += used;
                rest = &rest[used..];
            }
            Some(Err(error)) if error.is_eof() => return Ok((merged, consumed)),
            Some(Err(error)) => return Err(format!("not a JSON array: {error}")),
            None => return Ok((merged, consumed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(schema: &JsonSchema) -> Vec<String> {
        schema
            .columns
            .iter()
            .map(|c| format!("{}:{}", c.name, c.glue_type))
            .collect()
    }

    #[test]
    fn lines_of_objects_widen_across_records() {
        let text = "{\"id\": 1, \"tags\": [\"a\"]}\n{\"id\": 2.5, \"user\": {\"n\": \"x\"}}\n";
        let schema = classify_json(text).expect("json").expect("records");
        assert!(schema.ndjson);
        assert_eq!(
            types(&schema),
            ["id:double", "tags:array<string>", "user:struct<n:string>"]
        );
        assert!(schema.columns[1].nullable, "missing from a record");
    }

    #[test]
    fn names_differing_in_case_or_escaped_are_one_column() {
        let text = "{\"Id\": 1, \"n\\u0061me\": null}\n{\"id\": 2, \"name\": \"x\"}\n";
        let schema = classify_json(text).expect("json").expect("records");
        assert_eq!(types(&schema), ["id:bigint", "name:string"]);
        assert!(!schema.columns[0].nullable);
        assert!(schema.columns[1].nullable, "null in the first record");
        assert_eq!(schema.sampled_rows, 2);
    }

    #[test]
    fn a_record_that_is_not_an_object_is_refused() {
        let error = classify_json("{\"a\": 1}\n[1, 2]\n").expect_err("an array line");
        assert!(error.contains("line 2"), "{error}");
    }

    #[test]
    fn an_array_cut_by_the_sample_keeps_its_whole_elements() {
        let text = "[{\"a\": true}, {\"a\": false}, {\"a\": tr";
        let schema = classify_json(text).expect("json").expect("records");
        assert!(!schema.ndjson);
        assert_eq!(schema.sampled_rows, 2);
        assert_eq!(types(&schema), ["a:boolean"]);
    }

    #[test]
    fn not_json_is_said() {
        assert!(classify_json("id,name\n1,a\n").is_err());
        assert!(classify_json("{\"a\": 1}\n{oops}\n").is_err());
        assert_eq!(classify_json("{\"a\": ").expect("cut"), None);
    }
}

//! Glue's JSON classifier: a sample of one object per line (NDJSON) or a top-level array of
//! objects, typed as Glue records JSON (`bigint`, `double`, `boolean`, `string`, `struct<…>`,
//! `array<…>`). serde_json parses; a visitor works out the types as it goes, without building
//! the values; only the sampling is by hand.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::column::{InferredColumn, merge_columns};
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
    let (rows, parsed) = records;
    if rows.is_empty() {
        return Ok(None);
    }
    let columns = merge_columns(rows.iter().map(|row| row.0.as_slice()));
    Ok(Some(JsonSchema {
        ndjson: !trimmed.starts_with('['),
        columns,
        sampled_rows: rows.len(),
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
            item_type = item_type.widen(&item);
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

/// One record (a JSON object) as columns, in the order of its fields; a null is nullable.
struct Record(Vec<InferredColumn>);

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Shape::deserialize(deserializer)?.0 {
            GlueType::Struct(fields) => Ok(Record(
                fields
                    .into_iter()
                    .map(|(name, field_type)| {
                        let null = field_type == GlueType::Unknown;
                        InferredColumn::new(name, field_type, null)
                    })
                    .collect(),
            )),
            _ => Err(serde::de::Error::custom("a JSON record is not an object")),
        }
    }
}

type Records = (Vec<Record>, usize);

/// Whole lines that parse; a line that does not parse is an error unless it is the sample's cut
/// last line.
fn line_records(text: &str) -> Result<Records, String> {
    let mut rows = Vec::new();
    let mut parsed = 0;
    let mut position = 0;
    for line in text.split_inclusive('\n') {
        position += line.len();
        let body = line.trim();
        if body.is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(body) {
            Ok(value) => {
                rows.push(value);
                parsed = position;
            }
            Err(error) if error.is_eof() && !line.ends_with('\n') => break,
            Err(error) => return Err(format!("line {} is not JSON: {error}", rows.len() + 1)),
        }
    }
    Ok((rows, parsed))
}

/// The elements of a top-level array, one value at a time, up to the sample's cut.
fn array_records(text: &str) -> Result<Records, String> {
    let mut rows = Vec::new();
    let mut rest = text;
    let mut consumed = 1;
    loop {
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        consumed += rest.len() - trimmed.len();
        rest = trimmed;
        if rest.is_empty() || rest.starts_with(']') {
            return Ok((rows, consumed));
        }
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Record>();
        match stream.next() {
            Some(Ok(value)) => {
                let used = stream.byte_offset();
                rows.push(value);
                consumed += used;
                rest = &rest[used..];
            }
            Some(Err(error)) if error.is_eof() => return Ok((rows, consumed)),
            Some(Err(error)) => return Err(format!("not a JSON array: {error}")),
            None => return Ok((rows, consumed)),
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

//! The column types a Glue crawler records (`bigint`, `double`, `boolean`, `string`, `struct<…>`,
//! `array<…>`, and from Parquet footers also `int`, `date`, `timestamp`, `decimal(p,s)`, …), how
//! they widen when files disagree, and how they map to Polars types for reading.

use std::fmt;

use polars::prelude::{DataType, TimeUnit};

/// A Glue Data Catalog column type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlueType {
    /// Only nulls were seen: the type is not known yet (recorded as `string`).
    Unknown,
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Float,
    Double,
    Decimal(usize, usize),
    String,
    Binary,
    Date,
    Timestamp,
    Array(Box<GlueType>),
    Struct(Vec<(String, GlueType)>),
}

impl GlueType {
    /// The wider of two types, as a crawler merges the schemas of several files: whole numbers
    /// widen to `bigint`, numbers to `double`, anything else that disagrees to `string`.
    /// [`GlueType::widen`] in place, with no copy when the types are already equal.
    pub fn widen_in_place(&mut self, other: &GlueType) {
        if self != other {
            *self = self.widen(other);
        }
    }

    pub fn widen(&self, other: &GlueType) -> GlueType {
        use GlueType as G;
        match (self, other) {
            (a, b) if a == b => a.clone(),
            (G::Unknown, b) => b.clone(),
            (a, G::Unknown) => a.clone(),
            (a, b) if a.integer_rank().is_some() && b.integer_rank().is_some() => {
                if a.integer_rank() >= b.integer_rank() {
                    a.clone()
                } else {
                    b.clone()
                }
            }
            (a, b) if a.is_number() && b.is_number() => G::Double,
            (G::Date, G::Timestamp) | (G::Timestamp, G::Date) => G::Timestamp,
            (G::Array(a), G::Array(b)) => G::Array(Box::new(a.widen(b))),
            (G::Struct(a), G::Struct(b)) => {
                let mut fields = a.clone();
                for (name, field_type) in b {
                    match fields.iter_mut().find(|(n, _)| n == name) {
                        Some((_, existing)) => *existing = existing.widen(field_type),
                        None => fields.push((name.clone(), field_type.clone())),
                    }
                }
                G::Struct(fields)
            }
            _ => G::String,
        }
    }

    fn integer_rank(&self) -> Option<u8> {
        match self {
            Self::TinyInt => Some(1),
            Self::SmallInt => Some(2),
            Self::Int => Some(3),
            Self::BigInt => Some(4),
            _ => None,
        }
    }

    fn is_number(&self) -> bool {
        self.integer_rank().is_some()
            || matches!(self, Self::Float | Self::Double | Self::Decimal(..))
    }

    /// The type Glue records for a Polars (Parquet footer) type.
    pub fn from_polars(data_type: &DataType) -> GlueType {
        use GlueType as G;
        match data_type {
            DataType::Boolean => G::Boolean,
            DataType::Int8 | DataType::UInt8 => G::TinyInt,
            DataType::Int16 | DataType::UInt16 => G::SmallInt,
            DataType::Int32 => G::Int,
            DataType::Int64 | DataType::UInt32 | DataType::UInt64 => G::BigInt,
            DataType::Float32 => G::Float,
            DataType::Float64 => G::Double,
            DataType::Decimal(precision, scale) => G::Decimal(*precision, *scale),
            DataType::String | DataType::Categorical(..) | DataType::Enum(..) => G::String,
            DataType::Binary | DataType::BinaryOffset => G::Binary,
            DataType::Date => G::Date,
            DataType::Datetime(..) => G::Timestamp,
            DataType::List(inner) | DataType::Array(inner, _) => {
                G::Array(Box::new(G::from_polars(inner)))
            }
            DataType::Struct(fields) => G::Struct(
                fields
                    .iter()
                    .map(|f| (f.name().to_string(), G::from_polars(f.dtype())))
                    .collect(),
            ),
            DataType::Null => G::Unknown,
            _ => G::String,
        }
    }

    /// The Polars type a catalog source reads the column as.
    pub fn to_polars(&self) -> DataType {
        use GlueType as G;
        match self {
            G::Boolean => DataType::Boolean,
            G::TinyInt => DataType::Int8,
            G::SmallInt => DataType::Int16,
            G::Int => DataType::Int32,
            G::BigInt => DataType::Int64,
            G::Float => DataType::Float32,
            G::Double | G::Decimal(..) => DataType::Float64,
            G::Unknown | G::String => DataType::String,
            G::Binary => DataType::Binary,
            G::Date => DataType::Date,
            G::Timestamp => DataType::Datetime(TimeUnit::Microseconds, None),
            G::Array(inner) => DataType::List(Box::new(inner.to_polars())),
            G::Struct(fields) => DataType::Struct(
                fields
                    .iter()
                    .map(|(name, t)| {
                        polars::prelude::Field::new(name.as_str().into(), t.to_polars())
                    })
                    .collect(),
            ),
        }
    }

    /// Parses a type as the catalog writes it (`bigint`, `array<struct<a:int>>`).
    pub fn parse(text: &str) -> Option<GlueType> {
        let (parsed, rest) = parse_type(text.trim())?;
        rest.trim().is_empty().then_some(parsed)
    }
}

fn parse_type(text: &str) -> Option<(GlueType, &str)> {
    use GlueType as G;
    let text = text.trim_start();
    let word_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let (word, rest) = text.split_at(word_end);
    let simple = match word.to_ascii_lowercase().as_str() {
        "boolean" => Some(G::Boolean),
        "tinyint" => Some(G::TinyInt),
        "smallint" => Some(G::SmallInt),
        "int" | "integer" => Some(G::Int),
        "bigint" => Some(G::BigInt),
        "float" => Some(G::Float),
        "double" => Some(G::Double),
        "string" | "varchar" | "char" => Some(G::String),
        "binary" => Some(G::Binary),
        "date" => Some(G::Date),
        "timestamp" => Some(G::Timestamp),
        _ => None,
    };
    if let Some(simple) = simple {
        return Some((simple, rest));
    }
    match word.to_ascii_lowercase().as_str() {
        "decimal" => {
            let rest = rest.strip_prefix('(')?;
            let close = rest.find(')')?;
            let (precision, scale) = rest[..close].split_once(',')?;
            Some((
                G::Decimal(precision.trim().parse().ok()?, scale.trim().parse().ok()?),
                &rest[close + 1..],
            ))
        }
        "array" => {
            let rest = rest.strip_prefix('<')?;
            let (inner, rest) = parse_type(rest)?;
            Some((
                G::Array(Box::new(inner)),
                rest.trim_start().strip_prefix('>')?,
            ))
        }
        "struct" => {
            let mut rest = rest.strip_prefix('<')?;
            let mut fields = Vec::new();
            loop {
                rest = rest.trim_start();
                if let Some(after) = rest.strip_prefix('>') {
                    return Some((G::Struct(fields), after));
                }
                let colon = rest.find(':')?;
                let name = rest[..colon].trim().to_string();
                let (field_type, after) = parse_type(&rest[colon + 1..])?;
                fields.push((name, field_type));
                rest = after.trim_start();
                rest = rest.strip_prefix(',').unwrap_or(rest);
            }
        }
        _ => None,
    }
}

impl fmt::Display for GlueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use GlueType as G;
        match self {
            G::Unknown | G::String => f.write_str("string"),
            G::Boolean => f.write_str("boolean"),
            G::TinyInt => f.write_str("tinyint"),
            G::SmallInt => f.write_str("smallint"),
            G::Int => f.write_str("int"),
            G::BigInt => f.write_str("bigint"),
            G::Float => f.write_str("float"),
            G::Double => f.write_str("double"),
            G::Decimal(p, s) => write!(f, "decimal({p},{s})"),
            G::Binary => f.write_str("binary"),
            G::Date => f.write_str("date"),
            G::Timestamp => f.write_str("timestamp"),
            G::Array(inner) => write!(f, "array<{inner}>"),
            G::Struct(fields) => {
                f.write_str("struct<")?;
                for (index, (name, t)) in fields.iter().enumerate() {
                    if index > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{name}:{t}")?;
                }
                f.write_str(">")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_follows_the_crawler() {
        use GlueType as G;
        assert_eq!(G::BigInt.widen(&G::Double), G::Double);
        assert_eq!(G::Int.widen(&G::BigInt), G::BigInt);
        assert_eq!(G::BigInt.widen(&G::Boolean), G::String);
        assert_eq!(G::Unknown.widen(&G::Boolean), G::Boolean);
        let a = G::Struct(vec![("x".into(), G::BigInt)]);
        let b = G::Struct(vec![("x".into(), G::Double), ("y".into(), G::String)]);
        assert_eq!(a.widen(&b).to_string(), "struct<x:double,y:string>");
    }

    #[test]
    fn text_round_trips() {
        for text in [
            "bigint",
            "decimal(10,2)",
            "array<struct<a:int,b:array<string>>>",
            "timestamp",
        ] {
            let parsed = GlueType::parse(text).expect(text);
            assert_eq!(parsed.to_string(), text);
        }
        assert_eq!(GlueType::parse("bigint junk"), None);
    }
}

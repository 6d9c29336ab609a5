//! Type names in pipeline files (Glue and Spark spellings included) mapped to Polars types.

use polars::prelude::{DataType, TimeUnit};

/// The Polars type for a type name the model accepts, or `None` when the name is unknown.
pub fn data_type(name: &str) -> Option<DataType> {
    let lower = name.trim().to_ascii_lowercase();
    if let Some(inner) = lower
        .strip_prefix("decimal(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let mut parts = inner.split(',').map(str::trim);
        let precision = parts.next()?.parse::<usize>().ok()?;
        let scale = parts.next()?.parse::<usize>().ok()?;
        return Some(DataType::Decimal(precision, scale));
    }
    Some(match lower.as_str() {
        "string" | "str" | "utf8" => DataType::String,
        "boolean" | "bool" => DataType::Boolean,
        "int8" | "tinyint" | "byte" => DataType::Int8,
        "int16" | "smallint" | "short" => DataType::Int16,
        "int32" | "int" | "integer" => DataType::Int32,
        "int64" | "bigint" | "long" => DataType::Int64,
        "uint8" => DataType::UInt8,
        "uint16" => DataType::UInt16,
        "uint32" => DataType::UInt32,
        "uint64" => DataType::UInt64,
        "float32" | "float" => DataType::Float32,
        "float64" | "double" => DataType::Float64,
        "decimal" => DataType::Decimal(38, 18),
        "date" => DataType::Date,
        "datetime" | "timestamp" => DataType::Datetime(TimeUnit::Microseconds, None),
        "time" => DataType::Time,
        _ => return None,
    })
}

/// A short, stable name for a Polars type, as shown in schemas: `int64`, `string`, `date`.
pub fn type_name(data_type: &DataType) -> String {
    match data_type {
        DataType::String => "string".into(),
        DataType::Boolean => "boolean".into(),
        DataType::Int8 => "int8".into(),
        DataType::Int16 => "int16".into(),
        DataType::Int32 => "int32".into(),
        DataType::Int64 => "int64".into(),
        DataType::UInt8 => "uint8".into(),
        DataType::UInt16 => "uint16".into(),
        DataType::UInt32 => "uint32".into(),
        DataType::UInt64 => "uint64".into(),
        DataType::Float32 => "float32".into(),
        DataType::Float64 => "float64".into(),
        DataType::Date => "date".into(),
        DataType::Datetime(_, None) => "datetime".into(),
        DataType::Datetime(_, Some(zone)) => format!("datetime[{zone}]"),
        DataType::Time => "time".into(),
        DataType::Null => "null".into(),
        DataType::Decimal(precision, scale) => format!("decimal({precision},{scale})"),
        DataType::List(inner) => format!("list<{}>", type_name(inner)),
        other => other.to_string().to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::param::DATA_TYPE_NAMES;

    #[test]
    fn every_name_the_model_accepts_maps_to_a_type() {
        for name in DATA_TYPE_NAMES {
            assert!(data_type(name).is_some(), "{name}");
        }
        assert_eq!(data_type("decimal(10, 2)"), Some(DataType::Decimal(10, 2)));
        assert_eq!(type_name(&DataType::Int64), "int64");
    }
}

//! Polars types as Spark SQL's type names (`bigint`, `timestamp_ntz`, `array<string>`), the
//! spelling both `DataFrameReader.schema` and `Column.cast` take (Spark keeps microseconds, so
//! nanoseconds are cut). Spark has no unsigned
//! integers, so each is widened to the next signed type that holds all its values.

use polars::prelude::DataType;

use crate::engine::types::type_name;

/// Spark's name for `data_type`, or why Spark has none.
pub fn spark_type(data_type: &DataType) -> Result<String, String> {
    Ok(match data_type {
        DataType::Boolean => "boolean".into(),
        DataType::Int8 => "tinyint".into(),
        DataType::Int16 | DataType::UInt8 => "smallint".into(),
        DataType::Int32 | DataType::UInt16 => "int".into(),
        DataType::Int64 | DataType::UInt32 => "bigint".into(),
        DataType::UInt64 => "decimal(20,0)".into(),
        DataType::Float32 => "float".into(),
        DataType::Float64 => "double".into(),
        DataType::String | DataType::Null => "string".into(),
        DataType::Binary => "binary".into(),
        DataType::Date => "date".into(),
        DataType::Datetime(_, None) => "timestamp_ntz".into(),
        DataType::Datetime(_, Some(_)) => "timestamp".into(),
        DataType::Decimal(precision, scale) => format!("decimal({precision},{scale})"),
        DataType::List(inner) => format!("array<{}>", spark_type(inner)?),
        DataType::Struct(fields) => {
            let fields = fields
                .iter()
                .map(|f| Ok(format!("`{}`:{}", f.name(), spark_type(f.dtype())?)))
                .collect::<Result<Vec<_>, String>>()?;
            format!("struct<{}>", fields.join(","))
        }
        other => {
            return Err(format!(
                "it holds {} values, which Spark has no type for",
                type_name(other)
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{Field, PlSmallStr, TimeUnit};

    #[test]
    fn types_have_their_spark_names() {
        assert_eq!(spark_type(&DataType::Int64), Ok("bigint".into()));
        assert_eq!(spark_type(&DataType::UInt32), Ok("bigint".into()));
        assert_eq!(
            spark_type(&DataType::Datetime(TimeUnit::Microseconds, None)),
            Ok("timestamp_ntz".into())
        );
        assert_eq!(
            spark_type(&DataType::List(Box::new(DataType::String))),
            Ok("array<string>".into())
        );
        let point = DataType::Struct(vec![Field::new(PlSmallStr::from("x"), DataType::Float64)]);
        assert_eq!(spark_type(&point), Ok("struct<`x`:double>".into()));
        assert!(spark_type(&DataType::Time).is_err());
    }
}

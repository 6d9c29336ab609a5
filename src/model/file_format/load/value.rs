//! TOML values turned into parameter values, and parameter values typed on the command line.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::model::param::{ParamType, ParamValue};

/// Converts a TOML value to a parameter value. Whole numbers become floats where a float is
/// expected, so `fraction = 1` reads as 1.0.
pub(super) fn to_param_value(
    value: &Spanned<DeValue>,
    expected: &ParamType,
) -> Result<ParamValue, (Range<usize>, String)> {
    let fail = |reason: String| Err((value.span(), reason));
    match value.get_ref() {
        DeValue::String(text) => Ok(ParamValue::Str(text.to_string())),
        DeValue::Integer(integer) => match i64::from_str_radix(integer.as_str(), integer.radix()) {
            Ok(number) if matches!(expected, ParamType::Float { .. }) => {
                Ok(ParamValue::Float(number as f64))
            }
            Ok(number) => Ok(ParamValue::Int(number)),
            Err(_) => fail(format!(
                "{} does not fit in a 64-bit whole number",
                integer.as_str()
            )),
        },
        DeValue::Float(float) => match float.as_str().parse::<f64>() {
            Ok(number) if number.is_finite() => Ok(ParamValue::Float(number)),
            _ => fail("numbers must be finite".into()),
        },
        DeValue::Boolean(flag) => Ok(ParamValue::Bool(*flag)),
        DeValue::Datetime(_) => {
            fail("dates and times are written as strings here, in quotes".into())
        }
        DeValue::Array(items) => {
            let item_type = match expected {
                ParamType::Records(_) => ParamType::Text,
                other => *other,
            };
            let items = items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::Table(table) => record(table, expected),
                    _ => to_param_value(item, &item_type),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ParamValue::List(items))
        }
        DeValue::Table(table) => record(table, expected),
    }
}

fn record(table: &DeTable, expected: &ParamType) -> Result<ParamValue, (Range<usize>, String)> {
    let fields = match expected {
        ParamType::Records(fields) => *fields,
        _ => &[],
    };
    let mut record = BTreeMap::new();
    for (key, value) in table.iter() {
        let field_type = fields
            .iter()
            .find(|f| f.name == key.get_ref().as_ref())
            .map_or(ParamType::Text, |f| f.field_type);
        if let DeValue::Table(_) | DeValue::Array(_) = value.get_ref() {
            return Err((
                value.span(),
                "record fields must be plain values, not tables or lists".into(),
            ));
        }
        record.insert(
            key.get_ref().to_string(),
            to_param_value(value, &field_type)?,
        );
    }
    Ok(ParamValue::Record(record))
}

/// Reads one parameter value written as in a pipeline file (`20`, `["a", "b"]`, `true`), for
/// the command line. Text that is not a TOML value is taken as a string when a string is
/// expected, so `status = 'paid'` needs no extra quotes.
pub fn parse_param_value(text: &str, expected: &ParamType) -> Result<ParamValue, String> {
    let document = format!("value = {text}");
    let parsed = DeTable::parse(&document).ok().and_then(|root| {
        root.into_inner()
            .into_iter()
            .find(|(k, _)| k.get_ref() == "value")
            .map(|(_, v)| v)
    });
    let stringy = expected.is_text();
    match parsed {
        Some(value) => match to_param_value(&value, expected) {
            Ok(ParamValue::Str(parsed)) => Ok(ParamValue::Str(parsed)),
            Ok(_) if stringy => Ok(ParamValue::Str(text.to_string())),
            Ok(value) => Ok(value),
            Err((_, reason)) => Err(reason),
        },
        None if stringy => Ok(ParamValue::Str(text.to_string())),
        None => Err(format!(
            "`{text}` is not a value; expected {}",
            expected.expectation()
        )),
    }
}

//! Node parameters: their declared types (for forms and validation) and their values.

use std::collections::BTreeMap;

/// Type names a `cast` or `change_schema` accepts, with the Glue/Spark names as aliases.
pub const DATA_TYPE_NAMES: &[&str] = &[
    "string",
    "boolean",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float32",
    "float64",
    "date",
    "datetime",
    "time",
    "decimal",
    // Glue and Spark spellings.
    "int",
    "integer",
    "bigint",
    "smallint",
    "tinyint",
    "long",
    "short",
    "byte",
    "float",
    "double",
    "timestamp",
    "bool",
    "str",
    "utf8",
];

/// Whether a node reads the files a path names or writes them: what the canvas shows of a
/// pipeline's reach on disk, checked before a run writes anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathAccess {
    Read,
    Write,
}

/// The declared type of a parameter, which decides both validation and the inspector's widget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamType {
    /// Free text.
    Text,
    /// A name made of letters, digits and `_`: an output port or a new column.
    Name,
    /// A single character, such as a delimiter (`\t` for tab).
    Char,
    /// A path, glob or folder, relative to the pipeline file, that the node reads or writes.
    Path(PathAccess),
    /// Several paths, globs, folders or `s3://bucket/prefix` URIs (a crawler's targets).
    Paths(PathAccess),
    /// The name of a table in the catalog wired into the node.
    CatalogTable,
    /// A SQL expression over the input's columns (`price * qty > 100`).
    Expr,
    /// A whole SQL query over the node's named inputs.
    Query,
    /// A rule set in DQDL, AWS Glue Data Quality's rule language.
    Rules,
    /// One column of the input.
    Column,
    /// Several columns of the input.
    Columns,
    /// A list of free texts.
    Texts,
    /// A data type name (see [`DATA_TYPE_NAMES`]).
    DataType,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// A whole number within bounds (inclusive).
    Int { min: i64, max: i64 },
    /// A number within bounds (inclusive).
    Float { min: f64, max: f64 },
    /// Yes or no.
    Bool,
    /// A list of records, each with the given fields (a join's key pairs, an aggregate's outputs).
    Records(&'static [FieldSpec]),
}

impl ParamType {
    /// A short description of what a value of this type looks like, for error messages.
    pub fn expectation(&self) -> String {
        match self {
            Self::Text | Self::Path(_) | Self::Expr | Self::Query | Self::Column => {
                "a string".into()
            }
            Self::Rules => {
                "DQDL rules in a string, such as \"Rules = [ IsComplete \\\"id\\\" ]\"".into()
            }
            Self::CatalogTable => "a table name of the catalog".into(),
            Self::Paths(_) => "a list of paths".into(),
            Self::Name => "a name of letters, digits and `_`, such as big_orders".into(),
            Self::Char => "a single character such as \",\" or \"\\t\"".into(),
            Self::Columns | Self::Texts => "a list of strings".into(),
            Self::DataType => format!("a type name ({})", DATA_TYPE_NAMES[..16].join(", ")),
            Self::Choice(options) => format!("one of {}", quoted_list(options)),
            Self::Int { min, max } => format!("a whole number from {min} to {max}"),
            Self::Float { min, max } => format!("a number from {min} to {max}"),
            Self::Bool => "true or false".into(),
            Self::Records(_) => "a list of tables such as [{ … }, { … }]".into(),
        }
    }

    /// Whether the value is one string (text, paths, expressions, columns, types, choices).
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            Self::Text
                | Self::Name
                | Self::Char
                | Self::Path(_)
                | Self::CatalogTable
                | Self::Expr
                | Self::Query
                | Self::Rules
                | Self::Column
                | Self::DataType
                | Self::Choice(_)
        )
    }

    /// Whether the value is a list (`Columns`, `Texts`, `Records`).
    pub fn is_list(&self) -> bool {
        matches!(
            self,
            Self::Columns | Self::Texts | Self::Paths(_) | Self::Records(_)
        )
    }
}

fn quoted_list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a parameter must be given, and what it is when it is not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Presence {
    Required,
    /// May be left out; absent means "not set" (an empty list for lists).
    Optional,
    DefaultText(&'static str),
    DefaultInt(i64),
    DefaultFloat(f64),
    DefaultBool(bool),
}

/// One parameter of a node kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    pub name: &'static str,
    pub param_type: ParamType,
    pub presence: Presence,
    /// One line shown beside the field.
    pub help: &'static str,
}

impl ParamSpec {
    /// The value used when the parameter is not set, if any.
    pub fn default_value(&self) -> Option<ParamValue> {
        match self.presence {
            Presence::Required => None,
            Presence::Optional => self
                .param_type
                .is_list()
                .then(|| ParamValue::List(Vec::new())),
            Presence::DefaultText(text) => Some(ParamValue::Str(text.to_string())),
            Presence::DefaultInt(value) => Some(ParamValue::Int(value)),
            Presence::DefaultFloat(value) => Some(ParamValue::Float(value)),
            Presence::DefaultBool(value) => Some(ParamValue::Bool(value)),
        }
    }

    pub fn is_required(&self) -> bool {
        matches!(self.presence, Presence::Required)
    }
}

/// One field of a record parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    pub name: &'static str,
    /// A scalar type: records do not nest.
    pub field_type: ParamType,
    pub required: bool,
    pub help: &'static str,
}

/// A parameter value as written in a pipeline file.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<ParamValue>),
    Record(BTreeMap<String, ParamValue>),
}

impl ParamValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[ParamValue]> {
        match self {
            Self::List(items) => Some(items),
            _ => None,
        }
    }

    /// The TOML word for the value's shape, for messages.
    pub fn shape(&self) -> &'static str {
        match self {
            Self::Str(_) => "a string",
            Self::Int(_) => "a whole number",
            Self::Float(_) => "a number",
            Self::Bool(_) => "a boolean",
            Self::List(_) => "a list",
            Self::Record(_) => "a table",
        }
    }

    /// Checks the value against a declared type. The error says what was expected and found.
    pub fn check(&self, param_type: &ParamType) -> Result<(), String> {
        let mismatch = || {
            format!(
                "expected {}, found {}",
                param_type.expectation(),
                self.shape()
            )
        };
        match (param_type, self) {
            (
                ParamType::Text | ParamType::Path(_) | ParamType::Query | ParamType::Rules,
                Self::Str(_),
            ) => Ok(()),
            (ParamType::Expr | ParamType::Column | ParamType::CatalogTable, Self::Str(text)) => {
                if text.trim().is_empty() {
                    Err("must not be empty".into())
                } else {
                    Ok(())
                }
            }
            (ParamType::Name, Self::Str(text)) => match super::ident::Ident::new(text) {
                Ok(_) => Ok(()),
                Err(_) => Err(format!("`{text}` is not {}", param_type.expectation())),
            },
            (ParamType::Char, Self::Str(text)) => {
                if text.chars().count() == 1 {
                    Ok(())
                } else {
                    Err(mismatch())
                }
            }
            (ParamType::DataType, Self::Str(text)) => {
                if is_known_data_type(text) {
                    Ok(())
                } else {
                    let hint = super::suggest::did_you_mean(text, DATA_TYPE_NAMES.iter().copied());
                    Err(format!("unknown type `{text}`{hint}"))
                }
            }
            (ParamType::Choice(options), Self::Str(text)) => {
                if options.contains(&text.as_str()) {
                    Ok(())
                } else {
                    let hint = super::suggest::did_you_mean(text, options.iter().copied());
                    Err(format!(
                        "`{text}` is not {}{hint}",
                        param_type.expectation()
                    ))
                }
            }
            (ParamType::Int { min, max }, Self::Int(value)) => {
                if (*min..=*max).contains(value) {
                    Ok(())
                } else {
                    Err(mismatch())
                }
            }
            (ParamType::Float { min, max }, Self::Float(value)) => {
                if value.is_finite() && (*min..=*max).contains(value) {
                    Ok(())
                } else {
                    Err(mismatch())
                }
            }
            (ParamType::Bool, Self::Bool(_)) => Ok(()),
            (ParamType::Columns | ParamType::Texts | ParamType::Paths(_), Self::List(items)) => {
                if items.iter().all(|item| matches!(item, Self::Str(_))) {
                    Ok(())
                } else {
                    Err(mismatch())
                }
            }
            (ParamType::Records(fields), Self::List(items)) => {
                for (index, item) in items.iter().enumerate() {
                    check_record(item, fields).map_err(|e| format!("item {}: {e}", index + 1))?;
                }
                Ok(())
            }
            _ => Err(mismatch()),
        }
    }
}

fn check_record(item: &ParamValue, fields: &[FieldSpec]) -> Result<(), String> {
    let ParamValue::Record(record) = item else {
        return Err(format!(
            "expected a table such as {{ … }}, found {}",
            item.shape()
        ));
    };
    for key in record.keys() {
        if !fields.iter().any(|f| f.name == key) {
            let hint = super::suggest::did_you_mean(key, fields.iter().map(|f| f.name));
            let known = fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
            return Err(format!("unknown field `{key}`{hint} (fields: {known})"));
        }
    }
    for field in fields {
        match record.get(field.name) {
            Some(value) => value
                .check(&field.field_type)
                .map_err(|e| format!("field `{}`: {e}", field.name))?,
            None if field.required => return Err(format!("missing field `{}`", field.name)),
            None => {}
        }
    }
    Ok(())
}

/// Whether `name` is a type name Sluice understands (case-insensitive, `decimal(p,s)` allowed).
pub fn is_known_data_type(name: &str) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    if let Some(inner) = lower
        .strip_prefix("decimal(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        return parts.len() == 2 && parts.iter().all(|p| p.parse::<u8>().is_ok());
    }
    DATA_TYPE_NAMES.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_FIELDS: &[FieldSpec] = &[
        FieldSpec {
            name: "left",
            field_type: ParamType::Column,
            required: true,
            help: "",
        },
        FieldSpec {
            name: "right",
            field_type: ParamType::Column,
            required: true,
            help: "",
        },
    ];

    #[test]
    fn checks_scalars_and_choices() {
        let join_type = ParamType::Choice(&["inner", "left"]);
        assert!(ParamValue::Str("inner".into()).check(&join_type).is_ok());
        let err = ParamValue::Str("iner".into())
            .check(&join_type)
            .unwrap_err();
        assert!(err.contains("did you mean `inner`"), "{err}");
        assert!(
            ParamValue::Int(3)
                .check(&ParamType::Int { min: 0, max: 2 })
                .is_err()
        );
        assert!(ParamValue::Str("\t".into()).check(&ParamType::Char).is_ok());
        assert!(
            ParamValue::Str(",,".into())
                .check(&ParamType::Char)
                .is_err()
        );
        assert!(
            ParamValue::Str("decimal(10, 2)".into())
                .check(&ParamType::DataType)
                .is_ok()
        );
        assert!(
            ParamValue::Str("strng".into())
                .check(&ParamType::DataType)
                .is_err()
        );
    }

    #[test]
    fn checks_records_field_by_field() {
        let records = ParamType::Records(KEY_FIELDS);
        let good = ParamValue::List(vec![ParamValue::Record(BTreeMap::from([
            ("left".to_string(), ParamValue::Str("a".into())),
            ("right".to_string(), ParamValue::Str("b".into())),
        ]))]);
        assert!(good.check(&records).is_ok());
        let missing = ParamValue::List(vec![ParamValue::Record(BTreeMap::from([(
            "left".to_string(),
            ParamValue::Str("a".into()),
        )]))]);
        assert_eq!(
            missing.check(&records).unwrap_err(),
            "item 1: missing field `right`"
        );
    }
}

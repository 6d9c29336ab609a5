//! The DQDL rule types Sluice evaluates, with what each takes: its column parameters, the kind
//! of condition it compares, whether `with threshold` applies, and whether it has row-level
//! meaning (failing rows can be shown).

/// The kind of value a rule's condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionKind {
    Number,
    String,
    Date,
    Duration,
}

impl ConditionKind {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Number => "a number (`> 10`, `between 1 and 5`, `in [1, 2]`)",
            Self::String => "a string (`= \"x\"`, `in [\"a\", \"b\"]`, `matches \"[a-z]+\"`)",
            Self::Date => "a date (`> \"2024-01-01\"`, `> (now() - 3 days)`)",
            Self::Duration => "a duration (`<= 24 hours`, `< 3 days`)",
        }
    }
}

macro_rules! rule_types {
    ($($variant:ident {
        parameters: $min:literal ..= $max:literal,
        conditions: [$($condition:ident),*],
        condition_required: $required:literal,
        threshold: $threshold:literal,
        row_level: $row_level:literal,
    },)*) => {
        /// A DQDL rule type. Names are case-sensitive, as in AWS Glue Data Quality.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleType {
            $($variant,)*
        }

        impl RuleType {
            pub const ALL: &'static [RuleType] = &[$(RuleType::$variant,)*];

            /// The name as DQDL writes it.
            pub fn name(self) -> &'static str {
                match self {
                    $(RuleType::$variant => stringify!($variant),)*
                }
            }

            /// The fewest and most parameters (column names, SQL, a reference).
            pub fn parameter_count(self) -> (usize, usize) {
                match self {
                    $(RuleType::$variant => ($min, $max),)*
                }
            }

            /// The kinds of condition the rule compares; empty when it takes none.
            pub fn conditions(self) -> &'static [ConditionKind] {
                match self {
                    $(RuleType::$variant => &[$(ConditionKind::$condition),*],)*
                }
            }

            /// Whether the rule needs a condition.
            pub fn condition_required(self) -> bool {
                match self {
                    $(RuleType::$variant => $required,)*
                }
            }

            /// Whether `with threshold` applies (the share of rows that must pass).
            pub fn threshold(self) -> bool {
                match self {
                    $(RuleType::$variant => $threshold,)*
                }
            }

            /// Whether single rows pass or fail it, so that failing rows can be shown.
            pub fn row_level(self) -> bool {
                match self {
                    $(RuleType::$variant => $row_level,)*
                }
            }
        }
    };
}

rule_types! {
    RowCount { parameters: 0..=0, conditions: [Number], condition_required: true, threshold: false, row_level: false, },
    ColumnCount { parameters: 0..=0, conditions: [Number], condition_required: true, threshold: false, row_level: false, },
    ColumnExists { parameters: 1..=1, conditions: [], condition_required: false, threshold: false, row_level: false, },
    ColumnDataType { parameters: 1..=1, conditions: [String], condition_required: true, threshold: true, row_level: false, },
    IsComplete { parameters: 1..=1, conditions: [], condition_required: false, threshold: false, row_level: true, },
    Completeness { parameters: 1..=1, conditions: [Number], condition_required: true, threshold: false, row_level: true, },
    IsUnique { parameters: 1..=1, conditions: [], condition_required: false, threshold: false, row_level: true, },
    Uniqueness { parameters: 1..=1, conditions: [Number], condition_required: true, threshold: false, row_level: true, },
    UniqueValueRatio { parameters: 1..=1, conditions: [Number], condition_required: true, threshold: false, row_level: false, },
    IsPrimaryKey { parameters: 1..=8, conditions: [], condition_required: false, threshold: false, row_level: true, },
    ColumnValues { parameters: 1..=1, conditions: [Number, String, Date], condition_required: true, threshold: true, row_level: true, },
    ColumnLength { parameters: 1..=1, conditions: [Number], condition_required: true, threshold: true, row_level: true, },
    DistinctValuesCount { parameters: 1..=1, conditions: [Number], condition_required: true, threshold: false, row_level: false, },
    Mean { parameters: 1..=1, conditions: [Number], condition_required: true, threshold: false, row_level: false, },
    Sum { parameters: 1..=1, conditions: [Number], condition_required: true, threshold: false, row_level: false, },
    StandardDeviation { parameters: 1..=1, conditions: [Number], condition_required: true, threshold: false, row_level: false, },
    Variance { parameters: 1..=1, conditions: [Number], condition_required: true, threshold: false, row_level: false, },
    DataFreshness { parameters: 1..=1, conditions: [Duration], condition_required: true, threshold: false, row_level: true, },
    ReferentialIntegrity { parameters: 2..=2, conditions: [Number], condition_required: true, threshold: false, row_level: true, },
    CustomSql { parameters: 1..=1, conditions: [Number], condition_required: false, threshold: false, row_level: false, },
}

impl RuleType {
    /// The rule type named exactly `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// Whether the rule's parameters are column names of the input (checked at design time).
    pub fn takes_columns(self) -> bool {
        !matches!(self, Self::CustomSql | Self::ReferentialIntegrity)
            && self.parameter_count().1 > 0
    }
}

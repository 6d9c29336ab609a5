//! Flatten: struct columns become one column per field, named `parent.child`.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Flatten,
    name: "flatten",
    title: "Flatten",
    category: Category::Transform,
    summary: "Turn nested struct fields into top-level columns named parent.child",
    help: "Nested JSON objects arrive as struct columns, which SQL expressions cannot reach. \
           Flatten replaces each struct column by its fields, named with the separator as Glue \
           names them (user.name), level by level down to max_levels (0: all levels). Lists stay \
           lists: use Explode to turn their items into rows. Columns named with a dot are quoted in \
           SQL (\"user.name\" = 'a'); choose `_` as the separator to avoid quoting.",
    aws_counterpart: "Flatten",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "separator",
            param_type: ParamType::Text,
            presence: Presence::DefaultText("."),
            help: "Between a struct's name and its field's name",
        },
        ParamSpec {
            name: "max_levels",
            param_type: ParamType::Int { min: 0, max: 100 },
            presence: Presence::DefaultInt(0),
            help: "How many levels of nesting to flatten; 0 flattens all",
        },
    ],
};

//! Sample: keeps a random fraction of rows, the same ones on every run for a given seed.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Sample,
    name: "sample",
    title: "Sample",
    category: Category::Transform,
    summary: "Keep a random fraction of the rows",
    help: "Keeps each row with the given probability, decided by a hash of its position and the \
           seed, so the same seed always keeps the same rows and large inputs stream through.",
    aws_counterpart: "Spigot / DataFrame.sample",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "fraction",
            param_type: ParamType::Float { min: 0.0, max: 1.0 },
            presence: Presence::Required,
            help: "The share of rows to keep, from 0 to 1",
        },
        ParamSpec {
            name: "seed",
            param_type: ParamType::Int {
                min: 0,
                max: i64::MAX,
            },
            presence: Presence::DefaultInt(0),
            help: "Change it to draw another sample",
        },
    ],
};

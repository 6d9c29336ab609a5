//! Train recommender: item embeddings by matrix factorisation of ratings, each item's nearest
//! neighbours, the most-popular list and an offline evaluation against it.

use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};
use crate::model::port::{InputPortSpec, InputPorts, OutputPortSpec, OutputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::RecommenderTrain,
    name: "recommender_train",
    title: "Train recommender",
    category: Category::Recommender,
    summary: "Learn which products are alike from ratings; the most popular ones as the fallback",
    help: "Factorises the user x item ratings matrix by alternating least squares (the discorec \
           crate, seeded, so the same ratings give the same model): each item gets an embedding of \
           `factors` numbers, and items rated alike by the same customers end up close. Matrix \
           factorisation is the method of choice here because the seed's data is sparse star \
           ratings of purchases, it trains in milliseconds on a laptop, and its item embeddings \
           are exactly what a vector store serves for \"similar items\". `neighbours` lists each \
           item's nearest items by cosine similarity and `embeddings` each item's vector (the \
           vector store's content; write them with a Parquet sink); `popular` ranks items by how many customers rated them (the fallback \
           when the recommender fails); `evaluation` holds precision@k, recall@k and coverage on \
           a held-out share of each customer's ratings, next to the most-popular baseline. \
           Ratings with a missing id or a value that is not a number are left out and counted.",
    aws_counterpart: "SageMaker factorization machines, or a Glue job writing embeddings to a vector store",
    inputs: InputPorts::Fixed(&[InputPortSpec {
        name: "ratings",
        port_type: PortType::Table,
        multiple: false,
        required: true,
        help: "One row per rating: who, what, how many stars",
    }]),
    outputs: OutputPorts::Fixed(&[
        OutputPortSpec {
            name: "model",
            port_type: PortType::Model,
        },
        OutputPortSpec {
            name: "neighbours",
            port_type: PortType::Table,
        },
        OutputPortSpec {
            name: "embeddings",
            port_type: PortType::Table,
        },
        OutputPortSpec {
            name: "popular",
            port_type: PortType::Table,
        },
        OutputPortSpec {
            name: "evaluation",
            port_type: PortType::Table,
        },
    ]),
    params: &[
        ParamSpec {
            name: "user_column",
            param_type: ParamType::Column,
            presence: Presence::Required,
            help: "The column naming who rated",
        },
        ParamSpec {
            name: "item_column",
            param_type: ParamType::Column,
            presence: Presence::Required,
            help: "The column naming what was rated",
        },
        ParamSpec {
            name: "rating_column",
            param_type: ParamType::Column,
            presence: Presence::Required,
            help: "The column holding the rating (stars, or a count for implicit feedback)",
        },
        ParamSpec {
            name: "feedback",
            param_type: ParamType::Choice(&["explicit", "implicit"]),
            presence: Presence::DefaultText("explicit"),
            help: "explicit: ratings are stars; implicit: they count views or purchases",
        },
        ParamSpec {
            name: "factors",
            param_type: ParamType::Int { min: 1, max: 256 },
            presence: Presence::DefaultInt(16),
            help: "How many numbers describe each item",
        },
        ParamSpec {
            name: "iterations",
            param_type: ParamType::Int { min: 1, max: 200 },
            presence: Presence::DefaultInt(20),
            help: "Rounds of alternating least squares",
        },
        ParamSpec {
            name: "neighbours",
            param_type: ParamType::Int { min: 1, max: 100 },
            presence: Presence::DefaultInt(10),
            help: "Similar items kept per item",
        },
        ParamSpec {
            name: "k",
            param_type: ParamType::Int { min: 1, max: 100 },
            presence: Presence::DefaultInt(10),
            help: "How many recommendations the evaluation scores per customer",
        },
        ParamSpec {
            name: "holdout",
            param_type: ParamType::Float { min: 0.05, max: 0.5 },
            presence: Presence::DefaultFloat(0.2),
            help: "The share of each customer's ratings held out for the evaluation",
        },
        ParamSpec {
            name: "seed",
            param_type: ParamType::Int { min: 0, max: i64::MAX },
            presence: Presence::DefaultInt(42),
            help: "Seeds the factorisation and the held-out split",
        },
    ],
};

//! Recommend: answers each activity event with similar products, or the most popular ones.

use super::common::STREAM_OUT;
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};
use crate::model::port::{InputPortSpec, InputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Recommend,
    name: "recommend",
    title: "Recommend",
    category: Category::Recommender,
    summary: "Answer each activity event with similar products, or the most popular ones",
    help: "Keeps each session's recent products and cart. For every event it looks up the \
           products nearest to the recent ones in the trained model's embeddings (the newest \
           weighted most), leaves out what is in the cart, and answers the top k with scores. \
           When the model is missing, fails, knows none of the products or misses the deadline, \
           the most popular products are served instead: the answer is marked fallback with the \
           reason, and counted in the run's report. Every event gets an answer. Wire a table of \
           the most popular products into `popular` so that the fallback does not depend on the \
           model at all (it still serves when training failed).",
    aws_counterpart: "A Lambda function reading a Kinesis stream and querying a vector store",
    inputs: InputPorts::Fixed(&[
        InputPortSpec {
            name: "events",
            port_type: PortType::Stream,
            multiple: false,
            required: true,
            help: "The activity events",
        },
        InputPortSpec {
            name: "model",
            port_type: PortType::Model,
            multiple: false,
            required: true,
            help: "The trained recommender",
        },
        InputPortSpec {
            name: "popular",
            port_type: PortType::Table,
            multiple: false,
            required: false,
            help: "The fallback: products, most popular first (the model's own list when not wired)",
        },
    ]),
    outputs: STREAM_OUT,
    params: &[
        ParamSpec {
            name: "session_column",
            param_type: ParamType::Column,
            presence: Presence::DefaultText("session"),
            help: "The column naming the session (a whole number)",
        },
        ParamSpec {
            name: "product_column",
            param_type: ParamType::Column,
            presence: Presence::DefaultText("product"),
            help: "The column naming the product",
        },
        ParamSpec {
            name: "action_column",
            param_type: ParamType::Column,
            presence: Presence::DefaultText("action"),
            help: "The column of view, add_to_cart or purchase",
        },
        ParamSpec {
            name: "k",
            param_type: ParamType::Int { min: 1, max: 100 },
            presence: Presence::DefaultInt(5),
            help: "How many products each answer holds",
        },
        ParamSpec {
            name: "deadline",
            param_type: ParamType::Text,
            presence: Presence::DefaultText("50 ms"),
            help: "How long the model may take per answer before the fallback serves",
        },
        ParamSpec {
            name: "popular_column",
            param_type: ParamType::Text,
            presence: Presence::Optional,
            help: "The product column of the popular table (its first column when not set)",
        },
        ParamSpec {
            name: "recent",
            param_type: ParamType::Int { min: 1, max: 100 },
            presence: Presence::DefaultInt(5),
            help: "How many recent products of a session count",
        },
    ],
};

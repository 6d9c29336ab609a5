//! Clickstream source: a seeded synthetic stream of shoppers' sessions.

use super::common::{MAX_EVENTS, PACE};
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};
use crate::model::port::{InputPortSpec, InputPorts, OutputPortSpec, OutputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::ClickstreamSource,
    name: "clickstream_source",
    title: "Clickstream source",
    category: Category::Stream,
    summary: "A seeded stream of shoppers' views, add-to-cart and purchases",
    help: "Sessions of product views that stay mostly within one product line, some products \
           added to the cart, some carts bought; popular products are viewed more, many sessions \
           run at once, and the rate has bursts. Customer and product ids come from the tables \
           wired in (the sample's customers and products), or are made up when none is. The \
           same seed gives the same events. Each event has event_time (microseconds from the \
           stream's start), session, customer, product and action.",
    aws_counterpart: "A Kinesis data stream fed by the web shop's activity events",
    inputs: InputPorts::Fixed(&[
        InputPortSpec {
            name: "customers",
            port_type: PortType::Table,
            multiple: false,
            required: false,
            help: "Who shops: one row per customer",
        },
        InputPortSpec {
            name: "products",
            port_type: PortType::Table,
            multiple: false,
            required: false,
            help: "What is shown, most popular first: one row per product",
        },
    ]),
    outputs: OutputPorts::Fixed(&[OutputPortSpec {
        name: "events",
        port_type: PortType::Stream,
    }]),
    params: &[
        ParamSpec {
            name: "customer_column",
            param_type: ParamType::Text,
            presence: Presence::DefaultText("customerNumber"),
            help: "The customers' id column",
        },
        ParamSpec {
            name: "product_column",
            param_type: ParamType::Text,
            presence: Presence::DefaultText("productCode"),
            help: "The products' id column",
        },
        ParamSpec {
            name: "line_column",
            param_type: ParamType::Text,
            presence: Presence::DefaultText("productLine"),
            help: "The products' line column (sessions tend to stay in one line)",
        },
        ParamSpec {
            name: "events_per_second",
            param_type: ParamType::Float {
                min: 0.001,
                max: 10_000_000.0,
            },
            presence: Presence::DefaultFloat(1_000.0),
            help: "Events a second outside bursts",
        },
        ParamSpec {
            name: "burst_every_seconds",
            param_type: ParamType::Float {
                min: 1.0,
                max: 86_400.0,
            },
            presence: Presence::DefaultFloat(60.0),
            help: "How often a burst starts",
        },
        ParamSpec {
            name: "burst_seconds",
            param_type: ParamType::Float {
                min: 0.0,
                max: 86_400.0,
            },
            presence: Presence::DefaultFloat(5.0),
            help: "How long a burst lasts",
        },
        ParamSpec {
            name: "burst_factor",
            param_type: ParamType::Float {
                min: 1.0,
                max: 1_000.0,
            },
            presence: Presence::DefaultFloat(5.0),
            help: "How many times the rate a burst has",
        },
        ParamSpec {
            name: "sessions",
            param_type: ParamType::Int {
                min: 1,
                max: 1_000_000,
            },
            presence: Presence::DefaultInt(50),
            help: "Sessions going on at once",
        },
        ParamSpec {
            name: "seed",
            param_type: ParamType::Int {
                min: 0,
                max: i64::MAX,
            },
            presence: Presence::DefaultInt(7),
            help: "Seeds the stream",
        },
        PACE,
        MAX_EVENTS,
    ],
};

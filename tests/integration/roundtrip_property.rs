//! Property: for any valid document, load(save(doc)) == doc, and saving is byte-stable.

use std::collections::BTreeMap;

use proptest::prelude::*;
use sluice::model::file_format::{parse_pipeline, to_canonical_text};
use sluice::model::kinds::catalogue;
use sluice::model::param::{FieldSpec, ParamSpec, ParamType};
use sluice::model::port::InputPorts;
use sluice::model::requirement::{REQUIREMENT_KINDS, RequirementKeyType};
use sluice::model::{Ident, Node, OutputRef, ParamValue, Pipeline, Position, Requirement};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_ ]{0,12}",
        any::<String>().prop_map(|s| s.chars().filter(|c| *c != '\u{0}').take(20).collect()),
        Just("line one\nline two \"quoted\" 'single' \\ back".to_string()),
    ]
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z_][a-z0-9_]{0,10}"
}

fn scalar(param_type: ParamType) -> BoxedStrategy<ParamValue> {
    match param_type {
        ParamType::Char => prop_oneof![Just(","), Just("\t"), Just(";"), Just("|")]
            .prop_map(|c| ParamValue::Str(c.into()))
            .boxed(),
        ParamType::DataType => prop_oneof![
            Just("int64"),
            Just("string"),
            Just("decimal(10,2)"),
            Just("timestamp")
        ]
        .prop_map(|t| ParamValue::Str(t.into()))
        .boxed(),
        ParamType::Choice(options) => proptest::sample::select(options)
            .prop_map(|o| ParamValue::Str(o.into()))
            .boxed(),
        ParamType::Int { min, max } => (min..=max.min(min + 1_000_000))
            .prop_map(ParamValue::Int)
            .boxed(),
        ParamType::Float { min, max } => (min..=max).prop_map(ParamValue::Float).boxed(),
        ParamType::Bool => any::<bool>().prop_map(ParamValue::Bool).boxed(),
        ParamType::Name => ident().prop_map(ParamValue::Str).boxed(),
        ParamType::Expr | ParamType::Column | ParamType::CatalogTable => {
            "[a-z][a-z0-9_ ><=']{0,15}"
                .prop_map(ParamValue::Str)
                .boxed()
        }
        _ => text().prop_map(ParamValue::Str).boxed(),
    }
}

fn record(fields: &'static [FieldSpec]) -> BoxedStrategy<ParamValue> {
    let parts: Vec<BoxedStrategy<Option<(String, ParamValue)>>> = fields
        .iter()
        .map(|field| {
            let value =
                scalar(field.field_type).prop_map(move |v| Some((field.name.to_string(), v)));
            if field.required {
                value.boxed()
            } else {
                prop_oneof![Just(None), value].boxed()
            }
        })
        .collect();
    parts
        .prop_map(|entries| {
            ParamValue::Record(entries.into_iter().flatten().collect::<BTreeMap<_, _>>())
        })
        .boxed()
}

fn param_value(spec: &'static ParamSpec) -> BoxedStrategy<ParamValue> {
    match spec.param_type {
        ParamType::Columns | ParamType::Texts | ParamType::Paths(_) => {
            proptest::collection::vec(text(), 0..4)
                .prop_map(|items| {
                    ParamValue::List(items.into_iter().map(ParamValue::Str).collect())
                })
                .boxed()
        }
        ParamType::Records(fields) => proptest::collection::vec(record(fields), 0..3)
            .prop_map(ParamValue::List)
            .boxed(),
        other => scalar(other),
    }
}

fn node(index: usize) -> impl Strategy<Value = (Node, Vec<usize>)> {
    (
        0..catalogue().len(),
        any::<u64>(),
        proptest::option::of(text()),
    )
        .prop_flat_map(move |(kind_index, wiring, description)| {
            let kind = catalogue()[kind_index];
            let params: Vec<BoxedStrategy<Option<(String, ParamValue)>>> = kind
                .params
                .iter()
                .map(|spec| {
                    prop_oneof![
                        Just(None),
                        param_value(spec).prop_map(move |v| Some((spec.name.to_string(), v)))
                    ]
                    .boxed()
                })
                .collect();
            let description = description.clone();
            params.prop_map(move |params| {
                let mut node = Node::new(Ident::new(&format!("n{index}")).unwrap(), kind);
                node.description = description.clone();
                node.params = params.into_iter().flatten().collect();
                // Some timing attributes, as the file writes them.
                if wiring & 1 == 1 {
                    let _ = node.timing.set("schedule", Some("cron(0/30 * * * ? *)"));
                    let _ = node.timing.set("expected_duration", Some("12 min"));
                }
                if wiring & 2 == 2 {
                    let _ = node.timing.set("platform", Some("firehose"));
                    let _ = node.timing.set("buffer_interval", Some("300 s"));
                }
                // Wire some earlier nodes (the graph stays acyclic by construction).
                let sources: Vec<usize> = (0..index)
                    .filter(|i| (wiring >> (i % 64)) & 1 == 1)
                    .collect();
                (node, sources)
            })
        })
}

fn pipeline() -> impl Strategy<Value = Pipeline> {
    let nodes = (0..6usize).prop_flat_map(|count| (0..count).map(node).collect::<Vec<_>>());
    let requirement = (
        ident(),
        0..REQUIREMENT_KINDS.len(),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::collection::vec(
            prop_oneof![
                text().prop_map(ParamValue::Str),
                any::<i64>().prop_map(ParamValue::Int),
                (-1e9f64..1e9).prop_map(ParamValue::Float),
            ],
            3,
        ),
        any::<u8>(),
    )
        .prop_map(|(id, kind, stakeholder, note, values, chosen)| {
            let spec = &REQUIREMENT_KINDS[kind];
            // Each declared key present or not, with a value of the key's type.
            let params: BTreeMap<String, ParamValue> = spec
                .keys
                .iter()
                .zip(values)
                .enumerate()
                .filter(|(index, _)| (chosen >> index) & 1 == 1)
                .map(|(_, (key, value))| {
                    let value = match (key.key_type, value) {
                        (RequirementKeyType::Number, ParamValue::Str(_)) => ParamValue::Int(7),
                        (RequirementKeyType::Number, number) => number,
                        (_, ParamValue::Str(text)) => ParamValue::Str(text),
                        (_, _) => ParamValue::Str("1h".into()),
                    };
                    (key.name.to_string(), value)
                })
                .collect();
            (id, spec.name.to_string(), stakeholder, note, params)
        });
    (
        nodes,
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::collection::vec(requirement, 0..3),
        any::<u64>(),
    )
        .prop_map(|(nodes, name, description, requirements, seed)| {
            let mut pipeline = Pipeline {
                name,
                description,
                ..Pipeline::default()
            };
            let mut wirings = Vec::new();
            for (node, sources) in nodes {
                wirings.push((node.id.clone(), sources));
                pipeline.nodes.push(node);
            }
            for (target, sources) in wirings {
                for source in sources {
                    let source_id = pipeline.nodes[source].id.clone();
                    // The first output, named: a router's outputs are named by its routes.
                    let Some(first) = pipeline.nodes[source].output_ports().into_iter().next()
                    else {
                        continue;
                    };
                    let output = OutputRef::new(source_id.clone(), first.name);
                    let Some(target_node) = pipeline.node(target.as_str()) else {
                        continue;
                    };
                    let port = match target_node.kind.inputs {
                        InputPorts::Fixed(ports) => match ports.first() {
                            Some(port) => port.name.to_string(),
                            None => continue,
                        },
                        InputPorts::Named { .. } => format!("t_{source_id}"),
                    };
                    let _ = pipeline.connect(output, target.as_str(), &port);
                }
            }
            for (index, (id, kind, stakeholder, note, params)) in
                requirements.into_iter().enumerate()
            {
                let applies_to = pipeline
                    .nodes
                    .iter()
                    .take(index + 1)
                    .map(|n| n.id.clone())
                    .collect();
                pipeline.requirements.push(Requirement {
                    id: Ident::new(&format!("{id}{index}")).unwrap(),
                    kind: Ident::new(&kind).unwrap(),
                    stakeholder,
                    note,
                    applies_to,
                    params,
                });
            }
            for (index, node) in pipeline.nodes.iter().enumerate() {
                let x = ((seed >> (index * 7)) % 2000) as f32 * 0.5 - 300.0;
                pipeline.layout.insert(
                    node.id.clone(),
                    Position {
                        x,
                        y: index as f32 * 120.25,
                    },
                );
            }
            pipeline
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn load_of_save_is_identity(doc in pipeline()) {
        let text = to_canonical_text(&doc);
        let (loaded, _) = parse_pipeline(&text).map_err(|e| TestCaseError::fail(format!("{e}\n---\n{text}")))?;
        prop_assert_eq!(&loaded, &doc);
        prop_assert_eq!(to_canonical_text(&loaded), text);
    }
}

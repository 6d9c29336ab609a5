//! `sluice schema FILE [--node ID]`: each node's output columns and types.

use std::path::PathBuf;

use serde::Serialize;

use super::OutputFormat;
use super::load::load_or_report;
use crate::engine::types::type_name;
use crate::engine::{NodeOutcome, plan_pipeline};

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The pipeline file (*.sluice.toml)
    pub file: PathBuf,
    /// Only this node
    #[arg(long)]
    pub node: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Serialize)]
struct NodeSchema {
    node: String,
    kind: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    /// The columns of the node's first output (what a bare reference to it reads).
    columns: Vec<ColumnSchema>,
    /// Every output with its columns, when the node has more than one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    outputs: Vec<PortSchema>,
}

#[derive(Serialize)]
struct PortSchema {
    port: String,
    columns: Vec<ColumnSchema>,
}

#[derive(Serialize)]
struct ColumnSchema {
    name: String,
    #[serde(rename = "type")]
    type_name: String,
}

pub fn run(args: &SchemaArgs) -> anyhow::Result<u8> {
    let loaded = match load_or_report(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    if let Some(id) = &args.node
        && loaded.pipeline.node(id).is_none()
    {
        let hint = crate::model::suggest::did_you_mean(
            id,
            loaded.pipeline.nodes.iter().map(|n| n.id.as_str()),
        );
        eprintln!(
            "sluice: there is no node `{id}` in {}{hint}",
            args.file.display()
        );
        return Ok(super::exit::PIPELINE_ERROR);
    }
    let plan = plan_pipeline(&loaded.pipeline, loaded.site());
    let mut schemas = Vec::new();
    let mut failed = false;
    for id in &plan.order {
        if args.node.as_ref().is_some_and(|wanted| wanted != id) {
            continue;
        }
        let kind = loaded.pipeline.node(id).map_or("", |n| n.kind.name);
        let mut outputs = Vec::new();
        let (status, message, columns) = match plan.outcome(id) {
            Some(NodeOutcome::Ready(ready)) => {
                let mut note = None;
                for (port, value) in ready.iter() {
                    if let Some(catalog) = value.as_catalog() {
                        let tables: Vec<&str> =
                            catalog.database.tables.keys().map(String::as_str).collect();
                        note = Some(format!(
                            "output {port}: catalog database `{}` with {} table{}: {}",
                            catalog.spec.database,
                            tables.len(),
                            if tables.len() == 1 { "" } else { "s" },
                            tables.join(", ")
                        ));
                    }
                    if let Some(table) = value.as_table() {
                        let columns = table
                            .schema
                            .iter()
                            .map(|(name, dtype)| ColumnSchema {
                                name: name.to_string(),
                                type_name: type_name(dtype),
                            })
                            .collect();
                        outputs.push(PortSchema {
                            port: port.to_string(),
                            columns,
                        });
                    }
                }
                let first = if outputs.len() == 1 {
                    outputs.pop().map(|p| p.columns).unwrap_or_default()
                } else {
                    Vec::new()
                };
                ("ok", note, first)
            }
            Some(NodeOutcome::Failed(error)) => {
                failed = true;
                ("error", Some(error.message.clone()), Vec::new())
            }
            Some(NodeOutcome::Blocked { by }) => {
                failed = true;
                let names: Vec<&str> = by.iter().map(String::as_str).collect();
                (
                    "blocked",
                    Some(format!("blocked by {}", names.join(", "))),
                    Vec::new(),
                )
            }
            None => continue,
        };
        schemas.push(NodeSchema {
            node: id.clone(),
            kind,
            status,
            message,
            columns,
            outputs,
        });
    }
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&schemas)?),
        OutputFormat::Text => {
            for (index, schema) in schemas.iter().enumerate() {
                if index > 0 {
                    println!();
                }
                println!("{} ({})", schema.node, schema.kind);
                if let Some(message) = &schema.message {
                    println!("  {}: {message}", schema.status);
                }
                print_columns(&schema.columns, "  ");
                for output in &schema.outputs {
                    println!("  output {}", output.port);
                    print_columns(&output.columns, "    ");
                }
            }
        }
    }
    Ok(if failed {
        super::exit::PIPELINE_ERROR
    } else {
        super::exit::OK
    })
}

fn print_columns(columns: &[ColumnSchema], indent: &str) {
    let width = columns
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    for column in columns {
        println!("{indent}{:<width$}  {}", column.name, column.type_name);
    }
}

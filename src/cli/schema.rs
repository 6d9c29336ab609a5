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
    let plan = plan_pipeline(&loaded.pipeline, &loaded.base_dir);
    let mut schemas = Vec::new();
    let mut failed = false;
    for id in &plan.order {
        if args.node.as_ref().is_some_and(|wanted| wanted != id) {
            continue;
        }
        let kind = loaded.pipeline.node(id).map_or("", |n| n.kind.name);
        let (status, message, columns) = match plan.outcome(id) {
            Some(NodeOutcome::Ready { schema, .. }) => {
                let columns = schema
                    .iter()
                    .map(|(name, dtype)| ColumnSchema {
                        name: name.to_string(),
                        type_name: type_name(dtype),
                    })
                    .collect();
                ("ok", None, columns)
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
                let width = schema
                    .columns
                    .iter()
                    .map(|c| c.name.chars().count())
                    .max()
                    .unwrap_or(0);
                for column in &schema.columns {
                    println!("  {:<width$}  {}", column.name, column.type_name);
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

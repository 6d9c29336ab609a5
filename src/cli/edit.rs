//! `sluice edit FILE ACTION …`: the window's edits from the command line. Each action is the same
//! `Command` the window applies (same checks, same refusals), and the file is rewritten
//! canonically and atomically.

use std::path::PathBuf;

use anyhow::{Context, anyhow};
use clap::{Args, Subcommand};

use super::exit;
use crate::app::{AppState, Command};
use crate::model::file_format::parse_param_value;
use crate::model::{Position, kind_spec};

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The pipeline file (`*.sluice.toml`); it is rewritten in place
    pub file: PathBuf,
    #[command(subcommand)]
    pub action: EditAction,
}

#[derive(Debug, Subcommand)]
pub enum EditAction {
    /// Add a node of KIND (wired after NODE with --after)
    Add {
        kind: String,
        /// The new node's id (default: the kind's name, made unique)
        #[arg(long)]
        id: Option<String>,
        /// Wire the new node's first input to this output (`node` or `node.port`)
        #[arg(long)]
        after: Option<String>,
        /// Where it goes on the canvas, `X,Y` (default: right of --after, else the origin)
        #[arg(long, value_parser = parse_position)]
        at: Option<Position>,
    },
    /// Remove nodes and their wires
    Remove {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Wire an output (`node` or `node.port`) into an input (`node.port`)
    Connect {
        from: String,
        to: String,
        /// Replace the wire already in an input that takes one (as dropping a wire on it does)
        #[arg(long)]
        replace: bool,
    },
    /// Remove a wire
    Disconnect { from: String, to: String },
    /// Set a parameter; VALUE is written as in the file (`20`, `["a", "b"]`, `status = 'paid'`)
    Set {
        node: String,
        param: String,
        value: String,
    },
    /// Reset a parameter to its default
    Unset { node: String, param: String },
    /// Rename a node (wires follow)
    Rename { from: String, to: String },
    /// Set (or with no TEXT, clear) a node's description
    Describe { node: String, text: Option<String> },
    /// Set (or with no VALUE, clear) a node's timing attribute: platform, cadence, schedule,
    /// expected_duration, buffer_interval, buffer_size_mib, micro_batch_window, timeout, shards
    Timing {
        node: String,
        key: String,
        value: Option<String>,
    },
    /// Lay the graph out left to right
    Layout,
}

fn parse_position(text: &str) -> Result<Position, String> {
    let (x, y) = text
        .split_once(',')
        .ok_or_else(|| format!("`{text}` is not X,Y"))?;
    let number = |s: &str| {
        s.trim()
            .parse::<f32>()
            .map_err(|_| format!("`{s}` is not a number"))
    };
    Ok(Position {
        x: number(x)?,
        y: number(y)?,
    })
}

/// Splits `node.port` into its parts.
fn input_ref(text: &str) -> anyhow::Result<(String, String)> {
    text.split_once('.')
        .map(|(node, port)| (node.to_string(), port.to_string()))
        .ok_or_else(|| anyhow!("`{text}` names no input port; write it as node.port"))
}

pub fn run(args: &EditArgs) -> anyhow::Result<u8> {
    let mut state = AppState::open(&args.file).map_err(|e| anyhow!(e))?;
    let commands = commands(&state, &args.action)?;
    for command in commands {
        if let Err(reason) = state.apply(command) {
            eprintln!("sluice: {}: {reason}", args.file.display());
            return Ok(exit::PIPELINE_ERROR);
        }
    }
    state
        .apply(Command::Save)
        .map_err(|e| anyhow!(e))
        .with_context(|| format!("cannot save {}", args.file.display()))?;
    Ok(exit::OK)
}

fn commands(state: &AppState, action: &EditAction) -> anyhow::Result<Vec<Command>> {
    let document = state.document();
    Ok(match action {
        EditAction::Add {
            kind,
            id,
            after,
            at,
        } => {
            let spec = kind_spec(kind).ok_or_else(|| {
                let hint = crate::model::suggest::did_you_mean(
                    kind,
                    crate::model::catalogue().iter().map(|k| k.name),
                );
                anyhow!("there is no node kind `{kind}`{hint}")
            })?;
            let at = at.unwrap_or_else(|| {
                after
                    .as_deref()
                    .map(|a| a.split('.').next().unwrap_or(a))
                    .and_then(|a| document.layout.get(a))
                    .map_or(Position::default(), |p| Position {
                        x: p.x + 240.0,
                        y: p.y,
                    })
            });
            let mut commands = vec![Command::AddNode {
                kind: kind.clone(),
                at,
                after: after.clone(),
            }];
            if let Some(id) = id {
                let generated = document.fresh_id(spec.name).to_string();
                if *id != generated {
                    commands.push(Command::RenameNode {
                        from: generated,
                        to: id.clone(),
                    });
                }
            }
            commands
        }
        EditAction::Remove { ids } => vec![Command::RemoveNodes(ids.clone())],
        EditAction::Connect { from, to, .. } | EditAction::Disconnect { from, to } => {
            let from = document.resolve_output(from).map_err(|e| anyhow!("{e}"))?;
            let (to_node, to_port) = input_ref(to)?;
            if let EditAction::Connect { replace, .. } = action {
                if *replace {
                    vec![Command::ConnectReplacing {
                        from,
                        to_node,
                        to_port,
                    }]
                } else {
                    vec![Command::Connect {
                        from,
                        to_node,
                        to_port,
                    }]
                }
            } else {
                vec![Command::Disconnect {
                    from,
                    to_node,
                    to_port,
                }]
            }
        }
        EditAction::Set { node, param, value } => {
            let target = document
                .node(node)
                .ok_or_else(|| anyhow!("there is no node `{node}`"))?;
            let spec = target.kind.param(param).ok_or_else(|| {
                let hint = crate::model::suggest::did_you_mean(
                    param,
                    target.kind.params.iter().map(|p| p.name),
                );
                anyhow!("{} has no parameter `{param}`{hint}", target.kind.title)
            })?;
            let value = parse_param_value(value, &spec.param_type)
                .map_err(|e| anyhow!("{node}.{param}: {e}"))?;
            vec![Command::SetParam {
                node: node.clone(),
                name: param.clone(),
                value,
            }]
        }
        EditAction::Unset { node, param } => vec![Command::UnsetParam {
            node: node.clone(),
            name: param.clone(),
        }],
        EditAction::Rename { from, to } => vec![Command::RenameNode {
            from: from.clone(),
            to: to.clone(),
        }],
        EditAction::Describe { node, text } => vec![Command::SetDescription {
            node: node.clone(),
            text: text.clone(),
        }],
        EditAction::Timing { node, key, value } => vec![Command::SetTiming {
            node: node.clone(),
            key: key.clone(),
            value: value.clone(),
        }],
        EditAction::Layout => vec![Command::AutoLayout],
    })
}

//! `sluice preview FILE --node ID`: a sample of a node's output as a table in the terminal.

use std::path::PathBuf;

use super::load::load_or_report;
use super::table;
use crate::engine::{SampleMethod, plan_upstream, preview_node};

#[derive(Debug, clap::Args)]
pub struct PreviewArgs {
    /// The pipeline file (*.sluice.toml)
    pub file: PathBuf,
    /// The node to preview, or one of its outputs (`router.big_orders`)
    #[arg(long)]
    pub node: String,
    /// How many rows to show
    #[arg(long, default_value_t = 20)]
    pub rows: usize,
    /// Which rows: the first ones, or a uniform random sample
    #[arg(long, value_enum, default_value_t = Sample::Head)]
    pub sample: Sample,
    /// The random sample's seed
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Also print null count, distinct count, min and max per column
    #[arg(long)]
    pub stats: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Sample {
    Head,
    Random,
}

pub fn run(args: &PreviewArgs) -> anyhow::Result<u8> {
    let loaded = match load_or_report(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let (node, port) = match args.node.split_once('.') {
        Some((node, port)) => (node, Some(port)),
        None => (args.node.as_str(), None),
    };
    if loaded.pipeline.node(node).is_none() {
        let hint = crate::model::suggest::did_you_mean(
            node,
            loaded.pipeline.nodes.iter().map(|n| n.id.as_str()),
        );
        eprintln!(
            "sluice: there is no node `{node}` in {}{hint}",
            args.file.display()
        );
        return Ok(super::exit::PIPELINE_ERROR);
    }
    // Only the node and what feeds it are planned: other sources are not even opened.
    let plan = plan_upstream(&loaded.pipeline, loaded.site(), &[node]);
    let method = match args.sample {
        Sample::Head => SampleMethod::Head,
        Sample::Random => SampleMethod::Random { seed: args.seed },
    };
    let preview = match preview_node(&plan, node, port, args.rows, method) {
        Ok(preview) => preview,
        Err(error) => {
            eprintln!("sluice: [{}] {}", args.node, error.message);
            return Ok(super::exit::PIPELINE_ERROR);
        }
    };
    let frame = &preview.frame;
    let header: Vec<String> = preview
        .column_types()
        .iter()
        .map(|(name, type_name)| format!("{name} ({type_name})"))
        .collect();
    let rows = preview.cell_texts();
    print!("{}", table::render(&header, &rows));
    println!("{}: {}", args.node, preview.describe());
    if args.stats {
        println!();
        let header: Vec<String> = ["column", "type", "nulls", "distinct", "min", "max"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let rows: Vec<Vec<String>> = preview
            .column_stats()
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.type_name.clone(),
                    c.null_count.to_string(),
                    c.distinct_count.to_string(),
                    c.min.clone().unwrap_or_default(),
                    c.max.clone().unwrap_or_default(),
                ]
            })
            .collect();
        print!("{}", table::render(&header, &rows));
        println!("statistics over the {} rows shown", frame.height());
    }
    Ok(super::exit::OK)
}

//! `sluice recommend FILE --node ID QUERY`: what a recommend node answers a shopper (a customer
//! id, or product codes), with scores, or the most popular products and the reason; as the
//! window's "Try a shopper" does.

use std::path::PathBuf;

use super::OutputFormat;
use super::load::load_or_report;
use crate::engine::plan_upstream;
use crate::engine::streams::ask::ask_recommender;

#[derive(Debug, clap::Args)]
pub struct RecommendArgs {
    /// The pipeline file (*.sluice.toml)
    pub file: PathBuf,
    /// The recommend node to ask
    #[arg(long)]
    pub node: String,
    /// A customer id (their best-rated products stand for what they looked at), or product
    /// codes separated by commas
    pub query: String,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

pub fn run(args: &RecommendArgs) -> anyhow::Result<u8> {
    let loaded = match load_or_report(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let plan = plan_upstream(&loaded.pipeline, loaded.site(), &[args.node.as_str()]);
    let answer = match ask_recommender(&loaded.pipeline, &plan, &args.node, &args.query) {
        Ok(answer) => answer,
        Err(error) => {
            eprintln!("sluice: {}: {}", args.file.display(), error.message);
            return Ok(super::exit::PIPELINE_ERROR);
        }
    };
    match args.format {
        OutputFormat::Json => {
            let items: Vec<_> = answer
                .items
                .iter()
                .map(|(product, score)| serde_json::json!({ "product": product, "score": score }))
                .collect();
            let json = serde_json::json!({
                "node": args.node,
                "customer": answer.customer,
                "recent": answer.recent,
                "items": items,
                "fallback": answer.fallback,
            });
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        OutputFormat::Text => {
            match &answer.customer {
                Some(customer) => println!(
                    "customer {customer}, whose best rated are {} (best first):",
                    best_first(&answer.recent)
                ),
                None => println!("a shopper who looked at {}:", answer.recent.join(", ")),
            }
            if let Some(reason) = &answer.fallback {
                println!("the most popular products ({reason})");
            }
            for (rank, (product, score)) in answer.items.iter().enumerate() {
                println!("{:>3}. {product}  {score:.3}", rank + 1);
            }
        }
    }
    Ok(super::exit::OK)
}

/// A customer's products as the request holds them (the best last), best first.
fn best_first(recent: &[String]) -> String {
    recent.iter().rev().cloned().collect::<Vec<_>>().join(", ")
}

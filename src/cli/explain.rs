//! `sluice explain [KEY]`: the help cards the window shows (F1), on the command line: a node
//! kind (`filter`), a data-quality rule (`IsComplete`), a requirement kind
//! (`requirement:latency`) or an architecture topic (`topic:compute`); without a key, the list.

use serde::Serialize;

use super::OutputFormat;
use crate::engine::help::{every_card, find_card};
use crate::model::help::HelpCard;
use crate::model::suggest::did_you_mean;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// What to explain: a kind, a rule, requirement:KIND or topic:NAME; every card's key when
    /// left out
    pub key: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Serialize)]
struct CardJson<'a> {
    key: &'a str,
    title: &'a str,
    what: &'a str,
    example: &'a str,
    aws: &'a str,
    choose: &'a str,
}

fn json(card: &HelpCard) -> CardJson<'_> {
    CardJson {
        key: &card.key,
        title: &card.title,
        what: &card.what,
        example: &card.example,
        aws: &card.aws,
        choose: &card.choose,
    }
}

pub fn run(args: &ExplainArgs) -> anyhow::Result<u8> {
    let Some(key) = &args.key else {
        let cards = every_card();
        match args.format {
            OutputFormat::Json => {
                let listed: Vec<CardJson> = cards.iter().map(json).collect();
                println!("{}", serde_json::to_string_pretty(&listed)?);
            }
            OutputFormat::Text => {
                for card in &cards {
                    println!("{:<34} {}", card.key, card.title);
                }
            }
        }
        return Ok(super::exit::OK);
    };
    let Some(card) = find_card(key) else {
        let cards = every_card();
        let hint = did_you_mean(key, cards.iter().map(|c| c.key.as_str()));
        eprintln!("sluice: there is no help card `{key}`{hint} (`sluice explain` lists them)");
        return Ok(super::exit::USAGE);
    };
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&json(&card))?),
        OutputFormat::Text => {
            println!("{}", card.title);
            println!();
            println!("{}", card.what);
            println!();
            println!("Example: {}", card.example);
            println!("In AWS: {}", card.aws);
            println!("When to choose it: {}", card.choose);
        }
    }
    Ok(super::exit::OK)
}

//! Help cards: for every node kind, every requirement kind and the architecture choices a
//! workshop weighs (Glue or EMR or Lambda, Kinesis or MSK, Firehose's buffering, Step Functions),
//! what it does, an example, the AWS counterpart and when to choose it. The window shows them
//! (F1, the palette) and `sluice help` prints them; data-quality rules have theirs beside their
//! code in the engine.

mod kinds;
mod requirements;
mod topics;

pub use topics::{TOPICS, Topic};

use super::kinds::{KindId, catalogue};
use super::requirement::{REQUIREMENT_KINDS, RequirementKindSpec};
use super::suggest::capitalised;

/// One help card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpCard {
    /// What the card is about: "Filter", "Freshness requirement", "Glue, EMR, Lambda or Batch".
    pub title: String,
    /// How the card is looked up: the kind's file name, `requirement:freshness`, `topic:compute`.
    pub key: String,
    /// What it does.
    pub what: String,
    /// An example, as it is written in a pipeline file or as a situation.
    pub example: String,
    /// What AWS calls it, or the AWS services compared.
    pub aws: String,
    /// When to choose it, and when something else.
    pub choose: String,
}

/// The card of a node kind.
pub fn kind_card(kind: KindId) -> HelpCard {
    let spec = kind.spec();
    let (example, choose) = kinds::example_and_choice(kind);
    HelpCard {
        title: spec.title.to_string(),
        key: spec.name.to_string(),
        what: spec.help.to_string(),
        example: example.to_string(),
        aws: spec.aws_counterpart.to_string(),
        choose: choose.to_string(),
    }
}

/// The card of a requirement kind.
pub fn requirement_card(spec: &RequirementKindSpec) -> HelpCard {
    let (example, aws, choose) = requirements::example_aws_choice(spec.kind);
    HelpCard {
        title: format!("{} requirement", capitalised(spec.name)),
        key: format!("requirement:{}", spec.name),
        what: format!("{} It applies to {}.", spec.summary, spec.applies_to),
        example: example.to_string(),
        aws: aws.to_string(),
        choose: choose.to_string(),
    }
}

/// The card of an architecture topic.
pub fn topic_card(topic: &Topic) -> HelpCard {
    HelpCard {
        title: topic.title.to_string(),
        key: format!("topic:{}", topic.name),
        what: topic.what.to_string(),
        example: topic.example.to_string(),
        aws: topic.aws.to_string(),
        choose: topic.choose.to_string(),
    }
}

/// Every card this module holds: the kinds in palette order, the requirement kinds, the topics.
pub fn model_cards() -> Vec<HelpCard> {
    let mut cards: Vec<HelpCard> = catalogue().iter().map(|k| kind_card(k.id)).collect();
    cards.extend(REQUIREMENT_KINDS.iter().map(requirement_card));
    cards.extend(TOPICS.iter().map(topic_card));
    cards
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_card_says_what_gives_an_example_names_aws_and_when_to_choose() {
        let cards = model_cards();
        assert_eq!(
            cards.len(),
            catalogue().len() + REQUIREMENT_KINDS.len() + TOPICS.len()
        );
        let mut keys = std::collections::BTreeSet::new();
        for card in &cards {
            assert!(keys.insert(card.key.clone()), "two cards for {}", card.key);
            for (part, text, least) in [
                ("what", &card.what, 12),
                ("example", &card.example, 12),
                // "Join", "Filter": Glue's own names are short.
                ("aws", &card.aws, 4),
                ("choose", &card.choose, 12),
            ] {
                assert!(
                    text.trim().len() >= least,
                    "{}: the {part} of its card is missing or too short: {text:?}",
                    card.key
                );
            }
        }
    }
}

//! Every help card in one list, for the window's help and `sluice help`: the node kinds, the
//! requirement kinds and the architecture topics (from `model::help`), and every data-quality
//! rule (whose card is its file's opening comment).

use crate::model::dqdl::RuleType;
use crate::model::help::{HelpCard, model_cards};

/// Every card: kinds, requirement kinds, topics, then the data-quality rules.
pub fn every_card() -> Vec<HelpCard> {
    let mut cards = model_cards();
    cards.extend(
        RuleType::ALL
            .iter()
            .map(|rule| super::quality::rule_card(*rule)),
    );
    cards
}

/// The card `key` names (a kind's file name, `rule:IsComplete`, `requirement:latency`,
/// `topic:compute`), or a title matching it without regard to case.
pub fn find_card(key: &str) -> Option<HelpCard> {
    let cards = every_card();
    let wanted = key.trim();
    cards
        .iter()
        .find(|card| card.key == wanted)
        .or_else(|| {
            cards.iter().find(|card| {
                card.key.rsplit(':').next() == Some(wanted)
                    || card.title.eq_ignore_ascii_case(wanted)
            })
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_whole_card_and_every_card_is_found_by_its_key() {
        let cards = every_card();
        for rule in RuleType::ALL {
            let card = cards
                .iter()
                .find(|c| c.key == format!("rule:{}", rule.name()))
                .unwrap_or_else(|| panic!("no card for {}", rule.name()));
            for (part, text) in [
                ("what", &card.what),
                ("example", &card.example),
                ("choose", &card.choose),
            ] {
                assert!(
                    text.trim().len() >= 12,
                    "{}: its card's {part} is missing: {text:?}",
                    rule.name()
                );
            }
            assert!(card.example.contains(rule.name()), "{card:?}");
        }
        for card in &cards {
            assert_eq!(find_card(&card.key).as_ref(), Some(card));
        }
        assert_eq!(
            find_card("IsComplete").map(|c| c.key),
            Some("rule:IsComplete".into())
        );
        assert_eq!(find_card("filter").map(|c| c.key), Some("filter".into()));
    }
}

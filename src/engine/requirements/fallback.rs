//! Fallback: when the primary node fails, something must still reach the serving node without
//! passing through it, as the most popular products still reach a shop when its recommender
//! is down.

use std::collections::BTreeSet;

use super::{RequirementCheck, RequirementStatus};
use crate::model::{Pipeline, Requirement};

pub fn check(
    pipeline: &Pipeline,
    requirement: &Requirement,
    primary: Option<&str>,
    check: &mut RequirementCheck,
) {
    let Some(primary) = primary else {
        check.worsen(RequirementStatus::Fail);
        check.explain("name the node that may fail as `primary`, so its fallback can be checked");
        return;
    };
    check.add_nodes([primary]);
    for serving in &requirement.applies_to {
        let serving = serving.as_str();
        if serving == primary {
            check.worsen(RequirementStatus::Fail);
            check.explain(format!("`{serving}` cannot be its own fallback"));
            continue;
        }
        // What still reaches the serving node once the primary is gone.
        let mut reached: BTreeSet<String> = BTreeSet::new();
        let mut frontier = vec![serving.to_string()];
        let mut sources = Vec::new();
        while let Some(current) = frontier.pop() {
            let Some(node) = pipeline.node(&current) else {
                continue;
            };
            if node.inputs.is_empty() {
                sources.push(current.clone());
            }
            for (_, input) in node.input_refs() {
                let id = input.node.as_str();
                if id != primary && reached.insert(id.to_string()) {
                    frontier.push(id.to_string());
                }
            }
        }
        if sources.is_empty() {
            check.worsen(RequirementStatus::Fail);
            check.explain(format!(
                "every path to `{serving}` passes through `{primary}`, so nothing is served when it fails; add a branch that does not (the most popular items)"
            ));
        } else {
            check.add_nodes(reached.iter().map(String::as_str));
            check.explain(format!(
                "when `{primary}` fails, `{serving}` still gets data from {}",
                sources
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
}

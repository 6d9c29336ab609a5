//! Latency: how long an event takes from the node where it enters to each sink or serving node,
//! as the worst path's delays add up. The estimate is a worst case, so it bounds any percentile.

use super::delay::Context;
use super::paths::worst_path;
use super::{RequirementCheck, RequirementStatus, arithmetic, verdict};
use crate::model::duration::Seconds;
use crate::model::{Node, Requirement};

pub fn check(
    context: &Context<'_>,
    requirement: &Requirement,
    from: &str,
    budget: Seconds,
    percentile: &str,
    check: &mut RequirementCheck,
) {
    check.budget = Some(format!("{budget} at {percentile}"));
    check.add_nodes([from]);
    let mut worst = Seconds::ZERO;
    for target in &requirement.applies_to {
        let target = target.as_str();
        let delays = |context: &Context<'_>, node: &Node| context.delays(node, false);
        let Some(path) = worst_path(context, target, Some(from), &delays) else {
            check.worsen(RequirementStatus::Fail);
            check.explain(format!(
                "no path leads from `{from}` to `{target}`; wire them or fix `from`"
            ));
            continue;
        };
        check.follow(&path);
        let total = path.total();
        worst = worst.max(total);
        if path.terms.is_empty() {
            check.worsen(RequirementStatus::Warn);
            check.explain(format!(
                "no node from `{from}` to `{target}` has timing attributes, so the latency cannot be estimated; set each node's platform or expected_duration"
            ));
            continue;
        }
        let (status, comparison) = verdict(total, budget);
        check.worsen(status);
        let terms = arithmetic(&path.terms);
        check.explain(format!(
            "`{from}` to `{target}`, worst case: {terms} = {comparison}"
        ));
        check.note_missing(path.missing);
    }
    check.estimate = Some(format!("{worst}"));
}

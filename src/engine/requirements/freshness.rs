//! Freshness: the worst age of the data at each sink, added up along its worst path. The lag
//! behind the sources counts schedules, runs, buffers and windows; the age of the newest record
//! adds how often the sources themselves change. Both are shown when they differ.

use super::delay::Context;
use super::paths::worst_path;
use super::{RequirementCheck, RequirementStatus, arithmetic, verdict};
use crate::model::duration::Seconds;
use crate::model::requirement::FreshnessMeaning;
use crate::model::{Node, Requirement};

pub fn check(
    context: &Context<'_>,
    requirement: &Requirement,
    max_age: Seconds,
    meaning: &FreshnessMeaning,
    check: &mut RequirementCheck,
) {
    let with_cadence = matches!(meaning, FreshnessMeaning::NewestRecord { .. });
    check.budget = Some(format!("{max_age}"));
    let mut worst_total = Seconds::ZERO;
    for sink in &requirement.applies_to {
        let sink = sink.as_str();
        let delays = |context: &Context<'_>, node: &Node| context.delays(node, with_cadence);
        let Some(path) = worst_path(context, sink, None, &delays) else {
            check.worsen(RequirementStatus::Fail);
            check.explain(format!("`{sink}` is on a cycle; fix the wiring first"));
            continue;
        };
        check.follow(&path);
        let total = path.total();
        worst_total = worst_total.max(total);
        if !path.bounded {
            if path.bad_schedules.is_empty() {
                check.worsen(RequirementStatus::Warn);
                check.explain(format!(
                    "nothing on the path to `{sink}` is scheduled or streaming, so its data is as old as its last run; give a node a schedule (timing `schedule`) to bound it"
                ));
            }
            continue;
        }
        let (status, comparison) = verdict(total, max_age);
        check.worsen(status);
        let terms = arithmetic(&path.terms);
        let meaning_words = if with_cadence {
            "newest record at"
        } else {
            "lag of"
        };
        check.explain(format!("{meaning_words} `{sink}`: {terms} = {comparison}"));
        if !with_cadence {
            // The other meaning, when the sources' own cadence makes it differ.
            let cadence: Seconds = path
                .nodes
                .iter()
                .filter_map(|id| context.pipeline.node(id))
                .filter_map(|n| n.timing.cadence.as_ref().map(|c| c.seconds))
                .sum();
            if cadence.0 > 0.0 {
                check.explain(format!(
                    "the newest record can be {} old, as the sources change every {cadence}",
                    total + cadence
                ));
            }
        }
        if status == RequirementStatus::Fail {
            check.explain("shorten the schedule, the run or the buffer");
        }
        check.note_missing(path.missing);
    }
    check.estimate = Some(format!("{worst_total}"));
}

//! Requirements checked against a stream run: the latency each named node measured at the
//! requirement's percentile, the events a second each named node took, and how the serving
//! path answered when its primary failed (answers, and those from the fallback by reason).

use super::{RequirementCheck, RequirementStatus, verdict};
use crate::engine::run::micros_text;
use crate::engine::streams::run::StreamRunReport;
use crate::model::duration::Seconds;
use crate::model::graph::upstream_of;
use crate::model::requirement::{RequirementSpec, ThroughputTarget};
use crate::model::{KindId, Pipeline};

/// Adds to each check what the stream run measured.
pub fn measure_stream_requirements(
    pipeline: &Pipeline,
    stream: &StreamRunReport,
    checks: &mut [RequirementCheck],
) {
    for (requirement, check) in pipeline.requirements.iter().zip(checks.iter_mut()) {
        let Ok(spec) = requirement.typed(pipeline) else {
            continue;
        };
        match spec {
            RequirementSpec::Latency {
                from,
                budget,
                percentile,
            } => {
                let mut measured = Vec::new();
                for target in &requirement.applies_to {
                    let Some(latency) = stream
                        .node(target.as_str())
                        .and_then(|n| n.stage.latency)
                        .filter(|l| l.count > 0)
                    else {
                        check.explain(format!(
                            "`{target}` measured no latency in this run (it is not a stream node, or no event reached it)"
                        ));
                        continue;
                    };
                    let Some(micros) = latency.at(percentile) else {
                        continue;
                    };
                    let seconds = Seconds(micros as f64 / 1e6);
                    let (status, comparison) = verdict(seconds, budget);
                    take_measured(check, &measured, status);
                    check.explain(format!(
                        "measured from ingestion at `{from}` to `{target}` over {} events: {percentile} {} = {comparison}",
                        latency.count,
                        micros_text(micros)
                    ));
                    measured.push(format!("{percentile} {}", micros_text(micros)));
                }
                record_measured(check, &measured);
            }
            RequirementSpec::Throughput(ThroughputTarget::EventsPerSecond(wanted)) => {
                let mut measured = Vec::new();
                for target in &requirement.applies_to {
                    if stream.node(target.as_str()).is_none() {
                        continue;
                    }
                    let rate = stream.events_per_second(target.as_str());
                    let status = if rate >= wanted {
                        RequirementStatus::Pass
                    } else {
                        RequirementStatus::Fail
                    };
                    take_measured(check, &measured, status);
                    check.explain(format!(
                        "measured at `{target}`: {rate:.0} events/s {} {wanted:.0} events/s wanted (the sources' own pace bounds this)",
                        if rate >= wanted { "≥" } else { "<" }
                    ));
                    measured.push(format!("{rate:.0} events/s"));
                }
                record_measured(check, &measured);
            }
            RequirementSpec::Fallback { .. } => {
                let mut measured = Vec::new();
                for serving in &requirement.applies_to {
                    let upstream = upstream_of(pipeline, serving.as_str());
                    let recommenders = pipeline.nodes.iter().filter(|node| {
                        node.kind.id == KindId::Recommend
                            && (upstream.contains(node.id.as_str()) || node.id == *serving)
                    });
                    for node in recommenders {
                        let Some(report) = stream.node(node.id.as_str()) else {
                            continue;
                        };
                        let stage = &report.stage;
                        let answers = stage.counters.get("answers").copied().unwrap_or(0);
                        let fallbacks: Vec<String> = stage
                            .counters
                            .iter()
                            .filter_map(|(name, count)| {
                                name.strip_prefix("fallback: ")
                                    .map(|reason| format!("{count} for {reason}"))
                            })
                            .collect();
                        let fell_back: u64 = stage
                            .counters
                            .iter()
                            .filter(|(name, _)| name.starts_with("fallback: "))
                            .map(|(_, count)| count)
                            .sum();
                        let taken = stage.events_in - stage.drops.values().sum::<u64>();
                        let every = answers == taken;
                        if !every {
                            check.worsen(RequirementStatus::Fail);
                        }
                        let fault = report
                            .fault
                            .map(|f| format!(" with the fault {f}"))
                            .unwrap_or_default();
                        check.explain(format!(
                            "measured at `{}`{fault}: {answers} of {taken} events answered{}; from the most popular products: {}",
                            node.id,
                            if every { "" } else { " (some went unanswered)" },
                            if fallbacks.is_empty() {
                                "none".to_string()
                            } else {
                                fallbacks.join(", ")
                            }
                        ));
                        measured.push(format!(
                            "{fell_back} of {answers} answers from the fallback"
                        ));
                    }
                }
                record_measured(check, &measured);
            }
            RequirementSpec::Freshness { .. }
            | RequirementSpec::Throughput(ThroughputTarget::RowsWithin { .. })
            | RequirementSpec::Quality => {}
        }
    }
}

/// A measured verdict: the first replaces the estimate's (it is what happened), later ones
/// can only make it worse.
fn take_measured(
    check: &mut RequirementCheck,
    measured_so_far: &[String],
    status: RequirementStatus,
) {
    check.status = if measured_so_far.is_empty() {
        status
    } else {
        check.status.max(status)
    };
}

/// What was measured, as the check shows it.
fn record_measured(check: &mut RequirementCheck, measured: &[String]) {
    if !measured.is_empty() {
        check.measured = Some(measured.join(", "));
    }
}

//! A deploy's cost, estimated: each job's DPU-hours a run times its runs a day, each crawl's
//! ten-minute minimum, Kinesis shard-hours and Firehose's price per GB delivered, at the public
//! on-demand prices of [`PRICES`]. An estimate: it says what it assumed.

use serde::Serialize;

use super::resources::{Desired, ResourceKind};
use super::segments::DeployLayout;
use crate::engine::params::Params;
use crate::engine::requirements::schedule::parse_schedule;
use crate::model::Pipeline;
use crate::model::deploy_settings::DeploySettings;

/// Public on-demand prices in US dollars, us-east-1, as AWS's pricing pages listed them.
pub struct PriceTable {
    /// When the prices were read off the pricing pages.
    pub as_of: &'static str,
    pub region: &'static str,
    /// AWS Glue jobs (Spark, Glue 2.0 and later: per second, 1-minute minimum).
    pub glue_job_per_dpu_hour: f64,
    /// AWS Glue crawlers (per second, 10-minute minimum a run).
    pub crawler_per_dpu_hour: f64,
    pub crawler_minimum_minutes: f64,
    /// Kinesis Data Streams, provisioned mode.
    pub kinesis_per_shard_hour: f64,
    /// Amazon Data Firehose, Direct PUT and Kinesis sources, first 500 TB a month.
    pub firehose_per_gb: f64,
}

pub const PRICES: PriceTable = PriceTable {
    as_of: "2024-06",
    region: "us-east-1",
    glue_job_per_dpu_hour: 0.44,
    crawler_per_dpu_hour: 0.44,
    crawler_minimum_minutes: 10.0,
    kinesis_per_shard_hour: 0.015,
    firehose_per_gb: 0.029,
};

/// The bytes an event is assumed to take on the wire when a stream's volume is estimated.
const ASSUMED_EVENT_BYTES: f64 = 200.0;

/// One resource's estimated cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    pub kind: ResourceKind,
    pub name: String,
    /// The arithmetic, in words.
    pub basis: String,
    pub usd_per_day: f64,
}

/// DPUs of a Glue worker type.
fn dpus_per_worker(worker_type: &str) -> f64 {
    match worker_type {
        "G.025X" => 0.25,
        "G.2X" | "Z.2X" => 2.0,
        "G.4X" => 4.0,
        "G.8X" => 8.0,
        _ => 1.0,
    }
}

/// Runs a day of `schedule` (about: from its longest gap), or one a day when it has none.
fn runs_per_day(schedule: &str) -> (f64, String) {
    if schedule.trim().is_empty() {
        return (1.0, "on demand, taken as 1 run a day".to_string());
    }
    match parse_schedule(schedule) {
        Ok(parsed) if parsed.longest_gap.0 > 0.0 => {
            let runs = (86_400.0 / parsed.longest_gap.0).max(1.0 / 30.0);
            (
                runs,
                format!("{} ({runs:.0} runs a day)", parsed.description),
            )
        }
        _ => (
            1.0,
            "an unreadable schedule, taken as 1 run a day".to_string(),
        ),
    }
}

/// The estimate of every resource of `desired` that costs something.
pub fn estimate(
    pipeline: &Pipeline,
    layout: &DeployLayout,
    desired: &Desired,
    settings: &DeploySettings,
) -> Vec<CostLine> {
    let mut lines = Vec::new();
    let schedule_of_job = |job: &str| -> String {
        let trigger = desired
            .resources
            .iter()
            .find(|r| r.kind == ResourceKind::Trigger && r.property("job") == job);
        match trigger {
            Some(t) if t.property("type") == "SCHEDULED" => t.property("schedule").to_string(),
            Some(t) => t
                .property("after")
                .lines()
                .find_map(|l| l.strip_prefix("crawler "))
                .and_then(|c| desired.find(ResourceKind::Crawler, c))
                .map(|c| c.property("schedule").to_string())
                .unwrap_or_default(),
            None => String::new(),
        }
    };
    for resource in &desired.resources {
        match resource.kind {
            ResourceKind::Job => {
                let segment = resource.node.as_deref().and_then(|n| layout.job(n));
                let minutes = segment
                    .into_iter()
                    .flat_map(|s| &s.nodes)
                    .filter_map(|id| pipeline.node(id))
                    .filter_map(|n| n.timing.expected_duration.as_ref())
                    .map(|d| d.seconds.0 / 60.0)
                    .fold(None, |most: Option<f64>, m| {
                        Some(most.map_or(m, |x| x.max(m)))
                    });
                let (minutes, minutes_said) = match minutes {
                    Some(m) => (m.max(1.0), format!("{m:.0} min a run (expected_duration)")),
                    None => (
                        10.0,
                        "10 min a run (assumed; set expected_duration)".to_string(),
                    ),
                };
                let dpus = dpus_per_worker(&settings.worker_type) * f64::from(settings.workers);
                let (runs, runs_said) = runs_per_day(&schedule_of_job(&resource.name));
                let usd = dpus * minutes / 60.0 * runs * PRICES.glue_job_per_dpu_hour;
                lines.push(CostLine {
                    kind: ResourceKind::Job,
                    name: resource.name.clone(),
                    basis: format!(
                        "{dpus} DPU ({} × {}) × {minutes_said} × {runs_said} × ${}/DPU-hour",
                        settings.workers, settings.worker_type, PRICES.glue_job_per_dpu_hour
                    ),
                    usd_per_day: usd,
                });
            }
            ResourceKind::Crawler => {
                let (runs, runs_said) = runs_per_day(resource.property("schedule"));
                let usd =
                    PRICES.crawler_minimum_minutes / 60.0 * runs * PRICES.crawler_per_dpu_hour;
                lines.push(CostLine {
                    kind: ResourceKind::Crawler,
                    name: resource.name.clone(),
                    basis: format!(
                        "the {} min minimum at 1 DPU (assumed) × {runs_said} × ${}/DPU-hour",
                        PRICES.crawler_minimum_minutes, PRICES.crawler_per_dpu_hour
                    ),
                    usd_per_day: usd,
                });
            }
            ResourceKind::Stream => {
                let shards: f64 = resource.property("shards").parse().unwrap_or(1.0);
                lines.push(CostLine {
                    kind: ResourceKind::Stream,
                    name: resource.name.clone(),
                    basis: format!(
                        "{shards} shard × 24 h × ${}/shard-hour",
                        PRICES.kinesis_per_shard_hour
                    ),
                    usd_per_day: shards * 24.0 * PRICES.kinesis_per_shard_hour,
                });
            }
            ResourceKind::Delivery => {
                let rate = resource
                    .node
                    .as_deref()
                    .and_then(|n| pipeline.node(n))
                    .and_then(|n| n.inputs.values().flatten().next())
                    .and_then(|input| pipeline.node(input.node.as_str()))
                    // Only a generated clickstream has a rate known before it runs.
                    .filter(|source| source.kind.0.id == crate::model::KindId::ClickstreamSource)
                    .and_then(|source| Params::of(source).float("events_per_second").ok());
                let (usd, basis) = match rate {
                    Some(rate) => {
                        let gb = rate * 86_400.0 * ASSUMED_EVENT_BYTES / 1e9;
                        (
                            gb * PRICES.firehose_per_gb,
                            format!(
                                "{rate} events/s × {ASSUMED_EVENT_BYTES} B (assumed) = {gb:.2} GB a day × ${}/GB",
                                PRICES.firehose_per_gb
                            ),
                        )
                    }
                    None => (
                        0.0,
                        format!(
                            "${}/GB delivered; the volume is not known before it runs",
                            PRICES.firehose_per_gb
                        ),
                    ),
                };
                lines.push(CostLine {
                    kind: ResourceKind::Delivery,
                    name: resource.name.clone(),
                    basis,
                    usd_per_day: usd,
                });
            }
            ResourceKind::Bucket
            | ResourceKind::Object
            | ResourceKind::Database
            | ResourceKind::Ruleset
            | ResourceKind::Trigger => {}
        }
    }
    lines
}

/// The sum a day.
pub fn total_per_day(lines: &[CostLine]) -> f64 {
    lines.iter().map(|l| l.usd_per_day).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_a_day_come_from_the_schedule() {
        assert_eq!(runs_per_day("cron(0/30 * * * ? *)").0.round(), 48.0);
        assert_eq!(runs_per_day("cron(0 * * * ? *)").0.round(), 24.0);
        assert_eq!(runs_per_day("").0, 1.0);
        assert_eq!(dpus_per_worker("G.2X"), 2.0);
    }
}

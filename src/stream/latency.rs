//! End-to-end latency as sinks measure it: each event's time from ingestion to the sink, kept
//! in buckets of three significant digits, so memory stays flat however long a run lasts, and
//! read back as percentiles.

use std::collections::BTreeMap;

/// Latencies seen, in microseconds, bucketed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LatencyHistogram {
    buckets: BTreeMap<u64, u64>,
    count: u64,
    max_micros: u64,
}

/// A histogram's summary.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LatencySummary {
    pub count: u64,
    pub p50_micros: u64,
    pub p90_micros: u64,
    pub p95_micros: u64,
    pub p99_micros: u64,
    pub max_micros: u64,
}

/// `value` kept to three significant digits (exact below 1,000).
fn bucket(value: u64) -> u64 {
    let mut scale = 1;
    while value / scale >= 1_000 {
        scale *= 10;
    }
    value / scale * scale
}

impl LatencySummary {
    /// The value at a percentile named as requirements name them (p50, p90, p95, p99, max).
    pub fn at(&self, percentile: &str) -> Option<u64> {
        match percentile {
            "p50" => Some(self.p50_micros),
            "p90" => Some(self.p90_micros),
            "p95" => Some(self.p95_micros),
            "p99" => Some(self.p99_micros),
            "max" => Some(self.max_micros),
            _ => None,
        }
    }
}

impl LatencyHistogram {
    pub fn record(&mut self, micros: u64) {
        self.record_many(micros, 1);
    }

    /// `events` events that all took `micros` (a batch ingested at one instant).
    pub fn record_many(&mut self, micros: u64, events: u64) {
        if events == 0 {
            return;
        }
        *self.buckets.entry(bucket(micros)).or_default() += events;
        self.count += events;
        self.max_micros = self.max_micros.max(micros);
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// The smallest bucket at or below which `share` of the events fall.
    pub fn percentile(&self, share: f64) -> u64 {
        let wanted = ((self.count as f64) * share).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (value, count) in &self.buckets {
            seen += count;
            if seen >= wanted {
                return *value;
            }
        }
        self.max_micros
    }

    /// Every bucket with its events, smallest first.
    pub fn buckets(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.buckets.iter().map(|(value, count)| (*value, *count))
    }

    /// Adds what `other` recorded.
    pub fn merge(&mut self, other: &LatencyHistogram) {
        for (value, count) in &other.buckets {
            *self.buckets.entry(*value).or_default() += count;
        }
        self.count += other.count;
        self.max_micros = self.max_micros.max(other.max_micros);
    }

    pub fn summary(&self) -> LatencySummary {
        LatencySummary {
            count: self.count,
            p50_micros: self.percentile(0.50),
            p90_micros: self.percentile(0.90),
            p95_micros: self.percentile(0.95),
            p99_micros: self.percentile(0.99),
            max_micros: self.max_micros,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_known_values() {
        let mut histogram = LatencyHistogram::default();
        for micros in 1..=1_000 {
            histogram.record(micros);
        }
        let summary = histogram.summary();
        assert_eq!(summary.count, 1_000);
        assert_eq!(summary.p50_micros, 500);
        assert_eq!(summary.p99_micros, 990);
        assert_eq!(summary.max_micros, 1_000);
        // Large values keep three digits.
        histogram.record(123_456);
        assert_eq!(histogram.percentile(1.0), 123_000);
        assert_eq!(bucket(999), 999);
        assert_eq!(bucket(45_678), 45_600);
    }
}

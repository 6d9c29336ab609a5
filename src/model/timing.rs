//! A node's timing attributes: where it runs, how often its data changes or it is scheduled, how
//! long it takes, how its delivery buffers. The requirement checks add them up along each path.
//!
//! In a file they sit in the node's table as `timing = { schedule = "cron(0 * * * ? *)",
//! expected_duration = "12 min" }`. Every value is optional; a check says which ones it missed.

use std::fmt;

use super::duration::Seconds;

/// Where a node runs once deployed, which decides the platform limits that apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Platform {
    /// On this machine, by `sluice run`.
    Local,
    /// An AWS Glue batch job (Spark), started by a schedule or a trigger.
    GlueJob,
    /// An AWS Glue streaming job: micro-batches over a stream.
    GlueStreaming,
    /// An AWS Lambda function, invoked per event or batch of events.
    Lambda,
    /// An Amazon Kinesis data stream.
    Kinesis,
    /// An Amazon Data Firehose delivery stream, which buffers before it writes.
    Firehose,
}

impl Platform {
    pub const ALL: &'static [Platform] = &[
        Platform::Local,
        Platform::GlueJob,
        Platform::GlueStreaming,
        Platform::Lambda,
        Platform::Kinesis,
        Platform::Firehose,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Platform::Local => "local",
            Platform::GlueJob => "glue_job",
            Platform::GlueStreaming => "glue_streaming",
            Platform::Lambda => "lambda",
            Platform::Kinesis => "kinesis",
            Platform::Firehose => "firehose",
        }
    }

    /// How the platform is called in a sentence.
    pub fn title(self) -> &'static str {
        match self {
            Platform::Local => "a local run",
            Platform::GlueJob => "a Glue job",
            Platform::GlueStreaming => "a Glue streaming job",
            Platform::Lambda => "a Lambda function",
            Platform::Kinesis => "a Kinesis stream",
            Platform::Firehose => "a Firehose delivery stream",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.name() == name)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What kind of value a timing attribute holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimingValueType {
    Duration,
    /// `cron(…)` as AWS writes it, a five-field cron line, or `rate(1 hour)`.
    Schedule,
    Platform,
    Count,
}

/// One timing attribute: its key in the file, its type and what it means.
#[derive(Debug, Clone, Copy)]
pub struct TimingKey {
    pub name: &'static str,
    pub value_type: TimingValueType,
    pub help: &'static str,
}

/// Every timing attribute, in the order a file writes them.
pub const TIMING_KEYS: &[TimingKey] = &[
    TimingKey {
        name: "platform",
        value_type: TimingValueType::Platform,
        help: "where the node runs once deployed: local, glue_job, glue_streaming, lambda, kinesis or firehose",
    },
    TimingKey {
        name: "cadence",
        value_type: TimingValueType::Duration,
        help: "how often a source's data changes (an extract every hour: `1h`)",
    },
    TimingKey {
        name: "schedule",
        value_type: TimingValueType::Schedule,
        help: "when a batch node runs: `cron(0 * * * ? *)` as in a Glue trigger, or `rate(30 minutes)`",
    },
    TimingKey {
        name: "expected_duration",
        value_type: TimingValueType::Duration,
        help: "how long one run takes; measured runs replace this guess",
    },
    TimingKey {
        name: "buffer_interval",
        value_type: TimingValueType::Duration,
        help: "how long a delivery buffers before it writes (Firehose: 60 s to 900 s, 300 s by default)",
    },
    TimingKey {
        name: "buffer_size_mib",
        value_type: TimingValueType::Count,
        help: "how many MiB a delivery buffers before it writes (Firehose: 1 to 128)",
    },
    TimingKey {
        name: "micro_batch_window",
        value_type: TimingValueType::Duration,
        help: "a streaming job's micro-batch window (Glue's generated scripts use 100 s)",
    },
    TimingKey {
        name: "timeout",
        value_type: TimingValueType::Duration,
        help: "how long the node may run before it is stopped (Lambda: at most 15 min)",
    },
    TimingKey {
        name: "shards",
        value_type: TimingValueType::Count,
        help: "a Kinesis stream's shards; each takes 1,000 records a second",
    },
];

/// A duration as written and as read.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenDuration {
    pub text: String,
    pub seconds: Seconds,
}

/// A node's timing attributes. All optional: a node with none adds nothing to the estimates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timing {
    pub platform: Option<Platform>,
    pub cadence: Option<WrittenDuration>,
    /// Kept as written; the requirement checks parse it (with a cron crate) and report a bad one.
    pub schedule: Option<String>,
    pub expected_duration: Option<WrittenDuration>,
    pub buffer_interval: Option<WrittenDuration>,
    pub buffer_size_mib: Option<u32>,
    pub micro_batch_window: Option<WrittenDuration>,
    pub timeout: Option<WrittenDuration>,
    pub shards: Option<u32>,
}

impl Timing {
    pub fn is_empty(&self) -> bool {
        *self == Timing::default()
    }

    /// The value of `key` as the file writes it (without quotes), if set.
    pub fn get(&self, key: &str) -> Option<String> {
        let duration = |d: &Option<WrittenDuration>| d.as_ref().map(|d| d.text.clone());
        match key {
            "platform" => self.platform.map(|p| p.name().to_string()),
            "cadence" => duration(&self.cadence),
            "schedule" => self.schedule.clone(),
            "expected_duration" => duration(&self.expected_duration),
            "buffer_interval" => duration(&self.buffer_interval),
            "buffer_size_mib" => self.buffer_size_mib.map(|n| n.to_string()),
            "micro_batch_window" => duration(&self.micro_batch_window),
            "timeout" => duration(&self.timeout),
            "shards" => self.shards.map(|n| n.to_string()),
            _ => None,
        }
    }

    /// Sets `key` from its text, or clears it when `text` is `None`. The error says what a value
    /// of that key looks like.
    pub fn set(&mut self, key: &str, text: Option<&str>) -> Result<(), String> {
        let Some(spec) = TIMING_KEYS.iter().find(|k| k.name == key) else {
            let names = TIMING_KEYS.iter().map(|k| k.name);
            let hint = super::suggest::did_you_mean(key, names.clone());
            return Err(format!(
                "`{key}` is not a timing attribute (they are {}){hint}",
                names.collect::<Vec<_>>().join(", ")
            ));
        };
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        let duration = |text: Option<&str>| -> Result<Option<WrittenDuration>, String> {
            text.map(|t| {
                Seconds::parse(t).map(|seconds| WrittenDuration {
                    text: t.to_string(),
                    seconds,
                })
            })
            .transpose()
        };
        let count = |text: Option<&str>| -> Result<Option<u32>, String> {
            text.map(|t| {
                t.parse::<u32>()
                    .map_err(|_| format!("`{key}` is a whole number, not `{t}`"))
            })
            .transpose()
        };
        match spec.name {
            "platform" => {
                self.platform = text
                    .map(|t| {
                        Platform::from_name(t).ok_or_else(|| {
                            let names = Platform::ALL.iter().map(|p| p.name());
                            let hint = super::suggest::did_you_mean(t, names.clone());
                            format!(
                                "`{t}` is not a platform (they are {}){hint}",
                                names.collect::<Vec<_>>().join(", ")
                            )
                        })
                    })
                    .transpose()?;
            }
            "cadence" => self.cadence = duration(text)?,
            "schedule" => self.schedule = text.map(str::to_string),
            "expected_duration" => self.expected_duration = duration(text)?,
            "buffer_interval" => self.buffer_interval = duration(text)?,
            "buffer_size_mib" => self.buffer_size_mib = count(text)?,
            "micro_batch_window" => self.micro_batch_window = duration(text)?,
            "timeout" => self.timeout = duration(text)?,
            "shards" => self.shards = count(text)?,
            _ => {}
        }
        Ok(())
    }

    /// The attributes that are set, as `(key, text)` in the file's order.
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        TIMING_KEYS
            .iter()
            .filter_map(|k| self.get(k.name).map(|v| (k.name, v)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_and_get_round_trip_with_clear_errors() {
        let mut timing = Timing::default();
        assert!(timing.is_empty());
        timing.set("schedule", Some("cron(0 * * * ? *)")).unwrap();
        timing.set("expected_duration", Some("12 min")).unwrap();
        timing.set("platform", Some("glue_job")).unwrap();
        assert_eq!(
            timing.entries(),
            vec![
                ("platform", "glue_job".to_string()),
                ("schedule", "cron(0 * * * ? *)".to_string()),
                ("expected_duration", "12 min".to_string()),
            ]
        );
        assert_eq!(
            timing.expected_duration.as_ref().map(|d| d.seconds),
            Some(Seconds(720.0))
        );
        let error = timing.set("platfrom", Some("lambda")).unwrap_err();
        assert!(error.contains("did you mean `platform`"), "{error}");
        let error = timing.set("platform", Some("lamda")).unwrap_err();
        assert!(error.contains("`lambda`"), "{error}");
        assert!(timing.set("shards", Some("two")).is_err());
        timing.set("schedule", None).unwrap();
        assert_eq!(timing.schedule, None);
    }
}

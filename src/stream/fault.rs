//! Faults put into a stage on purpose, for teaching and testing: fail (at once or after some
//! events), slow down each batch, or drop a share of the events (counted, with the reason).

use std::fmt;
use std::time::Duration;

/// What goes wrong in a stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// The stage fails once it has taken this many events (0: at its first batch).
    Fail { after_events: u64 },
    /// Each batch waits this long before the stage handles it.
    Slow(Duration),
    /// This share of the events (0 to 1) is dropped, as "fault: dropped".
    Drop(f64),
}

/// The reason dropped events are counted under.
pub const FAULT_DROPPED: &str = "fault: dropped";

impl Fault {
    /// Reads `fail`, `fail=N` (after N events), `slow=MS` or `drop=FRACTION`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (name, value) = match text.split_once('=') {
            Some((name, value)) => (name.trim(), Some(value.trim())),
            None => (text.trim(), None),
        };
        let number = |what: &str| -> Result<f64, String> {
            let value = value.ok_or_else(|| format!("`{name}` needs a value: {name}={what}"))?;
            value
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("`{value}` is not {what}"))
        };
        match name {
            "fail" => Ok(Self::Fail {
                after_events: match value {
                    Some(_) => number("a number of events")? as u64,
                    None => 0,
                },
            }),
            "slow" => Ok(Self::Slow(Duration::from_secs_f64(
                number("milliseconds")? / 1_000.0,
            ))),
            "drop" => {
                let share = number("a share from 0 to 1")?;
                if share > 1.0 {
                    return Err(format!("drop={share}: the share is from 0 to 1"));
                }
                Ok(Self::Drop(share))
            }
            other => Err(format!(
                "unknown fault `{other}`; use fail, fail=EVENTS, slow=MS or drop=FRACTION"
            )),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fail { after_events: 0 } => f.write_str("fail"),
            Self::Fail { after_events } => write!(f, "fail={after_events}"),
            Self::Slow(delay) => write!(f, "slow={}", delay.as_millis()),
            Self::Drop(share) => write!(f, "drop={share}"),
        }
    }
}

/// Which rows of a batch a `Drop` fault keeps: a fixed pattern by the event's position in the
/// stage's input, so a run is repeatable and the share holds over any number of batches.
pub fn kept_rows(first_event: u64, rows: usize, share: f64) -> Vec<bool> {
    (0..rows as u64)
        .map(|offset| {
            let position = first_event + offset;
            // The fractional part of n times the golden ratio is spread evenly over [0, 1).
            let spread = (position as f64 * 0.618_033_988_749_895).fract();
            spread >= share
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_read_and_print_back() {
        for text in ["fail", "fail=500", "slow=20", "drop=0.25"] {
            assert_eq!(Fault::parse(text).unwrap().to_string(), text);
        }
        assert!(Fault::parse("drop=2").is_err());
        assert!(
            Fault::parse("slow")
                .unwrap_err()
                .contains("slow=milliseconds")
        );
        assert!(Fault::parse("melt").unwrap_err().contains("unknown fault"));
    }

    #[test]
    fn a_drop_keeps_the_rest_of_the_events_over_batches() {
        let kept: usize = (0..100)
            .map(|batch| {
                kept_rows(batch * 1_000, 1_000, 0.1)
                    .iter()
                    .filter(|k| **k)
                    .count()
            })
            .sum();
        assert!((89_500..=90_500).contains(&kept), "{kept}");
    }
}

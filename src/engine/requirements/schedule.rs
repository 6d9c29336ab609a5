//! A node's schedule read with the `croner` crate: `cron(0 * * * ? *)` as a Glue trigger writes
//! it (minutes, hours, day of month, month, day of week, year), a five-field cron line, or
//! `rate(30 minutes)`; and the longest wait between two runs, which is what a freshness budget
//! must absorb.

use chrono::{DateTime, TimeZone, Utc};
use croner::parser::{CronParser, Seconds as CronSeconds, Year};

use crate::model::duration::Seconds;

/// How many consecutive runs are looked at to find the longest gap: a year of hourly runs, and
/// enough for any schedule that repeats within a year.
const RUNS_SAMPLED: usize = 10_000;

/// A schedule understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// The longest time between two consecutive runs.
    pub longest_gap: Seconds,
    /// The schedule in words: "every 60 min", "at 02:00 every day".
    pub description: String,
}

/// Reads `text`; the error names what is wrong.
pub fn parse_schedule(text: &str) -> Result<Schedule, String> {
    let trimmed = text.trim();
    if let Some(inner) = strip_call(trimmed, "rate") {
        let every = Seconds::parse(inner).map_err(|e| format!("`{trimmed}`: {e}"))?;
        if every.0 <= 0.0 {
            return Err(format!("`{trimmed}`: a rate must be more than 0"));
        }
        return Ok(Schedule {
            longest_gap: every,
            description: format!("every {every}"),
        });
    }
    let (fields, aws) = match strip_call(trimmed, "cron") {
        Some(inner) => (inner.trim(), true),
        None => (trimmed, false),
    };
    let count = fields.split_whitespace().count();
    // AWS writes six fields, the last the year; croner reads six fields as seconds first, so
    // seconds are put in front ("0") and the year kept.
    let pattern = match (aws, count) {
        (true, 6) => format!("0 {}", aws_fields(fields)),
        (true, _) => {
            return Err(format!(
                "`{trimmed}` has {count} fields; AWS's cron(…) has six: minutes, hours, day of month, month, day of week, year"
            ));
        }
        (false, 5) => fields.to_string(),
        (false, _) => {
            return Err(format!(
                "`{trimmed}` is not a schedule: write cron(0 * * * ? *), a five-field cron line, or rate(1 hour)"
            ));
        }
    };
    let parser = CronParser::builder()
        .seconds(CronSeconds::Optional)
        .year(Year::Optional)
        .build();
    let cron = parser
        .parse(&pattern)
        .map_err(|e| format!("`{trimmed}` is not a valid cron schedule: {e}"))?;
    let start: DateTime<Utc> = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .ok_or_else(|| "no start time".to_string())?;
    let mut previous: Option<DateTime<Utc>> = None;
    let mut longest = 0.0_f64;
    for (index, run) in cron.iter_after(start).enumerate() {
        if index >= RUNS_SAMPLED {
            break;
        }
        if let Some(before) = previous {
            longest = longest.max((run - before).num_seconds() as f64);
        }
        previous = Some(run);
    }
    if previous.is_none() {
        return Err(format!("`{trimmed}` never runs"));
    }
    if longest == 0.0 {
        return Err(format!(
            "`{trimmed}` runs only once; a freshness budget needs a repeating schedule"
        ));
    }
    Ok(Schedule {
        longest_gap: Seconds(longest),
        description: plain_description(&cron.describe()),
    })
}

/// AWS's fields in croner's terms: `0/30` (from 0, every 30) becomes `0-59/30`, and a numbered
/// day of the week (AWS counts 1 for Sunday to 7) becomes croner's (0 for Sunday to 6).
fn aws_fields(fields: &str) -> String {
    const MAXIMA: [u32; 6] = [59, 23, 31, 12, 7, 2199];
    fields
        .split_whitespace()
        .enumerate()
        .map(|(index, field)| {
            let max = MAXIMA.get(index).copied().unwrap_or(59);
            let field = if index == 4 {
                shift_weekdays(field)
            } else {
                field.to_string()
            };
            field
                .split(',')
                .map(|part| match part.split_once('/') {
                    Some((start, step)) if start.chars().all(|c| c.is_ascii_digit()) => {
                        let max = if index == 4 { max - 1 } else { max };
                        format!("{start}-{max}/{step}")
                    }
                    _ => part.to_string(),
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Numbered weekdays one lower: AWS's 1 (Sunday) is croner's 0. Names and `#`/`L` suffixes
/// are left as they are.
fn shift_weekdays(field: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    let mut after_hash = false;
    let flush = |digits: &mut String, out: &mut String, after_hash: bool| {
        if digits.is_empty() {
            return;
        }
        match digits.parse::<u32>() {
            Ok(day) if !after_hash && day >= 1 => out.push_str(&(day - 1).to_string()),
            _ => out.push_str(digits),
        }
        digits.clear();
    };
    for c in field.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out, after_hash);
            after_hash = c == '#' || c == '/';
            if c == ',' || c == '-' {
                after_hash = false;
            }
            out.push(c);
        }
    }
    flush(&mut digits, &mut out, after_hash);
    out
}

/// croner's "At every 30 minutes." as a phrase inside a sentence: "at every 30 minutes".
fn plain_description(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text inside `name(…)`, if `text` is such a call.
fn strip_call<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(name)?.trim_start();
    rest.strip_prefix('(')?.strip_suffix(')')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_cron_five_field_cron_and_rates() {
        let hourly = parse_schedule("cron(0 * * * ? *)").unwrap();
        assert_eq!(hourly.longest_gap, Seconds(3600.0));
        let half_hourly = parse_schedule("*/30 * * * *").unwrap();
        assert_eq!(half_hourly.longest_gap, Seconds(1800.0));
        // Weekdays at 02:00: the weekend makes the longest gap three days.
        let weekdays = parse_schedule("cron(0 2 ? * MON-FRI *)").unwrap();
        assert_eq!(weekdays.longest_gap, Seconds(3.0 * 86_400.0));
        assert_eq!(
            parse_schedule("rate(15 minutes)").unwrap().longest_gap,
            Seconds(900.0)
        );
        // AWS's start/step and numbered weekdays (1 is Sunday): Mondays to Fridays.
        assert_eq!(
            parse_schedule("cron(0/30 * * * ? *)").unwrap().longest_gap,
            Seconds(1800.0)
        );
        assert_eq!(
            parse_schedule("cron(0 2 ? * 2-6 *)").unwrap().longest_gap,
            Seconds(3.0 * 86_400.0)
        );
        let error = parse_schedule("cron(0 * * *)").unwrap_err();
        assert!(error.contains("six"), "{error}");
        assert!(parse_schedule("cron(99 * * * ? *)").is_err());
        assert!(parse_schedule("hourly").is_err());
        assert!(parse_schedule("rate(soon)").is_err());
    }
}

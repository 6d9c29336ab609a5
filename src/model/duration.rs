//! Spans of time as a pipeline file writes them (`1h`, `12 min`, `300 s`, `0.5 s`, `1 h 30 min`)
//! and as a check prints them (`77 min`, `1 h 17 min`, `250 ms`).
//!
//! Written by hand rather than with `humantime`: budgets need decimals (`0.5 s`) and the words
//! Glue and DQDL use (`minutes`, `hours`, `days`), and the printed form is the one the window
//! shows in its arithmetic.

use std::fmt;

/// A span of time, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Seconds(pub f64);

/// Units a duration may be written in, with how many seconds each is.
const UNITS: &[(&[&str], f64)] = &[
    (&["ms", "msec", "millisecond", "milliseconds"], 0.001),
    (&["s", "sec", "secs", "second", "seconds"], 1.0),
    (&["m", "min", "mins", "minute", "minutes"], 60.0),
    (&["h", "hr", "hrs", "hour", "hours"], 3_600.0),
    (&["d", "day", "days"], 86_400.0),
];

impl Seconds {
    pub const ZERO: Self = Self(0.0);

    pub fn minutes(minutes: f64) -> Self {
        Self(minutes * 60.0)
    }

    pub fn as_secs(self) -> f64 {
        self.0
    }

    /// The longer of the two.
    pub fn max(self, other: Self) -> Self {
        if other.0 > self.0 { other } else { self }
    }

    /// Reads `1h`, `12 min`, `1 h 30 min`, `0.5 s`, `250 ms`: one or more numbers, each with a
    /// unit. The error says what was expected.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("a duration is empty; write it as `1h`, `12 min` or `300 s`".into());
        }
        let mut rest = trimmed;
        let mut total = 0.0;
        while !rest.is_empty() {
            let number_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let number_text = &rest[..number_len];
            let number: f64 = number_text.parse().map_err(|_| {
                format!("`{trimmed}` is not a duration: expected a number such as `12 min`")
            })?;
            rest = rest[number_len..].trim_start();
            let unit_len = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let unit = &rest[..unit_len];
            let Some((_, scale)) = UNITS
                .iter()
                .find(|(names, _)| names.contains(&unit.to_ascii_lowercase().as_str()))
            else {
                let said = if unit.is_empty() {
                    "no unit".to_string()
                } else {
                    format!("`{unit}`")
                };
                return Err(format!(
                    "`{trimmed}` is not a duration: {said} after {number_text}; units are ms, s, min, h, d"
                ));
            };
            total += number * scale;
            rest = rest[unit_len..].trim_start();
        }
        Ok(Self(total))
    }
}

impl fmt::Display for Seconds {
    /// The unit a person would say: `250 ms`, `45 s`, `77 min`, `1 h 17 min`, `2 d 3 h`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0;
        if !seconds.is_finite() {
            return f.write_str("unbounded");
        }
        if seconds < 1.0 && seconds > 0.0 {
            return write!(f, "{} ms", trim_number(seconds * 1000.0));
        }
        if seconds < 120.0 {
            return write!(f, "{} s", trim_number(seconds));
        }
        let minutes = seconds / 60.0;
        if minutes < 120.0 {
            return write!(f, "{} min", trim_number(minutes));
        }
        let whole_minutes = minutes.round() as i64;
        let (hours, minutes) = (whole_minutes / 60, whole_minutes % 60);
        if hours < 48 {
            return match minutes {
                0 => write!(f, "{hours} h"),
                m => write!(f, "{hours} h {m} min"),
            };
        }
        let (days, hours) = (hours / 24, hours % 24);
        match hours {
            0 => write!(f, "{days} d"),
            h => write!(f, "{days} d {h} h"),
        }
    }
}

/// A number with at most one decimal, and none when it is whole.
fn trim_number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

impl std::ops::Add for Seconds {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self(self.0 + other.0)
    }
}

impl std::iter::Sum for Seconds {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        Self(iter.map(|s| s.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::Seconds;

    #[test]
    fn reads_the_forms_files_use() {
        assert_eq!(Seconds::parse("1h"), Ok(Seconds(3600.0)));
        assert_eq!(Seconds::parse("12 min"), Ok(Seconds(720.0)));
        assert_eq!(Seconds::parse("1 h 30 min"), Ok(Seconds(5400.0)));
        assert_eq!(Seconds::parse("0.5 s"), Ok(Seconds(0.5)));
        assert_eq!(Seconds::parse("250ms"), Ok(Seconds(0.25)));
        assert_eq!(Seconds::parse("2 Days"), Ok(Seconds(172_800.0)));
        assert!(
            Seconds::parse("12 fortnights")
                .unwrap_err()
                .contains("`fortnights`")
        );
        assert!(Seconds::parse("12").unwrap_err().contains("no unit"));
        assert!(Seconds::parse("").is_err());
        assert!(Seconds::parse("min").is_err());
    }

    #[test]
    fn prints_the_unit_a_person_would_say() {
        assert_eq!(Seconds(0.25).to_string(), "250 ms");
        assert_eq!(Seconds(45.0).to_string(), "45 s");
        assert_eq!(Seconds(77.0 * 60.0).to_string(), "77 min");
        assert_eq!(Seconds(137.0 * 60.0).to_string(), "2 h 17 min");
        assert_eq!(Seconds(0.0).to_string(), "0 s");
        assert_eq!(Seconds(3.0 * 86_400.0).to_string(), "3 d");
    }
}

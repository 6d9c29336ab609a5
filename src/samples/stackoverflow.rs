//! The Stack Overflow analytics sample's data: a day of question and answer events as the
//! site's activity stream records them, one JSON object a line: when it was posted, the post and
//! (for an answer) the question it answers, the question's tag, the author and the score. Tags
//! are drawn by popularity, busy hours have more posts, and about two questions in three get
//! answers, most within the hour.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use super::SampleRng;

const SEED: u64 = 20_170_102;

/// Tags, most asked about first, with their weights.
const TAGS: &[(&str, f64)] = &[
    ("python", 30.0),
    ("javascript", 26.0),
    ("sql", 14.0),
    ("java", 12.0),
    ("aws", 8.0),
    ("apache-spark", 6.0),
    ("pandas", 6.0),
    ("rust", 4.0),
    ("amazon-redshift", 3.0),
    ("apache-kafka", 2.0),
];

/// Questions asked in the day.
const QUESTIONS: usize = 1_200;

/// The day's first instant, 2017-01-02T00:00:00Z, in microseconds.
const DAY_START_MICROS: i64 = 1_483_315_200_000_000;
const HOUR_MICROS: i64 = 3_600_000_000;

/// How busy each hour of the day is (UTC): quiet at night, busiest in the afternoon.
fn hour_weight(hour: usize) -> f64 {
    match hour {
        0..=5 => 0.4,
        6..=8 => 0.8,
        9..=12 => 1.3,
        13..=17 => 1.6,
        18..=20 => 1.0,
        _ => 0.6,
    }
}

/// One event, before it is written.
struct Post {
    created_micros: i64,
    line: String,
}

fn iso(micros: i64) -> String {
    chrono::DateTime::from_timestamp_micros(micros)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

/// The events of the day, in time order, as NDJSON text.
pub fn posts() -> String {
    let mut rng = SampleRng::new(SEED);
    let hours: Vec<f64> = (0..24).map(hour_weight).collect();
    let tag_weights: Vec<f64> = TAGS.iter().map(|(_, w)| *w).collect();
    let mut events = Vec::new();
    let mut next_id: i64 = 41_500_000;
    for _ in 0..QUESTIONS {
        let hour = rng.weighted(&hours) as i64;
        let asked = DAY_START_MICROS + hour * HOUR_MICROS + rng.range(0, HOUR_MICROS - 1);
        let tag = TAGS[rng.weighted(&tag_weights)].0;
        let question = next_id;
        next_id += 1;
        let score = rng.range(-1, 6);
        events.push(Post {
            created_micros: asked,
            line: format!(
                r#"{{"created": "{}", "kind": "question", "post_id": {question}, "answers_post": null, "tag": "{tag}", "user": "u{}", "score": {score}}}"#,
                iso(asked),
                rng.range(1, 400)
            ),
        });
        if !rng.chance(0.66) {
            continue;
        }
        for _ in 0..rng.range(1, 3) {
            // Most answers come within the hour; some much later.
            let after = if rng.chance(0.8) {
                rng.range(60_000_000, HOUR_MICROS)
            } else {
                rng.range(HOUR_MICROS, 6 * HOUR_MICROS)
            };
            let answered = asked + after;
            if answered >= DAY_START_MICROS + 24 * HOUR_MICROS {
                continue;
            }
            let answer = next_id;
            next_id += 1;
            events.push(Post {
                created_micros: answered,
                line: format!(
                    r#"{{"created": "{}", "kind": "answer", "post_id": {answer}, "answers_post": {question}, "tag": "{tag}", "user": "u{}", "score": {}}}"#,
                    iso(answered),
                    rng.range(1, 400),
                    rng.range(0, 12)
                ),
            });
        }
    }
    events.sort_by_key(|e| e.created_micros);
    let mut text = String::new();
    for event in events {
        let _ = writeln!(text, "{}", event.line);
    }
    text
}

/// Writes `folder/data/posts.ndjson`.
pub fn generate(folder: &Path) -> io::Result<()> {
    let data = folder.join("data");
    std::fs::create_dir_all(&data)?;
    std::fs::write(data.join("posts.ndjson"), posts())
}

//! The partitioned-logs sample's data: a web shop's Apache access logs and its order exports,
//! in Hive-style `year=/month=/day=` folders as an S3 data lake keeps them (the logs gzip-
//! compressed, as log shippers leave them), plus a second drop of data whose exports carry a new
//! `country` column.

use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::Path;

use super::SampleRng;

const SEED: u64 = 20_180_123;

/// The days of the first drop, as (year, month, day).
const FIRST_DROP: [(u32, u32, u32); 4] =
    [(2018, 1, 23), (2018, 1, 24), (2018, 1, 25), (2018, 2, 1)];
/// The day of the second drop: its exports add `country`.
const SECOND_DROP: (u32, u32, u32) = (2018, 2, 2);

const PAGES: &[&str] = &[
    "/",
    "/products",
    "/products/S10_1678",
    "/products/S12_1099",
    "/products/S18_2238",
    "/cart",
    "/checkout",
    "/search?q=ferrari",
    "/about",
    "/api/recommendations",
];
const AGENTS: &[&str] = &[
    "Mozilla/5.0 (X11; Linux x86_64) Firefox/57.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_2) Safari/604.4.7",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/63.0.3239.132",
    "curl/7.58.0",
];
const STATUSES: &[(u32, f64)] = &[
    (200, 0.82),
    (304, 0.06),
    (404, 0.07),
    (500, 0.03),
    (302, 0.02),
];
const ORDER_STATUSES: &[&str] = &["Shipped", "Shipped", "Shipped", "In Process", "Cancelled"];
const COUNTRIES: &[&str] = &["USA", "France", "Norway", "Spain", "Japan", "Australia"];

fn folder(root: &Path, table: &str, (year, month, day): (u32, u32, u32)) -> std::path::PathBuf {
    root.join(table)
        .join(format!("year={year}"))
        .join(format!("month={month:02}"))
        .join(format!("day={day:02}"))
}

fn access_log(rng: &mut SampleRng, (year, month, day): (u32, u32, u32), lines: usize) -> String {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weights: Vec<f64> = STATUSES.iter().map(|(_, w)| *w).collect();
    let mut text = String::new();
    let mut second = 0;
    for _ in 0..lines {
        second += rng.range(1, 90);
        let (hour, minute, sec) = ((second / 3600) % 24, (second / 60) % 60, second % 60);
        let status = STATUSES[rng.weighted(&weights)].0;
        let bytes = if status == 304 {
            "-".to_string()
        } else {
            rng.range(200, 48_000).to_string()
        };
        let _ = writeln!(
            text,
            "10.0.{}.{} - - [{day:02}/{}/{year}:{hour:02}:{minute:02}:{sec:02} +0000] \"{} {} HTTP/1.1\" {status} {bytes} \"-\" \"{}\"",
            rng.range(0, 9),
            rng.range(2, 250),
            months[(month - 1) as usize],
            if rng.chance(0.85) { "GET" } else { "POST" },
            rng.pick(PAGES),
            rng.pick(AGENTS),
        );
    }
    text
}

fn orders(
    rng: &mut SampleRng,
    (year, month, day): (u32, u32, u32),
    first_id: i64,
    rows: usize,
    with_country: bool,
) -> String {
    let mut text = String::from("order_id,customer_id,amount,status,ordered_at");
    if with_country {
        text.push_str(",country");
    }
    text.push('\n');
    for index in 0..rows {
        let _ = write!(
            text,
            "{},{},{:.2},{},{year}-{month:02}-{day:02} {:02}:{:02}:00",
            first_id + index as i64,
            rng.range(103, 496),
            rng.range(1_500, 95_000) as f64 / 100.0,
            rng.pick(ORDER_STATUSES),
            rng.range(0, 23),
            rng.range(0, 59),
        );
        if with_country {
            let _ = write!(text, ",{}", rng.pick(COUNTRIES));
        }
        text.push('\n');
    }
    text
}

fn gzip(text: &str) -> io::Result<Vec<u8>> {
    // The gzip header's time is left at 0, so the bytes are the same at every generation.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes())?;
    encoder.finish()
}

/// Writes the first drop into `folder/logs` and the second into `folder/second-drop`.
pub fn generate(folder: &Path) -> io::Result<()> {
    let mut rng = SampleRng::new(SEED);
    let logs = folder.join("logs");
    let mut order_id = 10_100;
    for (index, day) in FIRST_DROP.into_iter().enumerate() {
        let access = folder_for(&logs, "access", day)?;
        let text = access_log(&mut rng, day, 120 + index * 15);
        std::fs::write(access.join("access.log.gz"), gzip(&text)?)?;
        let exports = folder_for(&logs, "exports", day)?;
        let rows = 40 + index * 5;
        std::fs::write(
            exports.join("orders.csv"),
            orders(&mut rng, day, order_id, rows, false),
        )?;
        order_id += rows as i64;
    }
    let second = folder.join("second-drop");
    let access = folder_for(&second, "access", SECOND_DROP)?;
    std::fs::write(
        access.join("access.log.gz"),
        gzip(&access_log(&mut rng, SECOND_DROP, 150))?,
    )?;
    let exports = folder_for(&second, "exports", SECOND_DROP)?;
    std::fs::write(
        exports.join("orders.csv"),
        orders(&mut rng, SECOND_DROP, order_id, 55, true),
    )?;
    Ok(())
}

fn folder_for(root: &Path, table: &str, day: (u32, u32, u32)) -> io::Result<std::path::PathBuf> {
    let path = folder(root, table, day);
    std::fs::create_dir_all(&path)?;
    Ok(path)
}

//! The serverless ETL sample's data: a fleet of vending machines' sales as they land in an S3
//! bucket, one CSV export per day in Hive-style `year=/month=/day=` folders, and the machines'
//! list (where each stands). A few sales are declined by the payment gateway, and one machine's
//! export carries a sale with no price, for the data-quality step.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use super::SampleRng;

const SEED: u64 = 20_240_304;

/// The machines: id, site, city, product slots.
const MACHINES: &[(&str, &str, &str, u32)] = &[
    ("VM-001", "Central Station", "Oslo", 40),
    ("VM-002", "Airport Gate 12", "Oslo", 60),
    ("VM-003", "University Library", "Bergen", 30),
    ("VM-004", "City Hospital", "Bergen", 30),
    ("VM-005", "Harbour Ferry", "Stavanger", 24),
    ("VM-006", "Sports Arena", "Trondheim", 60),
    ("VM-007", "Tech Park", "Trondheim", 24),
    ("VM-008", "Shopping Centre", "Stavanger", 40),
];

/// Products with their price in kroner, and how often each sells.
const PRODUCTS: &[(&str, f64, f64)] = &[
    ("Cola 0.5 l", 32.0, 30.0),
    ("Cola Zero 0.5 l", 32.0, 22.0),
    ("Sparkling water", 25.0, 14.0),
    ("Orange juice", 35.0, 9.0),
    ("Chocolate bar", 28.0, 12.0),
    ("Crisps", 30.0, 8.0),
    ("Coffee", 38.0, 5.0),
];

const PAYMENTS: &[(&str, f64)] = &[("card", 0.62), ("mobile", 0.3), ("cash", 0.08)];

/// The days of sales in the bucket, as (year, month, day).
const DAYS: [(u32, u32, u32); 4] = [(2024, 3, 4), (2024, 3, 5), (2024, 3, 6), (2024, 3, 7)];

fn sales(rng: &mut SampleRng, (year, month, day): (u32, u32, u32), first_id: i64) -> String {
    let mut text = String::from("sale_id,machine_id,product,price_nok,payment,status,sold_at\n");
    let weights: Vec<f64> = PRODUCTS.iter().map(|(_, _, w)| *w).collect();
    let payment_weights: Vec<f64> = PAYMENTS.iter().map(|(_, w)| *w).collect();
    let mut id = first_id;
    for (machine_index, (machine, _, _, _)) in MACHINES.iter().enumerate() {
        let busy = [38, 52, 30, 26, 34, 44, 20, 40][machine_index];
        let count = busy + rng.range(-6, 6);
        let mut minute = rng.range(6 * 60, 8 * 60);
        for _ in 0..count {
            minute += rng.range(3, 25);
            let (name, price, _) = PRODUCTS[rng.weighted(&weights)];
            let payment = PAYMENTS[rng.weighted(&payment_weights)].0;
            let status = if payment != "cash" && rng.chance(0.04) {
                "declined"
            } else {
                "paid"
            };
            // One sale a day with no price: the export's known fault, for the quality check.
            let price = if id % 211 == 0 {
                String::new()
            } else {
                format!("{price:.2}")
            };
            let _ = writeln!(
                text,
                "{id},{machine},{name},{price},{payment},{status},{year}-{month:02}-{day:02} {:02}:{:02}:00",
                (minute / 60).min(23),
                minute % 60,
            );
            id += 1;
        }
    }
    text
}

/// Writes `raw/vending_sales/year=/month=/day=/sales.csv` and `raw/machines/machines.csv`
/// under `folder`.
pub fn generate(folder: &Path) -> io::Result<()> {
    let mut rng = SampleRng::new(SEED);
    let raw = folder.join("raw");
    let mut first_id = 500_001;
    for (year, month, day) in DAYS {
        let partition = raw
            .join("vending_sales")
            .join(format!("year={year}"))
            .join(format!("month={month:02}"))
            .join(format!("day={day:02}"));
        std::fs::create_dir_all(&partition)?;
        let text = sales(&mut rng, (year, month, day), first_id);
        first_id += text.lines().count() as i64 - 1;
        std::fs::write(partition.join("sales.csv"), text)?;
    }
    let machines = raw.join("machines");
    std::fs::create_dir_all(&machines)?;
    // The slots column is a number: with text only, a Glue crawler could not tell the header
    // from the data and would name the columns col0, col1, …
    let mut text = String::from("machine_id,site,city,slots\n");
    for (machine, site, city, slots) in MACHINES {
        let _ = writeln!(text, "{machine},{site},{city},{slots}");
    }
    std::fs::write(machines.join("machines.csv"), text)
}

/// Writes the architecture-choices sample's `data/payments.csv` under `folder`: one day of the
/// fleet's sales, as the payment gateway reports them.
pub fn generate_payments(folder: &Path) -> io::Result<()> {
    let mut rng = SampleRng::new(SEED + 1);
    let data = folder.join("data");
    std::fs::create_dir_all(&data)?;
    std::fs::write(data.join("payments.csv"), sales(&mut rng, DAYS[0], 700_001))
}

//! The recommender sample's data: classicmodels-style customers, products, product lines,
//! orders, order lines and ratings, with realistic names and places, some nulls and some
//! duplicate rows for data-quality lessons.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use super::SampleRng;
use super::words::*;

const SEED: u64 = 20_031_001;

struct Product {
    code: String,
    line: usize,
    msrp_cents: i64,
}

/// Writes the sample's CSV files into `folder`.
pub fn generate(folder: &Path) -> io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let mut rng = SampleRng::new(SEED);

    let mut product_lines = String::from("productLine,textDescription\n");
    for (name, description, _) in PRODUCT_LINES {
        let _ = writeln!(product_lines, "{},{}", csv(name), csv(description));
    }

    let mut products = Vec::new();
    let mut products_csv = String::from(
        "productCode,productName,productLine,productScale,productVendor,quantityInStock,buyPrice,MSRP\n",
    );
    for (index, make) in MAKES.iter().enumerate() {
        let line = line_for(make, index);
        let scales = PRODUCT_LINES[line].2;
        let scale = rng.pick(scales);
        let scale_number: String = scale.trim_start_matches("1:").to_string();
        let code = format!("S{}_{}", scale_number, 1000 + rng.range(0, 8999));
        let buy_cents = rng.range(1500, 10500);
        let msrp_cents = buy_cents * (150 + rng.range(0, 80)) / 100;
        let stock = rng.range(15, 9999);
        let _ = writeln!(
            products_csv,
            "{},{},{},{},{},{},{},{}",
            code,
            csv(make),
            csv(PRODUCT_LINES[line].0),
            scale,
            csv(rng.pick(VENDORS)),
            stock,
            money(buy_cents),
            money(msrp_cents)
        );
        products.push(Product {
            code,
            line,
            msrp_cents,
        });
    }

    let customer_count = 122;
    let mut customers_csv = String::from(
        "customerNumber,customerName,contactLastName,contactFirstName,phone,addressLine1,city,state,postalCode,country,salesRepEmployeeNumber,creditLimit\n",
    );
    let mut customers = Vec::new();
    let mut number = 103;
    for _ in 0..customer_count {
        let (city, state, postal_pattern, country, phone_prefix) = rng.pick(PLACES);
        let name = format!("{} {}", rng.pick(NAME_WORDS), rng.pick(NAME_ENDINGS));
        let postal = if rng.chance(0.04) {
            String::new()
        } else {
            fill_pattern(postal_pattern, &mut rng)
        };
        let sales_rep = if rng.chance(0.15) {
            String::new()
        } else {
            (1165 + rng.range(0, 15) * 26).to_string()
        };
        let credit = if sales_rep.is_empty() {
            0
        } else {
            rng.range(40, 230) * 1000 + rng.range(0, 9) * 100
        };
        let _ = writeln!(
            customers_csv,
            "{},{},{},{},{},{},{},{},{},{},{},{credit}.00",
            number,
            csv(&name),
            csv(rng.pick(LAST_NAMES)),
            csv(rng.pick(FIRST_NAMES)),
            csv(&format!("{phone_prefix} {:04}", rng.range(0, 9999))),
            csv(&format!("{} {}", rng.range(1, 250), rng.pick(STREETS))),
            csv(city),
            csv(state.unwrap_or("")),
            csv(&postal),
            csv(country),
            sales_rep
        );
        customers.push((number, !sales_rep.is_empty()));
        number += rng.range(1, 6);
    }

    // Popularity follows a long tail: a few products sell far more than the rest.
    let popularity: Vec<f64> = (0..products.len())
        .map(|i| 1.0 / (1.0 + i as f64 * 0.15) + rng.unit() * 0.2)
        .collect();
    let active: Vec<i64> = customers
        .iter()
        .filter(|(_, active)| *active)
        .map(|(n, _)| *n)
        .collect();
    let mut orders_csv = String::from(
        "orderNumber,orderDate,requiredDate,shippedDate,status,comments,customerNumber\n",
    );
    let mut lines_csv =
        String::from("orderNumber,productCode,quantityOrdered,priceEach,orderLineNumber\n");
    let mut purchases: Vec<(i64, usize)> = Vec::new();
    let mut day = 0i64;
    for order in 0..326 {
        let order_number = 10100 + order;
        day += rng.range(0, 5);
        let customer = rng.pick(&active);
        let status = ORDER_STATUSES[rng.weighted(ORDER_STATUS_WEIGHTS)];
        let shipped = if matches!(status, "Shipped" | "Resolved" | "Disputed") {
            date(day + rng.range(1, 6))
        } else {
            String::new()
        };
        let comment = if status != "Shipped" || rng.chance(0.12) {
            rng.pick(COMMENTS).to_string()
        } else {
            String::new()
        };
        let _ = writeln!(
            orders_csv,
            "{},{},{},{},{},{},{}",
            order_number,
            date(day),
            date(day + rng.range(6, 10)),
            shipped,
            status,
            csv(&comment),
            customer
        );
        let line_count = rng.range(1, 17);
        let mut used = Vec::new();
        for line_number in 1..=line_count {
            let product = rng.weighted(&popularity);
            if used.contains(&product) {
                continue;
            }
            used.push(product);
            let msrp = products[product].msrp_cents;
            let price = msrp * rng.range(80, 100) / 100;
            let row = format!(
                "{},{},{},{},{}\n",
                order_number,
                products[product].code,
                rng.range(20, 50),
                money(price),
                line_number
            );
            lines_csv.push_str(&row);
            // A few lines are exported twice, as happens with at-least-once extracts.
            if rng.chance(0.01) {
                lines_csv.push_str(&row);
            }
            if status != "Cancelled" {
                purchases.push((customer, product));
            }
        }
    }

    // Ratings: most buyers rate; the distribution leans to 4 and 5 with a tail of 1s (J-shaped).
    purchases.sort_unstable();
    purchases.dedup();
    let mut ratings_csv = String::from("customerNumber,productCode,productRating\n");
    for (customer, product) in purchases {
        if !rng.chance(0.8) {
            continue;
        }
        let line_bias = [0.3, 0.0, 0.2, -0.1, 0.1, -0.2, 0.2][products[product].line];
        let rating = 1 + rng.weighted(&[
            7.0,
            5.0,
            12.0,
            30.0 + line_bias * 10.0,
            46.0 + line_bias * 10.0,
        ]);
        let rating = if rng.chance(0.02) {
            "NA".to_string()
        } else {
            rating.to_string()
        };
        let row = format!("{},{},{}\n", customer, products[product].code, rating);
        ratings_csv.push_str(&row);
        if rng.chance(0.015) {
            ratings_csv.push_str(&row);
        }
    }

    std::fs::write(folder.join("productlines.csv"), product_lines)?;
    std::fs::write(folder.join("products.csv"), products_csv)?;
    std::fs::write(folder.join("customers.csv"), customers_csv)?;
    std::fs::write(folder.join("orders.csv"), orders_csv)?;
    std::fs::write(folder.join("orderdetails.csv"), lines_csv)?;
    std::fs::write(folder.join("ratings.csv"), ratings_csv)?;
    Ok(())
}

/// The product line a model belongs to, from words in its name.
/// Writes the sample's files into `folder` with two faults in the ratings, for data-quality
/// lessons: a customer who rated a product twice with different stars (which removing duplicate
/// rows does not catch), and a rating of 7 stars.
pub fn generate_with_faults(folder: &Path) -> io::Result<()> {
    generate(folder)?;
    let path = folder.join("ratings.csv");
    let text = std::fs::read_to_string(&path)?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // The first rated row is rated again with another number of stars.
    let rated_twice = lines
        .iter()
        .skip(1)
        .find(|line| !line.ends_with(",NA"))
        .cloned()
        .unwrap_or_default();
    if let Some((key, stars)) = rated_twice.rsplit_once(',') {
        let other = if stars == "5" { "4" } else { "5" };
        lines.insert(2, format!("{key},{other}"));
    }
    // The tenth rated row gets 7 stars.
    if let Some(line) = lines
        .iter_mut()
        .skip(10)
        .find(|line| !line.ends_with(",NA"))
        && let Some((key, _)) = line.clone().rsplit_once(',')
    {
        *line = format!("{key},7");
    }
    let mut out = lines.join("\n");
    out.push('\n');
    std::fs::write(path, out)
}

fn line_for(make: &str, index: usize) -> usize {
    let lower = make.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&[
        "harley",
        "ducati",
        "yamaha yzr",
        "suzuki",
        "vespa",
        "bmw r",
        "bmw f",
        "bsa",
    ]) {
        1
    } else if has(&[
        "plane",
        "airlines",
        "b757",
        "hornet",
        "helicopter",
        "corsair",
        "p-51",
        "boeing",
        "airplane",
        "ata:",
    ]) {
        2
    } else if has(&[
        "ship",
        "schooner",
        "titanic",
        "queen mary",
        "mayflower",
        "bounty",
        "yacht",
        "boat",
    ]) {
        3
    } else if has(&["train", "streetcar", "express", "locomotive"]) {
        4
    } else if has(&[
        "truck",
        "bus",
        "pickup",
        "tanker",
        "peterbilt",
        "wagon",
        "fire engine",
        "microbus",
        "scenicruiser",
    ]) {
        5
    } else if has(&[
        "1903",
        "1904",
        "1911",
        "1912",
        "1913",
        "1917",
        "1926",
        "1928",
        "1930",
        "1932",
        "1934",
        "1936",
        "1937",
        "1938",
        "1939",
        "1940",
        "1941",
        "carriage",
        "limousine",
    ]) || index % 11 == 3
    {
        6
    } else {
        0
    }
}

/// Replaces `#` with digits and `A` with capital letters.
fn fill_pattern(pattern: &str, rng: &mut SampleRng) -> String {
    pattern
        .chars()
        .map(|c| match c {
            '#' => char::from(b'0' + rng.range(0, 9) as u8),
            _ => c,
        })
        .collect()
}

fn money(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A date `days` after 2003-01-06, as YYYY-MM-DD.
fn date(days: i64) -> String {
    const MONTH_DAYS: [i64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut year, mut month, mut day) = (2003i64, 0usize, 6 + days);
    loop {
        let leap = year % 4 == 0 && month == 1;
        let length = MONTH_DAYS[month] + i64::from(leap);
        if day <= length {
            break;
        }
        day -= length;
        month += 1;
        if month == 12 {
            month = 0;
            year += 1;
        }
    }
    format!("{year}-{:02}-{day:02}", month + 1)
}

/// A CSV field, quoted when it holds a comma or a quote.
fn csv(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_roll_over_months_and_years() {
        assert_eq!(date(0), "2003-01-06");
        assert_eq!(date(26), "2003-02-01");
        assert_eq!(date(360), "2004-01-01");
        assert_eq!(date(360 + 59), "2004-02-29");
    }
}

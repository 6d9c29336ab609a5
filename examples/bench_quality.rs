//! The hand-written baseline of the data-quality benchmark: the 20 checks of
//! `bench/pipeline_quality.sluice.toml` written directly in Polars as one lazy query over the
//! order-lines CSV (read with the options Sluice's CSV source uses), each compared with its
//! bound in Rust. Used by `scripts/bench-quality.sh`.
//!
//! ```text
//! bench_quality FILE.csv      prints how many of the 20 checks pass
//! ```

use polars::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = std::env::args()
        .nth(1)
        .ok_or("usage: bench_quality FILE.csv")?;
    let frame = LazyCsvReader::new(PlRefPath::new(file.as_str()))
        .with_infer_schema_length(Some(1000))
        .with_try_parse_dates(true)
        .finish()?;
    let schema = frame.clone().collect_schema()?;
    let rows = || len().cast(DataType::Float64);
    let share =
        |passing: Expr| passing.fill_null(lit(false)).cast(DataType::Float64).sum() / rows();
    let float = |name: &str| col(name).cast(DataType::Float64);
    let between = |e: Expr, low: f64, high: f64| e.clone().gt(lit(low)).and(e.lt(lit(high)));
    let statuses = Series::new(
        "s".into(),
        ["Shipped", "Cancelled", "On Hold", "In Process", "Resolved"],
    );
    let line_numbers = Series::new("n".into(), (1..=9).map(f64::from).collect::<Vec<_>>());
    let date_bound = chrono::NaiveDate::from_ymd_opt(2002, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_micros())
        .ok_or("date")? as f64;
    let key_count = len()
        .over([col("orderNumber"), col("orderLineNumber")])?
        .eq(lit(1));
    let measures = frame
        .select([
            rows().alias("rows"),
            share(col("orderNumber").is_not_null()).alias("c1"),
            share(col("customerNumber").is_not_null()).alias("c2"),
            share(col("productCode").is_not_null()).alias("c3"),
            share(col("priceEach").is_not_null()).alias("c4"),
            share(between(float("quantityOrdered"), 19.0, 51.0)).alias("v1"),
            share(between(float("priceEach"), 19.0, 201.0)).alias("v2"),
            share(col("status").is_in(lit(statuses).implode(false), false)).alias("v3"),
            share(float("orderLineNumber").is_in(lit(line_numbers).implode(false), false))
                .alias("v4"),
            share(between(
                col("productCode").str().len_chars().cast(DataType::Float64),
                3.0,
                12.0,
            ))
            .alias("l1"),
            col("status")
                .drop_nulls()
                .n_unique()
                .cast(DataType::Float64)
                .alias("d1"),
            float("quantityOrdered").mean().alias("mean"),
            float("quantityOrdered").sum().alias("sum"),
            float("priceEach").std(0).alias("std"),
            float("quantityOrdered").var(0).alias("var"),
            share(
                col("orderDate")
                    .cast(DataType::Datetime(TimeUnit::Microseconds, None))
                    .cast(DataType::Int64)
                    .cast(DataType::Float64)
                    .gt(lit(date_bound)),
            )
            .alias("date"),
            share(
                col("orderNumber")
                    .is_not_null()
                    .and(col("orderLineNumber").is_not_null())
                    .and(key_count),
            )
            .alias("pk"),
        ])
        .collect()?;
    let value = |name: &str| -> f64 {
        measures
            .column(name)
            .ok()
            .and_then(|c| c.f64().ok()?.get(0))
            .unwrap_or(f64::NAN)
    };
    let all = |name: &str| value(name) >= 1.0;
    let checks = [
        value("rows") > 0.0,
        schema.len() == 8,
        schema.contains("orderNumber"),
        all("c1"),
        all("c2"),
        all("c3"),
        value("c4") > 0.99,
        all("v1"),
        all("v2"),
        all("v3"),
        all("v4"),
        all("l1"),
        value("d1") == 5.0,
        value("mean") > 30.0 && value("mean") < 40.0,
        value("sum") > 0.0,
        value("std") > 0.0,
        value("var") > 0.0,
        all("date"),
        schema.get("orderNumber").is_some_and(DataType::is_integer),
        all("pk"),
    ];
    let passed = checks.iter().filter(|c| **c).count();
    println!("{passed} of {} checks passed", checks.len());
    if passed == checks.len() {
        Ok(())
    } else {
        Err("a check failed".into())
    }
}

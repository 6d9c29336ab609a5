//! Hand-written Polars programs that Sluice's benchmark compares against, and the generator of the
//! benchmark's large order-lines file. Used by `scripts/bench.sh`.
//!
//! ```text
//! bench_baseline generate DIR ROWS      writes DIR/order_lines.csv and .parquet, products, customers
//! bench_baseline head FILE.csv          scan + head(100), printed
//! bench_baseline pipeline DIR csv|parquet
//!                                       filter -> join products -> join customers -> aggregate -> Parquet
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use polars::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("generate") => generate(Path::new(&args[2]), args[3].parse()?),
        Some("head") => head(&args[2]),
        Some("pipeline") => pipeline(Path::new(&args[2]), &args[3]),
        _ => Err(
            "usage: bench_baseline generate DIR ROWS | head FILE | pipeline DIR csv|parquet".into(),
        ),
    }
}

fn path(p: &Path) -> PlRefPath {
    PlRefPath::new(p.to_string_lossy().as_ref())
}

fn head(file: &str) -> Result<(), Box<dyn std::error::Error>> {
    let frame = LazyCsvReader::new(PlRefPath::new(file))
        .finish()?
        .limit(100)
        .collect()?;
    println!("{}", frame.height());
    Ok(())
}

fn pipeline(dir: &Path, format: &str) -> Result<(), Box<dyn std::error::Error>> {
    let lines = if format == "parquet" {
        LazyFrame::scan_parquet(
            path(&dir.join("order_lines.parquet")),
            ScanArgsParquet::default(),
        )?
    } else {
        LazyCsvReader::new(path(&dir.join("order_lines.csv"))).finish()?
    };
    let products = LazyCsvReader::new(path(&dir.join("products.csv"))).finish()?;
    let customers = LazyCsvReader::new(path(&dir.join("customers.csv"))).finish()?;
    let result = lines
        .filter(
            col("status")
                .eq(lit("Shipped"))
                .and(col("quantityOrdered").gt_eq(lit(25))),
        )
        .join(
            products,
            [col("productCode")],
            [col("productCode")],
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            customers,
            [col("customerNumber")],
            [col("customerNumber")],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by_stable([col("country"), col("productLine")])
        .agg([
            col("quantityOrdered").sum().alias("units"),
            len().cast(DataType::Int64).alias("lines"),
            col("priceEach").mean().alias("mean_price"),
        ]);
    let target = dir.join(format!("baseline_{format}.parquet"));
    let options = ParquetWriteOptions::default();
    result
        .sink(
            SinkDestination::File {
                target: SinkTarget::Path(path(&target)),
            },
            FileWriteFormat::Parquet(Arc::new(options)),
            UnifiedSinkArgs::default(),
        )?
        .collect_with_engine(Engine::Streaming)?;
    Ok(())
}

fn generate(dir: &Path, rows: u64) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender/data");
    for table in ["products.csv", "customers.csv"] {
        std::fs::copy(sample.join(table), dir.join(table))?;
    }
    let products = LazyCsvReader::new(path(&sample.join("products.csv")))
        .finish()?
        .select([col("productCode")])
        .collect()?;
    let code_column = products.column("productCode")?.str()?.clone();
    let codes: Vec<String> = (0..code_column.len())
        .filter_map(|i| code_column.get(i))
        .map(str::to_string)
        .collect();
    let customers = LazyCsvReader::new(path(&sample.join("customers.csv")))
        .finish()?
        .select([col("customerNumber")])
        .collect()?;
    let numbers: Vec<i64> = customers
        .column("customerNumber")?
        .cast(&DataType::Int64)?
        .i64()?
        .into_no_null_iter()
        .collect();
    let statuses = [
        "Shipped",
        "Shipped",
        "Shipped",
        "Shipped",
        "Shipped",
        "Shipped",
        "Cancelled",
        "On Hold",
        "In Process",
        "Resolved",
    ];
    let csv_path: PathBuf = dir.join("order_lines.csv");
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&csv_path)?);
    writeln!(
        out,
        "orderNumber,orderDate,status,customerNumber,productCode,quantityOrdered,priceEach,orderLineNumber"
    )?;
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for row in 0..rows {
        let r = next();
        let order = 10_100 + row / 9;
        let day = 1 + (order % 28);
        let month = 1 + (order / 28) % 12;
        let year = 2003 + (order / 336) % 3;
        let price_cents = 2_000 + (r >> 20) % 18_000;
        writeln!(
            out,
            "{order},{year}-{month:02}-{day:02},{},{},{},{},{}.{:02},{}",
            statuses[(r % 10) as usize],
            numbers[((r >> 8) % numbers.len() as u64) as usize],
            codes[((r >> 16) % codes.len() as u64) as usize],
            20 + (r >> 40) % 31,
            price_cents / 100,
            price_cents % 100,
            1 + row % 9
        )?;
    }
    out.flush()?;
    drop(out);
    let parquet_path = dir.join("order_lines.parquet");
    LazyCsvReader::new(path(&csv_path))
        .finish()?
        .sink(
            SinkDestination::File {
                target: SinkTarget::Path(path(&parquet_path)),
            },
            FileWriteFormat::Parquet(Arc::new(ParquetWriteOptions::default())),
            UnifiedSinkArgs::default(),
        )?
        .collect_with_engine(Engine::Streaming)?;
    println!(
        "wrote {} and {}",
        csv_path.display(),
        parquet_path.display()
    );
    Ok(())
}

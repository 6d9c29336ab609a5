//! The crawler's benchmark: a generated tree of small partitioned files (CSV, NDJSON, Parquet)
//! crawled locally, against the floor measured in the same process: listing the tree and
//! reading just the bytes the crawler samples (the head of a text file, the footer of a Parquet
//! file), with nothing else done. Used by `scripts/bench-crawl.sh`.
//!
//! ```text
//! bench_crawl generate DIR FILES     writes DIR/csv, DIR/ndjson, DIR/parquet (40/30/30 %)
//! bench_crawl measure DIR REPEATS    floor and crawl of DIR, of its text files, of its Parquet
//! ```

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::Instant;

use polars::prelude::*;
use sluice::catalog::{CrawlSpec, LocalStore, Store, crawl};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("generate") => generate(Path::new(&args[2]), args[3].parse()?),
        Some("measure") => measure(Path::new(&args[2]), args[3].parse()?),
        _ => Err("usage: bench_crawl generate DIR FILES | measure DIR REPEATS".into()),
    }
}

fn generate(dir: &Path, files: usize) -> Result<(), Box<dyn std::error::Error>> {
    let csv = files * 4 / 10;
    let ndjson = files * 3 / 10;
    let parquet = files - csv - ndjson;
    let folder = |kind: &str, i: usize| {
        dir.join(kind)
            .join(format!("year={}", 2015 + i % 4))
            .join(format!("month={:02}", 1 + (i / 4) % 12))
    };
    for i in 0..csv {
        let path = folder("csv", i).join(format!("part-{i:05}.csv"));
        std::fs::create_dir_all(path.parent().ok_or("no parent")?)?;
        let mut text = String::from("order_id,customer,amount,status,ordered_at\n");
        for row in 0..20 {
            text.push_str(&format!(
                "{},{},{}.{:02},shipped,2018-01-{:02} 10:00:00\n",
                i * 20 + row,
                100 + row,
                row * 7,
                row,
                1 + row % 28
            ));
        }
        std::fs::write(path, text)?;
    }
    for i in 0..ndjson {
        let path = folder("ndjson", i).join(format!("part-{i:05}.json"));
        std::fs::create_dir_all(path.parent().ok_or("no parent")?)?;
        let mut text = String::new();
        for row in 0..20 {
            text.push_str(&format!(
                "{{\"event\": \"view\", \"user\": {}, \"product\": \"S{}\", \"score\": {}.5, \"tags\": [\"a\"]}}\n",
                row,
                i,
                row
            ));
        }
        std::fs::write(path, text)?;
    }
    for i in 0..parquet {
        let path = folder("parquet", i).join(format!("part-{i:05}.parquet"));
        std::fs::create_dir_all(path.parent().ok_or("no parent")?)?;
        let ids: Vec<i64> = (0..50).map(|r| (i * 50 + r) as i64).collect();
        let amounts: Vec<f64> = ids.iter().map(|&v| v as f64 * 1.5).collect();
        let names: Vec<String> = ids.iter().map(|v| format!("c{v}")).collect();
        let mut frame = df!("id" => ids, "amount" => amounts, "customer" => names)?;
        ParquetWriter::new(File::create(path)?).finish(&mut frame)?;
    }
    println!(
        "generated {csv} CSV, {ndjson} NDJSON and {parquet} Parquet files in {}",
        dir.display()
    );
    Ok(())
}

/// Every file under `dir`.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), files)?;
        } else {
            files.push(entry.path());
        }
    }
    Ok(())
}

/// The floor: list the tree, then read each file's sampled bytes (a text file's head up to
/// 1 MB, a Parquet file's last 8 bytes and its footer), on as many threads as the crawler uses.
fn floor(dir: &Path) -> std::io::Result<usize> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    let bytes: std::io::Result<Vec<usize>> = files
        .par_iter()
        .map(|path| {
            let mut file = File::open(path)?;
            if path.extension().is_some_and(|e| e == "parquet") {
                let mut trailer = [0u8; 8];
                file.seek(SeekFrom::End(-8))?;
                file.read_exact(&mut trailer)?;
                let length = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
                let mut footer = vec![0u8; length as usize];
                file.seek(SeekFrom::End(-8 - i64::from(length)))?;
                file.read_exact(&mut footer)?;
                Ok(footer.len() + 8)
            } else {
                let mut head = Vec::new();
                file.take(1 << 20).read_to_end(&mut head)?;
                Ok(head.len())
            }
        })
        .collect();
    Ok(bytes?.len())
}

fn sluice_crawl(dir: &Path) -> usize {
    let spec = CrawlSpec {
        crawler: "bench".into(),
        targets: vec![dir.display().to_string()],
        database: "bench".into(),
        ..CrawlSpec::default()
    };
    let outcome = crawl(
        &spec,
        &LocalStore::new(Path::new(".")),
        None,
        "2026-01-01T00:00:00Z",
    );
    assert!(
        outcome.target_errors.is_empty(),
        "{:?}",
        outcome.target_errors
    );
    assert!(
        outcome.unclassified.is_empty(),
        "{:?}",
        outcome.unclassified.first()
    );
    outcome.files_read
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn measure(dir: &Path, repeats: usize) -> Result<(), Box<dyn std::error::Error>> {
    // The crawler's own listing of the whole tree, apart: how much of a crawl is not reading.
    let mut listings = Vec::new();
    for _ in 0..repeats {
        let started = Instant::now();
        let listing = LocalStore::new(Path::new("."))
            .list(&dir.display().to_string())
            .map_err(|e| e.to_string())?;
        listings.push(started.elapsed().as_secs_f64());
        assert!(!listing.objects.is_empty());
    }
    println!("listing alone, median: {:.1} ms", median(listings) * 1000.0);
    println!(
        "| tree | files | floor, median | crawl, median | crawl files per second | crawl / floor speed |"
    );
    println!("|---|---|---|---|---|---|");
    for (label, root) in [
        ("all", dir.to_path_buf()),
        ("text (CSV)", dir.join("csv")),
        ("text (NDJSON)", dir.join("ndjson")),
        ("Parquet footers", dir.join("parquet")),
    ] {
        let mut floors = Vec::new();
        let mut crawls = Vec::new();
        let mut files = 0;
        // Interleaved, so both see the same machine and the same file cache.
        for _ in 0..repeats {
            let started = Instant::now();
            files = floor(&root)?;
            floors.push(started.elapsed().as_secs_f64());
            let started = Instant::now();
            let read = sluice_crawl(&root);
            crawls.push(started.elapsed().as_secs_f64());
            assert_eq!(read, files, "the crawl read every file");
        }
        let (floor_s, crawl_s) = (median(floors), median(crawls));
        println!(
            "| {label} | {files} | {:.1} ms | {:.1} ms | {:.0} | {:.2}x |",
            floor_s * 1000.0,
            crawl_s * 1000.0,
            files as f64 / crawl_s,
            floor_s / crawl_s
        );
    }
    Ok(())
}

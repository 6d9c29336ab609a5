//! Writes the bundled sample data: `cargo run --example generate_samples`.

fn main() -> std::io::Result<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let recommender = root.join("recommender/data");
    sluice::samples::recommender::generate(&recommender)?;
    println!("wrote {}", recommender.display());
    let faulty = root.join("recommender-faulty/data");
    sluice::samples::recommender::generate_with_faults(&faulty)?;
    std::fs::copy(
        root.join("recommender/recommender.sluice.toml"),
        root.join("recommender-faulty/recommender.sluice.toml"),
    )?;
    println!("wrote {}", faulty.display());
    let logs = root.join("partitioned-logs");
    sluice::samples::partitioned_logs::generate(&logs)?;
    println!("wrote {}", logs.display());
    let stackoverflow = root.join("stackoverflow-analytics");
    sluice::samples::stackoverflow::generate(&stackoverflow)?;
    println!("wrote {}", stackoverflow.display());
    let vending = root.join("serverless-etl");
    sluice::samples::vending::generate(&vending)?;
    println!("wrote {}", vending.display());
    let choices = root.join("architecture-choices");
    sluice::samples::vending::generate_payments(&choices)?;
    println!("wrote {}", choices.display());
    Ok(())
}

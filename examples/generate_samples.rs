//! Writes the bundled sample data: `cargo run --example generate_samples`.

fn main() -> std::io::Result<()> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender/data");
    sluice::samples::recommender::generate(&folder)?;
    println!("wrote {}", folder.display());
    Ok(())
}

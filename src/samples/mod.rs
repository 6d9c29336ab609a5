//! Deterministic generators for the bundled sample data, so samples are made, not copied, and a
//! test can prove the committed files are exactly what the generator writes.

pub mod bundled;
pub mod clickstream;
pub mod partitioned_logs;
pub mod recommender;
mod rng;
pub mod stackoverflow;
pub mod vending;
mod words;

pub use rng::SampleRng;

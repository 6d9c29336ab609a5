//! Sluice: a studio for designing data pipelines visually, previewing every node instantly with
//! Polars, and running them locally.
//!
//! Module borders (see ARCHITECTURE.md): `model` knows nothing of Polars, egui, AWS or tokio;
//! `engine` turns the model into Polars queries; `cli` drives both from the command line.

pub mod app;
pub mod catalog;
pub mod cli;
pub mod deploy;
pub mod engine;
pub mod model;
pub mod recommend;
pub mod samples;
pub mod stream;
pub mod ui;

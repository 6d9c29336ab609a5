//! Integration tests, in one binary with shared fixtures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_state;
mod bad_input;
mod cli;
mod cli_edit;
mod file_format;
mod fixtures;
mod real_window;
mod roundtrip_property;
mod run;
mod samples;
mod sources;
mod transforms;
mod window;

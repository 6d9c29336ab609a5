//! Integration tests, in one binary with shared fixtures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_state;
mod bad_input;
mod catalog_pipeline;
mod catalogue;
mod cli;
mod cli_edit;
mod crawler;
mod deploy_aws;
mod deploy_scripts;
mod deploy_settings;
mod file_format;
mod fixtures;
mod multi_output;
mod quality;
mod real_window;
mod recommender;
mod requirements;
mod roundtrip_property;
mod run;
mod s3_crawl;
mod samples;
mod sources;
mod stranger;
mod stream_delivery;
mod stream_kinesis;
mod stream_pipeline;
mod stream_recommend;
mod stream_runtime;
mod transforms;
mod window;
mod window_catalog;
mod window_deploy;
mod window_requirements;
mod window_stream;

//! The command line: `validate`, `schema`, `preview`, `run`, `check`, `crawl` and `fmt` over pipeline files,
//! using the same model and engine functions as the window.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod aws_local;
mod check;
mod crawl;
mod deploy;
mod deploy_aws;
mod deploy_script;
mod edit;
mod explain;
mod fmt;
mod lesson;
mod load;
mod preview;
mod recommend;
mod run;
mod schema;
mod table;
mod validate;
mod window;

/// The exit codes, as documented in `--help`.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The pipeline has errors, or a node failed while running.
    pub const PIPELINE_ERROR: u8 = 1;
    /// The command line itself is wrong.
    pub const USAGE: u8 = 2;
}

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  the pipeline has errors, a node failed, or a file could not be read or written
  2  the command line is wrong (unknown command or option, missing argument)

Paths inside a pipeline are relative to the pipeline file's folder.";

/// Sluice: design, preview and run data pipelines. Without a command, opens the designer on an
/// untitled copy of the recommender sample.
#[derive(Debug, Parser)]
#[command(name = "sluice", version, about, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Save a picture of the window to this PNG once it has drawn the pipeline, then close
    #[arg(long, value_name = "PNG", global = true)]
    pub screenshot: Option<std::path::PathBuf>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a pipeline and list its problems (exit 0 when clean, 1 when it has errors)
    #[command(after_help = EXIT_CODES_HELP)]
    Validate(validate::ValidateArgs),
    /// Show the output schema of every node, or of one
    #[command(after_help = EXIT_CODES_HELP)]
    Schema(schema::SchemaArgs),
    /// Show a sample of a node's output as a table
    #[command(after_help = EXIT_CODES_HELP)]
    Preview(preview::PreviewArgs),
    /// Run the pipeline: write every sink, then report rows and time per node
    #[command(after_help = EXIT_CODES_HELP)]
    Run(run::RunArgs),
    /// Rewrite a pipeline file in canonical form (or check that it is)
    #[command(after_help = EXIT_CODES_HELP)]
    Fmt(fmt::FmtArgs),
    /// Change a pipeline as the window would: add, remove, connect, set, rename, lay out
    #[command(after_help = EXIT_CODES_HELP)]
    Edit(edit::EditArgs),
    /// Crawl files, folders or globs as an AWS Glue crawler would: tables, columns, partitions
    #[command(after_help = EXIT_CODES_HELP)]
    Crawl(crawl::CrawlArgs),
    /// Evaluate the pipeline's data-quality rules on its data (exit 0 when all pass, 1 when one fails)
    #[command(after_help = EXIT_CODES_HELP)]
    Check(check::CheckArgs),
    /// Ask a recommend node what it answers a shopper: a customer id or product codes
    #[command(after_help = EXIT_CODES_HELP)]
    Recommend(recommend::RecommendArgs),
    /// Deploy settings for AWS: `deploy init` writes them, `deploy show` shows them as used
    #[command(after_help = EXIT_CODES_HELP)]
    Deploy(deploy::DeployArgs),
    /// A help card: what a node kind, data-quality rule, requirement kind or architecture
    /// choice does, an example, its AWS counterpart and when to choose it
    #[command(after_help = EXIT_CODES_HELP)]
    Explain(explain::ExplainArgs),
    /// A local stand-in for AWS (moto) for a class with no accounts: start, stop, status
    #[command(after_help = EXIT_CODES_HELP)]
    AwsLocal(aws_local::AwsLocalArgs),
    /// Workshop lessons: `lesson list` the bundled ones, `lesson check` a learner's pipeline
    #[command(after_help = EXIT_CODES_HELP)]
    Lesson(lesson::LessonArgs),
    /// Open a pipeline in the designer window
    Open(window::OpenArgs),
    /// Draw a pipeline's canvas into a PNG or SVG picture, without a window
    #[command(after_help = EXIT_CODES_HELP)]
    ExportImage(window::ExportImageArgs),
}

/// Parses the command line, runs the command and returns its exit code. Errors are printed to
/// stderr as messages; a panic inside a library becomes an "internal error" message too.
pub fn main() -> ExitCode {
    crate::ui::first_frame::mark_process_start();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string());
        eprintln!("sluice: internal error: {message}");
    }));
    let screenshot = cli.screenshot;
    let outcome = std::panic::catch_unwind(move || match cli.command {
        Some(command) => run_command(command, screenshot),
        None => window::open_sample(screenshot),
    });
    match outcome {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(error)) => {
            eprintln!("sluice: {error:#}");
            ExitCode::from(exit::PIPELINE_ERROR)
        }
        Err(_) => ExitCode::from(exit::PIPELINE_ERROR),
    }
}

fn run_command(command: Command, screenshot: Option<std::path::PathBuf>) -> anyhow::Result<u8> {
    match command {
        Command::Open(args) => window::open(&args, screenshot),
        Command::Edit(args) => edit::run(&args),
        Command::ExportImage(args) => window::export_image(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Crawl(args) => crawl::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Recommend(args) => recommend::run(&args),
        Command::Deploy(args) => deploy::run(&args),
        Command::Lesson(args) => lesson::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::AwsLocal(args) => aws_local::run(&args),
    }
}

/// Output formats for commands that can speak JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

//! `sluice deploy init|show|script FILE`: the deploy settings beside a pipeline (`<name>.deploy.toml`):
//! written with defaults from a bucket and a role, and shown as a deploy would use them, with
//! where the region and the endpoint come from (the file, or the SDK's `AWS_REGION` and
//! `AWS_ENDPOINT_URL`). Credentials are never asked for, written or shown. `script` is in
//! `deploy_script`.

use std::path::PathBuf;

use super::OutputFormat;
use super::deploy_aws::Verb;
use crate::model::deploy_settings::{
    DeploySettings, deploy_settings_path_for, load_deploy_settings, save_deploy_settings,
};

#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    #[command(subcommand)]
    pub command: DeployCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum DeployCommand {
    /// Write `<name>.deploy.toml` beside the pipeline, with defaults (Glue 5.0, two G.1X workers)
    Init(InitArgs),
    /// Show the deploy settings as a deploy would use them
    Show(ShowArgs),
    /// The PySpark script of each Glue job the pipeline deploys as (runs in Glue and local Spark)
    Script(ScriptArgs),
    /// What a deploy would create, update, keep or delete, and why, with the cost; changes nothing
    Plan(super::deploy_aws::AwsArgs),
    /// Carry the plan out (a second apply changes nothing)
    Apply(super::deploy_aws::AwsArgs),
    /// Start the deployed crawlers and jobs in order and follow them to the end
    Run(super::deploy_aws::RunArgs),
    /// The last runs of the deployed crawlers and jobs
    Status(super::deploy_aws::RunArgs),
    /// Remove everything that carries this pipeline's tag; keep the rest
    Destroy(super::deploy_aws::AwsArgs),
}

#[derive(Debug, clap::Args)]
pub struct ScriptArgs {
    /// The pipeline file (*.sluice.toml)
    pub file: PathBuf,
    /// Only this job (a job is named after its first sink)
    #[arg(long)]
    pub job: Option<String>,
    /// Write each script as <job>.py into this folder instead of printing it
    #[arg(long, value_name = "FOLDER")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The pipeline file (*.sluice.toml)
    pub file: PathBuf,
    /// The S3 bucket scripts are uploaded to
    #[arg(long)]
    pub bucket: String,
    /// The IAM role Glue jobs and crawlers run as (arn:aws:iam::ACCOUNT:role/NAME)
    #[arg(long)]
    pub role: String,
    /// The region (the SDK's AWS_REGION or profile when left out)
    #[arg(long)]
    pub region: Option<String>,
    /// The key prefix everything goes under [default: sluice/<pipeline>/]
    #[arg(long)]
    pub prefix: Option<String>,
    /// An emulator's address, such as a local moto server
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Where to write the settings [default: <name>.deploy.toml beside the pipeline]
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Replace a settings file that exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The pipeline file (*.sluice.toml)
    pub file: PathBuf,
    /// The settings file [default: <name>.deploy.toml beside the pipeline]
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

pub fn run(args: &DeployArgs) -> anyhow::Result<u8> {
    match &args.command {
        DeployCommand::Init(init) => run_init(init),
        DeployCommand::Show(show) => run_show(show),
        DeployCommand::Script(script) => super::deploy_script::run(script),
        DeployCommand::Plan(args) => super::deploy_aws::run_changes(args, Verb::Plan),
        DeployCommand::Apply(args) => super::deploy_aws::run_changes(args, Verb::Apply),
        DeployCommand::Destroy(args) => super::deploy_aws::run_changes(args, Verb::Destroy),
        DeployCommand::Run(args) => super::deploy_aws::run_runs(args, true),
        DeployCommand::Status(args) => super::deploy_aws::run_runs(args, false),
    }
}

pub(super) use crate::deploy::pipeline_id;

fn run_init(args: &InitArgs) -> anyhow::Result<u8> {
    if !args.file.is_file() {
        eprintln!("sluice: there is no pipeline `{}`", args.file.display());
        return Ok(super::exit::PIPELINE_ERROR);
    }
    let path = args
        .settings
        .clone()
        .unwrap_or_else(|| deploy_settings_path_for(&args.file));
    if path.exists() && !args.force {
        eprintln!(
            "sluice: `{}` exists; change it, or replace it with --force",
            path.display()
        );
        return Ok(super::exit::USAGE);
    }
    let mut settings =
        DeploySettings::with_defaults(&pipeline_id(&args.file), &args.bucket, &args.role);
    settings.region = args.region.clone();
    settings.endpoint_url = args.endpoint_url.clone();
    if let Some(prefix) = &args.prefix {
        settings.prefix = prefix.clone();
    }
    let problems = settings.problems();
    if !problems.is_empty() {
        for problem in problems {
            eprintln!("sluice: {problem}");
        }
        return Ok(super::exit::USAGE);
    }
    if let Err(error) = save_deploy_settings(&path, &settings) {
        eprintln!("sluice: {error}");
        return Ok(super::exit::PIPELINE_ERROR);
    }
    println!("wrote {}", path.display());
    println!(
        "It names your bucket and role: keep it out of hand-outs (add `*.deploy.toml` to .gitignore)."
    );
    Ok(super::exit::OK)
}

/// A value from the file, else from the SDK's environment variable, with where it came from.
fn effective(from_file: Option<&str>, variable: &str) -> (Option<String>, String) {
    match from_file {
        Some(value) => (Some(value.to_string()), "the settings file".to_string()),
        None => match std::env::var(variable) {
            Ok(value) if !value.is_empty() => (Some(value), variable.to_string()),
            _ => (None, "the SDK's default".to_string()),
        },
    }
}

/// The settings of pipeline `file` (from `settings`, else beside it) and where they are, or
/// the exit code after saying why not (the error says how to write them when there are none).
pub(super) fn settings_or_report(
    file: &std::path::Path,
    settings: Option<&std::path::Path>,
) -> Result<(PathBuf, DeploySettings), u8> {
    let path = settings.map_or_else(
        || deploy_settings_path_for(file),
        std::path::Path::to_path_buf,
    );
    match load_deploy_settings(&path) {
        Ok(settings) => Ok((path, settings)),
        Err(error) => {
            eprintln!("sluice: {error}");
            Err(super::exit::PIPELINE_ERROR)
        }
    }
}

fn run_show(args: &ShowArgs) -> anyhow::Result<u8> {
    let (path, settings) = match settings_or_report(&args.file, args.settings.as_deref()) {
        Ok(found) => found,
        Err(code) => return Ok(code),
    };
    let (region, region_from) = effective(settings.region.as_deref(), "AWS_REGION");
    let (endpoint, endpoint_from) = effective(settings.endpoint_url.as_deref(), "AWS_ENDPOINT_URL");
    match args.format {
        OutputFormat::Json => {
            let json = serde_json::json!({
                "settings_file": path.display().to_string(),
                "pipeline": pipeline_id(&args.file),
                "region": region,
                "region_from": region_from,
                "endpoint_url": endpoint,
                "endpoint_from": endpoint_from,
                "profile": settings.profile,
                "bucket": settings.bucket,
                "prefix": settings.prefix,
                "role_arn": settings.role_arn,
                "glue_version": settings.glue_version,
                "worker_type": settings.worker_type,
                "workers": settings.workers,
                "tags": settings.tags,
            });
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        OutputFormat::Text => {
            println!("settings      {}", path.display());
            println!(
                "region        {} (from {region_from})",
                region.as_deref().unwrap_or("—")
            );
            println!(
                "endpoint      {} (from {endpoint_from})",
                endpoint.as_deref().unwrap_or("AWS")
            );
            println!(
                "profile       {}",
                settings.profile.as_deref().unwrap_or("the default chain")
            );
            println!("location      s3://{}/{}", settings.bucket, settings.prefix);
            println!("role          {}", settings.role_arn);
            println!(
                "jobs          Glue {}, {} × {}",
                settings.glue_version, settings.workers, settings.worker_type
            );
            let tags: Vec<String> = settings
                .tags
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            println!(
                "tags          sluice:pipeline={}{}",
                pipeline_id(&args.file),
                if tags.is_empty() {
                    String::new()
                } else {
                    format!(", {}", tags.join(", "))
                }
            );
            println!("credentials   from the AWS SDK's default chain; never kept in a file");
        }
    }
    Ok(super::exit::OK)
}

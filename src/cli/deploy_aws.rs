//! `sluice deploy plan|apply|run|status|destroy FILE`: the pipeline in AWS. `plan` reads what
//! the account holds and says what a deploy would create, update, keep or delete, and why, with
//! the cost estimate, changing nothing; `apply` carries the plan out; `run` starts the crawlers
//! and jobs and follows them; `status` shows their last runs; `destroy` removes what carries this
//! pipeline's tag and says what it kept.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use super::OutputFormat;
use super::load::load_or_report;
use crate::deploy::apply::{self, Applied, Outcome, apply_changes, destroy_changes};
use crate::deploy::aws::{self, Clients};
use crate::deploy::cost::{CostLine, PRICES, total_per_day};
use crate::deploy::plan::{self, Action, Change, plan_changes};
use crate::deploy::resources::Blocker;
use crate::deploy::run::{RunLine, deployed_status, run_deployed};
use crate::deploy::{Prepared, prepare};
use crate::model::deploy_settings::DeploySettings;
use crate::model::history::load_history;

#[derive(Debug, Clone, clap::Args)]
pub struct AwsArgs {
    /// The pipeline file (*.sluice.toml)
    pub file: PathBuf,
    /// The settings file [default: <name>.deploy.toml beside the pipeline]
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Also upload the files the deployed sources and crawlers read
    #[arg(long)]
    pub with_data: bool,
    /// Deploy even though a requirement cannot be met in AWS (the report records it)
    #[arg(long)]
    pub accept_unmet: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub common: AwsArgs,
    /// How often the states are read, in milliseconds
    #[arg(long, default_value_t = 2000, value_name = "MS")]
    pub poll_ms: u64,
    /// How long one crawler or job may take before the run gives up following it
    #[arg(long, default_value_t = 3600, value_name = "SECONDS")]
    pub limit_seconds: u64,
}

/// Which command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Plan,
    Apply,
    Destroy,
}

struct Context {
    settings: DeploySettings,
    prepared: Prepared,
}

fn context(args: &AwsArgs) -> Result<Context, u8> {
    let loaded = load_or_report(&args.file)?;
    let (_, settings) = super::deploy::settings_or_report(&args.file, args.settings.as_deref())?;
    let history = load_history(&loaded.history_file).unwrap_or_default();
    let prepared = prepare(
        &loaded.pipeline,
        &args.file,
        loaded.site(),
        &history,
        &settings,
        args.with_data,
    );
    Ok(Context { settings, prepared })
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

#[derive(Serialize)]
struct PlanReport<'a> {
    pipeline: &'a str,
    endpoint: &'a str,
    region: &'a str,
    changes: &'a [Change],
    summary: String,
    blockers: &'a [Blocker],
    accepted: Vec<&'a Blocker>,
    local_only: Vec<LocalOnly<'a>>,
    script_only: Vec<ScriptOnly<'a>>,
    cost: CostReport<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<&'a [Applied]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    applied_summary: Option<String>,
}

#[derive(Serialize)]
struct LocalOnly<'a> {
    node: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct ScriptOnly<'a> {
    job: &'a str,
    node: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct CostReport<'a> {
    lines: &'a [CostLine],
    usd_per_day: f64,
    usd_per_month: f64,
    prices_as_of: &'static str,
    prices_region: &'static str,
    note: &'static str,
}

const COST_NOTE: &str = "an estimate at public on-demand prices; storage, requests and data \
                         transfer are not counted";

/// `plan`, `apply` or `destroy`.
pub fn run_changes(args: &AwsArgs, verb: Verb) -> anyhow::Result<u8> {
    let context = match context(args) {
        Ok(context) => context,
        Err(code) => return Ok(code),
    };
    let desired = &context.prepared.desired;
    let (blocking, accepted): (Vec<&Blocker>, Vec<&Blocker>) = desired
        .blockers
        .iter()
        .partition(|b| !(b.overridable && args.accept_unmet));
    let runtime = runtime()?;
    let text = args.format == OutputFormat::Text;
    runtime.block_on(async {
        let clients = match aws::clients(&context.settings).await {
            Ok(clients) => clients,
            Err(error) => {
                eprintln!("sluice: {error}");
                return Ok(super::exit::PIPELINE_ERROR);
            }
        };
        let observed = match aws::observe(&clients, desired).await {
            Ok(observed) => observed,
            Err(error) => {
                eprintln!("sluice: {error}");
                return Ok(super::exit::PIPELINE_ERROR);
            }
        };
        let changes = match verb {
            Verb::Destroy => destroy_changes(&observed),
            Verb::Plan | Verb::Apply => plan_changes(desired, &observed),
        };
        let conflicts = changes.iter().any(|c| c.action == Action::Conflict);
        let blocked = verb != Verb::Destroy && (!blocking.is_empty() || conflicts);
        if text {
            print_header(&context, &clients, verb);
            print_changes(&changes);
            if verb != Verb::Destroy {
                let jobs = desired
                    .resources
                    .iter()
                    .any(|r| r.kind == crate::deploy::resources::ResourceKind::Job);
                if jobs && !args.with_data {
                    println!();
                    println!(
                        "The jobs read their sources under s3://{}/{}: add --with-data to upload \
                         the files they read from this folder.",
                        context.settings.bucket, context.settings.prefix
                    );
                }
                print_local_only(&context);
                print_script_only(&context);
                print_costs(&context.prepared.costs);
            }
            print_blockers(&blocking, &accepted, verb);
        }
        let mut applied = None;
        if !blocked && verb != Verb::Plan {
            if text {
                println!();
                println!("{}", if verb == Verb::Destroy { "Destroying" } else { "Applying" });
            }
            let mut progress = |done: &Applied| {
                if text && done.change.action.changes() {
                    println!(
                        "  {:<14} {:<26} {}",
                        outcome_word(&done.outcome),
                        done.change.kind.noun(),
                        done.change.name
                    );
                    if let Outcome::Failed(why) | Outcome::Kept(why) = &done.outcome {
                        println!("                 {why}");
                    }
                }
            };
            applied = Some(
                apply_changes(&clients, desired, &observed, &changes, &mut progress).await,
            );
        }
        let failed = applied.as_ref().is_some_and(|a| {
            a.iter()
                .any(|a| matches!(a.outcome, Outcome::Failed(_) | Outcome::NotAttempted))
        });
        match args.format {
            OutputFormat::Json => {
                let costs = &context.prepared.costs;
                let report = PlanReport {
                    pipeline: &desired.pipeline,
                    endpoint: &clients.endpoint,
                    region: &clients.region,
                    changes: &changes,
                    summary: plan::summary(&changes),
                    blockers: &desired.blockers,
                    accepted: accepted.clone(),
                    local_only: context
                        .prepared
                        .desired
                        .local_only
                        .iter()
                        .map(|(node, reason)| LocalOnly { node, reason })
                        .collect(),
                    script_only: desired
                        .script_only
                        .iter()
                        .map(|(job, only)| ScriptOnly {
                            job,
                            node: &only.node,
                            reason: &only.reason,
                        })
                        .collect(),
                    cost: CostReport {
                        lines: costs,
                        usd_per_day: total_per_day(costs),
                        usd_per_month: total_per_day(costs) * 30.0,
                        prices_as_of: PRICES.as_of,
                        prices_region: PRICES.region,
                        note: COST_NOTE,
                    },
                    applied_summary: applied.as_deref().map(apply::summary),
                    applied: applied.as_deref(),
                };
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
            OutputFormat::Text => {
                println!();
                match (&applied, blocked) {
                    (Some(applied), _) => {
                        println!("{}", apply::summary(applied));
                        if failed {
                            println!(
                                "Not everything was done: run `sluice deploy {} {}` again to finish.",
                                if verb == Verb::Destroy { "destroy" } else { "apply" },
                                args.file.display()
                            );
                        }
                    }
                    (None, true) => println!(
                        "Plan: {}. Blocked: fix what is above{}.",
                        plan::summary(&changes),
                        if blocking.iter().any(|b| b.overridable) {
                            ", or deploy anyway with --accept-unmet"
                        } else {
                            ""
                        }
                    ),
                    (None, false) => println!("Plan: {}.", plan::summary(&changes)),
                }
            }
        }
        Ok(if blocked || failed {
            super::exit::PIPELINE_ERROR
        } else {
            super::exit::OK
        })
    })
}

fn outcome_word(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Done => "done",
        Outcome::Skipped => "unchanged",
        Outcome::Kept(_) => "kept",
        Outcome::Failed(_) => "FAILED",
        Outcome::NotAttempted => "not attempted",
    }
}

fn print_header(context: &Context, clients: &Clients, verb: Verb) {
    let word = match verb {
        Verb::Plan => "Plan",
        Verb::Apply => "Plan to apply",
        Verb::Destroy => "Destroy",
    };
    println!(
        "{word} for pipeline {} in {} ({}), s3://{}/{}",
        context.prepared.desired.pipeline,
        clients.endpoint,
        clients.region,
        context.settings.bucket,
        context.settings.prefix
    );
    println!();
}

fn print_changes(changes: &[Change]) {
    println!(
        "  {:<10} {:<26} {:<44} reason",
        "action", "resource", "name"
    );
    for change in changes {
        println!(
            "  {:<10} {:<26} {:<44} {}",
            change.action.word(),
            change.kind.noun(),
            change.name,
            change.reason
        );
    }
}

fn print_local_only(context: &Context) {
    let local = &context.prepared.desired.local_only;
    if local.is_empty() {
        return;
    }
    println!();
    println!("Local only (not deployed):");
    for (node, reason) in local {
        println!("  {node}: {reason}");
    }
}

fn print_script_only(context: &Context) {
    let script_only = &context.prepared.desired.script_only;
    let visual = context
        .prepared
        .desired
        .resources
        .iter()
        .filter(|r| r.visual.is_some())
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>();
    if !visual.is_empty() {
        println!();
        println!("Visual in Glue Studio: {}", visual.join(", "));
    }
    if script_only.is_empty() {
        return;
    }
    println!();
    println!("Script only in Glue Studio (the script runs; the graph is not shown):");
    for (job, only) in script_only {
        println!("  {job}: {}: {}", only.node, only.reason);
    }
}

fn print_costs(costs: &[CostLine]) {
    if costs.is_empty() {
        return;
    }
    println!();
    println!(
        "Estimated cost (public on-demand prices, {}, as of {}):",
        PRICES.region, PRICES.as_of
    );
    for line in costs {
        println!(
            "  ${:>9.2}/day  {} {}: {}",
            line.usd_per_day,
            line.kind.noun(),
            line.name,
            line.basis
        );
    }
    let day = total_per_day(costs);
    println!(
        "  ${day:>9.2}/day, about ${:.2} a month; {COST_NOTE}",
        day * 30.0
    );
}

fn print_blockers(blocking: &[&Blocker], accepted: &[&Blocker], verb: Verb) {
    if verb == Verb::Destroy {
        return;
    }
    if !blocking.is_empty() {
        println!();
        println!("Blocked:");
        for blocker in blocking {
            println!("  {}: {}", blocker.subject, blocker.reason);
        }
    }
    if !accepted.is_empty() {
        println!();
        println!("Accepted with --accept-unmet:");
        for blocker in accepted {
            println!("  {}: {}", blocker.subject, blocker.reason);
        }
    }
}

/// A run's error after its line, when it has one.
fn error_suffix(line: &RunLine) -> String {
    line.error
        .as_deref()
        .map(|e| format!("  {e}"))
        .unwrap_or_default()
}

/// `run` and `status`.
pub fn run_runs(args: &RunArgs, follow: bool) -> anyhow::Result<u8> {
    let context = match context(&args.common) {
        Ok(context) => context,
        Err(code) => return Ok(code),
    };
    let desired = &context.prepared.desired;
    let text = args.common.format == OutputFormat::Text;
    let runtime = runtime()?;
    runtime.block_on(async {
        let clients = match aws::clients(&context.settings).await {
            Ok(clients) => clients,
            Err(error) => {
                eprintln!("sluice: {error}");
                return Ok(super::exit::PIPELINE_ERROR);
            }
        };
        let lines: Result<Vec<RunLine>, _> = if follow {
            let mut progress = |line: &RunLine| {
                if text {
                    println!(
                        "  {:<10} {:<12} {:<44} {:>7.1} s{}",
                        match line.kind {
                            crate::deploy::resources::ResourceKind::Crawler => "crawler",
                            _ => "job",
                        },
                        line.state,
                        line.name,
                        line.seconds,
                        error_suffix(line)
                    );
                }
            };
            run_deployed(
                &clients,
                desired,
                Duration::from_millis(args.poll_ms.max(10)),
                Duration::from_secs(args.limit_seconds),
                &mut progress,
            )
            .await
        } else {
            deployed_status(&clients, desired).await
        };
        let lines = match lines {
            Ok(lines) => lines,
            Err(error) => {
                eprintln!("sluice: {error}");
                return Ok(super::exit::PIPELINE_ERROR);
            }
        };
        let all_ok = lines.iter().all(RunLine::succeeded);
        match args.common.format {
            OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&lines)?),
            OutputFormat::Text if !follow => {
                println!("  {:<10} {:<12} {:<44} seconds", "what", "last run", "name");
                for line in &lines {
                    println!(
                        "  {:<10} {:<12} {:<44} {:>7.1}{}",
                        line.kind.noun().trim_start_matches("Glue "),
                        line.state,
                        line.name,
                        line.seconds,
                        error_suffix(line)
                    );
                }
            }
            OutputFormat::Text => println!(
                "{}",
                if all_ok {
                    format!("{} runs succeeded", lines.len())
                } else {
                    "a run did not succeed".to_string()
                }
            ),
        }
        Ok(if follow && !all_ok {
            super::exit::PIPELINE_ERROR
        } else {
            super::exit::OK
        })
    })
}

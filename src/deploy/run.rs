//! Runs of a deployed pipeline: its crawlers, then its jobs in the order their triggers chain
//! them, each started and followed to the end; and the status of the last runs.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::aws::{AwsError, Clients};
use super::resources::{Desired, ResourceKind};

/// One crawler's or job's run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunLine {
    pub kind: ResourceKind,
    pub name: String,
    /// Glue's last state: `SUCCEEDED`, `FAILED`, `READY` (a crawler done), …
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    pub seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl RunLine {
    pub fn succeeded(&self) -> bool {
        matches!(self.state.as_str(), "SUCCEEDED" | "READY")
    }
}

fn aws_error<E: std::error::Error>(what: &str, error: E) -> AwsError {
    AwsError {
        message: format!("{what}: {}", super::aws::error_chain(&error)),
    }
}

/// The jobs in an order where each comes after the crawlers and jobs its trigger waits for.
fn job_order(desired: &Desired) -> Vec<String> {
    let jobs: Vec<&str> = desired
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Job)
        .map(|r| r.name.as_str())
        .collect();
    let waits_for = |job: &str| -> Vec<String> {
        desired
            .resources
            .iter()
            .filter(|r| r.kind == ResourceKind::Trigger && r.property("job") == job)
            .flat_map(|r| {
                r.property("after")
                    .lines()
                    .filter_map(|l| l.strip_prefix("job ").map(str::to_string))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut order = Vec::new();
    while order.len() < jobs.len() {
        let before = order.len();
        for job in &jobs {
            if !done.contains(*job) && waits_for(job).iter().all(|w| done.contains(w)) {
                done.insert(job.to_string());
                order.push(job.to_string());
            }
        }
        if order.len() == before {
            // A cycle cannot be deployed by triggers; run what is left in the plan's order.
            order.extend(
                jobs.iter()
                    .filter(|j| !done.contains(**j))
                    .map(|j| j.to_string()),
            );
        }
    }
    order
}

/// Starts every crawler, then every job in trigger order, and follows each to its end. A
/// failure stops the jobs after it; `progress` hears every change of state.
pub async fn run_deployed(
    clients: &Clients,
    desired: &Desired,
    poll: Duration,
    limit: Duration,
    progress: &mut (dyn FnMut(&RunLine) + Send),
) -> Result<Vec<RunLine>, AwsError> {
    let mut lines = Vec::new();
    for crawler in desired
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Crawler)
    {
        let line = run_crawler(clients, &crawler.name, poll, limit, progress).await?;
        let failed = !line.succeeded();
        lines.push(line);
        if failed {
            return Ok(lines);
        }
    }
    for job in job_order(desired) {
        let line = run_job(clients, &job, poll, limit, progress).await?;
        let failed = !line.succeeded();
        lines.push(line);
        if failed {
            break;
        }
    }
    Ok(lines)
}

async fn run_crawler(
    clients: &Clients,
    name: &str,
    poll: Duration,
    limit: Duration,
    progress: &mut (dyn FnMut(&RunLine) + Send),
) -> Result<RunLine, AwsError> {
    let started = Instant::now();
    clients
        .glue
        .start_crawler()
        .name(name)
        .send()
        .await
        .map_err(|e| aws_error(&format!("starting crawler {name}"), e))?;
    let mut line = RunLine {
        kind: ResourceKind::Crawler,
        name: name.to_string(),
        state: "RUNNING".to_string(),
        run_id: None,
        seconds: 0.0,
        error: None,
    };
    progress(&line);
    loop {
        tokio::time::sleep(poll).await;
        let crawler = clients
            .glue
            .get_crawler()
            .name(name)
            .send()
            .await
            .map_err(|e| aws_error(&format!("following crawler {name}"), e))?;
        let crawler = crawler.crawler();
        let state = crawler
            .and_then(|c| c.state())
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        line.seconds = started.elapsed().as_secs_f64();
        if state != line.state {
            line.state = state.clone();
            progress(&line);
        }
        if state == "READY" {
            let last = crawler.and_then(|c| c.last_crawl());
            let status = last
                .and_then(|l| l.status())
                .map(|s| s.as_str().to_string())
                .unwrap_or_default();
            if status == "FAILED" {
                line.state = "FAILED".to_string();
                line.error = last.and_then(|l| l.error_message()).map(str::to_string);
                progress(&line);
            }
            return Ok(line);
        }
        if started.elapsed() > limit {
            line.error = Some(format!("still {state} after {} s", limit.as_secs()));
            line.state = "TIMEOUT".to_string();
            progress(&line);
            return Ok(line);
        }
    }
}

async fn run_job(
    clients: &Clients,
    name: &str,
    poll: Duration,
    limit: Duration,
    progress: &mut (dyn FnMut(&RunLine) + Send),
) -> Result<RunLine, AwsError> {
    let started = Instant::now();
    let run = clients
        .glue
        .start_job_run()
        .job_name(name)
        .send()
        .await
        .map_err(|e| aws_error(&format!("starting job {name}"), e))?;
    let run_id = run.job_run_id().unwrap_or_default().to_string();
    let mut line = RunLine {
        kind: ResourceKind::Job,
        name: name.to_string(),
        state: "STARTING".to_string(),
        run_id: Some(run_id.clone()),
        seconds: 0.0,
        error: None,
    };
    progress(&line);
    loop {
        tokio::time::sleep(poll).await;
        let got = clients
            .glue
            .get_job_run()
            .job_name(name)
            .run_id(&run_id)
            .send()
            .await
            .map_err(|e| aws_error(&format!("following job {name}"), e))?;
        let job_run = got.job_run();
        let state = job_run
            .and_then(|r| r.job_run_state())
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        line.seconds = started.elapsed().as_secs_f64();
        if state != line.state {
            line.state = state.clone();
            line.error = job_run.and_then(|r| r.error_message()).map(str::to_string);
            progress(&line);
        }
        if matches!(
            state.as_str(),
            "SUCCEEDED" | "FAILED" | "STOPPED" | "TIMEOUT" | "ERROR" | "EXPIRED"
        ) {
            return Ok(line);
        }
        if started.elapsed() > limit {
            line.error = Some(format!("still {state} after {} s", limit.as_secs()));
            line.state = "TIMEOUT".to_string();
            progress(&line);
            return Ok(line);
        }
    }
}

/// The last run of every deployed crawler and job.
pub async fn deployed_status(
    clients: &Clients,
    desired: &Desired,
) -> Result<Vec<RunLine>, AwsError> {
    let mut lines = Vec::new();
    for resource in &desired.resources {
        match resource.kind {
            ResourceKind::Crawler => {
                let got = clients.glue.get_crawler().name(&resource.name).send().await;
                let line = match got {
                    Ok(output) => {
                        let crawler = output.crawler();
                        let last = crawler.and_then(|c| c.last_crawl());
                        RunLine {
                            kind: ResourceKind::Crawler,
                            name: resource.name.clone(),
                            state: match last.and_then(|l| l.status()) {
                                Some(status) => status.as_str().to_string(),
                                None => "never run".to_string(),
                            },
                            run_id: None,
                            seconds: 0.0,
                            error: last.and_then(|l| l.error_message()).map(str::to_string),
                        }
                    }
                    Err(error) => not_deployed(ResourceKind::Crawler, &resource.name, &error)?,
                };
                lines.push(line);
            }
            ResourceKind::Job => {
                let got = clients
                    .glue
                    .get_job_runs()
                    .job_name(&resource.name)
                    .max_results(1)
                    .send()
                    .await;
                let line = match got {
                    Ok(output) => match output.job_runs().first() {
                        Some(run) => RunLine {
                            kind: ResourceKind::Job,
                            name: resource.name.clone(),
                            state: run
                                .job_run_state()
                                .map(|s| s.as_str().to_string())
                                .unwrap_or_default(),
                            run_id: run.id().map(str::to_string),
                            seconds: f64::from(run.execution_time()),
                            error: run.error_message().map(str::to_string),
                        },
                        None => RunLine {
                            kind: ResourceKind::Job,
                            name: resource.name.clone(),
                            state: "never run".to_string(),
                            run_id: None,
                            seconds: 0.0,
                            error: None,
                        },
                    },
                    Err(error) => not_deployed(ResourceKind::Job, &resource.name, &error)?,
                };
                lines.push(line);
            }
            _ => {}
        }
    }
    Ok(lines)
}

fn not_deployed<E>(
    kind: ResourceKind,
    name: &str,
    error: &aws_sdk_glue::error::SdkError<E>,
) -> Result<RunLine, AwsError>
where
    E: aws_sdk_glue::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    let missing = error
        .as_service_error()
        .and_then(|e| e.code())
        .is_some_and(|c| c == "EntityNotFoundException");
    if !missing {
        return Err(AwsError {
            message: format!(
                "reading {} {name}: {}",
                kind.noun(),
                super::aws::error_chain(error)
            ),
        });
    }
    Ok(RunLine {
        kind,
        name: name.to_string(),
        state: "not deployed".to_string(),
        run_id: None,
        seconds: 0.0,
        error: None,
    })
}

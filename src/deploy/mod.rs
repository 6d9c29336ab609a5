//! A pipeline deployed to AWS: where each node goes (`segments`: Glue jobs, crawlers, Kinesis
//! and Firehose, or local only with the reason), each Glue job's generated PySpark script
//! (`codegen`) and as Glue Studio's visual nodes (`visual`), the resources it all becomes (`resources`), what the account holds (`aws`), the
//! plan between the two (`plan`), carrying it out or destroying it (`apply`), runs and their
//! status (`run`) and the cost estimate (`cost`).

pub mod apply;
pub mod aws;
pub mod codegen;
pub mod cost;
pub mod plan;
pub mod resources;
pub mod run;
pub mod segments;
pub mod visual;

use std::path::Path;

pub use codegen::{CodegenError, Script, ScriptNote, generate_script};
pub use segments::{DeployLayout, DeployRole, JobSegment, Placement, deploy_layout, deploy_role};

use crate::engine::requirements::{RequirementStatus, check_requirements};
use crate::engine::{PlanSite, plan_pipeline};
use crate::model::Pipeline;
use crate::model::deploy_settings::DeploySettings;
use crate::model::history::RunHistory;

/// The pipeline's id for names and tags: its file name without `.sluice.toml`.
pub fn pipeline_id(file: &Path) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    name.strip_suffix(".sluice.toml")
        .or_else(|| name.strip_suffix(".toml"))
        .unwrap_or(&name)
        .to_string()
}

/// What a deploy of a pipeline wants, worked out without calling AWS.
pub struct Prepared {
    pub layout: DeployLayout,
    pub desired: resources::Desired,
    pub costs: Vec<cost::CostLine>,
}

/// Everything `pipeline` (read from `file`, planned at `site`) wants in AWS under `settings`,
/// with the cost estimate; `with_data` uploads the files its deployed sources read.
pub fn prepare(
    pipeline: &Pipeline,
    file: &Path,
    site: PlanSite,
    history: &RunHistory,
    settings: &DeploySettings,
    with_data: bool,
) -> Prepared {
    let plan = plan_pipeline(pipeline, site);
    let layout = deploy_layout(pipeline);
    let unmet: Vec<(String, String)> = check_requirements(pipeline, history)
        .into_iter()
        .filter(|check| check.status == RequirementStatus::Fail)
        .map(|check| (check.id.clone(), check.explanation.join(" ")))
        .collect();
    let id = pipeline_id(file);
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let region = aws::region_of(settings).unwrap_or_default();
    let desired = resources::desired(&resources::DesiredInput {
        pipeline,
        pipeline_id: &id,
        pipeline_file_name: &file_name,
        plan: &plan,
        layout: &layout,
        settings,
        region: &region,
        with_data,
        unmet_requirements: &unmet,
    });
    let costs = cost::estimate(pipeline, &layout, &desired, settings);
    Prepared {
        layout,
        desired,
        costs,
    }
}

/// The script of the job node `node` is a step of, with the node's lines.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeScript {
    /// The job's name in AWS.
    pub glue_job: String,
    pub script: Script,
    /// The node's lines (1-based, inclusive).
    pub lines: Option<(usize, usize)>,
}

/// The script of the job `node` deploys in, or why it has none (it runs locally only, or its
/// job cannot be generated yet).
pub fn node_script(
    pipeline: &Pipeline,
    plan: &crate::engine::PipelinePlan,
    node: &str,
    pipeline_id: &str,
    pipeline_file_name: &str,
) -> Result<NodeScript, String> {
    let layout = deploy_layout(pipeline);
    let job = match layout.placements.get(node) {
        Some(Placement::Job(_)) => layout.job_of(node),
        Some(Placement::LocalOnly(reason)) => {
            return Err(format!("`{node}` runs only where Sluice runs: {reason}"));
        }
        Some(Placement::Crawler) => {
            return Err(format!(
                "`{node}` deploys as a Glue crawler, which has no script"
            ));
        }
        Some(Placement::KinesisStream | Placement::KinesisSink) => {
            return Err(format!(
                "`{node}` deploys as a Kinesis data stream, which has no script"
            ));
        }
        Some(Placement::Firehose) => {
            return Err(format!(
                "`{node}` deploys as a Firehose delivery stream, which has no script"
            ));
        }
        None => None,
    }
    .ok_or_else(|| format!("there is no node `{node}`"))?;
    let glue_job = segments::glue_job_name(pipeline_id, &job.name);
    let script = generate_script(pipeline, pipeline_file_name, plan, job, &glue_job)
        .map_err(|e| format!("job `{glue_job}` has no script yet: {e}"))?;
    let lines = script.node_lines.get(node).copied();
    Ok(NodeScript {
        glue_job,
        script,
        lines,
    })
}

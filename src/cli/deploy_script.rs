//! `sluice deploy script FILE [--job NAME] [--out FOLDER]`: the PySpark script of each Glue job
//! the pipeline deploys as, printed or written, with the nodes that stay local and why.

use serde::Serialize;

use super::OutputFormat;
use super::deploy::{ScriptArgs, pipeline_id};
use super::load::load_or_report;
use crate::deploy::{Placement, deploy_layout, generate_script, segments::glue_job_name};
use crate::engine::plan_pipeline;

#[derive(Serialize)]
struct JobScript {
    job: String,
    glue_job: String,
    file: String,
    nodes: Vec<String>,
    /// The lines each node's translation takes (1-based, inclusive).
    node_lines: std::collections::BTreeMap<String, (usize, usize)>,
    notes: Vec<NodeNote>,
    #[serde(skip_serializing_if = "Option::is_none")]
    script: Option<String>,
}

#[derive(Serialize)]
struct NodeNote {
    node: String,
    note: String,
}

pub fn run(args: &ScriptArgs) -> anyhow::Result<u8> {
    let loaded = match load_or_report(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let pipeline_id = pipeline_id(&args.file);
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let layout = deploy_layout(&loaded.pipeline);
    let jobs: Vec<_> = match &args.job {
        Some(name) => match layout.job(name) {
            Some(job) => vec![job],
            None => {
                let names: Vec<&str> = layout.jobs.iter().map(|j| j.name.as_str()).collect();
                eprintln!(
                    "sluice: there is no job `{name}`{}; the jobs are: {}",
                    crate::model::suggest::did_you_mean(name, names.iter().copied()),
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                );
                return Ok(super::exit::USAGE);
            }
        },
        None => layout.jobs.iter().collect(),
    };
    let plan = plan_pipeline(&loaded.pipeline, loaded.site());
    let mut scripts = Vec::new();
    let mut failed = false;
    for job in jobs {
        let glue_job = glue_job_name(&pipeline_id, &job.name);
        match generate_script(&loaded.pipeline, &file_name, &plan, job, &glue_job) {
            Ok(script) => scripts.push((glue_job, job.nodes.clone(), script)),
            Err(error) => {
                eprintln!(
                    "sluice: {}: job `{}` has no script: {error}",
                    args.file.display(),
                    job.name
                );
                failed = true;
            }
        }
    }
    if let Some(folder) = &args.out {
        std::fs::create_dir_all(folder)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", folder.display()))?;
        for (_, _, script) in &scripts {
            let path = folder.join(script.file_name());
            std::fs::write(&path, &script.text)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            if args.format == OutputFormat::Text {
                println!("wrote {}", path.display());
            }
        }
    }
    let local: Vec<(String, String)> = layout
        .placements
        .iter()
        .filter_map(|(id, placement)| match placement {
            Placement::LocalOnly(reason) => Some((id.clone(), reason.clone())),
            _ => None,
        })
        .collect();
    match args.format {
        OutputFormat::Json => {
            let jobs: Vec<JobScript> = scripts
                .iter()
                .map(|(glue_job, nodes, script)| JobScript {
                    job: script.job.clone(),
                    glue_job: glue_job.clone(),
                    file: script.file_name(),
                    nodes: nodes.clone(),
                    node_lines: script.node_lines.clone(),
                    notes: script
                        .notes
                        .iter()
                        .map(|n| NodeNote {
                            node: n.node.clone(),
                            note: n.text.clone(),
                        })
                        .collect(),
                    script: args.out.is_none().then(|| script.text.clone()),
                })
                .collect();
            let local: Vec<serde_json::Value> = local
                .iter()
                .map(|(node, reason)| serde_json::json!({ "node": node, "reason": reason }))
                .collect();
            let json = serde_json::json!({ "jobs": jobs, "local_only": local });
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        OutputFormat::Text => {
            if args.out.is_none() {
                for (_, _, script) in &scripts {
                    if scripts.len() > 1 {
                        println!("# ===== {} =====", script.file_name());
                    }
                    print!("{}", script.text);
                }
            }
            if scripts.is_empty() && !failed {
                eprintln!("no node of this pipeline runs in a Glue job");
            }
            for note in scripts.iter().flat_map(|(_, _, s)| &s.notes) {
                eprintln!("note: {}: {}", note.node, note.text);
            }
            if args.job.is_none() {
                for (node, reason) in &local {
                    eprintln!("local only: {node}: {reason}");
                }
            }
        }
    }
    Ok(if failed {
        super::exit::PIPELINE_ERROR
    } else {
        super::exit::OK
    })
}

//! A plan's findings as diagnostics: node errors located in the file, blocked nodes, outputs
//! nobody reads, a pipeline without a sink, and outputs written outside the pipeline's folder.

use super::plan::{NodeOutcome, PipelinePlan};
use super::reach::outside_folder;
use super::requirements::limits::node_findings;
use super::requirements::{Context, RequirementCheck, RequirementStatus, check_in};
use crate::model::file_format::SourceMap;
use crate::model::history::load_history;
use crate::model::{Code, Diagnostic, Pipeline};

impl PipelinePlan {
    /// The diagnostics of the planned nodes, and of the pipeline as a whole.
    pub fn diagnostics(
        &self,
        pipeline: &Pipeline,
        source_map: Option<&SourceMap>,
    ) -> Vec<Diagnostic> {
        self.diagnostics_and_requirements(pipeline, source_map).0
    }

    /// The diagnostics, and every requirement checked statically (with the measured durations
    /// of the run history), worked out together: the history is read and each schedule parsed
    /// once.
    pub fn diagnostics_and_requirements(
        &self,
        pipeline: &Pipeline,
        source_map: Option<&SourceMap>,
    ) -> (Vec<Diagnostic>, Vec<RequirementCheck>) {
        let located = |diagnostic: Diagnostic, id: &str, param: Option<&str>| {
            let location = source_map.and_then(|map| match param {
                Some(param) => map.param(id, param),
                None => map.node(id),
            });
            match location {
                Some(location) => diagnostic.at_location(location),
                None => diagnostic,
            }
        };
        let mut found = Vec::new();
        for id in &self.order {
            match self.outcomes.get(id) {
                Some(NodeOutcome::Failed(error)) => {
                    let diagnostic =
                        Diagnostic::error(error.code, error.message.clone()).at_node(id.clone());
                    found.push(located(diagnostic, id, error.param));
                }
                Some(NodeOutcome::Blocked { by }) => {
                    let names: Vec<String> = by.iter().map(|b| format!("`{b}`")).collect();
                    let message = format!("blocked by {}: fix that node first", names.join(", "));
                    let diagnostic = Diagnostic::info(Code::Blocked, message).at_node(id.clone());
                    found.push(located(diagnostic, id, None));
                }
                _ => {}
            }
            for notice in self.notices.get(id).into_iter().flatten() {
                let diagnostic = Diagnostic {
                    severity: notice.severity,
                    ..Diagnostic::error(notice.code, notice.message.clone())
                }
                .at_node(id.clone());
                found.push(located(diagnostic, id, notice.param));
            }
        }
        for node in &pipeline.nodes {
            let produces = !node.kind.outputs.is_empty();
            if produces && pipeline.consumers_of(node.id.as_str()).next().is_none() {
                let message = format!(
                    "the output of `{}` is not used; connect it to a transform or a sink",
                    node.id
                );
                let diagnostic =
                    Diagnostic::warning(Code::UnusedOutput, message).at_node(node.id.to_string());
                found.push(located(diagnostic, node.id.as_str(), None));
            }
        }
        for write in outside_folder(pipeline, &self.base_dir) {
            let message = format!(
                "writes `{}`, outside the pipeline's folder; `sluice run` refuses unless given \
                 --allow-outside, and the window asks first",
                write.path.display()
            );
            let diagnostic =
                Diagnostic::warning(Code::OutsideFolder, message).at_node(write.node.clone());
            found.push(located(diagnostic, &write.node, Some(write.param)));
        }
        let (requirement_findings, requirements) = self.requirement_diagnostics(pipeline, &located);
        found.extend(requirement_findings);
        if !pipeline.nodes.is_empty() && !pipeline.nodes.iter().any(|n| n.kind.is_sink()) {
            found.push(Diagnostic::info(
                Code::NoSink,
                "the pipeline has no sink, so a run writes nothing; add a CSV or Parquet sink",
            ));
        }
        (found, requirements)
    }

    /// Requirements that cannot be checked (errors), requirements the estimates do not meet and
    /// platform limits broken (warnings: a local run still works; `sluice check` fails on them),
    /// bad schedules (errors).
    fn requirement_diagnostics(
        &self,
        pipeline: &Pipeline,
        located: &dyn Fn(Diagnostic, &str, Option<&str>) -> Diagnostic,
    ) -> (Vec<Diagnostic>, Vec<RequirementCheck>) {
        let history = self
            .history_file
            .as_deref()
            .and_then(|path| load_history(path).ok())
            .unwrap_or_default();
        let context = Context::new(pipeline, &history);
        let mut found = Vec::new();
        for node in &pipeline.nodes {
            let id = node.id.as_str();
            if let Some(Err(reason)) = context.schedule(id) {
                let diagnostic =
                    Diagnostic::error(Code::BadSchedule, format!("timing of `{id}`: {reason}"))
                        .at_node(id.to_string());
                found.push(located(diagnostic, id, None));
            }
            for finding in node_findings(&context, node) {
                let diagnostic = Diagnostic::warning(Code::PlatformLimit, finding.message)
                    .at_node(id.to_string());
                found.push(located(diagnostic, id, None));
            }
        }
        let checks = check_in(&context);
        for (requirement, check) in pipeline.requirements.iter().zip(&checks) {
            if let Err(problems) = requirement.typed(pipeline) {
                for problem in problems {
                    found.push(Diagnostic::error(Code::BadRequirement, problem.message));
                }
                continue;
            }
            if check.status == RequirementStatus::Fail {
                found.push(Diagnostic::warning(
                    Code::RequirementUnmet,
                    format!(
                        "requirement `{}` is not met: {}",
                        check.id,
                        check.explanation.join("; ")
                    ),
                ));
            }
        }
        (found, checks)
    }
}

//! A lesson read against its finished pipeline: every node, parameter and requirement a step
//! names must be there, so a misspelt name is reported at its line instead of failing a learner.

use super::{CheckKind, Expected, Lesson, LessonProblem};
use crate::model::file_format::parse_param_value;
use crate::model::suggest::{capitalised, did_you_mean};
use crate::model::timing::Timing;
use crate::model::{Pipeline, TextLocation};

/// Every name in `lesson` that `finished` lacks, located at its step or check.
pub fn check_references(lesson: &Lesson, finished: &Pipeline) -> Vec<LessonProblem> {
    let mut problems = Vec::new();
    let node_ids = || finished.nodes.iter().map(|n| n.id.as_str());
    let missing_node = |problems: &mut Vec<LessonProblem>, at: TextLocation, id: &str| {
        if finished.node(id).is_none() {
            problems.push(LessonProblem {
                location: at,
                message: format!(
                    "the finished pipeline has no node `{id}`{}",
                    did_you_mean(id, node_ids())
                ),
            });
            true
        } else {
            false
        }
    };
    let requirement_ids = || finished.requirements.iter().map(|r| r.id.as_str());
    for (number, step) in lesson.steps.iter().enumerate().map(|(i, s)| (i + 1, s)) {
        for id in &step.nodes {
            missing_node(&mut problems, step.location, id);
        }
        for id in &step.requirements {
            if !requirement_ids().any(|r| r == id) {
                problems.push(LessonProblem {
                    location: step.location,
                    message: format!(
                        "step {number}: the finished pipeline has no requirement `{id}`{}",
                        did_you_mean(id, requirement_ids())
                    ),
                });
            }
        }
        for check in &step.checks {
            let at = check.location;
            match &check.kind {
                CheckKind::Node {
                    node,
                    kind,
                    wired_from,
                } => {
                    if let Some(id) = node
                        && !missing_node(&mut problems, at, id)
                        && let (Some(kind), Some(found)) = (kind, finished.node(id))
                        && found.kind.0.name != kind.name
                    {
                        problems.push(LessonProblem {
                            location: at,
                            message: format!(
                                "`{id}` is {} {} node in the finished pipeline, not {} {}",
                                super::article(found.kind.0.title),
                                found.kind.0.title,
                                super::article(kind.title),
                                kind.title
                            ),
                        });
                    }
                    for source in wired_from {
                        missing_node(&mut problems, at, source);
                    }
                }
                CheckKind::Param {
                    node,
                    param,
                    expected,
                } => {
                    if missing_node(&mut problems, at, node) {
                        continue;
                    }
                    let Some(spec) = finished.node(node).map(|n| n.kind.0) else {
                        continue;
                    };
                    let Some(param_spec) = spec.param(param) else {
                        problems.push(LessonProblem {
                            location: at,
                            message: format!(
                                "{} {} node has no parameter `{param}`{}",
                                capitalised(super::article(spec.title)),
                                spec.title,
                                did_you_mean(param, spec.params.iter().map(|p| p.name))
                            ),
                        });
                        continue;
                    };
                    if let Expected::Equals(text) = expected
                        && let Err(why) = parse_param_value(text, &param_spec.param_type)
                    {
                        problems.push(LessonProblem {
                            location: at,
                            message: format!("`equals` for `{node}`'s {param}: {why}"),
                        });
                    }
                }
                CheckKind::Timing {
                    node,
                    key,
                    expected,
                } => {
                    missing_node(&mut problems, at, node);
                    if let Expected::Equals(text) = expected
                        && let Err(why) = Timing::default().set(key, Some(text))
                    {
                        problems.push(LessonProblem {
                            location: at,
                            message: format!("`equals` for `{node}`'s timing {key}: {why}"),
                        });
                    }
                }
                CheckKind::Rows { output, .. } | CheckKind::Column { output, .. } => {
                    let id = output.split_once('.').map_or(output.as_str(), |(id, _)| id);
                    missing_node(&mut problems, at, id);
                }
                CheckKind::Requirement { id, .. } => {
                    if !requirement_ids().any(|r| r == id) {
                        problems.push(LessonProblem {
                            location: at,
                            message: format!(
                                "the finished pipeline has no requirement `{id}`{}",
                                did_you_mean(id, requirement_ids())
                            ),
                        });
                    }
                }
                CheckKind::Valid | CheckKind::RunSucceeds => {}
            }
        }
    }
    problems.sort_by_key(|p| p.location);
    problems
}

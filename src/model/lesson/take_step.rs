//! "Show me": a step taken for the learner. The step's nodes are copied from the finished
//! pipeline (added where missing, made like the finished ones where present), wired as there,
//! and its requirements brought in, through the same checked edits as the canvas.

use super::Step;
use crate::model::edit::{ConnectError, EditError};
use crate::model::{Node, Pipeline};

/// Why a step could not be taken.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TakeStepError {
    #[error("the finished pipeline has no node `{0}`")]
    MissingNode(String),
    #[error("the finished pipeline has no requirement `{0}`")]
    MissingRequirement(String),
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// Makes `learner` take `step` as `finished` did. Wires from nodes the learner does not have
/// (yet) are left out; a later step that adds those nodes wires them.
pub fn take_step(
    learner: &mut Pipeline,
    finished: &Pipeline,
    step: &Step,
) -> Result<(), TakeStepError> {
    for id in &step.nodes {
        let wanted = finished
            .node(id)
            .ok_or_else(|| TakeStepError::MissingNode(id.clone()))?;
        match learner.node_index(id) {
            Some(index) if learner.nodes[index].kind == wanted.kind => {
                let node = &mut learner.nodes[index];
                node.params = wanted.params.clone();
                node.description = wanted.description.clone();
                node.timing = wanted.timing.clone();
                node.inputs.clear();
            }
            Some(index) => {
                // Another kind under the same id: replaced where it stands.
                learner.nodes[index] = bare_copy(wanted);
            }
            None => learner.nodes.push(bare_copy(wanted)),
        }
        if let Some(at) = finished.layout.get(id.as_str()) {
            learner.layout.insert(wanted.id.clone(), *at);
        }
    }
    // Wires after every node is in, so the step's nodes may feed one another in any order.
    for id in &step.nodes {
        let Some(wanted) = finished.node(id) else {
            continue;
        };
        for (port, source) in wanted.input_refs() {
            if learner.node(source.node.as_str()).is_some() {
                learner.connect(source.clone(), id, port.as_str())?;
            }
        }
        // Nodes already downstream in the learner's pipeline, wired from this one in the
        // finished pipeline, are wired again (the node may have been replaced).
        for consumer in finished.consumers_of(id) {
            if step.nodes.iter().any(|n| n == consumer.id.as_str()) {
                continue;
            }
            for (port, source) in consumer.input_refs() {
                let present = learner.node(consumer.id.as_str()).is_some_and(|node| {
                    node.kind == consumer.kind && !node.inputs_of(port.as_str()).contains(source)
                });
                if source.node.as_str() == id && present {
                    learner.connect_replacing(
                        source.clone(),
                        consumer.id.as_str(),
                        port.as_str(),
                    )?;
                }
            }
        }
    }
    for id in &step.requirements {
        let wanted = finished
            .requirements
            .iter()
            .find(|r| r.id.as_str() == id)
            .ok_or_else(|| TakeStepError::MissingRequirement(id.clone()))?;
        match learner
            .requirements
            .iter_mut()
            .find(|r| r.id.as_str() == id)
        {
            Some(existing) => *existing = wanted.clone(),
            None => learner.requirements.push(wanted.clone()),
        }
    }
    Ok(())
}

/// The node without its wires.
fn bare_copy(node: &Node) -> Node {
    let mut copy = node.clone();
    copy.inputs.clear();
    copy
}

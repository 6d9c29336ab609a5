//! The `inputs` of each node, wired once every node is known, through the same checks as an edit
//! in the window (`Pipeline::connect`), so a file and the canvas refuse the same wires alike.

use toml::Spanned;

use super::Loader;
use crate::model::code::Code;
use crate::model::document::Pipeline;
use crate::model::ident::Ident;

/// A node's inputs as written, kept until every node is known.
pub(super) struct PendingInputs {
    pub node: Ident,
    /// Port name -> the references listed for it (`orders`, `split.rejected`).
    pub ports: Vec<(Spanned<String>, Vec<Spanned<String>>)>,
}

impl Loader<'_> {
    /// Wires one node's inputs; every refused wire is a located problem.
    pub(super) fn resolve_inputs(&mut self, pipeline: &mut Pipeline, pending: PendingInputs) {
        let node = pending.node.as_str();
        if pipeline.node(node).is_none() {
            return;
        }
        for (port, sources) in pending.ports {
            let port_name = port.get_ref().as_str();
            for source in sources {
                let reference = source.get_ref().as_str();
                let source_node = reference.split_once('.').map_or(reference, |(n, _)| n);
                if let Some(reason) = self.unloaded.get(source_node) {
                    let message = format!(
                        "input `{port_name}` of `{node}` reads `{source_node}`, which is not loaded: {reason}"
                    );
                    self.problem(Code::UnloadedInput, &source.span(), Some(node), message);
                    continue;
                }
                let wired = pipeline
                    .resolve_output(reference)
                    .and_then(|output| pipeline.connect(output, node, port_name));
                if let Err(refusal) = wired {
                    let code = refusal.code();
                    // Refusals about the source alone are told which input asked for it.
                    let message = match code {
                        Code::UnknownNode | Code::UnknownOutput => {
                            format!("input `{port_name}` of `{node}`: {refusal}")
                        }
                        _ => refusal.to_string(),
                    };
                    // A port the kind lacks is reported once, at the port, not once per wire.
                    if code == Code::UnknownPort {
                        self.problem(code, &port.span(), Some(node), message);
                        break;
                    }
                    self.problem(code, &source.span(), Some(node), message);
                }
            }
        }
    }
}

//! Where each node and parameter of a loaded pipeline was written, for located diagnostics.

use std::collections::HashMap;

use crate::model::diagnostic::TextLocation;

/// Locations of the parts of a pipeline file, filled while loading it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceMap {
    nodes: HashMap<String, TextLocation>,
    params: HashMap<(String, String), TextLocation>,
}

impl SourceMap {
    pub(super) fn record_node(&mut self, node: &str, at: TextLocation) {
        self.nodes.insert(node.to_string(), at);
    }

    pub(super) fn record_param(&mut self, node: &str, param: &str, at: TextLocation) {
        self.params
            .insert((node.to_string(), param.to_string()), at);
    }

    /// Where node `id` is declared (its `id = …` line).
    pub fn node(&self, id: &str) -> Option<TextLocation> {
        self.nodes.get(id).copied()
    }

    /// Where parameter `param` of node `id` is set, else where the node is declared.
    pub fn param(&self, id: &str, param: &str) -> Option<TextLocation> {
        self.params
            .get(&(id.to_string(), param.to_string()))
            .copied()
            .or_else(|| self.node(id))
    }
}

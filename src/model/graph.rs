//! Graph questions over a pipeline: evaluation order, cycles, upstream and downstream sets.

use std::collections::{BTreeSet, HashMap};

use super::document::Pipeline;
use super::ident::Ident;

/// The nodes in an order where every node comes after all of its inputs, or the ids of the nodes
/// on a cycle. Ties keep document order, so the result is stable.
pub fn topological_order(pipeline: &Pipeline) -> Result<Vec<usize>, Vec<Ident>> {
    let inputs = input_indices(pipeline);
    let count = inputs.len();
    let mut pending_inputs: Vec<usize> = inputs.iter().map(Vec::len).collect();
    let mut consumers: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, sources) in inputs.iter().enumerate() {
        for &source in sources {
            consumers[source].push(index);
        }
    }
    let mut ready: BTreeSet<usize> = (0..count).filter(|i| pending_inputs[*i] == 0).collect();
    let mut order = Vec::with_capacity(count);
    while let Some(index) = ready.pop_first() {
        order.push(index);
        for &consumer in &consumers[index] {
            pending_inputs[consumer] -= 1;
            if pending_inputs[consumer] == 0 {
                ready.insert(consumer);
            }
        }
    }
    if order.len() == count {
        Ok(order)
    } else {
        let on_cycle = (0..count)
            .filter(|i| pending_inputs[*i] > 0)
            .map(|i| pipeline.nodes[i].id.clone())
            .collect();
        Err(on_cycle)
    }
}

/// For each node (by document index), the indices of the distinct nodes wired into it, sorted.
pub fn input_indices(pipeline: &Pipeline) -> Vec<Vec<usize>> {
    let index_of: HashMap<&str, usize> = pipeline
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    pipeline
        .nodes
        .iter()
        .map(|node| {
            let sources: BTreeSet<usize> = node
                .input_refs()
                .filter_map(|(_, s)| index_of.get(s.node.as_str()).copied())
                .collect();
            sources.into_iter().collect()
        })
        .collect()
}

/// Whether `to` can be reached from `from` by following wires downstream (or `from == to`).
pub fn reaches(pipeline: &Pipeline, from: &str, to: &str) -> bool {
    downstream_of(pipeline, from).contains(to) || from == to
}

/// Every node downstream of `id` (not including it).
pub fn downstream_of(pipeline: &Pipeline, id: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut frontier = vec![id.to_string()];
    while let Some(current) = frontier.pop() {
        for consumer in pipeline.consumers_of(&current) {
            if found.insert(consumer.id.to_string()) {
                frontier.push(consumer.id.to_string());
            }
        }
    }
    found
}

/// Every node upstream of `id` (not including it).
pub fn upstream_of(pipeline: &Pipeline, id: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut frontier = vec![id.to_string()];
    while let Some(current) = frontier.pop() {
        if let Some(node) = pipeline.node(&current) {
            for (_, source) in node.input_refs() {
                if found.insert(source.node.to_string()) {
                    frontier.push(source.node.to_string());
                }
            }
        }
    }
    found
}

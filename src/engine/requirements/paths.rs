//! The worst path into a node: of every path from a source (or from a named node) to it, the
//! one whose delays add up to the most. A longest-path pass over the evaluation order, so a
//! pipeline with many diamond joins costs one visit per wire, not one per path.

use std::collections::BTreeSet;

use super::delay::{Context, NodeDelays, Term};
use crate::model::Node;
use crate::model::duration::Seconds;
use crate::model::graph::{input_indices, topological_order, upstream_of};

/// The worst path found and what it adds up to.
pub struct WorstPath {
    /// Node ids from the start of the path to its end.
    pub nodes: Vec<String>,
    pub terms: Vec<Term>,
    pub bounded: bool,
    pub missing: Vec<String>,
    pub bad_schedules: Vec<String>,
}

impl WorstPath {
    pub fn total(&self) -> Seconds {
        self.terms.iter().map(|t| t.seconds).sum()
    }
}

/// The worst path ending at `target`, starting at `from` (or at any source when `None`), with
/// each node's delays from `delays`. `None` when `from` does not reach `target`.
pub fn worst_path(
    context: &Context<'_>,
    target: &str,
    from: Option<&str>,
    delays: &dyn Fn(&Context<'_>, &Node) -> NodeDelays,
) -> Option<WorstPath> {
    let pipeline = context.pipeline;
    let order = topological_order(pipeline).ok()?;
    let inputs = input_indices(pipeline);
    let target_index = pipeline.node_index(target)?;
    let mut allowed: BTreeSet<String> = upstream_of(pipeline, target);
    allowed.insert(target.to_string());
    let from_index = match from {
        Some(from) => {
            let index = pipeline.node_index(from)?;
            if !allowed.contains(from) {
                return None;
            }
            let below = crate::model::graph::downstream_of(pipeline, from);
            allowed.retain(|n| n == from || below.contains(n));
            Some(index)
        }
        None => None,
    };
    let count = pipeline.nodes.len();
    // Best total into each node, and the input it came through.
    let mut best: Vec<Option<(f64, Option<usize>)>> = vec![None; count];
    let mut node_delays: Vec<Option<NodeDelays>> = (0..count).map(|_| None).collect();
    for &index in &order {
        let Some(node) = pipeline.nodes.get(index) else {
            continue;
        };
        if !allowed.contains(node.id.as_str()) {
            continue;
        }
        let own = delays(context, node);
        let own_total: f64 = own.terms.iter().map(|t| t.seconds.0).sum();
        let is_start = match from_index {
            Some(start) => index == start,
            None => inputs.get(index).is_none_or(Vec::is_empty),
        };
        let through = inputs
            .get(index)
            .into_iter()
            .flatten()
            .filter_map(|&input| best.get(input).copied().flatten().map(|(t, _)| (t, input)))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let entry = match (is_start, through) {
            (_, Some((total, input))) if !is_start || from_index.is_none() => {
                Some((total + own_total, Some(input)))
            }
            (true, _) => Some((own_total, None)),
            _ => None,
        };
        if let Some(slot) = best.get_mut(index) {
            *slot = entry;
        }
        if let Some(slot) = node_delays.get_mut(index) {
            *slot = Some(own);
        }
    }
    best.get(target_index).copied().flatten()?;
    let mut chain = Vec::new();
    let mut current = Some(target_index);
    while let Some(index) = current {
        chain.push(index);
        current = best.get(index).copied().flatten().and_then(|(_, via)| via);
    }
    chain.reverse();
    let mut path = WorstPath {
        nodes: Vec::new(),
        terms: Vec::new(),
        bounded: false,
        missing: Vec::new(),
        bad_schedules: Vec::new(),
    };
    for index in chain {
        if let Some(node) = pipeline.nodes.get(index) {
            path.nodes.push(node.id.to_string());
        }
        if let Some(Some(own)) = node_delays.get_mut(index).map(Option::take) {
            path.terms.extend(own.terms);
            path.bounded |= own.bounds_freshness;
            path.missing.extend(own.missing);
            path.bad_schedules.extend(own.bad_schedule);
        }
    }
    Some(path)
}

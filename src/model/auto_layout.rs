//! Auto-layout: a layered drawing, left to right, with few crossings (longest-path layers, then
//! barycentre ordering sweeps, as in Sugiyama's method).

use super::document::{Pipeline, Position};
use super::graph::{input_indices, topological_order};

/// Horizontal distance between layers, in canvas units.
pub const LAYER_SPACING: f32 = 260.0;
/// Vertical distance between nodes of a layer, in canvas units.
pub const ROW_SPACING: f32 = 130.0;
/// Down-and-up ordering sweeps; a few suffice for pipelines.
const SWEEPS: usize = 8;

/// Places every node: layer = longest path from a source, order within a layer by the mean
/// position of its neighbours. A graph with a cycle keeps its layout.
pub fn auto_layout(pipeline: &mut Pipeline) {
    let Ok(order) = topological_order(pipeline) else {
        return;
    };
    let count = pipeline.nodes.len();
    let inputs = input_indices(pipeline);
    let mut outputs: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (target, sources) in inputs.iter().enumerate() {
        for &source in sources {
            outputs[source].push(target);
        }
    }
    let mut layer = vec![0usize; count];
    for &node in &order {
        layer[node] = inputs[node]
            .iter()
            .map(|&s| layer[s] + 1)
            .max()
            .unwrap_or(0);
    }
    // Pull sources right, next to their first consumer, so long wires stay short.
    for &node in order.iter().rev() {
        if inputs[node].is_empty()
            && let Some(nearest) = outputs[node].iter().map(|&t| layer[t]).min()
        {
            layer[node] = nearest.saturating_sub(1);
        }
    }
    let layer_count = layer.iter().max().map_or(0, |m| m + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for &node in &order {
        layers[layer[node]].push(node);
    }
    let mut rank = vec![0.0f32; count];
    let renumber = |layers: &Vec<Vec<usize>>, rank: &mut Vec<f32>| {
        for members in layers {
            for (position, &node) in members.iter().enumerate() {
                rank[node] = position as f32;
            }
        }
    };
    renumber(&layers, &mut rank);
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let sequence: Vec<usize> = if downward {
            (1..layer_count).collect()
        } else {
            (0..layer_count.saturating_sub(1)).rev().collect()
        };
        for current in sequence {
            let neighbours = if downward { &inputs } else { &outputs };
            let mut keyed: Vec<(f32, usize)> = layers[current]
                .iter()
                .map(|&node| {
                    let adjacent = &neighbours[node];
                    let key = if adjacent.is_empty() {
                        rank[node]
                    } else {
                        adjacent.iter().map(|&n| rank[n]).sum::<f32>() / adjacent.len() as f32
                    };
                    (key, node)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layers[current] = keyed.into_iter().map(|(_, node)| node).collect();
            renumber(&layers, &mut rank);
        }
    }
    for (layer_index, members) in layers.iter().enumerate() {
        for (row, &node) in members.iter().enumerate() {
            let id = pipeline.nodes[node].id.clone();
            let position = Position {
                x: layer_index as f32 * LAYER_SPACING,
                y: row as f32 * ROW_SPACING,
            };
            pipeline.layout.insert(id, position);
        }
    }
}

/// Gives a position to every node that has none (a hand-written or generated file), leaving the
/// others where they are: the whole graph laid out when no node is placed, else the unplaced
/// nodes laid out among themselves below the placed ones.
pub fn place_unplaced(pipeline: &mut Pipeline) {
    let unplaced: Vec<usize> = (0..pipeline.nodes.len())
        .filter(|&i| !pipeline.layout.contains_key(pipeline.nodes[i].id.as_str()))
        .collect();
    if unplaced.is_empty() {
        return;
    }
    if unplaced.len() == pipeline.nodes.len() {
        auto_layout(pipeline);
        if pipeline.layout.len() == pipeline.nodes.len() {
            return;
        }
    }
    let mut laid_out = pipeline.clone();
    auto_layout(&mut laid_out);
    let placed = pipeline.layout.values();
    let (min_x, max_y) = placed.fold((f32::INFINITY, f32::NEG_INFINITY), |(x, y), p| {
        (x.min(p.x), y.max(p.y))
    });
    let (min_x, top) = if min_x.is_finite() {
        (min_x, max_y + ROW_SPACING * 1.5)
    } else {
        (0.0, 0.0)
    };
    for (row, index) in unplaced.into_iter().enumerate() {
        let id = pipeline.nodes[index].id.clone();
        // A graph with a cycle has no layered layout: a column keeps the nodes apart.
        let position = laid_out
            .layout
            .get(id.as_str())
            .copied()
            .unwrap_or(Position {
                x: 0.0,
                y: row as f32 * ROW_SPACING,
            });
        pipeline.layout.insert(
            id,
            Position {
                x: min_x + position.x,
                y: top + position.y,
            },
        );
    }
}

/// How many pairs of wires cross in the current layout (wires between adjacent layers only).
pub fn crossings(pipeline: &Pipeline) -> usize {
    let wires: Vec<(Position, Position)> = pipeline
        .nodes
        .iter()
        .flat_map(|node| {
            node.input_refs().filter_map(|(_, source)| {
                Some((
                    *pipeline.layout.get(source.node.as_str())?,
                    *pipeline.layout.get(node.id.as_str())?,
                ))
            })
        })
        .collect();
    let mut count = 0;
    for (i, a) in wires.iter().enumerate() {
        for b in &wires[i + 1..] {
            let same_span = a.0.x == b.0.x && a.1.x == b.1.x;
            if same_span && (a.0.y - b.0.y) * (a.1.y - b.1.y) < 0.0 {
                count += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::file_format::parse_pipeline;

    const CROSSED: &str = r#"format_version = 1
[[node]]
id = "a"
kind = "csv_source"
path = "a.csv"
[[node]]
id = "b"
kind = "csv_source"
path = "b.csv"
[[node]]
id = "fb"
kind = "limit"
inputs = { in = "b" }
rows = 1
[[node]]
id = "fa"
kind = "limit"
inputs = { in = "a" }
rows = 1
[[node]]
id = "j"
kind = "join"
inputs = { left = "fa", right = "fb" }
keys = [{ left = "x", right = "x" }]
"#;

    #[test]
    fn lays_out_left_to_right_without_crossings() {
        let (mut pipeline, _) = parse_pipeline(CROSSED).unwrap();
        auto_layout(&mut pipeline);
        let x = |id: &str| pipeline.layout[id].x;
        assert!(x("a") < x("fa") && x("fa") < x("j"));
        assert_eq!(x("a"), x("b"));
        assert_eq!(crossings(&pipeline), 0);
        assert_eq!(pipeline.layout.len(), 5);
    }

    #[test]
    fn places_only_the_nodes_without_a_position() {
        let (mut pipeline, _) = parse_pipeline(CROSSED).unwrap();
        place_unplaced(&mut pipeline);
        assert_eq!(
            pipeline.layout.len(),
            5,
            "a file without [layout] is laid out"
        );
        assert_eq!(crossings(&pipeline), 0);
        let (mut partly, _) = parse_pipeline(&format!(
            "{CROSSED}[layout]\na = {{ x = 500, y = 40 }}\nj = {{ x = 900, y = 40 }}\n"
        ))
        .unwrap();
        place_unplaced(&mut partly);
        assert_eq!(partly.layout["a"], Position { x: 500.0, y: 40.0 });
        assert_eq!(partly.layout["j"], Position { x: 900.0, y: 40.0 });
        let spots: std::collections::BTreeSet<(i64, i64)> = partly
            .layout
            .values()
            .map(|p| (p.x as i64, p.y as i64))
            .collect();
        assert_eq!(
            spots.len(),
            5,
            "no two nodes share a spot: {:?}",
            partly.layout
        );
        assert!(
            partly.layout["b"].y > 40.0,
            "new nodes go below the placed ones"
        );
    }
}

//! The window's application layer, headless: commands, undo, copy and paste, saving, and the
//! engine worker.

use std::time::Duration;

use sluice::app::{
    AppState, Command, CommandError, EngineWorker, JobRequest, JobResult, NodeStatus,
};
use sluice::engine::SampleMethod;
use sluice::model::edit::ConnectError;
use sluice::model::file_format::to_canonical_text;
use sluice::model::{ParamValue, Pipeline, Position};

use crate::fixtures::Workspace;

fn add(state: &mut AppState, kind: &str, after: Option<&str>) -> String {
    state
        .apply(Command::AddNode {
            kind: kind.into(),
            at: Position::default(),
            after: after.map(str::to_string),
        })
        .unwrap();
    state.selection().iter().next().unwrap().clone()
}

#[test]
fn quick_add_after_a_selected_node_wires_it() {
    let mut state = AppState::new(Pipeline::default());
    let source = add(&mut state, "csv_source", None);
    let filter = add(&mut state, "filter", Some(&source));
    assert_eq!(
        state.document().node(&filter).unwrap().inputs_of("in")[0]
            .node
            .as_str(),
        source
    );
}

#[test]
fn every_edit_undoes_and_redoes_and_a_drag_is_one_step() {
    let mut state = AppState::new(Pipeline::default());
    let source = add(&mut state, "csv_source", None);
    let after_add = state.document().clone();
    state
        .apply(Command::SetParam {
            node: source.clone(),
            name: "path".into(),
            value: ParamValue::Str("a.csv".into()),
        })
        .unwrap();
    for step in 0..20 {
        state
            .apply(Command::MoveNodes(vec![(
                source.clone(),
                Position {
                    x: step as f32,
                    y: 0.0,
                },
            )]))
            .unwrap();
    }
    let moved = state.document().clone();
    state.apply(Command::Undo).unwrap();
    assert_eq!(
        state.document().layout[source.as_str()],
        Position::default(),
        "the whole drag is undone at once"
    );
    state.apply(Command::Undo).unwrap();
    assert_eq!(state.document(), &after_add);
    state.apply(Command::Redo).unwrap();
    state.apply(Command::Redo).unwrap();
    assert_eq!(state.document(), &moved);
    assert!(matches!(
        state.apply(Command::Redo),
        Err(CommandError::NothingToRedo)
    ));
}

#[test]
fn a_refused_connection_changes_nothing_and_says_why() {
    let mut state = AppState::new(Pipeline::default());
    let source = add(&mut state, "csv_source", None);
    let sink = add(&mut state, "csv_sink", Some(&source));
    let before = state.document().clone();
    let generation = state.generation();
    let from = state.document().resolve_output(&source).unwrap();
    let refusal = state
        .apply(Command::Connect {
            from,
            to_node: sink.clone(),
            to_port: "in".into(),
        })
        .unwrap_err();
    assert!(
        matches!(
            refusal,
            CommandError::Connect(ConnectError::Duplicate { .. })
        ),
        "{refusal}"
    );
    assert!(refusal.to_string().contains("already reads"), "{refusal}");
    assert_eq!(state.document(), &before);
    assert_eq!(state.generation(), generation);
}

#[test]
fn copy_and_paste_carry_pipeline_text_and_get_fresh_ids() {
    let mut state = AppState::new(Pipeline::default());
    let source = add(&mut state, "csv_source", None);
    let filter = add(&mut state, "filter", Some(&source));
    let text = state.copy_text(&[source.clone(), filter.clone()]);
    assert!(
        text.contains("kind = \"filter\"") && text.contains("inputs = { in = \"csv_source\" }"),
        "{text}"
    );
    state
        .apply(Command::Paste {
            text,
            at: Position { x: 500.0, y: 0.0 },
        })
        .unwrap();
    assert_eq!(state.document().nodes.len(), 4);
    let pasted_filter = state.document().node("filter_2").unwrap();
    assert_eq!(
        pasted_filter.inputs_of("in")[0].node.as_str(),
        "csv_source_2"
    );
    assert_eq!(state.document().layout["csv_source_2"].x, 500.0);
    assert!(
        state
            .apply(Command::Paste {
                text: "not a pipeline".into(),
                at: Position::default()
            })
            .is_err()
    );
}

#[test]
fn save_writes_the_canonical_text_and_clears_the_dirty_marker() {
    let ws = Workspace::new();
    let path = ws.path().join("p.sluice.toml");
    let mut state = AppState::new(Pipeline::default());
    add(&mut state, "csv_source", None);
    assert!(state.is_dirty());
    assert!(matches!(
        state.apply(Command::Save),
        Err(CommandError::NoFile)
    ));
    state.apply(Command::SaveAs(path.clone())).unwrap();
    assert!(!state.is_dirty());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        to_canonical_text(state.document())
    );
    let reopened = AppState::open(&path).unwrap();
    assert_eq!(reopened.document(), state.document());
    let broken = ws.write(
        "broken.sluice.toml",
        "format_version = 1\n[[node]]\nid = \"a\"\nkind = \"nope\"\n",
    );
    let error = state.apply(Command::Open(broken)).unwrap_err();
    assert!(error.to_string().contains("unknown kind `nope`"), "{error}");
    assert_eq!(
        state.file(),
        Some(path.as_path()),
        "a failed open keeps the current document"
    );
}

#[test]
fn auto_layout_places_every_node_and_undoes() {
    let mut state = AppState::new(Pipeline::default());
    let a = add(&mut state, "csv_source", None);
    let b = add(&mut state, "filter", Some(&a));
    state.apply(Command::AutoLayout).unwrap();
    assert!(state.document().layout[a.as_str()].x < state.document().layout[b.as_str()].x);
    state.apply(Command::Undo).unwrap();
    assert_eq!(state.document().layout[b.as_str()], Position::default());
}

#[test]
fn the_engine_worker_plans_and_previews_off_the_calling_thread() {
    let ws = Workspace::new();
    ws.write("n.csv", "n\n1\n2\n3\n");
    let pipeline = ws.parse("[[node]]\nid = \"src\"\nkind = \"csv_source\"\npath = \"n.csv\"\n[[node]]\nid = \"big\"\nkind = \"filter\"\ninputs = { in = \"src\" }\npredicate = \"n > 1\"\n");
    let worker = EngineWorker::start(|| {});
    let site = sluice::engine::PlanSite::folder(ws.path());
    worker.send(JobRequest::Plan {
        generation: 1,
        pipeline: Box::default(),
        site: site.clone(),
        source_map: None,
    });
    worker.send(JobRequest::Plan {
        generation: 2,
        pipeline: Box::new(pipeline),
        site,
        source_map: None,
    });
    worker.send(JobRequest::Preview {
        generation: 2,
        node: "big".into(),
        port: None,
        rows: 10,
        method: SampleMethod::Head,
    });
    let mut plans = Vec::new();
    let mut previewed = None;
    while let Some(result) = worker.wait(Duration::from_secs(20)) {
        match result {
            JobResult::Planned(summary) => plans.push(summary),
            JobResult::Previewed {
                generation,
                node,
                port,
                result,
            } => {
                previewed = Some((generation, node, port, result));
                break;
            }
            JobResult::Checked { .. }
            | JobResult::Answered { .. }
            | JobResult::Scripted { .. }
            | JobResult::LessonJudged { .. } => {
                panic!("only a plan and a preview were asked for")
            }
        }
    }
    // The first request may be planned or skipped (it depends on when the worker wakes), but
    // plans come in request order and the newest is there, before the preview that needs it.
    let generations: Vec<u64> = plans.iter().map(|p| p.generation).collect();
    assert!(
        generations == [2] || generations == [1, 2],
        "{generations:?}"
    );
    let planned = plans.last().unwrap();
    assert_eq!(planned.statuses["big"], NodeStatus::Ok);
    assert_eq!(
        planned.columns("big", None).unwrap(),
        [("n".to_string(), "int64".to_string())]
    );
    let (generation, node, port, result) = previewed.expect("a preview arrives");
    assert_eq!((generation, node.as_str(), port), (2, "big", None));
    let table = result.unwrap();
    assert_eq!(table.preview.frame.height(), 2);
    assert_eq!(
        table.cells,
        vec![vec!["2".to_string()], vec!["3".to_string()]]
    );
}

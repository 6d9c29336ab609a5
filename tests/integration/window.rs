//! The designer window, driven like a person would: through egui_kittest (clicks, keys, drags on
//! the real widgets), with real files and the real engine worker behind it.

use std::path::Path;
use std::time::{Duration, Instant};

use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sluice::app::{Action, AppState, Command, Intent, NodeStatus};
use sluice::model::Position;
use sluice::model::file_format::to_canonical_text;
use sluice::ui::canvas::PinSide;
use sluice::ui::{BottomTab, Designer, Opening, Request, Startup, initial_state};

use crate::fixtures::Workspace;

/// The window on the bundled sample (an untitled copy), with settings in `config_dir`.
pub(crate) fn window_on(opening: Opening, config_dir: &Path) -> Harness<'static, Designer> {
    let (state, notice) = initial_state(&opening);
    window_with(state, notice, config_dir)
}

pub(crate) fn window_with(
    state: AppState,
    notice: Option<String>,
    config_dir: &Path,
) -> Harness<'static, Designer> {
    let startup = Startup {
        state,
        notice,
        config_dir: config_dir.to_path_buf(),
        screenshot: None,
    };
    Harness::builder()
        .with_size([1400.0, 860.0])
        .with_step_dt(1.0 / 60.0)
        // Paths are asked for in the window, as where the desktop has no file dialog.
        .build_eframe(move |cc| Designer::with_dialogs(&cc.egui_ctx, startup, false))
}

/// Steps the window until `done` holds (engine results arrive from other threads).
pub(crate) fn step_until(
    harness: &mut Harness<'_, Designer>,
    what: &str,
    done: impl Fn(&Designer) -> bool,
) {
    let started = Instant::now();
    loop {
        harness.step();
        if done(harness.state()) {
            // A few more frames so the layout settles on what arrived.
            harness.run_steps(3);
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}; status line: {:?}; background tasks: {}",
            harness.state().session().notice().map(|n| n.text.clone()),
            harness.state().session().tasks_pending()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

pub(crate) fn planned(designer: &Designer) -> bool {
    designer.session().is_planned()
}

pub(crate) fn previewed(designer: &Designer) -> bool {
    let preview = designer.session().preview();
    planned(designer) && preview.waiting_for().is_none() && preview.shown().is_some()
}

/// Edits the document as a view would, and lets the window take it in.
fn edit(harness: &mut Harness<'_, Designer>, command: Command) {
    harness
        .state_mut()
        .queue(Request::App(Intent::Edit(command)));
    harness.step();
}

/// Makes `completed_orders` name a column that does not exist: a problem to show.
fn misspell_a_column(harness: &mut Harness<'_, Designer>) {
    edit(
        harness,
        Command::SetParam {
            node: "completed_orders".into(),
            name: "predicate".into(),
            value: sluice::model::ParamValue::Str("ordrNumber > 1".into()),
        },
    );
}

/// The selected node ids.
fn selected(designer: &Designer) -> Vec<String> {
    designer
        .session()
        .state()
        .selection()
        .iter()
        .cloned()
        .collect()
}

/// Selects nodes as a view would.
pub(crate) fn select(harness: &mut Harness<'_, Designer>, ids: &[&str]) {
    let ids = ids.iter().map(|id| id.to_string()).collect();
    harness.state_mut().queue(Request::App(Intent::Select(ids)));
    harness.step();
}

pub(crate) fn node_ids(designer: &Designer) -> Vec<String> {
    designer
        .session()
        .document()
        .nodes
        .iter()
        .map(|n| n.id.to_string())
        .collect()
}

/// Double-clicks a kind in the palette (drawn before the canvas, whose nodes show kind titles too).
fn double_click_palette(harness: &mut Harness<'_, Designer>, title: &str) {
    let rect = harness
        .get_all_by_label(title)
        .map(|node| node.rect())
        .min_by(|a, b| a.min.x.total_cmp(&b.min.x))
        .unwrap();
    // Past egui's double-click interval, so an earlier click does not pair with the first.
    harness.hover_at(rect.center());
    harness.run_steps(30);
    for _ in 0..2 {
        harness.event(egui::Event::PointerButton {
            pos: rect.center(),
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        harness.step();
        harness.event(egui::Event::PointerButton {
            pos: rect.center(),
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
}

/// Moves the pointer onto the widget labelled `label`, then clicks it, as a person would.
pub(crate) fn click(harness: &mut Harness<'_, Designer>, label: &str) {
    let centre = harness.get_by_label(label).rect().center();
    harness.hover_at(centre);
    harness.step();
    harness.get_by_label(label).click();
    harness.step();
}

/// Types into whatever has the keyboard focus.
pub(crate) fn type_text(harness: &mut Harness<'_, Designer>, text: &str) {
    harness.event(egui::Event::Text(text.to_string()));
    harness.step();
}

/// Selects node `id`, brings it into view and waits for its preview.
pub(crate) fn preview_of(harness: &mut Harness<'_, Designer>, id: &str) {
    harness.state_mut().queue(Request::Reveal(id.into()));
    step_until(harness, "the node's preview", |d| {
        previewed(d) && d.session().preview().shown().is_some_and(|(n, _)| n == id)
    });
}

/// How many nodes the bundled sample has.
fn sample_nodes() -> usize {
    sluice::model::file_format::parse_pipeline(sluice::samples::bundled::RECOMMENDER_PIPELINE)
        .map(|(pipeline, _)| pipeline.nodes.len())
        .unwrap_or_default()
}

fn sample_window(ws: &Workspace) -> Harness<'static, Designer> {
    let mut harness = window_on(Opening::Sample, &ws.path().join("config"));
    step_until(&mut harness, "the sample's first preview", previewed);
    harness
}

#[test]
fn the_sample_opens_untitled_planned_and_previewed() {
    let ws = Workspace::new();
    let harness = sample_window(&ws);
    let designer = harness.state();
    assert_eq!(designer.session().state().file(), None, "an untitled copy");
    assert_eq!(designer.session().document().nodes.len(), sample_nodes());
    let plan = designer.session().plan().unwrap();
    assert!(
        plan.statuses.values().all(|s| *s == NodeStatus::Ok),
        "{:?}",
        plan.statuses
    );
    // The preview of the selected node shows its rows and per-column statistics.
    let (node, result) = designer.session().preview().shown().unwrap();
    let table = result.as_ref().unwrap();
    assert_eq!(node, "training_quality");
    assert_eq!(table.cells.len(), 100);
    assert!(harness.query_by_label("customerNumber").is_some());
    assert!(harness.query_by_label_contains("first 100 rows").is_some());
    assert!(harness.query_by_label("Problems (0)").is_some());
}

#[test]
fn a_node_is_added_from_the_palette_and_by_quick_add_after_the_selection() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    double_click_palette(&mut harness, "Filter");
    step_until(&mut harness, "a filter node", |d| {
        node_ids(d).contains(&"filter".to_string())
    });
    assert_eq!(
        harness.state().session().document().nodes.len(),
        sample_nodes() + 1,
        "one double-click, one node"
    );

    // Drag a kind from the palette and drop it on the canvas: it lands where it was dropped.
    let from = harness
        .get_all_by_label("Union")
        .map(|node| node.rect().center())
        .min_by(|a, b| a.x.total_cmp(&b.x))
        .unwrap();
    let to = harness.state().view().canvas.screen_rect.center() + egui::vec2(0.0, 120.0);
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    for i in 1..=8 {
        harness.hover_at(from + (to - from) * (i as f32 / 8.0));
        harness.step();
    }
    assert!(
        harness.query_by_label("+ Union").is_some(),
        "the kind follows the pointer"
    );
    harness.drop_at(to);
    harness.run_steps(2);
    let designer = harness.state();
    let at = designer.session().document().layout["union"];
    let expected = designer.view().canvas.to_canvas(to);
    assert!(
        (at.x - expected.x).abs() < 1.0 && (at.y - expected.y).abs() < 1.0,
        "{at:?} vs {expected:?}"
    );

    // Quick add: Ctrl+K, type, Enter; the new node is wired after the selected one.
    select(&mut harness, &["top_products"]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.step();
    type_text(&mut harness, "drop dupl");
    harness.key_press(Key::Enter);
    step_until(&mut harness, "a drop_duplicates node", |d| {
        node_ids(d).contains(&"drop_duplicates".to_string())
    });
    let document = &harness.state().session().document();
    let added = document.node("drop_duplicates").unwrap();
    assert_eq!(added.inputs_of("in")[0].node.as_str(), "top_products");
}

#[test]
fn dragging_from_an_output_to_an_input_connects_and_a_refused_wire_says_why() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    // A new filter with an open input, placed below the graph.
    edit(
        &mut harness,
        Command::AddNode {
            kind: "filter".into(),
            at: Position { x: 300.0, y: 700.0 },
            after: None,
        },
    );
    harness.state_mut().view_mut().canvas.view_request =
        Some(sluice::ui::canvas::ViewRequest::FitAll);
    harness.run_steps(5);
    let drag = |harness: &mut Harness<'_, Designer>, from: Pos2, to: Pos2| {
        harness.hover_at(from);
        harness.step();
        harness.drag_at(from);
        harness.step();
        for i in 1..=5 {
            let t = i as f32 / 5.0;
            harness.hover_at(from + (to - from) * t);
            harness.step();
        }
        harness.drop_at(to);
        harness.run_steps(3);
    };
    let canvas = &harness.state().view().canvas;
    let from = canvas.pin_screen_pos("orders", PinSide::Output, 0).unwrap();
    let to = canvas.pin_screen_pos("filter", PinSide::Input, 0).unwrap();
    drag(&mut harness, from, to);
    let filter = harness
        .state()
        .session()
        .document()
        .node("filter")
        .unwrap()
        .clone();
    assert_eq!(filter.inputs_of("in")[0].node.as_str(), "orders", "wired");

    // Dropping a wire on a taken input replaces the wire that was there, in one undo step.
    let before = to_canonical_text(harness.state().session().document());
    let canvas = &harness.state().view().canvas;
    let from = canvas
        .pin_screen_pos("order_lines", PinSide::Output, 0)
        .unwrap();
    let to = canvas
        .pin_screen_pos("completed_orders", PinSide::Input, 0)
        .unwrap();
    drag(&mut harness, from, to);
    let target = harness
        .state()
        .session()
        .document()
        .node("completed_orders")
        .unwrap()
        .clone();
    let sources: Vec<&str> = target
        .inputs_of("in")
        .iter()
        .map(|s| s.node.as_str())
        .collect();
    assert_eq!(sources, vec!["order_lines"], "replaced");
    edit(&mut harness, Command::Undo);
    assert_eq!(
        to_canonical_text(harness.state().session().document()),
        before
    );

    // A wire that would make a cycle is refused, and the status line says why.
    let canvas = &harness.state().view().canvas;
    let from = canvas
        .pin_screen_pos("top_products", PinSide::Output, 0)
        .unwrap();
    let to = canvas
        .pin_screen_pos("completed_orders", PinSide::Input, 0)
        .unwrap();
    drag(&mut harness, from, to);
    assert_eq!(
        to_canonical_text(harness.state().session().document()),
        before
    );
    let notice = harness.state().session().notice().cloned().unwrap();
    assert!(notice.is_error);
    assert!(
        notice.text.starts_with("Cannot connect:"),
        "{}",
        notice.text
    );
    assert!(notice.text.contains("cycle"), "{}", notice.text);
    assert!(harness.query_by_label_contains("Cannot connect:").is_some());
}

#[test]
fn editing_a_parameter_revalidates_and_changes_the_preview() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    preview_of(&mut harness, "completed_orders");
    let rows_before = harness
        .state()
        .session()
        .preview()
        .shown()
        .unwrap()
        .1
        .as_ref()
        .unwrap()
        .cells
        .len();
    assert_eq!(rows_before, 100);
    harness
        .get_all_by_value("status <> 'Cancelled'")
        .next()
        .unwrap()
        .focus();
    harness.step();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "orderNumber < 10105");
    step_until(&mut harness, "the new preview", |d| {
        previewed(d)
            && d.session().preview().shown().is_some_and(|(n, r)| {
                n == "completed_orders" && r.as_ref().is_ok_and(|t| t.cells.len() < 100)
            })
    });
    let designer = harness.state();
    assert_eq!(
        designer
            .session()
            .document()
            .node("completed_orders")
            .unwrap()
            .param("predicate"),
        Some(sluice::model::ParamValue::Str("orderNumber < 10105".into()))
    );
    let table = designer
        .session()
        .preview()
        .shown()
        .unwrap()
        .1
        .as_ref()
        .unwrap();
    assert!(table.cells.len() < 10, "{}", table.cells.len());

    // A misspelt column: the error shows under the field, on the node and in the problems tab.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "ordrNumber < 10105");
    step_until(&mut harness, "the error", |d| {
        planned(d)
            && matches!(
                d.session().plan().unwrap().statuses.get("completed_orders"),
                Some(NodeStatus::Error(_))
            )
    });
    assert!(
        harness
            .query_all_by_label_contains("did you mean `orderNumber`")
            .next()
            .is_some(),
        "the reason is shown inline"
    );
    let problems = sluice::ui::problems::count(harness.state().session());
    assert!(problems >= 1);
    assert!(
        harness
            .query_by_label(&format!("Problems ({problems})"))
            .is_some()
    );
}

#[test]
fn undo_and_redo_step_through_edits_including_a_drag() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    let original = to_canonical_text(harness.state().session().document());
    double_click_palette(&mut harness, "Limit");
    step_until(&mut harness, "a limit node", |d| {
        d.session().document().nodes.len() == sample_nodes() + 1
    });
    let with_limit = to_canonical_text(harness.state().session().document());
    // Drag the new node by its title: many small moves make one undo step.
    let rect = harness.state().view().canvas.node_rects["limit"];
    let start =
        harness.state().view().canvas.to_global * (rect.center_top() + egui::vec2(0.0, 8.0));
    harness.hover_at(start);
    harness.step();
    harness.drag_at(start);
    for i in 1..=10 {
        harness.hover_at(start + egui::vec2(i as f32 * 6.0, i as f32 * 3.0));
        harness.step();
    }
    harness.drop_at(start + egui::vec2(60.0, 30.0));
    harness.run_steps(2);
    let moved = to_canonical_text(harness.state().session().document());
    assert_ne!(moved, with_limit, "the node moved");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.step();
    assert_eq!(
        to_canonical_text(harness.state().session().document()),
        with_limit,
        "one step undoes the whole drag"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.step();
    assert_eq!(
        to_canonical_text(harness.state().session().document()),
        original
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.step();
    assert_eq!(
        to_canonical_text(harness.state().session().document()),
        with_limit
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.step();
    assert_eq!(
        to_canonical_text(harness.state().session().document()),
        moved
    );
}

#[test]
fn saving_writes_the_canonical_file_and_reopening_gives_the_same_pipeline() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    edit(
        &mut harness,
        Command::SetParam {
            node: "top_products".into(),
            name: "rows".into(),
            value: sluice::model::ParamValue::Int(7),
        },
    );
    harness.step();
    assert!(
        harness.state().session().title().contains('•'),
        "dirty marker"
    );
    let path = ws.path().join("saved.sluice.toml");
    harness.state_mut().queue(Request::Action(Action::SaveAs));
    harness.run_steps(2);
    assert!(harness.query_by_label("Save pipeline as").is_some());
    harness
        .state_mut()
        .queue(Request::App(Intent::PathChosen(Some(path.clone()))));
    step_until(&mut harness, "the save", |d| {
        d.session().tasks_pending() == 0 && d.session().state().file().is_some()
    });
    assert!(!harness.state().session().title().contains('•'));
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        to_canonical_text(harness.state().session().document())
    );
    // The command line finds nothing to reformat: the window wrote the canonical file.
    assert_cmd::Command::cargo_bin("sluice")
        .unwrap()
        .args(["fmt", "--check"])
        .arg(&path)
        .assert()
        .success();
    // Paths were made absolute (the file moved away from the sample's folder), so it runs here.
    assert_cmd::Command::cargo_bin("sluice")
        .unwrap()
        .arg("validate")
        .arg(&path)
        .assert()
        .success();

    let mut reopened = window_on(Opening::Sample, &ws.path().join("config"));
    reopened
        .state_mut()
        .queue(Request::App(Intent::OpenRecent(path.clone())));
    reopened.run_steps(2);
    // The untitled sample counts as unsaved work: it is given up for the file.
    click(&mut reopened, "Don't save");
    step_until(&mut reopened, "the file to open", |d| {
        d.session().state().file() == Some(path.as_path())
    });
    assert_eq!(
        to_canonical_text(reopened.state().session().document()),
        written,
        "identical text after reopening"
    );
    assert!(!reopened.state().session().is_dirty());
    assert!(
        reopened
            .state()
            .session()
            .recent_files()
            .iter()
            .any(|p| p.ends_with("saved.sluice.toml")),
        "remembered in recent files"
    );
}

#[test]
fn a_broken_file_gives_a_clear_error_and_the_window_keeps_working() {
    let ws = Workspace::new();
    let broken = ws.write(
        "broken.sluice.toml",
        "format_version = 1\n\n[[node]]\nid = \"a\"\nkind = \"csv_sourse\"\npath = \"x.csv\"\n",
    );
    let mut harness = sample_window(&ws);
    let before = to_canonical_text(harness.state().session().document());
    harness
        .state_mut()
        .queue(Request::App(Intent::OpenRecent(broken.clone())));
    harness.run_steps(2);
    click(&mut harness, "Don't save");
    step_until(&mut harness, "the open to fail", |d| {
        d.session().tasks_pending() == 0 && d.session().notice().is_some_and(|n| n.is_error)
    });
    let notice = harness.state().session().notice().cloned().unwrap();
    assert!(
        notice.text.contains("broken.sluice.toml"),
        "{}",
        notice.text
    );
    assert!(
        notice.text.contains("csv_source"),
        "suggests the kind: {}",
        notice.text
    );
    assert!(harness.query_by_label_contains("Cannot open").is_some());
    assert_eq!(
        to_canonical_text(harness.state().session().document()),
        before,
        "the work is kept"
    );
    // And the window still edits.
    double_click_palette(&mut harness, "Sort");
    step_until(&mut harness, "a sort node", |d| {
        node_ids(d).contains(&"sort".to_string())
    });

    // Opened from the command line, the same file opens an empty window with the error shown.
    let mut empty = window_on(Opening::File(broken), &ws.path().join("config"));
    empty.run_steps(3);
    assert!(empty.state().session().document().nodes.is_empty());
    assert!(empty.query_by_label_contains("Cannot open").is_some());
}

#[test]
fn clicking_a_problem_selects_and_frames_its_node() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    misspell_a_column(&mut harness);
    harness.state_mut().view_mut().bottom_tab = BottomTab::Problems;
    step_until(&mut harness, "the problem", |d| {
        planned(d) && !d.session().plan().unwrap().diagnostics.is_empty()
    });
    select(&mut harness, &[]);
    harness.get_by_label_contains("completed_orders: ").click();
    harness.run_steps(3);
    let designer = harness.state();
    assert_eq!(selected(designer), vec!["completed_orders".to_string()]);
    let rect = designer.view().canvas.node_rects["completed_orders"];
    let on_screen = designer.view().canvas.to_global * rect.center();
    assert!(
        designer.view().canvas.screen_rect.contains(on_screen),
        "framed"
    );
}

#[test]
fn copy_and_paste_carry_pipeline_text() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    select(&mut harness, &["orders", "completed_orders"]);
    harness.event(egui::Event::Copy);
    harness.step();
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("copied text");
    assert!(copied.contains("id = \"completed_orders\""), "{copied}");
    assert!(copied.contains("inputs = { in = \"orders\" }"), "{copied}");
    harness.event(egui::Event::Paste(copied));
    harness.step();
    let ids = node_ids(harness.state());
    assert!(ids.contains(&"orders_2".to_string()), "{ids:?}");
    let pasted = harness
        .state()
        .session()
        .document()
        .node("completed_orders_2")
        .unwrap();
    assert_eq!(
        pasted.inputs_of("in")[0].node.as_str(),
        "orders_2",
        "the wire came along"
    );
}

#[test]
fn the_command_palette_lists_every_command_with_its_shortcut() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    harness.run_steps(2);
    for command in sluice::app::NAMED_COMMANDS {
        assert!(
            harness
                .query_by_label(&format!("{}: {}", command.menu, command.name))
                .is_some(),
            "{} is listed",
            command.name
        );
    }
    type_text(&mut harness, "auto");
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert!(harness.state().view().command_palette.is_none());
    assert_eq!(
        harness.state().session().state().history().undo_label(),
        Some("auto-layout")
    );
}

#[test]
fn a_run_from_the_window_reports_rows_per_node() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    let out = ws.path().join("out");
    // Write the outputs into the workspace, not the sample folder.
    for (sink, file) in [
        ("training_table", "training.parquet"),
        ("most_popular", "popular.csv"),
        ("item_neighbours", "neighbours.parquet"),
        ("activity_lake", "lake/activity"),
        ("recommendations_lake", "lake/recommendations"),
    ] {
        edit(
            &mut harness,
            Command::SetParam {
                node: sink.into(),
                name: "path".into(),
                value: sluice::model::ParamValue::Str(out.join(file).display().to_string()),
            },
        );
    }
    harness.key_press(Key::F5);
    // The outputs are outside the sample's folder: the window lists them and asks first.
    step_until(&mut harness, "the question", |d| {
        d.session().outside_prompt().is_some()
    });
    assert!(
        harness
            .query_by_label("Write outside the pipeline's folder?")
            .is_some()
    );
    let listed = out.join("popular.csv").display().to_string();
    assert!(
        harness.query_by_label(&listed).is_some(),
        "{listed} is listed"
    );
    assert!(!out.exists(), "nothing was written before the answer");
    harness.get_by_label("Write them and run").click();
    step_until(&mut harness, "the run to finish", |d| {
        !d.session().is_running()
            && d.session()
                .run_log()
                .outcome()
                .is_some_and(|o| o.starts_with("Run finished"))
    });
    let designer = harness.state();
    let outcome = designer.session().run_log().outcome().unwrap().to_string();
    assert!(outcome.starts_with("Run finished"), "{outcome}");
    assert_eq!(designer.session().run_log().lines().len(), sample_nodes());
    assert_eq!(
        designer.session().row_counts().get("top_products"),
        Some(&20)
    );
    assert!(out.join("popular.csv").exists());
    // The sample has streams: the run is followed in the Stream tab.
    assert_eq!(designer.view().bottom_tab, BottomTab::Stream);
}

#[test]
fn recovery_copies_are_written_when_idle_and_offered_after_a_crash() {
    let ws = Workspace::new();
    let config = ws.path().join("config");
    // A copy left by a window that crashed (its process is gone).
    let recovery = config.join("recovery");
    std::fs::create_dir_all(&recovery).unwrap();
    std::fs::write(
        recovery.join("4000000000.sluice.toml"),
        "format_version = 1\n\n[[node]]\nid = \"kept\"\nkind = \"limit\"\n",
    )
    .unwrap();
    std::fs::write(
        recovery.join("4000000000.json"),
        r#"{"original": null, "saved_at_unix_s": 1, "process_id": 4000000000}"#,
    )
    .unwrap();
    let mut harness = window_on(Opening::Sample, &config);
    step_until(&mut harness, "the settings to be read", |d| {
        d.session().recovery_offer().is_some()
    });
    assert!(harness.query_by_label("Recover unsaved work?").is_some());
    harness.get_by_label("Recover").click();
    harness.run_steps(2);
    assert_eq!(node_ids(harness.state()), vec!["kept".to_string()]);
    assert!(
        harness.state().session().is_dirty(),
        "recovered work is unsaved"
    );
    let offered = recovery.join("4000000000.json");
    step_until(&mut harness, "the offered copy to go", |_| {
        !offered.exists()
    });
    // Left idle with unsaved work, the window writes its own recovery copy.
    let own = recovery.join(format!("{}.sluice.toml", std::process::id()));
    step_until(&mut harness, "the recovery copy", |_| own.exists());
    assert!(
        std::fs::read_to_string(&own)
            .unwrap()
            .contains("id = \"kept\"")
    );
}

/// Fits the graph into view once the panels have settled, and hides what changes from run to
/// run (timings) before a picture is compared.
/// Compares the window with its snapshot. Anti-aliased wires may land a few pixels apart
/// between runs; a real change of the picture moves thousands.
pub(crate) fn snapshot(harness: &mut Harness<'_, Designer>, name: &str) {
    harness.snapshot_options(
        name,
        &egui_kittest::SnapshotOptions::new().max_failed_pixels(60),
    );
}

pub(crate) fn settle_for_snapshot(harness: &mut Harness<'_, Designer>) {
    harness.remove_cursor();
    harness.run_steps(3);
    harness.state_mut().view_mut().canvas.view_request =
        Some(sluice::ui::canvas::ViewRequest::FitAll);
    harness.run_steps(4);
    let rects: Vec<egui::Rect> = harness
        .query_all_by_label_contains(" ms")
        // A fixed width: the text's own width changes with the figure.
        .map(|node| {
            egui::Rect::from_min_size(node.rect().min, egui::vec2(320.0, node.rect().height()))
        })
        .collect();
    for rect in rects {
        harness.mask(rect);
    }
}

#[test]
fn snapshot_of_the_designer_on_the_sample() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    // A source's first rows are always the same (a join's may come in any order).
    preview_of(&mut harness, "customers");
    settle_for_snapshot(&mut harness);
    snapshot(&mut harness, "designer_sample_dark");
}

#[test]
fn snapshot_of_the_light_theme_with_a_problem() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    harness.state_mut().view_mut().dark = false;
    misspell_a_column(&mut harness);
    harness
        .state_mut()
        .queue(Request::Reveal("completed_orders".into()));
    harness.state_mut().view_mut().bottom_tab = BottomTab::Problems;
    step_until(&mut harness, "the problem", |d| {
        planned(d) && !d.session().plan().unwrap().diagnostics.is_empty()
    });
    settle_for_snapshot(&mut harness);
    snapshot(&mut harness, "designer_problem_light");
}

#[test]
fn snapshot_of_the_headless_canvas_export() {
    let ws = Workspace::new();
    let out = ws.path().join("canvas.png");
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender/recommender.sluice.toml");
    sluice::ui::export_image_file(&sample, &out, true).unwrap();
    let image = image::open(&out).unwrap().to_rgba8();
    assert!(image.width() > 1000 && image.height() > 400);
    // Wires that cross may be drawn in either order: a few pixels where they meet.
    egui_kittest::image_snapshot_options(
        &image,
        "export_recommender_canvas",
        &egui_kittest::SnapshotOptions::new().max_failed_pixels(60),
    );
}

#[test]
fn new_asks_before_discarding_unsaved_work() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    // The untitled sample counts as unsaved work.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run_steps(2);
    assert!(harness.query_by_label("Save changes first?").is_some());
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().session().document().nodes.len(),
        sample_nodes(),
        "cancel keeps the work"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run_steps(2);
    harness.get_by_label("Don't save").click();
    harness.run_steps(2);
    assert!(harness.state().session().document().nodes.is_empty());
    assert!(
        harness
            .query_by_label_contains("Drag a node from the palette")
            .is_some()
    );
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    let request_close = |harness: &mut Harness<'_, Designer>| {
        harness
            .input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .push(egui::ViewportEvent::Close);
        harness.step();
    };
    let sent = |harness: &Harness<'_, Designer>, wanted: &egui::ViewportCommand| {
        harness
            .output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .is_some_and(|v| v.commands.contains(wanted))
    };
    request_close(&mut harness);
    assert!(
        sent(&harness, &egui::ViewportCommand::CancelClose),
        "the close is held"
    );
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label("Save changes before closing?")
            .is_some()
    );
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label("Save changes before closing?")
            .is_none()
    );
    assert_eq!(
        harness.state().session().document().nodes.len(),
        sample_nodes(),
        "the work is still there"
    );

    request_close(&mut harness);
    harness.run_steps(2);
    harness.get_by_label("Don't save").click();
    harness.step();
    assert!(
        sent(&harness, &egui::ViewportCommand::Close),
        "closes without saving"
    );
}

#[test]
fn export_as_png_from_the_window_asks_for_a_path_where_there_is_no_file_dialog() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label("Export canvas as PNG or SVG")
            .is_some()
    );
    let out = ws.path().join("slide.png");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, &out.display().to_string());
    harness.key_press(Key::Enter);
    step_until(&mut harness, "the export", |d| {
        d.session().tasks_pending() == 0
            && d.session()
                .notice()
                .is_some_and(|n| n.text.starts_with("Exported"))
    });
    let image = image::open(&out).unwrap();
    assert!(image.width() > 1000, "{}", image.width());
    // The same, named .svg, gives a vector picture.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_steps(2);
    let svg = ws.path().join("slide.svg");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, &svg.display().to_string());
    harness.key_press(Key::Enter);
    step_until(&mut harness, "the SVG export", |_| svg.is_file());
    step_until(&mut harness, "the SVG export's notice", |d| {
        d.session().tasks_pending() == 0
    });
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg "), "{}", &text[..40.min(text.len())]);
    assert!(text.contains(">with_products</text>"));
}

#[test]
fn zoom_keys_and_buttons_change_the_canvas_zoom() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    let scale = |h: &Harness<'_, Designer>| h.state().view().canvas.to_global.scaling;
    let fitted = scale(&harness);
    assert!(
        fitted < 1.0,
        "the sample is fitted into view at start ({fitted})"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run_steps(2);
    assert!((scale(&harness) - 1.0).abs() < 1e-4, "actual size");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.run_steps(2);
    assert!((scale(&harness) - 0.8).abs() < 1e-4);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    harness.run_steps(2);
    assert!((scale(&harness) - 1.0).abs() < 1e-4);
    assert!(
        harness.query_by_label("100 %").is_some(),
        "the zoom is shown"
    );
    harness.get_by_label("Fit").click();
    harness.run_steps(2);
    assert!((scale(&harness) - fitted).abs() < 0.02);
}

#[test]
fn a_failed_run_marks_the_node_it_stopped_at() {
    let ws = Workspace::new();
    ws.write("in.csv", "a\n1\n2\n");
    ws.write("taken.csv", "already here\n");
    let file = ws.write(
        "p.sluice.toml",
        "format_version = 1\n\n[[node]]\nid = \"src\"\nkind = \"csv_source\"\npath = \"in.csv\"\n\n\
         [[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = { in = \"src\" }\npath = \"taken.csv\"\nmode = \"fail_if_exists\"\n",
    );
    let mut harness = window_on(Opening::File(file), &ws.path().join("config"));
    step_until(&mut harness, "the plan", planned);
    harness.key_press(Key::F5);
    step_until(&mut harness, "the run to stop", |d| {
        !d.session().is_running() && d.session().run_log().outcome().is_some()
    });
    let designer = harness.state();
    let outcome = designer.session().run_log().outcome().unwrap().to_string();
    assert!(outcome.starts_with("Run stopped"), "{outcome}");
    assert!(
        designer.session().marks().run_failures.contains_key("out"),
        "{:?}",
        designer.session().marks().run_failures
    );
    assert!(designer.session().notice().unwrap().is_error);
    assert_eq!(
        std::fs::read_to_string(ws.path().join("taken.csv")).unwrap(),
        "already here\n"
    );
    // The next edit clears the mark: the failure belonged to the pipeline as it was.
    edit(
        &mut harness,
        Command::SetParam {
            node: "out".into(),
            name: "mode".into(),
            value: sluice::model::ParamValue::Str("overwrite".into()),
        },
    );
    harness.run_steps(2);
    assert!(harness.state().session().marks().run_failures.is_empty());
}

#[test]
fn a_slow_preview_shows_progress_and_the_window_keeps_drawing() {
    use std::io::Write;
    let ws = Workspace::new();
    let mut csv =
        std::io::BufWriter::new(std::fs::File::create(ws.path().join("big.csv")).unwrap());
    writeln!(csv, "key,value").unwrap();
    for i in 0..3_000_000u64 {
        writeln!(csv, "{},{}", (i * 7919) % 1_000_003, i % 97).unwrap();
    }
    csv.flush().unwrap();
    drop(csv);
    let file = ws.write(
        "big.sluice.toml",
        "format_version = 1\n\n[[node]]\nid = \"big\"\nkind = \"csv_source\"\npath = \"big.csv\"\n\n\
         [[node]]\nid = \"ordered\"\nkind = \"sort\"\ninputs = { in = \"big\" }\nkeys = [{ column = \"key\" }, { column = \"value\", descending = true }]\n",
    );
    let mut harness = window_on(Opening::File(file), &ws.path().join("config"));
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    let mut saw_progress = false;
    while !previewed(harness.state()) {
        let frame = Instant::now();
        harness.step();
        slowest = slowest.max(frame.elapsed());
        saw_progress |= harness.query_by_label_contains("Reading…").is_some();
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the preview never came"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    eprintln!(
        "preview after {:?}, slowest frame {slowest:?}",
        started.elapsed()
    );
    assert!(
        saw_progress,
        "progress was shown while the preview was worked out"
    );
    assert!(
        slowest < Duration::from_millis(250),
        "a frame took {slowest:?}"
    );
    let (node, result) = harness.state().session().preview().shown().unwrap();
    assert_eq!(node, "ordered");
    assert_eq!(result.as_ref().unwrap().cells[0][0], "0");
}

#[test]
fn a_large_graph_is_drawn_as_an_overview_that_zooms_in_on_a_double_click() {
    let ws = Workspace::new();
    ws.write("n.csv", "n\n1\n");
    let mut document = sluice::model::Pipeline::default();
    let source = sluice::model::kind_spec("csv_source").unwrap();
    for index in 0..400 {
        let at = Position {
            x: (index % 20) as f32 * 230.0,
            y: (index / 20) as f32 * 110.0,
        };
        let id = document.add_node(source, "source", at);
        document
            .set_param(
                id.as_str(),
                "path",
                sluice::model::ParamValue::Str("n.csv".into()),
            )
            .unwrap();
    }
    let state = AppState::untitled_in(document, Some(ws.path().to_path_buf()));
    let mut harness = window_with(state, None, &ws.path().join("config"));
    // Everything settled (plan and preview in), so the view no longer refits itself.
    step_until(&mut harness, "the preview", previewed);
    assert!(
        harness.query_by_label("source_57").is_none(),
        "zoomed out, nodes are boxes, not widgets"
    );
    let designer = harness.state();
    let target = designer
        .view()
        .canvas
        .node_rect(designer.session().document(), "source_57")
        .unwrap();
    let on_screen = designer.view().canvas.to_global * target.center();
    // The pointer arrives and presses in the same frame: from the first press on, the view is
    // the person's and stops fitting itself.
    harness.hover_at(on_screen);
    for _ in 0..2 {
        harness.event(egui::Event::PointerButton {
            pos: on_screen,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        harness.event(egui::Event::PointerButton {
            pos: on_screen,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run_steps(3);
    let designer = harness.state();
    assert_eq!(selected(designer), vec!["source_57".to_string()]);
    assert!(
        (designer.view().canvas.to_global.scaling - 1.0).abs() < 1e-4,
        "zoomed in"
    );
    // The node's title on the canvas, besides the preview's heading.
    assert!(
        harness.query_all_by_label("source_57").count() >= 2,
        "drawn in full again"
    );
}

#[test]
fn a_yes_or_no_field_of_a_record_is_a_checkbox() {
    let ws = Workspace::new();
    let mut harness = sample_window(&ws);
    preview_of(&mut harness, "by_popularity");
    let boxes: Vec<egui::Rect> = harness
        .get_all_by_role(egui::accesskit::Role::CheckBox)
        .map(|node| node.rect())
        .collect();
    assert_eq!(boxes.len(), 2, "one `descending` box per sort key");
    let descending = |harness: &Harness<'_, Designer>| {
        let node = harness
            .state()
            .session()
            .document()
            .node("by_popularity")
            .unwrap();
        node.param("keys")
            .and_then(|keys| keys.as_list().map(<[_]>::to_vec))
            .unwrap()
            .iter()
            .map(|key| match key {
                sluice::model::ParamValue::Record(fields) => {
                    fields.get("descending") == Some(&sluice::model::ParamValue::Bool(true))
                }
                _ => false,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(descending(&harness), [true, true]);
    harness.hover_at(boxes[1].center());
    harness.step();
    harness.event(egui::Event::PointerButton {
        pos: boxes[1].center(),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: boxes[1].center(),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(2);
    assert_eq!(descending(&harness), [true, false]);
}

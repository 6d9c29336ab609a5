//! The node-graph canvas: an egui-snarl view kept in step with the document. The snarl holds only
//! node ids; everything it asks to change (wires, moves, deletions) becomes a `Command`.

use std::collections::{HashMap, HashSet};

use egui::emath::TSTransform;
use egui::{Color32, Pos2, Rect, Stroke, Ui, Vec2};
use egui_snarl::ui::{AnyPins, PinInfo, SnarlStyle, SnarlViewer, SnarlWidget};
use egui_snarl::{InPin, InPinId, NodeId, OutPin, OutPinId, Snarl};

use super::style::{
    Badge, PATH_COLOUR, SELECTION_COLOUR, category_colour, category_icon, grouped, port_colour,
    requirement_colour,
};
use crate::app::{Command, NodeStatus};
use crate::model::{Category, InputPorts, Node, Pipeline, PortType, Position, catalogue};

/// The canvas widget's id; tests use it to find nodes.
pub const CANVAS_ID: &str = "sluice-canvas";

/// A node as the snarl holds it: its id in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanvasNode {
    pub id: String,
}

/// Where the view should go on the next frame.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewRequest {
    /// Every node in view.
    FitAll,
    /// These nodes in view (a problem or search result was clicked).
    Frame(Vec<String>),
    /// This canvas point in the middle, zoom unchanged (a click on the minimap).
    Centre(Position),
    /// This canvas point in the middle at 100 % zoom.
    ActualSize(Position),
    /// Zoom by this factor about the middle of the view.
    Zoom(f32),
}

/// Which side of a node a pin is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PinSide {
    Input,
    Output,
}

/// The zoom range of the canvas.
pub const MIN_SCALE: f32 = 0.1;
pub const MAX_SCALE: f32 = 2.0;

/// Above this many nodes in view, nodes are drawn as plain boxes (zoom in to edit them).
pub const FULL_DETAIL_MAX_NODES: usize = 150;
/// How far beyond the visible area nodes are drawn in full, in canvas units.
const VIEW_MARGIN: f32 = 300.0;

/// A node's size before it has been drawn once, in canvas units.
const NODE_SIZE_GUESS: Vec2 = Vec2::new(190.0, 80.0);

/// What the canvas marks on each node, borrowed from the session for one frame.
pub use crate::app::NodeMarks as CanvasContext;

/// A node's badge, and the sentence its tooltip shows.
pub fn badge(marks: &CanvasContext<'_>, id: &str) -> (Badge, String) {
    if let Some(reason) = marks.run_failures.get(id) {
        return (Badge::Error, format!("the run stopped here: {reason}"));
    }
    let status = marks.statuses.and_then(|s| s.get(id));
    let badge = Badge::of(
        status,
        marks.warnings.contains(id),
        marks.running.contains(id),
    );
    let tooltip = match status {
        Some(NodeStatus::Error(message)) => message.clone(),
        Some(NodeStatus::Blocked(by)) => format!("blocked by {}", by.join(", ")),
        _ => badge.word().to_string(),
    };
    (badge, tooltip)
}

/// What happened on the canvas this frame.
#[derive(Debug, Default)]
pub struct CanvasOutcome {
    pub commands: Vec<Command>,
    /// A new selection, when the person changed it.
    pub selection: Option<Vec<String>>,
    /// A node whose preview was asked for from its menu.
    pub preview: Option<String>,
    /// The person released a drag (end of a move).
    pub drag_ended: bool,
}

/// The canvas and its view state.
pub struct Canvas {
    pub snarl: Snarl<CanvasNode>,
    synced_generation: Option<u64>,
    by_id: HashMap<String, NodeId>,
    last_snarl_selection: Vec<NodeId>,
    pub view_request: Option<ViewRequest>,
    /// Graph-to-screen transform of the last frame.
    pub to_global: TSTransform,
    /// The canvas' screen rectangle in the last frame.
    pub screen_rect: Rect,
    /// Each node's rectangle in canvas units, as last drawn.
    pub node_rects: HashMap<String, Rect>,
    /// The vertical middle of each pin's row, in canvas units, as last drawn.
    pin_rows: HashMap<(String, PinSide, usize), f32>,
    /// The document changed since the snarl was last brought in line.
    needs_reconcile: bool,
    /// Each node's place in the document, rebuilt after the document changes.
    node_index: HashMap<String, usize>,
    /// The nodes the snarl holds (drawn in full); `None` while every node is drawn as a box.
    shown: Option<HashSet<String>>,
    /// The view keeps fitting the graph while the panels and node sizes settle, until the person
    /// pans, zooms, clicks on the canvas or edits the pipeline.
    auto_fit: bool,
    /// The canvas rectangle and number of measured nodes of the last automatic fit.
    last_auto_fit: Option<(Rect, usize)>,
}

impl Default for Canvas {
    fn default() -> Self {
        Self {
            snarl: Snarl::new(),
            synced_generation: None,
            by_id: HashMap::new(),
            last_snarl_selection: Vec::new(),
            view_request: Some(ViewRequest::FitAll),
            to_global: TSTransform::IDENTITY,
            screen_rect: Rect::NOTHING,
            node_rects: HashMap::new(),
            pin_rows: HashMap::new(),
            auto_fit: true,
            last_auto_fit: None,
            needs_reconcile: true,
            node_index: HashMap::new(),
            shown: Some(HashSet::new()),
        }
    }
}

/// The snarl pin index of input port `port` of `node`.
fn input_index(node: &Node, port: &str) -> Option<usize> {
    match node.kind.inputs {
        InputPorts::Fixed(ports) => ports.iter().position(|p| p.name == port),
        InputPorts::Named { .. } => node.inputs.keys().position(|k| k.as_str() == port),
    }
}

/// The input port behind snarl pin `index`; for named ports the last pin is a free slot.
fn input_port(node: &Node, index: usize) -> Option<(String, PortType)> {
    match node.kind.inputs {
        InputPorts::Fixed(ports) => ports.get(index).map(|p| (p.name.to_string(), p.port_type)),
        InputPorts::Named { port_type, .. } => node
            .inputs
            .keys()
            .nth(index)
            .map(|k| (k.to_string(), port_type)),
    }
}

fn input_count(node: &Node) -> usize {
    match node.kind.inputs {
        InputPorts::Fixed(ports) => ports.len(),
        InputPorts::Named { .. } => node.inputs.len() + 1,
    }
}

fn to_pos(position: Position) -> Pos2 {
    Pos2::new(position.x, position.y)
}

impl Canvas {
    /// Notes the document's generation; the snarl is brought in line with it when next shown.
    pub fn sync(&mut self, generation: u64) {
        if self.synced_generation != Some(generation) {
            if self.synced_generation.is_some() {
                // An edit: the view stays where the person is working.
                self.auto_fit = false;
            }
            self.synced_generation = Some(generation);
            self.needs_reconcile = true;
            self.node_index.clear();
        }
    }

    /// The nodes worth drawing in full: those in (or near) the view, and their neighbours, so
    /// wires leading out of view still show. `None` when too many are in view to draw in full
    /// (the canvas then draws every node as a plain box).
    fn nodes_to_draw<'a>(&self, document: &'a Pipeline) -> Option<HashSet<&'a str>> {
        if !self.screen_rect.is_positive() || document.nodes.len() <= FULL_DETAIL_MAX_NODES {
            return Some(document.nodes.iter().map(|n| n.id.as_str()).collect());
        }
        let view = self.visible_canvas_rect().expand(VIEW_MARGIN);
        let mut visible: HashSet<&str> = document
            .nodes
            .iter()
            .map(|n| n.id.as_str())
            .filter(|id| {
                self.node_rect(document, id)
                    .is_some_and(|r| r.intersects(view))
            })
            .collect();
        if visible.len() > FULL_DETAIL_MAX_NODES {
            return None;
        }
        let mut neighbours: Vec<&str> = Vec::new();
        for node in &document.nodes {
            let id = node.id.as_str();
            for (_, source) in node.input_refs() {
                let from = source.node.as_str();
                if visible.contains(id) {
                    neighbours.push(from);
                } else if visible.contains(from) {
                    neighbours.push(id);
                }
            }
        }
        visible.extend(neighbours);
        Some(visible)
    }

    /// The part of the canvas on screen, in canvas units.
    pub fn visible_canvas_rect(&self) -> Rect {
        Rect::from_min_max(
            self.to_global.inverse() * self.screen_rect.min,
            self.to_global.inverse() * self.screen_rect.max,
        )
    }

    /// Brings the snarl in line with the document: exactly the nodes in `shown`, their positions,
    /// and the wires among them.
    fn reconcile(&mut self, document: &Pipeline, shown: &HashSet<&str>) {
        let wanted: HashSet<&str> = shown.clone();
        let by_id: HashMap<&str, &Node> =
            document.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
        let in_document: HashSet<&str> = by_id.keys().copied().collect();
        let gone: Vec<String> = self
            .by_id
            .keys()
            .filter(|id| !wanted.contains(id.as_str()))
            .cloned()
            .collect();
        for id in gone {
            if let Some(node_id) = self.by_id.remove(&id) {
                self.snarl.remove_node(node_id);
            }
            if !in_document.contains(id.as_str()) {
                self.node_rects.remove(&id);
            }
        }
        for node in document
            .nodes
            .iter()
            .filter(|n| wanted.contains(n.id.as_str()))
        {
            let at = document
                .layout
                .get(node.id.as_str())
                .copied()
                .map_or(Pos2::ZERO, to_pos);
            match self.by_id.get(node.id.as_str()) {
                Some(&node_id) => {
                    if let Some(info) = self.snarl.get_node_info_mut(node_id)
                        && info.pos != at
                    {
                        info.pos = at;
                    }
                }
                None => {
                    let node_id = self.snarl.insert_node(
                        at,
                        CanvasNode {
                            id: node.id.to_string(),
                        },
                    );
                    self.by_id.insert(node.id.to_string(), node_id);
                }
            }
        }
        let mut wires = HashSet::new();
        for node in &document.nodes {
            let Some(&target) = self.by_id.get(node.id.as_str()) else {
                continue;
            };
            for (port, source) in node.input_refs() {
                let (Some(input), Some(&from), Some(source_node)) = (
                    input_index(node, port.as_str()),
                    self.by_id.get(source.node.as_str()),
                    by_id.get(source.node.as_str()),
                ) else {
                    continue;
                };
                let Some(output) = source_node
                    .output_ports()
                    .iter()
                    .position(|o| o.name == source.port)
                else {
                    continue;
                };
                wires.insert((
                    OutPinId { node: from, output },
                    InPinId {
                        node: target,
                        input,
                    },
                ));
            }
        }
        let existing: HashSet<(OutPinId, InPinId)> = self.snarl.wires().collect();
        for (from, to) in existing.difference(&wires) {
            self.snarl.disconnect(*from, *to);
        }
        for (from, to) in wires.difference(&existing) {
            self.snarl.connect(*from, *to);
        }
    }

    /// The node id behind a snarl node.
    fn id_of(&self, node: NodeId) -> Option<&str> {
        self.snarl.get_node(node).map(|n| n.id.as_str())
    }

    /// Where pin `index` on `side` of node `id` was drawn, on screen (tests drag wires by it).
    #[cfg(feature = "testing")]
    pub fn pin_screen_pos(&self, id: &str, side: PinSide, index: usize) -> Option<Pos2> {
        let rect = self.node_rects.get(id)?;
        let y = *self.pin_rows.get(&(id.to_string(), side, index))?;
        let x = match side {
            PinSide::Input => rect.min.x,
            PinSide::Output => rect.max.x,
        };
        Some(self.to_global * Pos2::new(x, y))
    }

    /// Converts a screen position to canvas units.
    pub fn to_canvas(&self, screen: Pos2) -> Position {
        let at = self.to_global.inverse() * screen;
        Position { x: at.x, y: at.y }
    }

    /// The centre of the visible canvas, in canvas units.
    pub fn visible_centre(&self) -> Position {
        if self.screen_rect.is_positive() {
            self.to_canvas(self.screen_rect.center())
        } else {
            Position::default()
        }
    }

    /// The rectangle of node `id` in canvas units: as drawn, else a guess from the layout.
    pub fn node_rect(&self, document: &Pipeline, id: &str) -> Option<Rect> {
        if let Some(rect) = self.node_rects.get(id) {
            return Some(*rect);
        }
        let at = document.layout.get(id).copied().unwrap_or_default();
        Some(Rect::from_min_size(to_pos(at), NODE_SIZE_GUESS))
    }

    /// Shows the canvas and returns what the person did.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        document: &Pipeline,
        context: &CanvasContext<'_>,
    ) -> CanvasOutcome {
        let widget_id = egui::Id::new(CANVAS_ID);
        self.screen_rect = ui.available_rect_before_wrap();
        if self.node_index.len() != document.nodes.len() {
            self.node_index = document
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.id.to_string(), i))
                .collect();
        }
        self.keep_fitting(ui);
        let target = self
            .view_request
            .take()
            .and_then(|request| self.target_transform(document, &request));
        if let Some(target) = target {
            self.to_global = target;
        }
        let drawn = self.nodes_to_draw(document);
        let same_as_shown = match (&drawn, &self.shown) {
            (Some(drawn), Some(shown)) => {
                drawn.len() == shown.len() && drawn.iter().all(|id| shown.contains(*id))
            }
            (None, None) => true,
            _ => false,
        };
        if self.needs_reconcile || !same_as_shown {
            self.reconcile(document, &drawn.clone().unwrap_or_default());
            self.shown = drawn.map(|set| set.into_iter().map(str::to_string).collect());
            self.needs_reconcile = false;
        }
        let before: HashMap<NodeId, Pos2> = self
            .snarl
            .nodes_pos_ids()
            .map(|(id, pos, _)| (id, pos))
            .collect();
        let mut viewer = Viewer {
            document,
            node_index: &self.node_index,
            context,
            outcome: CanvasOutcome::default(),
            target,
            to_global: self.to_global,
            node_rects: HashMap::new(),
            pin_rows: HashMap::new(),
        };
        let response = SnarlWidget::new().id(widget_id).style(snarl_style()).show(
            &mut self.snarl,
            &mut viewer,
            ui,
        );
        let Viewer {
            mut outcome,
            to_global,
            node_rects,
            pin_rows,
            ..
        } = viewer;
        self.to_global = to_global;
        for ((node, side, index), y) in pin_rows {
            if let Some(id) = self.snarl.get_node(node).map(|n| n.id.clone()) {
                self.pin_rows.insert((id, side, index), y);
            }
        }
        for (node, rect) in node_rects {
            let Some(id) = self.snarl.get_node(node).map(|n| n.id.as_str()) else {
                continue;
            };
            match self.node_rects.get_mut(id) {
                Some(known) => *known = rect,
                None => {
                    self.node_rects.insert(id.to_string(), rect);
                }
            }
        }
        if self.shown.is_none() {
            self.paint_overview(ui, document, context);
        }
        self.read_selection(ui, &response, document, context, &mut outcome);
        self.read_moves(ui, document, &before, context, &mut outcome);
        self.accept_palette_drop(ui, &mut outcome);
        outcome
    }

    /// Fits the graph again while the layout settles, until the person takes over the view.
    fn keep_fitting(&mut self, ui: &Ui) {
        if !self.auto_fit {
            return;
        }
        let screen = self.screen_rect;
        let touched = ui.input(|i| {
            let acting = i.pointer.any_down()
                || i.smooth_scroll_delta != Vec2::ZERO
                || i.zoom_delta() != 1.0;
            acting && i.pointer.hover_pos().is_some_and(|p| screen.contains(p))
        });
        let asked_elsewhere = self
            .view_request
            .as_ref()
            .is_some_and(|r| *r != ViewRequest::FitAll);
        if touched || asked_elsewhere {
            self.auto_fit = false;
            return;
        }
        let key = (screen, self.node_rects.len());
        if self.last_auto_fit != Some(key) {
            self.last_auto_fit = Some(key);
            self.view_request = Some(ViewRequest::FitAll);
        }
    }

    fn target_transform(&self, document: &Pipeline, request: &ViewRequest) -> Option<TSTransform> {
        let ids: Vec<&str> = match request {
            ViewRequest::FitAll => document.nodes.iter().map(|n| n.id.as_str()).collect(),
            ViewRequest::Frame(ids) => ids.iter().map(String::as_str).collect(),
            ViewRequest::Zoom(factor) => {
                let old = self.to_global.scaling;
                let new = (old * factor).clamp(MIN_SCALE, MAX_SCALE);
                let centre = self.screen_rect.center().to_vec2();
                let graph_centre = (centre - self.to_global.translation) / old;
                return Some(TSTransform {
                    scaling: new,
                    translation: centre - graph_centre * new,
                });
            }
            ViewRequest::Centre(at) | ViewRequest::ActualSize(at) => {
                let scale = match request {
                    ViewRequest::ActualSize(_) => 1.0,
                    _ => self.to_global.scaling,
                };
                return Some(TSTransform {
                    scaling: scale,
                    translation: self.screen_rect.center().to_vec2()
                        - Vec2::new(at.x, at.y) * scale,
                });
            }
        };
        let bounds = ids
            .iter()
            .filter_map(|id| self.node_rect(document, id))
            .fold(Rect::NOTHING, |acc, r| acc.union(r));
        if !bounds.is_positive() || !self.screen_rect.is_positive() {
            return None;
        }
        if let ViewRequest::Frame(_) = request
            && self.visible_canvas_rect().contains_rect(bounds)
        {
            // Already in view: the view stays put.
            return None;
        }
        let bounds = bounds.expand(40.0);
        let scale = (self.screen_rect.width() / bounds.width())
            .min(self.screen_rect.height() / bounds.height())
            .clamp(MIN_SCALE, 1.0);
        let scale = match request {
            // Framing a single node keeps the current zoom unless it would not fit.
            ViewRequest::Frame(_) => scale.min(self.to_global.scaling.max(0.5)),
            _ => scale,
        };
        Some(TSTransform {
            scaling: scale,
            translation: self.screen_rect.center().to_vec2() - bounds.center().to_vec2() * scale,
        })
    }

    /// Plain clicks select one node, shift-clicks add, box selection (shift+drag) replaces;
    /// a click on the empty canvas clears the selection.
    fn read_selection(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        document: &Pipeline,
        context: &CanvasContext<'_>,
        outcome: &mut CanvasOutcome,
    ) {
        let snarl_selection =
            egui_snarl::ui::get_selected_nodes(egui::Id::new(CANVAS_ID), ui.ctx());
        if snarl_selection != self.last_snarl_selection {
            self.last_snarl_selection.clone_from(&snarl_selection);
            let ids: Vec<String> = snarl_selection
                .iter()
                .filter_map(|n| self.id_of(*n).map(str::to_string))
                .collect();
            if !ids.is_empty() {
                outcome.selection = Some(ids);
            }
        }
        let (clicked, shift, pointer) = ui.input(|i| {
            (
                i.pointer.primary_clicked(),
                i.modifiers.shift,
                i.pointer.interact_pos(),
            )
        });
        let Some(pointer) = pointer.filter(|p| clicked && self.screen_rect.contains(*p)) else {
            return;
        };
        if !response.contains_pointer() && ui.ctx().is_pointer_over_egui() {
            return;
        }
        let at = self.to_global.inverse() * pointer;
        let hit = document
            .nodes
            .iter()
            .rev()
            .map(|n| n.id.as_str())
            .filter(|id| self.shown.as_ref().is_none_or(|shown| shown.contains(*id)))
            .find(|id| self.node_rect(document, id).is_some_and(|r| r.contains(at)))
            .map(str::to_string);
        let double = ui.input(|i| {
            i.pointer
                .button_double_clicked(egui::PointerButton::Primary)
        });
        if double
            && self.shown.is_none()
            && let Some(rect) = hit.as_deref().and_then(|id| self.node_rect(document, id))
        {
            // In the overview, a double-click on a box zooms in on its node.
            let centre = rect.center();
            self.view_request = Some(ViewRequest::ActualSize(Position {
                x: centre.x,
                y: centre.y,
            }));
        }
        match (hit, shift) {
            (Some(id), false) => outcome.selection = Some(vec![id]),
            (Some(id), true) => {
                let mut ids: Vec<String> = context.selection.iter().cloned().collect();
                if let Some(index) = ids.iter().position(|s| s == &id) {
                    ids.remove(index);
                } else {
                    ids.push(id);
                }
                outcome.selection = Some(ids);
            }
            (None, false) if outcome.selection.is_none() => outcome.selection = Some(Vec::new()),
            (None, _) => {}
        }
    }

    /// Turns nodes the snarl moved into one `MoveNodes`; dragging one of several selected nodes
    /// moves them all.
    fn read_moves(
        &mut self,
        ui: &Ui,
        document: &Pipeline,
        before: &HashMap<NodeId, Pos2>,
        context: &CanvasContext<'_>,
        outcome: &mut CanvasOutcome,
    ) {
        let mut moved: Vec<(NodeId, Vec2)> = self
            .snarl
            .nodes_pos_ids()
            .filter_map(|(id, pos, _)| {
                let old = before.get(&id)?;
                (*old != pos).then(|| (id, pos - *old))
            })
            .collect();
        if ui.input(|i| i.pointer.any_released()) {
            outcome.drag_ended = true;
        }
        if moved.is_empty() {
            return;
        }
        if let [(single, delta)] = moved.as_slice()
            && let Some(id) = self.id_of(*single)
            && context.selection.contains(id)
            && context.selection.len() > 1
        {
            let delta = *delta;
            let single = *single;
            for other in context.selection {
                if let Some(&node) = self.by_id.get(other)
                    && node != single
                {
                    moved.push((node, delta));
                }
            }
        }
        let moves: Vec<(String, Position)> = moved
            .iter()
            .filter_map(|(node, delta)| {
                let id = self.id_of(*node)?;
                let old = document.layout.get(id).copied().unwrap_or_default();
                Some((
                    id.to_string(),
                    Position {
                        x: (old.x + delta.x).round(),
                        y: (old.y + delta.y).round(),
                    },
                ))
            })
            .collect();
        outcome.commands.push(Command::MoveNodes(moves));
    }

    /// Draws every node as a box in its category colour and every wire as a line: how a large
    /// graph looks zoomed out, at a fraction of the cost of full nodes.
    fn paint_overview(&self, ui: &Ui, document: &Pipeline, context: &CanvasContext<'_>) {
        let painter = ui.painter_at(self.screen_rect);
        let screen =
            |rect: Rect| Rect::from_min_max(self.to_global * rect.min, self.to_global * rect.max);
        let rects: HashMap<&str, Rect> = document
            .nodes
            .iter()
            .filter_map(|n| {
                let rect = screen(self.node_rect(document, n.id.as_str())?);
                Some((n.id.as_str(), rect))
            })
            .collect();
        let wire = Stroke::new(1.0, port_colour(PortType::Table).gamma_multiply(0.7));
        for node in &document.nodes {
            let Some(to) = rects.get(node.id.as_str()) else {
                continue;
            };
            for (_, source) in node.input_refs() {
                if let Some(from) = rects.get(source.node.as_str()) {
                    let line = Rect::from_two_pos(from.right_center(), to.left_center());
                    if line.intersects(self.screen_rect) {
                        painter.line_segment([from.right_center(), to.left_center()], wire);
                    }
                }
            }
        }
        for node in &document.nodes {
            let id = node.id.as_str();
            let Some(rect) = rects.get(id) else {
                continue;
            };
            if !rect.intersects(self.screen_rect) {
                continue;
            }
            painter.rect_filled(*rect, 2.0, category_colour(node.kind.category));
            let (badge, _) = badge(context, id);
            if matches!(badge, Badge::Error | Badge::Warning | Badge::Running) {
                painter.rect_stroke(
                    *rect,
                    2.0,
                    Stroke::new(2.0, badge.colour()),
                    egui::StrokeKind::Outside,
                );
            }
            if context.is_highlighted(id) {
                painter.rect_stroke(
                    *rect,
                    2.0,
                    Stroke::new(3.0, PATH_COLOUR),
                    egui::StrokeKind::Outside,
                );
            }
            if context.selection.contains(id) {
                painter.rect_stroke(
                    *rect,
                    2.0,
                    Stroke::new(2.0, SELECTION_COLOUR),
                    egui::StrokeKind::Outside,
                );
            }
        }
        painter.text(
            self.screen_rect.left_top() + Vec2::new(10.0, 10.0),
            egui::Align2::LEFT_TOP,
            "Overview: zoom in (Ctrl + scroll) to edit nodes",
            egui::FontId::proportional(12.0),
            ui.visuals().weak_text_color(),
        );
    }

    /// A kind dragged from the palette and released over the canvas is added where it fell.
    fn accept_palette_drop(&mut self, ui: &Ui, outcome: &mut CanvasOutcome) {
        let Some(pointer) = ui.input(|i| i.pointer.hover_pos()) else {
            return;
        };
        if !self.screen_rect.contains(pointer) || !ui.input(|i| i.pointer.any_released()) {
            return;
        }
        if let Some(kind) = egui::DragAndDrop::take_payload::<PaletteKind>(ui.ctx()) {
            outcome.commands.push(Command::AddNode {
                kind: kind.0.to_string(),
                at: self.to_canvas(pointer),
                after: None,
            });
        }
        if let Some(table) = egui::DragAndDrop::take_payload::<CatalogTableDrag>(ui.ctx()) {
            outcome.commands.push(Command::AddCatalogSource {
                crawler: table.crawler.clone(),
                table: table.table.clone(),
                at: self.to_canvas(pointer),
            });
        }
    }
}

/// The payload of a table dragged out of the Catalog panel.
#[derive(Debug, Clone)]
pub struct CatalogTableDrag {
    pub crawler: String,
    pub table: String,
}

/// The payload of a kind dragged out of the palette.
#[derive(Debug, Clone, Copy)]
pub struct PaletteKind(pub &'static str);

fn snarl_style() -> SnarlStyle {
    let mut style = SnarlStyle::new();
    style.collapsible = Some(false);
    style.centering = Some(true);
    style.pin_size = Some(9.0);
    style.wire_width = Some(2.0);
    style.min_scale = Some(MIN_SCALE);
    style.max_scale = Some(MAX_SCALE);
    style.select_rect_contained = Some(false);
    style.pin_placement = Some(egui_snarl::ui::PinPlacement::Edge);
    style.select_style = Some(egui_snarl::ui::SelectionStyle {
        margin: egui::Margin::same(2),
        rounding: egui::CornerRadius::same(6),
        fill: Color32::TRANSPARENT,
        stroke: Stroke::NONE,
    });
    style.bg_pattern = Some(egui_snarl::ui::BackgroundPattern::grid(
        Vec2::new(40.0, 40.0),
        0.0,
    ));
    style
}

struct Viewer<'a> {
    document: &'a Pipeline,
    node_index: &'a HashMap<String, usize>,
    context: &'a CanvasContext<'a>,
    outcome: CanvasOutcome,
    target: Option<TSTransform>,
    to_global: TSTransform,
    node_rects: HashMap<NodeId, Rect>,
    pin_rows: HashMap<(NodeId, PinSide, usize), f32>,
}

impl Viewer<'_> {
    /// How full the input queue of stream node `id` is, while a stream runs.
    fn queue_fill_of(&self, id: &str) -> Option<f32> {
        let monitor = self.context.stream.filter(|m| m.is_running())?;
        Some(monitor.stage(id)?.queue_fill())
    }

    /// The colour of the queue into stream node `id`, when it is filling.
    fn queue_colour_of(&self, id: &str) -> Option<Color32> {
        self.queue_fill_of(id)
            .and_then(super::stream_panel::queue_colour)
    }

    fn node(&self, canvas_node: &CanvasNode) -> Option<&Node> {
        self.node_index
            .get(canvas_node.id.as_str())
            .and_then(|&i| self.document.nodes.get(i))
    }

    fn node_of(&self, snarl: &Snarl<CanvasNode>, id: NodeId) -> Option<&Node> {
        snarl.get_node(id).and_then(|n| self.node(n))
    }

    /// The wire the snarl proposes, as a command on the document.
    fn connection(
        &self,
        from: &OutPinId,
        to: &InPinId,
        snarl: &Snarl<CanvasNode>,
    ) -> Option<(crate::model::OutputRef, String, String)> {
        let source = self.node_of(snarl, from.node)?;
        let target = self.node_of(snarl, to.node)?;
        let output = source.output_ports().into_iter().nth(from.output)?;
        let port = match input_port(target, to.input) {
            Some((name, _)) => name,
            // The free slot of a SQL node: the new input is named after its source.
            None => fresh_port_name(target, source.id.as_str()),
        };
        Some((
            crate::model::OutputRef::new(source.id.clone(), output.name),
            target.id.to_string(),
            port,
        ))
    }
}

impl Viewer<'_> {
    /// Remembers where a pin's row was drawn, for tests that drag wires between pins.
    fn note_pin_row(&mut self, node: NodeId, side: PinSide, index: usize, ui: &Ui) {
        if cfg!(feature = "testing") {
            self.pin_rows
                .insert((node, side, index), ui.max_rect().center().y);
        }
    }

    /// Asks for a wire to be made (or removed) between two pins.
    fn push_wire(
        &mut self,
        from: &OutPinId,
        to: &InPinId,
        snarl: &Snarl<CanvasNode>,
        connect: bool,
    ) {
        let Some((from, to_node, to_port)) = self.connection(from, to, snarl) else {
            return;
        };
        self.outcome.commands.push(if connect {
            // Dropping a wire on a taken input replaces the wire that was there.
            Command::ConnectReplacing {
                from,
                to_node,
                to_port,
            }
        } else {
            Command::Disconnect {
                from,
                to_node,
                to_port,
            }
        });
    }
}

fn fresh_port_name(node: &Node, base: &str) -> String {
    let mut name = base.to_string();
    let mut counter = 2;
    while node.inputs.keys().any(|k| k.as_str() == name) {
        name = format!("{base}_{counter}");
        counter += 1;
    }
    name
}

impl SnarlViewer<CanvasNode> for Viewer<'_> {
    fn title(&mut self, node: &CanvasNode) -> String {
        node.id.clone()
    }

    fn node_frame(
        &mut self,
        default: egui::Frame,
        node: NodeId,
        _inputs: &[InPin],
        _outputs: &[OutPin],
        snarl: &Snarl<CanvasNode>,
    ) -> egui::Frame {
        let selected = snarl
            .get_node(node)
            .is_some_and(|n| self.context.selection.contains(&n.id));
        let highlighted = snarl
            .get_node(node)
            .is_some_and(|n| self.context.is_highlighted(&n.id));
        if selected {
            default.stroke(Stroke::new(2.5, SELECTION_COLOUR))
        } else if highlighted {
            default.stroke(Stroke::new(3.0, PATH_COLOUR))
        } else {
            default
        }
    }

    fn header_frame(
        &mut self,
        default: egui::Frame,
        node: NodeId,
        _inputs: &[InPin],
        _outputs: &[OutPin],
        snarl: &Snarl<CanvasNode>,
    ) -> egui::Frame {
        let colour = self
            .node_of(snarl, node)
            .map_or(Color32::GRAY, |n| category_colour(n.kind.category));
        default
            .fill(colour)
            .inner_margin(egui::Margin::symmetric(6, 3))
            .corner_radius(egui::CornerRadius {
                nw: 6,
                ne: 6,
                sw: 0,
                se: 0,
            })
    }

    fn show_header(
        &mut self,
        node: NodeId,
        _inputs: &[InPin],
        _outputs: &[OutPin],
        ui: &mut Ui,
        snarl: &mut Snarl<CanvasNode>,
    ) {
        let Some(canvas_node) = snarl.get_node(node) else {
            return;
        };
        let Some(doc_node) = self.node(canvas_node) else {
            ui.label(&canvas_node.id);
            return;
        };
        let id = doc_node.id.as_str();
        let (badge, tooltip) = badge(self.context, id);
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(category_icon(doc_node.kind.category)).color(Color32::WHITE),
            );
            ui.label(egui::RichText::new(id).strong().color(Color32::WHITE))
                .on_hover_text(
                    doc_node
                        .description
                        .clone()
                        .unwrap_or_else(|| doc_node.kind.summary.to_string()),
                );
            ui.label(
                egui::RichText::new(badge.glyph())
                    .color(badge.colour())
                    .strong(),
            )
            .on_hover_text(tooltip);
        });
    }

    fn has_body(&mut self, _node: &CanvasNode) -> bool {
        true
    }

    fn has_wire_widget(
        &mut self,
        _from: &egui_snarl::OutPinId,
        to: &egui_snarl::InPinId,
        snarl: &Snarl<CanvasNode>,
    ) -> bool {
        self.context.stream.is_some_and(|m| m.is_running())
            && snarl
                .get_node(to.node)
                .is_some_and(|n| self.queue_fill_of(n.id.as_str()).is_some())
    }

    fn show_wire_widget(
        &mut self,
        _from: &egui_snarl::OutPin,
        to: &InPin,
        ui: &mut Ui,
        snarl: &mut Snarl<CanvasNode>,
    ) {
        // Events a second into the node the wire feeds, and how full its queue is.
        let Some(monitor) = self.context.stream else {
            return;
        };
        let Some(node) = snarl.get_node(to.id.node) else {
            return;
        };
        let id = node.id.as_str();
        let (Some(rate), Some(stage)) = (monitor.rate(id), monitor.stage(id)) else {
            return;
        };
        let fill = stage.queue_fill();
        let text = egui::RichText::new(crate::app::stream_monitor::rate_text(rate)).small();
        let text = match super::stream_panel::queue_colour(fill) {
            Some(colour) => text.color(colour),
            None => text,
        };
        ui.label(text)
            .on_hover_text(format!("queue {:.0}% full", fill * 100.0));
    }

    fn show_body(
        &mut self,
        node: NodeId,
        _inputs: &[InPin],
        _outputs: &[OutPin],
        ui: &mut Ui,
        snarl: &mut Snarl<CanvasNode>,
    ) {
        let Some(doc_node) = self.node_of(snarl, node) else {
            return;
        };
        ui.vertical(|ui| {
            ui.label(egui::RichText::new(doc_node.kind.title).small().weak());
            let live = self
                .context
                .stream
                .and_then(|monitor| Some((monitor, monitor.stage(doc_node.id.as_str())?)));
            if let Some((monitor, stage)) = live {
                // A stream node while (or after) it runs: its rate and what went through.
                let events_in = stage.events_in.load(std::sync::atomic::Ordering::Relaxed);
                let rate = monitor
                    .rate(doc_node.id.as_str())
                    .filter(|_| monitor.is_running())
                    .map(crate::app::stream_monitor::rate_text)
                    .map(|r| format!("{r} · "))
                    .unwrap_or_default();
                ui.label(
                    egui::RichText::new(format!("⚡ {rate}{} events", grouped(events_in))).small(),
                );
                if let Some(watermark) = stage.watermark() {
                    ui.label(
                        egui::RichText::new(format!(
                            "watermark {}",
                            super::stream_panel::watermark_text(watermark)
                        ))
                        .small()
                        .weak(),
                    );
                }
            } else if let Some(rows) = self.context.row_counts.get(doc_node.id.as_str()) {
                ui.label(egui::RichText::new(format!("{} rows", grouped(*rows))).small());
            }
            if let Some(standing) = self
                .context
                .deployed
                .and_then(|deployed| deployed.get(doc_node.id.as_str()))
            {
                let (text, colour) = if standing == "in AWS" {
                    ("☁ in AWS".to_string(), Color32::from_rgb(0x5a, 0xa8, 0xe0))
                } else {
                    (format!("☁ {standing}"), Color32::GRAY)
                };
                ui.label(egui::RichText::new(text).small().color(colour))
                    .on_hover_text("Its standing in AWS, from the last deploy plan (Deploy…)");
            }
            if let Some(fault) = self
                .context
                .faults
                .and_then(|faults| faults.get(doc_node.id.as_str()))
            {
                ui.label(
                    egui::RichText::new(format!("⚠ broken on purpose: {fault}"))
                        .small()
                        .color(Color32::from_rgb(0xe0, 0xa0, 0x20)),
                )
                .on_hover_text("The next run puts this fault in (the inspector's Break this node)");
            }
            // The requirements that name the node, by their worst status.
            let requirements: Vec<_> = self.context.requirements_of(doc_node.id.as_str()).collect();
            if let Some(worst) = requirements.iter().map(|r| r.status).max() {
                let lines: Vec<String> = requirements
                    .iter()
                    .map(|r| format!("{} {}: {}", r.status.symbol(), r.id, r.status))
                    .collect();
                let count = match requirements.len() {
                    1 => "1 requirement".to_string(),
                    n => format!("{n} requirements"),
                };
                ui.label(
                    egui::RichText::new(format!("◆ {count} {}", worst.symbol()))
                        .small()
                        .color(requirement_colour(worst)),
                )
                .on_hover_text(lines.join("\n"));
            }
        });
    }

    fn inputs(&mut self, node: &CanvasNode) -> usize {
        self.node(node).map_or(0, input_count)
    }

    fn outputs(&mut self, node: &CanvasNode) -> usize {
        self.node(node).map_or(0, |n| n.output_ports().len())
    }

    fn show_input(
        &mut self,
        pin: &InPin,
        ui: &mut Ui,
        snarl: &mut Snarl<CanvasNode>,
    ) -> impl egui_snarl::ui::SnarlPin + 'static {
        self.note_pin_row(pin.id.node, PinSide::Input, pin.id.input, ui);
        let Some(node) = self.node_of(snarl, pin.id.node) else {
            return PinInfo::circle();
        };
        match input_port(node, pin.id.input) {
            Some((name, port_type)) => {
                if input_count(node) > 1 || matches!(node.kind.inputs, InputPorts::Named { .. }) {
                    ui.label(egui::RichText::new(name).small());
                }
                let pin = PinInfo::circle().with_fill(port_colour(port_type));
                // A stream's wire shows how full the queue into this node is.
                match self.queue_colour_of(node.id.as_str()) {
                    Some(colour) if port_type == PortType::Stream => pin.with_wire_color(colour),
                    _ => pin,
                }
            }
            None => {
                ui.label(egui::RichText::new("+ input").small().weak())
                    .on_hover_text("Wire a table here to add an input; its name is the table name in the query");
                let port_type = match node.kind.inputs {
                    InputPorts::Named { port_type, .. } => port_type,
                    InputPorts::Fixed(_) => PortType::Table,
                };
                PinInfo::circle()
                    .with_fill(Color32::TRANSPARENT)
                    .with_stroke(Stroke::new(1.5, port_colour(port_type)))
            }
        }
    }

    fn show_output(
        &mut self,
        pin: &OutPin,
        ui: &mut Ui,
        snarl: &mut Snarl<CanvasNode>,
    ) -> impl egui_snarl::ui::SnarlPin + 'static {
        self.note_pin_row(pin.id.node, PinSide::Output, pin.id.output, ui);
        let Some(node) = self.node_of(snarl, pin.id.node) else {
            return PinInfo::circle();
        };
        let ports = node.output_ports();
        match ports.get(pin.id.output) {
            Some(output) => {
                if ports.len() > 1 {
                    ui.label(egui::RichText::new(output.name.as_str()).small());
                }
                let pin = PinInfo::circle().with_fill(port_colour(output.port_type));
                // The fullest queue this stream feeds colours its wires (only while a stream
                // runs: looking for consumers walks the document).
                let streaming = self.context.stream.is_some_and(|m| m.is_running());
                if output.port_type != PortType::Stream || !streaming {
                    return pin;
                }
                let fullest = self
                    .document
                    .consumers_of(node.id.as_str())
                    .filter_map(|consumer| self.queue_fill_of(consumer.id.as_str()))
                    .fold(None, |worst: Option<f32>, fill| {
                        Some(worst.map_or(fill, |w| w.max(fill)))
                    });
                match fullest.and_then(super::stream_panel::queue_colour) {
                    Some(colour) => pin.with_wire_color(colour),
                    None => pin,
                }
            }
            None => PinInfo::circle(),
        }
    }

    fn final_node_rect(
        &mut self,
        node: NodeId,
        rect: Rect,
        _ui: &mut Ui,
        _snarl: &mut Snarl<CanvasNode>,
    ) {
        self.node_rects.insert(node, rect);
    }

    fn connect(&mut self, from: &OutPin, to: &InPin, snarl: &mut Snarl<CanvasNode>) {
        self.push_wire(&from.id, &to.id, snarl, true);
    }

    fn disconnect(&mut self, from: &OutPin, to: &InPin, snarl: &mut Snarl<CanvasNode>) {
        self.push_wire(&from.id, &to.id, snarl, false);
    }

    fn drop_inputs(&mut self, pin: &InPin, snarl: &mut Snarl<CanvasNode>) {
        for remote in &pin.remotes {
            self.push_wire(remote, &pin.id, snarl, false);
        }
    }

    fn drop_outputs(&mut self, pin: &OutPin, snarl: &mut Snarl<CanvasNode>) {
        for remote in &pin.remotes {
            self.push_wire(&pin.id, remote, snarl, false);
        }
    }

    fn has_node_menu(&mut self, _node: &CanvasNode) -> bool {
        true
    }

    fn show_node_menu(
        &mut self,
        node: NodeId,
        _inputs: &[InPin],
        _outputs: &[OutPin],
        ui: &mut Ui,
        snarl: &mut Snarl<CanvasNode>,
    ) {
        let Some(id) = snarl.get_node(node).map(|n| n.id.clone()) else {
            return;
        };
        if ui.button("Preview").clicked() {
            self.outcome.selection = Some(vec![id.clone()]);
            self.outcome.preview = Some(id.clone());
            ui.close();
        }
        if ui.button("Duplicate").clicked() {
            self.outcome
                .commands
                .push(Command::DuplicateNodes(vec![id.clone()]));
            ui.close();
        }
        if ui.button("Delete").clicked() {
            self.outcome.commands.push(Command::RemoveNodes(vec![id]));
            ui.close();
        }
    }

    fn has_graph_menu(&mut self, _pos: Pos2, _snarl: &mut Snarl<CanvasNode>) -> bool {
        true
    }

    fn show_graph_menu(&mut self, pos: Pos2, ui: &mut Ui, _snarl: &mut Snarl<CanvasNode>) {
        ui.label(egui::RichText::new("Add node").strong());
        for category in Category::ALL {
            let kinds: Vec<_> = catalogue()
                .iter()
                .filter(|k| k.category == category)
                .collect();
            if kinds.is_empty() {
                continue;
            }
            ui.menu_button(category.heading(), |ui| {
                for kind in kinds {
                    if ui.button(kind.title).on_hover_text(kind.summary).clicked() {
                        self.outcome.commands.push(Command::AddNode {
                            kind: kind.name.to_string(),
                            at: Position { x: pos.x, y: pos.y },
                            after: None,
                        });
                        ui.close();
                    }
                }
            });
        }
    }

    fn has_dropped_wire_menu(&mut self, src_pins: AnyPins, _snarl: &mut Snarl<CanvasNode>) -> bool {
        matches!(src_pins, AnyPins::Out(pins) if pins.len() == 1)
    }

    fn show_dropped_wire_menu(
        &mut self,
        pos: Pos2,
        ui: &mut Ui,
        src_pins: AnyPins,
        snarl: &mut Snarl<CanvasNode>,
    ) {
        let AnyPins::Out([pin]) = src_pins else {
            return;
        };
        let Some(source) = self.node_of(snarl, pin.node) else {
            return;
        };
        let Some(output) = source.output_ports().into_iter().nth(pin.output) else {
            return;
        };
        let after = format!("{}.{}", source.id, output.name);
        ui.label(egui::RichText::new("Add a node after this output").strong());
        for kind in catalogue() {
            let accepts = match kind.inputs {
                InputPorts::Fixed(ports) => ports
                    .first()
                    .is_some_and(|p| p.port_type == output.port_type),
                InputPorts::Named { .. } => false,
            };
            if accepts && ui.button(kind.title).on_hover_text(kind.summary).clicked() {
                self.outcome.commands.push(Command::AddNode {
                    kind: kind.name.to_string(),
                    at: Position { x: pos.x, y: pos.y },
                    after: Some(after.clone()),
                });
                ui.close();
            }
        }
    }

    fn current_transform(&mut self, to_global: &mut TSTransform, _snarl: &mut Snarl<CanvasNode>) {
        if let Some(target) = self.target.take() {
            *to_global = target;
        }
        self.to_global = *to_global;
    }
}

//! The document being edited and the one place that changes a pipeline: commands are applied
//! here, with an undo step recorded before each edit. The window's session and `sluice edit`
//! both go through [`AppState::apply`].

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::command::Command;
use super::error::{CommandError, SaveError};
use super::history::History;
use crate::model::auto_layout::place_unplaced;
use crate::model::file_format::{
    load_pipeline, parse_pipeline, to_canonical_text, write_atomically,
};
use crate::model::suggest::did_you_mean;
use crate::model::{Ident, ParamValue, Pipeline, Position, catalogue, kind_spec};

/// Where pasted or duplicated nodes go, relative to the originals.
const PASTE_OFFSET: Position = Position { x: 40.0, y: 40.0 };

/// The document being edited: the pipeline, its file, the selection, undo history and the
/// counters that tell results of older versions apart.
pub struct AppState {
    document: Pipeline,
    /// The file the document was opened from or last saved to.
    file: Option<PathBuf>,
    /// The canonical text last saved or opened, to tell whether there are unsaved changes.
    saved_text: String,
    selection: BTreeSet<String>,
    history: History,
    /// Bumped by every change to the document; results of older generations are stale.
    generation: u64,
    /// Bumped only when the nodes change (not when they move): what the engine sees.
    content_generation: u64,
    /// Whether the document differs from the saved text, as of a generation: working it out
    /// renders the whole file.
    dirty_cache: Cell<Option<(u64, bool)>>,
    /// Where relative paths of an untitled document point (an untitled copy of a sample).
    untitled_base: Option<PathBuf>,
}

impl AppState {
    /// An untitled document.
    pub fn new(document: Pipeline) -> Self {
        Self {
            saved_text: String::new(),
            document,
            file: None,
            selection: BTreeSet::new(),
            history: History::default(),
            generation: 1,
            content_generation: 1,
            dirty_cache: Cell::new(None),
            untitled_base: None,
        }
    }

    /// An untitled document whose relative paths point into `base` (a copy of a sample).
    pub fn untitled_in(document: Pipeline, base: Option<PathBuf>) -> Self {
        let mut state = Self::new(document);
        state.untitled_base = base;
        state
    }

    /// An untitled copy of a lesson's starting pipeline, relative to `base`: unchanged until the
    /// learner edits it, so it is replaced without asking.
    pub fn untitled_copy(mut document: Pipeline, base: PathBuf) -> Self {
        place_unplaced(&mut document);
        let mut state = Self::untitled_in(document, Some(base));
        state.saved_text = to_canonical_text(&state.document);
        state
    }

    /// Opens a pipeline file.
    pub fn open(path: &Path) -> Result<Self, CommandError> {
        let (document, _) = load_pipeline(path)?;
        Ok(Self::opened(document, path.to_path_buf()))
    }

    /// A document read from `path` (by a background thread), as opened. Nodes the file gives no
    /// position (a hand-written file) are placed by the auto-layout; that alone does not count
    /// as a change.
    pub fn opened(mut document: Pipeline, path: PathBuf) -> Self {
        place_unplaced(&mut document);
        let mut state = Self::new(document);
        state.saved_text = to_canonical_text(&state.document);
        state.file = Some(path);
        state
    }

    /// A recovered copy of unsaved work that belonged to `original`: unsaved, as it was.
    pub fn recovered(mut document: Pipeline, original: Option<PathBuf>) -> Self {
        place_unplaced(&mut document);
        let mut state = Self::new(document);
        state.file = original;
        state
    }

    pub fn document(&self) -> &Pipeline {
        &self.document
    }

    /// The file the document was opened from or last saved to.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    pub fn selection(&self) -> &BTreeSet<String> {
        &self.selection
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Ends the current merge of edits (a drag was released, a field lost focus).
    pub fn close_merge(&mut self) {
        self.history.close_merge();
    }

    /// Bumped by every change to the document.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Bumped only when the nodes change, not when they move.
    pub fn content_generation(&self) -> u64 {
        self.content_generation
    }

    /// The one selected node, when exactly one is selected.
    pub fn focused_node(&self) -> Option<&str> {
        match self.selection.len() {
            1 => self.selection.iter().next().map(String::as_str),
            _ => None,
        }
    }

    /// Records that `text` (the canonical text of the document at some point) was written to
    /// `path`.
    pub fn mark_saved(&mut self, path: PathBuf, text: String) {
        self.saved_text = text;
        self.file = Some(path);
        self.dirty_cache.set(None);
    }

    /// The canonical text last saved or opened.
    pub fn saved_text(&self) -> &str {
        &self.saved_text
    }

    /// Whether the document differs from what was last saved or opened.
    pub fn is_dirty(&self) -> bool {
        if let Some((generation, dirty)) = self.dirty_cache.get()
            && generation == self.generation
        {
            return dirty;
        }
        let dirty = to_canonical_text(&self.document) != self.saved_text;
        self.dirty_cache.set(Some((self.generation, dirty)));
        dirty
    }

    /// Counts a change of the document, and of its content when the nodes differ.
    fn changed(&mut self, nodes_changed: bool) {
        self.generation += 1;
        if nodes_changed {
            self.content_generation += 1;
        }
    }

    /// Takes the place of `previous` (New, Open, a recovered copy): both counters move past the
    /// old ones, so nothing computed for the old document is taken for the new.
    pub fn succeed(&mut self, previous: &AppState) {
        self.generation = self.generation.max(previous.generation) + 1;
        self.content_generation = self.content_generation.max(previous.content_generation) + 1;
    }

    /// Where the pipeline is planned: its folder and, once saved, its catalog file beside it.
    pub fn plan_site(&self) -> crate::engine::PlanSite {
        match &self.file {
            Some(file) => crate::engine::PlanSite::of_file(file),
            None => crate::engine::PlanSite::folder(&self.base_dir()),
        }
    }

    /// The folder relative paths are resolved against: the file's, else the working folder.
    pub fn base_dir(&self) -> PathBuf {
        match &self.file {
            Some(file) => file
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            None => self
                .untitled_base
                .clone()
                .unwrap_or_else(|| PathBuf::from(".")),
        }
    }

    /// Readies the document to be saved to `path` and returns the text to write. When the file
    /// goes to another folder, relative paths are made absolute, so they still name the same data.
    pub fn prepare_save(&mut self, path: &Path) -> String {
        let from = self.base_dir();
        let to = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let same_folder = match (std::fs::canonicalize(&from), std::fs::canonicalize(&to)) {
            (Ok(a), Ok(b)) => a == b,
            _ => from == to,
        };
        if !same_folder {
            let absolute_base = std::fs::canonicalize(&from).unwrap_or(from);
            let changed = self
                .document
                .make_paths_absolute(&absolute_base, None, false);
            if changed {
                self.changed(true);
            }
        }
        to_canonical_text(&self.document)
    }

    /// Applies a command. A refused command changes nothing and says why.
    pub fn apply(&mut self, command: Command) -> Result<(), CommandError> {
        match command {
            Command::AddNode { kind, at, after } => {
                let spec = kind_spec(&kind).ok_or_else(|| CommandError::UnknownKind {
                    hint: did_you_mean(&kind, catalogue().iter().map(|k| k.name)),
                    kind: kind.clone(),
                })?;
                let mut added = None;
                self.edit(&format!("add {}", spec.title), None, |doc| {
                    let id = doc.add_node(spec, spec.name, at);
                    if let Some(previous) = &after
                        && let Some(port) = spec.inputs.fixed_names().first()
                        && let Ok(output) = doc.resolve_output(previous)
                    {
                        doc.connect(output, id.as_str(), port)?;
                    }
                    added = Some(id);
                    Ok(())
                })?;
                self.selection = added.into_iter().map(|id| id.to_string()).collect();
                Ok(())
            }
            Command::AddCatalogSource { crawler, table, at } => {
                let spec = crate::model::KindId::CatalogSource.spec();
                let mut added = None;
                self.edit(&format!("add catalog source {table}"), None, |doc| {
                    let base = if crate::model::Ident::new(&table).is_ok() {
                        table.as_str()
                    } else {
                        spec.name
                    };
                    let id = doc.add_node(spec, base, at);
                    let output = doc.resolve_output(&crawler)?;
                    doc.connect(output, id.as_str(), "catalog")?;
                    doc.set_param(id.as_str(), "table", ParamValue::Str(table.clone()))?;
                    added = Some(id);
                    Ok(())
                })?;
                self.selection = added.into_iter().map(|id| id.to_string()).collect();
                Ok(())
            }
            Command::RemoveNodes(ids) => {
                let label = if ids.len() == 1 {
                    "delete node".to_string()
                } else {
                    format!("delete {} nodes", ids.len())
                };
                self.edit(&label, None, |doc| {
                    for id in &ids {
                        doc.remove_node(id)?;
                    }
                    Ok(())
                })?;
                self.selection.retain(|s| !ids.contains(s));
                Ok(())
            }
            Command::DuplicateNodes(ids) => {
                let text = self.copy_text(&ids);
                let at = self.offset_of(&ids);
                self.paste(&text, at, "duplicate")
            }
            Command::Connect {
                from,
                to_node,
                to_port,
            } => self.edit("connect", None, |doc| {
                Ok(doc.connect(from, &to_node, &to_port)?)
            }),
            Command::ConnectReplacing {
                from,
                to_node,
                to_port,
            } => self.edit("connect", None, |doc| {
                Ok(doc.connect_replacing(from, &to_node, &to_port)?)
            }),
            Command::Disconnect {
                from,
                to_node,
                to_port,
            } => self.edit("disconnect", None, |doc| {
                if doc.disconnect(&from, &to_node, &to_port) {
                    Ok(())
                } else {
                    Err(CommandError::NoSuchWire)
                }
            }),
            Command::SetParam { node, name, value } => {
                let merge = format!("param:{node}:{name}");
                self.edit(&format!("edit {name}"), Some(&merge), |doc| {
                    Ok(doc.set_param(&node, &name, value)?)
                })
            }
            Command::UnsetParam { node, name } => {
                self.edit(&format!("reset {name}"), None, |doc| {
                    doc.unset_param(&node, &name)?;
                    Ok(())
                })
            }
            Command::SetDescription { node, text } => {
                let merge = format!("description:{node}");
                self.edit("edit description", Some(&merge), |doc| {
                    let target = doc
                        .node_mut(&node)
                        .ok_or_else(|| CommandError::UnknownNode(node.clone()))?;
                    target.description = text.filter(|t| !t.trim().is_empty());
                    Ok(())
                })
            }
            Command::SetTiming { node, key, value } => {
                let merge = format!("timing:{node}:{key}");
                self.edit("edit timing", Some(&merge), |doc| {
                    Ok(doc.set_timing(&node, &key, value.as_deref())?)
                })
            }
            Command::RenameNode { from, to } => {
                self.edit("rename", None, |doc| Ok(doc.rename_node(&from, &to)?))?;
                if self.selection.remove(&from) {
                    self.selection.insert(to);
                }
                Ok(())
            }
            Command::MoveNodes(moves) => {
                let mut ids: Vec<&str> = moves.iter().map(|(id, _)| id.as_str()).collect();
                ids.sort_unstable();
                let merge = format!("move:{}", ids.join(","));
                self.edit("move", Some(&merge), |doc| {
                    for (id, at) in &moves {
                        doc.set_position(id, *at)?;
                    }
                    Ok(())
                })
            }
            Command::Paste { text, at } => self.paste(&text, at, "paste"),
            Command::AutoLayout => self.edit("auto-layout", None, |doc| {
                crate::model::auto_layout::auto_layout(doc);
                Ok(())
            }),
            Command::TakeStep {
                finished,
                step,
                lesson_folder,
            } => {
                // The finished pipeline's relative paths point into the lesson's folder (made
                // absolute when the lesson was opened): where the learner's work lives elsewhere,
                // the copied nodes read the data there absolutely, and write beside the learner's
                // pipeline. Compared as paths, without touching the disk.
                let elsewhere = (self.base_dir() != lesson_folder).then_some(lesson_folder);
                self.edit(&format!("show me: {}", step.title), None, |doc| {
                    crate::model::lesson::take_step(doc, &finished, &step)
                        .map_err(|e| CommandError::Lesson(e.to_string()))?;
                    if let Some(there) = &elsewhere {
                        doc.make_paths_absolute(there, Some(&step.nodes), true);
                    }
                    Ok(())
                })?;
                self.selection = step
                    .nodes
                    .iter()
                    .filter(|id| self.document.node(id).is_some())
                    .cloned()
                    .collect();
                Ok(())
            }
            Command::Undo => {
                let previous = self
                    .history
                    .undo(&self.document)
                    .ok_or(CommandError::NothingToUndo)?;
                self.replace_document(previous);
                Ok(())
            }
            Command::Redo => {
                let next = self
                    .history
                    .redo(&self.document)
                    .ok_or(CommandError::NothingToRedo)?;
                self.replace_document(next);
                Ok(())
            }
            Command::Select(ids) => {
                self.selection = ids
                    .into_iter()
                    .filter(|id| self.document.node(id).is_some())
                    .collect();
                Ok(())
            }
            Command::NewPipeline => {
                let mut next = Self::new(Pipeline::default());
                next.succeed(self);
                *self = next;
                Ok(())
            }
            Command::Open(path) => {
                let mut next = Self::open(&path)?;
                next.succeed(self);
                *self = next;
                Ok(())
            }
            Command::Save => {
                let path = self.file.clone().ok_or(CommandError::NoFile)?;
                self.save_to(&path)
            }
            Command::SaveAs(path) => self.save_to(&path),
        }
    }

    /// Records an undo step, then runs `change` on a copy; the copy replaces the document only
    /// when the whole change succeeds, so a refused command leaves no half-edit behind.
    fn edit(
        &mut self,
        label: &str,
        merge_key: Option<&str>,
        change: impl FnOnce(&mut Pipeline) -> Result<(), CommandError>,
    ) -> Result<(), CommandError> {
        let mut draft = self.document.clone();
        change(&mut draft)?;
        if draft == self.document {
            return Ok(());
        }
        self.history
            .record(&self.document, label, merge_key, Instant::now());
        // Requirements are planned too: a change to them is a change of content.
        let nodes_changed =
            draft.nodes != self.document.nodes || draft.requirements != self.document.requirements;
        self.document = draft;
        self.changed(nodes_changed);
        Ok(())
    }

    fn replace_document(&mut self, document: Pipeline) {
        let nodes_changed = document.nodes != self.document.nodes
            || document.requirements != self.document.requirements;
        self.document = document;
        self.selection.retain(|id| self.document.node(id).is_some());
        self.changed(nodes_changed);
    }

    fn save_to(&mut self, path: &Path) -> Result<(), CommandError> {
        let text = self.prepare_save(path);
        write_atomically(path, text.as_bytes())
            .map_err(|e| SaveError::new(path.to_path_buf(), e))?;
        self.mark_saved(path.to_path_buf(), text);
        Ok(())
    }

    /// The pipeline text of the given nodes and the wires among them: what the clipboard carries.
    pub fn copy_text(&self, ids: &[String]) -> String {
        let mut copied = Pipeline::default();
        for node in self
            .document
            .nodes
            .iter()
            .filter(|n| ids.contains(&n.id.to_string()))
        {
            let mut node = node.clone();
            for sources in node.inputs.values_mut() {
                sources.retain(|s| ids.contains(&s.node.to_string()));
            }
            node.inputs.retain(|_, sources| !sources.is_empty());
            if let Some(position) = self.document.layout.get(node.id.as_str()) {
                copied.layout.insert(node.id.clone(), *position);
            }
            copied.nodes.push(node);
        }
        to_canonical_text(&copied)
    }

    fn offset_of(&self, ids: &[String]) -> Position {
        let first = ids
            .iter()
            .find_map(|id| self.document.layout.get(id.as_str()))
            .copied()
            .unwrap_or_default();
        Position {
            x: first.x + PASTE_OFFSET.x,
            y: first.y + PASTE_OFFSET.y,
        }
    }

    /// Adds the nodes of `text` with fresh ids, their top-left at `at`, and selects them.
    fn paste(&mut self, text: &str, at: Position, label: &str) -> Result<(), CommandError> {
        let (incoming, _) = parse_pipeline(text).map_err(CommandError::NotPipelineText)?;
        if incoming.nodes.is_empty() {
            return Err(CommandError::NothingToPaste);
        }
        let origin = incoming
            .layout
            .values()
            .fold(None, |acc: Option<Position>, p| {
                Some(acc.map_or(*p, |a| Position {
                    x: a.x.min(p.x),
                    y: a.y.min(p.y),
                }))
            });
        let origin = origin.unwrap_or_default();
        let mut pasted = Vec::new();
        self.edit(label, None, |doc| {
            let mut renamed: Vec<(Ident, Ident)> = Vec::new();
            for node in &incoming.nodes {
                let id = doc.fresh_id(node.id.as_str());
                renamed.push((node.id.clone(), id.clone()));
                let mut copy = node.clone();
                copy.id = id.clone();
                copy.inputs.clear();
                doc.nodes.push(copy);
                let original = incoming
                    .layout
                    .get(node.id.as_str())
                    .copied()
                    .unwrap_or(origin);
                doc.layout.insert(
                    id,
                    Position {
                        x: at.x + original.x - origin.x,
                        y: at.y + original.y - origin.y,
                    },
                );
            }
            let new_id = |old: &Ident| {
                renamed
                    .iter()
                    .find(|(o, _)| o == old)
                    .map(|(_, n)| n.clone())
            };
            for node in &incoming.nodes {
                let Some(target) = new_id(&node.id) else {
                    continue;
                };
                for (port, source) in node.input_refs() {
                    if let Some(source_id) = new_id(&source.node) {
                        let output = crate::model::OutputRef::new(source_id, source.port.clone());
                        doc.connect(output, target.as_str(), port.as_str())?;
                    }
                }
            }
            pasted = renamed.into_iter().map(|(_, n)| n.to_string()).collect();
            Ok(())
        })?;
        self.selection = pasted.into_iter().collect();
        Ok(())
    }
}

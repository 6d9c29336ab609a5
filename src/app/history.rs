//! Undo and redo as snapshots of the whole document. Consecutive edits with the same merge key
//! (one drag, typing into one field) within a short pause become a single step.

use std::time::{Duration, Instant};

use crate::model::Pipeline;

/// Edits closer together than this, with the same merge key, are one undo step.
pub const MERGE_WINDOW: Duration = Duration::from_millis(1500);

/// The most undo steps kept.
pub const MAX_STEPS: usize = 500;

/// One undoable step: the document as it was, and what the step did.
#[derive(Debug, Clone)]
struct Step {
    before: Pipeline,
    label: String,
}

/// The undo and redo stacks.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The merge key of the last step and when it was last extended.
    open_merge: Option<(String, Instant)>,
}

impl History {
    /// Records that an edit labelled `label` is about to change `before`. With a merge key equal
    /// to the previous step's, within [`MERGE_WINDOW`], the edit joins that step.
    pub fn record(
        &mut self,
        before: &Pipeline,
        label: &str,
        merge_key: Option<&str>,
        now: Instant,
    ) {
        self.redo.clear();
        if let (Some(key), Some((open, at))) = (merge_key, &self.open_merge)
            && key == open
            && now.duration_since(*at) <= MERGE_WINDOW
            && !self.undo.is_empty()
        {
            self.open_merge = Some((key.to_string(), now));
            return;
        }
        self.undo.push(Step {
            before: before.clone(),
            label: label.to_string(),
        });
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
        self.open_merge = merge_key.map(|key| (key.to_string(), now));
    }

    /// Ends any open merge, so the next edit starts a new step (a drag ended, a field lost focus).
    pub fn close_merge(&mut self) {
        self.open_merge = None;
    }

    /// The document before the last step, with `current` kept for redo.
    pub fn undo(&mut self, current: &Pipeline) -> Option<Pipeline> {
        self.open_merge = None;
        swap_step(&mut self.undo, &mut self.redo, current)
    }

    /// The document after the last undone step, with `current` kept for undo.
    pub fn redo(&mut self, current: &Pipeline) -> Option<Pipeline> {
        self.open_merge = None;
        swap_step(&mut self.redo, &mut self.undo, current)
    }

    /// What undo would undo, for menus: "Undo move".
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Forgets everything (a new or reopened document).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// Takes the last step of `from`, keeps `current` as its counterpart on `to`, and returns the
/// document the step restores.
fn swap_step(from: &mut Vec<Step>, to: &mut Vec<Step>, current: &Pipeline) -> Option<Pipeline> {
    let step = from.pop()?;
    to.push(Step {
        before: current.clone(),
        label: step.label,
    });
    Some(step.before)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Pipeline {
        Pipeline {
            name: Some(name.to_string()),
            ..Pipeline::default()
        }
    }

    #[test]
    fn undo_and_redo_walk_the_steps() {
        let mut history = History::default();
        let now = Instant::now();
        history.record(&named("a"), "rename", None, now);
        history.record(&named("b"), "rename", None, now);
        assert_eq!(history.undo(&named("c")), Some(named("b")));
        assert_eq!(history.undo(&named("b")), Some(named("a")));
        assert_eq!(history.undo(&named("a")), None);
        assert_eq!(history.redo(&named("a")), Some(named("b")));
        assert_eq!(history.redo(&named("b")), Some(named("c")));
        assert_eq!(history.redo(&named("c")), None);
    }

    #[test]
    fn a_drag_is_one_step_and_a_pause_starts_another() {
        let mut history = History::default();
        let start = Instant::now();
        for frame in 0..30 {
            history.record(
                &named(&format!("p{frame}")),
                "move",
                Some("move:orders"),
                start + Duration::from_millis(frame * 16),
            );
        }
        assert_eq!(history.undo(&named("end")), Some(named("p0")));
        assert_eq!(history.undo(&named("p0")), None);
        let mut history = History::default();
        history.record(&named("a"), "move", Some("move:orders"), start);
        history.record(
            &named("b"),
            "move",
            Some("move:orders"),
            start + MERGE_WINDOW * 2,
        );
        assert_eq!(history.undo(&named("c")), Some(named("b")));
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut history = History::default();
        let now = Instant::now();
        history.record(&named("a"), "x", None, now);
        history.undo(&named("b"));
        history.record(&named("a"), "y", None, now);
        assert_eq!(history.redo(&named("z")), None);
    }
}

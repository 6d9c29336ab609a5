//! A lesson followed in the window, as plain data: the lesson and its pipelines, the step shown,
//! the newest judgement of every step (worked out on the engine worker for a plan generation),
//! the hints asked for and the steps done, which are the learner's progress.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use super::lesson_progress::LessonRecord;
use crate::engine::lesson::StepResult;
use crate::model::lesson::{LessonFile, Step};

/// A bundled lesson, as File > Lessons lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonEntry {
    pub name: String,
    pub title: String,
    pub path: PathBuf,
}

/// The lesson the learner follows.
#[derive(Debug, Clone)]
pub struct FollowedLesson {
    pub file: Arc<LessonFile>,
    /// The step shown, from 0.
    pub current: usize,
    /// Every step judged, for the plan generation (and run) it was judged on.
    results: Option<(u64, Vec<StepResult>)>,
    /// What the last judgement was asked for: the plan generation and the session's count of
    /// runs ended and requirements measured.
    pub(super) asked: Option<(u64, u64)>,
    /// Steps whose hint is shown.
    pub hints: BTreeSet<usize>,
    /// Steps seen done (kept when the learner changes the pipeline afterwards).
    pub done: BTreeSet<usize>,
    /// Where the learner saved their pipeline for this lesson.
    pub pipeline: Option<PathBuf>,
}

impl FollowedLesson {
    pub fn new(file: LessonFile, record: LessonRecord) -> Self {
        let steps = file.lesson.steps.len();
        Self {
            current: record.current.min(steps.saturating_sub(1)),
            done: record.done.into_iter().filter(|s| *s < steps).collect(),
            pipeline: record.pipeline,
            file: Arc::new(file),
            results: None,
            asked: None,
            hints: BTreeSet::new(),
        }
    }

    pub fn steps(&self) -> &[Step] {
        &self.file.lesson.steps
    }

    pub fn step(&self) -> Option<&Step> {
        self.steps().get(self.current)
    }

    /// The newest judgement of step `index`, when one has arrived.
    pub fn result(&self, index: usize) -> Option<&StepResult> {
        self.results
            .as_ref()
            .and_then(|(_, results)| results.get(index))
    }

    /// The plan generation the shown judgement belongs to.
    pub fn judged_generation(&self) -> Option<u64> {
        self.results.as_ref().map(|(generation, _)| *generation)
    }

    /// Takes in a judgement; true when a step was done for the first time (progress to keep).
    pub fn take_results(&mut self, generation: u64, results: Vec<StepResult>) -> bool {
        let before = self.done.len();
        for (index, result) in results.iter().enumerate() {
            if result.passed() {
                self.done.insert(index);
            }
        }
        self.results = Some((generation, results));
        self.done.len() != before
    }

    /// Whether every step has been seen done.
    pub fn finished(&self) -> bool {
        !self.steps().is_empty() && self.done.len() == self.steps().len()
    }

    /// What is kept of it on the machine.
    pub fn record(&self) -> LessonRecord {
        LessonRecord {
            current: self.current,
            done: self.done.clone(),
            pipeline: self.pipeline.clone(),
        }
    }
}

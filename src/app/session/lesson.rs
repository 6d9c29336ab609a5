//! The session's lesson: opening one off the UI thread (the learner's saved pipeline for it, or
//! an untitled copy of its starting pipeline), judging every step on the engine worker whenever
//! the plan, the measured requirements or the last run change, hints, "show me", and the
//! learner's progress written in the background.

use std::path::PathBuf;

use super::Session;
use crate::app::file_tasks::OpenedLesson;
use crate::app::intent::Effect;
use crate::app::jobs::JobRequest;
use crate::app::lesson::{FollowedLesson, LessonEntry};
use crate::app::state::AppState;
use crate::app::{Command, Discarding};
use crate::engine::lesson::RunEvidence;

/// What the learner does in the lesson panel.
#[derive(Debug, Clone, PartialEq)]
pub enum LessonIntent {
    /// Open a lesson file (File > Lessons).
    Open(PathBuf),
    /// Show step `n` (from 0).
    Step(usize),
    /// Show or hide the current step's hint.
    ToggleHint,
    /// Take the current step for the learner ("show me").
    ShowMe,
    /// Save the lesson's printable handout (asks where).
    Handout,
    Close,
}

impl Session {
    /// The lesson being followed.
    pub fn lesson(&self) -> Option<&FollowedLesson> {
        self.lesson.as_ref()
    }

    /// The bundled lessons, once listed (File > Lessons).
    pub fn bundled_lessons(&self) -> &[LessonEntry] {
        &self.lessons
    }

    pub(super) fn act_on_lesson(&mut self, intent: LessonIntent) -> Vec<Effect> {
        match intent {
            LessonIntent::Open(path) => return self.unless_unsaved(Discarding::Lesson(path)),
            LessonIntent::Step(index) => {
                if let Some(lesson) = &mut self.lesson
                    && index < lesson.steps().len()
                {
                    lesson.current = index;
                    self.keep_lesson_progress();
                }
            }
            LessonIntent::ToggleHint => {
                if let Some(lesson) = &mut self.lesson {
                    let current = lesson.current;
                    if !lesson.hints.remove(&current) {
                        lesson.hints.insert(current);
                    }
                }
            }
            LessonIntent::ShowMe => {
                let Some(lesson) = &self.lesson else {
                    return Vec::new();
                };
                let Some(step) = lesson.step() else {
                    return Vec::new();
                };
                let command = Command::TakeStep {
                    finished: Box::new(lesson.file.finished.clone()),
                    step: Box::new(step.clone()),
                    lesson_folder: lesson.file.folder().to_path_buf(),
                };
                let title = step.title.clone();
                match self.state.apply(command) {
                    Ok(()) => self.tell(format!("Shown: {title} (Ctrl+Z takes it back)"), false),
                    Err(error) => self.tell(error.to_string(), true),
                }
            }
            LessonIntent::Handout => {
                if let Some(lesson) = &self.lesson {
                    let name = format!(
                        "{}-handout.html",
                        crate::samples::bundled::lesson_name(&lesson.file.path)
                    );
                    self.ask_path(crate::app::PathPurpose::Handout, name);
                }
            }
            LessonIntent::Close => {
                self.keep_lesson_progress();
                self.lesson = None;
            }
        }
        Vec::new()
    }

    /// Opens the lesson at `path` in the background; the work it replaces was saved or given up.
    pub(super) fn open_lesson_file(&mut self, path: PathBuf) {
        self.tell(format!("Opening the lesson {}…", path.display()), false);
        self.tasks.open_lesson(path, self.config_dir.clone());
    }

    /// A lesson was read: the learner's saved pipeline for it (or a copy of its start) becomes
    /// the document, and the panel shows the step they were on.
    pub(super) fn lesson_opened(
        &mut self,
        path: &std::path::Path,
        result: Result<Box<OpenedLesson>, String>,
    ) -> Vec<Effect> {
        let opened = match result {
            Ok(opened) => *opened,
            Err(error) => {
                self.tell(
                    format!("Cannot open the lesson {}: {error}", path.display()),
                    true,
                );
                return Vec::new();
            }
        };
        let OpenedLesson {
            file,
            record,
            saved,
        } = opened;
        let state = match saved {
            Some((saved_path, pipeline)) => AppState::opened(pipeline, saved_path),
            None => AppState::untitled_copy(file.start.clone(), file.folder().to_path_buf()),
        };
        let title = file.lesson.title.clone();
        let effect = self.replace_state(state);
        let lesson = FollowedLesson::new(file, record);
        let resumed = if lesson.done.is_empty() {
            String::new()
        } else {
            format!(
                " ({} of {} steps done)",
                lesson.done.len(),
                lesson.steps().len()
            )
        };
        self.lesson = Some(lesson);
        self.tell(format!("Lesson: {title}{resumed}"), false);
        vec![effect]
    }

    /// The document was saved at `path`: a lesson being followed remembers it as the learner's
    /// work, to reopen next time.
    pub(super) fn lesson_saved_at(&mut self, path: &std::path::Path) {
        if let Some(lesson) = &mut self.lesson
            && lesson.pipeline.as_deref() != Some(path)
        {
            lesson.pipeline = Some(path.to_path_buf());
            self.keep_lesson_progress();
        }
    }

    /// What is known of a run of the document as it is now.
    fn run_evidence(&self) -> RunEvidence {
        match &self.last_run {
            Some((content, evidence)) if *content == self.state.content_generation() => {
                evidence.clone()
            }
            _ => RunEvidence::NotRun,
        }
    }

    /// Asks the worker to judge the lesson's steps when the plan, the measured requirements or
    /// the run changed since the last judgement.
    pub(super) fn judge_lesson(&mut self) {
        let Some(plan) = &self.plan else {
            return;
        };
        let Some(lesson) = &self.lesson else {
            return;
        };
        let asked = (plan.generation, self.lesson_evidence_marker);
        if lesson.asked == Some(asked) {
            return;
        }
        let requirements = match &self.measured {
            Some((generation, Ok(measured))) if *generation == plan.generation => measured.clone(),
            _ => plan.requirements.clone(),
        };
        let request = JobRequest::Lesson {
            generation: plan.generation,
            lesson: std::sync::Arc::clone(&lesson.file),
            diagnostics: plan.diagnostics.clone(),
            requirements,
            run: self.run_evidence(),
        };
        self.worker.send(request);
        if let Some(lesson) = &mut self.lesson {
            lesson.asked = Some(asked);
        }
    }

    /// A judgement arrived from the worker.
    pub(super) fn lesson_judged(
        &mut self,
        generation: u64,
        results: Vec<crate::engine::lesson::StepResult>,
    ) {
        let Some(lesson) = &mut self.lesson else {
            return;
        };
        if lesson.asked.map(|(asked, _)| asked) != Some(generation) {
            return;
        }
        let current_passed = results.get(lesson.current).is_some_and(|r| r.passed());
        let newly_done = lesson.take_results(generation, results);
        if newly_done {
            let step = lesson.current + 1;
            let message = if lesson.finished() {
                "Every step of the lesson is done".to_string()
            } else if current_passed {
                format!("Step {step} is done")
            } else {
                "A step is done".to_string()
            };
            self.tell(message, false);
            self.keep_lesson_progress();
        }
    }

    /// Something a judgement looks at changed outside the plan (a run ended, requirements
    /// were measured): the next frame judges again.
    pub(super) fn lesson_evidence_changed(&mut self) {
        self.lesson_evidence_marker += 1;
    }

    /// Writes the lesson's progress for the learner, in the background.
    fn keep_lesson_progress(&mut self) {
        if let Some(lesson) = &self.lesson {
            self.tasks.save_lesson_record(
                self.config_dir.clone(),
                lesson.file.path.clone(),
                lesson.record(),
            );
        }
    }
}

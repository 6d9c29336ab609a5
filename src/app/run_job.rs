//! A local run started from the window: it runs on a thread of its own, reports progress as it
//! goes, and can be cancelled between nodes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};

use crate::engine::{RunError, RunEvent, RunOptions, RunReport, run_pipeline};
use crate::model::Code;
use crate::model::Pipeline;

/// What a run sends back while it goes.
#[derive(Debug, Clone)]
pub enum RunUpdate {
    Event(RunEvent),
    Finished(Result<RunReport, RunError>),
}

/// A run in progress (or just finished), as the window holds it.
pub struct RunJob {
    cancel: Arc<AtomicBool>,
    updates: Receiver<RunUpdate>,
    finished: bool,
}

impl RunJob {
    /// Starts running `pipeline`; `notify` is called after each update (the window repaints).
    pub fn start(
        pipeline: Pipeline,
        site: crate::engine::PlanSite,
        options: RunOptions,
        notify: impl Fn() + Send + 'static,
    ) -> Self {
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, updates) = channel();
        let flag = Arc::clone(&cancel);
        let failure = sender.clone();
        let spawned = std::thread::Builder::new()
            .name("sluice-run".into())
            .spawn(move || {
                let events = sender.clone();
                let mut on_event = |event: RunEvent| {
                    let _ = events.send(RunUpdate::Event(event));
                    notify();
                };
                let outcome = run_pipeline(&pipeline, &site, options, &flag, &mut on_event);
                let _ = sender.send(RunUpdate::Finished(outcome));
                notify();
            });
        if let Err(error) = spawned {
            // The run never started: it ends at once, with the reason.
            let _ = failure.send(RunUpdate::Finished(Err(RunError::NodeFailed {
                node: String::new(),
                error: crate::engine::NodeError::new(
                    Code::NoThread,
                    format!("cannot start the run: {error}"),
                ),
            })));
        }
        Self {
            cancel,
            updates,
            finished: false,
        }
    }

    /// Asks the run to stop after the node it is running.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the run has sent its last update.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Every update that has arrived, without waiting.
    pub fn poll(&mut self) -> Vec<RunUpdate> {
        let updates: Vec<RunUpdate> = self.updates.try_iter().collect();
        if updates.iter().any(|u| matches!(u, RunUpdate::Finished(_))) {
            self.finished = true;
        }
        updates
    }
}

//! A local run started from the window: it runs on a thread of its own, reports progress as it
//! goes, and can be cancelled between nodes.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::engine::{RunError, RunEvent, RunReport, RunStrategy, run_pipeline};
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
    pub started: Instant,
    pub finished: bool,
}

impl RunJob {
    /// Starts running `pipeline`; `notify` is called after each update (the window repaints).
    pub fn start(
        pipeline: Pipeline,
        base_dir: PathBuf,
        strategy: RunStrategy,
        notify: impl Fn() + Send + 'static,
    ) -> Self {
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, updates) = channel();
        let flag = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("sluice-run".into())
            .spawn(move || {
                let events = sender.clone();
                let mut on_event = |event: RunEvent| {
                    let _ = events.send(RunUpdate::Event(event));
                    notify();
                };
                let outcome = run_pipeline(&pipeline, &base_dir, strategy, &flag, &mut on_event);
                let _ = sender.send(RunUpdate::Finished(outcome));
                notify();
            });
        let (finished, updates) = match spawned {
            Ok(_) => (false, updates),
            Err(error) => {
                let (sender, updates) = channel();
                let _ = sender.send(RunUpdate::Finished(Err(RunError::NodeFailed {
                    node: String::new(),
                    error: crate::engine::NodeError::new(
                        "no-thread",
                        format!("cannot start the run: {error}"),
                    ),
                })));
                (false, updates)
            }
        };
        Self {
            cancel,
            updates,
            started: Instant::now(),
            finished,
        }
    }

    /// Asks the run to stop after the node it is running.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed) && !self.finished
    }

    /// Every update that has arrived, without waiting.
    pub fn poll(&mut self) -> Vec<RunUpdate> {
        let updates: Vec<RunUpdate> = self.updates.try_iter().collect();
        if updates.iter().any(|u| matches!(u, RunUpdate::Finished(_))) {
            self.finished = true;
        }
        updates
    }

    /// Waits for the next update (for tests and headless use).
    pub fn wait(&mut self, timeout: Duration) -> Option<RunUpdate> {
        let update = self.updates.recv_timeout(timeout).ok();
        if matches!(update, Some(RunUpdate::Finished(_))) {
            self.finished = true;
        }
        update
    }
}

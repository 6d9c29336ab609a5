//! A plan made real, one change at a time in the plan's order; and destroy, which deletes every
//! resource carrying this pipeline's tag and keeps everything else. The first failure stops the
//! rest (later resources depend on earlier ones), and the report says what was done, what failed
//! and what was not attempted: planning again then shows exactly what is left.

use serde::Serialize;

use super::aws::{self, Clients, Observed};
use super::plan::{Action, Change};
use super::resources::{Desired, ResourceKind};

/// What became of one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "detail")]
pub enum Outcome {
    Done,
    /// Nothing to do (unchanged, or someone else's and kept).
    Skipped,
    /// Left in place, for this reason.
    Kept(String),
    Failed(String),
    NotAttempted,
}

/// A change and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    #[serde(flatten)]
    pub change: Change,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Carries out `changes` (from a plan of `desired` against `observed`), telling `progress`
/// about each as it ends.
pub async fn apply_changes(
    clients: &Clients,
    desired: &Desired,
    observed: &[Observed],
    changes: &[Change],
    progress: &mut (dyn FnMut(&Applied) + Send),
) -> Vec<Applied> {
    let mut applied = Vec::with_capacity(changes.len());
    let mut stopped = false;
    for change in changes {
        let outcome = if stopped {
            Outcome::NotAttempted
        } else {
            match carry_out(clients, desired, observed, change).await {
                Ok(outcome) => outcome,
                Err(error) => {
                    stopped = true;
                    Outcome::Failed(error.message)
                }
            }
        };
        let done = Applied {
            change: change.clone(),
            outcome,
        };
        progress(&done);
        applied.push(done);
    }
    applied
}

async fn carry_out(
    clients: &Clients,
    desired: &Desired,
    observed: &[Observed],
    change: &Change,
) -> Result<Outcome, aws::AwsError> {
    let found = observed
        .iter()
        .find(|o| o.kind == change.kind && o.name == change.name);
    let wanted = desired.find(change.kind, &change.name);
    match (change.action, wanted, found) {
        (Action::Create, Some(resource), _) => {
            aws::create(clients, desired, resource).await?;
            Ok(Outcome::Done)
        }
        (Action::Update, Some(resource), Some(found)) => {
            aws::update(clients, desired, resource, found).await?;
            Ok(Outcome::Done)
        }
        (Action::Delete, _, Some(found)) => {
            if found.kind == ResourceKind::Bucket && !bucket_is_empty(clients, &found.name).await? {
                return Ok(Outcome::Kept(
                    "it holds objects this pipeline did not put there".to_string(),
                ));
            }
            aws::delete(clients, desired, found).await?;
            Ok(Outcome::Done)
        }
        (Action::Conflict, _, _) => Ok(Outcome::Kept(change.reason.clone())),
        _ => Ok(Outcome::Skipped),
    }
}

async fn bucket_is_empty(clients: &Clients, bucket: &str) -> Result<bool, aws::AwsError> {
    let listed = clients
        .s3
        .list_objects_v2()
        .bucket(bucket)
        .max_keys(1)
        .send()
        .await
        .map_err(|e| aws::AwsError {
            message: format!("listing s3://{bucket}: {}", aws::error_chain(&e)),
        })?;
    Ok(listed.contents().is_empty())
}

/// What destroy does: delete every resource carrying this pipeline's tag (the reverse of the
/// order they are made in), and keep, saying so, what this pipeline uses but did not make.
pub fn destroy_changes(observed: &[Observed]) -> Vec<Change> {
    let mut changes = Vec::new();
    for kind in ResourceKind::ALL.iter().rev() {
        for found in observed.iter().filter(|o| o.kind == *kind) {
            changes.push(Change {
                action: if found.ours {
                    Action::Delete
                } else {
                    Action::Keep
                },
                kind: *kind,
                name: found.name.clone(),
                node: None,
                reason: if found.ours {
                    "carries this pipeline's tag".to_string()
                } else {
                    "does not carry this pipeline's tag: kept".to_string()
                },
            });
        }
    }
    changes
}

/// The report's counts: "5 done, 1 failed, 2 not attempted".
pub fn summary(applied: &[Applied]) -> String {
    let count = |f: fn(&Outcome) -> bool| applied.iter().filter(|a| f(&a.outcome)).count();
    let mut parts = Vec::new();
    for (n, words) in [
        (count(|o| *o == Outcome::Done), "done"),
        (count(|o| matches!(o, Outcome::Kept(_))), "kept"),
        (count(|o| matches!(o, Outcome::Failed(_))), "failed"),
        (count(|o| *o == Outcome::NotAttempted), "not attempted"),
        (count(|o| *o == Outcome::Skipped), "unchanged"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {words}"));
        }
    }
    parts.join(", ")
}

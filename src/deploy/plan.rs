//! A deploy's plan: what the pipeline wants against what the account holds, as create, update,
//! unchanged, delete, kept (someone else's, used as it is) or conflict, each with its reason. A
//! plan changes nothing; only resources carrying this pipeline's tag are ever updated or deleted.

use std::collections::BTreeMap;

use serde::Serialize;

use super::aws::Observed;
use super::resources::{Desired, Resource, ResourceKind};

/// What a plan does to one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Unchanged,
    Delete,
    /// Someone else's: used as it is, never changed or removed.
    Keep,
    /// Someone else's resource has the name this pipeline needs: the plan cannot go on.
    Conflict,
}

impl Action {
    pub fn word(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Unchanged => "unchanged",
            Self::Delete => "delete",
            Self::Keep => "keep",
            Self::Conflict => "conflict",
        }
    }

    /// Whether carrying it out calls AWS.
    pub fn changes(self) -> bool {
        matches!(self, Self::Create | Self::Update | Self::Delete)
    }
}

/// One line of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub action: Action,
    pub kind: ResourceKind,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    pub reason: String,
}

/// The changes that make the account hold what `desired` says, given what it holds now:
/// creates and updates in the order resources depend on each other, deletes after them in the
/// reverse order.
pub fn plan_changes(desired: &Desired, observed: &[Observed]) -> Vec<Change> {
    let find =
        |kind: ResourceKind, name: &str| observed.iter().find(|o| o.kind == kind && o.name == name);
    let mut changes = Vec::new();
    for kind in ResourceKind::ALL {
        for resource in desired.resources.iter().filter(|r| r.kind == kind) {
            let (action, reason) = match find(kind, &resource.name) {
                None => (Action::Create, "not in the account".to_string()),
                Some(found) if found.ours => match differences(resource, &found.properties) {
                    Some(what) => (Action::Update, what),
                    None => (Action::Unchanged, "as the pipeline says".to_string()),
                },
                Some(_) => match kind {
                    ResourceKind::Bucket => (
                        Action::Keep,
                        "yours (no sluice:pipeline tag): used as it is, never changed or removed"
                            .to_string(),
                    ),
                    ResourceKind::Database | ResourceKind::Stream => (
                        Action::Keep,
                        "exists and is not this pipeline's: used as it is, never changed or removed"
                            .to_string(),
                    ),
                    _ => (
                        Action::Conflict,
                        format!(
                            "a {} named {} exists that this pipeline did not make; rename the \
                             node or remove that {}",
                            kind.noun(),
                            resource.name,
                            kind.noun()
                        ),
                    ),
                },
            };
            changes.push(Change {
                action,
                kind,
                name: resource.name.clone(),
                node: resource.node.clone(),
                reason,
            });
        }
    }
    for kind in ResourceKind::ALL.iter().rev() {
        for found in observed.iter().filter(|o| o.kind == *kind && o.ours) {
            if desired.find(*kind, &found.name).is_none() {
                changes.push(Change {
                    action: Action::Delete,
                    kind: *kind,
                    name: found.name.clone(),
                    node: None,
                    reason: "carries this pipeline's tag but is no longer in it".to_string(),
                });
            }
        }
    }
    changes
}

/// What differs, said per property ("workers: 2 → 3"), or `None` when nothing does.
fn differences(resource: &Resource, found: &BTreeMap<String, String>) -> Option<String> {
    let mut said = Vec::new();
    for (key, wanted) in &resource.properties {
        let now = found.get(key).map_or("", String::as_str);
        if now == wanted {
            continue;
        }
        let short = |text: &str| {
            let one_line = text.lines().collect::<Vec<_>>().join(", ");
            if one_line.is_empty() {
                "none".to_string()
            } else if one_line.chars().count() > 60 {
                format!("{}…", one_line.chars().take(57).collect::<String>())
            } else {
                one_line
            }
        };
        said.push(match key.as_str() {
            "digest" => "its content changed".to_string(),
            "ruleset" => "its rules changed".to_string(),
            "visual" => "its Glue Studio graph changed".to_string(),
            _ => format!("{key}: {} → {}", short(now), short(wanted)),
        });
    }
    (!said.is_empty()).then(|| said.join("; "))
}

/// The plan's counts: "2 to create, 1 to update, 3 unchanged".
pub fn summary(changes: &[Change]) -> String {
    let count = |action: Action| changes.iter().filter(|c| c.action == action).count();
    let mut parts = Vec::new();
    for (action, words) in [
        (Action::Create, "to create"),
        (Action::Update, "to update"),
        (Action::Delete, "to delete"),
        (Action::Unchanged, "unchanged"),
        (Action::Keep, "kept as they are"),
        (Action::Conflict, "in conflict"),
    ] {
        let n = count(action);
        if n > 0 {
            parts.push(format!("{n} {words}"));
        }
    }
    if parts.is_empty() {
        "nothing to deploy".to_string()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(kind: ResourceKind, name: &str, workers: &str) -> Resource {
        Resource {
            kind,
            name: name.to_string(),
            node: None,
            properties: BTreeMap::from([("workers".to_string(), workers.to_string())]),
            body: None,
            visual: None,
        }
    }

    fn observed(kind: ResourceKind, name: &str, workers: &str, ours: bool) -> Observed {
        Observed {
            kind,
            name: name.to_string(),
            properties: BTreeMap::from([("workers".to_string(), workers.to_string())]),
            ours,
            arn: None,
        }
    }

    #[test]
    fn each_resource_is_created_updated_kept_or_deleted_with_its_reason() {
        let desired = Desired {
            resources: vec![
                resource(ResourceKind::Bucket, "b", ""),
                resource(ResourceKind::Job, "new", "2"),
                resource(ResourceKind::Job, "same", "2"),
                resource(ResourceKind::Job, "bigger", "3"),
                resource(ResourceKind::Job, "taken", "2"),
            ],
            ..Desired::default()
        };
        let found = vec![
            observed(ResourceKind::Bucket, "b", "", false),
            observed(ResourceKind::Job, "same", "2", true),
            observed(ResourceKind::Job, "bigger", "2", true),
            observed(ResourceKind::Job, "taken", "2", false),
            observed(ResourceKind::Job, "gone", "2", true),
        ];
        let changes = plan_changes(&desired, &found);
        let actions: Vec<(&str, Action)> = changes
            .iter()
            .map(|c| (c.name.as_str(), c.action))
            .collect();
        assert_eq!(
            actions,
            [
                ("b", Action::Keep),
                ("new", Action::Create),
                ("same", Action::Unchanged),
                ("bigger", Action::Update),
                ("taken", Action::Conflict),
                ("gone", Action::Delete),
            ]
        );
        assert_eq!(changes[3].reason, "workers: 2 → 3");
        assert_eq!(
            summary(&changes),
            "1 to create, 1 to update, 1 to delete, 1 unchanged, 1 kept as they are, 1 in conflict"
        );
    }
}

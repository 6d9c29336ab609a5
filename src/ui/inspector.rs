//! The inspector: the selected node's id, description and a form built from its kind's parameter
//! declarations. Column fields offer the upstream schema; every edit is a command, validated at
//! once; a value that cannot be taken stays in its field with the reason beneath it.

use crate::model::timing::TIMING_KEYS;
use std::collections::BTreeMap;

use egui::{Color32, RichText, Ui};

use super::style::{category_colour, category_icon};
use super::view::ViewContext;
use crate::app::{Command, Intent, NodeStatus, Session};
use crate::model::param::{DATA_TYPE_NAMES, FieldSpec, ParamSpec};
use crate::model::{Node, ParamType, ParamValue};

const ERROR_COLOUR: Color32 = Color32::from_rgb(0xe8, 0x60, 0x60);

/// Shows a parameter's text as typed: a tab as `\t`.
fn escape(text: &str) -> String {
    text.replace('\t', "\\t")
}

fn unescape(text: &str) -> String {
    text.replace("\\t", "\t")
}

/// The text of a scalar value, for a text field.
fn value_text(value: Option<&ParamValue>) -> String {
    match value {
        Some(ParamValue::Str(text)) => escape(text),
        Some(ParamValue::Int(n)) => n.to_string(),
        Some(ParamValue::Float(n)) => n.to_string(),
        Some(ParamValue::Bool(b)) => b.to_string(),
        Some(ParamValue::List(items)) => items
            .iter()
            .map(|i| value_text(Some(i)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(ParamValue::Record(_)) | None => String::new(),
    }
}

/// The columns a field of `node` can name: the schema of the input the field is about (a join's
/// `left` key reads the left input), else of every input.
pub fn upstream_columns(session: &Session, node: &Node, field: Option<&str>) -> Vec<String> {
    let Some(plan) = session.plan() else {
        return Vec::new();
    };
    let sources: Vec<&crate::model::OutputRef> =
        match field.filter(|f| node.inputs.keys().any(|k| k.as_str() == *f)) {
            Some(port) => node.inputs_of(port).iter().collect(),
            None => node.input_refs().map(|(_, s)| s).collect(),
        };
    let mut columns: Vec<String> = Vec::new();
    for source in sources {
        let found = plan.columns(source.node.as_str(), Some(source.port.as_str()));
        for (name, _) in found.into_iter().flatten() {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    columns
}

/// A drop-down of `options`; the chosen one, when it changed.
fn choice_field(
    ui: &mut Ui,
    widget_id: egui::Id,
    current: Option<&ParamValue>,
    options: &[String],
) -> Option<Edit> {
    let selected = current
        .and_then(ParamValue::as_str)
        .unwrap_or("")
        .to_string();
    let mut chosen = None;
    egui::ComboBox::from_id_salt(widget_id)
        .selected_text(&selected)
        .show_ui(ui, |ui| {
            for option in options {
                if ui.selectable_label(selected == *option, option).clicked() {
                    chosen = Some(option.clone());
                }
            }
        });
    chosen.map(|c| Edit::Set(ParamValue::Str(c)))
}

/// The tables of the catalog wired into `node` (a catalog source's drop-down).
pub fn upstream_tables(session: &Session, node: &Node) -> Vec<String> {
    let Some(plan) = session.plan() else {
        return Vec::new();
    };
    node.input_refs()
        .filter_map(|(_, source)| plan.catalogs.get(source.node.as_str()))
        .flat_map(|catalog| catalog.tables.iter().map(|t| t.name.clone()))
        .collect()
}

/// One edit the form asks for.
enum Edit {
    Set(ParamValue),
    Unset,
}

pub fn show(context: &mut ViewContext<'_>, ui: &mut Ui) {
    let session = context.session;
    let Some(id) = context.focused_node() else {
        let count = session.state().selection().len();
        if count > 1 {
            ui.label(format!("{count} nodes selected"));
            ui.weak("Delete, duplicate or copy them together; select one to edit it");
        } else {
            ui.weak("Select a node to see its settings");
            ui.add_space(8.0);
            ui.weak("Tip: Ctrl+K adds a node at the pointer; Ctrl+Shift+P lists every command");
        }
        return;
    };
    let Some(node) = session.document().node(&id) else {
        return;
    };
    egui::ScrollArea::both()
        .id_salt("inspector-scroll")
        .show(ui, |ui| {
            header(context, ui, node);
            ui.separator();
            let mut edits: Vec<(String, Edit)> = Vec::new();
            egui::Grid::new("inspector-params")
                .num_columns(2)
                .spacing([8.0, 6.0])
                .striped(false)
                .show(ui, |ui| {
                    for spec in node.kind.params {
                        let label = if spec.is_required() {
                            format!("{} *", spec.name)
                        } else {
                            spec.name.to_string()
                        };
                        ui.label(label).on_hover_text(spec.help);
                        ui.vertical(|ui| {
                            if let Some(edit) = field(context, ui, node, spec) {
                                edits.push((spec.name.to_string(), edit));
                            }
                            let key = (id.clone(), spec.name.to_string());
                            if let Some((_, reason)) = context.view.inspector.drafts.get(&key)
                                && !reason.is_empty()
                            {
                                ui.label(RichText::new(reason).color(ERROR_COLOUR).small());
                            }
                            if matches!(
                                spec.param_type,
                                ParamType::Expr | ParamType::Query | ParamType::Rules
                            ) && let Some(NodeStatus::Error(message)) =
                                session.plan().and_then(|p| p.statuses.get(&id))
                            {
                                ui.label(RichText::new(message).color(ERROR_COLOUR).small());
                            }
                        });
                        ui.end_row();
                    }
                });
            for (name, edit) in edits {
                let command = match edit {
                    Edit::Set(value) => Command::SetParam {
                        node: id.clone(),
                        name: name.clone(),
                        value,
                    },
                    Edit::Unset => Command::UnsetParam {
                        node: id.clone(),
                        name: name.clone(),
                    },
                };
                context.ask(Intent::EditField {
                    command,
                    node: id.clone(),
                    param: name,
                });
            }
            timing_section(context, ui, node);
            fault_section(context, ui, node);
            status(session, ui, &id);
            ui.separator();
            help_card(context, ui, node);
        });
}

fn header(context: &mut ViewContext<'_>, ui: &mut Ui, node: &Node) {
    let id = node.id.to_string();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!(
                "{} {}",
                category_icon(node.kind.category),
                node.kind.title
            ))
            .color(category_colour(node.kind.category))
            .strong()
            .size(16.0),
        );
    });
    ui.horizontal(|ui| {
        ui.label("id");
        let mut text = match &context.view.inspector.rename {
            Some((node_id, text)) if *node_id == id => text.clone(),
            _ => id.clone(),
        };
        let response = ui.add(egui::TextEdit::singleline(&mut text).id_salt("inspector-id"));
        if response.changed() {
            context.view.inspector.rename = Some((id.clone(), text.clone()));
        }
        let commit = response.lost_focus() && text != id;
        if commit {
            context.view.inspector.rename = None;
            context.ask(Intent::Edit(Command::RenameNode {
                from: id.clone(),
                to: text,
            }));
        }
    });
    let mut description = node.description.clone().unwrap_or_default();
    if ui
        .add(
            egui::TextEdit::multiline(&mut description)
                .id_salt("inspector-description")
                .hint_text("What this node is for (optional)")
                .desired_rows(1)
                .desired_width(f32::INFINITY),
        )
        .changed()
    {
        context.ask(Intent::Edit(Command::SetDescription {
            node: id,
            text: Some(description),
        }));
    }
}

fn status(session: &Session, ui: &mut Ui, id: &str) {
    let Some(plan) = session.plan() else {
        ui.weak("Checking…");
        return;
    };
    let shown_inline = session.document().node(id).is_some_and(|n| {
        n.kind.params.iter().any(|p| {
            matches!(
                p.param_type,
                ParamType::Expr | ParamType::Query | ParamType::Rules
            )
        })
    });
    match plan.statuses.get(id) {
        Some(NodeStatus::Error(_)) if shown_inline => {}
        Some(NodeStatus::Error(message)) => {
            ui.label(RichText::new(format!("✖ {message}")).color(ERROR_COLOUR));
        }
        Some(NodeStatus::Blocked(by)) => {
            ui.weak(format!("⏸ Waiting for {} to be fixed", by.join(", ")));
        }
        Some(NodeStatus::Ok) => {
            let ports = plan.schemas.get(id).map_or(&[][..], Vec::as_slice);
            match ports {
                [(_, columns)] => ui.weak(format!("✔ {} output columns", columns.len())),
                _ => ui.weak(format!("✔ {} outputs", ports.len())),
            };
        }
        None => {}
    }
    for diagnostic in plan
        .diagnostics
        .iter()
        .filter(|d| d.node.as_deref() == Some(id) && !d.is_error())
    {
        ui.label(
            RichText::new(format!("⚠ {}", diagnostic.message))
                .color(Color32::from_rgb(0xe8, 0xb8, 0x30)),
        );
    }
}

/// The node's timing attributes, which the requirement checks add up: one field each.
fn timing_section(context: &mut ViewContext<'_>, ui: &mut Ui, node: &Node) {
    let id = node.id.to_string();
    egui::CollapsingHeader::new("Timing")
        .id_salt(("inspector-timing", &id))
        .default_open(!node.timing.is_empty())
        .show(ui, |ui| {
            egui::Grid::new(("inspector-timing-grid", &id))
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    for timing_key in TIMING_KEYS {
                        ui.label(timing_key.name).on_hover_text(timing_key.help);
                        let key = (id.clone(), format!("timing.{}", timing_key.name));
                        let mut text = context.view.inspector.drafts.get(&key).map_or_else(
                            || node.timing.get(timing_key.name).unwrap_or_default(),
                            |(t, _)| t.clone(),
                        );
                        ui.vertical(|ui| {
                            let response = ui.add(
                                egui::TextEdit::singleline(&mut text)
                                    .id(egui::Id::new(("timing", id.as_str(), timing_key.name)))
                                    .hint_text(timing_hint(timing_key.name))
                                    .desired_width(160.0),
                            );
                            if response.changed() {
                                context.view.inspector.typed(key.clone(), text.clone());
                                context.ask(Intent::EditField {
                                    command: Command::SetTiming {
                                        node: id.clone(),
                                        key: timing_key.name.to_string(),
                                        value: Some(text.clone()).filter(|t| !t.trim().is_empty()),
                                    },
                                    node: id.clone(),
                                    param: key.1.clone(),
                                });
                            }
                            if let Some((_, reason)) = context.view.inspector.drafts.get(&key)
                                && !reason.is_empty()
                            {
                                ui.label(RichText::new(reason).color(ERROR_COLOUR).small());
                            }
                        });
                        ui.end_row();
                    }
                });
        });
}

/// "Break this node", for teaching: the fault the next run puts into a stream node (not saved
/// in the pipeline; `sluice run --fault` does the same).
fn fault_section(context: &mut ViewContext<'_>, ui: &mut Ui, node: &Node) {
    use crate::stream::fault::Fault;
    let is_stream = matches!(
        crate::engine::kinds::role(node.kind.id),
        crate::engine::kinds::Role::Stream(_)
    );
    if !is_stream {
        return;
    }
    let id = node.id.to_string();
    let current = context.session.fault(&id);
    let mut chosen = current;
    egui::CollapsingHeader::new(match current {
        Some(fault) => format!("Break this node: {fault}"),
        None => "Break this node".to_string(),
    })
    .id_salt(("inspector-fault", &id))
    .default_open(current.is_some())
    .show(ui, |ui| {
        ui.label(
            RichText::new(
                "For teaching: the next run makes this node fail, slow down or drop events                  (a recommend node falls back to the most popular products)",
            )
            .small()
            .weak(),
        );
        ui.horizontal(|ui| {
            if ui.selectable_label(chosen.is_none(), "none").clicked() {
                chosen = None;
            }
            if ui
                .selectable_label(matches!(chosen, Some(Fault::Fail { .. })), "fail")
                .clicked()
            {
                chosen = Some(Fault::Fail { after_events: 0 });
            }
            if ui
                .selectable_label(matches!(chosen, Some(Fault::Slow(_))), "slow")
                .clicked()
            {
                chosen = Some(Fault::Slow(std::time::Duration::from_millis(100)));
            }
            if ui
                .selectable_label(matches!(chosen, Some(Fault::Drop(_))), "drop")
                .clicked()
            {
                chosen = Some(Fault::Drop(0.1));
            }
        });
        match &mut chosen {
            Some(Fault::Fail { after_events }) => {
                ui.horizontal(|ui| {
                    ui.label("after events");
                    ui.add(egui::DragValue::new(after_events).speed(100));
                });
            }
            Some(Fault::Slow(delay)) => {
                let mut millis = delay.as_millis() as u64;
                ui.horizontal(|ui| {
                    ui.label("ms per batch");
                    if ui
                        .add(egui::DragValue::new(&mut millis).range(1..=10_000))
                        .changed()
                    {
                        *delay = std::time::Duration::from_millis(millis);
                    }
                });
            }
            Some(Fault::Drop(share)) => {
                ui.horizontal(|ui| {
                    ui.label("share dropped");
                    ui.add(egui::Slider::new(share, 0.0..=1.0));
                });
            }
            None => {}
        }
    });
    if chosen != current {
        context.ask(Intent::SetFault {
            node: id,
            fault: chosen,
        });
    }
}

/// The help of each rule type the node's rules use, then every other rule type's.
fn rule_help(ui: &mut Ui, node: &Node) {
    use crate::engine::quality::rule_help as help;
    use crate::model::dqdl::{RuleType, TopRule, parse};
    fn collect(rule: &TopRule, found: &mut Vec<RuleType>) {
        match rule {
            TopRule::Rule(rule) => {
                if !found.contains(&rule.rule_type) {
                    found.push(rule.rule_type);
                }
            }
            TopRule::All(parts, _) | TopRule::Any(parts, _) => {
                for part in parts {
                    collect(part, found);
                }
            }
        }
    }
    let text = node
        .param("rules")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut used = Vec::new();
    if let Ok(ruleset) = parse(&text) {
        for rule in &ruleset.rules {
            collect(rule, &mut used);
        }
    }
    let show = |ui: &mut Ui, rule_type: RuleType| {
        ui.add_space(4.0);
        ui.label(RichText::new(rule_type.name()).strong());
        ui.label(RichText::new(help(rule_type)).small());
    };
    if !used.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("The rules used here").strong());
        for rule_type in &used {
            show(ui, *rule_type);
        }
    }
    egui::CollapsingHeader::new("Every rule type")
        .id_salt(("rule-types", node.id.as_str()))
        .show(ui, |ui| {
            for rule_type in RuleType::ALL.iter().filter(|t| !used.contains(t)) {
                show(ui, *rule_type);
            }
        });
}

/// An example value for a timing field.
fn timing_hint(key: &str) -> &'static str {
    match key {
        "platform" => "glue_job",
        "cadence" => "1h",
        "schedule" => "cron(0 * * * ? *)",
        "expected_duration" => "12 min",
        "buffer_interval" => "300 s",
        "buffer_size_mib" => "5",
        "micro_batch_window" => "100 s",
        "timeout" => "15 min",
        "shards" => "1",
        _ => "",
    }
}

fn help_card(context: &mut ViewContext<'_>, ui: &mut Ui, node: &Node) {
    // F1 opens this section with the Help window; its header closes both.
    let response = egui::CollapsingHeader::new("Help (F1)")
        .id_salt("inspector-help")
        .open(context.view.help.is_some().then_some(true))
        .show(ui, |ui| {
            ui.label(node.kind.summary);
            ui.add_space(4.0);
            ui.label(RichText::new(node.kind.help).small());
            ui.add_space(4.0);
            ui.label(format!(
                "AWS Glue counterpart: {}",
                node.kind.aws_counterpart
            ));
            if node.kind.id == crate::model::KindId::DataQuality {
                rule_help(ui, node);
            }
            if ui
                .small_button("The whole card: an example and when to choose it (F1)")
                .clicked()
            {
                context.view.help = Some(super::help_window::HelpView::on(node.kind.name));
            }
        });
    if response.header_response.clicked() {
        context.view.help = None;
    }
}

/// Draws the widget for one parameter; returns the edit the person made, if any.
fn field(
    context: &mut ViewContext<'_>,
    ui: &mut Ui,
    node: &Node,
    spec: &ParamSpec,
) -> Option<Edit> {
    let id = node.id.to_string();
    let current = node.param(spec.name);
    let key = (id.clone(), spec.name.to_string());
    let widget_id = egui::Id::new(("param", &id, spec.name));
    match spec.param_type {
        ParamType::Bool => {
            let mut value = matches!(current, Some(ParamValue::Bool(true)));
            ui.checkbox(&mut value, "")
                .changed()
                .then_some(Edit::Set(ParamValue::Bool(value)))
        }
        ParamType::Int { min, max } => {
            let mut value = match current {
                Some(ParamValue::Int(n)) => n,
                _ => min.max(0),
            };
            ui.add(egui::DragValue::new(&mut value).range(min..=max))
                .changed()
                .then_some(Edit::Set(ParamValue::Int(value)))
        }
        ParamType::Float { min, max } => {
            let mut value = match current {
                Some(ParamValue::Float(n)) => n,
                _ => min.max(0.0),
            };
            ui.add(
                egui::DragValue::new(&mut value)
                    .range(min..=max)
                    .speed(0.01),
            )
            .changed()
            .then_some(Edit::Set(ParamValue::Float(value)))
        }
        ParamType::Choice(options) => {
            let options: Vec<String> = options.iter().map(|o| o.to_string()).collect();
            choice_field(ui, widget_id, current.as_ref(), &options)
        }
        ParamType::Columns => {
            let columns = upstream_columns(context.session, node, None);
            let chosen: Vec<String> = current
                .as_ref()
                .and_then(ParamValue::as_list)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            columns_field(ui, widget_id, &chosen, &columns)
        }
        ParamType::CatalogTable => {
            let tables = upstream_tables(context.session, node);
            if tables.is_empty() {
                return text_field(context, ui, node, spec, current.as_ref());
            }
            choice_field(ui, widget_id, current.as_ref(), &tables)
        }
        ParamType::Texts | ParamType::Paths(_) => {
            let shown = context
                .view
                .inspector
                .drafts
                .get(&key)
                .map_or_else(|| value_text(current.as_ref()), |(t, _)| t.clone());
            let mut text = shown;
            let response = ui.add(
                egui::TextEdit::singleline(&mut text)
                    .id(widget_id)
                    .hint_text("comma, separated, values"),
            );
            if response.changed() {
                context.view.inspector.typed(key, text.clone());
                let items: Vec<ParamValue> = text
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| ParamValue::Str(unescape(s)))
                    .collect();
                return Some(if items.is_empty() {
                    Edit::Unset
                } else {
                    Edit::Set(ParamValue::List(items))
                });
            }
            None
        }
        ParamType::Records(fields) => {
            let records: Vec<BTreeMap<String, ParamValue>> = current
                .as_ref()
                .and_then(ParamValue::as_list)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| match i {
                            ParamValue::Record(r) => Some(r.clone()),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            records_field(context.session, ui, node, widget_id, fields, records)
        }
        ParamType::Text
        | ParamType::Name
        | ParamType::Char
        | ParamType::Path(_)
        | ParamType::Expr
        | ParamType::Query
        | ParamType::Rules
        | ParamType::Column
        | ParamType::DataType => text_field(context, ui, node, spec, current.as_ref()),
    }
}

fn text_field(
    context: &mut ViewContext<'_>,
    ui: &mut Ui,
    node: &Node,
    spec: &ParamSpec,
    current: Option<&ParamValue>,
) -> Option<Edit> {
    let key = (node.id.to_string(), spec.name.to_string());
    let widget_id = egui::Id::new(("param", node.id.as_str(), spec.name));
    let mut text = context
        .view
        .inspector
        .drafts
        .get(&key)
        .map_or_else(|| value_text(current), |(t, _)| t.clone());
    let hint = spec
        .default_value()
        .map(|d| value_text(Some(&d)))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| match spec.param_type {
            ParamType::Expr => "price * quantity > 100".into(),
            ParamType::Path(_) => "data/*.csv".into(),
            ParamType::Query => "SELECT * FROM input".into(),
            ParamType::Rules => "Rules = [ IsComplete \"id\", RowCount > 0 ]".into(),
            _ => String::new(),
        });
    let mut picked = None;
    let response = ui
        .horizontal(|ui| {
            let editor = if matches!(spec.param_type, ParamType::Query | ParamType::Rules) {
                egui::TextEdit::multiline(&mut text)
                    .code_editor()
                    .desired_rows(4)
            } else if spec.param_type == ParamType::Expr {
                egui::TextEdit::singleline(&mut text).code_editor()
            } else {
                egui::TextEdit::singleline(&mut text)
            };
            let response = ui.add(editor.id(widget_id).hint_text(hint).desired_width(180.0));
            let options: Vec<String> = match spec.param_type {
                ParamType::Column => upstream_columns(context.session, node, None),
                ParamType::DataType => DATA_TYPE_NAMES[..16]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                _ => Vec::new(),
            };
            if !options.is_empty() {
                ui.menu_button("▾", |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(240.0)
                        .show(ui, |ui| {
                            for option in &options {
                                if ui.button(option).clicked() {
                                    picked = Some(option.clone());
                                    ui.close();
                                }
                            }
                        });
                })
                .response
                .on_hover_text("Choose from the input's columns");
            }
            response
        })
        .inner;
    if let Some(option) = picked {
        context.view.inspector.drafts.remove(&key);
        return Some(Edit::Set(ParamValue::Str(option)));
    }
    if response.lost_focus() {
        context.ask(Intent::CloseMerge);
        if context
            .view
            .inspector
            .drafts
            .get(&key)
            .is_some_and(|(_, reason)| reason.is_empty())
        {
            context.view.inspector.drafts.remove(&key);
        }
    }
    if !response.changed() {
        return None;
    }
    context.view.inspector.typed(key, text.clone());
    if text.trim().is_empty() {
        return Some(Edit::Unset);
    }
    Some(Edit::Set(ParamValue::Str(unescape(&text))))
}

fn columns_field(
    ui: &mut Ui,
    widget_id: egui::Id,
    chosen: &[String],
    columns: &[String],
) -> Option<Edit> {
    let mut result: Option<Vec<String>> = None;
    ui.horizontal_wrapped(|ui| {
        for (index, column) in chosen.iter().enumerate() {
            let missing = !columns.is_empty() && !columns.contains(column);
            let text = if missing {
                RichText::new(format!("{column} ✖")).color(ERROR_COLOUR)
            } else {
                RichText::new(format!("{column} ✖"))
            };
            if ui
                .small_button(text)
                .on_hover_text(if missing {
                    "Not a column of the input; click to remove"
                } else {
                    "Remove"
                })
                .clicked()
            {
                let mut next = chosen.to_vec();
                next.remove(index);
                result = Some(next);
            }
        }
        let available: Vec<&String> = columns.iter().filter(|c| !chosen.contains(c)).collect();
        egui::ComboBox::from_id_salt(widget_id)
            .selected_text("add column…")
            .width(110.0)
            .show_ui(ui, |ui| {
                if available.is_empty() {
                    ui.weak("no more columns (connect an input)");
                }
                for column in available {
                    if ui.selectable_label(false, column).clicked() {
                        let mut next = chosen.to_vec();
                        next.push(column.clone());
                        result = Some(next);
                    }
                }
            });
    });
    result.map(|list| {
        if list.is_empty() {
            Edit::Unset
        } else {
            Edit::Set(ParamValue::List(
                list.into_iter().map(ParamValue::Str).collect(),
            ))
        }
    })
}

fn records_field(
    session: &Session,
    ui: &mut Ui,
    node: &Node,
    widget_id: egui::Id,
    fields: &[FieldSpec],
    mut records: Vec<BTreeMap<String, ParamValue>>,
) -> Option<Edit> {
    let mut changed = false;
    let mut remove = None;
    for (index, record) in records.iter_mut().enumerate() {
        // One small card per record, a field per line, so it fits a narrow inspector.
        egui::Frame::group(ui.style()).show(ui, |ui| {
            egui::Grid::new(widget_id.with(("record", index)))
                .num_columns(2)
                .show(ui, |ui| {
                    for field in fields {
                        let id = widget_id.with((index, field.name));
                        let label = if field.required {
                            format!("{} *", field.name)
                        } else {
                            field.name.to_string()
                        };
                        ui.label(RichText::new(label).small())
                            .on_hover_text(field.help);
                        let value = record.get(field.name).cloned();
                        let options: Option<Vec<String>> = match field.field_type {
                            ParamType::Choice(options) => {
                                Some(options.iter().map(|o| o.to_string()).collect())
                            }
                            ParamType::Column => {
                                let mut columns = upstream_columns(session, node, Some(field.name));
                                if field.help.contains("\"*\"") {
                                    columns.insert(0, "*".to_string());
                                }
                                Some(columns)
                            }
                            _ => None,
                        };
                        if field.field_type == ParamType::Bool {
                            let mut flag = matches!(value, Some(ParamValue::Bool(true)));
                            if ui
                                .add(egui::Checkbox::without_text(&mut flag))
                                .on_hover_text(field.help)
                                .changed()
                            {
                                if flag {
                                    record.insert(field.name.to_string(), ParamValue::Bool(true));
                                } else {
                                    record.remove(field.name);
                                }
                                changed = true;
                            }
                            ui.end_row();
                            continue;
                        }
                        match options {
                            Some(options) => {
                                let selected = value
                                    .as_ref()
                                    .and_then(ParamValue::as_str)
                                    .unwrap_or("")
                                    .to_string();
                                if let Some(chosen) = pick_one(ui, id, field, &selected, &options) {
                                    record.insert(field.name.to_string(), ParamValue::Str(chosen));
                                    changed = true;
                                }
                            }
                            None => {
                                let mut text = value_text(value.as_ref());
                                if ui
                                    .add(
                                        egui::TextEdit::singleline(&mut text)
                                            .id(id)
                                            .hint_text(field.name)
                                            .desired_width(120.0),
                                    )
                                    .on_hover_text(field.help)
                                    .changed()
                                {
                                    if text.trim().is_empty() {
                                        record.remove(field.name);
                                    } else {
                                        record
                                            .insert(field.name.to_string(), ParamValue::Str(text));
                                    }
                                    changed = true;
                                }
                            }
                        }
                        ui.end_row();
                    }
                });
            if ui
                .small_button("✖ Remove")
                .on_hover_text("Remove this row")
                .clicked()
            {
                remove = Some(index);
            }
        });
    }
    if let Some(index) = remove {
        records.remove(index);
        changed = true;
    }
    if ui.small_button("+ Add").clicked() {
        let mut record = BTreeMap::new();
        for field in fields.iter().filter(|f| f.required) {
            let first = match field.field_type {
                ParamType::Choice(options) => options.first().map(|o| o.to_string()),
                ParamType::Column => upstream_columns(session, node, Some(field.name))
                    .into_iter()
                    .next(),
                _ => None,
            };
            if let Some(first) = first {
                record.insert(field.name.to_string(), ParamValue::Str(first));
            }
        }
        records.push(record);
        changed = true;
    }
    changed.then(|| {
        if records.is_empty() {
            Edit::Unset
        } else {
            Edit::Set(ParamValue::List(
                records.into_iter().map(ParamValue::Record).collect(),
            ))
        }
    })
}

/// A drop-down of `options` for one field of a record; returns the option picked.
fn pick_one(
    ui: &mut Ui,
    id: egui::Id,
    field: &FieldSpec,
    selected: &str,
    options: &[String],
) -> Option<String> {
    let mut chosen = None;
    egui::ComboBox::from_id_salt(id)
        .selected_text(if selected.is_empty() {
            field.name
        } else {
            selected
        })
        .width(130.0)
        .show_ui(ui, |ui| {
            if options.is_empty() {
                ui.weak("connect an input to choose its columns");
            }
            for option in options {
                if ui.selectable_label(selected == option, option).clicked() {
                    chosen = Some(option.clone());
                }
            }
        })
        .response
        .on_hover_text(field.help);
    chosen
}

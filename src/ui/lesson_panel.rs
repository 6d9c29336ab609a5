//! The lesson panel (right of the canvas while a lesson is followed): the lesson's steps with
//! the ones done ticked, the current step's explanation and its checks turning green as the
//! learner works, a hint on request, "Show me" that takes the step, and the way between steps.

use egui::{RichText, Ui};

use super::style::check_colour;
use super::view::ViewContext;
use crate::app::{Action, Intent, LessonIntent};
use crate::engine::lesson::CheckStatus;

/// The panel's width in points.
pub const PANEL_WIDTH: f32 = 340.0;

pub fn show(context: &mut ViewContext<'_>, ui: &mut Ui) {
    let Some(lesson) = context.session.lesson() else {
        return;
    };
    let steps = lesson.steps();
    let current = lesson.current;
    let mut asked: Vec<LessonIntent> = Vec::new();
    let mut check_requirements = false;
    let mut run = false;
    ui.horizontal(|ui| {
        ui.heading("Lesson");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .small_button("Close lesson")
                .on_hover_text("Close the lesson (your progress is kept)")
                .clicked()
            {
                asked.push(LessonIntent::Close);
            }
        });
    });
    ui.label(RichText::new(&lesson.file.lesson.title).strong());
    let done = lesson.done.len();
    ui.add(
        egui::ProgressBar::new(done as f32 / steps.len().max(1) as f32)
            .text(format!("{done} of {} steps done", steps.len())),
    );
    ui.add_space(4.0);
    egui::CollapsingHeader::new("Steps")
        .id_salt("lesson-steps")
        .default_open(false)
        .show(ui, |ui| {
            for (index, step) in steps.iter().enumerate() {
                let mark = if lesson.done.contains(&index) {
                    "✔"
                } else {
                    "○"
                };
                let text = format!("{mark} {}. {}", index + 1, step.title);
                if ui.selectable_label(index == current, text).clicked() {
                    asked.push(LessonIntent::Step(index));
                }
            }
        });
    ui.separator();
    let Some(step) = lesson.step() else {
        return;
    };
    ui.label(
        RichText::new(format!(
            "Step {} of {}: {}",
            current + 1,
            steps.len(),
            step.title
        ))
        .heading()
        .size(16.0),
    );
    egui::ScrollArea::vertical()
        .id_salt("lesson-step")
        .auto_shrink([false, true])
        .max_height(ui.available_height() - 90.0)
        .show(ui, |ui| {
            for paragraph in step.explanation.split("\n\n") {
                ui.label(paragraph.split_whitespace().collect::<Vec<_>>().join(" "));
                ui.add_space(4.0);
            }
            ui.add_space(4.0);
            ui.label(RichText::new("Checks").strong());
            let result = lesson.result(current);
            for (index, check) in step.checks.iter().enumerate() {
                let judged = result.and_then(|r| r.checks.get(index));
                let status = judged.map(|c| &c.status);
                let (symbol, colour) = match status {
                    Some(status) => (status.symbol(), check_colour(status)),
                    None => ("…", ui.visuals().weak_text_color()),
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(symbol).color(colour).strong());
                    ui.label(check.kind.describe());
                });
                match status {
                    Some(CheckStatus::Failed(why) | CheckStatus::Waiting(why)) => {
                        ui.indent(("lesson-why", index), |ui| {
                            ui.label(RichText::new(why).weak().small());
                        });
                    }
                    Some(CheckStatus::Passed) | None => {}
                }
                if let Some(CheckStatus::Waiting(_)) = status {
                    if check.kind.needs_run() {
                        run = true;
                    } else {
                        check_requirements = true;
                    }
                }
            }
            if lesson.hints.contains(&current)
                && let Some(hint) = &step.hint
            {
                ui.add_space(6.0);
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.label(RichText::new("Hint").strong());
                    ui.label(hint);
                });
            }
        });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(current > 0, egui::Button::new("◀ Previous"))
            .clicked()
        {
            asked.push(LessonIntent::Step(current - 1));
        }
        let passed = lesson.result(current).is_some_and(|r| r.passed());
        let next = egui::Button::new(if passed { "Next ▶" } else { "Skip ▶" });
        if ui
            .add_enabled(current + 1 < steps.len(), next)
            .on_hover_text(if passed {
                "The step is done: on to the next"
            } else {
                "Go on without finishing this step"
            })
            .clicked()
        {
            asked.push(LessonIntent::Step(current + 1));
        }
        if step.hint.is_some() {
            let label = if lesson.hints.contains(&current) {
                "Hide hint"
            } else {
                "Hint"
            };
            if ui.button(label).clicked() {
                asked.push(LessonIntent::ToggleHint);
            }
        }
        if ui
            .button("Handout…")
            .on_hover_text("A printable page: the finished canvas and every step")
            .clicked()
        {
            asked.push(LessonIntent::Handout);
        }
        if ui
            .button("Show me")
            .on_hover_text(
                "Take this step for you, as the finished pipeline does (Ctrl+Z undoes it)",
            )
            .clicked()
        {
            asked.push(LessonIntent::ShowMe);
        }
    });
    ui.horizontal_wrapped(|ui| {
        if run
            && ui
                .button("▶ Run")
                .on_hover_text("Run the pipeline (F5)")
                .clicked()
        {
            context.perform(Action::Run);
        }
        if check_requirements
            && ui
                .button("Check against data")
                .on_hover_text("Evaluate the quality rules and measure the requirements")
                .clicked()
        {
            context.perform(Action::CheckRequirements);
        }
    });
    if lesson.finished() {
        ui.label(
            RichText::new("✔ Every step is done. Well built!")
                .color(check_colour(&CheckStatus::Passed))
                .strong(),
        );
    }
    for intent in asked {
        context.ask(Intent::Lesson(intent));
    }
}

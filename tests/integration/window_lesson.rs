//! The lesson panel in the window: File > Lessons opens a lesson on its starting pipeline, the
//! current step's checks show red, "Show me" takes the step and they turn green, the next step
//! follows, the progress is kept for the learner and comes back when the lesson is opened
//! again; F1 opens the help cards.

use egui_kittest::kittest::Queryable;
use sluice::app::{Intent, LessonIntent};
use sluice::ui::{Opening, Request};

use super::window::{
    click, planned, settle_for_snapshot, snapshot, step_until, type_text, window_on,
};
use crate::fixtures::Workspace;

fn judged(designer: &sluice::ui::Designer) -> bool {
    planned(designer)
        && designer.session().lesson().is_some_and(|lesson| {
            lesson.result(lesson.current).is_some()
                && lesson.judged_generation() == designer.session().plan().map(|p| p.generation)
        })
}

#[test]
fn the_lesson_panel_shows_the_step_show_me_turns_its_checks_green_and_progress_is_kept() {
    let ws = Workspace::new();
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/architecture-choices");
    crate::fixtures::copy_tree(&sample, &ws.path().join("choices"));
    let lesson_file = ws.path().join("choices/architecture-choices.lesson.toml");
    let config = ws.path().join("config");
    // A saved pipeline is open: nothing to ask about when the lesson replaces it.
    let mut harness = window_on(
        Opening::File(
            ws.path()
                .join("choices/architecture-choices-finished.sluice.toml"),
        ),
        &config,
    );
    step_until(&mut harness, "the first plan", planned);
    // The bundled lessons are listed for File > Lessons.
    step_until(&mut harness, "the bundled lessons", |d| {
        d.session().bundled_lessons().len() >= 5
    });
    harness
        .state_mut()
        .queue(Request::App(Intent::Lesson(LessonIntent::Open(
            lesson_file.clone(),
        ))));
    step_until(&mut harness, "the lesson's first judgement", judged);
    let designer = harness.state();
    assert_eq!(
        designer.session().document().name.as_deref(),
        Some("Architecture choices: the right service for each job"),
        "the lesson's starting pipeline is the document"
    );
    assert!(
        designer.session().state().file().is_none(),
        "as an untitled copy"
    );
    assert!(
        harness
            .query_by_label_contains("Step 1 of 2: Under a second")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("`declined`'s timing platform is `lambda`")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("`declined`'s timing platform is glue_streaming")
            .is_some(),
        "why the check fails"
    );
    assert!(harness.query_by_label("0 of 2 steps done").is_some());
    settle_for_snapshot(&mut harness);
    snapshot(&mut harness, "lesson_panel");

    click(&mut harness, "Hint");
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("Set declined's timing platform to lambda")
            .is_some()
    );
    click(&mut harness, "Show me");
    step_until(&mut harness, "step 1 done", |d| {
        judged(d) && d.session().lesson().is_some_and(|l| l.done.contains(&0))
    });
    let designer = harness.state();
    let declined = designer.session().document().node("declined").unwrap();
    assert_eq!(
        declined.timing.platform,
        Some(sluice::model::timing::Platform::Lambda)
    );
    assert!(harness.query_by_label("1 of 2 steps done").is_some());
    assert!(
        harness.query_by_label("Next ▶").is_some(),
        "the step is done"
    );
    click(&mut harness, "Next ▶");
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("Step 2 of 2: Twenty minutes")
            .is_some()
    );
    // Show me is one undo step.
    assert_eq!(
        harness.state().session().state().history().undo_label(),
        Some("show me: Under a second: what can answer that fast?")
    );

    // The progress is on the machine for the learner; opening the lesson again resumes it.
    step_until(&mut harness, "the progress written", |_| {
        std::fs::read_dir(config.join("lessons"))
            .ok()
            .and_then(|mut files| files.next())
            .and_then(|file| std::fs::read_to_string(file.ok()?.path()).ok())
            .is_some_and(|text| text.contains("current = 1") && text.contains("done = [0]"))
    });
    harness
        .state_mut()
        .queue(Request::App(Intent::Lesson(LessonIntent::Close)));
    harness.run_steps(2);
    assert!(harness.state().session().lesson().is_none());
    harness
        .state_mut()
        .queue(Request::App(Intent::Lesson(LessonIntent::Open(
            lesson_file,
        ))));
    harness.run_steps(2);
    // The document has unsaved changes: the window asks first.
    click(&mut harness, "Don't save");
    step_until(&mut harness, "the lesson reopened", judged);
    let lesson = harness.state().session().lesson().unwrap();
    assert_eq!(lesson.current, 1);
    assert!(lesson.done.contains(&0));

    // Handout…: asks where (no desktop dialog here), then writes the printable page.
    click(&mut harness, "Handout…");
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label("Save the lesson's handout (HTML)")
            .is_some()
    );
    let handout = ws.path().join("handout.html");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    type_text(&mut harness, &handout.display().to_string());
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the handout", |_| handout.is_file());
    let page = std::fs::read_to_string(&handout).unwrap();
    assert!(page.contains("Under a second: what can answer that fast?") && page.contains("<svg"));

    // F1: the help cards, on the architecture choices too.
    harness.key_press(egui::Key::F1);
    harness.run_steps(3);
    assert!(harness.state().view().help.is_some());
    click(&mut harness, "Glue, EMR, Lambda or Batch: where a job runs");
    assert!(
        harness
            .query_by_label_contains("Lambda runs a function for at most 15 minutes")
            .is_some()
    );
}

//! `sluice lesson list|check`: the bundled lessons with their paths, and a learner's pipeline
//! judged step by step against a lesson's checks (the finished pipeline by default, `--start`
//! the starting one). Exit 0 only when every step passes.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::OutputFormat;
use super::load::load_or_report;
use crate::engine::lesson::{StepResult, judge_pipeline};
use crate::model::lesson::{Lesson, open_lesson};
use crate::samples::bundled::{lesson_files, lesson_name};

#[derive(Debug, clap::Args)]
pub struct LessonArgs {
    #[command(subcommand)]
    pub command: LessonCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum LessonCommand {
    /// The bundled lessons, with their files and pipelines
    List(ListArgs),
    /// Judge a pipeline against a lesson's checks, step by step (exit 0 when every step passes)
    Check(CheckArgs),
    /// Take a step for the learner, as the window's "Show me": the step's nodes and
    /// requirements copied from the finished pipeline into PIPELINE, which is rewritten
    ShowMe(ShowMeArgs),
    /// Write the lesson's one-page printable handout (HTML: the finished canvas and the steps;
    /// print it, or save it as PDF, from a browser)
    Handout(HandoutArgs),
}

#[derive(Debug, clap::Args)]
pub struct HandoutArgs {
    /// The lesson: a *.lesson.toml file, or a bundled lesson's name
    pub lesson: String,
    /// The HTML file to write
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ShowMeArgs {
    /// The lesson: a *.lesson.toml file, or a bundled lesson's name
    pub lesson: String,
    /// The learner's pipeline, changed in place
    pub pipeline: PathBuf,
    /// The step to take, from 1
    #[arg(long)]
    pub step: usize,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The lesson: a *.lesson.toml file, or a bundled lesson's name (`sluice lesson list`)
    pub lesson: String,
    /// The learner's pipeline; the lesson's finished pipeline when left out
    pub pipeline: Option<PathBuf>,
    /// Judge the lesson's starting pipeline instead
    #[arg(long, conflicts_with = "pipeline")]
    pub start: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

pub fn run(args: &LessonArgs) -> anyhow::Result<u8> {
    match &args.command {
        LessonCommand::List(list) => list_lessons(list),
        LessonCommand::Check(check) => check_pipeline(check),
        LessonCommand::ShowMe(show) => show_me(show),
        LessonCommand::Handout(handout) => write_handout(handout),
    }
}

fn write_handout(args: &HandoutArgs) -> anyhow::Result<u8> {
    let read = match lesson_or_report(&args.lesson) {
        Ok(read) => read,
        Err(code) => return Ok(code),
    };
    crate::ui::handout::write_handout(&read, &args.out)
        .map_err(|e| anyhow::anyhow!("{}: {e}", read.path.display()))?;
    println!("wrote {}", args.out.display());
    Ok(super::exit::OK)
}

fn show_me(args: &ShowMeArgs) -> anyhow::Result<u8> {
    let read = match lesson_or_report(&args.lesson) {
        Ok(read) => read,
        Err(code) => return Ok(code),
    };
    let count = read.lesson.steps.len();
    let Some(step) = args
        .step
        .checked_sub(1)
        .and_then(|index| read.lesson.steps.get(index))
    else {
        eprintln!(
            "sluice: the lesson has steps 1 to {count}; there is no step {}",
            args.step
        );
        return Ok(super::exit::USAGE);
    };
    let mut state = crate::app::AppState::open(&args.pipeline).map_err(anyhow::Error::msg)?;
    let command = crate::app::Command::TakeStep {
        finished: Box::new(read.finished.clone()),
        step: Box::new(step.clone()),
        lesson_folder: read.folder().to_path_buf(),
    };
    if let Err(reason) = state.apply(command) {
        eprintln!("sluice: {}: {reason}", args.pipeline.display());
        return Ok(super::exit::PIPELINE_ERROR);
    }
    state
        .apply(crate::app::Command::Save)
        .map_err(|e| anyhow::anyhow!("cannot save {}: {e}", args.pipeline.display()))?;
    println!(
        "{}: took step {} ({})",
        args.pipeline.display(),
        args.step,
        step.title
    );
    Ok(super::exit::OK)
}

/// The lesson `name` means, opened; or why not, printed, and the exit code to stop with.
fn lesson_or_report(name: &str) -> Result<crate::model::lesson::LessonFile, u8> {
    let Some(path) = find_lesson(name) else {
        let names: Vec<String> = lesson_files().iter().map(|f| lesson_name(f)).collect();
        eprintln!(
            "sluice: there is no lesson file or bundled lesson `{name}` (bundled: {})",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
        return Err(super::exit::PIPELINE_ERROR);
    };
    open_lesson(&path).map_err(|error| {
        eprintln!("{error}");
        super::exit::PIPELINE_ERROR
    })
}

/// The lesson file `name` means: a path, else a bundled lesson of that name.
fn find_lesson(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(name);
    if path.is_file() {
        return Some(path);
    }
    lesson_files()
        .into_iter()
        .find(|file| lesson_name(file) == name)
}

#[derive(Serialize)]
struct ListedLesson {
    name: String,
    title: String,
    summary: String,
    minutes: Option<u32>,
    steps: usize,
    file: String,
    start: String,
    finished: String,
}

fn list_lessons(args: &ListArgs) -> anyhow::Result<u8> {
    let mut listed = Vec::new();
    let mut broken = Vec::new();
    for file in lesson_files() {
        match open_lesson(&file) {
            Ok(read) => listed.push(ListedLesson {
                name: lesson_name(&file),
                title: read.lesson.title.clone(),
                summary: read.lesson.summary.clone(),
                minutes: read.lesson.minutes,
                steps: read.lesson.steps.len(),
                file: file.display().to_string(),
                start: read.start_path.display().to_string(),
                finished: read.finished_path.display().to_string(),
            }),
            Err(error) => broken.push(error),
        }
    }
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&listed)?),
        OutputFormat::Text => {
            if listed.is_empty() && broken.is_empty() {
                println!("no bundled lessons were found (the samples folder is missing)");
            }
            for lesson in &listed {
                let minutes = lesson
                    .minutes
                    .map(|m| format!(", {m} min"))
                    .unwrap_or_default();
                println!(
                    "{}: {} ({} steps{minutes})",
                    lesson.name, lesson.title, lesson.steps
                );
                println!("  {}", lesson.summary);
                println!("  lesson:   {}", lesson.file);
                println!("  start:    {}", lesson.start);
                println!("  finished: {}", lesson.finished);
            }
        }
    }
    for error in &broken {
        eprintln!("{error}");
    }
    Ok(if broken.is_empty() {
        super::exit::OK
    } else {
        super::exit::PIPELINE_ERROR
    })
}

#[derive(Serialize)]
struct StepJson<'a> {
    step: usize,
    passed: bool,
    #[serde(flatten)]
    result: &'a StepResult,
}

#[derive(Serialize)]
struct CheckReport<'a> {
    lesson: String,
    title: &'a str,
    pipeline: String,
    passed: bool,
    steps_passed: usize,
    steps: Vec<StepJson<'a>>,
}

fn check_pipeline(args: &CheckArgs) -> anyhow::Result<u8> {
    let read = match lesson_or_report(&args.lesson) {
        Ok(read) => read,
        Err(code) => return Ok(code),
    };
    let pipeline_path = match (&args.pipeline, args.start) {
        (Some(path), _) => path.clone(),
        (None, true) => read.start_path.clone(),
        (None, false) => read.finished_path.clone(),
    };
    let results = judge_file(&read.lesson, &pipeline_path)?;
    let Some(results) = results else {
        return Ok(super::exit::PIPELINE_ERROR);
    };
    let steps_passed = results.iter().filter(|s| s.passed()).count();
    let passed = steps_passed == results.len();
    match args.format {
        OutputFormat::Json => {
            let report = CheckReport {
                lesson: read.path.display().to_string(),
                title: &read.lesson.title,
                pipeline: pipeline_path.display().to_string(),
                passed,
                steps_passed,
                steps: results
                    .iter()
                    .enumerate()
                    .map(|(index, result)| StepJson {
                        step: index + 1,
                        passed: result.passed(),
                        result,
                    })
                    .collect(),
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        OutputFormat::Text => {
            println!("{} ({})", read.lesson.title, read.path.display());
            println!("pipeline: {}", pipeline_path.display());
            for (index, result) in results.iter().enumerate() {
                let mark = if result.passed() { "✔" } else { "✖" };
                println!("{mark} step {}: {}", index + 1, result.title);
                for check in &result.checks {
                    let reason = match &check.status {
                        crate::engine::lesson::CheckStatus::Passed => String::new(),
                        crate::engine::lesson::CheckStatus::Failed(why)
                        | crate::engine::lesson::CheckStatus::Waiting(why) => format!(": {why}"),
                    };
                    println!("    {} {}{reason}", check.status.symbol(), check.check);
                }
            }
            println!("{steps_passed} of {} steps done", results.len());
        }
    }
    Ok(if passed {
        super::exit::OK
    } else {
        super::exit::PIPELINE_ERROR
    })
}

/// Every step of `lesson` judged on the pipeline at `pipeline_path`; `None` when the pipeline
/// cannot be loaded (the reason is printed).
fn judge_file(lesson: &Lesson, pipeline_path: &Path) -> anyhow::Result<Option<Vec<StepResult>>> {
    let Ok(loaded) = load_or_report(pipeline_path) else {
        return Ok(None);
    };
    let results = judge_pipeline(
        lesson,
        &loaded.pipeline,
        loaded.site(),
        Some(&loaded.source_map),
    )
    .map_err(anyhow::Error::msg)?;
    Ok(Some(results))
}

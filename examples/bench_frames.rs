//! Frame-time benchmark of the designer window: the CPU time of one egui frame (layout of every
//! panel and the canvas, then tessellation) for generated graphs of several sizes, idle and while
//! panning, against the same window with an empty pipeline in the same process.
//!
//! cargo run --release --example bench_frames [-- 100 1000 5000]

use std::time::{Duration, Instant};

use egui::{Pos2, Rect, Vec2};
use sluice::app::AppState;
use sluice::model::{Ident, OutputRef, ParamValue, Pipeline, Position, kind_spec};
use sluice::ui::canvas::ViewRequest;
use sluice::ui::{Designer, Startup};

/// Frames measured per case.
const FRAMES: usize = 240;
/// Nodes per generated chain: a source and its transforms.
const CHAIN: usize = 10;
const SCREEN: Vec2 = Vec2::new(1600.0, 1000.0);

/// A pipeline of `n` nodes: chains of a CSV source followed by filters, laid out left to right.
fn generated(n: usize, csv: &str) -> Pipeline {
    let mut doc = Pipeline::default();
    let (Some(source), Some(filter)) = (kind_spec("csv_source"), kind_spec("filter")) else {
        return doc;
    };
    let mut previous: Option<Ident> = None;
    for index in 0..n {
        let at = Position {
            x: (index % CHAIN) as f32 * 230.0,
            y: (index / CHAIN) as f32 * 110.0,
        };
        let id = if index % CHAIN == 0 {
            let id = doc.add_node(source, "source", at);
            let _ = doc.set_param(id.as_str(), "path", ParamValue::Str(csv.to_string()));
            id
        } else {
            let id = doc.add_node(filter, "filter", at);
            let _ = doc.set_param(
                id.as_str(),
                "predicate",
                ParamValue::Str("customerNumber > 0".into()),
            );
            if let (Some(from), Ok(port)) = (&previous, Ident::new("out")) {
                let _ = doc.connect(OutputRef::new(from.clone(), port), id.as_str(), "in");
            }
            id
        };
        previous = Some(id);
    }
    doc
}

fn input(time_s: f64, events: Vec<egui::Event>) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
        time: Some(time_s),
        events,
        ..egui::RawInput::default()
    }
}

struct Stats {
    median: Duration,
    p95: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Stats {
        median: at(0.5),
        p95: at(0.95),
    }
}

/// Measures idle frames and panning frames of a window showing `doc`, zoomed to fit or at 100 %.
fn measure(doc: Pipeline, fit: bool) -> (Stats, Stats) {
    let ctx = egui::Context::default();
    let config = std::env::temp_dir().join(format!("sluice-bench-{}", std::process::id()));
    let startup = Startup {
        state: AppState::new(doc),
        notice: None,
        config_dir: config,
        screenshot: None,
    };
    let mut designer = Designer::new(&ctx, startup);
    let mut time = 0.0;
    let frame = |designer: &mut Designer, events: Vec<egui::Event>, time: &mut f64| {
        *time += 1.0 / 60.0;
        let started = Instant::now();
        let output = ctx.run_ui(input(*time, events), |ui| designer.frame(ui));
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);
        started.elapsed()
    };
    // Warm up until the plan has arrived, so badges and schemas are drawn.
    let deadline = Instant::now() + Duration::from_secs(120);
    while designer.session().plan().is_none() && Instant::now() < deadline {
        frame(&mut designer, Vec::new(), &mut time);
        std::thread::sleep(Duration::from_millis(5));
    }
    // Past the first frames, which fit the graph into view.
    for _ in 0..20 {
        frame(&mut designer, Vec::new(), &mut time);
    }
    if !fit {
        designer.view_mut().canvas.view_request =
            Some(ViewRequest::ActualSize(Position { x: 700.0, y: 500.0 }));
        for _ in 0..3 {
            frame(&mut designer, Vec::new(), &mut time);
        }
    }
    let idle: Vec<Duration> = (0..FRAMES)
        .map(|_| frame(&mut designer, Vec::new(), &mut time))
        .collect();
    // Pan: drag the empty canvas background.
    let canvas = designer.view().canvas.screen_rect;
    let start = Pos2::new(canvas.center().x, canvas.max.y - 8.0);
    frame(
        &mut designer,
        vec![egui::Event::PointerMoved(start)],
        &mut time,
    );
    frame(
        &mut designer,
        vec![egui::Event::PointerButton {
            pos: start,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: egui::Modifiers::NONE,
        }],
        &mut time,
    );
    let panning: Vec<Duration> = (0..FRAMES)
        .map(|i| {
            let x = start.x + ((i % 40) as f32 - 20.0) * 3.0;
            frame(
                &mut designer,
                vec![egui::Event::PointerMoved(Pos2::new(x, start.y))],
                &mut time,
            )
        })
        .collect();
    (stats(idle), stats(panning))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1000, 5000]
    } else {
        sizes
    };
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/recommender/data/customers.csv")
        .display()
        .to_string();
    let (baseline, _) = measure(Pipeline::default(), true);
    println!(
        "baseline: the window with an empty pipeline: median {}, p95 {} ({FRAMES} frames)",
        ms(baseline.median),
        ms(baseline.p95)
    );
    println!("nodes\tview\tidle median\tidle p95\tpanning median\tpanning p95\tidle vs empty");
    for &n in &sizes {
        for fit in [true, false] {
            let (idle, panning) = measure(generated(n, &csv), fit);
            println!(
                "{n}\t{}\t{}\t{}\t{}\t{}\t{:.1}x",
                if fit { "fit" } else { "100%" },
                ms(idle.median),
                ms(idle.p95),
                ms(panning.median),
                ms(panning.p95),
                idle.median.as_secs_f64() / baseline.median.as_secs_f64()
            );
        }
    }
}

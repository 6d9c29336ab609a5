//! `--screenshot PATH`: once the window has drawn the pipeline, it captures itself, saves the
//! picture as PNG and closes. Used by the Xvfb check and for README pictures.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The longest the window waits for the engine before taking the picture anyway.
const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// A screenshot to take.
#[derive(Debug)]
pub struct ScreenshotTask {
    pub path: PathBuf,
    started: Instant,
    requested: bool,
    /// Frames drawn since the window had what it needs (so layout has settled).
    settled_frames: u32,
}

impl ScreenshotTask {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            started: Instant::now(),
            requested: false,
            settled_frames: 0,
        }
    }
}

/// Saves an egui image as PNG.
pub fn save_png(image: &egui::ColorImage, path: &Path) -> Result<(), String> {
    let [width, height] = image.size;
    let buffer = image::RgbaImage::from_raw(
        u32::try_from(width).map_err(|e| e.to_string())?,
        u32::try_from(height).map_err(|e| e.to_string())?,
        image.as_raw().to_vec(),
    )
    .ok_or("the picture has the wrong number of pixels")?;
    buffer
        .save_with_format(path, image::ImageFormat::Png)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Called every frame: asks for the capture once the window is `ready` (or after a timeout),
/// saves it when it arrives, and returns true once the picture is saved and the window asked
/// to close.
pub fn step(task: &mut ScreenshotTask, ctx: &egui::Context, ready: bool) -> bool {
    let captured = ctx.input(|i| {
        i.events.iter().find_map(|event| match event {
            egui::Event::Screenshot { image, .. } => Some(image.clone()),
            _ => None,
        })
    });
    if let Some(image) = captured {
        match save_png(&image, &task.path) {
            Ok(()) => println!("sluice: saved a screenshot to {}", task.path.display()),
            Err(error) => eprintln!("sluice: {error}"),
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        return true;
    }
    if task.requested {
        ctx.request_repaint();
        return false;
    }
    if ready || task.started.elapsed() > READY_TIMEOUT {
        task.settled_frames += 1;
    }
    if task.settled_frames >= 3 {
        task.requested = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(egui::UserData::default()));
    }
    ctx.request_repaint();
    false
}

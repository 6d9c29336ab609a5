//! `--screenshot PATH`: once the window has drawn the pipeline, it captures itself, saves the
//! picture as PNG and closes. Used by the Xvfb check and for README pictures.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::PictureError;

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
pub fn save_png(image: &egui::ColorImage, path: &Path) -> Result<(), PictureError> {
    let [width, height] = image.size;
    let too_large = || PictureError::TooLarge { width, height };
    let buffer = image::RgbaImage::from_raw(
        u32::try_from(width).map_err(|_| too_large())?,
        u32::try_from(height).map_err(|_| too_large())?,
        image.as_raw().to_vec(),
    )
    .ok_or_else(too_large)?;
    buffer
        .save_with_format(path, image::ImageFormat::Png)
        .map_err(|source| PictureError::Write {
            path: path.to_path_buf(),
            source,
        })
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

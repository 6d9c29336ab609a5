//! The baseline for "process start to first frame": an eframe window with one label, which
//! reports its first frame the same way `sluice` does and closes.
//!
//! SLUICE_REPORT_FIRST_FRAME=1 cargo run --release --example first_frame_baseline

struct Hello {
    started: std::time::Instant,
    frames: u32,
}

impl eframe::App for Hello {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.label("Hello");
        self.frames += 1;
        if self.frames == 1 {
            eprintln!(
                "baseline: first frame {} ms after start",
                self.started.elapsed().as_millis()
            );
        }
        if self.frames >= 3 {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        ui.ctx().request_repaint();
    }
}

fn main() -> eframe::Result {
    let started = std::time::Instant::now();
    eframe::run_native(
        "first frame baseline",
        eframe::NativeOptions {
            viewport: egui::ViewportBuilder::default().with_inner_size([1400.0, 860.0]),
            ..Default::default()
        },
        Box::new(move |_| Ok(Box::new(Hello { started, frames: 0 }))),
    )
}

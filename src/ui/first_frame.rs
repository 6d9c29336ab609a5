//! How long the first frame took to appear after the process started, for the start-up
//! benchmark (`SLUICE_REPORT_FIRST_FRAME`).

/// When the process started (as near as the program can tell: the first line of `main`).
static PROCESS_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Notes the process start; call first thing in `main`.
pub fn mark_process_start() {
    let _ = PROCESS_START.set(std::time::Instant::now());
}

/// With `SLUICE_REPORT_FIRST_FRAME` set, prints how long the first frame took to appear.
pub fn report() {
    if std::env::var_os("SLUICE_REPORT_FIRST_FRAME").is_some()
        && let Some(start) = PROCESS_START.get()
    {
        eprintln!(
            "sluice: first frame {} ms after start",
            start.elapsed().as_millis()
        );
    }
}

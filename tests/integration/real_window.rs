//! The real binary in a real (virtual) display: `sluice --screenshot` under Xvfb, and the picture
//! checked to show the canvas. scripts/test.sh installs Xvfb and the software Vulkan driver.

use std::path::Path;

use crate::fixtures::Workspace;

#[test]
fn the_window_opens_under_xvfb_and_its_screenshot_shows_the_canvas() {
    let ws = Workspace::new();
    let picture = ws.path().join("window.png");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/window-screenshot.sh");
    let output = std::process::Command::new(script)
        .arg(assert_cmd::cargo::cargo_bin("sluice"))
        .arg(&picture)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let image = image::open(&picture).unwrap().to_rgba8();
    assert_eq!((image.width(), image.height()), (1400, 860));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("canvas shows nodes"), "{stdout}");
    // The status line's "✔ no problems" is drawn in its green only once a plan has come back
    // from the engine thread: the engine ran behind the real window.
    let status_green = (image.height() - 24..image.height())
        .flat_map(|y| (0..400).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let p = image.get_pixel(x, y);
            p[0].abs_diff(0x4c) < 24 && p[1].abs_diff(0xc0) < 24 && p[2].abs_diff(0x6a) < 24
        })
        .count();
    assert!(
        status_green > 20,
        "the status line shows the checked pipeline ({status_green} green pixels)"
    );
}

#[test]
fn export_image_draws_the_canvas_headless() {
    let ws = Workspace::new();
    let out = ws.path().join("canvas.png");
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender/recommender.sluice.toml");
    assert_cmd::Command::cargo_bin("sluice")
        .unwrap()
        .arg("export-image")
        .arg(&sample)
        .arg(&out)
        .assert()
        .success();
    let image = image::open(&out).unwrap().to_rgba8();
    let source_blue = image
        .pixels()
        .filter(|p| {
            p[0].abs_diff(0x2f) < 20 && p[1].abs_diff(0x6f) < 20 && p[2].abs_diff(0xc0) < 20
        })
        .count();
    assert!(
        source_blue > 1000,
        "source nodes are drawn ({source_blue} pixels)"
    );
    // A broken pipeline is refused with its file named, and nothing is written.
    let broken = ws.write(
        "broken.sluice.toml",
        "format_version = 1\n[[node]]\nid = \"a\"\n",
    );
    let bad_out = ws.path().join("bad.png");
    assert_cmd::Command::cargo_bin("sluice")
        .unwrap()
        .arg("export-image")
        .arg(&broken)
        .arg(&bad_out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("broken.sluice.toml"));
    assert!(!bad_out.exists());
}

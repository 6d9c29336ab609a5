//! A lesson's one-page printable handout, as HTML: the title, what it teaches and how long it
//! takes, the finished pipeline's canvas (as SVG, on a light background), and every step with
//! its explanation, a box to tick for each check, and the hint. Print it from a browser, or save
//! it as PDF there.

use std::fmt::Write as _;
use std::path::Path;

use super::error::PictureError;
use super::export_svg::{escape, render_svg};
use crate::model::lesson::LessonFile;

/// The handout's HTML.
pub fn handout_html(file: &LessonFile) -> Result<String, PictureError> {
    let mut finished = file.finished.clone();
    crate::model::auto_layout::place_unplaced(&mut finished);
    let picture = render_svg(&finished, false)?;
    let lesson = &file.lesson;
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  @page {{ size: A4; margin: 12mm; }}
  body {{ font-family: "Ubuntu", "Noto Sans", "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; color: #1a1a1a; max-width: 190mm; margin: 0 auto; }}
  h1 {{ font-size: 16pt; margin: 0 0 2mm; }}
  .summary {{ margin: 0 0 3mm; }}
  .meta {{ color: #555; font-size: 9pt; margin-bottom: 3mm; }}
  figure {{ margin: 0 0 3mm; text-align: center; }}
  figure svg {{ max-width: 100%; height: auto; max-height: 75mm; border: 1px solid #ddd; }}
  ol.steps {{ padding-left: 5mm; margin: 0; }}
  ol.steps > li {{ margin-bottom: 2.5mm; break-inside: avoid; }}
  .step-title {{ font-weight: bold; }}
  .explanation {{ margin: 0.5mm 0; }}
  ul.checks {{ list-style: none; padding-left: 0; margin: 0.5mm 0; }}
  ul.checks li::before {{ content: "☐ "; }}
  .hint {{ color: #555; font-style: italic; font-size: 9pt; }}
  @media print {{ body {{ font-size: 9pt; }} }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="summary">{summary}</p>
<p class="meta">{minutes}Start from <code>{start}</code>; the finished pipeline is <code>{finished}</code>. Check your work with <code>sluice lesson check {name}</code>, or follow the lesson in the window (File &gt; Lessons).</p>
<figure>
{picture}</figure>
<ol class="steps">
"#,
        title = escape(&lesson.title),
        summary = escape(&lesson.summary),
        minutes = lesson
            .minutes
            .map(|m| format!("About {m} minutes. "))
            .unwrap_or_default(),
        start = escape(&lesson.start.display().to_string()),
        finished = escape(&lesson.finished.display().to_string()),
        name = escape(
            file.path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .trim_end_matches(".lesson.toml")
        ),
    );
    for step in &lesson.steps {
        let _ = writeln!(
            html,
            "<li><div class=\"step-title\">{}</div>",
            escape(&step.title)
        );
        for paragraph in step.explanation.split("\n\n") {
            let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
            let _ = writeln!(html, "<p class=\"explanation\">{}</p>", escape(&text));
        }
        html.push_str("<ul class=\"checks\">\n");
        for check in &step.checks {
            let _ = writeln!(html, "<li>{}</li>", escape(&check.kind.describe()));
        }
        html.push_str("</ul>\n");
        if let Some(hint) = &step.hint {
            let _ = writeln!(html, "<div class=\"hint\">Hint: {}</div>", escape(hint));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</body>\n</html>\n");
    Ok(html)
}

/// Writes the handout of `file` to `out`.
pub fn write_handout(file: &LessonFile, out: &Path) -> Result<(), PictureError> {
    let html = handout_html(file)?;
    crate::model::file_format::write_atomically(out, html.as_bytes()).map_err(|source| {
        PictureError::WriteText {
            path: out.to_path_buf(),
            source,
        }
    })
}

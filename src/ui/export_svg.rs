//! The canvas as SVG, crisp on slides at any size: the same canvas code draws an offscreen frame
//! (as for the PNG), and egui's shapes (rectangles, circles, paths, Bézier wires, text) are
//! written as SVG elements instead of being filled into pixels. Text keeps the width egui laid
//! it out at, so labels fit their boxes whatever font the viewer has.

use std::fmt::Write as _;
use std::path::Path;

use egui::epaint::{
    CircleShape, ClippedShape, ColorMode, CubicBezierShape, PathShape, QuadraticBezierShape,
    RectShape, Shape, TextShape,
};
use egui::{Color32, Pos2, Rect};

use super::error::PictureError;
use super::export_image::{DrawnCanvas, background, draw_canvas};
use crate::model::Pipeline;

/// The canvas of `document` as SVG text.
pub fn render_svg(document: &Pipeline, dark: bool) -> Result<String, PictureError> {
    let DrawnCanvas { output, size, .. } = draw_canvas(document, dark)?;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.1} {h:.1}" font-family="Ubuntu, 'Noto Sans', 'DejaVu Sans', sans-serif">"#,
        w = size.x,
        h = size.y
    );
    let _ = writeln!(
        svg,
        r#"<rect width="100%" height="100%" {}/>"#,
        fill(background(dark))
    );
    for ClippedShape { clip_rect, shape } in &output.shapes {
        write_shape(&mut svg, shape, *clip_rect);
    }
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// Writes the canvas of `document` to `path` as SVG.
pub fn export_svg(document: &Pipeline, path: &Path, dark: bool) -> Result<(), PictureError> {
    let svg = render_svg(document, dark)?;
    crate::model::file_format::write_atomically(path, svg.as_bytes()).map_err(|source| {
        PictureError::WriteText {
            path: path.to_path_buf(),
            source,
        }
    })
}

fn write_shape(svg: &mut String, shape: &Shape, clip: Rect) {
    if !clip.intersects(shape.visual_bounding_rect()) {
        return;
    }
    match shape {
        Shape::Noop | Shape::Callback(_) | Shape::Mesh(_) | Shape::Ellipse(_) => {}
        Shape::Vec(shapes) => {
            for inner in shapes {
                write_shape(svg, inner, clip);
            }
        }
        Shape::Circle(circle) => write_circle(svg, circle),
        Shape::LineSegment { points, stroke } => {
            if stroke.width > 0.0 && stroke.color.a() > 0 {
                let _ = writeln!(
                    svg,
                    r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" {}/>"#,
                    points[0].x,
                    points[0].y,
                    points[1].x,
                    points[1].y,
                    stroke_attributes(stroke.color, stroke.width)
                );
            }
        }
        Shape::Path(path) => write_path(svg, path),
        Shape::Rect(rect) => write_rect(svg, rect),
        Shape::Text(text) => write_text(svg, text),
        Shape::QuadraticBezier(curve) => write_quadratic(svg, curve),
        Shape::CubicBezier(curve) => write_cubic(svg, curve),
    }
}

fn write_circle(svg: &mut String, circle: &CircleShape) {
    let _ = writeln!(
        svg,
        r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" {} {}/>"#,
        circle.center.x,
        circle.center.y,
        circle.radius,
        fill(circle.fill),
        stroke_attributes(circle.stroke.color, circle.stroke.width)
    );
}

fn write_rect(svg: &mut String, shape: &RectShape) {
    let rect = shape.rect;
    if !rect.is_finite() || rect.width() <= 0.0 || rect.height() <= 0.0 {
        return;
    }
    let radius = f32::from(shape.corner_radius.nw);
    let _ = writeln!(
        svg,
        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{radius:.1}" {} {}/>"#,
        rect.min.x,
        rect.min.y,
        rect.width(),
        rect.height(),
        fill(shape.fill),
        stroke_attributes(shape.stroke.color, shape.stroke.width)
    );
}

fn path_colour(mode: &ColorMode) -> Color32 {
    match mode {
        ColorMode::Solid(colour) => *colour,
        // A gradient has no single colour: a neutral grey stands in for it.
        ColorMode::UV(_) => Color32::GRAY,
    }
}

fn write_path(svg: &mut String, path: &PathShape) {
    let Some((first, rest)) = path.points.split_first() else {
        return;
    };
    let mut d = format!("M{:.1} {:.1}", first.x, first.y);
    for point in rest {
        let _ = write!(d, " L{:.1} {:.1}", point.x, point.y);
    }
    if path.closed {
        d.push_str(" Z");
    }
    let fill_colour = if path.closed {
        path.fill
    } else {
        Color32::TRANSPARENT
    };
    let _ = writeln!(
        svg,
        r#"<path d="{d}" {} {}/>"#,
        fill(fill_colour),
        stroke_attributes(path_colour(&path.stroke.color), path.stroke.width)
    );
}

fn write_quadratic(svg: &mut String, curve: &QuadraticBezierShape) {
    write_curve(svg, 'Q', &curve.points, &curve.stroke);
}

fn write_cubic(svg: &mut String, curve: &CubicBezierShape) {
    write_curve(svg, 'C', &curve.points, &curve.stroke);
}

/// A Bézier curve: its start, then `command` (`Q` or `C`) with its control and end points.
fn write_curve(
    svg: &mut String,
    command: char,
    points: &[Pos2],
    stroke: &egui::epaint::PathStroke,
) {
    let Some((start, rest)) = points.split_first() else {
        return;
    };
    let mut d = format!("M{:.1} {:.1} {command}", start.x, start.y);
    for point in rest {
        let _ = write!(d, " {:.1} {:.1}", point.x, point.y);
    }
    let _ = writeln!(
        svg,
        r#"<path d="{d}" fill="none" {}/>"#,
        stroke_attributes(path_colour(&stroke.color), stroke.width)
    );
}

fn write_text(svg: &mut String, text: &TextShape) {
    let galley = &text.galley;
    let format = galley.job.sections.first().map(|s| &s.format);
    let size = format.map_or(12.0, |f| f.font_id.size);
    let monospace = format.is_some_and(|f| f.font_id.family == egui::FontFamily::Monospace);
    let colour = text.override_text_color.unwrap_or_else(|| {
        format
            .map(|f| f.color)
            .filter(|c| *c != Color32::PLACEHOLDER)
            .unwrap_or(text.fallback_color)
    });
    for placed in &galley.rows {
        let glyphs = &placed.row.glyphs;
        let Some(first) = glyphs.first() else {
            continue;
        };
        let words: String = glyphs.iter().map(|g| g.chr).collect();
        if words.trim().is_empty() {
            continue;
        }
        let origin = text.pos + placed.pos.to_vec2();
        let at = Pos2::new(origin.x + first.pos.x, origin.y + first.pos.y);
        let width = placed.row.size.x - first.pos.x;
        let family = if monospace {
            r#" font-family="'DejaVu Sans Mono', monospace""#
        } else {
            ""
        };
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="{size:.1}"{family} textLength="{width:.1}" lengthAdjust="spacingAndGlyphs" {}>{}</text>"#,
            at.x,
            at.y,
            fill(colour),
            escape(&words)
        );
    }
}

/// `fill="…"` (with its opacity) for a colour, or `fill="none"`.
fn fill(colour: Color32) -> String {
    if colour.a() == 0 {
        return r#"fill="none""#.to_string();
    }
    let [r, g, b, a] = colour.to_srgba_unmultiplied();
    if a == 255 {
        format!("fill=\"#{r:02x}{g:02x}{b:02x}\"")
    } else {
        format!(
            "fill=\"#{r:02x}{g:02x}{b:02x}\" fill-opacity=\"{:.3}\"",
            f32::from(a) / 255.0
        )
    }
}

fn stroke_attributes(colour: Color32, width: f32) -> String {
    if colour.a() == 0 || width <= 0.0 {
        return String::new();
    }
    let [r, g, b, a] = colour.to_srgba_unmultiplied();
    let opacity = if a == 255 {
        String::new()
    } else {
        format!(" stroke-opacity=\"{:.3}\"", f32::from(a) / 255.0)
    };
    format!("stroke=\"#{r:02x}{g:02x}{b:02x}\" stroke-width=\"{width:.2}\"{opacity}")
}

/// Text made safe inside an XML element.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

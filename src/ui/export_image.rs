//! The canvas as a PNG, without a window or a GPU: the same canvas code draws into an offscreen
//! egui context, egui tessellates the shapes into triangles, and a small software rasteriser
//! fills them (with egui's own anti-aliasing feather and font atlas). Used by "Export as PNG…"
//! and `sluice export-image`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use egui::epaint::{ClippedPrimitive, Primitive};
use egui::{Color32, ColorImage, Pos2, Rect, TextureId, Vec2};

use super::canvas::{Canvas, CanvasContext, ViewRequest};
use super::error::PictureError;
use crate::model::Pipeline;

/// The largest picture side, in pixels; bigger graphs are scaled down to fit.
const MAX_SIDE_PX: f32 = 4096.0;
/// Space around the graph, in points.
const MARGIN: f32 = 24.0;
/// Pixels per point of the picture (sharp on slides).
const PIXELS_PER_POINT: f32 = 2.0;

/// Renders the pipeline's canvas and writes it to `path` as PNG.
pub fn export_png(document: &Pipeline, path: &Path, dark: bool) -> Result<(), PictureError> {
    let image = render_canvas(document, dark)?;
    super::screenshot::save_png(&image, path)
}

/// Draws one frame of the canvas into `ctx` at `size` points and returns what egui produced.
fn draw(
    ctx: &egui::Context,
    canvas: &mut Canvas,
    document: &Pipeline,
    size: Vec2,
    pixels_per_point: f32,
) -> egui::FullOutput {
    let mut input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size)),
        ..egui::RawInput::default()
    };
    if let Some(viewport) = input.viewports.get_mut(&egui::ViewportId::ROOT) {
        viewport.native_pixels_per_point = Some(pixels_per_point);
    }
    let statuses = HashMap::new();
    let empty = HashSet::new();
    let rows = HashMap::new();
    let selection = BTreeSet::new();
    let no_failures = HashMap::new();
    ctx.run_ui(input, |ui| {
        let context = CanvasContext {
            statuses: Some(&statuses),
            warnings: &empty,
            running: &empty,
            row_counts: &rows,
            selection: &selection,
            run_failures: &no_failures,
            requirements: &[],
            highlighted: None,
            stream: None,
            faults: None,
            deployed: None,
        };
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(ui.visuals().extreme_bg_color))
            .show(ui, |ui| {
                canvas.show(ui, document, &context);
            });
    })
}

/// The canvas of `document` drawn once, fitted: egui's shapes, the size in points and the
/// pixels per point the picture is made at. The PNG tessellates and fills the shapes; the SVG
/// writes them as vector elements.
pub(super) struct DrawnCanvas {
    pub ctx: egui::Context,
    pub output: egui::FullOutput,
    pub size: Vec2,
    pub pixels_per_point: f32,
    pub textures: HashMap<TextureId, ColorImage>,
}

/// Draws the canvas of `document` fitted into a picture.
pub(super) fn draw_canvas(document: &Pipeline, dark: bool) -> Result<DrawnCanvas, PictureError> {
    if document.nodes.is_empty() {
        return Err(PictureError::NoNodes);
    }
    let ctx = egui::Context::default();
    super::style::apply_theme(&ctx, dark, false);
    let mut canvas = Canvas::default();
    canvas.sync(1);
    let mut textures: HashMap<TextureId, ColorImage> = HashMap::new();
    // First frames at a generous size measure every node.
    let mut size = Vec2::new(1600.0, 1000.0);
    for _ in 0..3 {
        let mut output = draw(&ctx, &mut canvas, document, size, 1.0);
        apply_textures(&mut textures, &mut output);
    }
    let bounds = document
        .nodes
        .iter()
        .filter_map(|n| canvas.node_rect(document, n.id.as_str()))
        .fold(Rect::NOTHING, |acc, r| acc.union(r));
    if !bounds.is_positive() {
        return Err(PictureError::NoSize);
    }
    size = bounds.size() + Vec2::splat(2.0 * (MARGIN + 40.0));
    let largest = size.x.max(size.y) * PIXELS_PER_POINT;
    let pixels_per_point = if largest > MAX_SIDE_PX {
        PIXELS_PER_POINT * MAX_SIDE_PX / largest
    } else {
        PIXELS_PER_POINT
    };
    let mut output = None;
    for _ in 0..3 {
        canvas.view_request = Some(ViewRequest::FitAll);
        let mut frame = draw(&ctx, &mut canvas, document, size, pixels_per_point);
        apply_textures(&mut textures, &mut frame);
        output = Some(frame);
    }
    let output = output.ok_or(PictureError::NothingDrawn)?;
    Ok(DrawnCanvas {
        ctx,
        output,
        size,
        pixels_per_point,
        textures,
    })
}

/// The picture's background.
pub(super) fn background(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(20)
    } else {
        Color32::from_gray(248)
    }
}

/// Renders the canvas of `document` fitted into a picture.
pub fn render_canvas(document: &Pipeline, dark: bool) -> Result<ColorImage, PictureError> {
    let DrawnCanvas {
        ctx,
        output,
        size,
        pixels_per_point,
        textures,
    } = draw_canvas(document, dark)?;
    let primitives = ctx.tessellate(output.shapes, pixels_per_point);
    let width = (size.x * pixels_per_point).round().max(1.0) as usize;
    let height = (size.y * pixels_per_point).round().max(1.0) as usize;
    let mut image = ColorImage::filled([width, height], background(dark));
    rasterise(&mut image, &primitives, &textures, pixels_per_point);
    Ok(image)
}

fn apply_textures(textures: &mut HashMap<TextureId, ColorImage>, output: &mut egui::FullOutput) {
    for (id, delta) in output
        .textures_delta
        .set
        .iter()
        .flat_map(|(id, deltas)| deltas.iter().map(move |d| (id, d)))
    {
        let egui::ImageData::Color(patch) = &delta.image;
        match delta.pos {
            None => {
                textures.insert(*id, patch.as_ref().clone());
            }
            Some([x0, y0]) => {
                if let Some(texture) = textures.get_mut(id) {
                    let [w, h] = patch.size;
                    for y in 0..h {
                        for x in 0..w {
                            let (tx, ty) = (x0 + x, y0 + y);
                            if tx < texture.size[0] && ty < texture.size[1] {
                                texture.pixels[ty * texture.size[0] + tx] = patch.pixels[y * w + x];
                            }
                        }
                    }
                }
            }
        }
    }
    for id in &output.textures_delta.free {
        textures.remove(id);
    }
    output.textures_delta.clear();
}

/// Fills egui's triangles into `image`: texture times vertex colour, premultiplied "over"
/// blending, clipped to each primitive's rectangle.
fn rasterise(
    image: &mut ColorImage,
    primitives: &[ClippedPrimitive],
    textures: &HashMap<TextureId, ColorImage>,
    pixels_per_point: f32,
) {
    let [width, height] = image.size;
    for primitive in primitives {
        let Primitive::Mesh(mesh) = &primitive.primitive else {
            continue;
        };
        let texture = textures.get(&mesh.texture_id);
        let clip = Rect::from_min_max(
            (primitive.clip_rect.min.to_vec2() * pixels_per_point).to_pos2(),
            (primitive.clip_rect.max.to_vec2() * pixels_per_point).to_pos2(),
        );
        let clip_x0 = clip.min.x.max(0.0).floor() as usize;
        let clip_y0 = clip.min.y.max(0.0).floor() as usize;
        let clip_x1 = (clip.max.x.ceil().max(0.0) as usize).min(width);
        let clip_y1 = (clip.max.y.ceil().max(0.0) as usize).min(height);
        for triangle in mesh.indices.chunks_exact(3) {
            let vertex = |i: u32| mesh.vertices.get(i as usize);
            let (Some(a), Some(b), Some(c)) = (
                vertex(triangle[0]),
                vertex(triangle[1]),
                vertex(triangle[2]),
            ) else {
                continue;
            };
            let p = [a, b, c].map(|v| v.pos.to_vec2() * pixels_per_point);
            let area =
                (p[1].x - p[0].x) * (p[2].y - p[0].y) - (p[2].x - p[0].x) * (p[1].y - p[0].y);
            if area.abs() < 1e-6 {
                continue;
            }
            let min_x = p
                .iter()
                .map(|q| q.x)
                .fold(f32::MAX, f32::min)
                .floor()
                .max(0.0) as usize;
            let max_x = p
                .iter()
                .map(|q| q.x)
                .fold(f32::MIN, f32::max)
                .ceil()
                .max(0.0) as usize;
            let min_y = p
                .iter()
                .map(|q| q.y)
                .fold(f32::MAX, f32::min)
                .floor()
                .max(0.0) as usize;
            let max_y = p
                .iter()
                .map(|q| q.y)
                .fold(f32::MIN, f32::max)
                .ceil()
                .max(0.0) as usize;
            for y in min_y.max(clip_y0)..max_y.min(clip_y1) {
                for x in min_x.max(clip_x0)..max_x.min(clip_x1) {
                    let centre = Vec2::new(x as f32 + 0.5, y as f32 + 0.5);
                    let w0 = ((p[1].x - centre.x) * (p[2].y - centre.y)
                        - (p[2].x - centre.x) * (p[1].y - centre.y))
                        / area;
                    let w1 = ((p[2].x - centre.x) * (p[0].y - centre.y)
                        - (p[0].x - centre.x) * (p[2].y - centre.y))
                        / area;
                    let w2 = 1.0 - w0 - w1;
                    if w0 < 0.0 || w1 < 0.0 || w2 < 0.0 {
                        continue;
                    }
                    let mix = |f: &dyn Fn(&egui::epaint::Vertex) -> f32| {
                        w0 * f(a) + w1 * f(b) + w2 * f(c)
                    };
                    let mut colour = [
                        mix(&|v| f32::from(v.color.r())),
                        mix(&|v| f32::from(v.color.g())),
                        mix(&|v| f32::from(v.color.b())),
                        mix(&|v| f32::from(v.color.a())),
                    ];
                    if let Some(texture) = texture {
                        let u = mix(&|v| v.uv.x);
                        let v = mix(&|v| v.uv.y);
                        let texel = sample(texture, u, v);
                        for (channel, t) in colour.iter_mut().zip(texel) {
                            *channel *= f32::from(t) / 255.0;
                        }
                    }
                    let index = y * width + x;
                    if let Some(pixel) = image.pixels.get_mut(index) {
                        *pixel = over(colour, *pixel);
                    }
                }
            }
        }
    }
}

/// Nearest texel at normalised coordinates.
fn sample(texture: &ColorImage, u: f32, v: f32) -> [u8; 4] {
    let [w, h] = texture.size;
    let x = ((u * w as f32) as usize).min(w.saturating_sub(1));
    let y = ((v * h as f32) as usize).min(h.saturating_sub(1));
    texture
        .pixels
        .get(y * w + x)
        .map_or([255; 4], |c| c.to_array())
}

/// Premultiplied "source over destination".
fn over(source: [f32; 4], destination: Color32) -> Color32 {
    let keep = 1.0 - source[3] / 255.0;
    let blend = |s: f32, d: u8| (s + f32::from(d) * keep).round().clamp(0.0, 255.0) as u8;
    Color32::from_rgba_premultiplied(
        blend(source[0], destination.r()),
        blend(source[1], destination.g()),
        blend(source[2], destination.b()),
        blend(source[3], destination.a()),
    )
}

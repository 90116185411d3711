//! What is drawn over a cartesian panel's data: reference lines and free annotations.
//! Their labels join the list of obstacles so point labels placed later avoid them.

use super::cartesian::Frame;
use super::font::{self, Weight};
use super::geometry::Rect;
use super::obstacles::Obstacles;
use super::sizes;
use super::svg::{Anchor, Svg};
use super::theme;
use crate::chart::{Annotation, Dash, Panel, RefAxis, ReferenceLine};

fn dasharray(svg: &mut Svg, dash: Dash, width: f64) {
    match dash {
        Dash::Solid => {}
        Dash::Dashed => {
            svg.raw(" stroke-dasharray=\"");
            svg.num(width * 4.0).raw(" ").num(width * 3.0).raw("\"");
        }
        Dash::Dotted => {
            svg.raw(" stroke-dasharray=\"0 ");
            svg.num(width * 2.5).raw("\" stroke-linecap=\"round\"");
        }
    }
}

/// First box among `candidates` that avoids `obstacles` and stays in `bounds`, else the one
/// with the least overlap.
pub(super) fn first_free(candidates: &[Rect], bounds: Rect, obstacles: &mut Obstacles) -> Rect {
    let mut best: Option<(f64, Rect)> = None;
    for c in candidates {
        let r = c.clamped_into(bounds);
        // A sum that reaches the best so far can stop: that box is not chosen.
        let o = obstacles.overlap_below(&r, best.map_or(f64::INFINITY, |(b, _)| b));
        if o == 0.0 {
            return r;
        }
        if best.is_none_or(|(b, _)| o < b) {
            best = Some((o, r));
        }
    }
    best.map_or(candidates[0], |(_, r)| r)
}

/// Draws the panel's reference lines and their labels. The axes grow to take in every reference
/// line (and the reader refuses one outside an explicit range), so a line is only missing when
/// a model's line falls outside the author's range: the panel's `<title>` then says so. Labels
/// stay inside the plot, shortened to its width.
fn draw_references(
    svg: &mut Svg,
    frame: &Frame,
    references: &[ReferenceLine],
    obstacles: &mut Obstacles,
) {
    let p = frame.plot;
    let size = sizes::SMALL;
    let h = font::ascent(size) + font::descent(size);
    let mut labels = Vec::new();
    for r in references {
        let (x0, y0, x1, y1) = match r.axis {
            RefAxis::Y => {
                let y = frame.py(r.value);
                (p.x, y, p.right(), y)
            }
            RefAxis::X => {
                let x = frame.px(r.value);
                (x, p.y, x, p.bottom())
            }
        };
        if !(p.x - 0.5..=p.right() + 0.5).contains(&x0)
            || !(p.y - 0.5..=p.bottom() + 0.5).contains(&y0)
        {
            let axis = match r.axis {
                RefAxis::X => "x",
                RefAxis::Y => "y",
            };
            let value = crate::format::format_exact(r.value);
            svg.drop_text(&match &r.label {
                Some(l) => format!("{l} ({axis} = {value}, outside the axis range)"),
                None => format!("reference line at {axis} = {value} (outside the axis range)"),
            });
            continue;
        }
        svg.raw("<path fill=\"none\" stroke-width=\"2\"");
        match r.color {
            Some(c) => {
                svg.attr("stroke", &c.to_string());
            }
            None => {
                svg.raw(" stroke=\"#333\" style=\"stroke:var(--fg,#333)\"");
            }
        }
        dasharray(svg, r.dash, 2.0);
        svg.raw(" d=\"M")
            .num(x0)
            .raw(",")
            .num(y0)
            .raw("L")
            .num(x1)
            .raw(",")
            .num(y1)
            .raw("\"/>");
        if let Some(text) = &r.label {
            if h > p.h {
                svg.drop_text(text);
                continue;
            }
            let w = font::text_width(text, size, Weight::Regular).min(p.w);
            // Beside the line at its ends first, then further along it, so that labels of
            // lines close together stack rather than overlap.
            let candidates: Vec<Rect> = match r.axis {
                RefAxis::Y => {
                    let steps = ((p.w - w) / (w / 2.0).max(20.0)).floor().clamp(0.0, 40.0) as usize;
                    (0..=steps)
                        .flat_map(|k| {
                            let x = p.right() - w - 4.0 - k as f64 * (w / 2.0).max(20.0);
                            [
                                Rect::new(x, y0 - h - 2.0, w, h),
                                Rect::new(x, y0 + 2.0, w, h),
                            ]
                        })
                        .chain([
                            Rect::new(p.x + 4.0, y0 - h - 2.0, w, h),
                            Rect::new(p.x + 4.0, y0 + 2.0, w, h),
                        ])
                        .collect()
                }
                RefAxis::X => {
                    let rows = ((p.h - 4.0) / (h + 2.0)).floor().clamp(1.0, 40.0) as usize;
                    (0..rows)
                        .flat_map(|k| {
                            let top = p.y + 2.0 + k as f64 * (h + 2.0);
                            let bottom = p.bottom() - h - 2.0 - k as f64 * (h + 2.0);
                            [
                                Rect::new(x0 + 4.0, top, w, h),
                                Rect::new(x0 - w - 4.0, top, w, h),
                                Rect::new(x0 + 4.0, bottom, w, h),
                                Rect::new(x0 - w - 4.0, bottom, w, h),
                            ]
                        })
                        .collect()
                }
            };
            // Never over another label: candidates that would cover one (once moved inside the
            // plot) are out; with none left the label is listed in the panel's `<title>`.
            let clear: Vec<Rect> = candidates
                .into_iter()
                .map(|c| {
                    let x = c.x.min(p.right() - c.w).max(p.x);
                    let y = c.y.min(p.bottom() - c.h).max(p.y);
                    Rect::new(x, y, c.w, c.h)
                })
                .filter(|c| !labels.iter().any(|(l, _): &(Rect, String)| l.overlaps(c)))
                .collect();
            if clear.is_empty() {
                svg.drop_text(text);
                continue;
            }
            let rect = first_free(&clear, p, obstacles);
            obstacles.push(rect);
            labels.push((rect, text.clone()));
        }
    }
    if labels.is_empty() {
        return;
    }
    // Labels are in the theme's ink, not the line's colour: a light line colour would be
    // unreadable as text on a light page (and a dark one on a dark page).
    svg.raw(theme::TEXT_GROUP);
    for (rect, text) in labels {
        let y = rect.y + font::ascent(size);
        svg.fitted_label(rect.x, y, Anchor::Start, size, Weight::Regular, &text, p.w);
    }
    svg.raw("</g>");
}

/// Smallest font size an annotation is shrunk to when the plot is shorter than its line.
const MIN_ANNOTATION_SIZE: f64 = 6.0;

/// Draws the panel's annotations: centred on their data point when that spot is free, nudged
/// to the nearest free spot otherwise, and always inside the plot: shortened to its width (the
/// whole text in a `<title>`), set smaller when the plot is shorter than the line, and listed in
/// the panel's `<title>` when not even that fits.
fn draw_annotations(
    svg: &mut Svg,
    frame: &Frame,
    annotations: &[Annotation],
    obstacles: &mut Obstacles,
) {
    if annotations.is_empty() {
        return;
    }
    let bounds = frame.plot;
    svg.raw(theme::TEXT_GROUP);
    let line = font::ascent(1.0) + font::descent(1.0);
    for a in annotations {
        let weight = if a.bold {
            Weight::Bold
        } else {
            Weight::Regular
        };
        // Sizes are written to a tenth of a pixel: round down so the written size still fits.
        let size = a.size.min((bounds.h / line * 10.0).floor() / 10.0);
        if size < MIN_ANNOTATION_SIZE.min(a.size) {
            svg.drop_text(&a.text);
            continue;
        }
        let w = font::text_width(&a.text, size, weight).min(bounds.w);
        let h = font::ascent(size) + font::descent(size);
        let (cx, cy) = (frame.px(a.x), frame.py(a.y));
        let mut candidates = vec![Rect::new(cx - w / 2.0, cy - h / 2.0, w, h)];
        for k in 1..6 {
            let d = k as f64 * (h / 2.0 + 1.0);
            candidates.push(Rect::new(cx - w / 2.0, cy - h / 2.0 - d, w, h));
            candidates.push(Rect::new(cx - w / 2.0, cy - h / 2.0 + d, w, h));
            candidates.push(Rect::new(cx - w / 2.0 + d * 2.0, cy - h / 2.0, w, h));
            candidates.push(Rect::new(cx - w / 2.0 - d * 2.0, cy - h / 2.0, w, h));
        }
        let rect = first_free(&candidates, bounds, obstacles);
        obstacles.push(rect);
        svg.fitted_label(
            rect.x + w / 2.0,
            rect.y + font::ascent(size),
            Anchor::Middle,
            size,
            weight,
            &a.text,
            bounds.w,
        );
    }
    svg.raw("</g>");
}

/// The panel's reference lines and annotations as a horizontal category chart (bars, boxes)
/// draws them: they speak of the data's x (categories, counted from 0, `n` of them) and y
/// (values), which in such a chart run down and across, so the two are swapped to the frame's.
pub(super) fn turned_across(panel: &Panel, n: usize) -> (Vec<ReferenceLine>, Vec<Annotation>) {
    let n = n as f64;
    let references = panel
        .references
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.axis = match r.axis {
                RefAxis::X => RefAxis::Y,
                RefAxis::Y => RefAxis::X,
            };
            if r.axis == RefAxis::Y {
                r.value = n - r.value;
            }
            r
        })
        .collect();
    let annotations = panel
        .annotations
        .iter()
        .map(|a| {
            let mut a = a.clone();
            (a.x, a.y) = (a.y, n - a.x);
            a
        })
        .collect();
    (references, annotations)
}

/// Draws a panel's reference lines, then its annotations (which keep clear of the lines'
/// labels), each with their text inside the plot and clear of `obstacles`, which their text
/// joins.
pub(super) fn draw(
    svg: &mut Svg,
    frame: &Frame,
    references: &[ReferenceLine],
    annotations: &[Annotation],
    obstacles: &mut Obstacles,
) {
    draw_references(svg, frame, references, obstacles);
    draw_annotations(svg, frame, annotations, obstacles);
}

/// Draws the reference lines and annotations of a horizontal category chart (see
/// [`turned_across`]), or of any other panel as written.
pub(super) fn draw_all(
    svg: &mut Svg,
    frame: &Frame,
    panel: &Panel,
    across: Option<usize>,
    obstacles: &mut Obstacles,
) {
    match across {
        Some(n) => {
            let (references, annotations) = turned_across(panel, n);
            draw(svg, frame, &references, &annotations, obstacles);
        }
        None => draw(svg, frame, &panel.references, &panel.annotations, obstacles),
    }
}

//! Pie and donut charts.
//!
//! Slices are written directly as SVG arcs rather than through plotters: plotters' `Pie`
//! element approximates arcs with polygons (kilobytes per donut) and ignores the drawing
//! area's offset, while one `A` command per edge is exact and a few dozen bytes.

use std::f64::consts::{PI, TAU};

use super::font::{self, Weight};
use super::geometry::Rect;
use super::sizes;
use super::svg::{Anchor, Svg};
use super::{Canvas, theme};
use crate::chart::{Panel, SliceLabel, XValues};
use crate::format::{self, format_value};

/// Room kept around the pie for outside labels.
const LABEL_ROOM: f64 = 34.0;
/// Radius below which a pie gives up the room for outside labels.
const MIN_RADIUS: f64 = 10.0;

/// Slice names of a pie panel.
pub(super) fn slice_names(panel: &Panel) -> Vec<String> {
    match panel.series.first().map(|s| &s.x) {
        Some(XValues::Categories(c)) => c.clone(),
        _ => Vec::new(),
    }
}

fn point(cx: f64, cy: f64, r: f64, angle: f64) -> (f64, f64) {
    (cx + r * angle.cos(), cy + r * angle.sin())
}

fn push_point(svg: &mut Svg, p: (f64, f64)) {
    svg.num(p.0).raw(",").num(p.1);
}

fn arc(svg: &mut Svg, r: f64, large: bool, sweep: bool, to: (f64, f64)) {
    svg.raw("A").num(r).raw(",").num(r).raw(" 0 ");
    svg.raw(if large { "1" } else { "0" });
    svg.raw(if sweep { " 1 " } else { " 0 " });
    push_point(svg, to);
}

/// Writes the path data of one slice from angle `a0` to `a1` (radians, clockwise from 3 o'clock).
fn slice_path(svg: &mut Svg, cx: f64, cy: f64, r: f64, inner: f64, a0: f64, a1: f64) {
    let sweep = a1 - a0;
    svg.raw(" d=\"M");
    if sweep >= TAU - 1e-9 {
        // A full circle needs two half arcs (an arc's ends may not coincide).
        let top = point(cx, cy, r, a0);
        let bottom = point(cx, cy, r, a0 + PI);
        push_point(svg, top);
        arc(svg, r, false, true, bottom);
        arc(svg, r, false, true, top);
        if inner > 0.0 {
            svg.raw("M");
            let itop = point(cx, cy, inner, a0);
            push_point(svg, itop);
            arc(svg, inner, false, false, point(cx, cy, inner, a0 + PI));
            arc(svg, inner, false, false, itop);
        }
        svg.raw("Z\" fill-rule=\"evenodd\"");
        return;
    }
    let large = sweep > PI;
    push_point(svg, point(cx, cy, r, a0));
    arc(svg, r, large, true, point(cx, cy, r, a1));
    svg.raw("L");
    if inner > 0.0 {
        push_point(svg, point(cx, cy, inner, a1));
        arc(svg, inner, large, false, point(cx, cy, inner, a0));
    } else {
        push_point(svg, (cx, cy));
    }
    svg.raw("Z\"");
}

fn slice_text(kind: SliceLabel, name: &str, value: f64, share: f64) -> Option<String> {
    match kind {
        SliceLabel::None => None,
        SliceLabel::Label => Some(name.to_string()),
        SliceLabel::Value => Some(format_value(value, &Default::default())),
        SliceLabel::Percent => Some(format::format_share_label(share)),
    }
}

/// Draws a pie panel into `area`.
pub(super) fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    let Some(series) = panel.series.first() else {
        return;
    };
    let names = slice_names(panel);
    let total: f64 = series.y.iter().sum();
    let mut top = area.y;
    if let Some(t) = &panel.title {
        let line = sizes::PANEL_TITLE * sizes::LINE;
        if area.h >= line + 6.0 {
            canvas.svg.raw(theme::TEXT_GROUP);
            canvas.svg.fitted_label(
                area.x + area.w / 2.0,
                area.y + font::ascent(sizes::PANEL_TITLE),
                Anchor::Middle,
                sizes::PANEL_TITLE,
                Weight::Regular,
                t,
                area.w,
            );
            canvas.svg.raw("</g>");
            top += line + 6.0;
        } else {
            canvas.svg.drop_text(t);
        }
    }
    let h = area.bottom() - top;
    // Outside labels need room beside the pie for their width, above and below for a line; a
    // panel too small for that still gets a pie of up to 10 px radius, inside the panel.
    let r = (area.w / 2.0 - LABEL_ROOM).min(h / 2.0 - LABEL_ROOM * 0.6);
    let r = if r >= MIN_RADIUS {
        r
    } else {
        MIN_RADIUS.min(area.w / 2.0).min(h / 2.0).max(0.0)
    };
    let (cx, cy) = (area.x + area.w / 2.0, top + h / 2.0);
    let inner = r * panel.pie.hole;

    // Slices: one path each, separated by a hairline in the page background colour.
    canvas
        .svg
        .raw("<g")
        .raw(theme::PAPER_STROKE)
        .raw(" stroke-width=\"1.5\" stroke-linejoin=\"round\">");
    let mut angle = -PI / 2.0;
    let mut mids = Vec::with_capacity(series.y.len());
    for (i, v) in series.y.iter().enumerate() {
        let sweep = v / total * TAU;
        let color = canvas.slice_color(i);
        if sweep > 0.0 {
            canvas.svg.raw("<path").attr("fill", &color.to_string());
            slice_path(canvas.svg, cx, cy, r, inner, angle, angle + sweep);
            let name = names.get(i).map_or("", String::as_str);
            let share = slice_text(SliceLabel::Percent, name, *v, v / total).unwrap_or_default();
            let tip = format!("{name}: {} ({share})", crate::format::format_exact(*v));
            canvas.svg.tooltip("path", &tip);
        }
        mids.push((angle + sweep / 2.0, sweep, color));
        angle += sweep;
    }
    canvas.svg.raw("</g>");

    // Labels: inside the ring when they fit, otherwise outside with a leader line.
    let size = sizes::SMALL;
    let text_h = font::ascent(size) + font::descent(size);
    let mut inside = Vec::new();
    let mut outside = Vec::new();
    for (i, ((mid, sweep, color), v)) in mids.iter().zip(&series.y).enumerate() {
        let Some(text) = slice_text(
            panel.pie.slice_labels,
            names.get(i).map_or("", String::as_str),
            *v,
            v / total,
        ) else {
            continue;
        };
        if *sweep <= 0.0 {
            continue;
        }
        let w = font::text_width(&text, size, Weight::Regular);
        let ring = r - inner;
        let rm = if inner > 0.0 {
            (r + inner) / 2.0
        } else {
            r * 0.62
        };
        // Chord available at the label's radius, and radial room.
        let chord = 2.0 * rm * (sweep / 2.0).min(PI / 2.0).sin();
        let (x, y) = point(cx, cy, rm, *mid);
        let inside_box = Rect::new(x - w / 2.0, y - text_h / 2.0, w, text_h);
        if w + 4.0 <= chord.min(if inner > 0.0 { ring * 1.6 } else { r })
            && text_h + 2.0 <= chord
            && text_h + 2.0 <= ring
            && area.contains(&inside_box)
        {
            inside.push((
                x,
                y + font::cap_height(size) / 2.0,
                text,
                theme::ink_on(*color),
            ));
        } else {
            outside.push((*mid, text, w));
        }
    }
    for (x, y, text, ink) in &inside {
        canvas.svg.raw("<text").attr("fill", &ink.to_string());
        canvas
            .svg
            .attr_num("x", *x)
            .attr_num("y", *y)
            .raw(" text-anchor=\"middle\"");
        canvas
            .svg
            .attr_num("font-size", size)
            .raw(">")
            .text(text)
            .raw("</text>");
    }
    if !outside.is_empty() {
        draw_outside_labels(canvas.svg, cx, cy, r, &outside, size, area);
    }
}

/// Labels beside the pie with a leader line each: at the first free spot out from the slice's
/// middle; when none is free at full width, shortened to the room on their side (the whole text
/// in a `<title>`); always inside `area`. A panel with no room for a line of text lists the
/// labels in its `<title>` instead.
fn draw_outside_labels(
    svg: &mut Svg,
    cx: f64,
    cy: f64,
    r: f64,
    labels: &[(f64, String, f64)],
    size: f64,
    area: Rect,
) {
    let h = font::ascent(size) + font::descent(size);
    let ellipsis = font::text_width("\u{2026}", size, Weight::Regular);
    if area.h < h || area.w < ellipsis {
        for (_, text, _) in labels {
            svg.drop_text(text);
        }
        return;
    }
    let mut placed: Vec<Rect> = Vec::new();
    let mut fallbacks = 0;
    let mut leaders = String::new();
    let mut texts = Vec::new();
    for (mid, text, w) in labels {
        let right = mid.cos() >= 0.0;
        // The box at a point on the ring, `width` wide (or as wide as there is room for).
        let boxed = |x: f64, y: f64, width: Option<f64>| {
            let room = if right {
                area.right() - x - 2.0
            } else {
                x - 2.0 - area.x
            };
            let bw = width.unwrap_or_else(|| w.min(room));
            let rx = if right { x + 2.0 } else { x - 2.0 - bw };
            Rect::new(rx, y - h / 2.0, bw, h)
        };
        let mut chosen = None;
        // Whole labels first (the spot they always had), then shortened ones.
        'search: for width in [Some(*w), None] {
            for step in 0..12 {
                let reach = r + 10.0 + step as f64 * 5.0;
                for nudge in [0.0, 0.06, -0.06, 0.12, -0.12] {
                    let a = mid + nudge * step.min(3) as f64;
                    let (x, y) = point(cx, cy, reach, a);
                    let rect = boxed(x, y, width);
                    if rect.w >= ellipsis.min(*w)
                        && area.contains(&rect)
                        && placed.iter().all(|p| !p.overlaps(&rect))
                    {
                        chosen = Some((x, y, rect));
                        break 'search;
                    }
                }
            }
        }
        // The panel-wide search below is for a few crowded labels, not for hundreds.
        let searched = fallbacks < MAX_FALLBACKS;
        if chosen.is_none() {
            fallbacks += 1;
        }
        let chosen = chosen.or_else(|| {
            if !searched {
                return None;
            }
            // Nowhere free near the slice: the free spot of the panel nearest to it (rows of
            // the label's height, from the pie's edge out to the panel's), shortened to fit.
            let (x, y) = point(cx, cy, r + 10.0, *mid);
            let bw = w.min(area.w);
            let rows = ((area.h - h) / (h / 2.0)).floor().max(0.0) as usize;
            let columns = ((area.w - bw) / 8.0).floor().max(0.0) as usize;
            let mut best: Option<(f64, (f64, f64, Rect))> = None;
            for row in 0..=rows {
                let ry = area.y + row as f64 * h / 2.0;
                for column in 0..=columns {
                    let rx = area.x + column as f64 * 8.0;
                    let rect = Rect::new(rx, ry, bw, h);
                    let near = if right { rx } else { rx + bw };
                    // Not over the pie itself.
                    let centre = (rx + bw / 2.0 - cx).hypot(ry + h / 2.0 - cy);
                    if centre < r + h || placed.iter().any(|p| p.overlaps(&rect)) {
                        continue;
                    }
                    let d = (near - x).hypot(ry + h / 2.0 - y);
                    if best.is_none_or(|(b, _)| d < b) {
                        best = Some((d, (near, ry + h / 2.0, rect)));
                    }
                }
            }
            best.map(|(_, c)| c)
        });
        let Some((x, y, rect)) = chosen else {
            // No free spot in the panel at all: the label is listed in the panel's `<title>`
            // (and the data table has it) rather than drawn over another.
            svg.drop_text(text);
            continue;
        };
        placed.push(rect);
        let inside = |(x, y): (f64, f64)| {
            (
                x.clamp(area.x, area.right()),
                y.clamp(area.y, area.bottom()),
            )
        };
        let start = inside(point(cx, cy, r + 1.0, *mid));
        let end = inside((x, y));
        leaders.push('M');
        super::svg::push_num(&mut leaders, start.0);
        leaders.push(',');
        super::svg::push_num(&mut leaders, start.1);
        leaders.push('L');
        super::svg::push_num(&mut leaders, end.0);
        leaders.push(',');
        super::svg::push_num(&mut leaders, end.1);
        texts.push((rect, text.clone()));
    }
    svg.raw(theme::LEADER_GROUP);
    svg.raw("<path d=\"").raw(&leaders).raw("\"/></g>");
    svg.raw(theme::TEXT_GROUP);
    for (rect, text) in texts {
        svg.fitted_label(
            rect.x,
            rect.y + font::ascent(size),
            Anchor::Start,
            size,
            Weight::Regular,
            &text,
            rect.w,
        );
    }
    svg.raw("</g>");
}

/// Outside labels that may search the whole panel for a free spot (each search is a few
/// thousand candidate boxes); later ones that find none near their slice are not drawn.
const MAX_FALLBACKS: usize = 40;

//! Scatter charts: markers at points, optionally labelled.

use plotters::prelude::{BLACK, Circle, Color as _};

use super::backend::SCALE;
use super::layout::{Rect, sizes};
use super::{Canvas, labels, theme, xy};
use crate::spec::Panel;

/// Draws a scatter panel into `area`.
pub fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    let cats = xy::categories(panel);
    let frame = xy::frame(panel, area, cats.as_deref(), 0.06, 0.08);
    frame.draw_grid(canvas.svg);
    let clip = canvas.clip_for(&frame);
    let (w, h) = (canvas.width, canvas.height);
    let mut obstacles = Vec::new();
    let mut pending = Vec::new();
    for (j, series) in panel.series.iter().enumerate() {
        let color = canvas.series_color(series, j).to_string();
        let xs = xy::x_positions(series, cats.as_deref());
        let points: Vec<(f64, f64)> = xs.into_iter().zip(series.y.iter().copied()).collect();
        let svg = &mut *canvas.svg;
        svg.raw("<g")
            .attr("fill", &color)
            .raw(" fill-opacity=\".9\"")
            .raw(theme::PAPER_STROKE);
        if let Some(c) = &clip {
            svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
        }
        svg.raw(">");
        let r = (series.marker_size * SCALE).round() as i32;
        frame.plot_with(&mut canvas.svg.buf, w, h, |area| {
            for p in &points {
                let _ = area.draw(&Circle::new(*p, r, BLACK.filled()));
            }
        });
        canvas.svg.raw("</g>");
        let screen: Vec<(f64, f64)> = points
            .iter()
            .map(|(x, y)| (frame.px(*x), frame.py(*y)))
            .collect();
        for &(x, y) in &screen {
            let m = series.marker_size;
            obstacles.push(Rect::new(x - m, y - m, 2.0 * m, 2.0 * m));
        }
        if let Some(l) = &series.labels {
            pending.push((screen, l.clone(), series.marker_size));
        }
    }
    frame.draw_axes(canvas.svg);
    if !pending.is_empty() {
        let bounds = frame.plot;
        canvas.svg.raw(theme::TEXT_GROUP);
        for (screen, texts, m) in pending {
            let placed = labels::place(
                &screen,
                &texts,
                m + 3.0,
                sizes::SMALL,
                bounds,
                &mut obstacles,
            );
            labels::draw_leaders(canvas.svg, &screen, &placed);
            for (p, t) in placed.iter().zip(&texts) {
                canvas.svg.label(
                    p.x,
                    p.y,
                    p.anchor,
                    sizes::SMALL,
                    super::font::Weight::Regular,
                    t,
                );
            }
        }
        canvas.svg.raw("</g>");
    }
}

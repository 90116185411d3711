//! Line charts: one or more series, solid, dashed or dotted, with optional markers.

use plotters::prelude::{BLACK, Circle, Color as _, PathElement};

use super::backend::SCALE;
use super::layout::Rect;
use super::{Canvas, theme, xy};
use crate::spec::{Dash, Panel};

/// Draws a line panel into `area`.
pub fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    let cats = xy::categories(panel);
    let frame = xy::frame(panel, area, cats.as_deref(), 0.0, 0.0);
    frame.draw_grid(canvas.svg);
    let clip = canvas.clip_for(&frame);
    for (j, series) in panel.series.iter().enumerate() {
        let color = canvas.series_color(series, j).to_string();
        let xs = xy::x_positions(series, cats.as_deref());
        let points: Vec<(f64, f64)> = xs.into_iter().zip(series.y.iter().copied()).collect();
        let svg = &mut *canvas.svg;
        svg.raw("<g fill=\"none\"").attr("stroke", &color);
        svg.attr_num("stroke-width", series.line_width);
        svg.raw(" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
        // Dashes are one attribute on the path rather than one element per dash.
        match series.dash {
            Dash::Solid => {}
            Dash::Dash => {
                svg.raw(" stroke-dasharray=\"");
                svg.num(series.line_width * 3.5)
                    .raw(" ")
                    .num(series.line_width * 2.5)
                    .raw("\"");
            }
            Dash::Dot => {
                svg.raw(" stroke-dasharray=\"0 ");
                svg.num(series.line_width * 2.0).raw("\"");
            }
        }
        if let Some(c) = &clip {
            svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
        }
        svg.raw(">");
        let (w, h) = (canvas.width, canvas.height);
        frame.plot_with(&mut canvas.svg.buf, w, h, |area| {
            let _ = area.draw(&PathElement::new(points.clone(), BLACK));
        });
        canvas.svg.raw("</g>");
        if series.markers || points.len() == 1 {
            let svg = &mut *canvas.svg;
            svg.raw("<g")
                .attr("fill", &color)
                .raw(theme::PAPER_STROKE)
                .raw(">");
            let r = (series.marker_size * SCALE).round() as i32;
            frame.plot_with(&mut canvas.svg.buf, w, h, |area| {
                for p in &points {
                    let _ = area.draw(&Circle::new(*p, r, BLACK.filled()));
                }
            });
            canvas.svg.raw("</g>");
        }
    }
    frame.draw_axes(canvas.svg);
}

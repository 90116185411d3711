//! The figure's layout: title, legend, the grid of panels, and each panel handed to the module
//! of its kind.

use super::canvas::Canvas;
use super::font::{self, Weight};
use super::geometry::Rect;
use super::svg::{Anchor, Svg, push_attr, push_text};
use super::{RenderOptions, bar, colors, describe, legend, line, pie, scatter, sizes, theme};
use crate::chart::{ChartKind, Figure, LegendPosition};

/// Splits `area` into a grid of `n` cells, `columns` per row.
fn grid(area: Rect, n: usize, columns: usize) -> Vec<Rect> {
    let columns = columns.clamp(1, n.max(1));
    let rows = n.div_ceil(columns).max(1);
    let gap = 24.0;
    let w = (area.w - gap * (columns - 1) as f64) / columns as f64;
    let h = (area.h - gap * (rows - 1) as f64) / rows as f64;
    (0..n)
        .map(|i| {
            let (r, c) = (i / columns, i % columns);
            Rect::new(
                area.x + c as f64 * (w + gap),
                area.y + r as f64 * (h + gap),
                w,
                h,
            )
        })
        .collect()
}

/// The `<svg>` element of a figure (one line, no trailing newline).
pub(crate) fn svg_document(figure: &Figure, options: &RenderOptions<'_>) -> String {
    let (w, h) = (figure.width, figure.height);
    let mut out = Svg::new();
    let id = options.id;
    out.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    out.num(w).raw(" ").num(h).raw("\"");
    out.attr_num("width", w).attr_num("height", h);
    out.raw(" role=\"img\" aria-labelledby=\"");
    push_attr(&mut out.buf, id);
    out.raw("-t ");
    push_attr(&mut out.buf, id);
    out.raw("-d\" font-family=\"Open Sans,sans-serif\" font-size=\"12\" style=\"max-width:100%;height:auto\">");
    out.raw("<title").attr("id", &format!("{id}-t")).raw(">");
    push_text(&mut out.buf, &describe::name(figure));
    out.raw("</title><desc")
        .attr("id", &format!("{id}-d"))
        .raw(">");
    push_text(&mut out.buf, &describe::description(figure));
    out.raw("</desc>");

    let palette = colors::palette(figure, options);
    let pad = 12.0;
    let mut content = Rect::new(pad, pad, w - 2.0 * pad, h - 2.0 * pad);
    if let Some(title) = &figure.title {
        let lines = font::wrap_to_width(title, content.w, sizes::TITLE, Weight::Bold);
        let lh = sizes::TITLE * sizes::LINE;
        out.raw(theme::TEXT_GROUP);
        for (i, line) in lines.iter().take(2).enumerate() {
            out.fitted_label(
                content.x,
                content.y + font::ascent(sizes::TITLE) + i as f64 * lh,
                Anchor::Start,
                sizes::TITLE,
                Weight::Bold,
                line,
                content.w,
            );
        }
        out.raw("</g>");
        let used = lines.len().min(2) as f64 * lh + 10.0;
        content = Rect::new(content.x, content.y + used, content.w, content.h - used);
    }

    let colors = colors::assign_colors(figure, palette);
    let entries = legend::legend_entries(figure, &colors);
    let show = match figure.legend {
        LegendPosition::Auto => {
            entries.len() > 1 || figure.panels.iter().any(|p| p.kind == ChartKind::Pie)
        }
        LegendPosition::None => false,
        _ => true,
    };
    let mut panel_area = content;
    if show
        && let Some(legend) = legend::plan_legend(
            &entries,
            figure.legend,
            content,
            figure.columns.min(figure.panels.len()),
        )
    {
        let r = legend.rect;
        panel_area = match legend.position {
            LegendPosition::Right => {
                Rect::new(content.x, content.y, content.w - r.w - 16.0, content.h)
            }
            LegendPosition::Top => Rect::new(
                content.x,
                r.bottom() + 6.0,
                content.w,
                content.h - r.h - 6.0,
            ),
            _ => Rect::new(content.x, content.y, content.w, content.h - r.h - 8.0),
        };
        legend::draw_legend(&mut out, &entries, &legend);
    }

    let cells = grid(panel_area, figure.panels.len(), figure.columns);
    let mut clips = 0;
    for ((panel, cell), colors) in figure.panels.iter().zip(cells).zip(&colors) {
        let mut canvas = Canvas {
            svg: &mut out,
            width: w,
            height: h,
            colors,
            id,
            clips,
        };
        match panel.kind {
            ChartKind::Bar => bar::draw(&mut canvas, panel, cell),
            ChartKind::Line => line::draw(&mut canvas, panel, cell),
            ChartKind::Scatter => scatter::draw(&mut canvas, panel, cell),
            ChartKind::Pie => pie::draw(&mut canvas, panel, cell),
        }
        clips = canvas.clips;
    }
    out.raw("</svg>");
    out.buf
}

//! The figure's layout: title, legend, the grid of panels, and each panel handed to the module
//! of its kind.

use super::canvas::Canvas;
use super::font::{self, Weight};
use super::geometry::Rect;
use super::svg::{Anchor, Svg, push_attr, push_text};
use super::{
    RenderOptions, bar, boxplot, cdf, colors, describe, heatmap, histogram, legend, line, pie,
    scatter, sizes, theme,
};
use crate::chart::{ChartKind, Figure, LegendPosition};

/// Largest gap between panels.
const PANEL_GAP: f64 = 24.0;
/// Most of the figure's width or height the gaps between panels may take together.
const MAX_GAP_SHARE: f64 = 0.2;
/// Most of the height the figure title may take (it always gets one line, and at most two).
const MAX_TITLE_SHARE: f64 = 0.35;
const MAX_TITLE_LINES: usize = 2;
/// Space under the figure title.
const TITLE_GAP: f64 = 10.0;

/// Splits `area` into a grid of `n` cells, `columns` per row. The gaps shrink when the figure
/// is too small for them, so cells never overlap or leave `area`.
fn grid(area: Rect, n: usize, columns: usize) -> Vec<Rect> {
    let columns = columns.clamp(1, n.max(1));
    let rows = n.div_ceil(columns).max(1);
    let gap = |len: f64, count: usize| {
        if count > 1 {
            PANEL_GAP.min(len * MAX_GAP_SHARE / (count - 1) as f64)
        } else {
            0.0
        }
    };
    let (gap_x, gap_y) = (gap(area.w, columns), gap(area.h, rows));
    let w = (area.w - gap_x * (columns - 1) as f64) / columns as f64;
    let h = (area.h - gap_y * (rows - 1) as f64) / rows as f64;
    (0..n)
        .map(|i| {
            let (r, c) = (i / columns, i % columns);
            Rect::new(
                area.x + c as f64 * (w + gap_x),
                area.y + r as f64 * (h + gap_y),
                w,
                h,
            )
        })
        .collect()
}

/// The width of the phone layout's viewBox: a phone's page column is about 350 CSS px on a
/// 390-px screen, and about 310 inside a block quote, so 11-px text stays above 10 px there
/// (the SVG is never drawn wider than this, so on a wider column the text is 11 px).
pub(crate) const NARROW_WIDTH: f64 = 320.0;
/// A figure at most this wide needs no phone layout.
const NARROW_ABOVE: f64 = 420.0;
/// Height of each panel in the phone layout (panels are stacked, one per row).
const NARROW_PANEL_HEIGHT: f64 = 270.0;

/// The size and arrangement a figure is drawn at: its own, or the phone layout's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Layout {
    pub width: f64,
    pub height: f64,
    pub legend: LegendPosition,
    pub columns: usize,
    /// The phone layout: no description of its own (it shares the desktop one), no tooltips.
    pub narrow: bool,
}

impl Layout {
    /// The figure as its author sized it.
    pub(super) fn of(figure: &Figure) -> Layout {
        Layout {
            width: figure.width,
            height: figure.height,
            legend: figure.legend,
            columns: figure.columns,
            narrow: false,
        }
    }

    /// The phone layout, for a figure wider than a phone's column: [`NARROW_WIDTH`] wide,
    /// panels stacked one per row, the legend below (where it does not take the plot's
    /// width), each panel as tall as a phone shows comfortably.
    pub(super) fn narrow(figure: &Figure) -> Option<Layout> {
        if figure.width <= NARROW_ABOVE {
            return None;
        }
        let n = figure.panels.len().max(1) as f64;
        let title = if figure.title.is_some() { 50.0 } else { 0.0 };
        let own = figure.height * NARROW_WIDTH / figure.width;
        let height = (title + n * NARROW_PANEL_HEIGHT + 60.0)
            .max(own)
            .min(crate::chart::limits::MAX_SIZE);
        Some(Layout {
            width: NARROW_WIDTH,
            height,
            legend: figure.legend,
            columns: 1,
            narrow: true,
        })
    }
}

/// The `<svg>` element of a figure (one line, no trailing newline).
pub(crate) fn svg_document(figure: &Figure, options: &RenderOptions<'_>) -> String {
    svg_in_layout(figure, options, Layout::of(figure))
}

/// The `<svg>` element of a figure drawn in `layout`. The phone layout's ids end in `n` and it
/// is named and described by the desktop layout's `<title>` and `<desc>` (one description per
/// figure, read whichever layout shows).
pub(crate) fn svg_in_layout(
    figure: &Figure,
    options: &RenderOptions<'_>,
    layout: Layout,
) -> String {
    let (w, h) = (layout.width, layout.height);
    let mut out = Svg::new();
    out.tooltips = !layout.narrow;
    let named = options.id;
    let narrow_id = format!("{named}n");
    let id = if layout.narrow {
        narrow_id.as_str()
    } else {
        named
    };
    out.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    out.num(w).raw(" ").num(h).raw("\"");
    out.attr_num("width", w).attr_num("height", h);
    out.raw(" role=\"img\" aria-labelledby=\"");
    push_attr(&mut out.buf, named);
    out.raw("-t ");
    push_attr(&mut out.buf, named);
    out.raw("-d\" font-family=\"Open Sans,sans-serif\" font-size=\"12\" style=\"max-width:100%;height:auto\">");
    if !layout.narrow {
        out.raw("<title").attr("id", &format!("{id}-t")).raw(">");
        push_text(&mut out.buf, &describe::name(figure));
        out.raw("</title><desc")
            .attr("id", &format!("{id}-d"))
            .raw(">");
        push_text(&mut out.buf, &describe::description(figure));
        out.raw("</desc>");
    }

    let palette = colors::palette(figure, options);
    let pad = 12.0;
    let mut content = Rect::new(pad, pad, w - 2.0 * pad, h - 2.0 * pad);
    if let Some(title) = &figure.title {
        let lh = sizes::TITLE * sizes::LINE;
        // Two lines at most, fewer when the figure is short; the last one drawn ends with "…"
        // when text is cut (the root `<title>` keeps the whole title).
        let max_lines = (((content.h * MAX_TITLE_SHARE - TITLE_GAP) / lh).floor() as usize)
            .clamp(1, MAX_TITLE_LINES);
        let (lines, _) = font::wrap_lines(title, content.w, sizes::TITLE, Weight::Bold, max_lines);
        out.raw(theme::TEXT_GROUP);
        for (i, line) in lines.iter().enumerate() {
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
        let used = lines.len() as f64 * lh + TITLE_GAP;
        content = Rect::new(content.x, content.y + used, content.w, content.h - used);
    }

    let colors = colors::assign_colors(figure, palette);
    let dashes = colors::assign_dashes(figure, palette);
    let entries = legend::legend_entries(figure, &colors, &dashes);
    // The phone layout has no room beside the plot: a legend goes below it (or stays on top).
    let position = match layout.legend {
        LegendPosition::Auto | LegendPosition::Right if layout.narrow => LegendPosition::Bottom,
        other => other,
    };
    let show = match layout.legend {
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
            position,
            content,
            layout.columns.min(figure.panels.len()),
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
        out.raw("<g>");
        legend::draw_legend(&mut out, &entries, &legend);
        out.raw("</g>");
    }

    let cells = grid(panel_area, figure.panels.len(), layout.columns);
    let mut clips = 0;
    // Text with no room at all is dropped by the writer; what the author wrote of it is listed in
    // the `<title>` of the panel's group, so nothing disappears silently.
    out.take_dropped();
    for (((panel, cell), colors), dashes) in
        figure.panels.iter().zip(cells).zip(&colors).zip(&dashes)
    {
        out.raw("<g>");
        let mut canvas = Canvas {
            svg: &mut out,
            colors,
            dashes,
            id,
            clips,
            every_point: options.every_point,
        };
        match panel.kind {
            ChartKind::Bar => bar::draw(&mut canvas, panel, cell),
            ChartKind::Line => line::draw(&mut canvas, panel, cell),
            ChartKind::Scatter => scatter::draw(&mut canvas, panel, cell),
            ChartKind::Pie => pie::draw(&mut canvas, panel, cell),
            ChartKind::Histogram => histogram::draw(&mut canvas, panel, cell),
            ChartKind::Cdf => cdf::draw(&mut canvas, panel, cell),
            ChartKind::Heatmap => heatmap::draw(&mut canvas, panel, cell),
            ChartKind::Box => boxplot::draw(&mut canvas, panel, cell),
        }
        clips = canvas.clips;
        let dropped = out.take_dropped();
        if !dropped.is_empty() {
            out.raw("<title>");
            push_text(&mut out.buf, &format!("Not shown: {}", dropped.join("; ")));
            out.raw("</title>");
        }
        out.raw("</g>");
    }
    out.raw("</svg>");
    out.buf
}

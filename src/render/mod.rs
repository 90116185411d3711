//! Layout and SVG: a [`Figure`] becomes one line of HTML.
//!
//! `mod.rs` lays out the figure (title, legend, panel area) and dispatches each panel to the
//! module of its kind (`bar`, `line`, `scatter`, `pie`); `cartesian` frames the axes of the
//! first three; `svg` writes and escapes; `backend` lets plotters draw geometry into it;
//! `theme` holds colours; `font` measures text with embedded Open Sans metrics.

mod axis;
mod backend;
mod bar;
mod cartesian;
mod colorscale;
mod describe;
pub mod font;
mod labels;
mod layout;
mod line;
mod overlays;
mod pie;
mod scatter;
pub mod svg;
mod table;
mod theme;
mod xy;

use font::Weight;
use layout::{LegendEntry, Rect, Swatch, sizes};
use svg::{Anchor, Svg, push_attr, push_text};

pub use theme::DEFAULT_PALETTE;


use crate::chart::{ChartKind, Color, Figure, LegendPosition, Series};

/// Per-figure settings from outside the chart block.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions<'a> {
    /// Prefix for every `id` in the SVG; must be unique in the whole book (print.html puts
    /// every chapter on one page).
    pub id: &'a str,
    /// Series colours (the book's palette, or the default).
    pub palette: &'a [Color],
    /// Add the collapsed data table under the figure (a chart's `data-table` overrides it).
    pub data_table: bool,
}

/// Drawing state shared by the chart modules.
pub struct Canvas<'a> {
    /// The output.
    pub svg: &'a mut Svg,
    /// ViewBox width.
    pub width: f64,
    /// ViewBox height.
    pub height: f64,
    /// Colours of the current panel's series (or pie slices), see [`assign_colors`].
    colors: &'a [Color],
    id: &'a str,
    clips: usize,
}

impl Canvas<'_> {
    /// The colour of series `i` of the current panel.
    pub fn series_color(&self, series: &Series, i: usize) -> Color {
        series
            .color
            .or_else(|| self.colors.get(i).copied())
            .unwrap_or(theme::DEFAULT_PALETTE[0])
    }

    /// The colour of pie slice `i` of the current panel.
    pub fn slice_color(&self, i: usize) -> Color {
        self.colors
            .get(i)
            .copied()
            .unwrap_or(theme::DEFAULT_PALETTE[0])
    }

    /// A fresh id for a definition (gradient, clip path), unique within the book.
    pub fn next_id(&mut self, kind: &str) -> String {
        let id = format!("{}-{kind}{}", self.id, self.clips);
        self.clips += 1;
        id
    }

    /// When an explicit axis range may cut data, writes a clip path for the plot rectangle and
    /// returns its id.
    pub fn clip_for(&mut self, frame: &cartesian::Frame) -> Option<String> {
        if !frame.has_explicit_range() {
            return None;
        }
        let id = format!("{}-c{}", self.id, self.clips);
        self.clips += 1;
        let p = frame.plot;
        self.svg.raw("<clipPath").attr("id", &id).raw("><rect");
        self.svg
            .attr_num("x", p.x)
            .attr_num("y", p.y)
            .attr_num("width", p.w)
            .attr_num("height", p.h)
            .raw("/></clipPath>");
        Some(id)
    }
}

fn palette<'a>(figure: &'a Figure, options: &RenderOptions<'a>) -> &'a [Color] {
    match &figure.palette {
        Some(p) => p,
        None => options.palette,
    }
}

/// The legend name of series `j`.
fn series_name(s: &Series, j: usize) -> String {
    s.name
        .clone()
        .unwrap_or_else(|| format!("Series {}", j + 1))
}

/// Colours per panel: a series (or pie slice) gets its own colour if it set one, otherwise the
/// palette colour of its name, so the same name has the same colour in every panel and appears
/// once in the legend.
fn assign_colors(figure: &Figure, palette: &[Color]) -> Vec<Vec<Color>> {
    let mut names: Vec<String> = Vec::new();
    let mut index_of = |name: String| match names.iter().position(|n| *n == name) {
        Some(i) => i,
        None => {
            names.push(name);
            names.len() - 1
        }
    };
    figure
        .panels
        .iter()
        .map(|panel| {
            if panel.kind == ChartKind::Pie {
                pie::slice_names(panel)
                    .into_iter()
                    .map(|n| theme::series_color(palette, index_of(n)))
                    .collect()
            } else {
                panel
                    .series
                    .iter()
                    .enumerate()
                    .map(|(j, s)| {
                        let i = index_of(series_name(s, j));
                        s.color.unwrap_or_else(|| theme::series_color(palette, i))
                    })
                    .collect()
            }
        })
        .collect()
}

fn legend_entries(figure: &Figure, colors: &[Vec<Color>]) -> Vec<LegendEntry> {
    let mut entries: Vec<LegendEntry> = Vec::new();
    let mut add = |entry: LegendEntry| {
        if !entries
            .iter()
            .any(|e| e.name == entry.name && e.color == entry.color)
        {
            entries.push(entry);
        }
    };
    for (panel, colors) in figure.panels.iter().zip(colors) {
        if panel.kind == ChartKind::Pie {
            for (name, color) in pie::slice_names(panel).into_iter().zip(colors) {
                add(LegendEntry {
                    name,
                    color: *color,
                    swatch: Swatch::Square,
                });
            }
            continue;
        }
        for (j, (s, color)) in panel.series.iter().zip(colors).enumerate() {
            if !s.in_legend {
                continue;
            }
            add(LegendEntry {
                name: series_name(s, j),
                color: *color,
                swatch: match panel.kind {
                    ChartKind::Line | ChartKind::Scatter if s.lines => Swatch::Line {
                        dash: s.dash,
                        marker: s.markers,
                    },
                    ChartKind::Line | ChartKind::Scatter => Swatch::Dot,
                    _ => Swatch::Square,
                },
            });
        }
    }
    entries
}

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

/// Renders the standalone `<svg>` element of a figure (one line, no trailing newline).
pub fn svg(figure: &Figure, options: &RenderOptions<'_>) -> String {
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

    let palette = palette(figure, options);
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

    let colors = assign_colors(figure, palette);
    let entries = legend_entries(figure, &colors);
    let show = match figure.legend {
        LegendPosition::Auto => {
            entries.len() > 1 || figure.panels.iter().any(|p| p.kind == ChartKind::Pie)
        }
        LegendPosition::None => false,
        _ => true,
    };
    let mut panel_area = content;
    if show
        && let Some(legend) = layout::plan_legend(
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
        layout::draw_legend(&mut out, &entries, &legend);
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

/// Largest SVG a figure may produce (64 series of 10,000 points would make several MB).
pub const MAX_SVG_BYTES: usize = 2 * 1024 * 1024;

/// The error message when an SVG of `len` bytes is over [`MAX_SVG_BYTES`].
pub fn too_large(len: usize) -> Option<String> {
    (len > MAX_SVG_BYTES).then(|| {
        format!(
            "this chart would be {:.1} MB of SVG; at most {} MB are written per figure (fewer points, or a coarser sample)",
            len as f64 / 1e6,
            MAX_SVG_BYTES / (1024 * 1024)
        )
    })
}

/// Renders a figure as the one line of HTML that replaces its chart block.
pub fn figure_html(figure: &Figure, options: &RenderOptions<'_>) -> String {
    let svg = svg(figure, options);
    let mut out = String::with_capacity(svg.len() + 48);
    out.push_str("<figure class=\"svg-chart\" style=\"margin:1.5em 0\">");
    out.push_str(&svg);
    if figure.data_table.unwrap_or(options.data_table) {
        table::push_data_tables(&mut out, figure);
    }
    out.push_str("</figure>");
    out
}

/// The one line of HTML shown in place of a chart that could not be rendered.
pub fn error_html(message: &str) -> String {
    let mut out = String::with_capacity(message.len() + 160);
    out.push_str("<div class=\"svg-chart-error\" role=\"alert\" style=\"border:2px solid #d33;border-radius:4px;padding:.6em .9em;margin:1em 0;color:#d33;font-family:monospace;white-space:pre-wrap\"><strong>chart error</strong>: ");
    push_text(&mut out, message);
    out.push_str("</div>");
    out
}

//! Layout and SVG: a [`Figure`] becomes one line of HTML.
//!
//! `figure` lays out the figure (title, legend, the grid of panels) and hands each panel to the
//! module of its kind (`bar`, `line`, `scatter`, `pie`); `cartesian` frames the axes of the
//! first three and `xy` holds what line and scatter share; `overlays` draws reference lines and
//! annotations, `placement` places point labels; `svg` writes and escapes; `backend` lets plotters
//! draw geometry into it; `theme` and `colors` choose colours; `font` measures text with embedded
//! Open Sans metrics.

mod axis;
mod backend;
mod bar;
mod bins;
mod canvas;
mod cartesian;
mod cdf;
mod colors;
mod colorscale;
mod describe;
mod figure;
pub(crate) mod font;
mod geometry;
mod histogram;
mod legend;
mod line;
mod overlays;
mod paths;
mod pie;
mod placement;
mod scatter;
mod sizes;
mod svg;
mod table;
mod theme;
mod time_ticks;
mod uncertainty;
mod xy;

pub(crate) use figure::svg_document;
pub(crate) use theme::{DEFAULT_PALETTE, low_contrast_themes};

use canvas::Canvas;
use svg::push_text;

use crate::chart::{Color, Figure};

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
    /// Write every point (no decimation): only tests comparing pictures want this.
    pub every_point: bool,
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
    let svg = svg_document(figure, options);
    let mut out = String::with_capacity(svg.len() + 48);
    out.push_str("<figure class=\"svg-chart\" style=\"margin:1.5em 0\">");
    out.push_str(&svg);
    if figure.data_table.unwrap_or(options.data_table) {
        table::push_data_tables(&mut out, figure);
    }
    out.push_str("</figure>");
    out
}

/// The one line of HTML shown in place of a chart that could not be rendered. Line breaks in
/// `message` (several errors, the source line under each) become `&#10;`, which the box's
/// `white-space:pre-wrap` shows as breaks while the HTML stays one line.
pub fn error_html(message: &str) -> String {
    let mut out = String::with_capacity(message.len() + 160);
    out.push_str("<div class=\"svg-chart-error\" role=\"alert\" style=\"border:2px solid #d33;border-radius:4px;padding:.6em .9em;margin:1em 0;color:#d33;font-family:monospace;white-space:pre-wrap\"><strong>chart error</strong>: ");
    for (i, line) in message.trim_end_matches('\n').split('\n').enumerate() {
        if i > 0 {
            out.push_str("&#10;");
        }
        push_text(&mut out, line);
    }
    out.push_str("</div>");
    out
}

//! Layout and SVG: a [`Figure`] becomes one line of HTML.
//!
//! `figure` lays out the figure (title, legend, the grid of panels) and hands each panel to the
//! module of its kind (`bar`, `line`, `scatter`, `pie`, `histogram`, `cdf`, `heatmap`,
//! `boxplot`); `cartesian` frames the axes of all but pies, `axis` finds ticks (with plotters)
//! and `time_ticks` calendar ticks; `xy` holds what line and scatter share and `paths` writes
//! lines and areas (gaps, steps, curves, decimation); `bins` bins samples; `overlays` draws
//! reference lines and annotations, `placement` places point labels; `svg` writes and escapes;
//! `theme` and `colors` choose colours; `font` measures text with embedded Open Sans metrics.

mod axis;
mod bar;
mod bins;
mod boxplot;
mod canvas;
mod cartesian;
mod cdf;
mod colors;
mod colorscale;
mod describe;
mod figure;
pub(crate) mod font;
mod geometry;
mod heatmap;
mod histogram;
mod legend;
mod line;
mod obstacles;
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
pub(crate) struct RenderOptions<'a> {
    /// Prefix for every `id` in the SVG; must be unique in the whole book (print.html puts
    /// every chapter on one page).
    pub id: &'a str,
    /// Series colours (the book's palette, or the default).
    pub palette: &'a [Color],
    /// Add the collapsed data table under the figure (a chart's `data-table` overrides it).
    pub data_table: bool,
    /// The data table links to the data files it names (not in an EPUB).
    pub link_files: bool,
    /// Write every point (no decimation): only tests comparing pictures want this.
    pub every_point: bool,
}

/// The book's `svg-charts.css` (written by `install`): below 480 CSS px of the figure's width
/// (a phone, or a narrow window), a container query hides the desktop layout of each chart and
/// shows its phone layout. Without it every chart keeps its desktop layout.
pub(crate) const STYLESHEET_CSS: &str = "/* mdbook-svg-charts: the phone layout of charts. Written by `mdbook-svg-charts install`; listed in book.toml [output.html] additional-css. */\nfigure.svg-chart { container-type: inline-size; }\n@container (max-width: 479.98px) {\n  figure.svg-chart > svg.sc-wide { display: none; }\n  figure.svg-chart > div.sc-narrow { display: block; }\n}\n";

/// Largest SVG a figure may produce (64 series of 10,000 points would make several MB).
pub(crate) const MAX_SVG_BYTES: usize = 2 * 1024 * 1024;

/// The error message when an SVG of `len` bytes is over [`MAX_SVG_BYTES`].
pub(crate) fn too_large(len: usize) -> Option<String> {
    (len > MAX_SVG_BYTES).then(|| {
        format!(
            "this chart would be over {:.1} MB of SVG; at most {} MB are written per figure (fewer points, or a coarser sample)",
            len as f64 / 1e6,
            MAX_SVG_BYTES / (1024 * 1024)
        )
    })
}

/// Renders a figure as the one line of HTML that replaces its chart block.
///
/// A figure wider than a phone's column also carries its phone layout, in a `<div hidden>`
/// after the desktop `<svg class="sc-wide">`: without the book's `svg-charts.css` (or any CSS,
/// as in an EPUB reader) only the desktop layout shows; with it, a container query swaps the two
/// when the figure is narrower than 480 CSS px (see [`STYLESHEET_CSS`]).
pub(crate) fn figure_html(figure: &Figure, options: &RenderOptions<'_>) -> String {
    let svg = svg_document(figure, options);
    // A figure already too large is refused whatever else it holds: no phone layout then.
    let narrow = figure::Layout::narrow(figure)
        .filter(|_| svg.len() <= MAX_SVG_BYTES)
        .map(|l| figure::svg_in_layout(figure, options, l));
    let mut out = String::with_capacity(svg.len() + narrow.as_ref().map_or(0, String::len) + 96);
    out.push_str("<figure class=\"svg-chart\" style=\"margin:1.5em 0\">");
    match narrow {
        Some(narrow) => {
            // The class goes on the root element: `<svg class="sc-wide" …`.
            out.push_str("<svg class=\"sc-wide\"");
            out.push_str(&svg["<svg".len()..]);
            out.push_str("<div class=\"sc-narrow\" hidden=\"hidden\">");
            out.push_str(&narrow);
            out.push_str("</div>");
        }
        None => out.push_str(&svg),
    }
    if figure.data_table.unwrap_or(options.data_table) {
        table::push_data_tables(&mut out, figure, options.link_files);
    }
    out.push_str("</figure>");
    out
}

/// The one line of HTML shown in place of a chart that could not be rendered. Line breaks in
/// `message` (several errors, the source line under each) become `&#10;`, which the box's
/// `white-space:pre-wrap` shows as breaks while the HTML stays one line.
pub(crate) fn error_html(message: &str) -> String {
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

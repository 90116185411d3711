//! The drawing state a chart kind draws with: the SVG being written, the panel's colours, and
//! ids that are unique in the book.

use super::cartesian;
use super::geometry::Rect;
use super::svg::Svg;
use super::theme;
use crate::chart::{Color, Dash, Series};

/// Drawing state shared by the chart modules.
pub(super) struct Canvas<'a> {
    /// The output.
    pub svg: &'a mut Svg,
    /// Colours of the current panel's series (or pie slices), see `colors::assign_colors`.
    pub(super) colors: &'a [Color],
    /// Dashes of the current panel's series, see `colors::assign_dashes`.
    pub(super) dashes: &'a [Dash],
    pub(super) id: &'a str,
    pub(super) clips: usize,
    /// Write every point of every line (no decimation, no marker left out): for tests that
    /// compare the picture with and without.
    pub(super) every_point: bool,
}

impl Canvas<'_> {
    /// The colour of series `i` of the current panel.
    pub(super) fn series_color(&self, series: &Series, i: usize) -> Color {
        series
            .color
            .or_else(|| self.colors.get(i).copied())
            .unwrap_or(theme::DEFAULT_PALETTE[0])
    }

    /// The dash of series `i`'s line: its own, or past the palette's hues a dash that tells it
    /// from the series of the same hue.
    pub(super) fn series_dash(&self, series: &Series, i: usize) -> Dash {
        self.dashes.get(i).copied().unwrap_or(series.dash)
    }

    /// Writes the `stroke-dasharray` of a series line `width` wide drawn with `dash` (one
    /// attribute on the path, not one element per dash).
    pub(super) fn dash_attr(&mut self, dash: Dash, width: f64) {
        let svg = &mut *self.svg;
        match dash {
            Dash::Solid => {}
            Dash::Dashed => {
                svg.raw(" stroke-dasharray=\"");
                svg.num(width * 3.5).raw(" ").num(width * 2.5).raw("\"");
            }
            Dash::Dotted => {
                svg.raw(" stroke-dasharray=\"0 ");
                svg.num(width * 2.0).raw("\"");
            }
        }
    }

    /// The colour of pie slice `i` of the current panel.
    pub(super) fn slice_color(&self, i: usize) -> Color {
        self.colors
            .get(i)
            .copied()
            .unwrap_or(theme::DEFAULT_PALETTE[0])
    }

    /// A fresh id for a definition (gradient, clip path), unique within the book.
    pub(super) fn next_id(&mut self, kind: &str) -> String {
        let id = format!("{}-{kind}{}", self.id, self.clips);
        self.clips += 1;
        id
    }

    /// When an explicit axis range may cut data, writes a clip path for the plot rectangle and
    /// returns its id.
    pub(super) fn clip_for(&mut self, frame: &cartesian::Frame) -> Option<String> {
        if !frame.has_explicit_range() {
            return None;
        }
        Some(self.clip_rect(frame.plot))
    }

    /// The clip of a panel's marks: the plot's when an explicit axis range may cut data, else
    /// the panel's (`area`) when `leave` says a mark at the edge of a small plot would reach
    /// past it, else none.
    pub(super) fn clip_marks(
        &mut self,
        frame: &cartesian::Frame,
        area: Rect,
        leave: impl FnOnce() -> bool,
    ) -> Option<String> {
        match self.clip_for(frame) {
            Some(c) => Some(c),
            None => leave().then(|| self.clip_rect(area)),
        }
    }

    /// Writes a clip path for `r` and returns its id.
    pub(super) fn clip_rect(&mut self, r: Rect) -> String {
        let id = format!("{}-c{}", self.id, self.clips);
        self.clips += 1;
        self.svg.raw("<clipPath").attr("id", &id).raw("><rect");
        self.svg
            .attr_num("x", r.x)
            .attr_num("y", r.y)
            .attr_num("width", r.w)
            .attr_num("height", r.h)
            .raw("/></clipPath>");
        id
    }
}

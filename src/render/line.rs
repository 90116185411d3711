//! Line charts: one or more series, solid, dashed or dotted, with optional markers.

use super::geometry::Rect;
use super::{Canvas, xy};
use crate::chart::Panel;

/// Draws a line panel into `area`: lines run edge to edge in x (unless they have markers), y
/// snaps to round ticks.
pub(super) fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    // Markers at the first and last point need a little room inside the plot.
    let x_pad = if panel.series.iter().any(|s| s.markers) {
        0.03
    } else {
        0.0
    };
    xy::draw_panel(canvas, panel, area, x_pad, 0.0);
}

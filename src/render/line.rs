//! Line charts: one or more series, solid, dashed or dotted, with optional markers.

use super::layout::Rect;
use super::{Canvas, xy};
use crate::spec::Panel;

/// Draws a line panel into `area`: lines run edge to edge in x, y snaps to round ticks.
pub fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    xy::draw_panel(canvas, panel, area, 0.0, 0.0);
}

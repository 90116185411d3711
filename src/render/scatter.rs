//! Scatter charts: markers (or bubbles) at points, optionally joined and labelled.

use super::geometry::Rect;
use super::{Canvas, xy};
use crate::chart::Panel;

/// Draws a scatter panel into `area`, with a margin around the data so markers are whole.
pub(super) fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    xy::draw_panel(canvas, panel, area, 0.06, 0.08);
}

//! Font sizes used across charts, in CSS pixels of the viewBox.

/// Figure title.
pub(crate) const TITLE: f64 = 17.0;
/// Panel title.
pub(crate) const PANEL_TITLE: f64 = 14.0;
/// Axis titles.
pub(crate) const AXIS_TITLE: f64 = 12.5;
/// Tick placement, legend, data labels.
pub(crate) const LABEL: f64 = 12.0;
/// Small labels (point placement, slice labels).
pub(crate) const SMALL: f64 = 11.0;
/// Line height as a multiple of the font size (Open Sans' ascent plus descent is 1.36 em).
pub(crate) const LINE: f64 = 1.4;

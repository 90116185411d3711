//! Rectangles and the figure-level layout: title, legend, panel area.

use super::font::{self, Weight};
use super::svg::{Anchor, Svg};
use super::theme;
use crate::chart::{Color, LegendPosition};

/// An axis-aligned rectangle in viewBox units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// A rectangle from its left, top, width and height.
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect {
            x,
            y,
            w: w.max(0.0),
            h: h.max(0.0),
        }
    }

    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// True when the two rectangles share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x - 1e-9
            && other.y >= self.y - 1e-9
            && other.right() <= self.right() + 1e-9
            && other.bottom() <= self.bottom() + 1e-9
    }
}

/// Font sizes used across charts.
pub mod sizes {
    /// Figure title.
    pub const TITLE: f64 = 17.0;
    /// Panel title.
    pub const PANEL_TITLE: f64 = 14.0;
    /// Axis titles.
    pub const AXIS_TITLE: f64 = 12.5;
    /// Tick labels, legend, data labels.
    pub const LABEL: f64 = 12.0;
    /// Small labels (point labels, slice labels).
    pub const SMALL: f64 = 11.0;
    /// Line height as a multiple of the font size (Open Sans' ascent plus descent is 1.36 em).
    pub const LINE: f64 = 1.4;
}

/// How a legend entry's swatch is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    /// A filled square (bars, slices).
    Square,
    /// A short line (lines), dashed like the series, with a dot when it has markers.
    Line {
        /// The series' dash style.
        dash: crate::chart::Dash,
        /// The series draws markers.
        marker: bool,
    },
    /// A dot (markers).
    Dot,
}

/// One legend entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The series or slice name.
    pub name: String,
    /// Its colour.
    pub color: Color,
    /// Its swatch shape.
    pub swatch: Swatch,
}

const SWATCH: f64 = 11.0;
const SWATCH_GAP: f64 = 6.0;
const ENTRY_GAP: f64 = 16.0;
const ROW: f64 = 20.0;
const MAX_ENTRY_WIDTH: f64 = 180.0;

/// Width of a swatch: lines need room to show their dash pattern.
fn swatch_width(s: Swatch) -> f64 {
    match s {
        Swatch::Line { .. } => 22.0,
        _ => SWATCH,
    }
}

fn entry_width(e: &LegendEntry) -> f64 {
    swatch_width(e.swatch)
        + SWATCH_GAP
        + font::text_width(&e.name, super::layout::sizes::LABEL, Weight::Regular)
            .min(MAX_ENTRY_WIDTH)
}

/// Where the legend ended up and how much room it takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LegendBox {
    /// Resolved position (never `Auto`).
    pub position: LegendPosition,
    /// Its rectangle.
    pub rect: Rect,
}

/// Chooses the legend position and size inside `area` (the figure minus title and padding).
pub fn plan_legend(
    entries: &[LegendEntry],
    wanted: LegendPosition,
    area: Rect,
    columns: usize,
) -> Option<LegendBox> {
    if entries.is_empty() || wanted == LegendPosition::None {
        return None;
    }
    let widest = entries.iter().map(entry_width).fold(0.0, f64::max);
    let position = match wanted {
        // Side by side panels would get too narrow beside a legend: put it on top.
        LegendPosition::Auto if columns > 1 => LegendPosition::Top,
        LegendPosition::Auto if area.w >= 440.0 && widest + 12.0 <= area.w * 0.3 => {
            LegendPosition::Right
        }
        LegendPosition::Auto => LegendPosition::Bottom,
        p => p,
    };
    Some(match position {
        LegendPosition::Right => {
            let w = widest + 12.0;
            let h = entries.len() as f64 * ROW;
            LegendBox {
                position,
                rect: Rect::new(area.right() - w + 12.0, area.y, w - 12.0, h),
            }
        }
        _ => {
            let rows = flow_rows(entries, area.w);
            let h = rows.len() as f64 * ROW;
            let y = if position == LegendPosition::Top {
                area.y
            } else {
                area.bottom() - h
            };
            LegendBox {
                position,
                rect: Rect::new(area.x, y, area.w, h),
            }
        }
    })
}

/// Splits entries into rows that fit `width`; returns the index ranges and row widths.
fn flow_rows(entries: &[LegendEntry], width: f64) -> Vec<(std::ops::Range<usize>, f64)> {
    let mut rows = Vec::new();
    let mut start = 0;
    let mut w = 0.0;
    for (i, e) in entries.iter().enumerate() {
        let ew = entry_width(e);
        let add = if i == start { ew } else { ENTRY_GAP + ew };
        if i > start && w + add > width {
            rows.push((start..i, w));
            start = i;
            w = ew;
        } else {
            w += add;
        }
    }
    rows.push((start..entries.len(), w));
    rows
}

/// Draws the legend: swatches in one group per colour, names in the theme's text colour.
pub fn draw_legend(svg: &mut Svg, entries: &[LegendEntry], legend: &LegendBox) {
    let mut positions = Vec::with_capacity(entries.len());
    if legend.position == LegendPosition::Right {
        for (i, _) in entries.iter().enumerate() {
            positions.push((legend.rect.x, legend.rect.y + i as f64 * ROW));
        }
    } else {
        for (row, (range, w)) in flow_rows(entries, legend.rect.w).into_iter().enumerate() {
            let mut x = legend.rect.x + (legend.rect.w - w) / 2.0;
            for e in &entries[range] {
                positions.push((x, legend.rect.y + row as f64 * ROW));
                x += entry_width(e) + ENTRY_GAP;
            }
        }
    }
    let mid = ROW / 2.0;
    for (e, (x, y)) in entries.iter().zip(&positions) {
        let cy = y + mid;
        match e.swatch {
            Swatch::Square => {
                svg.raw("<rect").attr("fill", &e.color.to_string());
                svg.attr_num("x", *x)
                    .attr_num("y", cy - SWATCH / 2.0)
                    .attr_num("width", SWATCH)
                    .attr_num("height", SWATCH)
                    .raw(" rx=\"2\"/>");
            }
            Swatch::Line { dash, marker } => {
                let c = e.color.to_string();
                svg.raw("<path").attr("stroke", &c);
                svg.raw(" stroke-width=\"2\"");
                match dash {
                    crate::chart::Dash::Solid => {}
                    crate::chart::Dash::Dash => {
                        svg.raw(" stroke-dasharray=\"5 3\"");
                    }
                    crate::chart::Dash::Dot => {
                        svg.raw(" stroke-dasharray=\"0 4\" stroke-linecap=\"round\"");
                    }
                }
                svg.raw(" d=\"M")
                    .num(*x)
                    .raw(",")
                    .num(cy)
                    .raw("h")
                    .num(22.0)
                    .raw("\"/>");
                if marker {
                    svg.raw("<circle").attr("fill", &c);
                    svg.attr_num("cx", x + 11.0)
                        .attr_num("cy", cy)
                        .raw(" r=\"3.5\"/>");
                }
            }
            Swatch::Dot => {
                svg.raw("<circle").attr("fill", &e.color.to_string());
                svg.attr_num("cx", x + SWATCH / 2.0)
                    .attr_num("cy", cy)
                    .attr_num("r", SWATCH / 2.5)
                    .raw("/>");
            }
        }
    }
    svg.raw(theme::TEXT_GROUP);
    let baseline = mid + font::cap_height(sizes::LABEL) / 2.0;
    for (e, (x, y)) in entries.iter().zip(&positions) {
        svg.fitted_label(
            x + swatch_width(e.swatch) + SWATCH_GAP,
            y + baseline,
            Anchor::Start,
            sizes::LABEL,
            Weight::Regular,
            &e.name,
            MAX_ENTRY_WIDTH,
        );
    }
    svg.raw("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<LegendEntry> {
        (0..n)
            .map(|i| LegendEntry {
                name: format!("Series number {i}"),
                color: Color(0, 0, 0),
                swatch: Swatch::Square,
            })
            .collect()
    }

    #[test]
    fn auto_legend_goes_right_when_wide_else_bottom() {
        let wide = plan_legend(
            &entries(3),
            LegendPosition::Auto,
            Rect::new(0.0, 0.0, 640.0, 400.0),
            1,
        );
        assert_eq!(wide.unwrap().position, LegendPosition::Right);
        let panels = plan_legend(
            &entries(3),
            LegendPosition::Auto,
            Rect::new(0.0, 0.0, 640.0, 400.0),
            2,
        );
        assert_eq!(panels.unwrap().position, LegendPosition::Top);
        let narrow = plan_legend(
            &entries(3),
            LegendPosition::Auto,
            Rect::new(0.0, 0.0, 300.0, 400.0),
            1,
        );
        assert_eq!(narrow.unwrap().position, LegendPosition::Bottom);
        assert!(
            plan_legend(
                &entries(3),
                LegendPosition::None,
                Rect::new(0.0, 0.0, 640.0, 400.0),
                1
            )
            .is_none()
        );
    }

    #[test]
    fn bottom_legend_wraps_into_rows_that_fit() {
        let e = entries(8);
        let rows = flow_rows(&e, 300.0);
        assert!(rows.len() > 1);
        assert!(rows.iter().all(|(_, w)| *w <= 300.0));
        assert_eq!(rows.last().unwrap().0.end, 8);
    }
}

//! The legend: its entries (one per series or slice name), where it goes and how it is drawn.

use super::colors;
use super::font::{self, Weight};
use super::geometry::Rect;
use super::pie;
use super::sizes;
use super::svg::{Anchor, Svg};
use super::theme;
use crate::chart::{ChartKind, Color, Figure, LegendPosition};

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
        + font::text_width(&e.name, sizes::LABEL, Weight::Regular).min(MAX_ENTRY_WIDTH)
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
                    crate::chart::Dash::Dashed => {
                        svg.raw(" stroke-dasharray=\"5 3\"");
                    }
                    crate::chart::Dash::Dotted => {
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

/// The legend's entries: one per distinct series or slice name and colour, in figure order.
pub(super) fn legend_entries(figure: &Figure, colors: &[Vec<Color>]) -> Vec<LegendEntry> {
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
                name: colors::series_name(s, j),
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

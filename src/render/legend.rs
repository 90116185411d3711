//! The legend: its entries (one per series or slice name), where it goes and how it is drawn.

use super::colors;
use super::font::{self, Weight};
use super::geometry::Rect;
use super::pie;
use super::sizes;
use super::svg::{Anchor, Svg};
use super::theme;
use crate::chart::{ChartKind, Color, Dash, Figure, Fill, LegendPosition};

/// How a legend entry's swatch is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Swatch {
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
pub(super) struct LegendEntry {
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
/// Most of the width a legend on the right may take.
const MAX_RIGHT_SHARE: f64 = 0.4;
/// Most of the height a legend above or below the panels may take (it always gets one row).
const MAX_ROWS_SHARE: f64 = 0.35;

/// Width of a swatch: lines need room to show their dash pattern.
fn swatch_width(s: Swatch) -> f64 {
    match s {
        Swatch::Line { .. } => 22.0,
        _ => SWATCH,
    }
}

/// Widest an entry's name may be drawn when the whole entry may take `room`.
fn label_max(e: &LegendEntry, room: f64) -> f64 {
    MAX_ENTRY_WIDTH.min(room - swatch_width(e.swatch) - SWATCH_GAP)
}

fn entry_width(e: &LegendEntry, room: f64) -> f64 {
    swatch_width(e.swatch)
        + SWATCH_GAP
        + font::text_width(&e.name, sizes::LABEL, Weight::Regular).min(label_max(e, room))
}

/// The closing entry that stands for the `n` entries with no room.
fn more_text(n: usize) -> String {
    format!("+{n} more")
}

fn more_width(n: usize, room: f64) -> f64 {
    font::text_width(&more_text(n), sizes::LABEL, Weight::Regular).min(room)
}

/// Where the legend ended up and how much room it takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LegendBox {
    /// Resolved position (never `Auto`).
    pub position: LegendPosition,
    /// Its rectangle.
    pub rect: Rect,
    /// Widest one entry may be drawn.
    room: f64,
    /// How many entries are drawn; when fewer than all, a last "+N more" entry names the rest
    /// in its `<title>`.
    shown: usize,
}

/// Chooses the legend position and size inside `area` (the figure minus title and padding).
/// Entries that do not fit (beside the panels: the height; above or below: a third of it) are
/// replaced by one "+N more" entry. `None` when there is no legend, or no room for one row.
pub(super) fn plan_legend(
    entries: &[LegendEntry],
    wanted: LegendPosition,
    area: Rect,
    columns: usize,
) -> Option<LegendBox> {
    if entries.is_empty() || wanted == LegendPosition::None {
        return None;
    }
    let n = entries.len();
    let widest = entries
        .iter()
        .map(|e| entry_width(e, f64::INFINITY))
        .fold(0.0, f64::max);
    let position = match wanted {
        // Side by side panels would get too narrow beside a legend: put it on top.
        LegendPosition::Auto if columns > 1 => LegendPosition::Top,
        LegendPosition::Auto if area.w >= 440.0 && widest + 12.0 <= area.w * 0.3 => {
            LegendPosition::Right
        }
        LegendPosition::Auto => LegendPosition::Bottom,
        p => p,
    };
    if position == LegendPosition::Right {
        let room = widest.min(area.w * MAX_RIGHT_SHARE);
        let rows = (area.h / ROW).floor() as usize;
        if rows == 0 {
            return None;
        }
        let shown = if n <= rows { n } else { rows - 1 };
        let h = (shown + usize::from(shown < n)) as f64 * ROW;
        return Some(LegendBox {
            position,
            rect: Rect::new(area.right() - room, area.y, room, h),
            room,
            shown,
        });
    }
    let room = area.w;
    let max_rows = ((area.h * MAX_ROWS_SHARE).max(ROW).min(area.h) / ROW).floor() as usize;
    if max_rows == 0 {
        return None;
    }
    let widths: Vec<f64> = entries.iter().map(|e| entry_width(e, room)).collect();
    let all = flow_rows(&widths, room);
    let (shown, rows) = if all.len() <= max_rows {
        (n, all.len())
    } else {
        // At most what the first rows hold; then fewer until the "+N more" entry fits too.
        let mut shown = all[max_rows - 1].0.end;
        loop {
            let mut items = widths[..shown].to_vec();
            items.push(more_width(n - shown, room));
            let rows = flow_rows(&items, room).len();
            if rows <= max_rows || shown == 0 {
                break (shown, rows);
            }
            shown -= 1;
        }
    };
    let h = rows as f64 * ROW;
    let y = if position == LegendPosition::Top {
        area.y
    } else {
        area.bottom() - h
    };
    Some(LegendBox {
        position,
        rect: Rect::new(area.x, y, area.w, h),
        room,
        shown,
    })
}

/// Splits items of the given widths into rows that fit `width`; returns the index ranges and
/// row widths.
fn flow_rows(widths: &[f64], width: f64) -> Vec<(std::ops::Range<usize>, f64)> {
    let mut rows = Vec::new();
    let mut start = 0;
    let mut w = 0.0;
    for (i, &ew) in widths.iter().enumerate() {
        let add = if i == start { ew } else { ENTRY_GAP + ew };
        if i > start && w + add > width {
            rows.push((start..i, w));
            start = i;
            w = ew;
        } else {
            w += add;
        }
    }
    rows.push((start..widths.len(), w));
    rows
}

/// Draws the legend: swatches in one group per colour, names in the theme's text colour, and
/// the "+N more" entry (the names it stands for in its `<title>`) when not all fit.
pub(super) fn draw_legend(svg: &mut Svg, entries: &[LegendEntry], legend: &LegendBox) {
    let room = legend.room;
    let shown = &entries[..legend.shown.min(entries.len())];
    let hidden = &entries[shown.len()..];
    let mut widths: Vec<f64> = shown.iter().map(|e| entry_width(e, room)).collect();
    if !hidden.is_empty() {
        widths.push(more_width(hidden.len(), room));
    }
    let mut positions = Vec::with_capacity(widths.len());
    if legend.position == LegendPosition::Right {
        for i in 0..widths.len() {
            positions.push((legend.rect.x, legend.rect.y + i as f64 * ROW));
        }
    } else {
        for (row, (range, w)) in flow_rows(&widths, legend.rect.w).into_iter().enumerate() {
            let mut x = legend.rect.x + (legend.rect.w - w) / 2.0;
            for ew in &widths[range] {
                positions.push((x, legend.rect.y + row as f64 * ROW));
                x += ew + ENTRY_GAP;
            }
        }
    }
    let mid = ROW / 2.0;
    for (e, (x, y)) in shown.iter().zip(&positions) {
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
    for (e, (x, y)) in shown.iter().zip(&positions) {
        svg.fitted_label(
            x + swatch_width(e.swatch) + SWATCH_GAP,
            y + baseline,
            Anchor::Start,
            sizes::LABEL,
            Weight::Regular,
            &e.name,
            label_max(e, room),
        );
    }
    if let Some((x, y)) = positions.get(shown.len()) {
        let text = more_text(hidden.len());
        let fitted = font::truncate_to_width(&text, room, sizes::LABEL, Weight::Regular);
        let names: Vec<&str> = hidden.iter().map(|e| e.name.as_str()).collect();
        svg.titled_label(
            *x,
            y + baseline,
            Anchor::Start,
            sizes::LABEL,
            Weight::Regular,
            &fitted,
            &names.join(", "),
        );
    }
    svg.raw("</g>");
}

/// The legend's entries: one per distinct series or slice name and colour, in figure order.
pub(super) fn legend_entries(
    figure: &Figure,
    colors: &[Vec<Color>],
    dashes: &[Vec<Dash>],
) -> Vec<LegendEntry> {
    let mut entries: Vec<LegendEntry> = Vec::new();
    let mut add = |entry: LegendEntry| {
        if !entries
            .iter()
            .any(|e| e.name == entry.name && e.color == entry.color)
        {
            entries.push(entry);
        }
    };
    for ((panel, colors), dashes) in figure.panels.iter().zip(colors).zip(dashes) {
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
            let dash = dashes.get(j).copied().unwrap_or(s.dash);
            add(LegendEntry {
                name: colors::series_name(s, j),
                color: *color,
                swatch: match panel.kind {
                    // Stacked bands read as areas.
                    _ if s.fill == Fill::Previous => Swatch::Square,
                    ChartKind::Cdf => Swatch::Line {
                        dash,
                        marker: false,
                    },
                    ChartKind::Line | ChartKind::Scatter if s.lines => Swatch::Line {
                        dash,
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
    fn entries_with_no_room_become_one_more_entry_inside_the_area() {
        let area = Rect::new(12.0, 12.0, 616.0, 376.0);
        for position in [
            LegendPosition::Bottom,
            LegendPosition::Top,
            LegendPosition::Right,
        ] {
            let legend = plan_legend(&entries(200), position, area, 1).unwrap();
            assert!(area.contains(&legend.rect), "{position:?}: {legend:?}");
            assert!(legend.shown < 200, "{position:?}");
            assert!(legend.shown > 0, "{position:?}");
        }
        // A few entries all fit.
        let legend = plan_legend(&entries(3), LegendPosition::Bottom, area, 1).unwrap();
        assert_eq!(legend.shown, 3);
        // Above or below the panels a legend takes at most about a third of the height.
        let legend = plan_legend(&entries(200), LegendPosition::Bottom, area, 1).unwrap();
        assert!(legend.rect.h <= area.h * MAX_ROWS_SHARE);
    }

    #[test]
    fn bottom_legend_wraps_into_rows_that_fit() {
        let e = entries(8);
        let widths: Vec<f64> = e.iter().map(|e| entry_width(e, 300.0)).collect();
        let rows = flow_rows(&widths, 300.0);
        assert!(rows.len() > 1);
        assert!(rows.iter().all(|(_, w)| *w <= 300.0));
        assert_eq!(rows.last().unwrap().0.end, 8);
    }
}

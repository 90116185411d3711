//! Bar charts: one or more series per category, grouped or stacked, vertical or horizontal.

use super::axis::Framing;
use super::cartesian::{AxisInput, Frame};
use super::font::{self, Weight};
use super::geometry::Rect;
use super::obstacles::Obstacles;
use super::sizes;
use super::svg::{Anchor, Svg};
use super::uncertainty::{self, Whisker};
use super::{Canvas, overlays, theme};
use crate::chart::{BarMode, Panel, RefAxis, XValues};
use crate::format::format_value;

/// Far enough outside the plot that nothing drawn there shows (an explicit range may cut bars).
const OFF_PLOT: f64 = 10_000.0;

/// Fraction of each category band the bars of a group fill.
const GROUP_WIDTH: f64 = 0.8;

/// The category names of a bar panel (numbers are written as text).
pub(super) fn categories(panel: &Panel) -> Vec<String> {
    match panel.series.first().map(|s| &s.x) {
        Some(XValues::Categories(c)) => c.clone(),
        Some(XValues::Numbers(n)) => n
            .iter()
            .map(|v| format_value(*v, &Default::default()))
            .collect(),
        None => Vec::new(),
    }
}

/// One drawn bar, in data units: category band position and value extent.
struct Bar {
    band_lo: f64,
    band_hi: f64,
    base: f64,
    top: f64,
}

/// Where the bars of point `i` go across, in data units: category `i`'s band `[i, i + 1)`, or
/// on a time axis the point's period (one calendar period of the data from its time).
fn slots(panel: &Panel, n: usize) -> Vec<(f64, f64)> {
    match (&panel.x_axis.time, panel.series.first().map(|s| &s.x)) {
        (Some(time), Some(XValues::Numbers(starts))) => starts
            .iter()
            .copied()
            .zip(crate::time::period_ends(starts, &time.zone))
            .collect(),
        _ => (0..n).map(|i| (i as f64, i as f64 + 1.0)).collect(),
    }
}

fn bars(panel: &Panel, slots: &[(f64, f64)]) -> Vec<Vec<Bar>> {
    let n = slots.len();
    let k = panel.series.len().max(1);
    let mut pos_stack = vec![0.0; n];
    let mut neg_stack = vec![0.0; n];
    panel
        .series
        .iter()
        .enumerate()
        .map(|(j, s)| {
            s.y.iter()
                .enumerate()
                .take(n)
                .map(|(i, v)| {
                    let (lo, hi) = slots[i];
                    let start = lo + (hi - lo) * (1.0 - GROUP_WIDTH) / 2.0;
                    let group = (hi - lo) * GROUP_WIDTH;
                    match panel.bars.mode {
                        BarMode::Group => {
                            let w = group / k as f64;
                            Bar {
                                band_lo: start + j as f64 * w,
                                band_hi: start + (j + 1) as f64 * w,
                                base: 0.0,
                                top: *v,
                            }
                        }
                        // A missing value is no bar, and adds nothing to the stack.
                        BarMode::Stack if v.is_nan() => Bar {
                            band_lo: start,
                            band_hi: start + group,
                            base: 0.0,
                            top: f64::NAN,
                        },
                        BarMode::Stack => {
                            let stack = if *v >= 0.0 {
                                &mut pos_stack[i]
                            } else {
                                &mut neg_stack[i]
                            };
                            let base = *stack;
                            *stack += v;
                            Bar {
                                band_lo: start,
                                band_hi: start + group,
                                base,
                                top: base + v,
                            }
                        }
                    }
                })
                .collect()
        })
        .collect()
}

/// Draws a bar panel into `area`.
pub(super) fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    let cats = categories(panel);
    let n = cats.len();
    let slots = slots(panel, n);
    let all = bars(panel, &slots);
    // Reference lines grow the axes (unless the author fixed the range), so none falls off.
    let refs = |axis: RefAxis| {
        panel
            .references
            .iter()
            .filter(move |r| r.axis == axis)
            .map(|r| r.value)
    };
    // Error bars stand on each bar's end (a stacked segment's top) and count in the extent.
    let whiskers: Vec<Vec<Whisker>> = panel
        .series
        .iter()
        .zip(&all)
        .map(|(s, bars)| {
            let mids: Vec<f64> = bars.iter().map(|b| (b.band_lo + b.band_hi) / 2.0).collect();
            let tops: Vec<f64> = bars.iter().map(|b| b.top).collect();
            uncertainty::whiskers(s, &mids, &tops)
        })
        .collect();
    let (lo, hi) = all
        .iter()
        .flatten()
        .flat_map(|b| [b.base, b.top])
        .chain(whiskers.iter().flatten().flat_map(|w| [w.low, w.high]))
        .chain(refs(RefAxis::Y))
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let framing = Framing {
        include_zero: true,
        snap_to_ticks: true,
        pad: if panel.bars.show_values { 0.08 } else { 0.0 },
        integer: false,
    };
    let value = AxisInput::Value { lo, hi, framing };
    let horizontal = panel.bars.horizontal;
    let frame = if panel.x_axis.time.is_some() {
        // Time runs across: the axis spans the bars' periods (and any reference line).
        let (lo, hi) = slots
            .iter()
            .flat_map(|s| [s.0, s.1])
            .chain(refs(RefAxis::X))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        let framing = Framing {
            include_zero: false,
            snap_to_ticks: false,
            pad: 0.0,
            integer: false,
        };
        Frame::layout(
            area,
            panel.title.as_deref(),
            AxisInput::Value { lo, hi, framing },
            &panel.x_axis,
            value,
            &panel.y_axis,
        )
    } else if horizontal {
        Frame::layout(
            area,
            panel.title.as_deref(),
            value,
            &panel.y_axis,
            AxisInput::band(&cats, refs(RefAxis::X).map(|v| n as f64 - v)),
            &panel.x_axis,
        )
    } else {
        Frame::layout(
            area,
            panel.title.as_deref(),
            AxisInput::band(&cats, refs(RefAxis::X)),
            &panel.x_axis,
            value,
            &panel.y_axis,
        )
    };
    frame.draw_grid(canvas.svg);
    let clip = canvas.clip_for(&frame);
    for (j, (series, bars)) in panel.series.iter().zip(&all).enumerate() {
        let color = canvas.series_color(series, j);
        canvas.svg.raw("<g").attr("fill", &color.to_string());
        if let Some(c) = &clip {
            canvas.svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
        }
        canvas.svg.raw(">");
        let name = super::colors::series_name(series, j);
        for (i, (b, v)) in bars.iter().zip(&series.y).enumerate() {
            if !b.top.is_finite() {
                continue;
            }
            let corners = if horizontal {
                let y0 = n as f64 - b.band_hi;
                let y1 = n as f64 - b.band_lo;
                [(b.base, y1), (b.top, y0)]
            } else {
                [(b.band_lo, b.base), (b.band_hi, b.top)]
            };
            // Corners rounded to the tenth the SVG holds before the size is taken, so stacked
            // bars meet exactly.
            let tenth = |v: f64| (v.clamp(-OFF_PLOT, OFF_PLOT) * 10.0).round() / 10.0;
            let px = |(x, y): (f64, f64)| (tenth(frame.px(x)), tenth(frame.py(y)));
            let (a, c) = (px(corners[0]), px(corners[1]));
            // A bar's tooltip: the series, the category (or the time, in ISO form) and the
            // value, as the data table writes them.
            let at = match &series.x {
                XValues::Categories(c) => c.get(i).cloned().unwrap_or_default(),
                x => super::table::x_text(x, i, &panel.x_axis),
            };
            let tip = format!("{name}: {at}, {}", crate::format::format_exact(*v));
            canvas
                .svg
                .raw("<rect")
                .attr_num("x", a.0.min(c.0))
                .attr_num("y", a.1.min(c.1))
                .attr_num("width", (c.0 - a.0).abs())
                .attr_num("height", (c.1 - a.1).abs())
                .tooltip("rect", &tip);
        }
        canvas.svg.raw("</g>");
    }
    let mut whisker_boxes = Vec::new();
    for (j, (series, ws)) in panel.series.iter().zip(&whiskers).enumerate() {
        if ws.is_empty() {
            continue;
        }
        let color = canvas.series_color(series, j).to_string();
        let width = all[j]
            .first()
            .map_or(0.0, |b| (frame.px(b.band_hi) - frame.px(b.band_lo)).abs());
        let width = if horizontal {
            all[j].first().map_or(0.0, |b| {
                (frame.py(n as f64 - b.band_hi) - frame.py(n as f64 - b.band_lo)).abs()
            })
        } else {
            width
        };
        let to_screen = |at: f64, v: f64| {
            if horizontal {
                (frame.px(v), frame.py(n as f64 - at))
            } else {
                (frame.px(at), frame.py(v))
            }
        };
        whisker_boxes.extend(uncertainty::draw_whiskers(
            canvas.svg,
            &color,
            ws,
            to_screen,
            horizontal,
            Some((width / 4.0).min(uncertainty::MAX_CAP)),
            true,
            clip.as_deref(),
            !canvas.every_point,
        ));
    }
    frame.draw_axes(canvas.svg);
    if panel.bars.show_values {
        draw_values(canvas.svg, &frame, panel, &all, n);
    }
    // Reference lines and annotations speak of the data's x (categories, counted from 0) and
    // y (values); in a horizontal chart those run down and across, so swap them to the frame's.
    let mut obstacles = Obstacles::new(frame.plot);
    obstacles.extend(all.iter().flatten().filter(|b| b.top.is_finite()).map(|b| {
        let (lo, hi) = (b.base.min(b.top), b.base.max(b.top));
        if horizontal {
            let (x0, x1) = (frame.px(lo), frame.px(hi));
            let (y0, y1) = (
                frame.py(n as f64 - b.band_lo),
                frame.py(n as f64 - b.band_hi),
            );
            Rect::new(x0, y1.min(y0), x1 - x0, (y0 - y1).abs())
        } else {
            let (x0, x1) = (frame.px(b.band_lo), frame.px(b.band_hi));
            let (y0, y1) = (frame.py(hi), frame.py(lo));
            Rect::new(x0, y0, x1 - x0, y1 - y0)
        }
    }));
    obstacles.extend(whisker_boxes);
    // Horizontal: the panel's x (categories) runs down and its y (values) across.
    let across = horizontal.then_some(n);
    overlays::draw_all(canvas.svg, &frame, panel, across, &mut obstacles);
}

/// Each bar's value at its end, outside the bar; kept inside the panel (over the bar's end when
/// there is no room past it) and shortened to the plot's width.
fn draw_values(svg: &mut Svg, frame: &Frame, panel: &Panel, all: &[Vec<Bar>], n: usize) {
    let size = sizes::SMALL;
    let (p, room) = (frame.plot, frame.text_room());
    let (ascent, descent) = (font::ascent(size), font::descent(size));
    // Baselines that keep the text inside: within the plot beside horizontal bars, between the
    // panel title and the plot's bottom above vertical ones. No room for a line: no values (the
    // data table and the description have them).
    let (low, high) = if panel.bars.horizontal {
        (p.y + ascent, p.bottom() - descent)
    } else {
        (room.y + ascent, p.bottom() - descent)
    };
    if low > high {
        return;
    }
    svg.raw(theme::TEXT_GROUP);
    for (series, bars) in panel.series.iter().zip(all) {
        for (b, v) in bars.iter().zip(&series.y).filter(|(_, v)| v.is_finite()) {
            let text = format_value(*v, &panel.y_axis.format);
            let shown = font::truncate_to_width(&text, p.w, size, Weight::Regular);
            let w = font::text_width(&shown, size, Weight::Regular);
            let mid = (b.band_lo + b.band_hi) / 2.0;
            if panel.bars.horizontal {
                let y = (frame.py(n as f64 - mid) + font::cap_height(size) / 2.0).clamp(low, high);
                let (x, anchor) = if *v >= 0.0 {
                    let x = (frame.px(b.top) + 4.0).min(room.right() - w).max(p.x);
                    (x, Anchor::Start)
                } else {
                    let x = (frame.px(b.top) - 4.0).max(p.x + w).min(room.right());
                    (x, Anchor::End)
                };
                svg.fitted_tick_label(x, y, anchor, size, Weight::Regular, &text, p.w);
            } else {
                let y = if *v >= 0.0 {
                    frame.py(b.top) - 4.0
                } else {
                    frame.py(b.top) + 4.0 + ascent
                };
                let y = y.clamp(low, high);
                let x = frame
                    .px(mid)
                    .min(room.right() - w / 2.0)
                    .max(room.x + w / 2.0);
                svg.fitted_tick_label(x, y, Anchor::Middle, size, Weight::Regular, &text, p.w);
            }
        }
    }
    svg.raw("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::read_for_tests as parse;

    #[test]
    fn stacked_bars_stack_positive_and_negative_separately() {
        let fig = parse(
            "type='bar'\nmode='stack'\nx=['a']\n[[series]]\ny=[2]\n[[series]]\ny=[-1]\n[[series]]\ny=[3]"
        )
        .unwrap();
        let b = bars(&fig.panels[0], &slots(&fig.panels[0], 1));
        assert_eq!((b[0][0].base, b[0][0].top), (0.0, 2.0));
        assert_eq!((b[1][0].base, b[1][0].top), (0.0, -1.0));
        assert_eq!((b[2][0].base, b[2][0].top), (2.0, 5.0));
    }

    #[test]
    fn grouped_bars_share_the_band() {
        let fig =
            parse("type='bar'\nx=['a','b']\n[[series]]\ny=[1,2]\n[[series]]\ny=[3,4]").unwrap();
        let b = bars(&fig.panels[0], &slots(&fig.panels[0], 2));
        assert!((b[0][1].band_lo - 1.1).abs() < 1e-9);
        assert!((b[1][1].band_hi - 1.9).abs() < 1e-9);
    }
}

//! Sequential colour scales and the colour bar that explains them.

use super::font::{self, Weight};
use super::geometry::Rect;
use super::sizes;
use super::svg::{Anchor, Svg};
use super::{axis, theme};
use crate::chart::{Color, ColorScale, ScaleName};

/// Stops from low to high. The light ends of the single-hue scales start at a tint that still
/// shows on a white page (ColorBrewer's first two steps are nearly white).
fn stops(name: ScaleName) -> &'static [Color] {
    match name {
        ScaleName::Reds => &[
            Color(0xfc, 0xbb, 0xa1),
            Color(0xfc, 0x92, 0x72),
            Color(0xfb, 0x6a, 0x4a),
            Color(0xef, 0x3b, 0x2c),
            Color(0xcb, 0x18, 0x1d),
            Color(0xa5, 0x0f, 0x15),
            Color(0x67, 0x00, 0x0d),
        ],
        ScaleName::Blues => &[
            Color(0xc6, 0xdb, 0xef),
            Color(0x9e, 0xca, 0xe1),
            Color(0x6b, 0xae, 0xd6),
            Color(0x42, 0x92, 0xc6),
            Color(0x21, 0x71, 0xb5),
            Color(0x08, 0x51, 0x9c),
            Color(0x08, 0x30, 0x6b),
        ],
        ScaleName::Greens => &[
            Color(0xc7, 0xe9, 0xc0),
            Color(0xa1, 0xd9, 0x9b),
            Color(0x74, 0xc4, 0x76),
            Color(0x41, 0xab, 0x5d),
            Color(0x23, 0x8b, 0x45),
            Color(0x00, 0x6d, 0x2c),
            Color(0x00, 0x44, 0x1b),
        ],
        ScaleName::Viridis => &[
            Color(0x44, 0x01, 0x54),
            Color(0x48, 0x28, 0x78),
            Color(0x3e, 0x49, 0x89),
            Color(0x31, 0x68, 0x8e),
            Color(0x26, 0x82, 0x8e),
            Color(0x1f, 0x9e, 0x89),
            Color(0x35, 0xb7, 0x79),
            Color(0x6e, 0xce, 0x58),
            Color(0xb5, 0xde, 0x2b),
            Color(0xfd, 0xe7, 0x25),
        ],
    }
}

/// The colour at `t` in 0..=1 (clamped), interpolated between stops.
pub(super) fn sample(name: ScaleName, t: f64) -> Color {
    let s = stops(name);
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (s.len() - 1) as f64;
    let i = (pos.floor() as usize).min(s.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (s[i], s[i + 1]);
    Color(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Width kept beside a panel for its colour bar.
pub(super) const BAR_STRIP: f64 = 64.0;
/// Narrowest panel that gets a colour bar (the plot keeps at least as much as the bar takes).
pub(super) const MIN_PANEL_WIDTH: f64 = 2.0 * BAR_STRIP;

/// Room for the colour bar's title, and the shortest bar drawn under one.
const TITLE_H: f64 = 20.0;
const MIN_BAR: f64 = 20.0;

/// No zero, no padding, no snapping: the colour scale spans the values as they are.
const AS_IS: axis::Framing = axis::Framing {
    include_zero: false,
    snap_to_ticks: false,
    pad: 0.0,
    integer: false,
};

/// The range the colour scale spans for values `lo..=hi`: the values themselves (however close
/// together: subnormal differences still divide), one unit up from a single value, and a range
/// around a single value too large for one unit to show.
pub(super) fn value_range(lo: f64, hi: f64) -> (f64, f64) {
    let hi = if hi > lo { hi } else { lo + 1.0 };
    if hi > lo && (hi - lo).is_finite() {
        return (lo, hi);
    }
    let s = axis::scale(lo, hi, &crate::chart::Axis::default(), AS_IS, 2);
    (s.lo, s.hi)
}

/// Room between the strip's left edge and the bar, and between the bar and its labels.
const BAR_INSET: f64 = 10.0;
const MIN_BAR_INSET: f64 = 2.0;
const BAR_WIDTH: f64 = 12.0;
const LABEL_GAP: f64 = 4.0;

/// Draws a vertical colour bar in `strip` for values `lo..=hi` (a [`value_range`]), with ticks
/// and a title, all inside `strip`.
pub(super) fn draw_bar(svg: &mut Svg, id: &str, strip: Rect, scale: &ColorScale, lo: f64, hi: f64) {
    let size = sizes::SMALL;
    let (up, down) = (
        font::ascent(size) - font::cap_height(size) / 2.0,
        font::descent(size) + font::cap_height(size) / 2.0,
    );
    // The title needs its line and a bar under it; a shorter strip lists it in the panel's
    // `<title>` instead.
    let title = scale
        .title
        .as_deref()
        .filter(|_| strip.h >= TITLE_H + MIN_BAR + 12.0);
    if let (None, Some(t)) = (title, &scale.title) {
        svg.drop_text(t);
    }
    let title_h = if title.is_some() { TITLE_H } else { 0.0 };
    let bar_h = (strip.h - title_h - 12.0).max(0.0);
    let (lo, hi) = value_range(lo, hi);
    let s = axis::scale(
        lo,
        hi,
        &crate::chart::Axis::default(),
        AS_IS,
        ((bar_h / 40.0) as usize).clamp(2, 6),
    );
    // Round ticks where the scale can tick the values' range as it is; values too close
    // together for that (subnormal, or equal in all but their last digits: the scale had to
    // widen the range, and its ticks would be values the data never reach) label the bar's ends
    // with the smallest and the largest value instead.
    let ticks: Vec<(f64, String)> = if s.lo < lo || s.hi > hi {
        vec![
            (lo, crate::format::format_three_digits(lo)),
            (hi, crate::format::format_three_digits(hi)),
        ]
    } else {
        let fmt = crate::format::TickFormat::new(
            s.step,
            s.lo.abs().max(s.hi.abs()),
            &crate::format::NumberFormat::default_axis(),
        );
        s.ticks.iter().map(|t| (*t, fmt.format(*t))).collect()
    };
    // The bar moves left (into the gap beside the plot) when its labels need the room.
    let widest = ticks
        .iter()
        .map(|(_, l)| font::text_width(l, size, Weight::Regular))
        .fold(0.0, f64::max);
    let room = strip.w - BAR_INSET - BAR_WIDTH - LABEL_GAP;
    let inset = (BAR_INSET - (widest - room).max(0.0)).max(MIN_BAR_INSET);
    let bar = Rect::new(
        strip.x + inset,
        (strip.y + title_h + 6.0).min(strip.y + strip.h / 2.0),
        BAR_WIDTH,
        bar_h,
    );
    let gid = format!("{id}-g");
    svg.raw("<defs><linearGradient")
        .attr("id", &gid)
        .raw(" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
    let s = stops(scale.name);
    for (i, c) in s.iter().enumerate() {
        svg.raw("<stop offset=\"");
        svg.num(i as f64 / (s.len() - 1) as f64 * 100.0).raw("%\"");
        svg.attr("stop-color", &c.to_string()).raw("/>");
    }
    svg.raw("</linearGradient></defs><rect");
    svg.attr_num("x", bar.x)
        .attr_num("y", bar.y)
        .attr_num("width", bar.w)
        .attr_num("height", bar.h);
    svg.raw(" fill=\"url(#").raw(&gid).raw(")\"/>");
    svg.raw(theme::TEXT_GROUP);
    let half_cap = font::cap_height(size) / 2.0;
    let label_x = bar.right() + LABEL_GAP;
    // Ticks are placed where their value falls in the colours' range, so every one lies on the
    // bar beside its colour; a bar too short for a line of text gets no tick labels.
    if bar.h >= up + down {
        for (t, label) in &ticks {
            let f = (t - lo) / (hi - lo);
            if !(-1e-9..=1.0 + 1e-9).contains(&f) {
                continue;
            }
            let y = bar.bottom() - f.clamp(0.0, 1.0) * bar.h;
            svg.fitted_tick_label(
                label_x,
                y + half_cap,
                Anchor::Start,
                size,
                Weight::Regular,
                label,
                strip.right() - label_x,
            );
        }
    }
    if let Some(title) = title {
        svg.fitted_label(
            strip.x + 4.0,
            strip.y + font::ascent(sizes::LABEL),
            Anchor::Start,
            sizes::LABEL,
            Weight::Regular,
            title,
            strip.w - 4.0,
        );
    }
    svg.raw("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_and_degenerate_ranges_are_wide_enough_to_draw() {
        for (lo, hi) in [
            (5e-324, 1e-320),
            (0.0, 5e-324),
            (3.0, 3.0),
            (1e300, 1e300),
            (-1e300, 1e300),
            (1.0, 1.0 + 1e-15),
        ] {
            let (a, b) = value_range(lo, hi);
            assert!(
                a.is_finite() && b.is_finite() && b > a,
                "{lo}..{hi}: {a}..{b}"
            );
            assert!((b - a).is_finite() && b - a > 0.0);
        }
        assert_eq!(value_range(2.0, 5.0), (2.0, 5.0));
        assert_eq!(value_range(3.0, 3.0), (3.0, 4.0));
        // Values apart by subnormal amounts keep their own range (their colours span the scale).
        assert_eq!(value_range(5e-324, 1e-320), (5e-324, 1e-320));
    }

    #[test]
    fn ends_and_middle() {
        assert_eq!(sample(ScaleName::Reds, 0.0), Color(0xfc, 0xbb, 0xa1));
        assert_eq!(sample(ScaleName::Reds, 1.0), Color(0x67, 0x00, 0x0d));
        assert_eq!(sample(ScaleName::Viridis, 2.0), Color(0xfd, 0xe7, 0x25));
        assert_eq!(
            sample(ScaleName::Viridis, f64::NAN),
            Color(0x44, 0x01, 0x54)
        );
        let mid = sample(ScaleName::Blues, 0.5);
        assert_eq!(mid, Color(0x42, 0x92, 0xc6));
    }
}

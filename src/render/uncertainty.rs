//! Uncertainty drawn with a series: error bars (thin whiskers with caps, in the series' colour)
//! on bars, lines and scatter points, and a translucent band under a line. Both count in the
//! value axis's extent, skip missing points, and are listed in the data table and the
//! description.

use super::cartesian::Frame;
use super::geometry::Rect;
use super::paths::Outline;
use super::svg::Svg;
use super::{Canvas, theme, xy};
use crate::chart::{Panel, Series};
use crate::format::format_exact;

/// Stroke width of a whisker.
const WHISKER_WIDTH: f64 = 1.2;
/// Half the width of a cap, at most.
pub(super) const MAX_CAP: f64 = 4.0;
/// Caps narrower than this (crowded points) are left out.
const MIN_CAP: f64 = 1.5;
/// Fill opacity of a band: light, so the line and the grid show through.
const BAND_OPACITY: &str = ".2";

/// One whisker in data units: where it stands across, and the values its ends reach.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Whisker {
    /// Position across (x, or a bar's centre).
    pub at: f64,
    /// The lower end's value.
    pub low: f64,
    /// The upper end's value.
    pub high: f64,
}

/// The whiskers of `series` drawn at `positions` across and `values` (as drawn: a stacked
/// series' running sum); none where the value is missing or both reaches are.
pub(super) fn whiskers(series: &Series, positions: &[f64], values: &[f64]) -> Vec<Whisker> {
    let Some(e) = &series.uncertainty.errors else {
        return Vec::new();
    };
    positions
        .iter()
        .zip(values)
        .zip(e.low.iter().zip(&e.high))
        .filter(|((at, v), (lo, hi))| {
            at.is_finite() && v.is_finite() && (lo.is_finite() || hi.is_finite())
        })
        .map(|((at, v), (lo, hi))| Whisker {
            at: *at,
            low: v - if lo.is_finite() { *lo } else { 0.0 },
            high: v + if hi.is_finite() { *hi } else { 0.0 },
        })
        .collect()
}

/// Every value the error bars and bands of a line or scatter panel reach (with `drawn`, each
/// series' values as drawn), so the value axis takes them in.
pub(super) fn extent(panel: &Panel, drawn: &[Vec<f64>]) -> Vec<f64> {
    let mut out = Vec::new();
    for (s, values) in panel.series.iter().zip(drawn) {
        let positions = vec![0.0; values.len()];
        for w in whiskers(s, &positions, values) {
            out.push(w.low);
            out.push(w.high);
        }
        if let Some(b) = &s.uncertainty.band {
            out.extend(b.low.iter().chain(&b.high).filter(|v| v.is_finite()));
        }
    }
    if panel.y_axis.log {
        out.retain(|v| *v > 0.0);
    }
    out
}

/// Draws whiskers as one path: a stem from `low` to `high` and, unless the points are crowded,
/// a cap at each end. `to_screen(at, value)` places a point; `horizontal`: values run across
/// (horizontal bars). `cap`: half a cap's width (`None`: from the spacing of the whiskers).
/// `halo`: a paper-coloured stroke under each whisker so it shows on a bar of its own colour.
/// With `decimated`, whiskers sharing a pixel column are drawn as one (their union). Returns
/// boxes around the whiskers for label placement.
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_whiskers(
    svg: &mut Svg,
    color: &str,
    whiskers: &[Whisker],
    to_screen: impl Fn(f64, f64) -> (f64, f64),
    horizontal: bool,
    cap: Option<f64>,
    halo: bool,
    clip: Option<&str>,
    decimated: bool,
) -> Vec<Rect> {
    // Screen segments: position across, and the two ends along the value axis.
    let mut stems: Vec<(f64, f64, f64)> = whiskers
        .iter()
        .map(|w| {
            let (a, b) = (to_screen(w.at, w.low), to_screen(w.at, w.high));
            if horizontal {
                (a.1, a.0.min(b.0), a.0.max(b.0))
            } else {
                (a.0, a.1.min(b.1), a.1.max(b.1))
            }
        })
        .filter(|s| s.0.is_finite() && s.1.is_finite() && s.2.is_finite())
        .collect();
    if stems.is_empty() {
        return Vec::new();
    }
    stems.sort_by(|a, b| a.0.total_cmp(&b.0));
    let cap = cap.unwrap_or_else(|| {
        let gap = stems
            .windows(2)
            .map(|w| w[1].0 - w[0].0)
            .filter(|d| *d > 0.05)
            .fold(f64::INFINITY, f64::min);
        (gap * 0.3).min(MAX_CAP)
    });
    if decimated {
        // Whiskers closer than a pixel look like one: draw their union once.
        let mut merged: Vec<(f64, f64, f64)> = Vec::with_capacity(stems.len());
        for s in stems {
            match merged.last_mut() {
                Some(m) if s.0.round() == m.0.round() && cap < MIN_CAP => {
                    m.1 = m.1.min(s.1);
                    m.2 = m.2.max(s.2);
                }
                _ => merged.push(s),
            }
        }
        stems = merged;
    }
    let mut d = String::with_capacity(stems.len() * 40);
    let mut push = |x: f64, y: f64, cmd: char| {
        d.push(cmd);
        push_coord(&mut d, x);
        d.push(',');
        push_coord(&mut d, y);
    };
    for &(at, lo, hi) in &stems {
        let (a, b) = if horizontal {
            ((lo, at), (hi, at))
        } else {
            ((at, lo), (at, hi))
        };
        push(a.0, a.1, 'M');
        push(b.0, b.1, 'L');
        if cap >= MIN_CAP {
            for end in [a, b] {
                if horizontal {
                    push(end.0, end.1 - cap, 'M');
                    push(end.0, end.1 + cap, 'L');
                } else {
                    push(end.0 - cap, end.1, 'M');
                    push(end.0 + cap, end.1, 'L');
                }
            }
        }
    }
    svg.raw("<g fill=\"none\" stroke-linecap=\"butt\"");
    if let Some(c) = clip {
        svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
    }
    svg.raw(">");
    if halo {
        svg.raw("<path").raw(theme::PAPER_STROKE);
        svg.attr_num("stroke-width", WHISKER_WIDTH + 2.0);
        svg.raw(" d=\"").raw(&d).raw("\"/>");
    }
    svg.raw("<path").attr("stroke", color);
    svg.attr_num("stroke-width", WHISKER_WIDTH);
    svg.raw(" d=\"").raw(&d).raw("\"/>");
    svg.raw("</g>");
    let half = cap.max(WHISKER_WIDTH);
    stems
        .iter()
        .map(|&(at, lo, hi)| {
            if horizontal {
                Rect::new(lo, at - half, hi - lo, 2.0 * half)
            } else {
                Rect::new(at - half, lo, 2.0 * half, hi - lo)
            }
        })
        .collect()
}

/// A coordinate to a tenth of a unit, without a needless `.0`.
fn push_coord(out: &mut String, v: f64) {
    let t = (v.clamp(-10_000.0, 10_000.0) * 10.0).round() / 10.0;
    let t = if t == 0.0 { 0.0 } else { t };
    out.push_str(&format!("{t}"));
}

/// Draws each line or scatter series' band (between its low and high edge, translucent, in the
/// series' colour), under every line. `xs`: each series' positions across.
pub(super) fn draw_bands(
    canvas: &mut Canvas<'_>,
    panel: &Panel,
    frame: &Frame,
    xs: &[Vec<f64>],
    clip: Option<&str>,
    decimated: bool,
) {
    for ((j, series), xs) in panel.series.iter().enumerate().zip(xs) {
        let Some(band) = &series.uncertainty.band else {
            continue;
        };
        let edges: Vec<((f64, f64), (f64, f64))> = xs
            .iter()
            .zip(band.low.iter().zip(&band.high))
            .map(|(x, (lo, hi))| {
                let (l, h) = (
                    xy::screen_point(frame, *x, *lo),
                    xy::screen_point(frame, *x, *hi),
                );
                if l.1.is_finite() && h.1.is_finite() {
                    (l, h)
                } else {
                    ((f64::NAN, f64::NAN), (f64::NAN, f64::NAN))
                }
            })
            .collect();
        let shape = xy::shape(series.curve);
        let mut d = String::new();
        for run in edges.split(|(l, _)| !l.1.is_finite()) {
            let top: Vec<(f64, f64)> = run.iter().map(|p| p.1).collect();
            let bottom: Vec<(f64, f64)> = run.iter().map(|p| p.0).collect();
            match run.len() {
                0 => continue,
                // A lone point's band is a short bar across it (a line would hide it), kept in
                // the panel when the plot is narrower than the bar.
                1 => {
                    let (l, h) = (bottom[0], top[0]);
                    let (left, right) = (frame.area.x, frame.area.right());
                    for (x, y, c) in [
                        (l.0 - 3.0, l.1, 'M'),
                        (h.0 - 3.0, h.1, 'L'),
                        (h.0 + 3.0, h.1, 'L'),
                        (l.0 + 3.0, l.1, 'L'),
                    ] {
                        d.push(c);
                        push_coord(&mut d, x.clamp(left, right));
                        d.push(',');
                        push_coord(&mut d, y);
                    }
                }
                _ => {
                    Outline::of(&top, shape, decimated).push(&mut d, false);
                    Outline::of(&bottom, shape, decimated)
                        .reversed()
                        .push(&mut d, true);
                }
            }
            d.push('Z');
        }
        if d.is_empty() {
            continue;
        }
        let color = canvas.series_color(series, j).to_string();
        let svg = &mut *canvas.svg;
        svg.raw("<path").attr("fill", &color);
        svg.raw(" fill-opacity=\"").raw(BAND_OPACITY).raw("\"");
        if let Some(c) = clip {
            svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
        }
        svg.raw(" d=\"").raw(&d).raw("\"/>");
    }
}

/// A column the data table adds for a series' uncertainty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Column {
    /// The symmetric error.
    Plus,
    /// The error below.
    Below,
    /// The error above.
    Above,
    /// The band's lower edge.
    BandLow,
    /// The band's upper edge.
    BandHigh,
}

/// The columns `series` needs, in order.
pub(super) fn columns(series: &Series) -> Vec<Column> {
    let mut out = Vec::new();
    match &series.uncertainty.errors {
        Some(e) if e.symmetric => out.push(Column::Plus),
        Some(_) => out.extend([Column::Below, Column::Above]),
        None => {}
    }
    if series.uncertainty.band.is_some() {
        out.extend([Column::BandLow, Column::BandHigh]);
    }
    out
}

/// The columns any series of `panel` needs, in order.
pub(super) fn panel_columns(panel: &Panel) -> Vec<Column> {
    let all: Vec<Column> = panel.series.iter().flat_map(columns).collect();
    [
        Column::Plus,
        Column::Below,
        Column::Above,
        Column::BandLow,
        Column::BandHigh,
    ]
    .into_iter()
    .filter(|c| all.contains(c))
    .collect()
}

/// The heading of `column` (for the series called `name`, when the table has a column per
/// series, else `None`).
pub(super) fn heading(column: Column, name: Option<&str>) -> String {
    let what = match column {
        Column::Plus => "±",
        Column::Below => "error below",
        Column::Above => "error above",
        Column::BandLow => "band low",
        Column::BandHigh => "band high",
    };
    match name {
        Some(n) => format!("{n} {what}"),
        None if column == Column::Plus => "± error".into(),
        None => {
            let mut c = what.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// Point `i`'s value in `column` (empty when missing or when the series has no such column).
pub(super) fn cell(series: &Series, column: Column, i: usize) -> String {
    let u = &series.uncertainty;
    let v = match column {
        Column::Plus | Column::Below => u.errors.as_ref().and_then(|e| e.low.get(i)),
        Column::Above => u.errors.as_ref().and_then(|e| e.high.get(i)),
        Column::BandLow => u.band.as_ref().and_then(|b| b.low.get(i)),
        Column::BandHigh => u.band.as_ref().and_then(|b| b.high.get(i)),
    };
    match v {
        Some(v) if v.is_finite() => format_exact(*v),
        _ => String::new(),
    }
}

/// What the description says after point `i`'s value: ` ± 2`, ` (−1, +2)`, `, band 10 to 15`.
pub(super) fn point_text(series: &Series, i: usize) -> String {
    let u = &series.uncertainty;
    let mut out = String::new();
    if let Some(e) = &u.errors {
        let (lo, hi) = (e.low[i], e.high[i]);
        if e.symmetric && lo.is_finite() {
            out.push_str(&format!(" ± {}", format_exact(lo)));
        } else if lo.is_finite() || hi.is_finite() {
            let side = |v: f64| {
                if v.is_finite() {
                    format_exact(v)
                } else {
                    "0".into()
                }
            };
            out.push_str(&format!(" (−{}, +{})", side(lo), side(hi)));
        }
    }
    if let Some(b) = &u.band
        && b.low[i].is_finite()
        && b.high[i].is_finite()
    {
        out.push_str(&format!(
            ", band {} to {}",
            format_exact(b.low[i]),
            format_exact(b.high[i])
        ));
    }
    out
}

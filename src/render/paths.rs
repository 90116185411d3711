//! Line and area paths: runs between gaps, steps and monotone curves, and decimation to what a
//! plot of this width can show.
//!
//! Everything here works in viewBox units (CSS pixels). Paths are written directly, not through
//! plotters: gaps, curves (`C` commands) and relative coordinates are beyond its `PathElement`.
//!
//! **Decimation (M4).** A plot 570 px wide shows at most a handful of values per pixel column.
//! Within each column a polyline's pixels are decided by the first and last point in it (where
//! the line enters and leaves) and its lowest and highest point (the vertical extent); keeping
//! just those four, in their order, draws the same pixels (Jugel et al., "M4: a
//! visualization-oriented time series data aggregation", VLDB 2014). Columns are one viewBox unit
//! wide, so the SVG grows with the plot's width, not with the data.

/// Coordinates are written in tenths of a viewBox unit, as every other number of the SVG.
const TENTHS: f64 = 10.0;

/// Decimation columns per viewBox unit.
const COLUMNS_PER_UNIT: f64 = 1.0;

/// A smooth curve needs at least this many viewBox units per point to be seen as one; denser
/// runs are drawn straight (indistinguishable, and decimation keeps them small).
const SMOOTH_MIN_SPACING: f64 = 2.0;

/// The maximal runs of consecutive points whose coordinates are all finite: a NaN (a missing
/// sample) ends a run and leaves a gap.
pub(super) fn runs(points: &[(f64, f64)]) -> Vec<&[(f64, f64)]> {
    points
        .split(|(x, y)| !x.is_finite() || !y.is_finite())
        .filter(|r| !r.is_empty())
        .collect()
}

/// M4 decimation of a run in viewBox coordinates: per one-unit column of consecutive points,
/// the first, lowest, highest and last point, in their original order. A run with at most one
/// point per column comes back unchanged.
pub(super) fn decimate(run: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(run.len().min(4096));
    let mut start = 0;
    while start < run.len() {
        let column = (run[start].0 * COLUMNS_PER_UNIT).floor();
        let mut end = start + 1;
        while end < run.len() && (run[end].0 * COLUMNS_PER_UNIT).floor() == column {
            end += 1;
        }
        let group = &run[start..end];
        if group.len() <= 4 {
            out.extend_from_slice(group);
        } else {
            let (mut lo, mut hi) = (0, 0);
            for (i, p) in group.iter().enumerate() {
                if p.1 < group[lo].1 {
                    lo = i;
                }
                if p.1 > group[hi].1 {
                    hi = i;
                }
            }
            let mut keep = [0, lo, hi, group.len() - 1];
            keep.sort_unstable();
            let mut last = usize::MAX;
            for k in keep {
                if k != last {
                    out.push(group[k]);
                    last = k;
                }
            }
        }
        start = end;
    }
    out
}

/// How a path goes from point to point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// Straight segments.
    Straight,
    /// Horizontal then vertical (hold the value until the next point).
    StepAfter,
    /// Vertical then horizontal.
    StepBefore,
    /// A monotone cubic (Steffen's method): each piece stays between its two points' values.
    Smooth,
}

/// The corner points of a step run: each value held until the next point (`after`) or from the
/// previous one.
pub(super) fn steps(run: &[(f64, f64)], after: bool) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(run.len() * 2);
    for (i, &p) in run.iter().enumerate() {
        if i > 0 {
            let prev = run[i - 1];
            out.push(if after { (p.0, prev.1) } else { (prev.0, p.1) });
        }
        out.push(p);
    }
    out
}

/// Points in tenths of a viewBox unit (what the SVG holds), so relative steps add up exactly.
fn tenths(p: (f64, f64)) -> (i64, i64) {
    let t = |v: f64| (v * TENTHS).round().clamp(-1e12, 1e12) as i64;
    (t(p.0), t(p.1))
}

/// Writes a number given in tenths as compactly as SVG path syntax allows: no leading zero
/// (`.5`), and no separator before a minus sign or after the command letter.
fn push_tenths(out: &mut String, v: i64, separate: bool) {
    if v < 0 {
        out.push('-');
    } else if separate {
        out.push(',');
    }
    let a = v.unsigned_abs();
    if a >= 10 {
        out.push_str(&(a / 10).to_string());
    } else if a == 0 {
        out.push('0');
        return;
    }
    if !a.is_multiple_of(10) {
        out.push('.');
        out.push(char::from(b'0' + (a % 10) as u8));
    }
}

/// Writes `x,y` (or `x-y`): the first number after a command letter needs no separator.
fn push_pair(out: &mut String, (x, y): (i64, i64)) {
    push_tenths(out, x, false);
    push_tenths(out, y, true);
}

/// The outline of one run as drawn: corner points, or cubic pieces for a smooth run.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Outline {
    /// A polyline (straight segments, steps), decimated unless asked not to be.
    Poly(Vec<(f64, f64)>),
    /// A start point and cubic Bézier pieces (two control points and the end point each).
    Cubic((f64, f64), Vec<[(f64, f64); 3]>),
}

impl Outline {
    /// The outline of `run` drawn as `shape`; `decimated` applies M4 to polylines (a smooth run
    /// is only smooth when its points are far enough apart to need no decimation).
    pub(super) fn of(run: &[(f64, f64)], shape: Shape, decimated: bool) -> Outline {
        let smooth = shape == Shape::Smooth
            && run.len() > 2
            && run
                .windows(2)
                .all(|w| w[1].0 - w[0].0 >= SMOOTH_MIN_SPACING);
        if smooth {
            return Outline::Cubic(run[0], smooth_pieces(run));
        }
        let stepped = match shape {
            Shape::StepAfter => steps(run, true),
            Shape::StepBefore => steps(run, false),
            _ => {
                return Outline::Poly(if decimated {
                    decimate(run)
                } else {
                    run.to_vec()
                });
            }
        };
        Outline::Poly(if decimated {
            decimate(&stepped)
        } else {
            stepped
        })
    }

    /// The same outline traced from its end back to its start (an area's lower edge).
    pub(super) fn reversed(&self) -> Outline {
        match self {
            Outline::Poly(p) => Outline::Poly(p.iter().rev().copied().collect()),
            Outline::Cubic(start, pieces) => {
                let mut points = vec![*start];
                points.extend(pieces.iter().map(|p| p[2]));
                let back = pieces
                    .iter()
                    .zip(&points)
                    .rev()
                    .map(|(p, &from)| [p[1], p[0], from])
                    .collect();
                Outline::Cubic(*points.last().unwrap_or(start), back)
            }
        }
    }

    /// Appends path data: `M` to the first point (`L` when `continues` an open path, as an
    /// area's second edge does), then relative segments: `h`, `v` and `l`, or `c`.
    pub(super) fn push(&self, out: &mut String, continues: bool) {
        let first = match self {
            Outline::Poly(p) => match p.first() {
                Some(&f) => f,
                None => return,
            },
            Outline::Cubic(start, _) => *start,
        };
        out.push(if continues { 'L' } else { 'M' });
        let mut at = tenths(first);
        push_pair(out, at);
        match self {
            Outline::Poly(points) => push_poly(out, &points[1..], at),
            Outline::Cubic(_, pieces) => {
                out.push('c');
                for (i, piece) in pieces.iter().enumerate() {
                    for (k, &p) in piece.iter().enumerate() {
                        let p = tenths(p);
                        push_tenths(out, p.0 - at.0, i > 0 || k > 0);
                        push_tenths(out, p.1 - at.1, true);
                        if k == 2 {
                            at = p;
                        }
                    }
                }
            }
        }
    }
}

/// Relative segments from `at` through `points`; runs of horizontal (or vertical) moves the
/// same way merge into one `h` (or `v`).
fn push_poly(out: &mut String, points: &[(f64, f64)], mut at: (i64, i64)) {
    let mut command = ' ';
    // A horizontal or vertical move not yet written: its letter and length.
    let mut pending: Option<(char, i64)> = None;
    let flush = |out: &mut String, pending: &mut Option<(char, i64)>, command: &mut char| {
        if let Some((c, v)) = pending.take() {
            out.push(c);
            *command = c;
            push_tenths(out, v, false);
        }
    };
    for &p in points {
        let next = tenths(p);
        let (dx, dy) = (next.0 - at.0, next.1 - at.1);
        let straight = match (dx, dy) {
            (0, 0) => continue,
            (dx, 0) => Some(('h', dx)),
            (0, dy) => Some(('v', dy)),
            _ => None,
        };
        match (straight, pending) {
            (Some((c, v)), Some((pc, pv))) if c == pc && v.signum() == pv.signum() => {
                pending = Some((c, pv + v));
            }
            (Some(s), _) => {
                flush(out, &mut pending, &mut command);
                pending = Some(s);
            }
            (None, _) => {
                flush(out, &mut pending, &mut command);
                // Repeated `l` commands may leave out the letter.
                if command == 'l' {
                    push_tenths(out, dx, true);
                } else {
                    out.push('l');
                    command = 'l';
                    push_tenths(out, dx, false);
                }
                push_tenths(out, dy, true);
            }
        }
        at = next;
    }
    flush(out, &mut pending, &mut command);
}

/// A monotone cubic through `run` (x strictly increasing) as Bézier pieces. Tangents follow
/// Steffen (1990): at an interior point, the smaller of the neighbouring slopes (and of the
/// parabola's slope), zero at a local extremum; so no piece leaves the band between its two
/// points' values.
fn smooth_pieces(run: &[(f64, f64)]) -> Vec<[(f64, f64); 3]> {
    let n = run.len();
    let h: Vec<f64> = run.windows(2).map(|w| w[1].0 - w[0].0).collect();
    let d: Vec<f64> = run
        .windows(2)
        .zip(&h)
        .map(|(w, h)| (w[1].1 - w[0].1) / h)
        .collect();
    let mut m = vec![0.0; n];
    for i in 1..n - 1 {
        let p = (d[i - 1] * h[i] + d[i] * h[i - 1]) / (h[i - 1] + h[i]);
        m[i] =
            (d[i - 1].signum() + d[i].signum()) * d[i - 1].abs().min(d[i].abs()).min(0.5 * p.abs());
    }
    // Ends: the one-sided slope, limited so the first and last pieces stay monotone too.
    m[0] = end_slope(d[0], m[1]);
    m[n - 1] = end_slope(d[n - 2], m[n - 2]);
    (0..n - 1)
        .map(|i| {
            let (x0, y0) = run[i];
            let (x1, y1) = run[i + 1];
            let third = h[i] / 3.0;
            [
                (x0 + third, y0 + m[i] * third),
                (x1 - third, y1 - m[i + 1] * third),
                (x1, y1),
            ]
        })
        .collect()
}

/// The slope at an end of a smooth run: the secant's, unless that would overshoot the next
/// point (then the largest slope that does not: twice the secant less the neighbour's tangent,
/// kept on the secant's side).
fn end_slope(secant: f64, neighbour: f64) -> f64 {
    let s = 1.5 * secant - 0.5 * neighbour;
    if s * secant <= 0.0 {
        0.0
    } else if s.abs() > 2.0 * secant.abs() {
        2.0 * secant
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(run: &[(f64, f64)], shape: Shape) -> String {
        let mut s = String::new();
        Outline::of(run, shape, true).push(&mut s, false);
        s
    }

    #[test]
    fn gaps_split_runs() {
        let p = [
            (0.0, 1.0),
            (1.0, f64::NAN),
            (2.0, 2.0),
            (3.0, 3.0),
            (4.0, f64::NAN),
        ];
        let r = runs(&p);
        assert_eq!(r, vec![&p[0..1], &p[2..4]]);
        assert!(runs(&[(0.0, f64::NAN)]).is_empty());
    }

    #[test]
    fn paths_are_relative_and_compact() {
        assert_eq!(
            path(
                &[(10.0, 20.0), (15.0, 20.0), (15.0, 12.5), (20.05, 30.0)],
                Shape::Straight
            ),
            "M10,20h5v-7.5l5.1,17.5"
        );
        // Repeated `l` leaves out the letter; a minus sign separates by itself.
        assert_eq!(
            path(
                &[(0.0, 0.0), (1.0, 1.0), (2.0, 0.5), (3.0, 2.0)],
                Shape::Straight
            ),
            "M0,0l1,1,1-.5,1,1.5"
        );
        assert_eq!(
            path(&[(0.05, 0.0), (0.1, 0.1)], Shape::Straight),
            "M.1,0v.1"
        );
    }

    #[test]
    fn steps_hold_values() {
        let run = [(0.0, 0.0), (10.0, 5.0), (20.0, 5.0)];
        assert_eq!(path(&run, Shape::StepAfter), "M0,0h10v5h10");
        assert_eq!(path(&run, Shape::StepBefore), "M0,0v5h20");
    }

    /// The cubic pieces, evaluated, never leave the band between their two points.
    #[test]
    fn smooth_curves_do_not_overshoot() {
        let run = [
            (0.0, 50.0),
            (10.0, 10.0),
            (20.0, 12.0),
            (30.0, 80.0),
            (40.0, 80.0),
            (55.0, 20.0),
            (60.0, 21.0),
        ];
        let d = path(&run, Shape::Smooth);
        assert!(d.starts_with("M0,50c"), "{d}");
        // Read the relative `c` triples back to absolute control points.
        let nums: Vec<f64> = d["M0,50c".len()..]
            .replace('-', ",-")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<f64>().unwrap())
            .collect();
        assert_eq!(nums.len(), 6 * (run.len() - 1));
        let mut at = run[0];
        for (i, c) in nums.chunks(6).enumerate() {
            let c1 = (at.0 + c[0], at.1 + c[1]);
            let c2 = (at.0 + c[2], at.1 + c[3]);
            let end = (at.0 + c[4], at.1 + c[5]);
            assert!((end.0 - run[i + 1].0).abs() < 0.06 && (end.1 - run[i + 1].1).abs() < 0.06);
            let (lo, hi) = (run[i].1.min(run[i + 1].1), run[i].1.max(run[i + 1].1));
            for k in 0..=50 {
                let t = k as f64 / 50.0;
                let u = 1.0 - t;
                let y = u * u * u * at.1
                    + 3.0 * u * u * t * c1.1
                    + 3.0 * u * t * t * c2.1
                    + t * t * t * end.1;
                assert!(
                    y >= lo - 0.11 && y <= hi + 0.11,
                    "piece {i} at t={t}: {y} outside [{lo}, {hi}]"
                );
            }
            at = end;
        }
    }

    #[test]
    fn reversed_outlines_trace_the_same_shape_backwards() {
        let run = [(0.0, 50.0), (10.0, 10.0), (20.0, 12.0), (30.0, 80.0)];
        let fwd = Outline::of(&run, Shape::Smooth, true);
        assert_eq!(fwd.reversed().reversed(), fwd);
        let Outline::Cubic(start, pieces) = fwd.reversed() else {
            panic!("smooth");
        };
        assert_eq!(start, (30.0, 80.0));
        assert_eq!(pieces.last().unwrap()[2], (0.0, 50.0));
        let steps = Outline::of(&run, Shape::StepAfter, true).reversed();
        let Outline::Poly(p) = steps else {
            panic!("poly")
        };
        assert_eq!(&p[..3], &[(30.0, 80.0), (30.0, 12.0), (20.0, 12.0)]);
    }

    #[test]
    fn dense_smooth_runs_are_drawn_straight() {
        let run: Vec<(f64, f64)> = (0..5).map(|i| (f64::from(i), f64::from(i % 2))).collect();
        assert!(!path(&run, Shape::Smooth).contains('c'));
    }

    #[test]
    fn decimation_keeps_first_extremes_and_last_per_column() {
        // 100 points in one column, then a sparse tail.
        let mut run: Vec<(f64, f64)> = (0..100)
            .map(|i| (10.0 + f64::from(i) / 200.0, f64::from((i * 37 + 50) % 101)))
            .collect();
        run.push((11.5, 3.0));
        run.push((13.0, 4.0));
        let d = decimate(&run);
        let max = run[..100].iter().map(|p| p.1).fold(f64::MIN, f64::max);
        let min = run[..100].iter().map(|p| p.1).fold(f64::MAX, f64::min);
        assert_eq!(d.len(), 4 + 2);
        assert_eq!(d[0], run[0]);
        assert_eq!(d[3], run[99]);
        assert!(d[1..3].iter().any(|p| p.1 == max) && d[1..3].iter().any(|p| p.1 == min));
        assert_eq!(&d[4..], &run[100..]);
        // Sparse data is left alone.
        let sparse: Vec<(f64, f64)> = (0..50).map(|i| (f64::from(i) * 3.0, 1.0)).collect();
        assert_eq!(decimate(&sparse), sparse);
    }

    #[test]
    fn decimated_size_follows_width_not_data() {
        let run: Vec<(f64, f64)> = (0..1_000_000)
            .map(|i| {
                let t = f64::from(i) / 1_000_000.0;
                (50.0 + 570.0 * t, 200.0 + 100.0 * (t * 900.0).sin())
            })
            .collect();
        let d = decimate(&run);
        assert!(d.len() <= 4 * 571, "{}", d.len());
    }
}

//! Property test of the frame: every text box and every mark of a rendered chart lies inside the
//! viewBox and inside its own region (the figure title, the legend, each panel: one top-level
//! `<g>` each, which must not overlap), and nothing the author wrote disappears silently: every
//! series name, annotation, reference label, point label and title is drawn, or kept in a
//! `<title>` (of a shortened text, of the legend's "+N more" entry, of a panel that had no room
//! for it) or in the `<desc>`. A figure wider than a phone's column carries a phone layout too;
//! its frame is checked the same way.
//!
//! Specs are random and mostly valid (a spec the reader refuses must get a clean error naming
//! its key; `most_random_specs_are_drawn_and_every_kind_is` keeps refusals rare). 1–12 panels of
//! every kind: bar (grouped, stacked, horizontal, on a time axis), line and scatter (numeric,
//! category or time x: ISO strings, wall-clock strings, TOML date-times, dates, epoch seconds
//! or milliseconds, in UTC, fixed offsets or IANA zones; log axes, stacked lines, fills, step
//! and smooth curves, gaps, error bars of every form, bands, point labels, bubbles, colour
//! scales, equal aspect), pie, histogram (bin counts and widths, every normalisation, stacked,
//! log axes, marked percentiles), CDF (all three views, log axes, marks), heatmap (a matrix with
//! missing cells and labels, or binned samples over numbers or times, log axes, values on the
//! cells, colour bars) and box plots (1–30 boxes, outliers, both whisker rules, horizontal, log
//! axis). Up to 30 series, samples from one to 2,000 (equal, skewed, few distinct values, far
//! outliers), magnitudes from subnormal to 1e293, short and long names and titles (wide Unicode,
//! line breaks), annotations anywhere (far outside the data too), reference lines inside and
//! outside the data, axis titles, suffixes and number formats, legends in every position,
//! viewBoxes from the smallest to the largest allowed (120–4000 × 100–4000).
//!
//! Text is measured as `seed_figures` measures it (the crate's Open Sans metrics, rotations
//! included); marks are `rect`, `circle` and `path` (coordinates, arcs and cubic curves sampled;
//! stroke width not counted), cut to their clip path when they have one. The case count defaults
//! to a value that keeps this file to a few seconds in a debug build; `PROPTEST_CASES=N`
//! overrides it:
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --release --test testsuite -- --nocapture frame::
//! ```

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use mdbook_svg_charts::render_standalone;
use mdbook_svg_charts::testing::{Weight, ascent, descent, text_width};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};
use roxmltree::{Document, Node};

use crate::common::{
    Affine, chart_figure, extract_narrow_svgs, inherited, parse_transform, svg_texts, toml_num,
    toml_nums, toml_str, toml_strs,
};

// ---------------------------------------------------------------------------------------------
// Harness

/// Default case count (a debug `cargo test` runs it in a few seconds).
const CASES: u32 = 256;
/// How far (px) a box may reach past its bounds, or two regions overlap, before it counts:
/// coordinates are written to a tenth of a pixel.
const TOLERANCE: f64 = 0.5;
/// The root `<svg>`'s `font-size`, used when no element sets one.
const ROOT_FONT_SIZE: f64 = 12.0;

fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = CASES;
    }
    // Specs hold up to thousands of samples: shrinking each one would take hours.
    config.max_shrink_iters = 2048;
    config.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(
        "tests/testsuite/frame.proptest-regressions",
    )));
    config
}

/// Cases run, cases the reader refused (a clean error naming the key), and panels drawn.
static CASES_RUN: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);
static PANELS: AtomicUsize = AtomicUsize::new(0);

// ---------------------------------------------------------------------------------------------
// Specs

/// Error bars of a bar, line or scatter series, in data units.
#[derive(Clone, Debug)]
enum ErrorBars {
    /// `y-error = v`: the same reach below and above every point.
    One(f64),
    /// `y-error = [...]`: a reach per point (`nan`: none).
    Each(Vec<f64>),
    /// `y-error-low` and `y-error-high` (either alone: that side only).
    Sides(Option<Vec<f64>>, Option<Vec<f64>>),
}

#[derive(Clone, Debug)]
struct Series {
    name: String,
    /// y values (bar, line, scatter; `nan` a gap), or the raw samples of a histogram, CDF or box.
    y: Vec<f64>,
    /// Numeric x (line, scatter, bars on a time axis; seconds since 1970 on a time axis);
    /// `None`: the panel's categories, or 0, 1, 2...
    x: Option<Vec<f64>>,
    labels: Option<Vec<String>>,
    markers: bool,
    marker_size: Option<f64>,
    sizes: Option<Vec<f64>>,
    color_values: Option<Vec<f64>>,
    errors: Option<ErrorBars>,
    /// `band-low` and `band-high`, in data units (`nan`: a gap).
    band: (Option<Vec<f64>>, Option<Vec<f64>>),
    /// Line and scatter: `fill`, `curve` and `dash`.
    fill: Option<&'static str>,
    curve: Option<&'static str>,
    dash: Option<&'static str>,
}

impl Series {
    fn new(name: String, y: Vec<f64>) -> Series {
        Series {
            name,
            y,
            x: None,
            labels: None,
            markers: false,
            marker_size: None,
            sizes: None,
            color_values: None,
            errors: None,
            band: (None, None),
            fill: None,
            curve: None,
            dash: None,
        }
    }
}

#[derive(Clone, Debug)]
struct Annotation {
    x: f64,
    y: f64,
    text: String,
    size: f64,
    bold: bool,
}

#[derive(Clone, Debug)]
struct Reference {
    vertical: bool,
    value: f64,
    label: Option<String>,
}

#[derive(Clone, Debug)]
struct Axis {
    title: Option<String>,
    hidden: bool,
    range: Option<(f64, f64)>,
    log: bool,
    suffix: Option<String>,
    format: Option<&'static str>,
}

impl Axis {
    fn plain() -> Axis {
        Axis {
            title: None,
            hidden: false,
            range: None,
            log: false,
            suffix: None,
            format: None,
        }
    }
}

/// How the times of a time axis are written.
#[derive(Clone, Copy, Debug, PartialEq)]
enum TimeForm {
    /// `"2026-01-01T00:00:00Z"`.
    Iso,
    /// `"2026-01-01T00:00:00"`: a wall-clock time in the axis's zone.
    Wall,
    /// `2026-01-01T00:00:00Z`, a TOML date-time literal.
    Literal,
    /// `"2026-01-01"`: midnight in the axis's zone (whole days only).
    Date,
    /// Epoch numbers with `type = "time"`, in seconds or (`true`) milliseconds.
    Epoch(bool),
}

#[derive(Clone, Debug)]
struct Time {
    form: TimeForm,
    zone: Option<&'static str>,
}

#[derive(Clone, Debug)]
enum Bins {
    /// `bins = n`.
    Count(u32),
    /// `bin-width`: a share of the samples' span (on a log axis: the factor itself).
    Width(f64),
}

#[derive(Clone, Debug)]
struct Panel {
    kind: &'static str,
    title: Option<String>,
    /// Bar categories, category x of a line or scatter, pie slice names, or the column labels
    /// of a heatmap's matrix.
    categories: Option<Vec<String>>,
    series: Vec<Series>,
    x_axis: Axis,
    y_axis: Axis,
    annotations: Vec<Annotation>,
    references: Vec<Reference>,
    /// Bars and boxes: "horizontal".
    horizontal: bool,
    /// Bars: stacked; lines: `stack = true`; histograms: stacked.
    stack: bool,
    /// Bars and heatmaps: `show-values`.
    show_values: bool,
    /// Pies.
    values: Vec<f64>,
    slice_labels: &'static str,
    hole: f64,
    /// Line, scatter and heatmap: `color-scale` and `color-title`.
    color_scale: Option<(&'static str, Option<String>)>,
    /// Line and scatter: `aspect = "equal"`.
    equal: bool,
    /// A time x axis (line, scatter, vertical bars, heatmap of samples).
    time: Option<Time>,
    /// Histograms: `bins` or `bin-width`, and `normalize`.
    bins: Option<Bins>,
    normalize: Option<&'static str>,
    /// CDFs: `view`.
    view: Option<&'static str>,
    /// Histograms and CDFs: `mark`.
    marks: Vec<f64>,
    /// Boxes: `whiskers`.
    whiskers: Option<&'static str>,
    /// Heatmaps: a matrix (`z`, with row labels `y`; `categories` label its columns), or
    /// samples (`series[0]`: `x` and `values`) in `x-bins` × `y-bins` cells.
    z: Option<Vec<Vec<f64>>>,
    rows: Option<Vec<String>>,
    x_bins: Option<u32>,
    y_bins: Option<u32>,
}

impl Panel {
    fn new(kind: &'static str) -> Panel {
        Panel {
            kind,
            title: None,
            categories: None,
            series: Vec::new(),
            x_axis: Axis::plain(),
            y_axis: Axis::plain(),
            annotations: Vec::new(),
            references: Vec::new(),
            horizontal: false,
            stack: false,
            show_values: false,
            values: Vec::new(),
            slice_labels: "percent",
            hole: 0.0,
            color_scale: None,
            equal: false,
            time: None,
            bins: None,
            normalize: None,
            view: None,
            marks: Vec::new(),
            whiskers: None,
            z: None,
            rows: None,
            x_bins: None,
            y_bins: None,
        }
    }
}

#[derive(Clone, Debug)]
struct Spec {
    width: f64,
    height: f64,
    title: Option<String>,
    legend: &'static str,
    columns: Option<usize>,
    panels: Vec<Panel>,
}

/// Short and long text, wide characters, emoji, right-to-left, XML metacharacters, line breaks.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        5 => select(vec![
            "a", "REST", "p99 latency", "Ünïcödé", "漢字のラベル", "🎉 party", "مرحبا",
            "x<y&z", "Requests per second (thousands)", "W", "Cache only", "SLO 200 ms",
        ])
        .prop_map(str::to_string),
        2 => vec(select(vec!['a', 'b', 'W', ' ', ' ', 'é', '漢', '😀', 'm']), 1..120)
            .prop_map(String::from_iter),
        1 => vec(select(vec!['W', 'M', '漢', '@']), 30..200).prop_map(String::from_iter),
        1 => Just("first line\nsecond line\nthird line\nfourth line of the text".to_string()),
    ]
    // A blank text is no text (the reader treats it as missing).
    .prop_map(|s| {
        if s.trim().is_empty() {
            "W".to_string()
        } else {
            s
        }
    })
    .boxed()
}

fn maybe_text() -> BoxedStrategy<Option<String>> {
    prop_oneof![1 => Just(None), 1 => text().prop_map(Some)].boxed()
}

/// Magnitudes of data: small counts to billions, and now and then the extremes (subnormal,
/// near the largest number a chart takes).
fn scale() -> BoxedStrategy<f64> {
    prop_oneof![
        12 => select(vec![1e-3, 1.0, 1.0, 100.0, 1e6, 1e9]),
        1 => select(vec![5e-324, 1e-300, 1e-30, 1e30, 1e290]),
    ]
    .boxed()
}

/// `n` values of some magnitude, negative too unless `positive`.
fn values(n: usize, positive: bool) -> BoxedStrategy<Vec<f64>> {
    (scale(), vec(-1.0..1.0f64, n))
        .prop_map(move |(scale, v)| {
            v.into_iter()
                .map(|v| {
                    let v = if positive { v.abs() + 0.01 } else { v };
                    (v * scale * 1000.0).round() / 1000.0
                })
                .map(|v| if positive && v <= 0.0 { scale } else { v })
                .collect()
        })
        .boxed()
}

/// Raw samples of some magnitude and shape (spread out, skewed, all equal, a few distinct
/// values), above 0 when `positive`, sometimes with far outliers.
fn samples(positive: bool) -> BoxedStrategy<Vec<f64>> {
    (
        scale(),
        prop_oneof![4 => 1usize..60, 2 => 60usize..400, 1 => 400usize..2000],
        select(vec!["spread", "skewed", "equal", "few"]),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.3),
    )
        .prop_flat_map(move |(scale, n, shape, negative, outliers)| {
            (
                Just((scale, shape, negative && !positive)),
                vec(0.0..1.0f64, n),
                vec(2.0..1000.0f64, if outliers { 1..6 } else { 0..1 }),
            )
        })
        .prop_map(move |((scale, shape, negative), u, far)| {
            let mut out: Vec<f64> = u
                .iter()
                .map(|u| match shape {
                    "spread" => *u,
                    "skewed" => (6.0 * u).exp() / 400.0,
                    "equal" => 0.5,
                    _ => (u * 3.0).floor() / 3.0 + 0.1,
                })
                .map(|v| if negative { v - 0.5 } else { v })
                .chain(far)
                .map(|v| {
                    let v = (v * 1e4).round() / 1e4 * scale;
                    // Above 0 on a log axis, even when a thousandth of the scale is not.
                    if positive && v <= 0.0 { scale } else { v }
                })
                .collect();
            if out.is_empty() {
                out.push(scale);
            }
            out
        })
        .boxed()
}

fn series_count() -> BoxedStrategy<usize> {
    prop_oneof![4 => 1usize..4, 1 => 4usize..31].boxed()
}

fn axis(log: bool) -> BoxedStrategy<Axis> {
    (
        maybe_text(),
        prop::bool::weighted(0.1),
        prop::option::weighted(0.2, (0.0..1.0f64, 0.1..2.0f64)),
        prop::option::weighted(0.15, text()),
        prop::option::weighted(0.15, select(vec!["auto", "plain", "percent"])),
    )
        .prop_map(move |(title, hidden, range, suffix, format)| Axis {
            title,
            hidden,
            // A fraction of the data's span, fixed up once the data are known.
            range,
            log,
            suffix,
            format,
        })
        .boxed()
}

/// Annotations at data points, and far outside the data.
fn annotations() -> BoxedStrategy<Vec<Annotation>> {
    vec(
        (
            prop_oneof![3 => -2.0..3.0f64, 1 => select(vec![-1e6, 1e6, 1e300, -1e300])],
            prop_oneof![3 => -2.0..3.0f64, 1 => select(vec![-1e6, 1e6, 1e300, -1e300])],
            text(),
            prop_oneof![3 => Just(12.0), 1 => 6.0..48.0f64],
            any::<bool>(),
        )
            .prop_map(|(x, y, text, size, bold)| Annotation {
                x,
                y,
                text,
                size: (size * 10.0).round() / 10.0,
                bold,
            }),
        0..4,
    )
    .boxed()
}

/// Reference lines, in units of the data's span (fixed up once the data are known): inside the
/// data, just outside, far outside.
fn references() -> BoxedStrategy<Vec<Reference>> {
    vec(
        (
            any::<bool>(),
            prop_oneof![3 => -0.2..1.2f64, 1 => select(vec![-50.0, 5.0, 1e6])],
            maybe_text(),
        )
            .prop_map(|(vertical, value, label)| Reference {
                vertical,
                value,
                label,
            }),
        0..3,
    )
    .boxed()
}

/// Percentiles to mark (none half the time).
fn marks() -> BoxedStrategy<Vec<f64>> {
    prop_oneof![
        1 => Just(Vec::new()),
        1 => vec(select(vec![50.0, 90.0, 99.0, 99.9, 99.99, 1.0, 25.0, 75.0]), 1..5),
    ]
    .prop_map(|mut m| {
        m.sort_by(f64::total_cmp);
        m.dedup();
        m
    })
    .boxed()
}

fn named(names: Vec<String>) -> Vec<String> {
    // Unique names: a legend entry per series.
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| format!("{n} #{i}"))
        .collect()
}

/// 2026-01-01T00:00:00Z, in seconds since 1970.
const EPOCH_2026: f64 = 1_767_225_600.0;
const DAY: f64 = 86_400.0;

/// A time axis: how its times are written, its zone, and the step between samples.
fn time() -> BoxedStrategy<(Time, f64)> {
    (
        prop_oneof![
            3 => Just(TimeForm::Iso),
            1 => Just(TimeForm::Wall),
            1 => Just(TimeForm::Literal),
            1 => Just(TimeForm::Date),
            1 => any::<bool>().prop_map(TimeForm::Epoch),
        ],
        prop::option::weighted(
            0.5,
            select(vec![
                "UTC",
                "Europe/Berlin",
                "America/New_York",
                "Australia/Lord_Howe",
                "Asia/Kathmandu",
                "+05:30",
                "-08:00",
            ]),
        ),
        select(vec![1.0, 60.0, 900.0, 3600.0, DAY, 30.0 * DAY, 365.0 * DAY]),
    )
        .prop_map(|(form, zone, step)| {
            // Dates are whole days.
            let step = if form == TimeForm::Date {
                step.max(DAY)
            } else {
                step
            };
            (Time { form, zone }, step)
        })
        .boxed()
}

/// `n` times `step` apart on average, from 2026 on: evenly spaced, or at random.
fn times(n: usize, step: f64, form: TimeForm, even: bool, u: &[f64]) -> Vec<f64> {
    let unit = match form {
        TimeForm::Date => DAY,
        TimeForm::Epoch(true) => 0.001,
        _ => 1.0,
    };
    (0..n)
        .map(|i| {
            let t = if even {
                i as f64 * step
            } else {
                u[i] * n as f64 * step
            };
            EPOCH_2026 + (t / unit).round() * unit
        })
        .collect()
}

/// Per series of a line or scatter panel: error bars, a band, fill, curve, dash, gaps.
#[derive(Clone, Debug)]
struct Extras {
    /// 0: one reach, 1: one per point, 2: both sides, 3: below only, 4: above only.
    errors: Option<(u8, Vec<f64>, Vec<f64>)>,
    /// 0: both edges, 1: lower only, 2: upper only.
    band: Option<(u8, Vec<f64>, Vec<f64>)>,
    fill: Option<&'static str>,
    curve: Option<&'static str>,
    dash: Option<&'static str>,
    gaps: Vec<bool>,
}

fn extras(n: usize, errors: f64, band: f64) -> BoxedStrategy<Extras> {
    (
        prop::option::weighted(errors, (0u8..5, vec(0.0..1.0f64, n), vec(0.0..1.0f64, n))),
        if band > 0.0 {
            prop::option::weighted(band, (0u8..3, vec(0.0..1.0f64, n), vec(0.0..1.0f64, n))).boxed()
        } else {
            Just(None).boxed()
        },
        prop::option::weighted(0.25, select(vec!["none", "zero", "previous"])),
        prop::option::weighted(0.3, select(vec!["linear", "step", "step-before", "smooth"])),
        prop::option::weighted(0.2, select(vec!["solid", "dash", "dot"])),
        prop_oneof![4 => Just(vec![false; n]), 1 => vec(prop::bool::weighted(0.2), n)],
    )
        .prop_map(|(errors, band, fill, curve, dash, gaps)| Extras {
            errors,
            band,
            fill,
            curve,
            dash,
            gaps,
        })
        .boxed()
}

impl Extras {
    /// Sets `s`'s error bars, band, style and gaps, reaching no lower than above 0 on a `log`
    /// axis.
    fn apply(self, s: &mut Series, log: bool) {
        let span = s.y.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-3);
        let round = |v: f64| {
            if v.is_finite() {
                let p = 10f64.powf(v.abs().log10().floor() - 3.0);
                if p > 0.0 { (v / p).round() * p } else { v }
            } else {
                v
            }
        };
        // How far below `y` a whisker or band may reach: on a log axis, not to 0.
        let below = |y: f64, f: f64| {
            if log {
                y * f * 0.9
            } else {
                f * (y.abs() * 0.5 + span * 0.05)
            }
        };
        let above = |y: f64, f: f64| f * (y.abs() * 0.5 + span * 0.05);
        if let Some((kind, lo, hi)) = self.errors {
            let low: Vec<f64> =
                s.y.iter()
                    .zip(&lo)
                    .map(|(y, f)| round(below(*y, *f)))
                    .collect();
            let high: Vec<f64> =
                s.y.iter()
                    .zip(&hi)
                    .map(|(y, f)| round(above(*y, *f)))
                    .collect();
            let least = s.y.iter().fold(f64::INFINITY, |m, v| m.min(*v));
            s.errors = Some(match kind {
                0 => ErrorBars::One(round(if log {
                    least * lo.first().copied().unwrap_or(0.5) * 0.9
                } else {
                    span * hi.first().copied().unwrap_or(0.5) * 0.2
                })),
                1 => ErrorBars::Each(
                    low.iter()
                        .zip(&high)
                        .enumerate()
                        // Some points without a whisker.
                        .map(|(i, (l, h))| if i % 5 == 3 { f64::NAN } else { l.min(*h) })
                        .collect(),
                ),
                2 => ErrorBars::Sides(Some(low), Some(high)),
                3 => ErrorBars::Sides(Some(low), None),
                _ => ErrorBars::Sides(None, Some(high)),
            });
        }
        if let Some((kind, lo, hi)) = self.band {
            let edge = |f: &[f64], up: bool| -> Vec<f64> {
                s.y.iter()
                    .zip(f)
                    .enumerate()
                    .map(|(i, (y, f))| {
                        if i % 7 == 5 {
                            f64::NAN
                        } else if up {
                            round(y + above(*y, *f))
                        } else {
                            round(y - below(*y, *f))
                        }
                    })
                    .collect()
            };
            let (low, high) = (edge(&lo, false), edge(&hi, true));
            s.band = match kind {
                0 => (Some(low), Some(high)),
                1 => (Some(low), None),
                _ => (None, Some(high)),
            };
        }
        s.fill = self.fill;
        s.curve = self.curve;
        s.dash = self.dash;
        // Gaps, but never all of them (a series needs a number).
        for (y, gap) in s.y.iter_mut().zip(&self.gaps).skip(1) {
            if *gap {
                *y = f64::NAN;
            }
        }
    }
}

fn bar_panel() -> BoxedStrategy<Panel> {
    (
        1usize..16,
        series_count(),
        prop::option::weighted(0.1, time()),
    )
        .prop_flat_map(|(n, k, time)| {
            (
                vec(text(), n),
                vec(text(), k),
                vec(values(n, false), k),
                (any::<bool>(), any::<bool>(), any::<bool>()),
                (maybe_text(), axis(false), axis(false)),
                annotations(),
                references(),
                vec(extras(n, 0.2, 0.0), k),
                Just(time),
            )
        })
        .prop_map(
            |(
                cats,
                names,
                ys,
                (horizontal, stack, show_values),
                (title, x_axis, y_axis),
                annotations,
                references,
                extras,
                time,
            )| {
                let n = cats.len();
                // Bars on a time axis are vertical and one period wide: evenly spaced times.
                let (time, x) = match time {
                    Some((t, step)) => {
                        let x = times(n, step, t.form, true, &[]);
                        (Some(t), Some(x))
                    }
                    None => (None, None),
                };
                let series = named(names)
                    .into_iter()
                    .zip(ys)
                    .zip(extras)
                    .map(|((name, y), e)| {
                        let mut s = Series::new(name, y);
                        s.x = x.clone();
                        if let Some((kind, lo, hi)) = e.errors {
                            Extras {
                                errors: Some((kind, lo, hi)),
                                band: None,
                                fill: None,
                                curve: None,
                                dash: None,
                                gaps: Vec::new(),
                            }
                            .apply(&mut s, false);
                        }
                        s
                    })
                    .collect();
                Panel {
                    title,
                    categories: if time.is_some() { None } else { Some(cats) },
                    series,
                    x_axis: Axis {
                        range: None,
                        ..x_axis
                    },
                    y_axis,
                    annotations,
                    references,
                    horizontal: horizontal && time.is_none(),
                    stack,
                    show_values,
                    time,
                    ..Panel::new("bar")
                }
            },
        )
        .boxed()
}

fn xy_panel(kind: &'static str) -> BoxedStrategy<Panel> {
    (
        1usize..31,
        series_count(),
        any::<bool>(),
        (prop::bool::weighted(0.15), prop::bool::weighted(0.1)),
        (prop::bool::weighted(0.1), prop::bool::weighted(0.15)),
        prop::option::weighted(0.2, time()),
    )
        .prop_flat_map(
            move |(n, k, category_x, (log, log_x), (equal, stack), time)| {
                // A stacked line panel shares one x and has a linear y axis.
                let stack = stack && kind == "line" && !log;
                (
                    prop::option::weighted(0.3, vec(text(), n))
                        .prop_map(move |c| c.filter(|_| category_x)),
                    vec(text(), k),
                    vec((values(n, log), values(n, log_x), vec(0.0..1.0f64, n)), k),
                    prop::option::weighted(0.4, vec(text(), n)),
                    (any::<bool>(), prop::option::weighted(0.2, 1.0..40.0f64)),
                    prop::option::weighted(
                        0.15,
                        (
                            values(n, true),
                            values(n, false),
                            select(vec!["reds", "viridis"]),
                            maybe_text(),
                        ),
                    ),
                    (maybe_text(), axis(false), axis(log)),
                    annotations(),
                    references(),
                    vec(extras(n, 0.25, 0.2), k),
                    Just((log_x, equal, stack, time)),
                    any::<bool>(),
                )
            },
        )
        .prop_map(
            move |(
                cats,
                names,
                data,
                labels,
                (markers, marker_size),
                bubbles,
                (title, x_axis, y_axis),
                annotations,
                references,
                extras,
                (log_x, equal, stack, time),
                even,
            )| {
                let mut color_scale = None;
                let numeric_x = cats.is_none();
                // A time axis holds times, never on a log scale.
                let time = time.filter(|_| numeric_x && !log_x);
                let log_y = y_axis.log;
                let first_x = data.first().map(|(_, x, _)| x.clone());
                let series = named(names)
                    .into_iter()
                    .zip(data)
                    .zip(extras)
                    .enumerate()
                    .map(|(j, ((name, (y, x, u)), extras))| {
                        // Only the first series is labelled or coloured by value: a figure holds
                        // at most 1,000 point labels.
                        let first = j == 0;
                        let (sizes, color_values) = match (&bubbles, first) {
                            (Some((s, c, scale, t)), true) => {
                                color_scale = Some((*scale, t.clone()));
                                (Some(s.iter().map(|v| v.abs()).collect()), Some(c.clone()))
                            }
                            _ => (None, None),
                        };
                        let x = match &time {
                            Some((t, step)) => times(y.len(), *step, t.form, even || stack, &u),
                            None if stack => first_x.clone().unwrap_or(x),
                            None => x,
                        };
                        let mut s = Series::new(name, y);
                        s.x = if cats.is_some() { None } else { Some(x) };
                        s.labels = labels.clone().filter(|_| first);
                        s.markers = markers;
                        s.marker_size = marker_size.map(|m| (m * 10.0).round() / 10.0);
                        s.sizes = sizes;
                        s.color_values = color_values;
                        // A band is drawn at its own values: never in a stack.
                        let extras = if stack {
                            Extras {
                                band: None,
                                ..extras
                            }
                        } else {
                            extras
                        };
                        extras.apply(&mut s, log_y);
                        s
                    })
                    .collect();
                Panel {
                    title,
                    categories: cats,
                    series,
                    x_axis: Axis {
                        log: log_x && numeric_x && time.is_none(),
                        ..x_axis
                    },
                    y_axis,
                    annotations,
                    references,
                    stack,
                    color_scale,
                    equal,
                    time: time.map(|(t, _)| t),
                    ..Panel::new(kind)
                }
            },
        )
        .boxed()
}

fn pie_panel() -> BoxedStrategy<Panel> {
    (1usize..31)
        .prop_flat_map(|n| {
            (
                vec(text(), n),
                vec(prop_oneof![4 => 1.0..100.0f64, 1 => 0.01..0.5f64], n),
                select(vec!["percent", "value", "label", "none"]),
                select(vec![0.0, 0.4, 0.9]),
                maybe_text(),
            )
        })
        .prop_map(|(labels, values, slice_labels, hole, title)| Panel {
            title,
            categories: Some(named(labels)),
            values: values
                .into_iter()
                .map(|v| (v * 100.0).round() / 100.0)
                .collect(),
            slice_labels,
            hole,
            ..Panel::new("pie")
        })
        .boxed()
}

/// Series of raw samples (histogram, CDF, box), above 0 when `positive`.
fn sample_series(k: usize, positive: bool) -> BoxedStrategy<Vec<Series>> {
    (vec(text(), k), vec(samples(positive), k))
        .prop_map(|(names, samples)| {
            named(names)
                .into_iter()
                .zip(samples)
                .map(|(name, y)| Series::new(name, y))
                .collect()
        })
        .boxed()
}

fn histogram_panel() -> BoxedStrategy<Panel> {
    (
        prop_oneof![4 => 1usize..4, 1 => 4usize..12],
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.1),
    )
        .prop_flat_map(|(k, log, log_y)| {
            (
                sample_series(k, log),
                prop_oneof![
                    3 => Just(None),
                    2 => prop_oneof![1u32..60, Just(1u32), Just(1000u32)].prop_map(|n| Some(Bins::Count(n))),
                    1 => (0.002..0.5f64).prop_map(move |w| Some(Bins::Width(if log { 1.2 + w * 20.0 } else { w }))),
                ],
                prop::option::weighted(0.5, select(vec!["count", "percent", "density"])),
                any::<bool>(),
                marks(),
                (maybe_text(), axis(log), axis(log_y)),
                annotations(),
                references(),
            )
        })
        .prop_map(
            |(series, bins, normalize, stack, marks, (title, x_axis, y_axis), annotations, references)| {
                // Stacked bins need a linear count axis.
                let stack = stack && !y_axis.log;
                Panel {
                    title,
                    series,
                    x_axis,
                    y_axis,
                    annotations,
                    references,
                    stack,
                    bins,
                    normalize,
                    marks,
                    ..Panel::new("histogram")
                }
            },
        )
        .boxed()
}

fn cdf_panel() -> BoxedStrategy<Panel> {
    (
        prop_oneof![4 => 1usize..4, 1 => 4usize..12],
        select(vec![None, Some("cdf"), Some("ccdf"), Some("percentiles")]),
        prop::bool::weighted(0.25),
        prop::bool::weighted(0.25),
    )
        .prop_flat_map(|(k, view, log_x, log_y)| {
            // The percentile view's x axis is the nines axis; its values run up the y axis.
            let percentiles = view == Some("percentiles");
            let log_x = log_x && !percentiles;
            let positive = if percentiles { log_y } else { log_x };
            (
                sample_series(k, positive),
                marks(),
                (maybe_text(), axis(log_x), axis(log_y)),
                annotations(),
                references(),
                Just(view),
            )
        })
        .prop_map(
            |(series, marks, (title, x_axis, y_axis), annotations, references, view)| Panel {
                title,
                series,
                x_axis,
                y_axis,
                annotations,
                references,
                marks,
                view,
                ..Panel::new("cdf")
            },
        )
        .boxed()
}

fn box_panel() -> BoxedStrategy<Panel> {
    (series_count(), prop::bool::weighted(0.2))
        .prop_flat_map(|(k, log)| {
            (
                sample_series(k, log),
                select(vec![None, Some("iqr"), Some("minmax")]),
                any::<bool>(),
                (maybe_text(), axis(false), axis(log)),
                annotations(),
                references(),
            )
        })
        .prop_map(
            |(series, whiskers, horizontal, (title, x_axis, y_axis), annotations, references)| {
                Panel {
                    title,
                    series,
                    x_axis: Axis {
                        range: None,
                        ..x_axis
                    },
                    y_axis,
                    annotations,
                    references,
                    horizontal,
                    whiskers,
                    ..Panel::new("box")
                }
            },
        )
        .boxed()
}

fn heatmap_panel() -> BoxedStrategy<Panel> {
    let scale = prop::option::weighted(
        0.5,
        (
            select(vec!["viridis", "reds", "blues", "greens"]),
            maybe_text(),
        ),
    )
    .boxed();
    let scale2 = scale.clone();
    // A matrix: rows × columns of values (some missing), labelled or not.
    let matrix = (
        prop_oneof![3 => 1usize..8, 1 => 8usize..40],
        prop_oneof![3 => 1usize..10, 1 => 10usize..60],
    )
        .prop_flat_map(move |(rows, cols)| {
            (
                vec(values(cols, false), rows),
                vec(prop::bool::weighted(0.1), rows * cols),
                prop::option::weighted(0.6, vec(text(), cols)),
                prop::option::weighted(0.6, vec(text(), rows)),
                any::<bool>(),
                scale.clone(),
                (maybe_text(), axis(false), axis(false)),
                annotations(),
                references(),
            )
        })
        .prop_map(
            |(
                mut z,
                missing,
                columns,
                rows,
                show_values,
                scale,
                (title, x_axis, y_axis),
                annotations,
                references,
            )| {
                let cols = z[0].len();
                for (i, m) in missing.into_iter().enumerate() {
                    if m {
                        z[i / cols][i % cols] = f64::NAN;
                    }
                }
                Panel {
                    title,
                    categories: columns,
                    rows,
                    z: Some(z),
                    show_values,
                    color_scale: scale,
                    x_axis: Axis {
                        range: None,
                        ..x_axis
                    },
                    y_axis: Axis {
                        range: None,
                        ..y_axis
                    },
                    annotations,
                    references,
                    ..Panel::new("heatmap")
                }
            },
        );
    // Samples: positions (numbers or times, or none) and values, binned.
    let binned = (
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.15),
        prop::option::weighted(0.4, time()),
        prop::bool::weighted(0.8),
    )
        .prop_flat_map(move |(log_y, log_x, time, with_x)| {
            let log_x = log_x && time.is_none();
            let scale = scale2.clone();
            samples(log_y).prop_flat_map(move |vals| {
                let n = vals.len();
                (
                    Just(vals),
                    values(n, log_x),
                    vec(0.0..1.0f64, n),
                    Just((log_x, log_y, time.clone(), with_x)),
                    prop::option::weighted(0.3, prop_oneof![1u32..30, Just(1u32), Just(200u32)]),
                    prop::option::weighted(0.3, prop_oneof![1u32..30, Just(1u32), Just(200u32)]),
                    any::<bool>(),
                    scale.clone(),
                    (maybe_text(), axis(log_x), axis(log_y)),
                    annotations(),
                    references(),
                )
            })
        })
        .prop_map(
            |(
                values,
                x,
                u,
                (log_x, _, time, with_x),
                x_bins,
                y_bins,
                show_values,
                scale,
                (title, x_axis, y_axis),
                annotations,
                references,
            )| {
                let n = values.len();
                let (time, x) = match time {
                    Some((t, step)) => {
                        let x = times(n, step, t.form, false, &u);
                        (Some(t), Some(x))
                    }
                    None => (None, Some(x).filter(|_| with_x || log_x)),
                };
                let mut s = Series::new(String::new(), values);
                s.x = x;
                Panel {
                    title,
                    series: vec![s],
                    x_bins,
                    y_bins,
                    show_values,
                    color_scale: scale,
                    x_axis,
                    y_axis,
                    annotations,
                    references,
                    time,
                    ..Panel::new("heatmap")
                }
            },
        );
    prop_oneof![matrix, binned].boxed()
}

fn panel() -> BoxedStrategy<Panel> {
    prop_oneof![
        bar_panel(),
        xy_panel("line"),
        xy_panel("scatter"),
        pie_panel(),
        histogram_panel(),
        cdf_panel(),
        heatmap_panel(),
        box_panel(),
    ]
    .boxed()
}

fn spec() -> BoxedStrategy<Spec> {
    (
        prop_oneof![2 => Just(120.0), 1 => Just(4000.0), 3 => Just(640.0), 4 => 120.0..4000.0f64],
        prop_oneof![2 => Just(100.0), 1 => Just(4000.0), 3 => Just(400.0), 4 => 100.0..4000.0f64],
        maybe_text(),
        select(vec!["auto", "right", "bottom", "top", "none"]),
        prop::option::weighted(0.3, 1usize..13),
        prop_oneof![3 => 1usize..3, 1 => 3usize..13],
    )
        .prop_flat_map(|(w, h, title, legend, columns, n)| {
            (
                Just((w.round(), h.round(), title, legend, columns)),
                vec(panel(), n),
            )
        })
        .prop_map(|((width, height, title, legend, columns), panels)| {
            let mut spec = Spec {
                width,
                height,
                title,
                legend,
                columns,
                panels,
            };
            fix_up(&mut spec);
            spec
        })
        .boxed()
}

/// Where a panel's data lie along one axis: a span of values, or `n` bands (categories, boxes,
/// a matrix's rows or columns) counted from 0.
#[derive(Clone, Copy, Debug)]
enum Extent {
    Span(f64, f64),
    Bands(usize),
}

fn span_of(v: impl Iterator<Item = f64>) -> Extent {
    let (lo, hi) = v
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo <= hi {
        Extent::Span(lo, hi)
    } else {
        Extent::Span(0.0, 1.0)
    }
}

/// The data's extent on each axis of a panel with axes (x, then y as the spec names them).
fn data_extent(p: &Panel) -> (Extent, Extent) {
    let samples = || p.series.iter().flat_map(|s| s.y.iter().copied());
    let total = p.series.iter().map(|s| s.y.len()).max().unwrap_or(1) as f64;
    match p.kind {
        "histogram" => (
            span_of(samples()),
            Extent::Span(
                0.0,
                if p.normalize == Some("percent") {
                    100.0
                } else {
                    total
                },
            ),
        ),
        "cdf" if p.view == Some("percentiles") => (
            Extent::Span(0.0, total.log10().max(1.0)),
            span_of(samples()),
        ),
        "cdf" => (span_of(samples()), Extent::Span(1.0 / total, 1.0)),
        "box" => (Extent::Bands(p.series.len()), span_of(samples())),
        "heatmap" => match &p.z {
            Some(z) => (Extent::Bands(z[0].len()), Extent::Bands(z.len())),
            None => {
                let s = &p.series[0];
                let x = match &s.x {
                    Some(x) => span_of(x.iter().copied()),
                    None => Extent::Span(1.0, s.y.len() as f64),
                };
                (x, span_of(s.y.iter().copied()))
            }
        },
        _ => {
            let x = match &p.categories {
                Some(c) => Extent::Bands(c.len()),
                None => span_of(p.series.iter().flat_map(|s| {
                    s.x.clone()
                        .unwrap_or_else(|| (0..s.y.len()).map(|i| i as f64).collect())
                })),
            };
            (x, span_of(samples()))
        }
    }
}

/// Turns the span-relative ranges, annotations and reference lines into data units, keeping
/// every reference line inside an explicit range and above 0 on a log axis (the reader refuses
/// the others; `reference_lines_the_axis_cannot_show_are_errors` tests that).
fn fix_up(spec: &mut Spec) {
    for p in &mut spec.panels {
        if p.kind == "pie" {
            continue;
        }
        let (x_ext, y_ext) = data_extent(p);
        let to_range = |r: Option<(f64, f64)>, ext: Extent, log: bool| match ext {
            Extent::Bands(_) => None,
            Extent::Span(lo, hi) => r.map(|(a, b)| {
                let s = if hi > lo { hi - lo } else { 1.0 };
                let a = lo + a * s;
                let b = a + b * s;
                if log {
                    (a.abs().max(1e-3), (a.abs().max(1e-3)) * 10.0 + b.abs())
                } else {
                    (a, b)
                }
            }),
        };
        // No range on the nines axis, whose units are its own.
        let nines = p.kind == "cdf" && p.view == Some("percentiles");
        p.y_axis.range = to_range(p.y_axis.range, y_ext, p.y_axis.log);
        p.x_axis.range = if nines {
            None
        } else {
            to_range(p.x_axis.range, x_ext, p.x_axis.log)
        };
        // Times are whole seconds in a range written as dates.
        if p.time.is_some()
            && let Some((a, b)) = p.x_axis.range
        {
            p.x_axis.range = Some((a.floor(), b.ceil().max(a.floor() + 1.0)));
        }
        // A position in data units from one in units of the extent.
        let place = |ext: Extent, f: f64| match ext {
            Extent::Bands(n) => f * n.max(1) as f64,
            Extent::Span(lo, hi) => lo + f * if hi > lo { hi - lo } else { 1.0 },
        };
        for a in &mut p.annotations {
            if a.x.abs() < 1e3 {
                a.x = place(x_ext, a.x);
            }
            if a.y.abs() < 1e3 {
                a.y = place(y_ext, a.y);
            }
        }
        for r in &mut p.references {
            let (ext, axis) = if r.vertical {
                (x_ext, &p.x_axis)
            } else {
                (y_ext, &p.y_axis)
            };
            r.value = place(ext, r.value);
            if let Extent::Span(lo, _) = ext {
                if let Some((a, b)) = axis.range {
                    r.value = r.value.clamp(a, b);
                }
                if axis.log && r.value <= 0.0 {
                    r.value = lo.max(1e-3);
                }
            }
            r.value = (r.value * 1e6).round() / 1e6;
            if let Some((a, b)) = axis.range
                && !(a..=b).contains(&r.value)
            {
                r.value = a;
            }
        }
    }
}

/// `t` (seconds since 1970, UTC) as an ISO 8601 date-time without an offset (milliseconds
/// when there are any), or as a date.
fn iso(t: f64, date_only: bool) -> String {
    let ms = (t * 1000.0).round() as i64;
    let at = jiff::Timestamp::from_millisecond(ms)
        .expect("generated times are within jiff's range")
        .to_zoned(jiff::tz::TimeZone::UTC)
        .datetime();
    if date_only {
        at.date().strftime("%Y-%m-%d").to_string()
    } else if ms.rem_euclid(1000) > 0 {
        at.strftime("%Y-%m-%dT%H:%M:%S%.3f").to_string()
    } else {
        at.strftime("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// Times as `x` writes them in `form`.
fn toml_times(v: &[f64], form: TimeForm) -> String {
    let items: Vec<String> = v
        .iter()
        .map(|t| match form {
            TimeForm::Iso => format!("\"{}Z\"", iso(*t, false)),
            TimeForm::Wall => format!("\"{}\"", iso(*t, false)),
            TimeForm::Literal => format!("{}Z", iso(*t, false)),
            TimeForm::Date => format!("\"{}\"", iso(*t, true)),
            TimeForm::Epoch(false) => toml_num(*t),
            TimeForm::Epoch(true) => toml_num((t * 1000.0).round()),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn axis_toml(name: &str, a: &Axis, time: Option<&Time>) -> String {
    let mut t = format!("[panel.{name}]\n");
    if let Some(title) = &a.title {
        t.push_str(&format!("title = {}\n", toml_str(title)));
    }
    if a.hidden {
        t.push_str("visible = false\n");
    }
    match (a.range, time) {
        (Some((lo, hi)), Some(_)) => t.push_str(&format!(
            "range = [\"{}Z\", \"{}Z\"]\n",
            iso(lo, false),
            iso(hi, false)
        )),
        (Some((lo, hi)), None) => {
            t.push_str(&format!("range = [{}, {}]\n", toml_num(lo), toml_num(hi)));
        }
        _ => {}
    }
    if a.log {
        t.push_str("scale = \"log\"\n");
    }
    if let Some(s) = &a.suffix {
        t.push_str(&format!("suffix = {}\n", toml_str(s)));
    }
    if let Some(f) = a.format {
        t.push_str(&format!("format = \"{f}\"\n"));
    }
    if let Some(time) = time {
        if let TimeForm::Epoch(ms) = time.form {
            t.push_str("type = \"time\"\n");
            if ms {
                t.push_str("unit = \"ms\"\n");
            }
        }
        if let Some(z) = time.zone {
            t.push_str(&format!("timezone = \"{z}\"\n"));
        }
    }
    t
}

impl Spec {
    fn toml(&self) -> String {
        let mut t = format!(
            "width = {}\nheight = {}\nlegend = \"{}\"\n",
            toml_num(self.width),
            toml_num(self.height),
            self.legend
        );
        if let Some(title) = &self.title {
            t.push_str(&format!("title = {}\n", toml_str(title)));
        }
        if let Some(c) = self.columns {
            t.push_str(&format!("columns = {c}\n"));
        }
        for p in &self.panels {
            t.push_str(&format!("\n[[panel]]\ntype = \"{}\"\n", p.kind));
            if let Some(title) = &p.title {
                t.push_str(&format!("title = {}\n", toml_str(title)));
            }
            if p.kind == "pie" {
                t.push_str(&format!(
                    "labels = {}\nvalues = {}\nslice-labels = \"{}\"\nhole = {}\n",
                    toml_strs(p.categories.as_deref().unwrap_or_default()),
                    toml_nums(&p.values),
                    p.slice_labels,
                    toml_num(p.hole)
                ));
                continue;
            }
            p.panel_keys(&mut t);
            t.push_str(&axis_toml("x-axis", &p.x_axis, p.time.as_ref()));
            t.push_str(&axis_toml("y-axis", &p.y_axis, None));
            if p.kind != "heatmap" {
                for s in &p.series {
                    p.series_toml(s, &mut t);
                }
            }
            for a in &p.annotations {
                t.push_str(&format!(
                    "[[panel.annotation]]\nx = {}\ny = {}\ntext = {}\nsize = {}\nbold = {}\n",
                    toml_num(a.x),
                    toml_num(a.y),
                    toml_str(&a.text),
                    toml_num(a.size),
                    a.bold
                ));
            }
            for r in &p.references {
                t.push_str(&format!(
                    "[[panel.reference]]\n{} = {}\n",
                    if r.vertical { "x" } else { "y" },
                    toml_num(r.value)
                ));
                if let Some(l) = &r.label {
                    t.push_str(&format!("label = {}\n", toml_str(l)));
                }
            }
        }
        t
    }

    /// Text the author wrote that must be drawn or kept in a `<title>` or the `<desc>`.
    fn authored(&self) -> Vec<String> {
        let mut out: Vec<String> = self.title.iter().cloned().collect();
        // The legend lists each name once (a name has one colour in every panel): series of
        // every kind but heatmaps, and pie slices.
        let mut names: Vec<&String> = self
            .panels
            .iter()
            .flat_map(|p| {
                let series = p.series.iter().map(|s| &s.name);
                let slices = p.categories.iter().flatten();
                match p.kind {
                    "heatmap" => None,
                    "pie" => Some(slices.collect::<Vec<_>>()),
                    _ => Some(series.collect()),
                }
                .into_iter()
                .flatten()
            })
            .collect();
        names.sort();
        names.dedup();
        let legend_shown = match self.legend {
            "none" => false,
            "auto" => self.panels.iter().any(|p| p.kind == "pie") || names.len() > 1,
            _ => true,
        };
        for p in &self.panels {
            out.extend(p.title.iter().cloned());
            out.extend(p.x_axis.title.iter().cloned());
            out.extend(p.y_axis.title.iter().cloned());
            if legend_shown && p.kind != "heatmap" {
                out.extend(p.series.iter().map(|s| s.name.clone()));
                if p.kind == "pie" {
                    out.extend(p.categories.iter().flatten().cloned());
                }
            }
            out.extend(p.annotations.iter().map(|a| a.text.clone()));
            out.extend(p.references.iter().filter_map(|r| r.label.clone()));
            out.extend(p.series.iter().filter_map(|s| s.labels.clone()).flatten());
            if let Some((_, Some(t))) = &p.color_scale {
                out.push(t.clone());
            }
        }
        out
    }
}

impl Panel {
    /// The panel's own keys (before its axis tables).
    fn panel_keys(&self, t: &mut String) {
        let time = self.time.as_ref();
        match self.kind {
            "bar" => {
                if let Some(c) = &self.categories {
                    t.push_str(&format!("x = {}\n", toml_strs(c)));
                }
                t.push_str(&format!(
                    "mode = \"{}\"\norientation = \"{}\"\nshow-values = {}\n",
                    if self.stack { "stack" } else { "group" },
                    if self.horizontal {
                        "horizontal"
                    } else {
                        "vertical"
                    },
                    self.show_values
                ));
            }
            "line" | "scatter" => {
                if let Some(c) = &self.categories {
                    t.push_str(&format!("x = {}\n", toml_strs(c)));
                }
                if self.stack {
                    t.push_str("stack = true\n");
                }
                if self.equal {
                    t.push_str("aspect = \"equal\"\n");
                }
            }
            "histogram" => {
                match &self.bins {
                    Some(Bins::Count(n)) => t.push_str(&format!("bins = {n}\n")),
                    Some(Bins::Width(w)) => {
                        let w = if self.x_axis.log {
                            *w
                        } else {
                            match data_extent(self).0 {
                                Extent::Span(lo, hi) if hi > lo => w * (hi - lo),
                                _ => *w,
                            }
                        };
                        t.push_str(&format!("bin-width = {}\n", toml_num(w)));
                    }
                    None => {}
                }
                if let Some(n) = self.normalize {
                    t.push_str(&format!("normalize = \"{n}\"\n"));
                }
                if self.stack {
                    t.push_str("stack = true\n");
                }
            }
            "cdf" => {
                if let Some(v) = self.view {
                    t.push_str(&format!("view = \"{v}\"\n"));
                }
            }
            "box" => {
                if let Some(w) = self.whiskers {
                    t.push_str(&format!("whiskers = \"{w}\"\n"));
                }
                if self.horizontal {
                    t.push_str("orientation = \"horizontal\"\n");
                }
            }
            "heatmap" => {
                match &self.z {
                    Some(z) => {
                        let rows: Vec<String> = z.iter().map(|r| toml_nums(r)).collect();
                        t.push_str(&format!("z = [{}]\n", rows.join(", ")));
                        if let Some(c) = &self.categories {
                            t.push_str(&format!("x = {}\n", toml_strs(c)));
                        }
                        if let Some(r) = &self.rows {
                            t.push_str(&format!("y = {}\n", toml_strs(r)));
                        }
                    }
                    None => {
                        let s = &self.series[0];
                        t.push_str(&format!("values = {}\n", toml_nums(&s.y)));
                        match (&s.x, time) {
                            (Some(x), Some(time)) => {
                                t.push_str(&format!("x = {}\n", toml_times(x, time.form)));
                            }
                            (Some(x), None) => t.push_str(&format!("x = {}\n", toml_nums(x))),
                            (None, _) => {}
                        }
                        if let Some(n) = self.x_bins {
                            t.push_str(&format!("x-bins = {n}\n"));
                        }
                        if let Some(n) = self.y_bins {
                            t.push_str(&format!("y-bins = {n}\n"));
                        }
                    }
                }
                t.push_str(&format!("show-values = {}\n", self.show_values));
            }
            _ => {}
        }
        if !self.marks.is_empty() {
            t.push_str(&format!("mark = {}\n", toml_nums(&self.marks)));
        }
        if let Some((scale, title)) = &self.color_scale {
            t.push_str(&format!("color-scale = \"{scale}\"\n"));
            if let Some(title) = title {
                t.push_str(&format!("color-title = {}\n", toml_str(title)));
            }
        }
    }

    /// One `[[panel.series]]` table.
    fn series_toml(&self, s: &Series, t: &mut String) {
        t.push_str(&format!("[[panel.series]]\nname = {}\n", toml_str(&s.name)));
        if matches!(self.kind, "histogram" | "cdf" | "box") {
            t.push_str(&format!("values = {}\n", toml_nums(&s.y)));
            return;
        }
        t.push_str(&format!("y = {}\n", toml_nums(&s.y)));
        match (&s.x, &self.time) {
            (Some(x), Some(time)) => t.push_str(&format!("x = {}\n", toml_times(x, time.form))),
            (Some(x), None) => t.push_str(&format!("x = {}\n", toml_nums(x))),
            (None, _) => {}
        }
        match &s.errors {
            Some(ErrorBars::One(v)) => t.push_str(&format!("y-error = {}\n", toml_num(*v))),
            Some(ErrorBars::Each(v)) => t.push_str(&format!("y-error = {}\n", toml_nums(v))),
            Some(ErrorBars::Sides(lo, hi)) => {
                if let Some(lo) = lo {
                    t.push_str(&format!("y-error-low = {}\n", toml_nums(lo)));
                }
                if let Some(hi) = hi {
                    t.push_str(&format!("y-error-high = {}\n", toml_nums(hi)));
                }
            }
            None => {}
        }
        if self.kind == "bar" {
            return;
        }
        if let Some(v) = &s.band.0 {
            t.push_str(&format!("band-low = {}\n", toml_nums(v)));
        }
        if let Some(v) = &s.band.1 {
            t.push_str(&format!("band-high = {}\n", toml_nums(v)));
        }
        for (key, v) in [("fill", s.fill), ("curve", s.curve), ("dash", s.dash)] {
            if let Some(v) = v {
                t.push_str(&format!("{key} = \"{v}\"\n"));
            }
        }
        if let Some(l) = &s.labels {
            t.push_str(&format!("labels = {}\n", toml_strs(l)));
        }
        if self.kind == "line" {
            t.push_str(&format!("markers = {}\n", s.markers));
        }
        if let Some(m) = s.marker_size {
            t.push_str(&format!("marker-size = {}\n", toml_num(m)));
        }
        if let Some(v) = &s.sizes {
            t.push_str(&format!("sizes = {}\n", toml_nums(v)));
        }
        if let Some(v) = &s.color_values {
            t.push_str(&format!("color-values = {}\n", toml_nums(v)));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Geometry of the SVG

/// The composed transform of `node`'s ancestors and itself.
fn transform_of(node: Node) -> Affine {
    let mut chain: Vec<Node> = node
        .ancestors()
        .filter(|n| n.is_element() && n.attribute("transform").is_some())
        .collect();
    chain.reverse();
    chain.iter().fold(Affine::IDENTITY, |acc, n| {
        acc.then(parse_transform(
            n.attribute("transform").unwrap(),
            "a random spec",
        ))
    })
}

/// An axis-aligned box: left, top, right, bottom.
#[derive(Clone, Copy, Debug)]
struct Bounds {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Bounds {
    fn of(points: &[(f64, f64)]) -> Option<Bounds> {
        let mut it = points.iter();
        let &(x, y) = it.next()?;
        Some(it.fold(
            Bounds {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            },
            |b, &(x, y)| Bounds {
                x0: b.x0.min(x),
                y0: b.y0.min(y),
                x1: b.x1.max(x),
                y1: b.y1.max(y),
            },
        ))
    }

    fn union(self, o: Bounds) -> Bounds {
        Bounds {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    /// `self` cut to `clip`; `None` when nothing is left.
    fn clip(self, clip: Bounds) -> Option<Bounds> {
        let b = Bounds {
            x0: self.x0.max(clip.x0),
            y0: self.y0.max(clip.y0),
            x1: self.x1.min(clip.x1),
            y1: self.y1.min(clip.y1),
        };
        (b.x0 <= b.x1 && b.y0 <= b.y1).then_some(b)
    }

    fn inside(&self, w: f64, h: f64) -> bool {
        self.x0 >= -TOLERANCE
            && self.y0 >= -TOLERANCE
            && self.x1 <= w + TOLERANCE
            && self.y1 <= h + TOLERANCE
            && [self.x0, self.y0, self.x1, self.y1]
                .iter()
                .all(|v| v.is_finite())
    }

    /// How deeply two boxes overlap (the smaller of the two overlaps); ≤ 0 when apart.
    fn overlap(&self, o: &Bounds) -> f64 {
        let w = self.x1.min(o.x1) - self.x0.max(o.x0);
        let h = self.y1.min(o.y1) - self.y0.max(o.y0);
        w.min(h)
    }
}

fn attr_num(node: Node, name: &str) -> f64 {
    node.attribute(name).map_or(0.0, |v| {
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("<{}> {name}={v:?} is not a number", node.tag_name().name()))
    })
}

/// The visible text of a `<text>` (not its `<title>`), and its box's corners in root coordinates.
fn text_box(node: Node) -> Option<(String, [(f64, f64); 4])> {
    for a in ["dx", "dy", "rotate", "textLength", "style"] {
        assert!(
            node.attribute(a).is_none(),
            "<text {a}=...> is not measured"
        );
    }
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    if text.trim().is_empty() {
        return None;
    }
    let size: f64 = inherited(node, "font-size")
        .map_or(ROOT_FONT_SIZE, |s| s.trim().parse().expect("font-size"));
    let weight = match inherited(node, "font-weight") {
        None | Some("normal" | "400") => Weight::Regular,
        Some("bold" | "700") => Weight::Bold,
        Some(w) => panic!("unexpected font-weight {w:?}"),
    };
    let width = text_width(&text, size, weight);
    let (x, y) = (attr_num(node, "x"), attr_num(node, "y"));
    let x0 = match inherited(node, "text-anchor").unwrap_or("start") {
        "start" => x,
        "middle" => x - width / 2.0,
        "end" => x - width,
        a => panic!("unexpected text-anchor {a:?}"),
    };
    let (top, bottom) = (y - ascent(size), y + descent(size));
    let t = transform_of(node);
    Some((
        text,
        [
            (x0, top),
            (x0 + width, top),
            (x0 + width, bottom),
            (x0, bottom),
        ]
        .map(|p| t.apply(p)),
    ))
}

/// Numbers and command letters of a path's `d`.
fn path_tokens(d: &str) -> Vec<Result<char, f64>> {
    let mut out = Vec::new();
    let b = d.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        if c.is_ascii_alphabetic() && c != 'e' && c != 'E' {
            out.push(Ok(c));
            i += 1;
        } else if c == '-' || c == '+' || c == '.' || c.is_ascii_digit() {
            let start = i;
            i += 1;
            while i < b.len() {
                let c = b[i] as char;
                let prev = b[i - 1] as char;
                if c.is_ascii_digit()
                    || c == '.'
                    || c == 'e'
                    || c == 'E'
                    || ((c == '-' || c == '+') && (prev == 'e' || prev == 'E'))
                {
                    i += 1;
                } else {
                    break;
                }
            }
            out.push(Err(d[start..i].parse().expect("path number")));
        } else {
            i += 1;
        }
    }
    out
}

/// Points along an SVG arc from `p0` to `p1` (endpoint parameterisation, as in SVG 1.1 F.6.5).
fn arc_points(
    p0: (f64, f64),
    r: (f64, f64),
    large: bool,
    sweep: bool,
    p1: (f64, f64),
) -> Vec<(f64, f64)> {
    let (mut rx, mut ry) = (r.0.abs(), r.1.abs());
    if rx == 0.0 || ry == 0.0 || p0 == p1 {
        return vec![p0, p1];
    }
    let (dx, dy) = ((p0.0 - p1.0) / 2.0, (p0.1 - p1.1) / 2.0);
    let lambda = dx * dx / (rx * rx) + dy * dy / (ry * ry);
    if lambda > 1.0 {
        rx *= lambda.sqrt();
        ry *= lambda.sqrt();
    }
    let num = (rx * rx * ry * ry - rx * rx * dy * dy - ry * ry * dx * dx).max(0.0);
    let den = rx * rx * dy * dy + ry * ry * dx * dx;
    let mut k = (num / den).sqrt();
    if large == sweep {
        k = -k;
    }
    let (cxp, cyp) = (k * rx * dy / ry, -k * ry * dx / rx);
    let (cx, cy) = (cxp + (p0.0 + p1.0) / 2.0, cyp + (p0.1 + p1.1) / 2.0);
    let angle = |ux: f64, uy: f64| uy.atan2(ux);
    let t0 = angle((dx - cxp) / rx, (dy - cyp) / ry);
    let t1 = angle((-dx - cxp) / rx, (-dy - cyp) / ry);
    let mut dt = t1 - t0;
    if sweep && dt < 0.0 {
        dt += std::f64::consts::TAU;
    } else if !sweep && dt > 0.0 {
        dt -= std::f64::consts::TAU;
    }
    (0..=32)
        .map(|i| {
            let t = t0 + dt * i as f64 / 32.0;
            (cx + rx * t.cos(), cy + ry * t.sin())
        })
        .collect()
}

/// Points along a cubic Bézier curve from `p0` through the controls to `c[2]`.
fn cubic_points(p0: (f64, f64), c: [(f64, f64); 3]) -> Vec<(f64, f64)> {
    (1..=16)
        .map(|i| {
            let t = f64::from(i) / 16.0;
            let u = 1.0 - t;
            let (a, b, cc, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            (
                a * p0.0 + b * c[0].0 + cc * c[1].0 + d * c[2].0,
                a * p0.1 + b * c[0].1 + cc * c[1].1 + d * c[2].1,
            )
        })
        .collect()
}

/// The points a path's outline passes through (arcs and curves sampled).
fn path_points(d: &str) -> Vec<(f64, f64)> {
    let tokens = path_tokens(d);
    let mut pts = Vec::new();
    let (mut cur, mut start) = ((0.0, 0.0), (0.0, 0.0));
    let mut i = 0;
    let mut cmd = 'M';
    let num = |i: &mut usize| -> f64 {
        match tokens.get(*i) {
            Some(Err(v)) => {
                *i += 1;
                *v
            }
            other => panic!("path {d:?}: expected a number, found {other:?}"),
        }
    };
    while i < tokens.len() {
        if let Ok(c) = tokens[i] {
            cmd = c;
            i += 1;
            if c == 'Z' || c == 'z' {
                cur = start;
                continue;
            }
        }
        let rel = cmd.is_ascii_lowercase();
        let base = if rel { cur } else { (0.0, 0.0) };
        match cmd.to_ascii_uppercase() {
            'M' | 'L' => {
                let (x, y) = (num(&mut i), num(&mut i));
                cur = (base.0 + x, base.1 + y);
                if cmd.eq_ignore_ascii_case(&'M') {
                    start = cur;
                    cmd = if rel { 'l' } else { 'L' };
                }
                pts.push(cur);
            }
            'H' => {
                let x = num(&mut i);
                cur = (if rel { cur.0 + x } else { x }, cur.1);
                pts.push(cur);
            }
            'V' => {
                let y = num(&mut i);
                cur = (cur.0, if rel { cur.1 + y } else { y });
                pts.push(cur);
            }
            'A' => {
                let (rx, ry, _rot) = (num(&mut i), num(&mut i), num(&mut i));
                let (large, sweep) = (num(&mut i) != 0.0, num(&mut i) != 0.0);
                let (x, y) = (num(&mut i), num(&mut i));
                let to = (base.0 + x, base.1 + y);
                pts.extend(arc_points(cur, (rx, ry), large, sweep, to));
                cur = to;
            }
            'C' => {
                let mut ctrl = [(0.0, 0.0); 3];
                for c in &mut ctrl {
                    let (x, y) = (num(&mut i), num(&mut i));
                    *c = (base.0 + x, base.1 + y);
                }
                pts.extend(cubic_points(cur, ctrl));
                cur = ctrl[2];
            }
            c => panic!("path command {c:?} is not understood (extend the test)"),
        }
    }
    pts
}

/// The clip rectangle of `node`, from the nearest ancestor (or itself) with a `clip-path`.
fn clip_of(node: Node, clips: &HashMap<String, Bounds>) -> Option<Bounds> {
    let value = inherited(node, "clip-path")?;
    let id = value
        .trim()
        .strip_prefix("url(#")
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or_else(|| panic!("clip-path {value:?}"));
    Some(*clips.get(id).unwrap_or_else(|| panic!("no clipPath #{id}")))
}

/// The box of a mark, cut to its clip path; `None` for what is not drawn.
fn mark_box(node: Node, clips: &HashMap<String, Bounds>) -> Option<Bounds> {
    let pts = match node.tag_name().name() {
        "rect" => {
            let (x, y) = (attr_num(node, "x"), attr_num(node, "y"));
            let (w, h) = (attr_num(node, "width"), attr_num(node, "height"));
            vec![(x, y), (x + w, y + h), (x + w, y), (x, y + h)]
        }
        "circle" => {
            let (x, y, r) = (
                attr_num(node, "cx"),
                attr_num(node, "cy"),
                attr_num(node, "r"),
            );
            vec![(x - r, y - r), (x + r, y + r)]
        }
        "path" => path_points(node.attribute("d").unwrap_or("")),
        "line" | "polyline" | "polygon" | "ellipse" | "image" | "use" => {
            panic!(
                "<{}> is not measured (extend the test)",
                node.tag_name().name()
            )
        }
        _ => return None,
    };
    let t = transform_of(node);
    let pts: Vec<(f64, f64)> = pts.into_iter().map(|p| t.apply(p)).collect();
    let b = Bounds::of(&pts)?;
    match clip_of(node, clips) {
        Some(c) => b.clip(c),
        None => Some(b),
    }
}

/// Whether `node` is only a definition (never drawn where it stands).
fn in_definitions(node: Node) -> bool {
    node.ancestors().any(|a| {
        a.is_element() && matches!(a.tag_name().name(), "defs" | "clipPath" | "linearGradient")
    })
}

/// Whitespace runs as one space, what the SVG writer drops removed (it turns line breaks into
/// spaces and leaves out characters XML forbids).
fn normalise(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|c| {
            !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// The property

/// Checks `svg`, drawn from `spec` (`None`: a chart from elsewhere, whose frame alone is checked).
fn check(spec: Option<&Spec>, svg: &str) -> Result<(), TestCaseError> {
    let doc = Document::parse(svg).map_err(|e| TestCaseError::fail(format!("not XML: {e}")))?;
    let root = doc.root_element();
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .expect("viewBox")
        .split_whitespace()
        .map(|v| v.parse().expect("viewBox number"))
        .collect();
    prop_assert_eq!(&vb[..2], &[0.0, 0.0]);
    let (w, h) = (vb[2], vb[3]);
    if let Some(spec) = spec {
        prop_assert_eq!((w, h), (spec.width, spec.height));
    }

    let clips: HashMap<String, Bounds> = doc
        .descendants()
        .filter(|n| n.has_tag_name("clipPath"))
        .map(|n| {
            let r = n
                .children()
                .find(|c| c.has_tag_name("rect"))
                .expect("clipPath holds a rect");
            let (x, y) = (attr_num(r, "x"), attr_num(r, "y"));
            let b = Bounds {
                x0: x,
                y0: y,
                x1: x + attr_num(r, "width"),
                y1: y + attr_num(r, "height"),
            };
            (n.attribute("id").expect("clipPath id").to_string(), b)
        })
        .collect();

    // Every text box and every mark inside the viewBox; the regions they belong to (the
    // root's groups) collected.
    let regions: Vec<Node> = root.children().filter(|n| n.has_tag_name("g")).collect();
    if let Some(spec) = spec {
        let titled = spec
            .title
            .as_deref()
            .is_some_and(|t| !normalise(t).is_empty());
        let n = spec.panels.len();
        prop_assert!(
            regions.len() == n + usize::from(titled)
                || regions.len() == n + usize::from(titled) + 1,
            "{} top-level groups for {n} panels (title: {titled})",
            regions.len()
        );
    }
    let mut region_bounds: Vec<Option<Bounds>> = vec![None; regions.len()];
    let mut region_items: Vec<Vec<(String, Bounds)>> = vec![Vec::new(); regions.len()];
    let mut outside = Vec::new();
    let mut visible = Vec::new();
    for node in root.descendants().filter(|n| n.is_element()) {
        if in_definitions(node) {
            continue;
        }
        let (what, b) = if node.has_tag_name("text") {
            let Some((text, corners)) = text_box(node) else {
                continue;
            };
            visible.push(text.clone());
            (format!("text {text:?}"), Bounds::of(&corners).unwrap())
        } else {
            let Some(b) = mark_box(node, &clips) else {
                continue;
            };
            (format!("<{}>", node.tag_name().name()), b)
        };
        if !b.inside(w, h) {
            outside.push(format!("  {what} at {b:?}"));
        }
        let region = regions
            .iter()
            .position(|r| node.ancestors().any(|a| a == *r))
            .ok_or_else(|| TestCaseError::fail(format!("{what} is in no region")))?;
        region_items[region].push((what.clone(), b));
        region_bounds[region] = Some(match region_bounds[region] {
            Some(r) => r.union(b),
            None => b,
        });
    }
    prop_assert!(
        outside.is_empty(),
        "drawn outside the viewBox 0 0 {w} {h}:\n{}",
        outside.join("\n")
    );
    // Regions (title, legend, panels) do not overlap: nothing reaches into its neighbours.
    for (i, a) in region_bounds.iter().enumerate() {
        for (j, b) in region_bounds.iter().enumerate().skip(i + 1) {
            if let (Some(a), Some(b)) = (a, b)
                && a.overlap(b) > TOLERANCE
            {
                let into = |items: &[(String, Bounds)], other: &Bounds| -> Vec<String> {
                    items
                        .iter()
                        .filter(|(_, x)| x.overlap(other) > TOLERANCE)
                        .map(|(what, x)| format!("    {what} at {x:?}"))
                        .collect()
                };
                return Err(TestCaseError::fail(format!(
                    "regions {i} and {j} overlap by {:.1} px: {a:?} and {b:?}\n  of {i}:\n{}\n  of {j}:\n{}",
                    a.overlap(b),
                    into(&region_items[i], b).join("\n"),
                    into(&region_items[j], a).join("\n"),
                )));
            }
        }
    }

    let Some(spec) = spec else {
        return Ok(());
    };
    // Nothing the author wrote is lost: drawn whole, or kept in a <title> or the <desc>.
    let mut kept: Vec<String> = visible.iter().map(|t| normalise(t)).collect();
    kept.extend(
        doc.descendants()
            .filter(|n| n.has_tag_name("title") || n.has_tag_name("desc"))
            .map(|n| normalise(n.text().unwrap_or(""))),
    );
    let haystack = kept.join("\u{1}");
    for text in spec.authored() {
        let t = normalise(&text);
        prop_assert!(
            t.is_empty() || haystack.contains(&t),
            "{text:?} is neither drawn nor kept in a <title> or the <desc>"
        );
    }

    // The figure title: the root <title> holds all of it; drawn lines that leave text out end
    // with "…".
    if let Some(title) = spec.title.as_ref().filter(|t| !normalise(t).is_empty()) {
        let name = root
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|c| c.text())
            .unwrap_or("");
        prop_assert_eq!(normalise(name), normalise(title));
        let lines: Vec<String> = regions
            .first()
            .map(|g| {
                g.descendants()
                    .filter(|n| n.has_tag_name("text") && n.attribute("font-size") == Some("17"))
                    .map(|n| {
                        n.children()
                            .filter(|c| c.is_text())
                            .filter_map(|c| c.text())
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The last line drawn ends the title, or ends with "…" (a line shortened to the width
        // ends with "…" too).
        if let Some(last) = lines.last() {
            prop_assert!(
                last.ends_with('\u{2026}') || normalise(title).ends_with(&normalise(last)),
                "title cut without an ellipsis: {lines:?} for {title:?}"
            );
        }
    }
    Ok(())
}

/// Renders `spec` and checks it; `Ok(false)` when the reader refused it with a clean error
/// (one that names the key and says what is wrong).
fn render_and_check(spec: &Spec) -> Result<bool, TestCaseError> {
    let toml = spec.toml();
    let svg = match render_standalone(&toml) {
        Ok(svg) => svg,
        Err(e) => {
            prop_assert!(
                !e.key.is_empty() && !e.message.is_empty() && !e.message.contains("internal"),
                "not a clean error: {e:?}\n--- spec ---\n{toml}"
            );
            return Ok(false);
        }
    };
    if let Err(e) = check(Some(spec), &svg) {
        return Err(TestCaseError::fail(format!("{e}\n--- spec ---\n{toml}")));
    }
    // A figure wider than a phone's column also carries its phone layout: its frame holds too.
    if spec.width > 420.0 {
        let html = chart_figure(&toml);
        let narrow = extract_narrow_svgs(&html);
        prop_assert_eq!(narrow.len(), 1, "one phone layout");
        if let Err(e) = check(None, narrow[0]) {
            return Err(TestCaseError::fail(format!(
                "phone layout: {e}\n--- spec ---\n{toml}"
            )));
        }
    }
    Ok(true)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_box_inside_its_frame(spec in spec()) {
        if render_and_check(&spec)? {
            PANELS.fetch_add(spec.panels.len(), Ordering::Relaxed);
        } else {
            REFUSED.fetch_add(1, Ordering::Relaxed);
        }
        let n = CASES_RUN.fetch_add(1, Ordering::Relaxed) + 1;
        if n == config().cases as usize {
            let refused = REFUSED.load(Ordering::Relaxed);
            eprintln!(
                "property frame: {n} cases passed, {} drawn ({} panels), {refused} refused by the reader",
                n - refused,
                PANELS.load(Ordering::Relaxed)
            );
        }
    }
}

/// Checks the frame of the chart in the file `FRAME_TOML` names, to look at a failing case by
/// hand: `FRAME_TOML=case.toml cargo test --test testsuite frame::check_a_file -- --ignored`.
#[test]
#[ignore]
fn check_a_file() {
    let path = std::env::var("FRAME_TOML").expect("FRAME_TOML names a chart file");
    let toml = std::fs::read_to_string(path).expect("the chart file");
    let svg = render_standalone(&toml).unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = check(None, &svg) {
        panic!("{e}");
    }
}

/// The generator makes specs the reader accepts, of every kind: a refused spec checks nothing.
#[test]
fn most_random_specs_are_drawn_and_every_kind_is() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = spec();
    let (mut drawn, mut refused) = (0, Vec::new());
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    let total = 300;
    for _ in 0..total {
        let spec = strategy.new_tree(&mut runner).unwrap().current();
        match render_standalone(&spec.toml()) {
            Ok(_) => {
                drawn += 1;
                for p in &spec.panels {
                    *kinds.entry(p.kind).or_default() += 1;
                }
            }
            Err(e) => refused.push(format!("{}: {}", e.key, e.message)),
        }
    }
    eprintln!(
        "{drawn} of {total} random specs drawn, panels by kind {kinds:?}; refused:\n{}",
        refused.join("\n")
    );
    assert!(
        drawn * 100 >= total * 85,
        "only {drawn} of {total} random specs are drawn; refused:\n{}",
        refused.join("\n")
    );
    for kind in [
        "bar",
        "line",
        "scatter",
        "pie",
        "histogram",
        "cdf",
        "heatmap",
        "box",
    ] {
        assert!(
            kinds.get(kind).copied().unwrap_or(0) >= 20,
            "{kind}: {kinds:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The cases the review found, one each.

fn parse(svg: &str) -> Document<'_> {
    Document::parse(svg).expect("SVG is XML")
}

fn all_inside(svg: &str) {
    let doc = parse(svg);
    let root = doc.root_element();
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    let clips = HashMap::new();
    for node in root.descendants().filter(|n| n.is_element()) {
        if in_definitions(node) || inherited(node, "clip-path").is_some() {
            continue;
        }
        let b = if node.has_tag_name("text") {
            text_box(node).map(|(_, c)| Bounds::of(&c).unwrap())
        } else {
            mark_box(node, &clips)
        };
        if let Some(b) = b {
            assert!(
                b.inside(vb[2], vb[3]),
                "{node:?} at {b:?} leaves the viewBox\n{svg}"
            );
        }
    }
}

#[test]
fn thirty_series_keep_their_legend_inside_and_name_the_rest() {
    let mut toml = String::from("type = \"line\"\nlegend = \"bottom\"\n");
    for i in 0..30 {
        toml.push_str(&format!(
            "[[series]]\nname = \"Service number {i}\"\ny = [1, {i}]\n"
        ));
    }
    let svg = render_standalone(&toml).unwrap();
    all_inside(&svg);
    let doc = parse(&svg);
    let more = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("text")
                && n.children()
                    .any(|c| c.is_text() && c.text().is_some_and(|t| t.ends_with(" more")))
        })
        .expect("a \"+N more\" entry");
    let names = more
        .children()
        .find(|c| c.has_tag_name("title"))
        .and_then(|t| t.text())
        .expect("the names left out, in a <title>");
    let shown: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.children().find(|c| c.is_text()).and_then(|c| c.text()))
        .collect();
    for i in 0..30 {
        let name = format!("Service number {i}");
        assert!(
            shown.contains(&name.as_str()) || names.contains(&name),
            "{name} is neither drawn nor in the \"+N more\" title"
        );
    }
}

#[test]
fn long_outside_pie_labels_stay_inside() {
    let svg = render_standalone(
        "type = \"pie\"\nwidth = 400\nslice-labels = \"label\"\nlabels = [\"Big\", \"A very long label for a thin slice on the left side of the pie\"]\nvalues = [99, 1]\n",
    )
    .unwrap();
    all_inside(&svg);
}

#[test]
fn a_cut_title_ends_with_an_ellipsis_and_stays_whole_in_the_title_element() {
    let title = "A title long enough to need more than two lines at this width, and then some more words to be sure it is cut";
    let svg = render_standalone(&format!(
        "type = \"bar\"\nwidth = 300\ntitle = \"{title}\"\nx = [\"a\"]\ny = [1]\n"
    ))
    .unwrap();
    let doc = parse(&svg);
    let root = doc.root_element();
    assert_eq!(
        root.children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text()),
        Some(title)
    );
    let lines: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("font-size") == Some("17"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].ends_with('\u{2026}'), "{lines:?}");
}

/// Renders `toml` and checks its frame (every box inside the viewBox, regions apart).
fn frame_holds(toml: &str) {
    let svg = render_standalone(toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    if let Err(e) = check(None, &svg) {
        panic!("{e}\n--- spec ---\n{toml}");
    }
}

/// `[[panel]]` tables of one-slice pies: fillers that keep a grid's cells where a case found
/// by the property had other panels.
fn pies(n: usize) -> String {
    "[[panel]]\ntype = \"pie\"\nlabels = [\"a\"]\nvalues = [1]\n".repeat(n)
}

#[test]
fn a_cdf_on_a_log_y_axis_starts_at_its_first_fraction() {
    // Its step up from 0 was drawn at 0, which a log axis does not have: the axis reached down
    // to 1e-300 and the step below the plot and out of the figure.
    let values = vec!["2.5e-6"; 70].join(", ");
    frame_holds(&format!(
        "height = 3184\ntype = \"cdf\"\nx-axis = {{ scale = \"log\" }}\ny-axis = {{ scale = \"log\" }}\nvalues = [{values}]\n"
    ));
    let svg =
        render_standalone("type = \"cdf\"\ny-axis = { scale = \"log\" }\nvalues = [1, 2, 3]\n")
            .unwrap();
    let labels = svg_texts(&svg);
    assert!(
        labels.iter().all(|t| !t.contains("e-")),
        "the axis spans the fractions, 1/3 to 1: {labels:?}"
    );
}

#[test]
fn box_outliers_at_the_edge_of_a_small_plot_stay_in_their_panel() {
    // Rings of 2.5 px at the top of a plot a few pixels high reached into the panel above.
    frame_holds(&format!(
        "height = 100\ntitle = \"a\"\n{}[[panel]]\ntype = \"box\"\n[[panel.series]]\nvalues = [0.0004774, 0.0001825, 2.7e-6, 8.3e-6]\n[[panel.series]]\nvalues = [0.0005]\n{}[[panel]]\ntype = \"box\"\nvalues = [0.8889, 0.0441, 0.9597, 0.7997, 975.2392, 325.8468, 511.4038, 76.6581]\n{}",
        pies(4),
        pies(2),
        pies(2)
    ));
}

#[test]
fn heatmap_values_outside_the_x_range_are_not_written() {
    // The cells left of the range are clipped, but their values were written, left of the
    // plot and into the panel beside it.
    frame_holds(
        "columns = 2\n[[panel]]\ntype = \"line\"\ny = [1, 2]\n[[panel]]\ntype = \"heatmap\"\nx = [1, 2, 3, 40, 50]\nvalues = [1, 2, 3, 4, 5]\nx-bins = 5\ny-bins = 1\nshow-values = true\nx-axis = { range = [30, 60] }\n",
    );
}

#[test]
fn histogram_bars_on_a_log_axis_stand_on_the_plot() {
    // Bars grew from 0, which is no place on a log axis: down and out of the figure.
    frame_holds(
        "height = 3000\ntype = \"histogram\"\ny-axis = { scale = \"log\" }\nvalues = [1, 2, 2, 3, 3, 3]\n",
    );
}

#[test]
fn values_below_1e_minus_300_stay_on_a_log_axis() {
    // Log axes went down to 1e-300 at most: smaller samples (and their percentile lines) were
    // drawn left of the plot, out of the figure.
    frame_holds(
        "type = \"cdf\"\nmark = [50]\nx-axis = { scale = \"log\" }\nvalues = [5e-301, 5e-301]\n",
    );
}

#[test]
fn bins_narrower_than_floating_point_are_merged() {
    // Bins of no width (a thousand over a subnormal spread; unit bins at 1e290) had an
    // infinite density, and their bars were drawn at NaN: over the figure's title.
    frame_holds(
        "title = \"A title\"\nlegend = \"none\"\n[[panel]]\ntype = \"histogram\"\nbins = 1000\nnormalize = \"density\"\nvalues = [0, 0, 5e-324, 1e-323]\n",
    );
    frame_holds(
        "type = \"histogram\"\nbin-width = 1\nnormalize = \"density\"\nvalues = [1e290, 1e290]\n",
    );
}

#[test]
fn infinite_densities_stay_in_their_panel() {
    // Bins a few subnormal units wide have a density above the largest number: in a plot of no
    // height their bars were drawn at NaN, over the legend (over the title with a count axis
    // spanning less than 1, where f64::MAX does not help either).
    frame_holds(&format!(
        "height = 100\ntitle = \"a\"\n[[panel]]\ntype = \"histogram\"\nnormalize = \"density\"\nx-axis = {{ scale = \"log\" }}\n[[panel.series]]\nvalues = [5e8]\n[[panel.series]]\nvalues = [5e-324]\n[[panel.reference]]\nx = 2.5e9\n{}",
        pies(3)
    ));
    frame_holds(&format!(
        "height = 100\n{}[[panel]]\ntype = \"histogram\"\nnormalize = \"density\"\nvalues = [5e-324, 4.684e-321]\n[[panel.reference]]\nx = 0\n{}",
        pies(1),
        pies(9)
    ));
}

#[test]
fn a_lone_band_point_stays_in_its_panel() {
    // A band point between two gaps is a bar 6 px wide: wider than a plot a few pixels wide,
    // it reached into the next panel.
    frame_holds(&format!(
        "width = 120\nlegend = \"right\"\ncolumns = 12\n{}[[panel]]\ntype = \"line\"\ny = [1, 2, 3]\nband-high = [nan, 3, nan]\n{}",
        pies(6),
        pies(2)
    ));
}

#[test]
fn error_bar_caps_stay_in_their_panel() {
    // A cap reaches up to 4 px each side of its point: in a plot a few pixels wide it reached
    // into the next panel, because only markers decided whether marks are clipped to the panel.
    frame_holds(&format!(
        "width = 120\nlegend = \"right\"\ncolumns = 7\n{}[[panel]]\ntype = \"line\"\n[[panel.series]]\ny = [1, 2, 3, 4]\ny-error-high = [1, 1, 1, 1]\n[[panel.series]]\ny = [1, 2]\n{}",
        pies(3),
        pies(2)
    ));
}

#[test]
fn subnormal_spreads_are_binned_in_finite_time() {
    // A bin width of a few subnormal units cannot be rounded up to the next round width
    // (1, 2 or 5 × 10ᵏ): the search for a coarser width looped forever.
    let values = |top: f64| {
        let v: Vec<f64> = [vec![0.0; 250], vec![5e-324; 520], vec![top; 230]].concat();
        toml_nums(&v)
    };
    frame_holds(&format!(
        "type = \"histogram\"\nvalues = {}\n",
        values(1.98e-321)
    ));
    frame_holds(&format!(
        "type = \"heatmap\"\nvalues = {}\n",
        values(1.48e-321)
    ));
}

#[test]
fn a_subnormal_colour_range_puts_its_ticks_on_the_bar() {
    let svg = render_standalone(
        "type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\ncolor-values = [5e-324, 1e-320]\n",
    )
    .unwrap();
    all_inside(&svg);
    // The bar's labels are the data's own smallest and largest value, whole (no value the data
    // never reach, such as -1e-300, and none cut to "1e-…"), the smallest at the bottom.
    let doc = parse(&svg);
    let bar = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("rect") && n.attribute("fill").is_some_and(|f| f.starts_with("url("))
        })
        .expect("the colour bar");
    let labels: Vec<(f64, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && attr_num(*n, "x") > attr_num(bar, "x"))
        .map(|n| (attr_num(n, "y"), n.text().unwrap_or("")))
        .collect();
    assert_eq!(labels.len(), 2, "{labels:?}");
    let (bottom, top) = if labels[0].0 > labels[1].0 {
        (labels[0].1, labels[1].1)
    } else {
        (labels[1].1, labels[0].1)
    };
    assert_eq!((bottom, top), ("5e-324", "1e-320"), "{svg}");
}

#[test]
fn annotations_stay_in_their_own_panel() {
    let svg = render_standalone(
        "columns = 2\n[[panel]]\ntype = \"line\"\ny = [1, 2]\n[[panel.annotation]]\nx = 1000\ny = 2\ntext = \"An annotation far to the right of the data, and long\"\n\
         [[panel]]\ntype = \"line\"\ny = [1, 2]\n[[panel.annotation]]\nx = -5\ny = -9\ntext = \"Down and left\"\n",
    )
    .unwrap();
    all_inside(&svg);
    let doc = parse(&svg);
    let groups: Vec<Node> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("g"))
        .collect();
    assert_eq!(groups.len(), 2);
    let clips = HashMap::new();
    let bounds: Vec<Bounds> = groups
        .iter()
        .map(|g| {
            g.descendants()
                .filter_map(|n| {
                    if n.has_tag_name("text") {
                        text_box(n).map(|(_, c)| Bounds::of(&c).unwrap())
                    } else {
                        mark_box(n, &clips)
                    }
                })
                .reduce(Bounds::union)
                .unwrap()
        })
        .collect();
    assert!(bounds[0].overlap(&bounds[1]) <= TOLERANCE, "{bounds:?}");
}

#[test]
fn reference_lines_outside_the_data_grow_the_axis() {
    let svg = render_standalone(
        "type = \"line\"\ny = [1, 2, 3]\n[[reference]]\ny = 50\nlabel = \"Far above\"\n[[reference]]\nx = -10\nlabel = \"Far left\"\n",
    )
    .unwrap();
    assert!(svg.contains(">Far above</text>"), "{svg}");
    assert!(svg.contains(">Far left</text>"), "{svg}");
}

#[test]
fn reference_lines_the_axis_cannot_show_are_errors() {
    let e = render_standalone(
        "type = \"line\"\ny = [1, 2, 3]\n[y-axis]\nrange = [0, 10]\n[[reference]]\ny = 50\n",
    )
    .unwrap_err();
    assert_eq!(e.key, "reference[0].y", "{e}");
    assert!(e.message.contains("outside the axis range"), "{e}");
    let e = render_standalone(
        "type = \"line\"\ny = [1, 2, 3]\n[y-axis]\nscale = \"log\"\n[[reference]]\ny = 0\n",
    )
    .unwrap_err();
    assert_eq!(e.key, "reference[0].y", "{e}");
    assert!(e.message.contains("logarithmic"), "{e}");
}

//! Property test of the frame: every text box and every mark of a rendered chart lies inside the
//! viewBox and inside its own region (the figure title, the legend, each panel: one top-level
//! `<g>` each, which must not overlap), and nothing the author wrote disappears silently: every
//! series name, annotation, reference label, point label and title is drawn, or kept in a
//! `<title>` (of a shortened text, of the legend's "+N more" entry, of a panel that had no room
//! for it) or in the `<desc>`. A figure wider than a phone's column carries a phone layout too;
//! its frame is checked the same way.
//!
//! Specs are random but valid: bar, line, scatter and pie panels (1–12 per figure), up to 30
//! series, short and long names and titles (wide Unicode, line breaks), annotations anywhere
//! (far outside the data too), reference lines inside and outside the data, legends in every
//! position, viewBoxes from the smallest to the largest allowed (120–4000 × 100–4000).
//!
//! Text is measured as `seed_figures` measures it (the crate's Open Sans metrics, rotations
//! included); marks are `rect`, `circle` and `path` (coordinates, arcs and cubic curves sampled;
//! stroke width not counted), cut to their clip path when they have one. The case count defaults to a value that
//! keeps this file to a few seconds in a debug build; `PROPTEST_CASES=N` overrides it:
//!
//! ```sh
//! PROPTEST_CASES=20000 cargo test --release --test testsuite -- --nocapture frame::
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

#[derive(Clone, Debug)]
struct Series {
    name: String,
    y: Vec<f64>,
    /// Numeric x (line, scatter); `None`: the panel's categories, or 0, 1, 2...
    x: Option<Vec<f64>>,
    labels: Option<Vec<String>>,
    markers: bool,
    marker_size: Option<f64>,
    sizes: Option<Vec<f64>>,
    color_values: Option<Vec<f64>>,
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
}

#[derive(Clone, Debug)]
struct Panel {
    kind: &'static str,
    title: Option<String>,
    /// Bar categories, category x of a line or scatter, or pie slice names.
    categories: Option<Vec<String>>,
    series: Vec<Series>,
    x_axis: Axis,
    y_axis: Axis,
    annotations: Vec<Annotation>,
    references: Vec<Reference>,
    /// Bars: "horizontal", stacked, values shown.
    horizontal: bool,
    stack: bool,
    show_values: bool,
    /// Pies.
    values: Vec<f64>,
    slice_labels: &'static str,
    hole: f64,
    /// Line and scatter: `color-scale` and `color-title`.
    color_scale: Option<(&'static str, Option<String>)>,
    /// Line and scatter: `aspect = "equal"`.
    equal: bool,
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

/// A value of some magnitude: small counts to billions, negative too.
fn values(n: usize, positive: bool) -> BoxedStrategy<Vec<f64>> {
    (
        select(vec![1e-3, 1.0, 1.0, 100.0, 1e6, 1e9]),
        vec(-1.0..1.0f64, n),
    )
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

fn series_count() -> BoxedStrategy<usize> {
    prop_oneof![4 => 1usize..4, 1 => 4usize..31].boxed()
}

fn axis(log: bool) -> BoxedStrategy<Axis> {
    (
        maybe_text(),
        prop::bool::weighted(0.1),
        prop::option::weighted(0.2, (0.0..1.0f64, 0.1..2.0f64)),
        prop::option::weighted(0.15, text()),
    )
        .prop_map(move |(title, hidden, range, suffix)| Axis {
            title,
            hidden,
            // A fraction of the data's span, fixed up once the data are known.
            range,
            log,
            suffix,
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

fn named(names: Vec<String>) -> Vec<String> {
    // Unique names: a legend entry per series.
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| format!("{n} #{i}"))
        .collect()
}

fn bar_panel() -> BoxedStrategy<Panel> {
    (1usize..16, series_count())
        .prop_flat_map(|(n, k)| {
            (
                vec(text(), n),
                vec(text(), k),
                vec(values(n, false), k),
                (any::<bool>(), any::<bool>(), any::<bool>()),
                (maybe_text(), axis(false), axis(false)),
                annotations(),
                references(),
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
            )| {
                let series = named(names)
                    .into_iter()
                    .zip(ys)
                    .map(|(name, y)| Series {
                        name,
                        y,
                        x: None,
                        labels: None,
                        markers: false,
                        marker_size: None,
                        sizes: None,
                        color_values: None,
                    })
                    .collect();
                Panel {
                    kind: "bar",
                    title,
                    categories: Some(cats),
                    series,
                    x_axis: Axis {
                        range: None,
                        ..x_axis
                    },
                    y_axis,
                    annotations,
                    references,
                    horizontal,
                    stack,
                    show_values,
                    values: Vec::new(),
                    slice_labels: "percent",
                    hole: 0.0,
                    color_scale: None,
                    equal: false,
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
        prop::bool::weighted(0.1),
    )
        .prop_flat_map(move |(n, k, category_x, (log, log_x), equal)| {
            (
                prop::option::weighted(0.3, vec(text(), n))
                    .prop_map(move |c| c.filter(|_| category_x)),
                vec(text(), k),
                vec((values(n, log), values(n, log_x)), k),
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
                Just((log_x, equal)),
            )
        })
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
                (log_x, equal),
            )| {
                let mut color_scale = None;
                let numeric_x = cats.is_none();
                let series = named(names)
                    .into_iter()
                    .zip(data)
                    .enumerate()
                    .map(|(j, (name, (y, x)))| {
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
                        Series {
                            name,
                            x: if cats.is_some() { None } else { Some(x) },
                            y,
                            labels: labels.clone().filter(|_| first),
                            markers,
                            marker_size: marker_size.map(|m| (m * 10.0).round() / 10.0),
                            sizes,
                            color_values,
                        }
                    })
                    .collect();
                Panel {
                    kind,
                    title,
                    categories: cats,
                    series,
                    x_axis: Axis {
                        log: log_x && numeric_x,
                        ..x_axis
                    },
                    y_axis,
                    annotations,
                    references,
                    horizontal: false,
                    stack: false,
                    show_values: false,
                    values: Vec::new(),
                    slice_labels: "percent",
                    hole: 0.0,
                    color_scale,
                    equal,
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
            kind: "pie",
            title,
            categories: Some(named(labels)),
            series: Vec::new(),
            x_axis: Axis {
                title: None,
                hidden: false,
                range: None,
                log: false,
                suffix: None,
            },
            y_axis: Axis {
                title: None,
                hidden: false,
                range: None,
                log: false,
                suffix: None,
            },
            annotations: Vec::new(),
            references: Vec::new(),
            horizontal: false,
            stack: false,
            show_values: false,
            values: values
                .into_iter()
                .map(|v| (v * 100.0).round() / 100.0)
                .collect(),
            slice_labels,
            hole,
            color_scale: None,
            equal: false,
        })
        .boxed()
}

fn panel() -> BoxedStrategy<Panel> {
    prop_oneof![
        bar_panel(),
        xy_panel("line"),
        xy_panel("scatter"),
        pie_panel(),
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

/// The data's lowest and highest value on each axis of a cartesian panel.
fn data_extent(p: &Panel) -> ((f64, f64), (f64, f64)) {
    let ext = |v: &mut dyn Iterator<Item = f64>| {
        v.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
    };
    let x = ext(&mut p.series.iter().flat_map(|s| {
        s.x.clone()
            .unwrap_or_else(|| (0..s.y.len()).map(|i| i as f64).collect())
    }));
    let y = ext(&mut p.series.iter().flat_map(|s| s.y.iter().copied()));
    (x, y)
}

/// Turns the span-relative ranges, annotations and reference lines into data units, keeping
/// every reference line inside an explicit range and above 0 on a log axis (the reader refuses
/// the others; `reference_lines_the_axis_cannot_show_are_errors` tests that).
fn fix_up(spec: &mut Spec) {
    for p in &mut spec.panels {
        if p.kind == "pie" {
            continue;
        }
        let ((xlo, xhi), (ylo, yhi)) = data_extent(p);
        let span = |lo: f64, hi: f64| if hi > lo { hi - lo } else { 1.0 };
        let (xs, ys) = (span(xlo, xhi), span(ylo, yhi));
        let numeric_x = p.kind != "bar" && p.categories.is_none();
        let to_range = |r: Option<(f64, f64)>, lo: f64, s: f64, log: bool| {
            r.map(|(a, b)| {
                let a = lo + a * s;
                let b = a + b * s;
                if log {
                    (a.abs().max(1e-3), (a.abs().max(1e-3)) * 10.0 + b.abs())
                } else {
                    (a, b)
                }
            })
        };
        p.y_axis.range = to_range(p.y_axis.range, ylo, ys, p.y_axis.log);
        p.x_axis.range = if numeric_x {
            to_range(p.x_axis.range, xlo, xs, p.x_axis.log)
        } else {
            None
        };
        for a in &mut p.annotations {
            if a.x.abs() < 1e3 {
                a.x = xlo + a.x * xs;
            }
            if a.y.abs() < 1e3 {
                a.y = ylo + a.y * ys;
            }
        }
        let (x_range, y_range, log, log_x) =
            (p.x_axis.range, p.y_axis.range, p.y_axis.log, p.x_axis.log);
        let n_bands = p.categories.as_ref().map_or(0, Vec::len) as f64;
        for r in &mut p.references {
            let (lo, s, range) = if r.vertical {
                if numeric_x {
                    (xlo, xs, x_range)
                } else {
                    (0.0, n_bands.max(1.0), None)
                }
            } else {
                (ylo, ys, y_range)
            };
            r.value = lo + r.value * s;
            if let Some((a, b)) = range {
                r.value = r.value.clamp(a, b);
            }
            if !r.vertical && log && r.value <= 0.0 {
                r.value = ylo.max(1e-3);
            }
            if r.vertical && log_x && r.value <= 0.0 {
                r.value = xlo.max(1e-3);
            }
            r.value = (r.value * 1e6).round() / 1e6;
            if let Some((a, b)) = range
                && !(a..=b).contains(&r.value)
            {
                r.value = a;
            }
        }
    }
}

fn axis_toml(name: &str, a: &Axis) -> String {
    let mut t = format!("[panel.{name}]\n");
    if let Some(title) = &a.title {
        t.push_str(&format!("title = {}\n", toml_str(title)));
    }
    if a.hidden {
        t.push_str("visible = false\n");
    }
    if let Some((lo, hi)) = a.range {
        t.push_str(&format!("range = [{}, {}]\n", toml_num(lo), toml_num(hi)));
    }
    if a.log {
        t.push_str("scale = \"log\"\n");
    }
    if let Some(s) = &a.suffix {
        t.push_str(&format!("suffix = {}\n", toml_str(s)));
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
            if let Some(c) = &p.categories {
                t.push_str(&format!("x = {}\n", toml_strs(c)));
            }
            if p.kind == "bar" {
                t.push_str(&format!(
                    "mode = \"{}\"\norientation = \"{}\"\nshow-values = {}\n",
                    if p.stack { "stack" } else { "group" },
                    if p.horizontal {
                        "horizontal"
                    } else {
                        "vertical"
                    },
                    p.show_values
                ));
            }
            if p.equal {
                t.push_str("aspect = \"equal\"\n");
            }
            if let Some((scale, title)) = &p.color_scale {
                t.push_str(&format!("color-scale = \"{scale}\"\n"));
                if let Some(title) = title {
                    t.push_str(&format!("color-title = {}\n", toml_str(title)));
                }
            }
            t.push_str(&axis_toml("x-axis", &p.x_axis));
            t.push_str(&axis_toml("y-axis", &p.y_axis));
            for s in &p.series {
                t.push_str(&format!(
                    "[[panel.series]]\nname = {}\ny = {}\n",
                    toml_str(&s.name),
                    toml_nums(&s.y)
                ));
                if let Some(x) = &s.x {
                    t.push_str(&format!("x = {}\n", toml_nums(x)));
                }
                if p.kind == "bar" {
                    continue;
                }
                if let Some(l) = &s.labels {
                    t.push_str(&format!("labels = {}\n", toml_strs(l)));
                }
                if p.kind == "line" {
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
        let legend_shown = match self.legend {
            "none" => false,
            "auto" => {
                self.panels.iter().any(|p| p.kind == "pie")
                    || self.panels.iter().map(|p| p.series.len()).sum::<usize>() > 1
            }
            _ => true,
        };
        for p in &self.panels {
            out.extend(p.title.iter().cloned());
            out.extend(p.x_axis.title.iter().cloned());
            out.extend(p.y_axis.title.iter().cloned());
            if legend_shown {
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
    // height their bars were drawn at NaN, over the legend.
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

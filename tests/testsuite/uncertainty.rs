//! Uncertainty: error bars on bars, lines and scatter (whisker positions and caps from the parsed
//! SVG, missing points skipped, the axis grown to take them in), bands under lines (edges at the
//! low and high values), both in the data table and the description, located errors; and the
//! `latency-distribution` model (deterministic, mean, p50 and p99 marked). A property test
//! renders random error bars and bands.

use mdbook_svg_charts::{DataContext, render_standalone, render_standalone_in};
use proptest::prelude::*;
use roxmltree::Document;

use crate::common::{all, attr, chart_figure, data_table, path_points, svg_texts};

fn svg(chart: &str) -> String {
    render_standalone(chart).unwrap_or_else(|e| panic!("{e}\n{chart}"))
}

fn error(chart: &str) -> mdbook_svg_charts::ChartError {
    match render_standalone(chart) {
        Ok(_) => panic!("no error for\n{chart}"),
        Err(e) => e,
    }
}

/// The subpaths of one path, as absolute points.
type Subpaths = Vec<Vec<(f64, f64)>>;

/// The subpaths of every whisker path (thin strokes, 1.2 wide, in a series' colour) and their
/// colours, in drawing order.
fn whiskers(svg: &str) -> Vec<(String, Subpaths)> {
    let doc = Document::parse(svg).unwrap();
    all(&doc, "path")
        .into_iter()
        .filter(|p| p.attribute("stroke-width") == Some("1.2") && p.attribute("stroke").is_some())
        .filter(|p| !attr(*p, "stroke").starts_with("#fff"))
        .map(|p| (attr(p, "stroke").to_string(), path_points(attr(p, "d"))))
        .collect()
}

/// The stems (two-point subpaths along the value axis) of whisker subpaths: every third one
/// when caps are drawn.
fn stems(paths: &[Vec<(f64, f64)>], caps: bool) -> Vec<((f64, f64), (f64, f64))> {
    let step = if caps { 3 } else { 1 };
    paths.iter().step_by(step).map(|s| (s[0], s[1])).collect()
}

/// The points of the first series line (a stroked path 2 wide with no fill).
fn line_points(svg: &str) -> Vec<(f64, f64)> {
    let doc = Document::parse(svg).unwrap();
    let line = all(&doc, "path")
        .into_iter()
        .find(|p| p.attribute("fill") == Some("none") && p.attribute("stroke-width") == Some("2"))
        .expect("a line");
    path_points(attr(line, "d")).concat()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.15
}

#[test]
fn whiskers_stand_on_the_points_and_reach_the_errors() {
    let s = svg("type = \"line\"\nx = [1, 2, 3]\ny = [10, 20, 30]\ny-error = [1, 2, 4]\n");
    let w = whiskers(&s);
    assert_eq!(w.len(), 1, "one whisker path per series");
    assert_eq!(w[0].0, "#057beb", "in the series' colour");
    let paths = &w[0].1;
    assert_eq!(paths.len(), 9, "a stem and two caps per point: {paths:?}");
    let line = line_points(&s);
    assert_eq!(line.len(), 3);
    // Pixels per data unit, from the line itself.
    let unit = (line[0].1 - line[1].1) / 10.0;
    assert!(unit > 0.0);
    for (k, ((a, b), (p, e))) in stems(paths, true)
        .into_iter()
        .zip(line.iter().zip([1.0, 2.0, 4.0]))
        .enumerate()
    {
        // A vertical stem through the point, reaching the error above and below.
        assert!(close(a.0, p.0) && close(b.0, p.0), "stem {k} at x {}", a.0);
        let (top, bottom) = (a.1.min(b.1), a.1.max(b.1));
        assert!(
            close(bottom, p.1 + e * unit),
            "stem {k}: {bottom} vs {}",
            p.1 + e * unit
        );
        assert!(
            close(top, p.1 - e * unit),
            "stem {k}: {top} vs {}",
            p.1 - e * unit
        );
        // Two horizontal caps, centred on the stem, at its ends.
        for cap in &paths[3 * k + 1..3 * k + 3] {
            assert!(close(cap[0].1, cap[1].1), "cap {cap:?} is horizontal");
            assert!(close((cap[0].0 + cap[1].0) / 2.0, p.0));
            assert!(close(cap[0].1, top) || close(cap[0].1, bottom));
            assert!((cap[1].0 - cap[0].0).abs() > 2.0);
        }
    }
}

#[test]
fn asymmetric_errors_reach_their_own_sides_and_one_side_alone_works() {
    let s = svg(
        "type = \"scatter\"\nx = [1, 2, 3]\ny = [10, 20, 30]\ny-error-low = [1, 0, 2]\ny-error-high = [3, 5, 0]\n",
    );
    let doc = Document::parse(&s).unwrap();
    let marks: Vec<(f64, f64)> = all(&doc, "circle")
        .iter()
        .map(|c| {
            (
                attr(*c, "cx").parse().unwrap(),
                attr(*c, "cy").parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(marks.len(), 3);
    let unit = (marks[0].1 - marks[1].1) / 10.0;
    let w = whiskers(&s);
    for (((a, b), m), (lo, hi)) in
        stems(&w[0].1, true)
            .into_iter()
            .zip(&marks)
            .zip([(1.0, 3.0), (0.0, 5.0), (2.0, 0.0)])
    {
        assert!(close(a.1.max(b.1), m.1 + lo * unit), "{a:?} {b:?} {m:?}");
        assert!(close(a.1.min(b.1), m.1 - hi * unit), "{a:?} {b:?} {m:?}");
    }
    // Only `y-error-high`: whiskers go up from each point.
    let s = svg("type = \"scatter\"\ny = [10, 20]\ny-error-high = 4\n");
    let doc = Document::parse(&s).unwrap();
    let marks: Vec<f64> = all(&doc, "circle")
        .iter()
        .map(|c| attr(*c, "cy").parse().unwrap())
        .collect();
    for ((a, b), m) in stems(&whiskers(&s)[0].1, true).into_iter().zip(marks) {
        assert!(
            close(a.1.max(b.1), m),
            "starts at the point {m}: {a:?} {b:?}"
        );
        assert!(a.1.min(b.1) < m - 5.0, "ends above: {a:?} {b:?}");
    }
}

#[test]
fn missing_points_and_missing_errors_have_no_whisker() {
    let s = svg("type = \"line\"\ny = [10, nan, 30, 40]\ny-error = [1, 1, nan, 2]\n");
    let w = whiskers(&s);
    // Point 1 is missing, point 2 has no error: two whiskers.
    assert_eq!(stems(&w[0].1, true).len(), 2, "{:?}", w[0].1);
    assert_eq!(w[0].1.len(), 6);
}

/// The largest tick label of the value axis.
fn top_tick(svg: &str) -> f64 {
    svg_texts(svg)
        .iter()
        .filter_map(|t| t.replace('−', "-").parse::<f64>().ok())
        .fold(f64::NEG_INFINITY, f64::max)
}

#[test]
fn error_bars_and_bands_grow_the_value_axis() {
    let plain = top_tick(&svg("type = \"line\"\ny = [10, 20, 30]\n"));
    assert!(plain <= 30.0, "{plain}");
    let with_errors = svg("type = \"line\"\ny = [10, 20, 30]\ny-error = [1, 2, 50]\n");
    assert!(top_tick(&with_errors) >= 80.0);
    let with_band = svg("type = \"line\"\ny = [10, 20, 30]\nband-high = [15, 70, 40]\n");
    assert!(top_tick(&with_band) >= 70.0);
    let bars = svg("type = \"bar\"\nx = [\"a\", \"b\"]\ny = [10, 20]\ny-error = [1, 15]\n");
    assert!(top_tick(&bars) >= 35.0, "{}", top_tick(&bars));
    // Every whisker lies inside the viewBox.
    for s in [with_errors, bars] {
        for (_, paths) in whiskers(&s) {
            for p in paths.concat() {
                assert!(
                    (0.0..=640.0).contains(&p.0) && (0.0..=400.0).contains(&p.1),
                    "{p:?}"
                );
            }
        }
    }
}

#[test]
fn bar_whiskers_stand_on_the_bars_centres_and_ends() {
    let s = svg(
        "type = \"bar\"\nx = [\"a\", \"b\"]\n[[series]]\ny = [10, 20]\ny-error = 2\n[[series]]\ny = [5, 8]\ny-error-low = [1, 1]\ny-error-high = [3, 3]\n",
    );
    let doc = Document::parse(&s).unwrap();
    let rects: Vec<(f64, f64, f64)> = all(&doc, "rect")
        .iter()
        .filter(|r| {
            r.parent()
                .and_then(|g| g.attribute("fill"))
                .is_some_and(|f| f.starts_with('#') && f != "#fff")
        })
        .map(|r| {
            let n = |k| attr(*r, k).parse::<f64>().unwrap();
            (n("x") + n("width") / 2.0, n("y"), n("height"))
        })
        .collect();
    assert_eq!(rects.len(), 4, "{rects:?}");
    let w = whiskers(&s);
    assert_eq!(w.len(), 2);
    let all_stems: Vec<_> = w.iter().flat_map(|(_, p)| stems(p, true)).collect();
    for ((a, b), (cx, top, _)) in all_stems.iter().zip(&rects) {
        assert!(close(a.0, *cx), "stem at {} for a bar centred at {cx}", a.0);
        let (hi, lo) = (a.1.min(b.1), a.1.max(b.1));
        assert!(
            hi < *top && lo > *top,
            "the stem crosses the bar's end {top}: {a:?} {b:?}"
        );
    }
    // Each whisker has a paper-coloured halo under it, so it shows on its own bar.
    let halos = all(&doc, "path")
        .into_iter()
        .filter(|p| {
            p.attribute("stroke") == Some("#fff") && p.attribute("stroke-width") == Some("3.2")
        })
        .count();
    assert_eq!(halos, 2);
}

#[test]
fn horizontal_bars_have_horizontal_whiskers() {
    let s = svg(
        "type = \"bar\"\norientation = \"horizontal\"\nx = [\"a\", \"b\"]\ny = [10, 20]\ny-error = 2\n",
    );
    for (a, b) in stems(&whiskers(&s)[0].1, true) {
        assert!(close(a.1, b.1) && (b.0 - a.0).abs() > 5.0, "{a:?} {b:?}");
    }
}

#[test]
fn crowded_points_draw_no_caps() {
    let ys: Vec<String> = (0..400).map(|i| format!("{}", 50 + i % 7)).collect();
    let s = svg(&format!(
        "type = \"line\"\ny = [{}]\ny-error = 1\n",
        ys.join(", ")
    ));
    let paths = &whiskers(&s)[0].1;
    assert!(
        paths.iter().all(|p| p.len() == 2 && close(p[0].0, p[1].0)),
        "only vertical stems"
    );
    assert!(paths.len() <= 400);
}

/// The band's outline: its top edge left to right, then its bottom edge right to left.
fn band_outline(svg: &str) -> Vec<Vec<(f64, f64)>> {
    let doc = Document::parse(svg).unwrap();
    let band = all(&doc, "path")
        .into_iter()
        .find(|p| p.attribute("fill-opacity") == Some(".2"))
        .expect("a band");
    path_points(attr(band, "d"))
}

#[test]
fn band_edges_follow_the_low_and_high_values() {
    let s = svg(
        "type = \"line\"\nx = [1, 2, 3, 4]\ny = [10, 20, 30, 20]\nband-low = [5, 15, 22, 10]\nband-high = [15, 28, 45, 30]\n",
    );
    let line = line_points(&s);
    let unit = (line[0].1 - line[1].1) / 10.0;
    let at = |i: usize, v: f64| line[i].1 - (v - [10.0, 20.0, 30.0, 20.0][i]) * unit;
    let outline = band_outline(&s);
    assert_eq!(outline.len(), 1);
    let pts = &outline[0];
    assert_eq!(pts.len(), 8, "{pts:?}");
    for i in 0..4 {
        let top = pts[i];
        let bottom = pts[7 - i];
        assert!(close(top.0, line[i].0) && close(bottom.0, line[i].0));
        assert!(
            close(top.1, at(i, [15.0, 28.0, 45.0, 30.0][i])),
            "top {i}: {top:?}"
        );
        assert!(
            close(bottom.1, at(i, [5.0, 15.0, 22.0, 10.0][i])),
            "bottom {i}: {bottom:?}"
        );
    }
    // The band is drawn before (under) the line.
    let band_at = s.find("fill-opacity=\".2\"").unwrap();
    let line_at = s.find("stroke-width=\"2\"").unwrap();
    assert!(band_at < line_at);
    // One legend entry: the series'.
    let named = svg(
        "type = \"line\"\n[[series]]\nname = \"p50\"\ny = [10, 20]\nband-high = [30, 40]\n[[series]]\nname = \"p99\"\ny = [30, 40]\n",
    );
    assert_eq!(
        svg_texts(&named)
            .iter()
            .filter(|t| t.as_str() == "p50")
            .count(),
        1
    );
}

#[test]
fn one_band_edge_alone_reaches_to_the_series_and_gaps_split_the_band() {
    let s = svg("type = \"line\"\ny = [10, 20, 30, 20, 10]\nband-high = [15, 25, nan, 30, 20]\n");
    let line = line_points(&s);
    let outline = band_outline(&s);
    assert_eq!(outline.len(), 2, "a gap splits the band: {outline:?}");
    // The lower edge is the line itself.
    let first = &outline[0];
    assert!(
        close(first[2].1, line[1].1) && close(first[3].1, line[0].1),
        "{first:?} {line:?}"
    );
}

#[test]
fn the_table_and_the_description_list_errors_and_bands() {
    let html = chart_figure(
        "type = \"line\"\ntitle = \"T\"\nx = [1, 2]\n[[series]]\nname = \"p50\"\ny = [10, 20]\ny-error = [1, 2]\nband-high = [30, 40]\n[[series]]\nname = \"b\"\ny = [5, 6]\ny-error-low = [0.5, nan]\ny-error-high = [1, 2]\n",
    );
    let t = data_table(&html, "T");
    assert_eq!(
        t[0],
        [
            "x",
            "p50",
            "p50 ±",
            "p50 band low",
            "p50 band high",
            "b",
            "b error below",
            "b error above"
        ]
    );
    assert_eq!(t[1], ["1", "10", "1", "10", "30", "5", "0.5", "1"]);
    assert_eq!(t[2], ["2", "20", "2", "20", "40", "6", "", "2"]);
    assert!(html.contains("1: 10 ± 1, band 10 to 30"), "{html}");
    assert!(html.contains("2: 6 (−0, +2)"), "{html}");
    // Series with their own x: a row per point, the columns any series needs.
    let html = chart_figure(
        "type = \"scatter\"\ntitle = \"U\"\n[[series]]\nx = [1]\ny = [10]\ny-error = 3\n[[series]]\nx = [2]\ny = [5]\nband-low = [4]\nband-high = [7]\n",
    );
    let t = data_table(&html, "U");
    assert_eq!(
        t[0],
        ["Series", "x", "y", "± error", "Band low", "Band high"]
    );
    assert_eq!(t[1], ["Series 1", "1", "10", "3", "", ""]);
    assert_eq!(t[2], ["Series 2", "2", "5", "", "4", "7"]);
}

#[test]
fn errors_come_from_data_file_columns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lat.csv"),
        "t,p50,err,p99\n1,10,1,30\n2,20,,45\n3,15,2,40\n",
    )
    .unwrap();
    let ctx = DataContext::new(dir.path(), dir.path());
    let chart = "type = \"line\"\ndata = \"lat.csv\"\nx = \"t\"\n[[series]]\ny = \"p50\"\ny-error = \"err\"\nband-high = \"p99\"\n";
    let s = render_standalone_in(chart, "c.toml", Some(&ctx)).unwrap();
    assert_eq!(
        stems(&whiskers(&s)[0].1, true).len(),
        2,
        "the empty cell has no whisker"
    );
    assert_eq!(band_outline(&s)[0].len(), 6);
    let bad = "type = \"line\"\ndata = \"lat.csv\"\nx = \"t\"\ny = \"p50\"\ny-error = \"nope\"\n";
    let e = render_standalone_in(bad, "c.toml", Some(&ctx)).unwrap_err();
    assert_eq!(e.key, "y-error");
}

#[test]
fn wrong_input_is_a_located_error() {
    for (chart, key, line, words) in [
        (
            "type = \"line\"\ny = [1, 2, 3]\ny-error = [1, 2]\n",
            "y-error",
            3,
            "has 2 values but there are 3 points",
        ),
        (
            "type = \"bar\"\ny = [1, 2]\ny-error = [1, -2]\n",
            "y-error[1]",
            3,
            "0 or more",
        ),
        (
            "type = \"line\"\ny = [1, 2]\ny-error = -1\n",
            "y-error",
            3,
            "0 or more",
        ),
        (
            "type = \"line\"\ny = [1, 2]\ny-error = 1\ny-error-low = [1, 1]\n",
            "y-error-low",
            4,
            "not both",
        ),
        (
            "type = \"scatter\"\ny = [1, 2]\ny-error-high = [1]\n",
            "y-error-high",
            3,
            "one per point",
        ),
        (
            "type = \"line\"\ny = [1, 2]\nband-low = [0, 3]\nband-high = [2, 2.5]\n",
            "band-high[1]",
            4,
            "above its upper edge",
        ),
        (
            "type = \"line\"\ny = [1, 2]\nband-low = [0, 3]\n",
            "band-low[1]",
            3,
            "above its upper edge",
        ),
        (
            "type = \"line\"\nstack = true\n[[series]]\ny = [1, 2]\nband-high = [3, 4]\n",
            "series[0].band-high",
            5,
            "stack",
        ),
        (
            "type = \"line\"\ny = [1, 2]\ny-error = [0.5, 3]\n[y-axis]\nscale = \"log\"\n",
            "y-error[1]",
            3,
            "logarithmic",
        ),
        (
            "type = \"line\"\ny = [1, 2]\nband-low = [0, 1]\n[y-axis]\nscale = \"log\"\n",
            "band-low[0]",
            3,
            "logarithmic",
        ),
        (
            "type = \"bar\"\ny = [1, 2]\nband-high = [2, 3]\n",
            "band-high",
            3,
            "unknown key",
        ),
        (
            "type = \"line\"\ny = [1, 2]\ny-error = \"x\"\n",
            "y-error",
            3,
            "expected",
        ),
    ] {
        let e = error(chart);
        assert_eq!(e.key, key, "{chart}: {e}");
        assert_eq!(e.line, line, "{chart}: {e}");
        assert!(e.column >= 1);
        assert!(e.to_string().contains(words), "{chart}: {e}");
    }
}

#[test]
fn everything_written_is_escaped() {
    let html = chart_figure(
        "type = \"line\"\ntitle = \"T\"\n[[series]]\nname = \"<b>&\"\ny = [1, 2]\ny-error = 1\nband-high = [3, 4]\n",
    );
    assert!(!html.contains("<b>&"));
    assert!(html.contains("&lt;b&gt;&amp; ±"));
}

const MODEL: &str = "model = \"latency-distribution\"\nmedian = 20\np99 = 80\nslow-fraction = 0.03\nslow-median = 250\nslow-p99 = 400\n";

#[test]
fn the_latency_model_is_deterministic_and_marks_mean_p50_and_p99() {
    for extra in [
        "",
        "type = \"cdf\"\n",
        "type = \"cdf\"\nview = \"ccdf\"\n",
        "type = \"cdf\"\nview = \"percentiles\"\n",
        "type = \"histogram\"\nx-axis = { scale = \"log\" }\n",
    ] {
        let chart = format!("title = \"L\"\n{MODEL}{extra}");
        let a = chart_figure(&chart);
        assert_eq!(a, chart_figure(&chart), "byte-identical across runs");
        let texts = svg_texts(&svg(&chart));
        let label = |p: &str| {
            texts
                .iter()
                .find(|t| t.starts_with(p))
                .unwrap_or_else(|| panic!("no {p} label in {texts:?}"))
                .clone()
        };
        let (mean, p50, p99) = (label("mean "), label("p50 "), label("p99 "));
        assert!(mean.ends_with(" ms") && p50.ends_with(" ms") && p99.ends_with(" ms"));
        let value = |t: &str| t.split(' ').nth(1).unwrap().parse::<f64>().unwrap();
        // The mean sits above the median and far below the p99: the slow mode is in the tail.
        assert!(
            value(&p50) < value(&mean) && value(&mean) < value(&p99) / 3.0,
            "{p50} {mean} {p99}"
        );
        // The marks are the table's nearest-rank percentiles of the same samples.
        let t = data_table(&a, "L");
        assert_eq!(t[0][1], "Samples");
        assert_eq!(t[1][1], "20000");
        let col = |h: &str| t[0].iter().position(|c| c == h).unwrap();
        let mean_in_table: f64 = t[1][col("Mean")].parse().unwrap();
        assert!((mean_in_table - value(&mean)).abs() / mean_in_table < 0.01);
        assert!(
            (t[1][col("p99")].parse::<f64>().unwrap() - value(&p99)).abs() / value(&p99) < 0.01
        );
        if extra.is_empty() {
            assert!(a.contains("Histogram chart"), "no type: a histogram");
        }
    }
    // Another seed, other samples.
    assert_ne!(
        chart_figure(MODEL),
        chart_figure(&format!("{MODEL}seed = 2\n"))
    );
}

#[test]
fn the_latency_model_refuses_what_it_cannot_draw() {
    for (chart, key, words) in [
        (
            "model = \"latency-distribution\"\nmedian = 50\np99 = 40\n",
            "p99",
            "above the median",
        ),
        (
            "model = \"latency-distribution\"\nslow-fraction = 0.1\nslow-median = 300\nslow-p99 = 200\n",
            "slow-p99",
            "above slow-median",
        ),
        (
            "model = \"latency-distribution\"\ntype = \"line\"\n",
            "type",
            "draws samples",
        ),
        (
            "model = \"queueing\"\ntype = \"histogram\"\n",
            "type",
            "draws points",
        ),
        (
            "model = \"latency-distribution\"\nsamples = 1000000\n",
            "samples",
            "100000",
        ),
        (
            "model = \"latency-distribution\"\nbin-width = 0.001\n",
            "bin-width",
            "more than 1000 bins",
        ),
    ] {
        let e = error(chart);
        assert_eq!(e.key, key, "{chart}: {e}");
        assert!(e.to_string().contains(words), "{chart}: {e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Random values (gaps, negatives, huge), errors (negative, missing, one number) and bands on
    /// every kind that takes them, linear or log: a chart that parses, within the size budget,
    /// or a located error naming one of the keys; never a panic.
    #[test]
    fn random_error_bars_and_bands_draw_or_fail_cleanly(
        points in prop::collection::vec((
            prop_oneof![Just(f64::NAN), Just(0.0), -1e6..1e6f64, 1e-3..1e9f64],
            prop_oneof![Just(f64::NAN), Just(0.0), Just(-1.0), 0.0..1e6f64],
            prop_oneof![Just(f64::NAN), -1e6..1e6f64],
        ), 1..300),
        kind in 0..4usize,
        log in any::<bool>(),
        single in any::<bool>(),
        band in any::<bool>(),
    ) {
        let list = |f: &dyn Fn(&(f64, f64, f64)) -> f64| {
            points.iter().map(|p| { let v = f(p); if v.is_nan() { "nan".into() } else { format!("{v:?}") } }).collect::<Vec<String>>().join(", ")
        };
        let head = ["type = \"line\"", "type = \"scatter\"", "type = \"bar\"", "type = \"bar\"\norientation = \"horizontal\"\nmode = \"stack\""][kind];
        let mut chart = format!("{head}\ny = [{}]\n", list(&|p| p.0));
        if single {
            chart.push_str(&format!("y-error = {:?}\n", if points[0].1.is_finite() { points[0].1.abs().min(1e6) } else { 1.0 }));
        } else {
            chart.push_str(&format!("y-error = [{}]\n", list(&|p| p.1)));
        }
        if band && kind < 2 {
            chart.push_str(&format!("band-low = [{}]\nband-high = [{}]\n", list(&|p| p.2), list(&|p| p.2 + 10.0)));
        }
        if log && kind < 2 {
            chart.push_str("[y-axis]\nscale = \"log\"\n");
        }
        match render_standalone(&chart) {
            Ok(svg) => {
                prop_assert!(Document::parse(&svg).is_ok());
                prop_assert!(svg.len() < 200_000, "{} bytes", svg.len());
            }
            Err(e) => {
                let known = ["y", "y-error", "band-low", "band-high"];
                let key = e.key.split('[').next().unwrap_or("");
                prop_assert!(known.contains(&key), "{e}\n{chart}");
                prop_assert!(e.line >= 1 && e.column >= 1);
            }
        }
    }
}

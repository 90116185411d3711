//! Distributions of raw samples: histograms (bins, normalisation, overlay and stack, log bins)
//! and CDF panels (CDF, CCDF, the percentile view on a nines axis), marked percentiles, the
//! statistics in the data table checked against numpy's values, located errors, and a property
//! test over random samples.

use mdbook_svg_charts::{Config, render_standalone};
use proptest::prelude::*;
use roxmltree::Document;

use crate::common::{
    all, attr, chart_error, chart_figure, data_table, extract_svgs, path_points, svg_texts,
};
use crate::seed_figures::{
    Seed, check_inside_view_box, check_no_overlap, check_rasterises, check_title_and_desc,
};

/// 0.0, 0.1, ..., 99.9 in a scrambled order (a permutation of 1000 values).
fn thousand() -> Vec<String> {
    (1..=1000)
        .map(|i: u32| format!("{}", f64::from(i * 7919 % 1000) / 10.0))
        .collect()
}

/// The percentiles in the table are nearest-rank, as numpy's `percentile(a, p,
/// method="inverted_cdf")` computes them; the expected values were computed with numpy 2 and
/// are written here (tests do not call Python). One deliberate difference: numpy computes the
/// rank in binary floating point, where 0.999 × 1000 is 999.0000000000001, and so reports the
/// 1000th value as p99.9 of 1000 samples; the rank is 999 exactly, and that is what we report.
#[test]
fn table_statistics_match_numpy_inverted_cdf() {
    let chart = format!(
        "type = \"histogram\"\ntitle = \"S\"\n[[series]]\nname = \"perm\"\nvalues = [{}]\n\
         [[series]]\nname = \"small\"\nvalues = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9]\n",
        thousand().join(", ")
    );
    let html = chart_figure(&chart);
    let t = data_table(&html, "S");
    assert_eq!(
        t[0],
        [
            "Series", "Samples", "Min", "Mean", "p50", "p90", "p99", "p99.9", "Max"
        ]
    );
    // numpy: [49.9, 89.9, 98.9, 99.9 (see above: rank 999 is 99.8)], mean 49.95, min 0,
    // max 99.9.
    assert_eq!(
        t[1],
        [
            "perm", "1000", "0", "49.95", "49.9", "89.9", "98.9", "99.8", "99.9"
        ]
    );
    // numpy: [5, 9, 9, 9], mean 5.1333…, min 1, max 9.
    assert_eq!(
        t[2],
        ["small", "15", "1", "5.13333", "5", "9", "9", "9", "9"]
    );
}

/// Bins: ten of width 10 over 0..99.9, a hundred samples each (by hand: the permutation has
/// every tenth value once); the bins table and the drawn bars agree.
#[test]
fn histogram_bins_count_by_hand() {
    let chart = format!(
        "type = \"histogram\"\ntitle = \"H\"\nbin-width = 10\nvalues = [{}]\n",
        thousand().join(", ")
    );
    let html = chart_figure(&chart);
    let bins = data_table(&html, "H: bins");
    assert_eq!(bins[0], ["From", "To", "Series 1"]);
    assert_eq!(bins.len(), 11, "{bins:?}");
    for (k, row) in bins[1..].iter().enumerate() {
        assert_eq!(row[0], (k * 10).to_string());
        assert_eq!(row[2], "100");
    }
    let doc = Document::parse(extract_svgs(&html)[0]).unwrap();
    let heights: Vec<f64> = bars(&doc).iter().map(|b| b.3).collect();
    assert_eq!(heights.len(), 10);
    assert!(
        heights.iter().all(|h| (h - heights[0]).abs() < 0.15),
        "{heights:?}"
    );
}

/// `(x, y, width, height)` of the histogram's bars (paths or rects in the series groups).
fn bars(doc: &Document<'_>) -> Vec<(f64, f64, f64, f64)> {
    all(doc, "g")
        .into_iter()
        .filter(|g| {
            g.attribute("fill")
                .is_some_and(|f| f.starts_with('#') && f != "#333")
        })
        .flat_map(|g| g.children().filter(|c| c.is_element()).collect::<Vec<_>>())
        .filter_map(|c| {
            let pts = match c.tag_name().name() {
                "rect" => {
                    let n = |k: &str| c.attribute(k).unwrap().parse::<f64>().unwrap();
                    vec![
                        (n("x"), n("y")),
                        (n("x") + n("width"), n("y") + n("height")),
                    ]
                }
                "path" => path_points(attr(c, "d")).concat(),
                _ => return None,
            };
            let (x0, x1) = pts
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
            let (y0, y1) = pts
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
            Some((x0, y0, x1 - x0, y1 - y0))
        })
        .collect()
}

#[test]
fn normalised_histograms_add_up() {
    let chart = "type = \"histogram\"\ntitle = \"N\"\nbins = 4\nnormalize = \"percent\"\n\
                 values = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4]\n";
    let html = chart_figure(chart);
    let bins = data_table(&html, "N: bins");
    let total: f64 = bins[1..].iter().map(|r| r[2].parse::<f64>().unwrap()).sum();
    assert!((total - 100.0).abs() < 1e-5, "{bins:?}");
    let chart = chart.replace("percent", "density");
    let html = chart_figure(&chart);
    let bins = data_table(&html, "N: bins");
    let area: f64 = bins[1..]
        .iter()
        .map(|r| {
            let n = |i: usize| r[i].parse::<f64>().unwrap();
            (n(1) - n(0)) * n(2)
        })
        .sum();
    // The table writes six significant digits.
    assert!((area - 1.0).abs() < 1e-5, "{bins:?}");
}

#[test]
fn stacked_histograms_pile_up_and_overlaid_ones_show_through() {
    let base = "type = \"histogram\"\nbins = 2\n[[series]]\nvalues = [1, 1, 2]\n[[series]]\nvalues = [1, 2, 2]\n";
    let svg = render_standalone(base).unwrap();
    let doc = Document::parse(&svg).unwrap();
    let translucent = all(&doc, "g")
        .into_iter()
        .filter(|g| g.attribute("fill-opacity").is_some())
        .count();
    assert_eq!(translucent, 2, "overlaid series are translucent");
    let stacked = render_standalone(&format!("stack = true\n{base}")).unwrap();
    let doc = Document::parse(&stacked).unwrap();
    let b = bars(&doc);
    // Each bin holds 3 samples in all: the two stacked bars of a bin together are as tall as
    // the tallest single bar would be at 3.
    assert_eq!(b.len(), 4);
    let first_bin: f64 = b
        .iter()
        .filter(|r| (r.0 - b[0].0).abs() < 0.5)
        .map(|r| r.3)
        .sum();
    let second_bin: f64 = b
        .iter()
        .filter(|r| (r.0 - b[0].0).abs() >= 0.5)
        .map(|r| r.3)
        .sum();
    assert!((first_bin - second_bin).abs() < 0.3, "{b:?}");
}

#[test]
fn log_bins_and_marks() {
    let values: Vec<String> = (0..300)
        .map(|i| format!("{:.3}", 10f64.powf(f64::from(i) / 100.0)))
        .collect();
    let chart = format!(
        "type = \"histogram\"\nmark = [50, 99]\nx-axis = {{ scale = \"log\", suffix = \" ms\" }}\nvalues = [{}]\n",
        values.join(", ")
    );
    let svg = render_standalone(&chart).unwrap();
    let texts = svg_texts(&svg);
    // Nearest rank of 300 log-spaced values: p50 is rank 150, 10^(149/100); p99 is rank 297,
    // 10^(296/100).
    assert!(texts.iter().any(|t| t == "p50 30.9 ms"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "p99 912 ms"), "{texts:?}");
    assert!(texts.iter().any(|t| t.ends_with(" ms")));
}

#[test]
fn percentile_view_has_a_nines_axis() {
    let values: Vec<String> = (1..=10_000).map(|i| i.to_string()).collect();
    let chart = format!(
        "type = \"cdf\"\nview = \"percentiles\"\nmark = [99.9]\nvalues = [{}]\n",
        values.join(", ")
    );
    let svg = render_standalone(&chart).unwrap();
    let texts = svg_texts(&svg);
    for label in ["0%", "90%", "99%", "99.9%", "99.99%"] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
    // Nearest rank: ⌈0.999 · 10000⌉ = 9990, the value 9990.
    assert!(texts.iter().any(|t| t == "p99.9 9990"), "{texts:?}");
    // 90 %, 99 % and 99.9 % are evenly spaced.
    let doc = Document::parse(&svg).unwrap();
    let x_of = |label: &str| {
        all(&doc, "text")
            .into_iter()
            .find(|t| t.text() == Some(label))
            .map(|t| t.attribute("x").unwrap().parse::<f64>().unwrap())
            .unwrap()
    };
    let (a, b, c) = (x_of("90%"), x_of("99%"), x_of("99.9%"));
    assert!(((b - a) - (c - b)).abs() < 0.2, "{a} {b} {c}");
    // The line is decimated: 10,000 steps in well under 10,000 path points.
    let line = all(&doc, "path")
        .into_iter()
        .find(|p| {
            p.attribute("fill") == Some("none")
                && p.attribute("stroke").is_some_and(|s| s != "#333")
        })
        .unwrap();
    let n = path_points(attr(line, "d")).concat().len();
    assert!(n < 4000, "{n} points");
}

#[test]
fn cdf_climbs_from_zero_to_one() {
    let svg = render_standalone("type = \"cdf\"\nvalues = [3, 1, 2, 2]\n").unwrap();
    let doc = Document::parse(&svg).unwrap();
    let line = all(&doc, "path")
        .into_iter()
        .find(|p| {
            p.attribute("fill") == Some("none")
                && p.attribute("stroke").is_some_and(|s| s != "#333")
        })
        .unwrap();
    let p = &path_points(attr(line, "d"))[0];
    // y falls on screen as the fraction rises; x never goes back.
    assert!(
        p.windows(2)
            .all(|w| w[1].1 <= w[0].1 + 0.01 && w[1].0 >= w[0].0 - 0.01),
        "{p:?}"
    );
    assert!(svg_texts(&svg).iter().any(|t| t == "100%"));
}

#[test]
fn distribution_errors_are_located() {
    let cases = [
        (
            "type = \"histogram\"\nvalues = []\n",
            "src/t.md:5:10: error: `values`: expected at least one sample",
        ),
        (
            "type = \"histogram\"\nx-axis = { scale = \"log\" }\nvalues = [1, 0, 2]\n",
            "src/t.md:6:14: error: `values[1]`: the value axis is logarithmic",
        ),
        (
            "type = \"cdf\"\nview = \"percentiles\"\ny-axis = { scale = \"log\" }\nvalues = [-1]\n",
            "`values[0]`: the value axis is logarithmic",
        ),
        (
            "type = \"histogram\"\nbins = 4\nbin-width = 2\nvalues = [1]\n",
            "src/t.md:6:13: error: `bin-width`: give either `bins`",
        ),
        (
            "type = \"histogram\"\nbin-width = 0.001\nvalues = [1, 100]\n",
            "`bin-width`: makes 99000 bins",
        ),
        (
            "type = \"histogram\"\nbins = 2.5\nvalues = [1]\n",
            "`bins`: expected a whole number of bins",
        ),
        (
            "type = \"cdf\"\nmark = [50, 100]\nvalues = [1]\n",
            "src/t.md:5:13: error: `mark[1]`: expected a percentile between 0 and 100",
        ),
        (
            "type = \"cdf\"\nview = \"tail\"\nvalues = [1]\n",
            "`view`: expected one of \"cdf\", \"ccdf\", \"percentiles\"",
        ),
        (
            "type = \"cdf\"\nvalues = [1, nan]\n",
            "`values[1]`: expected a finite number",
        ),
        (
            "type = \"histogram\"\nvalues = [\"a\"]\n",
            "`values[0]`: expected a number",
        ),
        (
            "type = \"histogram\"\ncolor-scale = \"reds\"\nvalues = [1]\n",
            "`color-scale`: not available for histogram charts",
        ),
    ];
    for (chart, expected) in cases {
        let e = chart_error(chart);
        assert!(
            e.contains(expected),
            "{chart}\ngot:      {e}\nexpected: {expected}"
        );
    }
}

#[test]
fn names_are_escaped() {
    let svg = render_standalone(
        "type = \"cdf\"\nmark = [50]\n[[series]]\nname = \"<b>&</b>\"\nvalues = [1, 2]\n[[series]]\nname = \"x\"\nvalues = [3]\n",
    )
    .unwrap();
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
    Document::parse(&svg).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Random samples (ties, one value, all equal, negatives, huge spreads) in every kind and
    /// view: a chart that parses, within the size budget, or a located error; never a panic.
    #[test]
    fn random_samples_draw_or_fail_cleanly(
        values in prop::collection::vec(prop_oneof![
            Just(0.0), Just(1.0), Just(-1.0), -1e6..1e6f64, 1e-3..1e9f64,
        ], 1..400),
        kind in 0..5usize,
        log in any::<bool>(),
        marks in prop::collection::vec(0.1..99.9f64, 0..4),
    ) {
        let list: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
        let (head, axis) = match kind {
            0 => ("type = \"histogram\"", "x-axis"),
            1 => ("type = \"histogram\"\nnormalize = \"density\"", "x-axis"),
            2 => ("type = \"cdf\"", "x-axis"),
            3 => ("type = \"cdf\"\nview = \"ccdf\"", "y-axis"),
            _ => ("type = \"cdf\"\nview = \"percentiles\"", "y-axis"),
        };
        let scale = if log { format!("{axis} = {{ scale = \"log\" }}\n") } else { String::new() };
        let marks: Vec<String> = marks.iter().map(|m| format!("{m:.1}")).collect();
        let chart = format!("{head}\n{scale}mark = [{}]\nvalues = [{}]\n", marks.join(", "), list.join(", "));
        match render_standalone(&chart) {
            Ok(svg) => {
                prop_assert!(Document::parse(&svg).is_ok());
                prop_assert!(svg.len() < 60_000, "{} bytes", svg.len());
            }
            Err(e) => {
                let on_log = log && (kind <= 2 || kind == 4) && values.iter().any(|v| *v <= 0.0);
                prop_assert!(on_log && e.key.starts_with("values["), "{e}");
            }
        }
    }
}

const HISTOGRAM_TAIL: Seed = Seed {
    name: "histogram-tail",
    reference: "src/histogram.md",
    toml: include_str!("../../book/src/charts/histogram-tail.toml"),
    desc_values: &["412 samples", "p99"],
};

const HISTOGRAM_VERSIONS: Seed = Seed {
    name: "histogram-versions",
    reference: "src/histogram.md",
    toml: include_str!("../../book/src/charts/histogram-versions.toml"),
    desc_values: &["300 samples", "p50"],
};

const CDF_NINES: Seed = Seed {
    name: "cdf-nines",
    reference: "src/cdf.md",
    toml: include_str!("../../book/src/charts/cdf-nines.toml"),
    desc_values: &["300 samples", "p99.9"],
};

/// The size budget of a histogram or percentile plot (README): at most 40 KB of SVG, whatever
/// the number of samples (at most 100 automatic bins per series; curves decimated).
const MAX_DISTRIBUTION_BYTES: usize = 40_000;

/// The chart-reference examples pass the seed figures' checks: usvg parses them, resvg draws
/// something, no text overlaps or leaves the viewBox, title and description are there, and
/// they are within the size budget.
#[test]
fn seed_style_checks_for_histograms_and_percentile_plots() {
    // One series is one colour: the raster check (which wants two) is for the two-series ones.
    check_rasterises(&HISTOGRAM_VERSIONS);
    check_rasterises(&CDF_NINES);
    for seed in [&HISTOGRAM_TAIL, &HISTOGRAM_VERSIONS, &CDF_NINES] {
        check_no_overlap(seed);
        check_inside_view_box(seed);
        check_title_and_desc(seed);
        let svg = render_standalone(seed.toml).unwrap();
        assert!(
            svg.len() <= MAX_DISTRIBUTION_BYTES,
            "{}: {} bytes",
            seed.name,
            svg.len()
        );
    }
}

/// A million samples from a data file: every kind and view draws within the size budget, and
/// the table's percentiles are the exact nearest-rank ones (the samples are 1..=1,000,000 in a
/// scrambled order, so the p-th percentile is p · 10,000).
#[test]
fn a_million_samples_from_a_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let mut csv = String::with_capacity(9_000_000);
    csv.push_str("ms\n");
    for i in 0..1_000_000u64 {
        csv.push_str(&((i * 7_919 % 1_000_000) + 1).to_string());
        csv.push('\n');
    }
    std::fs::write(src.join("m.csv"), csv).unwrap();
    let ctx = mdbook_svg_charts::DataContext::new(src.clone(), dir.path());
    for (head, svg_budget) in [
        (
            "type = \"histogram\"\nmark = [50, 99.9]\nx-axis = { scale = \"log\" }",
            MAX_DISTRIBUTION_BYTES,
        ),
        (
            "type = \"cdf\"\nview = \"percentiles\"\nmark = [99.99]",
            MAX_DISTRIBUTION_BYTES,
        ),
        (
            "type = \"cdf\"\nview = \"ccdf\"\ny-axis = { scale = \"log\" }",
            MAX_DISTRIBUTION_BYTES,
        ),
    ] {
        let md = format!(
            "# T\n\n```chart\n{head}\ntitle = \"M\"\ndata = \"m.csv\"\nvalues = \"ms\"\n```\n"
        );
        let out = mdbook_svg_charts::process_chapter_in(
            &md,
            "src/t.md",
            Some(&ctx),
            0,
            &Config::default(),
        );
        assert!(out.errors.is_empty(), "{head}: {:?}", out.errors);
        let html = out.content.unwrap();
        let svg = extract_svgs(&html)[0];
        Document::parse(svg).unwrap();
        assert!(svg.len() <= svg_budget, "{head}: {} bytes", svg.len());
        let t = data_table(&html, "M");
        assert_eq!(
            t[1],
            // The mean, 500000.5, to the table's six significant digits.
            [
                "Series 1", "1000000", "1", "500001", "500000", "900000", "990000", "999000",
                "1000000"
            ],
            "{head}"
        );
    }
}

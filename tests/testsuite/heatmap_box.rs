//! Heatmaps (a given matrix; samples binned by time period and log buckets) and box plots
//! (nearest-rank quartiles checked by hand and against numpy's `inverted_cdf`, whisker rules,
//! outliers, horizontal boxes): cell colours and positions read back from the SVG, the data
//! tables, escaping, located errors, a property test, and the seed-figure checks.

use mdbook_svg_charts::render_standalone;
use proptest::prelude::*;
use roxmltree::{Document, Node};

use crate::common::{
    all, attr, chart_error, chart_figure, data_table, extract_svgs, path_points, svg_texts,
};
use crate::seed_figures::{
    Seed, check_inside_view_box, check_no_overlap, check_rasterises, check_title_and_desc,
};

fn hex(fill: &str) -> (u8, u8, u8) {
    let h = fill.trim_start_matches('#');
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap();
    (c(0), c(2), c(4))
}

/// WCAG relative luminance.
fn luminance(fill: &str) -> f64 {
    let (r, g, b) = hex(fill);
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

fn num(n: Node<'_, '_>, name: &str) -> f64 {
    attr(n, name).parse().unwrap()
}

/// A heatmap's cells: rectangles filled with a plain colour (the colour bar is a gradient).
struct Cell {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    fill: String,
}

fn cells(doc: &Document<'_>) -> Vec<Cell> {
    all(doc, "rect")
        .into_iter()
        .filter(|r| r.attribute("fill").is_some_and(|f| f.starts_with('#')))
        .filter(|r| r.parent().is_some_and(|p| !p.has_tag_name("clipPath")))
        .map(|r| Cell {
            x: num(r, "x"),
            y: num(r, "y"),
            w: num(r, "width"),
            h: num(r, "height"),
            fill: attr(r, "fill").to_string(),
        })
        .collect()
}

/// Distinct sorted positions (columns by x, rows by y).
fn positions(v: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut p: Vec<f64> = v.collect();
    p.sort_by(f64::total_cmp);
    p.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    p
}

const MATRIX: &str = "type = \"heatmap\"\ntitle = \"M\"\nx = [\"a\", \"b\", \"c\"]\ny = [\"top\", \"bottom\"]\nz = [[1, 5, 3], [6, 2, 4]]\n";

#[test]
fn matrix_cells_sit_on_their_rows_and_columns_coloured_by_value() {
    let html = chart_figure(MATRIX);
    let svg = extract_svgs(&html)[0];
    let doc = Document::parse(svg).unwrap();
    let cells = cells(&doc);
    assert_eq!(cells.len(), 6);
    let xs = positions(cells.iter().map(|c| c.x));
    let ys = positions(cells.iter().map(|c| c.y));
    assert_eq!((xs.len(), ys.len()), (3, 2));
    let z = [[1.0, 5.0, 3.0], [6.0, 2.0, 4.0]];
    let mut by_value: Vec<(f64, f64)> = Vec::new();
    for c in &cells {
        let col = xs.iter().position(|x| (x - c.x).abs() < 0.01).unwrap();
        // The first row of `z` is drawn at the top.
        let row = ys.iter().position(|y| (y - c.y).abs() < 0.01).unwrap();
        by_value.push((z[row][col], luminance(&c.fill)));
        assert!(c.w > 10.0 && c.h > 10.0);
    }
    // Viridis gets lighter as values grow: the cells' luminance is in the order of the values.
    by_value.sort_by(|a, b| a.0.total_cmp(&b.0));
    for w in by_value.windows(2) {
        assert!(w[0].1 < w[1].1, "{by_value:?}");
    }
    // Labels: columns along the bottom, rows down the left (top first).
    let texts = svg_texts(svg);
    for l in ["a", "b", "c", "top", "bottom"] {
        assert!(texts.iter().any(|t| t == l), "{texts:?}");
    }
    let t = data_table(&html, "M");
    assert_eq!(t[0], ["y \\ x", "a", "b", "c"]);
    assert_eq!(t[1], ["top", "1", "5", "3"]);
    assert_eq!(t[2], ["bottom", "6", "2", "4"]);
    assert!(
        html.contains("Highest 6 at bottom, a; lowest 1 at top, a."),
        "{html}"
    );
}

#[test]
fn missing_cells_are_left_empty_and_named_in_table_and_description() {
    let html = chart_figure("type = \"heatmap\"\ntitle = \"N\"\nz = [[1, nan], [3, 4]]\n");
    let svg = extract_svgs(&html)[0];
    let doc = Document::parse(svg).unwrap();
    assert_eq!(cells(&doc).len(), 3);
    let t = data_table(&html, "N");
    assert_eq!(t[1], ["1", "1", "missing"]);
    assert!(html.contains("1 cell is missing."));
    // Equal values: one colour, no division by zero.
    let html = chart_figure("type = \"heatmap\"\nz = [[2, 2], [2, 2]]\n");
    let doc = Document::parse(extract_svgs(&html)[0]).unwrap();
    let fills: Vec<String> = cells(&doc).into_iter().map(|c| c.fill).collect();
    assert_eq!(fills.len(), 4);
    assert!(fills.iter().all(|f| *f == fills[0]));
}

#[test]
fn values_are_written_where_they_fit_in_a_readable_ink() {
    let html = chart_figure(&format!(
        "{MATRIX}show-values = true\ncolor-scale = \"blues\"\n"
    ));
    let svg = extract_svgs(&html)[0];
    let doc = Document::parse(svg).unwrap();
    let cells = cells(&doc);
    let mut written = 0;
    for t in all(&doc, "text") {
        let Some(ink) = t
            .ancestors()
            .find_map(|a| a.attribute("fill"))
            .filter(|f| *f == "#fff" || *f == "#ffffff" || *f == "#000" || *f == "#000000")
        else {
            continue;
        };
        let (x, y) = (num(t, "x"), num(t, "y"));
        let cell = cells
            .iter()
            .find(|c| x > c.x && x < c.x + c.w && y > c.y && y < c.y + c.h)
            .expect("a value inside its cell");
        let ink = if ink.len() == 4 {
            ink.chars()
                .flat_map(|c| if c == '#' { vec![c] } else { vec![c, c] })
                .collect()
        } else {
            ink.to_string()
        };
        assert!(contrast(&ink, &cell.fill) >= 4.5, "{ink} on {}", cell.fill);
        written += 1;
    }
    assert_eq!(written, 6);
    // 150 columns in 640 px: no cell has room, none gets text.
    let row: Vec<String> = (0..150).map(|i| (i * 1000).to_string()).collect();
    let html = chart_figure(&format!(
        "type = \"heatmap\"\nshow-values = true\nlegend = \"none\"\nz = [[{}]]\n",
        row.join(", ")
    ));
    let texts = svg_texts(extract_svgs(&html)[0]);
    assert!(
        !texts.iter().any(|t| t == "149k" || t == "149000"),
        "{texts:?}"
    );
}

#[test]
fn samples_are_counted_in_cells_by_hand() {
    // x 0..3 in two columns [0, 1.5) and [1.5, 3]; values in two rows [1, 2) and [2, 3].
    let html = chart_figure(
        "type = \"heatmap\"\ntitle = \"C\"\nx = [0, 1, 2, 3, 3]\nvalues = [1, 1, 3, 3, 2]\nx-bins = 2\ny-bins = 2\n",
    );
    let t = data_table(&html, "C");
    assert_eq!(t[0], ["y \\ x", "0 – 1.5", "1.5 – 3"]);
    assert_eq!(t[1], ["2 – 3", "0", "3"]);
    assert_eq!(t[2], ["1 – 2", "2", "0"]);
    // Empty cells are not drawn.
    let doc = Document::parse(extract_svgs(&html)[0]).unwrap();
    assert_eq!(cells(&doc).len(), 2);
    assert!(html.contains("5 samples counted in 2 rows × 2 columns"));
}

#[test]
fn a_log_y_axis_buckets_by_ratio() {
    let html = chart_figure(
        "type = \"heatmap\"\ntitle = \"L\"\ny-axis = { scale = \"log\" }\nvalues = [1, 10, 100, 1000, 20, 30]\ny-bins = 3\nx-bins = 1\n",
    );
    let t = data_table(&html, "L");
    let rows: Vec<&str> = t[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(rows, ["100 – 1000", "10 – 100", "1 – 10"]);
    let counts: Vec<&str> = t[1..].iter().map(|r| r[1].as_str()).collect();
    // 1000 sits on the last edge, which is inclusive.
    assert_eq!(counts, ["2", "3", "1"]);
    // Automatic: whole bins per decade, every bucket the same ratio.
    let values: Vec<String> = (1..=400)
        .map(|i| format!("{}", 1.0 + f64::from(i * 7 % 400).powf(1.5)))
        .collect();
    let html = chart_figure(&format!(
        "type = \"heatmap\"\ntitle = \"A\"\ny-axis = {{ scale = \"log\" }}\nvalues = [{}]\n",
        values.join(", ")
    ));
    let t = data_table(&html, "A");
    let ratios: Vec<f64> = t[1..]
        .iter()
        .map(|r| {
            let (a, b) = r[0].split_once(" – ").unwrap();
            b.parse::<f64>().unwrap() / a.parse::<f64>().unwrap()
        })
        .collect();
    assert!(ratios.len() > 3);
    for r in &ratios {
        assert!((r / ratios[0] - 1.0).abs() < 1e-5, "{ratios:?}");
    }
}

#[test]
fn time_columns_are_a_round_period() {
    // Six hours of samples: 10-minute columns on multiples of 10 minutes.
    let xs: Vec<String> = (0..100)
        .map(|i| {
            format!(
                "\"2026-01-01T{:02}:{:02}:00Z\"",
                i * 6 / 100,
                (i * 217) % 60
            )
        })
        .collect();
    let vs: Vec<String> = (0..100).map(|i| (10 + i % 7).to_string()).collect();
    let html = chart_figure(&format!(
        "type = \"heatmap\"\ntitle = \"T\"\nx = [{}]\nvalues = [{}]\n",
        xs.join(", "),
        vs.join(", ")
    ));
    let t = data_table(&html, "T");
    assert_eq!(t[0][1], "2026-01-01T00:00:00Z – 2026-01-01T00:10:00Z");
    assert_eq!(t[0].len(), 1 + 36);
    let total: f64 = t[1..]
        .iter()
        .flat_map(|r| r[1..].iter())
        .map(|c| c.parse::<f64>().unwrap())
        .sum();
    assert_eq!(total, 100.0);
}

/// The checkout samples: numpy's `percentile(a, [25, 50, 75], method="inverted_cdf")` gives
/// [13, 15, 18] (computed with numpy 2 and written here); by hand: 14 samples, ranks ⌈3.5⌉ = 4,
/// 7 and ⌈10.5⌉ = 11 of 11 12 13 13 14 14 15 15 16 17 18 22 90 240.
const CHECKOUT: &str = "12, 15, 11, 14, 13, 18, 22, 16, 240, 14, 15, 13, 17, 90";

#[test]
fn box_quartiles_whiskers_and_outliers_by_hand_and_numpy() {
    // A second series: (37 i) mod 101 for i in 1..=200; numpy inverted_cdf [25, 50, 75].
    let b: Vec<String> = (1..=200).map(|i| (i * 37 % 101).to_string()).collect();
    let html = chart_figure(&format!(
        "type = \"box\"\ntitle = \"B\"\n[[series]]\nname = \"checkout\"\nvalues = [{CHECKOUT}]\n[[series]]\nname = \"mod\"\nvalues = [{}]\n",
        b.join(", ")
    ));
    let t = data_table(&html, "B");
    assert_eq!(
        t[0],
        [
            "Series", "Samples", "Min", "Q1", "Median", "Q3", "Max", "Whiskers", "Outliers"
        ]
    );
    // IQR 5: fences 5.5 and 25.5, so the whiskers end at 11 and 22; 90 and 240 are outliers.
    assert_eq!(
        t[1],
        [
            "checkout",
            "14",
            "11",
            "13",
            "15",
            "18",
            "240",
            "11 to 22",
            "2: 90, 240"
        ]
    );
    assert_eq!(
        t[2],
        ["mod", "200", "0", "25", "50", "75", "100", "0 to 100", "0"]
    );
    assert!(
        html.contains(
            "checkout: 14 samples, min 11, Q1 13, median 15, Q3 18, max 240, 2 outliers."
        )
    );
    let svg = extract_svgs(&html)[0];
    let doc = Document::parse(svg).unwrap();
    assert_eq!(all(&doc, "circle").len(), 2);
    // Vertical: the median is a horizontal stroke inside the box.
    let medians: Vec<_> = all(&doc, "path")
        .into_iter()
        .filter(|p| p.attribute("stroke-width") == Some("3"))
        .collect();
    assert_eq!(medians.len(), 2);
    let m = &path_points(attr(medians[0], "d"))[0];
    assert!((m[0].1 - m[1].1).abs() < 1e-9 && m[0].0 != m[1].0);
    let texts = svg_texts(svg);
    assert!(texts.iter().any(|t| t == "checkout") && texts.iter().any(|t| t == "mod"));
}

#[test]
fn minmax_whiskers_have_no_outliers_and_horizontal_boxes_run_across() {
    let html = chart_figure(&format!(
        "type = \"box\"\ntitle = \"H\"\norientation = \"horizontal\"\nwhiskers = \"minmax\"\n[[series]]\nname = \"first\"\nvalues = [{CHECKOUT}]\n[[series]]\nname = \"second\"\nvalues = [1, 2, 3]\n"
    ));
    let t = data_table(&html, "H");
    assert_eq!(t[1][7], "11 to 240");
    assert_eq!(t[1][8], "0");
    let doc = Document::parse(extract_svgs(&html)[0]).unwrap();
    assert!(all(&doc, "circle").is_empty());
    let medians: Vec<_> = all(&doc, "path")
        .into_iter()
        .filter(|p| p.attribute("stroke-width") == Some("3"))
        .collect();
    let first = &path_points(attr(medians[0], "d"))[0];
    let second = &path_points(attr(medians[1], "d"))[0];
    // Horizontal: the median is a vertical stroke, and the first series is on top.
    assert!((first[0].0 - first[1].0).abs() < 1e-9);
    assert!(first[0].1.max(first[1].1) < second[0].1.min(second[1].1));
    // Values grow to the right: the second series' median (2) is left of the first's (15).
    assert!(second[0].0 < first[0].0);
}

#[test]
fn labels_and_names_are_escaped() {
    let html = chart_figure(
        "type = \"heatmap\"\ntitle = \"<b>&\"\nx = [\"<i>\", \"a&b\"]\ny = [\"\\\"q\\\"\"]\nz = [[1, 2]]\ncolor-title = \"</svg>\"\n",
    );
    let svg = extract_svgs(&html)[0];
    Document::parse(svg).unwrap();
    assert!(!svg.contains("<i>") && !svg.contains("<b>"));
    let texts = svg_texts(svg);
    assert!(texts.iter().any(|t| t == "<i>"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "a&b"));
    assert!(html.contains("&lt;i&gt;"));
    let html = chart_figure("type = \"box\"\nvalues = [1, 2]\nname = \"<script>\"\n");
    let svg = extract_svgs(&html)[0];
    Document::parse(svg).unwrap();
    assert!(!html.contains("<script>"));
    assert!(svg_texts(svg).iter().any(|t| t == "<script>"));
}

#[test]
fn heatmap_and_box_errors_are_located() {
    let cases = [
        (
            "type = \"heatmap\"\nz = [[1, 2], [3]]\n",
            "src/t.md:5:14: error: `z[1]`: has 1 cells but z[0] has 2",
        ),
        (
            "type = \"heatmap\"\nx = [\"a\", \"b\"]\nz = [[1, 2, 3]]\n",
            "src/t.md:5:5: error: `x`: has 2 labels but `z` has 3 columns",
        ),
        (
            "type = \"heatmap\"\ny = [\"a\"]\nz = [[1], [2]]\n",
            "src/t.md:5:5: error: `y`: has 1 labels but `z` has 2 rows",
        ),
        (
            "type = \"heatmap\"\nz = [[1, \"x\"]]\n",
            "src/t.md:5:10: error: `z[0][1]`: expected a number (or nan for a missing cell)",
        ),
        (
            "type = \"heatmap\"\nz = [[nan]]\n",
            "src/t.md:5:5: error: `z`: every cell is missing",
        ),
        (
            "type = \"heatmap\"\nx-bins = 4\nz = [[1]]\n",
            "src/t.md:5:10: error: `x-bins`: bins raw `values`",
        ),
        (
            "type = \"heatmap\"\ny = [\"a\"]\nvalues = [1]\n",
            "src/t.md:5:5: error: `y`: `y` labels the rows of a `z` matrix",
        ),
        (
            "type = \"heatmap\"\ny-axis = { scale = \"log\" }\nvalues = [3, 0]\n",
            "src/t.md:6:14: error: `values[1]`: the y-axis is logarithmic",
        ),
        (
            "type = \"heatmap\"\nvalues = [1, 2]\nx = [1]\n",
            "src/t.md:6:5: error: `x`: has 1 values but `values` has 2",
        ),
        (
            "type = \"heatmap\"\nvalues = [1]\ny-bins = 201\n",
            "src/t.md:6:10: error: `y-bins`: expected a whole number of bins from 1 to 200",
        ),
        (
            "type = \"heatmap\"\n",
            "src/t.md:4:1: error: `values`: missing; expected `z`",
        ),
        (
            "type = \"box\"\nx-axis = { scale = \"log\" }\nvalues = [1]\n",
            "src/t.md:5:20: error: `x-axis.scale`: the boxes' names run along the x-axis",
        ),
        (
            "type = \"box\"\nwhiskers = \"tukey\"\nvalues = [1]\n",
            "src/t.md:5:12: error: `whiskers`: expected one of \"iqr\", \"minmax\"",
        ),
        (
            "type = \"box\"\ncolor-scale = \"reds\"\nvalues = [1]\n",
            "src/t.md:5:15: error: `color-scale`: not available for box charts",
        ),
    ];
    for (chart, expected) in cases {
        let e = chart_error(chart);
        assert!(
            e.starts_with(expected),
            "{chart}\n got: {e}\nwant: {expected}"
        );
    }
    // Too many rows.
    let rows: Vec<&str> = vec!["[1]"; 201];
    let e = chart_error(&format!("type = \"heatmap\"\nz = [{}]\n", rows.join(", ")));
    assert!(
        e.contains("`z`: has 201 rows × 1 columns; at most 200 rows, 200 columns and 10000 cells"),
        "{e}"
    );
}

fn matrix_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (-1e6f64..1e6).prop_map(|v| format!("{v}")),
        1 => Just("nan".to_string()),
        1 => Just("0".to_string()),
        1 => Just("7".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random matrices (missing and equal cells included) and random samples render or fail
    /// with a located error, never panic, and stay within a size budget.
    #[test]
    fn random_heatmaps_and_boxes_render_bounded(
        rows in 1usize..8,
        cols in 1usize..10,
        cells in prop::collection::vec(matrix_value(), 80),
        samples in prop::collection::vec(prop_oneof![3 => 0.001f64..1e4, 1 => Just(5.0)], 1..300),
        log in any::<bool>(),
        show in any::<bool>(),
        horizontal in any::<bool>(),
    ) {
        let z: Vec<String> = (0..rows)
            .map(|r| format!("[{}]", cells[r * cols % 70..][..cols].join(", ")))
            .collect();
        let chart = format!("type = \"heatmap\"\nshow-values = {show}\nz = [{}]\n", z.join(", "));
        match render_standalone(&chart) {
            Ok(svg) => {
                Document::parse(&svg).unwrap();
                prop_assert!(svg.len() < 200_000, "{} bytes", svg.len());
            }
            Err(e) => prop_assert!(e.to_string().contains("every cell is missing"), "{e}"),
        }
        let values: Vec<String> = samples.iter().map(|v| format!("{v}")).collect();
        let xs: Vec<String> = (0..samples.len()).map(|i| format!("{}", 1_767_225_600 + i * 97)).collect();
        let scale = if log { "log" } else { "linear" };
        let chart = format!(
            "type = \"heatmap\"\nx-axis = {{ type = \"time\" }}\ny-axis = {{ scale = \"{scale}\" }}\nx = [{}]\nvalues = [{}]\n",
            xs.join(", "),
            values.join(", ")
        );
        let svg = render_standalone(&chart).unwrap();
        Document::parse(&svg).unwrap();
        prop_assert!(svg.len() < 400_000, "{} bytes", svg.len());
        let orientation = if horizontal { "horizontal" } else { "vertical" };
        let chart = format!(
            "type = \"box\"\norientation = \"{orientation}\"\ny-axis = {{ scale = \"{scale}\" }}\n[[series]]\nvalues = [{}]\n[[series]]\nvalues = [{}]\n",
            values.join(", "),
            values[..values.len().div_ceil(2)].join(", ")
        );
        let svg = render_standalone(&chart).unwrap();
        Document::parse(&svg).unwrap();
        prop_assert!(svg.len() < 60_000, "{} bytes", svg.len());
    }
}

#[test]
fn the_largest_heatmap_is_bounded() {
    let row: Vec<String> = (0..200).map(|i| (i % 17).to_string()).collect();
    let rows: Vec<String> = (0..50).map(|_| format!("[{}]", row.join(","))).collect();
    let svg = render_standalone(&format!(
        "type = \"heatmap\"\nshow-values = true\nz = [{}]\n",
        rows.join(",")
    ))
    .unwrap();
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(cells(&doc).len(), 10_000);
    assert!(svg.len() < 1_000_000, "{} bytes", svg.len());
}

const AVAILABILITY: Seed = Seed {
    name: "heatmap-availability",
    reference: "src/heatmap.md",
    toml: include_str!("../../book/src/charts/heatmap-availability.toml"),
    desc_values: &["99.99", "98.9"],
};

const BOXES: Seed = Seed {
    name: "box-latency",
    reference: "src/box.md",
    toml: include_str!("../../book/src/charts/box-latency.toml"),
    desc_values: &["240", "15"],
};

const BOXES_ACROSS: Seed = Seed {
    name: "box-latency-horizontal",
    reference: "src/box.md",
    toml: include_str!("../../book/src/charts/box-latency-horizontal.toml"),
    desc_values: &["240", "15"],
};

const LATENCY: Seed = Seed {
    name: "heatmap-latency",
    reference: "src/heatmap.md",
    toml: include_str!("../../book/src/charts/heatmap-latency.toml"),
    desc_values: &["400"],
};

#[test]
fn seed_style_checks_for_heatmaps_and_boxes() {
    for seed in [&AVAILABILITY, &BOXES, &BOXES_ACROSS, &LATENCY] {
        check_rasterises(seed);
        check_no_overlap(seed);
        check_inside_view_box(seed);
        check_title_and_desc(seed);
        let svg = render_standalone(seed.toml).unwrap();
        assert!(svg.len() < 60_000, "{}: {} bytes", seed.name, svg.len());
    }
}

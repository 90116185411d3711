//! Lines as measurements need them: gaps where a sample is missing, areas filled to zero or to
//! the previous series, stacked bands, and step and smooth curves. Asserted on the parsed SVG:
//! the path data read back to points, the data table and the description.

use mdbook_svg_charts::{Config, DataContext, process_chapter, process_chapter_in};
use roxmltree::{Document, Node};

use crate::common::{all, attr, extract_svgs, path_points};

fn render_ok(chart: &str) -> String {
    mdbook_svg_charts::render_standalone(chart)
        .unwrap_or_else(|e| panic!("chart did not render: {e}\n{chart}"))
}

/// The series lines: unfilled paths stroked with a literal colour.
fn lines<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    all(doc, "path")
        .into_iter()
        .filter(|p| {
            p.attribute("fill") == Some("none")
                && p.attribute("stroke")
                    .is_some_and(|s| s.starts_with('#') && s != "#333")
        })
        .collect()
}

/// The filled areas: paths with a fill opacity.
fn areas<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    all(doc, "path")
        .into_iter()
        .filter(|p| p.attribute("fill-opacity").is_some())
        .collect()
}

/// Marker circles in the plot (legend swatches are outside `<g fill=colour>` marker groups).
fn markers(doc: &Document<'_>, color: &str) -> usize {
    all(doc, "g")
        .into_iter()
        .filter(|g| g.attribute("fill") == Some(color))
        .map(|g| g.children().filter(|c| c.has_tag_name("circle")).count())
        .sum()
}

fn figure_html(chart: &str) -> String {
    let md = format!("# T\n\n```chart\n{chart}```\n");
    let out = process_chapter(&md, "src/t.md", 0, &Config::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    out.content.expect("a figure")
}

#[test]
fn nan_leaves_a_gap_and_no_marker() {
    let svg = render_ok(
        "type = \"line\"\nx = [0, 1, 2, 3, 4, 5]\ny = [1, 2, nan, 4, 5, 6]\nmarkers = true\n",
    );
    let doc = Document::parse(&svg).unwrap();
    let line = lines(&doc);
    assert_eq!(line.len(), 1);
    let runs = path_points(attr(line[0], "d"));
    assert_eq!(
        runs.iter().map(Vec::len).collect::<Vec<_>>(),
        [2, 3],
        "two runs around the gap"
    );
    // The gap is where x = 2 would be: the runs end before it and start after it.
    assert!(runs[0][1].0 < runs[1][0].0);
    let color = attr(line[0], "stroke");
    assert_eq!(markers(&doc, color), 5, "no marker for the missing point");
    let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
    assert!(
        desc.text().unwrap().contains("2: missing"),
        "{:?}",
        desc.text()
    );
}

#[test]
fn a_point_alone_between_gaps_gets_a_marker() {
    let svg = render_ok("type = \"line\"\ny = [1, 2, nan, 4, nan, 5, 6]\n");
    let doc = Document::parse(&svg).unwrap();
    let line = lines(&doc);
    assert_eq!(
        path_points(attr(line[0], "d")).len(),
        2,
        "runs of two points"
    );
    assert_eq!(
        markers(&doc, attr(line[0], "stroke")),
        1,
        "the lone point shows"
    );
}

#[test]
fn a_series_of_gaps_only_is_an_error() {
    let md = "# T\n\n```chart\ntype = \"line\"\ny = [nan, nan]\n```\n";
    let out = process_chapter(md, "src/t.md", 0, &Config::default());
    let e = out.errors[0].to_string();
    assert!(
        e.starts_with("src/t.md:5:5: error: `y`: every value is missing"),
        "{e}"
    );
}

#[test]
fn the_data_table_leaves_a_gap_empty() {
    let html = figure_html("type = \"line\"\nx = [1, 2, 3]\ny = [10, nan, 30]\n");
    assert!(html.contains("<td>10</td>"), "{html}");
    assert!(html.contains("<td>2</td><td></td>"), "{html}");
}

#[test]
fn empty_cells_in_a_data_file_are_gaps_and_text_is_still_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("m.csv"), "t,v,w\n0,1,1\n1,,2\n2,3,oops\n3,4,4\n").unwrap();
    let ctx = DataContext::new(src.clone(), dir.path());
    let run = |y: &str| {
        let md = format!(
            "# T\n\n```chart\ntype = \"line\"\ndata = \"m.csv\"\nx = \"t\"\ny = \"{y}\"\n```\n"
        );
        process_chapter_in(&md, "src/t.md", Some(&ctx), 0, &Config::default())
    };
    let ok = run("v");
    assert!(ok.errors.is_empty(), "{:?}", ok.errors);
    let html = ok.content.unwrap();
    let doc = Document::parse(extract_svgs(&html)[0]).unwrap();
    let runs = path_points(attr(lines(&doc)[0], "d"));
    assert_eq!(
        runs.len(),
        1,
        "the first point is alone (a marker), the last two a run: {runs:?}"
    );
    let bad = run("w");
    let e = bad.errors[0].to_string();
    assert!(
        e.contains("m.csv:4, column \"w\": expected a number, found \"oops\""),
        "{e}"
    );
}

/// The opaque bands of a stack: filled paths in a series colour, without a stroke or opacity,
/// in paint order (the top series first).
fn bands<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    all(doc, "path")
        .into_iter()
        .filter(|p| {
            p.attribute("fill")
                .is_some_and(|f| f.starts_with('#') && f != "#333")
                && p.attribute("stroke").is_none()
                && p.parent().is_some_and(|g| g.attribute("stroke").is_none())
                && p.attribute("fill-opacity").is_none()
        })
        .collect()
}

/// Two stacked series: the second's band reaches the running sum, painted first, the first
/// series' band over it; no line over either; the table still shows each series' own values.
#[test]
fn stacked_lines_add_up_and_fill_between() {
    let chart = "type = \"line\"\nstack = true\nx = [0, 1, 2, 3]\n\
        [[series]]\nname = \"a\"\ny = [1, 3, 2, 4]\n[[series]]\nname = \"b\"\ny = [2, 2, 2, 2]\n";
    let html = figure_html(chart);
    let doc = Document::parse(extract_svgs(&html)[0]).unwrap();
    assert!(lines(&doc).is_empty(), "bands need no line over them");
    let b = bands(&doc);
    assert_eq!(b.len(), 2, "one band per series");
    // Painted top first: b's (the sum), then a's over it.
    let (top, bottom) = (
        &path_points(attr(b[0], "d"))[0],
        &path_points(attr(b[1], "d"))[0],
    );
    // Four points along the top, then down to 0 and back along it: six.
    assert_eq!(top.len(), 6, "{top:?}");
    assert_eq!(bottom.len(), 6, "{bottom:?}");
    // The sum is a + 2 everywhere: a constant offset on screen.
    let offsets: Vec<f64> = bottom[..4]
        .iter()
        .zip(&top[..4])
        .map(|(p, q)| p.1 - q.1)
        .collect();
    assert!(
        offsets
            .iter()
            .all(|d| (d - offsets[0]).abs() < 0.15 && *d > 10.0),
        "{offsets:?}"
    );
    // Both reach down to the same baseline, y = 0, which the axis includes.
    assert!((top[4].1 - bottom[4].1).abs() < 0.01 && top[4].1 > top[0].1);
    assert!(html.contains(">0</text>"), "the axis includes 0");
    // The table has the series' own values, not the sums.
    assert!(html.contains("<td>0</td><td>1</td><td>2</td>"), "{html}");
    // The legend shows bands as squares.
    assert!(all(&doc, "rect").len() >= 2);
    assert!(html.contains("Stacked: each series is drawn on top"));
}

#[test]
fn a_gap_in_a_stack_leaves_a_gap_in_every_band_above() {
    let chart = "type = \"line\"\nstack = true\n\
        [[series]]\ny = [1, nan, 2, 3]\n[[series]]\ny = [1, 1, 1, 1]\n";
    let svg = render_ok(chart);
    let doc = Document::parse(&svg).unwrap();
    // The upper band (painted first) has one run, points 2 and 3 (point 0 is alone: no area),
    // and its way down to the baseline and back.
    let upper = path_points(attr(bands(&doc)[0], "d"));
    assert_eq!(
        upper.iter().map(Vec::len).collect::<Vec<_>>(),
        [4],
        "{upper:?}"
    );
    // Negative values do not stack upward: then the bands are translucent, between lines.
    let mixed = render_ok(
        "type = \"line\"\nstack = true\n[[series]]\ny = [1, -2, 2]\n[[series]]\ny = [1, 1, 1]\n",
    );
    let doc = Document::parse(&mixed).unwrap();
    assert_eq!(lines(&doc).len(), 2);
    assert_eq!(areas(&doc).len(), 2);
}

#[test]
fn fill_to_zero_reaches_the_axis() {
    let svg = render_ok("type = \"line\"\ny = [5, 6, 7]\nfill = \"zero\"\n");
    let doc = Document::parse(&svg).unwrap();
    let area = &path_points(attr(areas(&doc)[0], "d"))[0];
    let line = &path_points(attr(lines(&doc)[0], "d"))[0];
    let bottom = area.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    // The area's lower edge is the y = 0 line, below every point of the line.
    assert!(
        line.iter().all(|p| p.1 < bottom - 50.0),
        "{line:?} vs {bottom}"
    );
    // Three points along the line, then along y = 0 back to the start (one `h`).
    assert_eq!(area.len(), 5, "{area:?}");
    assert!((area[3].1 - bottom).abs() < 0.01 && (area[4].1 - bottom).abs() < 0.01);
}

#[test]
fn steps_hold_each_value_until_the_next_point() {
    let svg = render_ok("type = \"line\"\nx = [0, 1, 3]\ny = [1, 2, 0]\ncurve = \"step\"\n");
    let doc = Document::parse(&svg).unwrap();
    let p = &path_points(attr(lines(&doc)[0], "d"))[0];
    assert_eq!(p.len(), 5, "{p:?}");
    // Horizontal, vertical, horizontal, vertical.
    assert!((p[0].1 - p[1].1).abs() < 0.01 && (p[1].0 - p[2].0).abs() < 0.01);
    assert!((p[2].1 - p[3].1).abs() < 0.01 && (p[3].0 - p[4].0).abs() < 0.01);
    let before =
        render_ok("type = \"line\"\nx = [0, 1, 3]\ny = [1, 2, 0]\ncurve = \"step-before\"\n");
    let doc = Document::parse(&before).unwrap();
    let q = &path_points(attr(lines(&doc)[0], "d"))[0];
    // Vertical first.
    assert!((q[0].0 - q[1].0).abs() < 0.01 && (q[1].1 - q[2].1).abs() < 0.01);
}

#[test]
fn smooth_curves_pass_through_every_point() {
    let svg = render_ok("type = \"line\"\ny = [1, 5, 2, 4, 3]\ncurve = \"smooth\"\n");
    let doc = Document::parse(&svg).unwrap();
    let d = attr(lines(&doc)[0], "d");
    assert!(d.contains('c'), "cubic pieces: {d}");
    assert_eq!(
        path_points(d)[0].len(),
        5,
        "one piece per segment, ending on each point"
    );
}

#[test]
fn bad_options_are_located_errors() {
    let cases = [
        (
            "type = \"line\"\ny = [1, 2]\nfill = \"down\"\n",
            "src/t.md:6:8: error: `fill`: expected one of \"none\", \"zero\", \"previous\"",
        ),
        (
            "type = \"line\"\ny = [1, 2]\ncurve = \"bezier\"\n",
            "src/t.md:6:9: error: `curve`: expected one of \"linear\", \"step\", \"step-before\", \"smooth\"",
        ),
        (
            "type = \"line\"\nstack = true\n[[series]]\nx = [1, 2]\ny = [1, 2]\n[[series]]\nx = [1, 3]\ny = [1, 2]\n",
            "error: `series[1].x`: stacked series add up point by point",
        ),
        (
            "type = \"line\"\nstack = true\ny = [1, 2]\n[y-axis]\nscale = \"log\"\n",
            "src/t.md:5:9: error: `stack`: stacked lines need a linear y-axis",
        ),
    ];
    for (chart, expected) in cases {
        let md = format!("# T\n\n```chart\n{chart}```\n");
        let out = process_chapter(&md, "src/t.md", 0, &Config::default());
        let e = out
            .errors
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(e.contains(expected), "{chart}\n{e}");
    }
}

/// Bars on a time axis are one calendar period wide: February's bar is 28/31 of January's, and
/// each bar starts at its month's start (proportional to time).
#[test]
fn bars_on_a_time_axis_span_their_period() {
    let chart = "type = \"bar\"\nx = [2027-01-01, 2027-02-01, 2027-03-01]\ny = [3, 4, 5]\n";
    let html = figure_html(chart);
    let doc = Document::parse(extract_svgs(&html)[0]).unwrap();
    let bars: Vec<(f64, f64)> = all(&doc, "g")
        .into_iter()
        .filter(|g| {
            g.attribute("fill")
                .is_some_and(|f| f.starts_with('#') && f != "#333")
        })
        .flat_map(|g| {
            g.children()
                .filter(|c| c.has_tag_name("path") || c.has_tag_name("rect"))
                .map(|c| {
                    let pts = if c.has_tag_name("rect") {
                        let n = |k: &str| c.attribute(k).unwrap().parse::<f64>().unwrap();
                        vec![(n("x"), 0.0), (n("x") + n("width"), 0.0)]
                    } else {
                        path_points(attr(c, "d")).concat()
                    };
                    let xs = pts.iter().map(|p| p.0);
                    let lo = xs.clone().fold(f64::MAX, f64::min);
                    (lo, xs.fold(f64::MIN, f64::max) - lo)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(bars.len(), 3, "{bars:?}");
    let (jan, feb, mar) = (bars[0], bars[1], bars[2]);
    let ratio = feb.1 / jan.1;
    assert!((ratio - 28.0 / 31.0).abs() < 0.02, "widths {bars:?}");
    assert!((mar.1 - jan.1).abs() < 0.2);
    // Starts are proportional to time: Jan → Feb is 31 days, Feb → Mar 28.
    let gap = |a: (f64, f64), b: (f64, f64)| b.0 - a.0;
    assert!((gap(feb, mar) / gap(jan, feb) - 28.0 / 31.0).abs() < 0.02);
    // The table writes the times in ISO form.
    assert!(html.contains("<td>2027-02-01T00:00:00Z</td>"), "{html}");
    // Horizontal time bars are refused.
    let md = format!("# T\n\n```chart\n{chart}orientation = \"horizontal\"\n```\n");
    let out = process_chapter(&md, "src/t.md", 0, &Config::default());
    assert!(
        out.errors[0]
            .to_string()
            .contains("`orientation`: bars on a time axis are vertical")
    );
}

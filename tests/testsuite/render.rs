//! Chart rendering through the library: the SVG of each chart kind parses as XML and has the
//! expected structure; text is escaped; output is deterministic; errors name the key.

use mdbook_svg_charts::{ChartError, Config, process_chapter, render_standalone};
use roxmltree::{Document, Node};

use crate::common::{
    all, assert_accessible, attr, by_id, children, extract_svgs, ids, is_figure_line, num,
    parse_svg, path_points, text_of, texts, toml_str,
};

/// Renders a chart, failing the test with the error when it does not render.
fn render(toml: &str) -> String {
    render_standalone(toml).unwrap_or_else(|e| panic!("chart did not render: {e}\n{toml}"))
}

/// The `<g>` groups filled with `color` (the series groups of bars and markers).
fn groups_filled<'a, 'i>(doc: &'a Document<'i>, color: &str) -> Vec<Node<'a, 'i>> {
    all(doc, "g")
        .into_iter()
        .filter(|g| g.attribute("fill") == Some(color))
        .collect()
}

/// The series groups: `<g>` with a literal (non-theme) colour fill that hold `tag` children.
fn series_groups<'a, 'i>(doc: &'a Document<'i>, tag: &str) -> Vec<Node<'a, 'i>> {
    all(doc, "g")
        .into_iter()
        .filter(|g| {
            let fill = g.attribute("fill").unwrap_or("none");
            fill.starts_with('#') && fill != "#333" && !children(*g, tag).is_empty()
        })
        .collect()
}

/// The series lines: unfilled `<path>`s stroked with a literal series colour.
fn series_lines<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    all(doc, "path")
        .into_iter()
        .filter(|p| {
            let s = p.attribute("stroke").unwrap_or("none");
            p.attribute("fill") == Some("none") && s.starts_with('#') && s != "#333"
        })
        .collect()
}

fn rect_box(r: Node<'_, '_>) -> (f64, f64, f64, f64) {
    (num(r, "x"), num(r, "y"), num(r, "width"), num(r, "height"))
}

/// `(x, y, width, height)` of each `<rect>` child of `group`.
fn rect_boxes(group: Node<'_, '_>) -> Vec<(f64, f64, f64, f64)> {
    children(group, "rect").into_iter().map(rect_box).collect()
}

/// Checks that each of `expected` is the whole text of some `<text>` element of `doc`.
fn assert_texts(doc: &Document<'_>, expected: &[&str]) {
    let t = texts(doc);
    for e in expected {
        assert!(t.iter().any(|s| s == e), "text {e:?} missing: {t:?}");
    }
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

// ---------------------------------------------------------------------------------------------
// Bar

#[test]
fn bar_single_series_has_one_rect_per_category() {
    let svg = render("type = \"bar\"\nx = [\"Apples\", \"Pears\", \"Plums\"]\ny = [3, 5, 2]\n");
    let doc = parse_svg(&svg);
    assert_accessible(&doc);
    let groups = series_groups(&doc, "rect");
    assert_eq!(groups.len(), 1, "one series group expected:\n{svg}");
    let boxes = rect_boxes(groups[0]);
    assert_eq!(boxes.len(), 3, "3 categories → 3 bars:\n{svg}");
    // Vertical bars: same width, heights proportional to the values, on one baseline.
    assert!(
        boxes.iter().all(|b| close(b.2, boxes[0].2, 0.2)),
        "{boxes:?}"
    );
    let bottoms: Vec<f64> = boxes.iter().map(|b| b.1 + b.3).collect();
    assert!(
        bottoms.iter().all(|b| close(*b, bottoms[0], 0.2)),
        "baseline {bottoms:?}"
    );
    assert!(close(boxes[1].3 / boxes[0].3, 5.0 / 3.0, 0.02), "{boxes:?}");
    assert!(close(boxes[2].3 / boxes[0].3, 2.0 / 3.0, 0.02), "{boxes:?}");
    assert_texts(&doc, &["Apples", "Pears", "Plums"]);
}

#[test]
fn bar_grouped_two_series_side_by_side() {
    let svg = render(
        "type = \"bar\"\nx = [\"Q1\", \"Q2\", \"Q3\", \"Q4\"]\n\
         [[series]]\nname = \"2023\"\ny = [1, 2, 3, 4]\n\
         [[series]]\nname = \"2024\"\ny = [2, 3, 4, 5]\n",
    );
    let doc = parse_svg(&svg);
    let groups = series_groups(&doc, "rect");
    assert_eq!(groups.len(), 2, "two series groups:\n{svg}");
    assert_ne!(
        attr(groups[0], "fill"),
        attr(groups[1], "fill"),
        "series share a colour"
    );
    let a = rect_boxes(groups[0]);
    let b = rect_boxes(groups[1]);
    assert_eq!((a.len(), b.len()), (4, 4), "4 bars per series:\n{svg}");
    for i in 0..4 {
        // Grouped: the second series' bar is right of the first one's, not overlapping it.
        assert!(
            b[i].0 >= a[i].0 + a[i].2 - 0.2,
            "bar {i}: {:?} vs {:?}",
            a[i],
            b[i]
        );
        // Same baseline.
        assert!(close(a[i].1 + a[i].3, b[i].1 + b[i].3, 0.2));
    }
    assert_texts(&doc, &["2023", "2024"]);
}

#[test]
fn bar_stacked_series_sit_on_each_other() {
    let svg = render(
        "type = \"bar\"\nmode = \"stack\"\nx = [\"a\", \"b\", \"c\"]\n\
         [[series]]\ny = [1, 2, 3]\n[[series]]\ny = [3, 2, 1]\n",
    );
    let doc = parse_svg(&svg);
    let groups = series_groups(&doc, "rect");
    assert_eq!(groups.len(), 2, "{svg}");
    let a = rect_boxes(groups[0]);
    let b = rect_boxes(groups[1]);
    assert_eq!((a.len(), b.len()), (3, 3));
    for i in 0..3 {
        assert!(
            close(a[i].0, b[i].0, 0.2),
            "stacked bars share x: {:?} {:?}",
            a[i],
            b[i]
        );
        assert!(close(a[i].2, b[i].2, 0.2), "stacked bars share width");
        assert!(
            close(b[i].1 + b[i].3, a[i].1, 0.3),
            "bar {i}: series 2 must start where series 1 ends: {:?} {:?}",
            a[i],
            b[i]
        );
    }
    // Every stack totals 4: equal total heights.
    let totals: Vec<f64> = (0..3).map(|i| a[i].3 + b[i].3).collect();
    assert!(
        totals.iter().all(|t| close(*t, totals[0], 0.4)),
        "{totals:?}"
    );
}

#[test]
fn bar_horizontal_bars_grow_along_x() {
    let svg = render(
        "type = \"bar\"\norientation = \"horizontal\"\nx = [\"north\", \"south\", \"east\"]\ny = [5, 8, 3]\n",
    );
    let doc = parse_svg(&svg);
    let groups = series_groups(&doc, "rect");
    assert_eq!(groups.len(), 1, "{svg}");
    let boxes = rect_boxes(groups[0]);
    assert_eq!(boxes.len(), 3);
    // Same thickness, same left edge, widths proportional to the values.
    assert!(
        boxes.iter().all(|b| close(b.3, boxes[0].3, 0.2)),
        "{boxes:?}"
    );
    assert!(
        boxes.iter().all(|b| close(b.0, boxes[0].0, 0.2)),
        "{boxes:?}"
    );
    assert!(close(boxes[1].2 / boxes[0].2, 8.0 / 5.0, 0.02), "{boxes:?}");
    let longest = boxes[1];
    assert!(
        longest.2 > longest.3,
        "the longest bar is wider than tall: {longest:?}"
    );
    // Categories are stacked top to bottom, one per band.
    assert!(
        boxes[0].1 < boxes[1].1 && boxes[1].1 < boxes[2].1,
        "{boxes:?}"
    );
    assert_texts(&doc, &["north", "south", "east"]);
}

#[test]
fn bar_show_values_writes_the_values() {
    let svg = render("type = \"bar\"\nshow-values = true\nx = [\"a\", \"b\"]\ny = [17, 42]\n");
    let doc = parse_svg(&svg);
    assert_texts(&doc, &["17", "42"]);
}

// ---------------------------------------------------------------------------------------------
// Line

const TWO_LINES: &str = "type = \"line\"\nx = [1, 2, 3, 4]\n\
    [[series]]\nname = \"up\"\ny = [1, 2, 3, 4]\ndash = \"dash\"\nmarkers = true\n\
    [[series]]\nname = \"down\"\ny = [4, 3, 2, 1]\n";

#[test]
fn line_one_path_per_series() {
    let svg = render(TWO_LINES);
    let doc = parse_svg(&svg);
    assert_accessible(&doc);
    let lines = series_lines(&doc);
    assert_eq!(lines.len(), 2, "one path per series:\n{svg}");
    assert_ne!(attr(lines[0], "stroke"), attr(lines[1], "stroke"));
    for line in &lines {
        let d = attr(*line, "d");
        let runs = path_points(d);
        assert_eq!(runs.len(), 1, "one run: {d}");
        assert_eq!(runs[0].len(), 4, "4 points: {d}");
    }
    assert_texts(&doc, &["up", "down"]);
}

#[test]
fn line_dash_sets_a_dasharray_only_on_that_series() {
    let svg = render(TWO_LINES);
    let doc = parse_svg(&svg);
    let groups = series_lines(&doc);
    assert_eq!(groups.len(), 2);
    let dashed = |g: Node<'_, '_>| g.attribute("stroke-dasharray").is_some();
    assert!(
        dashed(groups[0]),
        "dash = \"dash\" gives a stroke-dasharray:\n{svg}"
    );
    assert!(!dashed(groups[1]), "solid series is not dashed");
}

#[test]
fn line_markers_give_one_circle_per_point() {
    let svg = render(TWO_LINES);
    let doc = parse_svg(&svg);
    let color = attr(series_lines(&doc)[0], "stroke").to_string();
    let marker_groups: Vec<_> = groups_filled(&doc, &color)
        .into_iter()
        .filter(|g| !children(*g, "circle").is_empty())
        .collect();
    assert_eq!(marker_groups.len(), 1, "one marker group for `up`:\n{svg}");
    assert_eq!(children(marker_groups[0], "circle").len(), 4);
    // The series without markers has no marker circles.
    let other = attr(series_lines(&doc)[1], "stroke").to_string();
    let other_circles: usize = groups_filled(&doc, &other)
        .into_iter()
        .map(|g| children(g, "circle").len())
        .sum();
    assert_eq!(other_circles, 0, "markers default to false for line");
}

// ---------------------------------------------------------------------------------------------
// Scatter

#[test]
fn scatter_one_circle_per_point_and_labels() {
    let svg = render(
        "type = \"scatter\"\nx = [1, 2, 3, 4, 5]\ny = [2, 4, 1, 5, 3]\n\
         labels = [\"alpha\", \"beta\", \"gamma\", \"delta\", \"epsilon\"]\n",
    );
    let doc = parse_svg(&svg);
    assert_accessible(&doc);
    let groups = series_groups(&doc, "circle");
    assert_eq!(groups.len(), 1, "{svg}");
    assert_eq!(
        children(groups[0], "circle").len(),
        5,
        "5 points → 5 circles"
    );
    assert_texts(&doc, &["alpha", "beta", "gamma", "delta", "epsilon"]);
}

#[test]
fn scatter_labels_of_coincident_points_do_not_share_a_position() {
    // Three points on top of each other plus two close neighbours.
    let labels = ["one", "two", "three", "four", "five"];
    let svg = render(
        "type = \"scatter\"\nx = [1, 1, 1, 1.01, 5]\ny = [1, 1, 1, 1.02, 5]\n\
         labels = [\"one\", \"two\", \"three\", \"four\", \"five\"]\n",
    );
    let doc = parse_svg(&svg);
    let positions: Vec<(String, String, String)> = all(&doc, "text")
        .into_iter()
        .filter(|t| labels.contains(&text_of(*t).as_str()))
        .map(|t| {
            (
                text_of(t),
                attr(t, "x").to_string(),
                attr(t, "y").to_string(),
            )
        })
        .collect();
    assert_eq!(positions.len(), 5, "{positions:?}");
    for i in 0..positions.len() {
        for j in i + 1..positions.len() {
            assert!(
                (&positions[i].1, &positions[i].2) != (&positions[j].1, &positions[j].2),
                "labels {:?} and {:?} are drawn at the same place",
                positions[i],
                positions[j]
            );
        }
    }
}

#[test]
fn scatter_multiple_series_have_distinct_colours() {
    let svg = render(
        "type = \"scatter\"\n[[series]]\nx = [1, 2]\ny = [1, 2]\n[[series]]\nx = [3, 4, 5]\ny = [3, 4, 5]\n",
    );
    let doc = parse_svg(&svg);
    let groups = series_groups(&doc, "circle");
    assert_eq!(groups.len(), 2, "{svg}");
    assert_eq!(children(groups[0], "circle").len(), 2);
    assert_eq!(children(groups[1], "circle").len(), 3);
    assert_ne!(attr(groups[0], "fill"), attr(groups[1], "fill"));
}

// ---------------------------------------------------------------------------------------------
// Pie

/// The slice paths: `<path>` elements with a literal fill (legend swatches are `<rect>`s).
fn slices<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    all(doc, "path")
        .into_iter()
        .filter(|p| p.attribute("fill").is_some_and(|f| f.starts_with('#')))
        .collect()
}

#[test]
fn pie_one_slice_path_per_value_with_distinct_fills() {
    let svg =
        render("type = \"pie\"\nlabels = [\"yes\", \"no\", \"maybe\"]\nvalues = [85, 10, 5]\n");
    let doc = parse_svg(&svg);
    assert_accessible(&doc);
    let s = slices(&doc);
    assert_eq!(s.len(), 3, "{svg}");
    let mut fills: Vec<&str> = s.iter().map(|p| attr(*p, "fill")).collect();
    fills.sort_unstable();
    fills.dedup();
    assert_eq!(fills.len(), 3, "slice fills must differ: {fills:?}");
    for p in &s {
        assert_eq!(
            attr(*p, "d").matches('A').count(),
            1,
            "one arc per slice without a hole"
        );
    }
    // Percent labels and legend entries.
    assert_texts(&doc, &["85%", "10%", "5%", "yes", "no", "maybe"]);
}

#[test]
fn pie_with_hole_has_two_arcs_per_slice() {
    let svg = render(
        "type = \"pie\"\nhole = 0.5\nlabels = [\"a\", \"b\", \"c\"]\nvalues = [50, 30, 20]\n",
    );
    let doc = parse_svg(&svg);
    let s = slices(&doc);
    assert_eq!(s.len(), 3, "{svg}");
    for p in &s {
        let d = attr(*p, "d");
        assert_eq!(d.matches('A').count(), 2, "outer and inner arc: {d}");
    }
}

#[test]
fn pie_single_full_slice_is_drawn() {
    // An arc whose ends coincide draws nothing; a full circle needs two arcs.
    let svg = render("type = \"pie\"\nlabels = [\"all\"]\nvalues = [7]\n");
    let doc = parse_svg(&svg);
    let s = slices(&doc);
    assert_eq!(s.len(), 1, "{svg}");
    assert!(
        attr(s[0], "d").matches('A').count() >= 2,
        "{}",
        attr(s[0], "d")
    );
    assert_texts(&doc, &["100%"]);
}

#[test]
fn pie_slice_labels_value_and_none() {
    let values = |mode: &str| {
        format!(
            "type = \"pie\"\nslice-labels = \"{mode}\"\nlabels = [\"a\", \"b\"]\nvalues = [30, 70]\n"
        )
    };
    assert_texts(&parse_svg(&render(&values("value"))), &["30", "70"]);
    let t = texts(&parse_svg(&render(&values("none"))));
    assert!(!t.iter().any(|x| x.ends_with('%') || x == "30"), "{t:?}");
}

// ---------------------------------------------------------------------------------------------
// Escaping

const NASTY_TITLE: &str = "</svg><script>alert(1)</script>";
const NASTY_LABEL: &str = "\"><img onerror=x>";

fn assert_no_injection(doc: &Document<'_>, svg: &str) {
    for tag in ["script", "img", "foreignObject"] {
        assert!(all(doc, tag).is_empty(), "<{tag}> element injected:\n{svg}");
    }
    assert_eq!(
        extract_svgs(svg).len(),
        1,
        "the output must hold exactly one <svg> element"
    );
}

#[test]
fn text_is_escaped_in_every_chart_kind() {
    let title = toml_str(NASTY_TITLE);
    let label = toml_str(NASTY_LABEL);
    let amp = toml_str("R&D <b>&amp;</b>");
    let charts = [
        format!(
            "type = \"bar\"\ntitle = {title}\nx = [{label}, {amp}]\ny = [1, 2]\nname = {label}\n"
        ),
        format!(
            "type = \"line\"\ntitle = {title}\ndescription = {amp}\nx = [{label}, {amp}]\ny = [1, 2]\n\
             labels = [{label}, {amp}]\nname = {amp}\n[y-axis]\ntitle = {label}\nprefix = {amp}\nsuffix = {label}\n"
        ),
        format!(
            "type = \"scatter\"\ntitle = {title}\nx = [1, 2]\ny = [1, 2]\nlabels = [{label}, {amp}]\n\
             [x-axis]\ntitle = {amp}\n"
        ),
        format!(
            "type = \"pie\"\ntitle = {title}\nslice-labels = \"label\"\nlabels = [{label}, {amp}]\nvalues = [1, 2]\n"
        ),
    ];
    for chart in &charts {
        let svg = render(chart);
        let doc = parse_svg(&svg);
        assert_no_injection(&doc, &svg);
        let t = children(doc.root_element(), "title");
        assert_eq!(
            text_of(t[0]),
            NASTY_TITLE,
            "the <title> keeps the exact string"
        );
        let nodes: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        for expected in [NASTY_LABEL, "R&D <b>&amp;</b>"] {
            assert!(
                nodes.contains(&expected),
                "{expected:?} is not a text node of:\n{svg}\n{nodes:?}"
            );
        }
    }
}

#[test]
fn description_is_escaped_and_exact() {
    let svg = render(&format!(
        "type = \"bar\"\ndescription = {}\ny = [1]\n",
        toml_str("a < b && c > \"d\" ]]> <!-- x -->")
    ));
    let doc = parse_svg(&svg);
    let d = children(doc.root_element(), "desc");
    assert_eq!(text_of(d[0]), "a < b && c > \"d\" ]]> <!-- x -->");
}

#[test]
fn newlines_in_text_never_reach_the_output() {
    let chart = "type = \"scatter\"\ntitle = \"a\\nb\\r\\nc\"\ndescription = \"line1\\nline2\"\n\
                 x = [1, 2]\ny = [1, 2]\nlabels = [\"p\\nq\", \"r\\u2028s\"]\nname = \"n\\nm\"\n";
    let svg = render(chart);
    assert!(
        !svg.contains('\n') && !svg.contains('\r'),
        "newline in output:\n{svg}"
    );
    parse_svg(&svg);
    // Through the preprocessor, the figure is a single line of the chapter.
    let md = format!("Before.\n\n```chart\n{chart}```\n\nAfter.\n");
    let out = process_chapter(&md, "src/a.md", 0, &Config::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let content = out.content.expect("chart replaced");
    let lines: Vec<&str> = content.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.contains("svg-chart")).count(),
        1,
        "{content}"
    );
    let fig = lines.iter().find(|l| l.contains("<figure")).unwrap();
    assert!(is_figure_line(fig), "{fig}");
}

// ---------------------------------------------------------------------------------------------
// Colours and theme

#[test]
fn explicit_series_colour_is_used() {
    let svg = render("type = \"bar\"\ny = [1, 2]\ncolor = \"#ff0000\"\n");
    let doc = parse_svg(&svg);
    let g = groups_filled(&doc, "#ff0000");
    assert_eq!(g.len(), 1, "a group filled #ff0000:\n{svg}");
    assert_eq!(children(g[0], "rect").len(), 2);
}

#[test]
fn chart_colors_override_the_palette_in_order() {
    let svg = render(
        "type = \"line\"\ncolors = [\"#112233\", \"#445566\"]\n[[series]]\ny = [1, 2]\n[[series]]\ny = [2, 1]\n",
    );
    let doc = parse_svg(&svg);
    let strokes: Vec<&str> = series_lines(&doc)
        .iter()
        .map(|g| attr(*g, "stroke"))
        .collect();
    assert_eq!(strokes, ["#112233", "#445566"], "{svg}");
}

#[test]
fn book_palette_applies_through_the_preprocessor() {
    let config = Config::from_json(Some(&serde_json::json!({"palette": ["#abcdef"]}))).unwrap();
    let out = process_chapter(
        "```chart\ntype = \"bar\"\ny = [1]\n```\n",
        "src/a.md",
        0,
        &config,
    );
    let html = out.content.unwrap();
    let svgs = extract_svgs(&html);
    let doc = parse_svg(svgs[0]);
    assert_eq!(groups_filled(&doc, "#abcdef").len(), 1, "{html}");
}

#[test]
fn theme_text_uses_css_variable_with_literal_fallback() {
    let svg = render("type = \"bar\"\ntitle = \"Hello\"\nx = [\"a\"]\ny = [1]\n");
    let doc = parse_svg(&svg);
    let text_groups: Vec<_> = all(&doc, "g")
        .into_iter()
        .filter(|g| g.attribute("fill") == Some("#333") && !children(*g, "text").is_empty())
        .collect();
    assert!(
        !text_groups.is_empty(),
        "no text group with fill=#333:\n{svg}"
    );
    for g in &text_groups {
        assert!(
            attr(*g, "style").contains("var(--fg"),
            "{:?}",
            g.attribute("style")
        );
    }
    assert!(
        all(&doc, "style").is_empty(),
        "no <style> element may leak into the page"
    );
}

// ---------------------------------------------------------------------------------------------
// Sizes, ids, determinism

#[test]
fn width_and_height_set_the_viewbox() {
    let svg = render("type = \"bar\"\nwidth = 300\nheight = 200\ny = [1]\n");
    let doc = parse_svg(&svg);
    assert_eq!(attr(doc.root_element(), "viewBox"), "0 0 300 200");
}

#[test]
fn ids_are_prefixed_with_chapter_sequence_and_index() {
    let md = "```chart\ntype = \"bar\"\ny = [1]\n```\n\ntext\n\n```chart\ntype = \"pie\"\nlabels = [\"a\"]\nvalues = [1]\n```\n";
    let html = process_chapter(md, "src/a.md", 7, &Config::default())
        .content
        .unwrap();
    let svgs = extract_svgs(&html);
    assert_eq!(svgs.len(), 2);
    for (n, svg) in svgs.iter().enumerate() {
        let doc = parse_svg(svg);
        assert_accessible(&doc);
        assert_eq!(
            attr(doc.root_element(), "aria-labelledby"),
            format!("sc7-{n}-t sc7-{n}-d")
        );
    }
}

#[test]
fn explicit_range_clip_path_ids_are_scoped() {
    let md = "```chart\ntype = \"line\"\ny = [1, 50, 3]\n[y-axis]\nrange = [0, 10]\n```\n";
    let html = process_chapter(md, "src/a.md", 2, &Config::default())
        .content
        .unwrap();
    let doc = parse_svg(extract_svgs(&html)[0]);
    for id in ids(&doc) {
        assert!(
            id.starts_with("sc2-0-"),
            "id {id:?} is not scoped to the chart"
        );
    }
    // Any url(#...) reference points at an id inside this SVG.
    for n in doc.descendants() {
        for a in n.attributes() {
            if let Some(rest) = a.value().strip_prefix("url(#") {
                let id = rest.trim_end_matches(')');
                assert!(by_id(&doc, id).is_some(), "dangling reference {id}");
            }
        }
    }
}

#[test]
fn rendering_is_deterministic() {
    for chart in [
        TWO_LINES,
        "type = \"pie\"\nhole = 0.3\nlabels = [\"a\", \"b\", \"c\"]\nvalues = [1, 2, 3]\n",
        "type = \"scatter\"\nx = [1, 1, 2]\ny = [1, 1, 2]\nlabels = [\"a\", \"b\", \"c\"]\n",
        "type = \"bar\"\nmode = \"stack\"\n[[series]]\ny = [1, -2]\n[[series]]\ny = [3, 4]\n",
    ] {
        assert_eq!(render(chart), render(chart), "{chart}");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors

fn error(toml: &str) -> ChartError {
    match render_standalone(toml) {
        Ok(svg) => panic!("expected an error for:\n{toml}\ngot:\n{svg}"),
        Err(e) => e,
    }
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let e = error("type = \"bar\"\ntitel = \"x\"\ny = [1]\n");
    assert_eq!(e.key, "titel", "{e}");
    assert!(e.message.contains("`title`"), "should suggest `title`: {e}");
    assert_eq!((e.line, e.column), (2, 1), "{e}");
}

#[test]
fn unknown_type_lists_the_valid_types() {
    let e = error("type = \"donut\"\nlabels = [\"a\"]\nvalues = [1]\n");
    let msg = &e.message;
    assert_eq!(e.key, "type", "{msg}");
    for kind in ["bar", "line", "scatter", "pie"] {
        assert!(msg.contains(kind), "{kind} missing from: {msg}");
    }
    assert_eq!(e.line, 1, "{msg}");
}

#[test]
fn missing_type_is_an_error() {
    let e = error("y = [1, 2]\n");
    assert_eq!(e.key, "type", "{e}");
}

#[test]
fn string_in_y_names_the_element() {
    let e = error("type = \"line\"\nx = [1, 2, 3]\ny = [1, \"two\", 3]\n");
    assert_eq!(e.key, "y[1]", "{e}");
    assert!(e.message.contains("expected a number"), "{e}");
    assert_eq!((e.line, e.column), (3, 9), "points at \"two\": {e}");
}

#[test]
fn string_in_series_y_names_the_series() {
    let e = error("type = \"line\"\n[[series]]\ny = [1]\n[[series]]\ny = [true]\n");
    assert_eq!(e.key, "series[1].y[0]", "{e}");
    assert_eq!(e.line, 5, "{e}");
}

#[test]
fn mismatched_lengths_are_reported() {
    let e = error("type = \"bar\"\nx = [\"a\", \"b\", \"c\"]\ny = [1, 2]\n");
    let msg = &e.message;
    assert_eq!(e.key, "y", "{msg}");
    assert!(
        msg.contains('2') && msg.contains('3'),
        "names both lengths: {msg}"
    );
    assert_eq!(e.line, 3, "{msg}");
}

#[test]
fn pie_label_value_mismatch_is_reported() {
    let e = error("type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1]\n");
    assert_eq!(e.key, "values", "{e}");
}

#[test]
fn invalid_values_are_reported_with_their_key() {
    for (chart, key) in [
        (
            "type = \"pie\"\nhole = 0.99\nlabels = [\"a\"]\nvalues = [1]\n",
            "hole",
        ),
        (
            "type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1, -1]\n",
            "values[1]",
        ),
        ("type = \"bar\"\ny = [1]\nmode = \"pile\"\n", "mode"),
        ("type = \"bar\"\ny = [1]\ncolor = \"#12345\"\n", "color"),
        ("type = \"bar\"\ny = [1]\nlegend = \"left\"\n", "legend"),
        (
            "type = \"line\"\ny = [1]\n[x-axis]\nrange = [5, 1]\n",
            "x-axis.range",
        ),
        (
            "type = \"line\"\ny = [1]\n[y-axis]\nformat = \"hex\"\n",
            "y-axis.format",
        ),
        ("type = \"line\"\ny = [1]\ndash = \"dotted\"\n", "dash"),
        ("type = \"bar\"\ny = []\n", "y"),
        ("type = \"bar\"\nwidth = 10\ny = [1]\n", "width"),
    ] {
        let e = error(chart);
        assert_eq!(e.key, key, "{chart}\n→ {e}");
    }
}

#[test]
fn toml_syntax_error_is_located() {
    let e = error("type = \"bar\"\ny = [1, 2\ntitle = \"x\"\n");
    assert!(e.key.is_empty(), "{e:?}");
    assert!(e.message.starts_with("invalid TOML"), "{e}");
    let located = format!("<chart>:{}:{}: error: invalid TOML", e.line, e.column);
    assert!(e.to_string().starts_with(&located), "{e}");
    assert!(
        e.line >= 2,
        "points into the block, not line 1: {}:{}",
        e.line,
        e.column
    );
    let e = error("type = \"bar\"\ny = [1]\ntitle = \"unterminated\n");
    assert_eq!(e.line, 3, "{}:{}: {e}", e.line, e.column);
}

#[test]
fn errors_inside_a_chapter_are_located_in_the_chapter() {
    let md = "# T\n\n- item\n\n  ```chart\n  type = \"bar\"\n  y = [1, \"x\"]\n  ```\n";
    let out = process_chapter(md, "src/list.md", 0, &Config::default());
    assert_eq!(out.errors.len(), 1);
    assert_eq!(
        out.errors[0].to_string(),
        "src/list.md:7:11: error: `y[1]`: expected a number, found a string"
    );
    let html = out.content.unwrap();
    assert!(
        html.contains("  <div class=\"svg-chart-error\" role=\"alert\""),
        "{html}"
    );
    assert!(!html.contains("```"), "{html}");
}

// ---------------------------------------------------------------------------------------------
// Outliers beyond an explicit range, blank titles

#[test]
fn data_far_outside_an_explicit_range_does_not_panic() {
    // A zoomed-in axis with one outlier: x = 1e7 on a 0..10 axis.
    for chart in [
        "type = \"scatter\"\nx = [1, 1e7]\ny = [1, 2]\n[x-axis]\nrange = [0, 10]\n",
        "type = \"line\"\nmarkers = true\nx = [1, 1e12]\ny = [1, 2]\n[x-axis]\nrange = [0, 10]\n",
        "type = \"bar\"\ny = [1, -1e12]\n[y-axis]\nrange = [0, 10]\n",
        "type = \"bar\"\norientation = \"horizontal\"\ny = [1, 1e12]\n[y-axis]\nrange = [0, 10]\n",
    ] {
        let result = std::panic::catch_unwind(|| render_standalone(chart));
        let svg = result
            .unwrap_or_else(|_| panic!("rendering panicked for:\n{chart}"))
            .unwrap_or_else(|e| panic!("{e}"));
        parse_svg(&svg);
    }
}

#[test]
fn blank_title_still_gives_an_accessible_name() {
    for title in ["\"\"", "\"   \""] {
        let svg = render(&format!("type = \"bar\"\ntitle = {title}\ny = [1]\n"));
        let doc = parse_svg(&svg);
        let t = children(doc.root_element(), "title");
        assert!(
            !text_of(t[0]).trim().is_empty(),
            "empty <title> for title = {title}"
        );
    }
}

#[test]
fn a_time_axis_has_calendar_ticks_and_places_points_by_time() {
    let svg = render_standalone(
        "type = \"scatter\"\nx = [2026-11-01T00:00:00Z, 2026-11-01T01:00:00Z, 2026-11-02T00:00:00Z]\ny = [1, 2, 3]\nx-axis = { timezone = \"Europe/Berlin\" }\n",
    )
    .unwrap();
    let doc = parse_svg(&svg);
    let labels = texts(&doc);
    for expected in ["06:00", "12:00", "18:00"] {
        assert!(
            labels.iter().any(|l| l == expected),
            "{expected} in {labels:?}"
        );
    }
    assert!(
        !labels.iter().any(|l| l.starts_with("1.79")),
        "no epoch numbers: {labels:?}"
    );
    // Markers are placed by time: the second is 1/24 of the way from the first to the third.
    let xs: Vec<f64> = all(&doc, "circle").iter().map(|c| num(*c, "cx")).collect();
    assert_eq!(xs.len(), 3, "{svg}");
    let share = (xs[1] - xs[0]) / (xs[2] - xs[0]);
    assert!((share - 1.0 / 24.0).abs() < 0.002, "{share}");
}

// ---------------------------------------------------------------------------------------------
// Tooltips

/// Every bar, slice, marker and histogram bin carries a native tooltip (`<title>` inside the
/// mark) naming the series, where it is and its value as the data table writes them.
#[test]
fn every_mark_has_a_tooltip() {
    let cases: [(&str, &str, &[&str]); 5] = [
        (
            "type = \"bar\"\nx = [\"eu\", \"us\"]\n[[series]]\nname = \"p99\"\ny = [120, 95.5]\n",
            "rect",
            &["p99: eu, 120", "p99: us, 95.5"],
        ),
        (
            "type = \"pie\"\nlabels = [\"2xx\", \"5xx\"]\nvalues = [99, 1]\n",
            "path",
            &["2xx: 99 (99%)", "5xx: 1 (1%)"],
        ),
        (
            "type = \"scatter\"\nname = \"db\"\nx = [1, 2]\ny = [3, 4]\nlabels = [\"a\", \"<b>\"]\n",
            "circle",
            &["db: a (1, 3)", "db: <b> (2, 4)"],
        ),
        (
            "type = \"line\"\nname = \"t\"\nx = [2026-11-01T06:00:00Z, 2026-11-01T07:00:00Z]\ny = [1, 2]\nmarkers = true\n",
            "circle",
            &["t: 2026-11-01T06:00:00Z, 1", "t: 2026-11-01T07:00:00Z, 2"],
        ),
        (
            "type = \"histogram\"\nname = \"h\"\nbins = 2\nvalues = [1, 2, 2, 3]\n",
            "rect",
            &["h: 1 to 2: 1", "h: 2 to 3: 3"],
        ),
    ];
    for (chart, tag, tips) in cases {
        let svg = render(chart);
        let doc = parse_svg(&svg);
        let marks: Vec<String> = all(&doc, tag)
            .into_iter()
            .filter_map(|m| {
                m.children()
                    .find(|c| c.has_tag_name("title"))
                    .and_then(|t| t.text())
                    .map(str::to_string)
            })
            .collect();
        assert_eq!(marks, tips, "{chart}\n{svg}");
    }
}

// ---------------------------------------------------------------------------------------------
// Phone layout

/// A figure wider than a phone's column carries a second, narrow layout after the desktop one,
/// hidden unless the book's stylesheet swaps them: 320 units wide, panels stacked, the legend
/// below, named and described by the desktop layout's `<title>` and `<desc>`, no tooltips, ids
/// of its own.
#[test]
fn wide_figures_carry_a_hidden_phone_layout() {
    let chart = "type = \"line\"\ntitle = \"T\"\n[[series]]\nname = \"a\"\ny = [1, 2, 3]\nmarkers = true\n[[series]]\nname = \"b\"\ny = [3, 1, 2]\n";
    let md = format!("# T\n\n```chart\n{chart}```\n");
    let out = process_chapter(&md, "src/t.md", 0, &Config::default());
    let html = out.content.unwrap();
    assert!(html.contains("<svg class=\"sc-wide\""), "{html}");
    let narrow = crate::common::extract_narrow_svgs(&html);
    assert_eq!(narrow.len(), 1);
    let wide = parse_svg(extract_svgs(&html)[0]);
    let phone = parse_svg(narrow[0]);
    let root = phone.root_element();
    assert_eq!(attr(root, "viewBox").split(' ').nth(2), Some("320"));
    assert_eq!(
        attr(root, "aria-labelledby"),
        attr(wide.root_element(), "aria-labelledby")
    );
    assert!(all(&phone, "desc").is_empty());
    assert!(
        all(&phone, "circle")
            .iter()
            .all(|c| c.children().next().is_none()),
        "no tooltips on a touch screen"
    );
    // Ids of the two layouts differ; the legend is below the plot.
    let wide_ids = ids(&wide);
    for id in ids(&phone) {
        assert!(!wide_ids.contains(&id), "{id}");
    }
    let legend_y: Vec<f64> = all(&phone, "text")
        .into_iter()
        .filter(|t| matches!(t.text(), Some("a" | "b")))
        .map(|t| num(t, "y"))
        .collect();
    let height: f64 = attr(root, "viewBox")
        .split(' ')
        .nth(3)
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        legend_y.iter().all(|y| *y > height * 0.8),
        "{legend_y:?} of {height}"
    );
    // A figure already narrow has no second layout.
    let small = process_chapter(
        &format!("# T\n\n```chart\nwidth = 400\n{chart}```\n"),
        "src/t.md",
        0,
        &Config::default(),
    );
    assert!(!small.content.unwrap().contains("sc-narrow"));
}

/// Heat cells, boxes and outliers carry tooltips too.
#[test]
fn heat_cells_and_boxes_have_tooltips() {
    let heat = render(
        "type = \"heatmap\"\nx = [\"Jan\", \"Feb\"]\ny = [\"eu\", \"us\"]\nz = [[99.9, 99.5], [98.7, nan]]\n",
    );
    let doc = parse_svg(&heat);
    let tips: Vec<&str> = all(&doc, "rect")
        .into_iter()
        .filter_map(|r| {
            r.children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
        })
        .collect();
    assert_eq!(
        tips,
        ["eu, Jan: 99.9", "eu, Feb: 99.5", "us, Jan: 98.7"],
        "{heat}"
    );
    let boxes = render("type = \"box\"\n[[series]]\nname = \"api\"\nvalues = [1, 2, 3, 4, 100]\n");
    let doc = parse_svg(&boxes);
    let tips: Vec<&str> = all(&doc, "title")
        .into_iter()
        .filter_map(|t| t.text())
        .collect();
    assert!(
        tips.contains(&"api: min 1, q1 2, median 3, q3 4, max 100, 5 samples"),
        "{tips:?}"
    );
    assert!(tips.contains(&"api: outlier 100"), "{tips:?}");
}

//! Edge cases: odd numbers and odd Markdown.
//!
//! Every odd spec gives a sensible chart (one line of XML-valid SVG) or an error that names the
//! key and points at the right line. Every odd chapter gets exactly the right blocks replaced
//! and keeps everything else byte for byte.

use mdbook_svg_charts::markdown::find_chart_fences;
use mdbook_svg_charts::{Config, process_chapter, render_standalone};
use roxmltree::Document;

// ---------------------------------------------------------------------------------------------
// Specs

enum Expect {
    /// Renders.
    Chart,
    /// Fails naming `key`, at 1-based `line` of the block (`None`: not checked here).
    Error(&'static str, Option<usize>),
}
use Expect::{Chart, Error};

const MAX: &str = "1.7976931348623157e308";

/// `(name, chart block, expected)`.
fn spec_cases() -> Vec<(&'static str, String, Expect)> {
    let s = |t: &str| t.to_string();
    vec![
        // NaN and infinities, wherever a number goes.
        (
            "nan in y (a gap)",
            s("type = \"line\"\ny = [1, nan, 3]\n"),
            Chart,
        ),
        (
            "only nan in y",
            s("type = \"line\"\ny = [nan, nan]\n"),
            Error("y", Some(2)),
        ),
        (
            "inf in y",
            s("type = \"line\"\ny = [1, inf, 3]\n"),
            Error("y[1]", Some(2)),
        ),
        (
            "-inf in x",
            s("type = \"scatter\"\nx = [1, -inf]\ny = [1, 2]\n"),
            Error("x[1]", Some(2)),
        ),
        (
            "+inf in series y",
            s("type = \"bar\"\n[[series]]\ny = [+inf]\n"),
            Error("series[0].y[0]", Some(3)),
        ),
        (
            "nan pie value",
            s("type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1, nan]\n"),
            Error("values[1]", Some(3)),
        ),
        (
            "nan width",
            s("type = \"bar\"\nwidth = nan\ny = [1]\n"),
            Error("width", Some(2)),
        ),
        (
            "inf height",
            s("type = \"bar\"\nheight = inf\ny = [1]\n"),
            Error("height", Some(2)),
        ),
        (
            "inf in range",
            s("type = \"line\"\ny = [1, 2]\n[y-axis]\nrange = [0, inf]\n"),
            Error("y-axis.range[1]", Some(4)),
        ),
        (
            "nan annotation x",
            s("type = \"line\"\ny = [1, 2]\n[[annotation]]\nx = nan\ny = 1\ntext = \"a\"\n"),
            Error("annotation[0].x", Some(4)),
        ),
        (
            "inf reference",
            s("type = \"line\"\ny = [1, 2]\n[[reference]]\ny = inf\n"),
            Error("reference[0].y", Some(4)),
        ),
        (
            "nan hole",
            s("type = \"pie\"\nlabels = [\"a\"]\nvalues = [1]\nhole = nan\n"),
            Error("hole", Some(4)),
        ),
        (
            "inf marker-size",
            s("type = \"scatter\"\ny = [1]\nmarker-size = inf\n"),
            Error("marker-size", Some(3)),
        ),
        (
            "nan sizes",
            s("type = \"scatter\"\nx = [1]\ny = [1]\nsizes = [nan]\n"),
            Error("sizes[0]", Some(4)),
        ),
        (
            "inf color-values",
            s("type = \"scatter\"\nx = [1]\ny = [1]\ncolor-values = [inf]\n"),
            Error("color-values[0]", Some(4)),
        ),
        (
            "nan model parameter",
            s("model = \"cache-hit-rate\"\ncache-ms = nan\n"),
            Error("cache-ms", Some(2)),
        ),
        (
            "nan model list",
            s("model = \"cache-hit-rate\"\nmark = [nan]\n"),
            Error("mark[0]", Some(2)),
        ),
        // Empty data.
        (
            "empty y",
            s("type = \"line\"\ny = []\n"),
            Error("y", Some(2)),
        ),
        (
            "empty series y",
            s("type = \"line\"\n[[series]]\ny = []\n"),
            Error("series[0].y", Some(3)),
        ),
        (
            "empty x and y",
            s("type = \"scatter\"\nx = []\ny = []\n"),
            Error("y", Some(3)),
        ),
        (
            "series without y",
            s("type = \"bar\"\n[[series]]\nname = \"a\"\n"),
            Error("series[0].y", Some(2)),
        ),
        (
            "empty series list",
            s("type = \"line\"\nseries = []\n"),
            Error("y", None),
        ),
        (
            "empty pie",
            s("type = \"pie\"\nlabels = []\nvalues = []\n"),
            Error("values", Some(3)),
        ),
        (
            "empty bar categories",
            s("type = \"bar\"\nx = []\ny = [1]\n"),
            Error("y", Some(3)),
        ),
        // One point.
        ("one point line", s("type = \"line\"\ny = [5]\n"), Chart),
        (
            "one point line with markers and label",
            s("type = \"line\"\nx = [3]\ny = [5]\nmarkers = true\nlabels = [\"p\"]\n"),
            Chart,
        ),
        (
            "one point scatter",
            s("type = \"scatter\"\nx = [3]\ny = [5]\n"),
            Chart,
        ),
        (
            "one point at zero",
            s("type = \"scatter\"\nx = [0]\ny = [0]\n"),
            Chart,
        ),
        ("one bar", s("type = \"bar\"\ny = [5]\n"), Chart),
        (
            "one zero bar",
            s("type = \"bar\"\ny = [0]\nshow-values = true\n"),
            Chart,
        ),
        (
            "one horizontal bar",
            s("type = \"bar\"\norientation = \"horizontal\"\ny = [-5]\n"),
            Chart,
        ),
        (
            "one slice",
            s("type = \"pie\"\nlabels = [\"a\"]\nvalues = [5]\n"),
            Chart,
        ),
        // Mismatched lengths.
        (
            "x longer than y",
            s("type = \"line\"\nx = [1, 2, 3]\ny = [1, 2]\n"),
            Error("y", Some(3)),
        ),
        (
            "y longer than x",
            s("type = \"scatter\"\nx = [1]\ny = [1, 2]\n"),
            Error("y", Some(3)),
        ),
        (
            "labels shorter",
            s("type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\nlabels = [\"a\"]\n"),
            Error("labels", Some(4)),
        ),
        (
            "sizes longer",
            s("type = \"scatter\"\nx = [1]\ny = [1]\nsizes = [1, 2]\n"),
            Error("sizes", Some(4)),
        ),
        (
            "color-values shorter",
            s("type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\ncolor-values = [1]\n"),
            Error("color-values", Some(4)),
        ),
        (
            "pie values shorter",
            s("type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1]\n"),
            Error("values", Some(3)),
        ),
        (
            "pie values longer",
            s("type = \"pie\"\nlabels = [\"a\"]\nvalues = [1, 2]\n"),
            Error("values", Some(3)),
        ),
        (
            "bar series against shared x",
            s("type = \"bar\"\nx = [\"a\", \"b\"]\n[[series]]\ny = [1, 2]\n[[series]]\ny = [1]\n"),
            Error("series[1].y", Some(6)),
        ),
        (
            "bar series with own categories",
            s(
                "type = \"bar\"\n[[series]]\nx = [\"a\"]\ny = [1]\n[[series]]\nx = [\"b\"]\ny = [1]\n",
            ),
            Error("series", None),
        ),
        // Pie values: negative, zero, all zero.
        (
            "negative slice",
            s("type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1, -1]\n"),
            Error("values[1]", Some(3)),
        ),
        (
            "tiny negative slice",
            s("type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1, -5e-324]\n"),
            Error("values[1]", Some(3)),
        ),
        (
            "zero slice",
            s("type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [0, 1]\n"),
            Chart,
        ),
        (
            "negative zero slice",
            s("type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [-0.0, 1]\n"),
            Chart,
        ),
        (
            "all-zero pie",
            s("type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [0, 0]\n"),
            Error("values", Some(3)),
        ),
        (
            "all-zero donut",
            s("type = \"pie\"\nlabels = [\"a\"]\nvalues = [0.0]\nhole = 0.5\n"),
            Error("values", Some(3)),
        ),
        (
            "one huge and one tiny slice",
            s("type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1e300, 1e-300]\n"),
            Chart,
        ),
        (
            "subnormal slice",
            s("type = \"pie\"\nlabels = [\"a\"]\nvalues = [5e-324]\n"),
            Chart,
        ),
        // Identical values.
        (
            "identical x",
            s("type = \"scatter\"\nx = [2, 2, 2]\ny = [1, 2, 3]\n"),
            Chart,
        ),
        (
            "identical points",
            s("type = \"line\"\nx = [2, 2]\ny = [3, 3]\n"),
            Chart,
        ),
        ("identical y", s("type = \"line\"\ny = [3, 3, 3]\n"), Chart),
        (
            "identical categories",
            s("type = \"bar\"\nx = [\"a\", \"a\"]\ny = [1, 2]\n"),
            Chart,
        ),
        (
            "identical bars",
            s("type = \"bar\"\ny = [7, 7, 7]\nshow-values = true\n"),
            Chart,
        ),
        (
            "identical huge y",
            s("type = \"line\"\ny = [1e300, 1e300]\n"),
            Chart,
        ),
        // 1e300 and 1e-300.
        (
            "1e300",
            s("type = \"line\"\nx = [5e299, 1e300]\ny = [1e300, -1e300]\n"),
            Chart,
        ),
        (
            "beyond 1e300",
            s("type = \"line\"\nx = [1e300, 2e300]\ny = [1, 2]\n"),
            Error("x[1]", None),
        ),
        (
            "1e-300",
            s("type = \"line\"\nx = [1e-300, 2e-300]\ny = [1e-300, 3e-300]\n"),
            Chart,
        ),
        (
            "subnormals",
            s("type = \"scatter\"\nx = [5e-324, 1e-323]\ny = [5e-324, 0]\n"),
            Chart,
        ),
        (
            "1e300 bars with values",
            s("type = \"bar\"\ny = [1e300, -1e300]\nshow-values = true\n"),
            Chart,
        ),
        (
            "1e300 and 1e-300 on one axis",
            s("type = \"scatter\"\nx = [1, 2]\ny = [1e300, 1e-300]\n"),
            Chart,
        ),
        (
            "tiny range",
            s("type = \"line\"\ny = [1, 2]\n[y-axis]\nrange = [0, 1e-300]\n"),
            Chart,
        ),
        (
            "huge range",
            s("type = \"line\"\ny = [1, 2]\n[y-axis]\nrange = [-1e300, 1e300]\n"),
            Chart,
        ),
        (
            "range min = max",
            s("type = \"line\"\ny = [1, 2]\n[y-axis]\nrange = [1, 1]\n"),
            Error("y-axis.range", Some(4)),
        ),
        (
            "range reversed",
            s("type = \"line\"\ny = [1, 2]\n[y-axis]\nrange = [2, 1]\n"),
            Error("y-axis.range", Some(4)),
        ),
        (
            "huge bubble",
            s("type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\nsizes = [1e300, 0]\n"),
            Chart,
        ),
        (
            "all-zero bubbles",
            s("type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\nsizes = [0, 0]\n"),
            Chart,
        ),
        (
            "extreme colour values",
            s("type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\ncolor-values = [1e300, -1e300]\n"),
            Chart,
        ),
        (
            "identical colour values",
            s("type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\ncolor-values = [1, 1]\n"),
            Chart,
        ),
        (
            "far annotation",
            s(
                "type = \"line\"\ny = [1, 2]\n[[annotation]]\nx = 1e300\ny = -1e300\ntext = \"far\"\n",
            ),
            Chart,
        ),
        (
            "far reference",
            s("type = \"line\"\ny = [1, 2]\n[[reference]]\ny = 1e300\nlabel = \"r\"\n"),
            Chart,
        ),
        (
            "percent of 1e300",
            s("type = \"line\"\ny = [1e300, 2]\n[y-axis]\nformat = \"percent\"\n"),
            Chart,
        ),
        (
            "equal aspect, extreme ratio",
            s("type = \"scatter\"\nx = [0, 1e-300]\ny = [0, 1e300]\naspect = \"equal\"\n"),
            Chart,
        ),
        (
            "i64::MIN",
            s("type = \"line\"\ny = [1, -9223372036854775808]\n"),
            Chart,
        ),
        (
            "hex, octal, binary",
            s("type = \"line\"\ny = [0xff, 0o7, 0b1]\n"),
            Chart,
        ),
        (
            "TOML dates make a time axis",
            s("type = \"line\"\nx = [1979-05-27, 1979-05-28]\ny = [1, 2]\n"),
            Chart,
        ),
        // Log axes.
        (
            "log axis",
            s("type = \"line\"\ny = [1, 10, 1000]\n[y-axis]\nscale = \"log\"\n"),
            Chart,
        ),
        (
            "log axis from 1e-300 to 1e300",
            s("type = \"line\"\ny = [1e-300, 1e300]\n[y-axis]\nscale = \"log\"\n"),
            Chart,
        ),
        (
            "log axis with a subnormal",
            s("type = \"line\"\ny = [5e-324, 1]\n[y-axis]\nscale = \"log\"\n"),
            Chart,
        ),
        (
            "log axis, one value",
            s("type = \"scatter\"\nx = [1]\ny = [10]\n[y-axis]\nscale = \"log\"\n"),
            Chart,
        ),
        (
            "log y with 0",
            s("type = \"line\"\ny = [1, 0, 3]\n[y-axis]\nscale = \"log\"\n"),
            Error("y[1]", None),
        ),
        (
            "log y with -0.0",
            s("type = \"line\"\ny = [1, -0.0]\n[y-axis]\nscale = \"log\"\n"),
            Error("y[1]", None),
        ),
        (
            "log y negative",
            s("type = \"scatter\"\nx = [1, 2]\ny = [1, -3]\n[y-axis]\nscale = \"log\"\n"),
            Error("y[1]", None),
        ),
        (
            "log y negative, second series",
            s(
                "type = \"line\"\n[y-axis]\nscale = \"log\"\n[[series]]\ny = [1]\n[[series]]\ny = [-1]\n",
            ),
            Error("series[1].y[0]", None),
        ),
        (
            "log x negative",
            s("type = \"scatter\"\nx = [-1, 2]\ny = [1, 3]\n[x-axis]\nscale = \"log\"\n"),
            Error("x[0]", None),
        ),
        (
            "log x zero",
            s("type = \"line\"\nx = [0, 2]\ny = [1, 3]\n[x-axis]\nscale = \"log\"\n"),
            Error("x[0]", None),
        ),
        (
            "log bar",
            s("type = \"bar\"\ny = [1, 3]\n[y-axis]\nscale = \"log\"\n"),
            Error("y-axis.scale", None),
        ),
        (
            "log model",
            s("model = \"cache-hit-rate\"\n[y-axis]\nscale = \"log\"\n"),
            Chart,
        ),
        // Near f64::MAX without overflow of a span.
        (
            "f64::MAX alone",
            format!("type = \"line\"\ny = [{MAX}]\n"),
            Error("y[0]", None),
        ),
        (
            "f64::MAX pie slice",
            format!("type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [{MAX}, 1]\n"),
            Error("values[0]", None),
        ),
    ]
}

#[test]
fn odd_numbers_give_a_chart_or_a_located_error() {
    let mut failures = Vec::new();
    for (name, toml, expect) in spec_cases() {
        let result = render_standalone(&toml);
        match (&expect, result) {
            (Chart, Ok(svg)) => {
                assert!(!svg.contains(['\n', '\r']), "{name}: line break");
                if let Err(e) = Document::parse(&svg) {
                    failures.push(format!("{name}: invalid XML: {e}"));
                }
            }
            (Error(key, line), Err(e)) => {
                if e.key != *key {
                    failures.push(format!("{name}: key {:?}, expected {key:?}: {e}", e.key));
                }
                if let Some(line) = line
                    && e.line != *line
                {
                    failures.push(format!("{name}: line {}, expected {line}: {e}", e.line));
                }
                // In a chapter: FILE:LINE:COL: error: `KEY`: message.
                let md = format!("# T\n\n```chart\n{toml}```\n");
                let out = process_chapter(&md, "src/e.md", 0, &Config::default());
                let shown = out
                    .errors
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let prefix = format!("src/e.md:{}:{}: error: `{key}`: ", e.line + 3, e.column);
                if !shown.starts_with(&prefix) {
                    failures.push(format!("{name}: {shown:?} does not start with {prefix:?}"));
                }
            }
            (Chart, Err(e)) => failures.push(format!("{name}: expected a chart, got {e}")),
            (Error(key, _), Ok(_)) => failures.push(format!(
                "{name}: expected an error naming {key}, got a chart"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- Sanity of the chart, not only of the XML ------------------------------------------------

fn parse_tick(t: &str) -> Option<f64> {
    let t = t.replace('\u{2212}', "-");
    let (num, scale) = match t.chars().last()? {
        'k' => (&t[..t.len() - 1], 1e3),
        'M' => (&t[..t.len() - 1], 1e6),
        'G' => (&t[..t.len() - 1], 1e9),
        'T' => (&t[..t.len() - 1], 1e12),
        _ => (t.as_str(), 1.0),
    };
    num.parse::<f64>().ok().map(|v| v * scale)
}

/// The value-axis tick labels of a vertical chart (right-aligned texts left of the plot).
fn y_ticks(svg: &str) -> Vec<f64> {
    let doc = Document::parse(svg).expect("XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("text-anchor") == Some("end"))
        .filter_map(|n| parse_tick(&n.children().filter_map(|c| c.text()).collect::<String>()))
        .collect()
}

/// A sensible value axis: at least two distinct, increasing ticks that reach the data's scale.
fn assert_axis_covers(name: &str, svg: &str, largest: f64) {
    let ticks = y_ticks(svg);
    assert!(ticks.len() >= 2, "{name}: ticks {ticks:?}");
    assert!(
        ticks.windows(2).all(|w| w[0] != w[1]),
        "{name}: repeated tick labels {ticks:?}"
    );
    let reach = ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    assert!(
        reach >= largest.abs() / 10.0,
        "{name}: ticks {ticks:?} do not reach the data ({largest:e})"
    );
}

#[test]
fn axes_of_huge_values_are_sensible() {
    for (name, toml, largest) in [
        (
            "1e300 line",
            "type = \"line\"\ny = [1e300, -1e300]\n",
            1e300,
        ),
        ("1e300 bars", "type = \"bar\"\ny = [5e299, 1e300]\n", 1e300),
        (
            "1e-300 line",
            "type = \"line\"\ny = [1e-300, 3e-300]\n",
            3e-300,
        ),
    ] {
        let svg = render_standalone(toml).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_axis_covers(name, &svg, largest);
    }
}

#[test]
fn values_whose_span_overflows_give_a_sensible_axis_or_an_error() {
    let cases = [
        (
            "scatter at ±f64::MAX",
            format!("type = \"scatter\"\nx = [1, 2]\ny = [{MAX}, -{MAX}]\n"),
            f64::MAX,
        ),
        (
            "bars at ±1.7e308",
            "type = \"bar\"\ny = [1.7e308, -1.7e308]\n".to_string(),
            1.7e308,
        ),
        (
            "explicit range ±f64::MAX",
            format!("type = \"line\"\ny = [1, 2]\n[y-axis]\nrange = [-{MAX}, {MAX}]\n"),
            f64::MAX,
        ),
        (
            "stacked bars summing past f64::MAX",
            "type = \"bar\"\nmode = \"stack\"\nx = [\"a\"]\n[[series]]\ny = [1.7e308]\n\
             [[series]]\ny = [1.7e308]\n"
                .to_string(),
            f64::MAX,
        ),
    ];
    for (name, toml, largest) in cases {
        match render_standalone(&toml) {
            Ok(svg) => assert_axis_covers(name, &svg, largest),
            Err(e) => assert!(!e.key.is_empty(), "{name}: {e}"),
        }
    }
}

#[test]
fn pie_whose_total_overflows_draws_every_slice_or_fails() {
    let toml = "type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1.7e308, 1.7e308]\n";
    match render_standalone(toml) {
        Ok(svg) => {
            let doc = Document::parse(&svg).unwrap();
            let slices = doc
                .descendants()
                .filter(|n| n.has_tag_name("path") && n.attribute("fill").is_some())
                .count();
            assert_eq!(slices, 2, "two slices of 50%: {svg}");
            assert!(!svg.contains("(0%)"), "{svg}");
        }
        Err(e) => assert!(e.key.starts_with("values"), "{e}"),
    }
}

#[test]
fn log_axis_range_must_be_positive() {
    for range in ["[-1, 10]", "[0, 10]"] {
        let toml =
            format!("type = \"line\"\ny = [1, 10]\n[y-axis]\nscale = \"log\"\nrange = {range}\n");
        let e = render_standalone(&toml).expect_err(range);
        assert_eq!(e.key, "y-axis.range", "{range}: {e}");
        assert_eq!(e.line, 5, "{range}: {e}");
    }
}

#[test]
fn log_axis_errors_point_at_the_value() {
    let toml = "type = \"line\"\ny = [1, 0, 3]\n[y-axis]\nscale = \"log\"\n";
    let e = render_standalone(toml).unwrap_err();
    assert_eq!(e.key, "y[1]");
    assert_eq!((e.line, e.column), (2, 9), "{e}");
    let toml = "type = \"bar\"\ny = [1, 3]\n[y-axis]\nscale = \"log\"\n";
    let e = render_standalone(toml).unwrap_err();
    assert_eq!((e.key.as_str(), e.line), ("y-axis.scale", 4), "{e}");
}

#[test]
fn non_finite_coordinate_message_is_readable() {
    for toml in [
        "type = \"line\"\ny = [1, 2]\n[[annotation]]\nx = nan\ny = 1\ntext = \"a\"\n",
        "type = \"line\"\ny = [1, 2]\n[[reference]]\ny = inf\n",
    ] {
        let e = render_standalone(toml).unwrap_err();
        assert!(e.message.len() < 120, "{}", e.message);
    }
}

#[test]
fn out_of_range_integer_message_is_not_contradictory() {
    // 1e20 is a perfectly drawable value: it renders.
    let svg = render_standalone("type = \"line\"\ny = [1, 99999999999999999999]\n").unwrap();
    Document::parse(&svg).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Markdown

const BAR: &str = "type = \"bar\"\ny = [1, 2]\n";

/// Checks `out` against `template`, in which `§` stands for one figure line (no line break,
/// `<figure class="svg-chart" ...>...</figure>`, XML-valid) and every other byte must match.
fn assert_output(chapter: &str, template: &str) {
    let out = process_chapter(chapter, "src/md.md", 0, &Config::default());
    let figures = template.matches('§').count();
    assert_eq!(out.charts, figures, "chart count for {chapter:?}");
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let Some(content) = out.content else {
        assert_eq!(figures, 0, "no replacement for {chapter:?}");
        assert_eq!(template, chapter);
        return;
    };
    let mut rest = content.as_str();
    let mut parts = template.split('§').peekable();
    while let Some(part) = parts.next() {
        assert!(
            rest.starts_with(part),
            "expected {part:?} at {:?}\nin {content:?}",
            &rest[..rest.len().min(80)]
        );
        rest = &rest[part.len()..];
        if parts.peek().is_some() {
            let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
            let line = &rest[..end];
            assert!(
                line.starts_with("<figure class=\"svg-chart\"") && line.ends_with("</figure>"),
                "not a figure line: {line:?}"
            );
            Document::parse(&format!("<r>{line}</r>")).expect("figure line is XML");
            rest = &rest[end..];
        }
    }
    assert!(rest.is_empty(), "unexpected tail {rest:?}");
}

#[test]
fn crlf_line_endings() {
    let c = format!(
        "# T\r\n\r\n```chart\r\n{}```\r\n\r\nAfter\r\n",
        BAR.replace('\n', "\r\n")
    );
    assert_output(&c, "# T\r\n\r\n§\r\n\r\nAfter\r\n");
    // Text right after the fence: a blank line (CRLF) ends the HTML block.
    let c = format!("```chart\r\n{}```\r\nAfter\r\n", BAR.replace('\n', "\r\n"));
    assert_output(&c, "§\r\n\r\nAfter\r\n");
}

#[test]
fn crlf_and_bom_errors_are_located() {
    let c = "\u{feff}Intro\r\n\r\n```chart\r\ntype = \"bar\"\r\ny = [\"x\"]\r\n```\r\n";
    let out = process_chapter(c, "src/c.md", 0, &Config::default());
    assert_eq!(out.errors.len(), 1);
    let e = &out.errors[0];
    assert_eq!((e.line, e.column, e.key.as_str()), (5, 6, "y[0]"), "{e}");
}

#[test]
fn byte_order_mark() {
    let c = format!("\u{feff}```chart\n{BAR}```\n\nText\n");
    assert_output(&c, "\u{feff}§\n\nText\n");
    let c = format!("\u{feff}# T\n\n```chart\n{BAR}```\n");
    assert_output(&c, "\u{feff}# T\n\n§\n");
}

#[test]
fn tabs() {
    // A tab after a list marker, tab-indented body, tabs inside the TOML.
    let c = "-\t```chart\n\ttype\t=\t\"bar\"\n\ty = [1,\t2]\n\t```\n";
    assert_output(c, "-\t§\n");
    // A tab before a fence is 4 columns: an indented code block, not a chart.
    let c = format!("Para.\n\n\t```chart\n\t{BAR}\t```\n");
    assert_output(&c, &c);
}

#[test]
fn unclosed_fence() {
    let c = format!("Intro\n\n```chart\n{BAR}");
    assert_output(&c, "Intro\n\n§\n");
    // Trailing blank lines of an unclosed fence stay outside the replaced range.
    let c = format!("Intro\n\n```chart\n{BAR}\n\n");
    assert_output(&c, "Intro\n\n§\n\n\n");
    // Unclosed in a block quote: ends with the quote.
    let c = format!(
        "> ```chart\n> {}\nAfter\n",
        BAR.trim_end().replace('\n', "\n> ")
    );
    let fences = find_chart_fences(&c);
    assert_eq!(fences.len(), 1);
}

#[test]
fn chart_fence_inside_an_html_block_is_untouched() {
    let c = format!("<div class=\"x\">\n```chart\n{BAR}```\n</div>\n");
    assert_output(&c, &c);
    let c = format!("<details>\n<summary>S</summary>\n\n```chart\n{BAR}```\n\n</details>\n");
    // A blank line ends the HTML block: this fence is Markdown again and is replaced.
    assert_output(&c, "<details>\n<summary>S</summary>\n\n§\n\n</details>\n");
    let c = format!("<!--\n```chart\n{BAR}```\n-->\n");
    assert_output(&c, &c);
}

#[test]
fn chart_fence_inside_a_footnote() {
    let c = format!(
        "Text[^1].\n\n[^1]: ```chart\n    {}\n    ```\n\nAfter.\n",
        BAR.trim_end().replace('\n', "\n    ")
    );
    assert_output(&c, "Text[^1].\n\n[^1]: §\n\nAfter.\n");
}

#[test]
fn chart_fence_in_a_table_cell_is_untouched() {
    let c = "| a | b |\n|---|---|\n| ```chart | x |\n| type = \"bar\" | ``` |\n";
    assert_output(c, c);
    let c = "| ```chart<br>type = \"bar\"<br>``` |\n|---|\n";
    assert_output(c, c);
}

#[test]
fn chart_fence_at_end_of_file_without_newline() {
    let c = format!("Text\n\n```chart\n{BAR}```");
    assert_output(&c, "Text\n\n§");
    let c = format!("```chart\n{BAR}```");
    assert_output(&c, "§");
    let c = format!(
        "> ```chart\n> {}\n> ```",
        BAR.trim_end().replace('\n', "\n> ")
    );
    assert_output(&c, "> §");
}

#[test]
fn adjacent_fences_are_both_replaced() {
    let c = format!("```chart\n{BAR}```\n~~~chart\n{BAR}~~~\n");
    assert_output(&c, "§\n\n§\n");
}

#[test]
fn two_hundred_fences_in_one_chapter() {
    let mut chapter = String::from("# Many charts\n\n");
    let mut template = chapter.clone();
    for i in 0..200 {
        let (open, close) = if i % 2 == 0 {
            ("```chart", "```")
        } else {
            ("~~~~chart", "~~~~")
        };
        let para = format!("Paragraph {i} with `code`, *emphasis* and a tab\there.\n\n");
        chapter.push_str(&para);
        template.push_str(&para);
        match i % 4 {
            0 | 1 => {
                chapter.push_str(&format!("{open}\n{BAR}{close}\n\n"));
                template.push_str("§\n\n");
            }
            2 => {
                let body = BAR.trim_end().replace('\n', "\n> ");
                chapter.push_str(&format!("> {open}\n> {body}\n> {close}\n\n"));
                template.push_str("> §\n\n");
            }
            _ => {
                let body = BAR.trim_end().replace('\n', "\n  ");
                chapter.push_str(&format!("- item\n- {open}\n  {body}\n  {close}\n\n"));
                template.push_str("- item\n- §\n\n");
            }
        }
    }
    chapter.push_str("The end.\n");
    template.push_str("The end.\n");
    assert_output(&chapter, &template);
    // Ids are unique across the chapter.
    let out = process_chapter(&chapter, "src/m.md", 7, &Config::default())
        .content
        .unwrap();
    for n in [0, 99, 199] {
        assert_eq!(out.matches(&format!("id=\"sc7-{n}-t\"")).count(), 1);
    }
}

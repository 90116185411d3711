//! Property tests of the preprocessor's contract: no input can crash, hang, inject or silently
//! lose content.
//!
//! * Anything inside a `chart` fence (random bytes, random strings, TOML-ish text) gives exactly
//!   one figure line or one error box, and every byte of the chapter outside the fence is kept.
//! * Structurally valid specs with extreme numbers render to XML-valid one-line SVG, or fail with
//!   a located error.
//! * Random Markdown around chart fences keeps everything outside the fences byte for byte and
//!   gets exactly one figure per chart fence.
//!
//! The case count per property defaults to a value that keeps this file fast in a debug build;
//! `PROPTEST_CASES=N` overrides it (e.g. `PROPTEST_CASES=100000 cargo test --release --test
//! testsuite -- --nocapture properties::`, which also prints how many cases each property
//! passed).

use std::sync::atomic::{AtomicUsize, Ordering};

use mdbook_svg_charts::markdown::find_chart_fences;
use mdbook_svg_charts::{Config, process_chapter, render_standalone};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

use crate::common::{FIGURE_OPEN, toml_num, toml_nums, toml_str, toml_strs};

// ---------------------------------------------------------------------------------------------
// Harness

/// Default case counts (debug `cargo test` stays well under a minute).
const FENCE_CASES: u32 = 200;
const EXTREME_CASES: u32 = 100;
const MARKDOWN_CASES: u32 = 64;

/// `PROPTEST_CASES` when set (proptest's own variable), else `default` cases. Failing cases are
/// saved to (and replayed from) `tests/testsuite/properties.proptest-regressions`.
fn config(default: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default;
    }
    config.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(
        "tests/testsuite/properties.proptest-regressions",
    )));
    config
}

/// Counts the cases that passed, per property, split by outcome (`yes`/`no`, e.g. whether a
/// chart was rendered), and reports them on stderr (shown with `--nocapture`) when the
/// property's last case has run.
struct Counter {
    name: &'static str,
    yes: &'static str,
    no: &'static str,
    passed: AtomicUsize,
    yeses: AtomicUsize,
}

impl Counter {
    const fn new(name: &'static str, yes: &'static str, no: &'static str) -> Self {
        Counter {
            name,
            yes,
            no,
            passed: AtomicUsize::new(0),
            yeses: AtomicUsize::new(0),
        }
    }

    fn pass(&self, cases: u32, outcome: bool) {
        let y = self
            .yeses
            .fetch_add(usize::from(outcome), Ordering::Relaxed)
            + usize::from(outcome);
        let n = self.passed.fetch_add(1, Ordering::Relaxed) + 1;
        if n == cases as usize {
            eprintln!(
                "property {}: {n} cases passed ({y} {}, {} {})",
                self.name,
                self.yes,
                n - y,
                self.no
            );
        }
    }
}

const RENDERED: &str = "rendered a chart";
const LOCATED: &str = "gave a located error";

fn cases(default: u32) -> u32 {
    config(default).cases
}

const ERROR_OPEN: &str = "<div class=\"svg-chart-error\"";

/// Checks that `line` is one figure or one error box: one line, and well-formed XML once
/// wrapped in a root element (the SVG and the data table included). Returns whether it is a
/// figure.
fn check_replacement_line(line: &str) -> Result<bool, TestCaseError> {
    prop_assert!(!line.contains(['\n', '\r']), "line break in {line:?}");
    let figure = line.starts_with(FIGURE_OPEN) && line.ends_with("</figure>");
    let error = line.starts_with(ERROR_OPEN) && line.ends_with("</div>");
    prop_assert!(figure || error, "not a figure or error line: {line:?}");
    let wrapped = format!("<root>{line}</root>");
    if let Err(e) = roxmltree::Document::parse(&wrapped) {
        return Err(TestCaseError::fail(format!(
            "replacement is not well-formed XML: {e}: {line}"
        )));
    }
    Ok(figure)
}

/// `out` must be `chapter` with each of `ranges` replaced by exactly one figure or error line,
/// every other byte kept in order. Returns the number of figures (not error boxes).
fn check_splice(
    chapter: &str,
    ranges: &[std::ops::Range<usize>],
    out: &str,
) -> Result<usize, TestCaseError> {
    let (mut inp, mut outp, mut figures) = (0, 0, 0);
    for r in ranges {
        let keep = &chapter[inp..r.start];
        prop_assert!(
            out[outp..].starts_with(keep),
            "text before the fence at {} changed\nchapter: {chapter:?}\nout: {out:?}",
            r.start
        );
        outp += keep.len();
        let rest = &out[outp..];
        let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        if check_replacement_line(&rest[..line_end])? {
            figures += 1;
        }
        outp += line_end;
        inp = r.end;
    }
    prop_assert_eq!(
        &out[outp..],
        &chapter[inp..],
        "text after the last fence changed"
    );
    Ok(figures)
}

// ---------------------------------------------------------------------------------------------
// 1. Anything inside a fence

/// Characters that matter to Markdown, TOML, XML or line handling, plus any character.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => select(vec![
            '\n', '\r', '\t', ' ', '`', '~', '"', '\'', '\\', '[', ']', '{', '}', '=', ',', '#',
            '<', '>', '&', ';', '.', '-', '+', 'e', '0', '1', '9', '\u{0}', '\u{1}', '\u{1f}',
            '\u{7f}', '\u{85}', '\u{9f}', '\u{a0}', '\u{feff}', '\u{2028}', '\u{2029}',
            '\u{202e}', '\u{fffd}', '\u{ffff}', 'é', '漢', '🎉',
        ]),
        2 => any::<char>(),
    ]
}

fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    vec(nasty_char(), 0..max).prop_map(String::from_iter)
}

/// Valid specs that [`tomlish`] mutates.
const VALID_SPECS: &[&str] = &[
    "type = \"bar\"\ntitle = \"Requests\"\nx = [\"REST\", \"gRPC\"]\nmode = \"stack\"\n\
     [[series]]\nname = \"a\"\ny = [1, 2]\n[[series]]\nname = \"b\"\ny = [3, 4]\n",
    "type = \"line\"\nx = [0, 1, 2]\ny = [1, 3, 7]\nmarkers = true\ndash = \"dash\"\n\
     [y-axis]\ntitle = \"ms\"\nsuffix = \" ms\"\nrange = [0, 10]\n",
    "type = \"scatter\"\nx = [1, 2, 3]\ny = [2, 4, 8]\nlabels = [\"a\", \"b\", \"c\"]\n\
     sizes = [1, 2, 3]\ncolor-values = [0, 1, 2]\n[[annotation]]\nx = 2\ny = 4\ntext = \"peak\"\n\
     [[reference]]\ny = 3\nlabel = \"SLO\"\n",
    "type = \"pie\"\nlabels = [\"2xx\", \"4xx\", \"5xx\"]\nvalues = [85, 10, 5]\nhole = 0.4\n\
     slice-labels = \"value\"\n",
    "model = \"cache-hit-rate\"\ncache-ms = 2\nbackend-ms = 50\nmark = [0.5, 0.9]\n",
    "columns = 2\n[[panel]]\ntype = \"bar\"\ny = [1, 2]\n[[panel]]\ntype = \"line\"\ny = [3, 1]\n\
     [panel.y-axis]\nscale = \"log\"\n",
];

/// A change to one line of a valid spec.
#[derive(Clone, Debug)]
enum Edit {
    Value(String),
    Drop,
    Duplicate,
    Insert(String),
}

/// Text that looks like a chart spec: valid specs with a few lines given another value,
/// dropped, duplicated or inserted, or lines of real and misspelt keys with all kinds of values.
fn tomlish() -> BoxedStrategy<String> {
    let key = select(vec![
        "type",
        "title",
        "description",
        "x",
        "y",
        "name",
        "labels",
        "values",
        "width",
        "height",
        "legend",
        "colors",
        "color",
        "mode",
        "orientation",
        "show-values",
        "hole",
        "slice-labels",
        "markers",
        "dash",
        "line-width",
        "marker-size",
        "sizes",
        "color-values",
        "color-scale",
        "color-title",
        "aspect",
        "data-table",
        "columns",
        "model",
        "backend-label",
        "samples",
        "data",
        "titel",
        "y-axis.scale",
        "x-axis.range",
        "\"quoted key\"",
    ]);
    let scalar = prop_oneof![
        select(vec![
            "\"bar\"",
            "\"line\"",
            "\"scatter\"",
            "\"pie\"",
            "\"log\"",
            "\"stack\"",
            "\"horizontal\"",
            "\"cache-hit-rate\"",
            "\"steelblue\"",
            "\"#abc\"",
            "true",
            "false",
            "nan",
            "-inf",
            "+inf",
            "0",
            "-0.0",
            "1e300",
            "-1e300",
            "1e-300",
            "5e-324",
            "1.7976931348623157e308",
            "99999999999999999999",
            "0xff",
            "1979-05-27",
            "[]",
            "{}",
            "'''x'''",
        ])
        .prop_map(str::to_string),
        nasty_string(12).prop_map(|s| toml_str(&s)),
        any::<f64>().prop_map(|v| if v.is_finite() {
            toml_num(v)
        } else {
            "nan".into()
        }),
        any::<i64>().prop_map(|v| v.to_string()),
    ];
    let value = prop_oneof![
        3 => scalar.clone(),
        2 => vec(scalar.clone(), 0..12).prop_map(|v| format!("[{}]", v.join(", "))),
        1 => (key.clone(), scalar).prop_map(|(k, v)| format!("{{ {k} = {v} }}")),
    ];
    let line = prop_oneof![
        6 => (key, value.clone()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => select(vec![
            "[x-axis]",
            "[y-axis]",
            "[[series]]",
            "[[panel]]",
            "[[annotation]]",
            "[[reference]]",
            "[series]",
            "[[x-axis]]",
            "[",
            "]]",
            "# comment",
            "",
        ])
        .prop_map(str::to_string),
        1 => nasty_string(20),
    ];
    let edit = prop_oneof![
        3 => value.prop_map(Edit::Value),
        1 => Just(Edit::Drop),
        1 => Just(Edit::Duplicate),
        2 => line.clone().prop_map(Edit::Insert),
    ];
    let edits = vec((any::<prop::sample::Index>(), edit), 0..3);
    let mutated = (select(VALID_SPECS.to_vec()), edits).prop_map(|(spec, edits)| {
        let mut lines: Vec<String> = spec.lines().map(str::to_string).collect();
        for (at, edit) in edits {
            let i = at.index(lines.len());
            match edit {
                Edit::Value(v) => {
                    if let Some((k, _)) = lines[i].split_once(" = ") {
                        lines[i] = format!("{k} = {v}");
                    }
                }
                Edit::Drop => {
                    lines.remove(i);
                }
                Edit::Duplicate => lines.insert(i, lines[i].clone()),
                Edit::Insert(l) => lines.insert(i, l),
            }
            if lines.is_empty() {
                break;
            }
        }
        lines.join("\n")
    });
    prop_oneof![
        2 => mutated,
        1 => vec(line, 0..24).prop_map(|lines| lines.join("\n")),
    ]
    .boxed()
}

/// Paragraph text that cannot open a container or a block that would swallow the fence.
fn safe_text() -> impl Strategy<Value = String> {
    let word = select(vec![
        "Intro",
        "text",
        "with",
        "*emphasis*",
        "`code`",
        "é",
        "漢字",
        "🎉",
        "chart",
        "1",
        "tab\there",
        "x",
        "y",
    ]);
    vec(word, 1..8).prop_map(|w| w.join(" "))
}

static RANDOM_BYTES: Counter = Counter::new("random bytes in a fence", RENDERED, LOCATED);
static RANDOM_STRING: Counter = Counter::new("random string in a fence", RENDERED, LOCATED);
static TOMLISH: Counter = Counter::new("TOML-ish text in a fence", RENDERED, LOCATED);

/// Puts `body` in a backtick fence long enough that nothing in it can close the fence, between
/// `before` and `after`, and checks the one replacement and every other byte.
fn check_fenced_body(body: &str, before: &str, after: &str) -> Result<bool, TestCaseError> {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let block = format!("{fence}chart\n{body}\n{fence}");
    let chapter = format!("{before}\n\n{block}\n\n{after}");
    let start = before.len() + 2;
    let range = start..start + block.len();

    let fences = find_chart_fences(&chapter);
    prop_assert_eq!(fences.len(), 1, "chapter: {:?}", chapter);
    prop_assert_eq!(&fences[0].range, &range);

    let out = process_chapter(&chapter, "src/p.md", 0, &Config::default());
    prop_assert_eq!(out.charts, 1);
    let content = out
        .content
        .ok_or_else(|| TestCaseError::fail("a chapter with a chart came back unchanged"))?;
    let figures = check_splice(&chapter, &[range], &content)?;
    prop_assert_eq!(figures + out.errors.len(), 1);
    for e in &out.errors {
        // Located inside the chapter.
        let lines = chapter.split('\n').count();
        prop_assert!(e.line >= 3 && e.line <= lines, "{e} in {lines} lines");
        prop_assert!(e.column >= 1);
    }
    Ok(figures == 1)
}

proptest! {
    #![proptest_config(config(FENCE_CASES))]

    #[test]
    fn random_bytes_in_a_fence(
        bytes in vec(any::<u8>(), 0..400),
        before in safe_text(),
        after in safe_text(),
    ) {
        let body = String::from_utf8_lossy(&bytes);
        let rendered = check_fenced_body(&body, &before, &after)?;
        RANDOM_BYTES.pass(cases(FENCE_CASES), rendered);
    }

    #[test]
    fn random_string_in_a_fence(
        body in nasty_string(300),
        before in safe_text(),
        after in safe_text(),
    ) {
        let rendered = check_fenced_body(&body, &before, &after)?;
        RANDOM_STRING.pass(cases(FENCE_CASES), rendered);
    }

    #[test]
    fn tomlish_text_in_a_fence(
        body in tomlish(),
        before in safe_text(),
        after in safe_text(),
    ) {
        let rendered = check_fenced_body(&body, &before, &after)?;
        TOMLISH.pass(cases(FENCE_CASES), rendered);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Valid structure, extreme values

/// Finite numbers, biased to the extremes: zeros, ±1e300, ±1e-300, subnormals, ±f64::MAX.
fn extreme() -> BoxedStrategy<f64> {
    prop_oneof![
        3 => select(vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            1e300,
            -1e300,
            1e-300,
            -1e-300,
            5e-324,
            -5e-324,
            2.225e-309,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            1e15,
            9_007_199_254_740_993.0,
            123_456_789.123,
            1e-7,
        ]),
        3 => -1000.0..1000.0f64,
        1 => any::<f64>().prop_filter("finite", |v| v.is_finite()),
        1 => (-1e6..1e6f64).prop_map(|v| 1e290 + v * 1e275),
        1 => 1e-310..1e-300f64,
    ]
    .boxed()
}

/// A list of extreme numbers; sometimes all identical.
fn numbers(len: usize) -> BoxedStrategy<Vec<f64>> {
    prop_oneof![
        4 => vec(extreme(), len),
        1 => extreme().prop_map(move |v| vec![v; len]),
    ]
    .boxed()
}

fn label() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(vec!["a", "REST", "gRPC", "Ünïcödé", "漢字", "🎉 party", "مرحبا", "x<y&z"])
            .prop_map(str::to_string),
        1 => nasty_string(40),
        1 => vec(select(vec!['a', 'b', ' ', 'W', 'é']), 100..400).prop_map(String::from_iter),
    ]
    .boxed()
}

fn labels(len: usize) -> impl Strategy<Value = Vec<String>> {
    vec(label(), len)
}

fn axis_table(name: &'static str) -> BoxedStrategy<String> {
    (
        proptest::option::of((extreme(), extreme())),
        any::<bool>(),
        proptest::option::of(label()),
        select(vec!["auto", "plain", "percent"]),
    )
        .prop_map(move |(range, log, title, format)| {
            let mut t = format!("[{name}]\nformat = \"{format}\"\n");
            if let Some((a, b)) = range {
                t.push_str(&format!("range = [{}, {}]\n", toml_num(a), toml_num(b)));
            }
            if log {
                t.push_str("scale = \"log\"\n");
            }
            if let Some(title) = title {
                t.push_str(&format!("title = {}\n", toml_str(&title)));
            }
            t
        })
        .boxed()
}

fn bar_spec() -> BoxedStrategy<String> {
    (1usize..40, 1usize..5)
        .prop_flat_map(|(n, k)| {
            (
                labels(n),
                vec(numbers(n), k),
                select(vec!["group", "stack"]),
                select(vec!["vertical", "horizontal"]),
                any::<bool>(),
                proptest::option::of(axis_table("y-axis")),
            )
        })
        .prop_map(|(x, ys, mode, orientation, show, axis)| {
            let mut t = format!(
                "type = \"bar\"\nx = {}\nmode = \"{mode}\"\norientation = \"{orientation}\"\n\
                 show-values = {show}\n",
                toml_strs(&x)
            );
            for (i, y) in ys.iter().enumerate() {
                t.push_str(&format!(
                    "[[series]]\nname = \"s{i}\"\ny = {}\n",
                    toml_nums(y)
                ));
            }
            if let Some(a) = axis {
                t.push_str(&a);
            }
            t
        })
        .boxed()
}

fn xy_spec() -> BoxedStrategy<String> {
    (1usize..300, 1usize..4, select(vec!["line", "scatter"]))
        .prop_flat_map(|(n, k, kind)| {
            (
                Just(kind),
                vec((numbers(n), numbers(n)), k),
                proptest::option::of(labels(n.min(40))),
                any::<bool>(),
                proptest::option::of(axis_table("x-axis")),
                proptest::option::of(axis_table("y-axis")),
            )
        })
        .prop_map(|(kind, series, point_labels, markers, xa, ya)| {
            let mut t = format!("type = \"{kind}\"\n");
            for (i, (x, y)) in series.iter().enumerate() {
                t.push_str(&format!(
                    "[[series]]\nname = \"s{i}\"\nx = {}\ny = {}\n",
                    toml_nums(x),
                    toml_nums(y)
                ));
                if kind == "line" {
                    t.push_str(&format!("markers = {markers}\n"));
                }
                if let Some(l) = &point_labels
                    && l.len() == x.len()
                {
                    t.push_str(&format!("labels = {}\n", toml_strs(l)));
                }
            }
            for a in [xa, ya].into_iter().flatten() {
                t.push_str(&a);
            }
            t
        })
        .boxed()
}

fn pie_spec() -> BoxedStrategy<String> {
    (1usize..30)
        .prop_flat_map(|n| {
            (
                labels(n),
                prop_oneof![
                    4 => vec(extreme().prop_map(f64::abs), n),
                    1 => numbers(n),
                ],
                select(vec!["percent", "value", "label", "none"]),
                select(vec![0.0, 0.4, 0.9]),
            )
        })
        .prop_map(|(labels, values, slice, hole)| {
            format!(
                "type = \"pie\"\nlabels = {}\nvalues = {}\nslice-labels = \"{slice}\"\nhole = {}\n",
                toml_strs(&labels),
                toml_nums(&values),
                toml_num(hole)
            )
        })
        .boxed()
}

fn spec() -> BoxedStrategy<String> {
    (
        prop_oneof![bar_spec(), xy_spec(), pie_spec()],
        proptest::option::of(label()),
        select(vec![120.0, 640.0, 4000.0]),
        select(vec![100.0, 400.0, 4000.0]),
    )
        .prop_map(|(body, title, w, h)| {
            let mut head = format!("width = {}\nheight = {}\n", toml_num(w), toml_num(h));
            if let Some(t) = title {
                head.push_str(&format!("title = {}\n", toml_str(&t)));
            }
            // Top-level keys must come before the first table header.
            let (first, rest) = body.split_once('\n').unwrap_or((&body, ""));
            format!("{first}\n{head}{rest}")
        })
        .boxed()
}

static EXTREME: Counter = Counter::new("extreme values render or fail located", RENDERED, LOCATED);

proptest! {
    #![proptest_config(config(EXTREME_CASES))]

    #[test]
    fn extreme_values_render_or_fail_located(toml in spec()) {
        let result = render_standalone(&toml);
        match &result {
            Ok(svg) => {
                prop_assert!(!svg.contains(['\n', '\r']), "line break in the SVG");
                if let Err(e) = roxmltree::Document::parse(svg) {
                    return Err(TestCaseError::fail(format!("invalid XML: {e}\n{toml}")));
                }
            }
            Err(e) => {
                let lines = toml.split('\n').count();
                prop_assert!(
                    e.line >= 1 && e.line <= lines && e.column >= 1,
                    "{}:{} outside the block: {e}", e.line, e.column
                );
                prop_assert!(!e.key.is_empty(), "error names no key: {e}\n{toml}");
            }
        }
        EXTREME.pass(cases(EXTREME_CASES), result.is_ok());
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Random Markdown around chart fences

/// A piece of a generated chapter: kept verbatim, or a chart fence (from its first fence
/// character to the end of the closing fence, without the line ending) to be replaced.
#[derive(Clone, Debug)]
enum Piece {
    Keep(String),
    Chart(String),
}

const CHART_BODIES: &[&str] = &[
    "type = \"bar\"\nx = [\"a\", \"b\"]\ny = [1, 2]\n",
    "type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [3, 1]\n",
    "type = \"line\"\ny = [1, 4, 9]\n",
];

/// A chart fence with `prefix` at the start of every line after the first (container markers).
fn chart_fence(body: &str, prefix: &str, tilde: bool) -> String {
    let fence = if tilde { "~~~" } else { "```" };
    let mut s = format!("{fence}chart\n");
    for line in body.lines() {
        s.push_str(prefix);
        s.push_str(line);
        s.push('\n');
    }
    s.push_str(prefix);
    s.push_str(fence);
    s
}

/// One block of Markdown. The flag says whether the block may be followed by an indented block
/// (not after a list item, whose content an indented line would continue).
fn block() -> BoxedStrategy<(Vec<Piece>, bool)> {
    let body = select(CHART_BODIES.to_vec());
    prop_oneof![
        // Plain blocks, some mentioning `chart` in ways that are not chart fences.
        3 => safe_text().prop_map(|t| (vec![Piece::Keep(format!("{t}\n"))], true)),
        1 => safe_text().prop_map(|t| (vec![Piece::Keep(format!("# {t}\n"))], true)),
        1 => (safe_text(), safe_text())
            .prop_map(|(a, b)| (vec![Piece::Keep(format!("- {a}\n- {b}\n"))], false)),
        1 => (safe_text(), safe_text())
            .prop_map(|(a, b)| (vec![Piece::Keep(format!("> {a}\n> {b}\n"))], true)),
        1 => safe_text().prop_map(|t| (vec![Piece::Keep(format!("```rust\n{t}\n```\n"))], true)),
        1 => Just((vec![Piece::Keep("````markdown\n```chart\ntype = \"bar\"\n```\n````\n".into())], true)),
        1 => Just((vec![Piece::Keep("<div class=\"x\">\n```chart\ny = [1]\n```\n</div>\n".into())], true)),
        1 => Just((vec![Piece::Keep("<!--\n```chart\n\n```\n-->\n".into())], true)),
        1 => Just((vec![Piece::Keep("| a | b |\n|---|---|\n| ```chart | `x` |\n".into())], true)),
        1 => Just((vec![Piece::Keep("Inline `` ```chart `` code.\n".into())], true)),
        1 => Just((vec![Piece::Keep("---\n".into())], true)),
        // Chart fences, at the top level and in containers.
        3 => (body.clone(), any::<bool>()).prop_map(|(b, tilde)| {
            (vec![Piece::Chart(chart_fence(b, "", tilde)), Piece::Keep("\n".into())], true)
        }),
        1 => (body.clone(), 1usize..4).prop_map(|(b, indent)| {
            let pad = " ".repeat(indent);
            (vec![
                Piece::Keep(pad.clone()),
                Piece::Chart(chart_fence(b, &pad, false)),
                Piece::Keep("\n".into()),
            ], false)
        }),
        1 => body.clone().prop_map(|b| {
            (vec![
                Piece::Keep("> ".into()),
                Piece::Chart(chart_fence(b, "> ", false)),
                Piece::Keep("\n".into()),
            ], true)
        }),
        1 => body.clone().prop_map(|b| {
            (vec![
                Piece::Keep("- ".into()),
                Piece::Chart(chart_fence(b, "  ", false)),
                Piece::Keep("\n".into()),
            ], false)
        }),
        1 => body.prop_map(|b| {
            (vec![
                Piece::Keep("Note[^n].\n\n[^n]: ".into()),
                Piece::Chart(chart_fence(b, "    ", false)),
                Piece::Keep("\n".into()),
            ], false)
        }),
    ]
        .boxed()
}

/// An indented code block that mentions a chart fence (not a chart).
const INDENTED_DECOY: &str = "    ```chart\n    type = \"bar\"\n    ```\n";

/// A generated chapter: pieces, then options (CRLF, BOM, indented decoys, final newline).
fn chapter() -> BoxedStrategy<Vec<Piece>> {
    (
        vec((block(), any::<bool>()), 0..12),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(blocks, crlf, bom, final_newline)| {
            let mut pieces = Vec::new();
            if bom {
                pieces.push(Piece::Keep("\u{feff}".into()));
            }
            let mut indented_ok = true;
            for (i, ((block, next_ok), decoy)) in blocks.into_iter().enumerate() {
                if i > 0 {
                    pieces.push(Piece::Keep("\n".into()));
                }
                if decoy && indented_ok && i > 0 {
                    pieces.push(Piece::Keep(format!("{INDENTED_DECOY}\n")));
                }
                pieces.extend(block);
                indented_ok = next_ok;
            }
            if !final_newline
                && let Some(Piece::Keep(last)) = pieces.last_mut()
                && last.ends_with('\n')
            {
                last.pop();
            }
            if crlf {
                for p in &mut pieces {
                    let (Piece::Keep(s) | Piece::Chart(s)) = p;
                    *s = s.replace('\n', "\r\n");
                }
            }
            pieces
        })
        .boxed()
}

static MARKDOWN: Counter = Counter::new(
    "random Markdown around chart fences",
    "had chart fences",
    "had none",
);

proptest! {
    #![proptest_config(config(MARKDOWN_CASES))]

    #[test]
    fn markdown_around_fences_is_kept(pieces in chapter()) {
        let mut chapter = String::new();
        let mut ranges = Vec::new();
        for p in &pieces {
            match p {
                Piece::Keep(s) => chapter.push_str(s),
                Piece::Chart(s) => {
                    ranges.push(chapter.len()..chapter.len() + s.len());
                    chapter.push_str(s);
                }
            }
        }
        let found: Vec<_> = find_chart_fences(&chapter).into_iter().map(|f| f.range).collect();
        prop_assert_eq!(&found, &ranges, "fences found in {:?}", chapter);
        let out = process_chapter(&chapter, "src/m.md", 3, &Config::default());
        prop_assert_eq!(out.charts, ranges.len());
        prop_assert!(out.errors.is_empty(), "{:?}", out.errors);
        match out.content {
            None => prop_assert!(ranges.is_empty(), "charts left unrendered"),
            Some(content) => {
                let figures = check_splice(&chapter, &ranges, &content)?;
                prop_assert_eq!(figures, ranges.len());
                prop_assert_eq!(content.matches(FIGURE_OPEN).count(), ranges.len());
            }
        }
        MARKDOWN.pass(cases(MARKDOWN_CASES), !ranges.is_empty());
    }
}

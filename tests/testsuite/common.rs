//! Helpers shared by the test modules: find the `<svg>` elements in HTML text, parse them as XML
//! (the "valid SVG" check) and query the tree; write TOML strings; run the built binary; build
//! and take apart the JSON mdBook sends a preprocessor.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use roxmltree::{Document, Node};
use serde_json::{Value, json};

/// The SVG namespace every chart's root element must declare.
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The opening of a chart's phone layout, after its desktop `<svg>`.
pub const NARROW_OPEN: &str = "<div class=\"sc-narrow\" hidden=\"hidden\">";

/// Every `<svg ...>...</svg>` substring of `html`, in order, leaving out the phone layouts
/// (see [`extract_narrow_svgs`]): one per chart. Charts never nest SVGs.
pub fn extract_svgs(html: &str) -> Vec<&str> {
    every_svg(html)
        .into_iter()
        .filter(|(start, _)| !html[..*start].ends_with(NARROW_OPEN))
        .map(|(_, svg)| svg)
        .collect()
}

/// The phone layouts' `<svg>`s of `html`, in order.
pub fn extract_narrow_svgs(html: &str) -> Vec<&str> {
    every_svg(html)
        .into_iter()
        .filter(|(start, _)| html[..*start].ends_with(NARROW_OPEN))
        .map(|(_, svg)| svg)
        .collect()
}

fn every_svg(html: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(start) = find_svg_open(&html[rest..]).map(|i| i + rest) {
        let end = html[start..]
            .find("</svg>")
            .map(|i| start + i + "</svg>".len())
            .unwrap_or_else(|| panic!("unclosed <svg> at byte {start}"));
        out.push((start, &html[start..end]));
        rest = end;
    }
    out
}

/// The start of a chart's figure element (it may carry more attributes after the class).
pub const FIGURE_OPEN: &str = "<figure class=\"svg-chart\"";

/// Whether `line` is exactly one chart figure: `<figure class="svg-chart" ...><svg ...>...
/// </svg>` (then its phone layout in a hidden `<div>`, and the data table) `</figure>`.
pub fn is_figure_line(line: &str) -> bool {
    line.starts_with(FIGURE_OPEN)
        && (line.ends_with("</svg></figure>")
            || line.ends_with("</svg></div></figure>")
            || (line.ends_with("</details></figure>")
                && (line.contains("</svg><details class=\"svg-chart-data\">")
                    || line.contains("</svg></div><details class=\"svg-chart-data\">"))))
        && line
            .find('>')
            .is_some_and(|i| line[i + 1..].starts_with("<svg"))
}

/// The chart SVGs of a page: each `<svg>` that directly follows a `<figure class="svg-chart">`
/// start tag (mdBook pages hold other SVGs too, e.g. the toolbar icons).
pub fn extract_chart_svgs(html: &str) -> Vec<&str> {
    html.match_indices(FIGURE_OPEN)
        .map(|(i, _)| {
            let after = &html[i..];
            let end = after.find('>').expect("unclosed <figure> tag");
            let rest = &after[end + 1..];
            assert!(
                rest.starts_with("<svg"),
                "figure without svg: {}",
                &rest[..rest.len().min(80)]
            );
            extract_svgs(rest)[0]
        })
        .collect()
}

/// Offset of the next `<svg` tag opening (not `<svgfoo`).
fn find_svg_open(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find("<svg").map(|i| i + from) {
        match s.as_bytes().get(i + 4) {
            Some(b' ' | b'>' | b'\n' | b'\t' | b'/') => return Some(i),
            _ => from = i + 4,
        }
    }
    None
}

/// Parses one SVG as XML, panicking with the parser's message and the offending text.
/// The subpaths of SVG path data `d`, as absolute points (curves by their end points).
pub fn path_points(d: &str) -> Vec<Vec<(f64, f64)>> {
    use svgtypes::SimplePathSegment as S;
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    for seg in svgtypes::SimplifyingPathParser::from(d) {
        match seg.unwrap_or_else(|e| panic!("bad path data {d:?}: {e}")) {
            S::MoveTo { x, y } => out.push(vec![(x, y)]),
            S::LineTo { x, y } | S::CurveTo { x, y, .. } | S::Quadratic { x, y, .. } => {
                out.last_mut().expect("M first").push((x, y))
            }
            S::ClosePath => {}
        }
    }
    out
}

pub fn parse_svg(svg: &str) -> Document<'_> {
    Document::parse(svg).unwrap_or_else(|e| {
        let (a, b) = (svg.len().min(600), svg.len().saturating_sub(300).max(600));
        panic!(
            "SVG does not parse as XML: {e}\n--- start ---\n{}\n--- end ---\n{}",
            &svg[..a],
            svg.get(b..).unwrap_or("")
        )
    })
}

/// Every element (document order) with local name `tag`, under `root` (inclusive).
pub fn elements<'a, 'i>(root: Node<'a, 'i>, tag: &str) -> Vec<Node<'a, 'i>> {
    root.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == tag)
        .collect()
}

/// Every element with local name `tag` in the whole document.
pub fn all<'a, 'i>(doc: &'a Document<'i>, tag: &str) -> Vec<Node<'a, 'i>> {
    elements(doc.root(), tag)
}

/// Direct element children of `node` with local name `tag`.
pub fn children<'a, 'i>(node: Node<'a, 'i>, tag: &str) -> Vec<Node<'a, 'i>> {
    node.children()
        .filter(|n| n.is_element() && n.tag_name().name() == tag)
        .collect()
}

/// The concatenated text of `node` and its descendants.
pub fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// The texts of every `<text>` element, in document order.
pub fn texts(doc: &Document<'_>) -> Vec<String> {
    all(doc, "text").into_iter().map(text_of).collect()
}

/// The value of attribute `name` of `node`, panicking with a helpful message when absent.
pub fn attr<'a>(node: Node<'a, '_>, name: &str) -> &'a str {
    node.attribute(name).unwrap_or_else(|| {
        panic!(
            "<{}> has no `{name}` attribute (it has: {:?})",
            node.tag_name().name(),
            node.attributes().map(|a| a.name()).collect::<Vec<_>>()
        )
    })
}

/// A numeric attribute.
pub fn num(node: Node<'_, '_>, name: &str) -> f64 {
    let v = attr(node, name);
    v.parse()
        .unwrap_or_else(|_| panic!("`{name}=\"{v}\"` is not a number"))
}

/// The element with `id` = `id`, if any.
pub fn by_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Option<Node<'a, 'i>> {
    doc.descendants().find(|n| n.attribute("id") == Some(id))
}

/// Every `id` attribute value in the document, in order.
pub fn ids(doc: &Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter_map(|n| n.attribute("id"))
        .map(str::to_string)
        .collect()
}

/// Checks the accessibility wiring of a chart's root `<svg>`: a viewBox, `role="img"`, and an
/// `aria-labelledby` naming exactly its `<title>` and `<desc>` (in that order) by id.
pub fn assert_accessible(doc: &Document<'_>) {
    accessible(doc, "viewBox");
}

/// [`assert_accessible`] for an SVG taken from a page written by mdBook 0.5's HTML renderer,
/// which re-serialises inline HTML with lower-cased attribute names (`viewbox`). HTML parsers
/// restore the SVG casing ("adjust SVG attributes"), so in a browser this is `viewBox` again.
pub fn assert_accessible_in_html(doc: &Document<'_>) {
    let name = if doc.root_element().has_attribute("viewBox") {
        "viewBox"
    } else {
        "viewbox"
    };
    accessible(doc, name);
}

fn accessible(doc: &Document<'_>, viewbox: &str) {
    let svg = doc.root_element();
    assert_eq!(svg.tag_name().name(), "svg");
    assert_eq!(svg.tag_name().namespace(), Some(SVG_NS), "missing xmlns");
    let vb: Vec<f64> = attr(svg, viewbox)
        .split_whitespace()
        .map(|v| v.parse().expect("viewBox numbers"))
        .collect();
    assert_eq!(vb.len(), 4, "viewBox must have 4 numbers");
    assert!(vb[2] > 0.0 && vb[3] > 0.0, "viewBox size {vb:?}");
    assert_eq!(attr(svg, "role"), "img");
    let labelled: Vec<&str> = attr(svg, "aria-labelledby").split_whitespace().collect();
    assert_eq!(labelled.len(), 2, "aria-labelledby = {labelled:?}");
    let title = children(svg, "title");
    let desc = children(svg, "desc");
    assert_eq!(title.len(), 1, "exactly one <title> child of <svg>");
    assert_eq!(desc.len(), 1, "exactly one <desc> child of <svg>");
    assert_eq!(attr(title[0], "id"), labelled[0], "aria-labelledby → title");
    assert_eq!(attr(desc[0], "id"), labelled[1], "aria-labelledby → desc");
    assert!(labelled[0].ends_with("-t") && labelled[1].ends_with("-d"));
    assert!(!text_of(title[0]).trim().is_empty(), "empty <title>");
    assert!(!text_of(desc[0]).trim().is_empty(), "empty <desc>");
}

/// The texts of every `<text>` element of `svg`, in document order, each its own text only (not
/// that of a `<title>` child).
pub fn svg_texts(svg: &str) -> Vec<String> {
    let doc = parse_svg(svg);
    all(&doc, "text")
        .into_iter()
        .map(|n| {
            n.children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// TOML

/// Escapes `s` as a TOML basic string (every control character as `\uXXXX`).
pub fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as TOML: Rust's `{:?}` of a finite f64 is valid TOML (`1e300`, `-0.0`, `5e-324`);
/// NaN and the infinities are written as TOML spells them (`nan`, `inf`, `-inf`).
pub fn toml_num(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{v:?}")
    }
}

/// An array of numbers as TOML.
pub fn toml_nums(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|v| toml_num(*v)).collect();
    format!("[{}]", items.join(", "))
}

/// An array of strings as TOML.
pub fn toml_strs(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", items.join(", "))
}

// ---------------------------------------------------------------------------------------------
// The binary

/// The built `mdbook-svg-charts` binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_mdbook-svg-charts");

/// Starts the binary with `args` in `cwd` (`None`: this process's directory), writes `stdin` to
/// it and closes it.
fn spawn(cwd: Option<&Path>, args: &[&str], stdin: &str) -> std::process::Child {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = cwd {
        command.current_dir(dir);
    }
    let mut child = command.spawn().expect("spawn mdbook-svg-charts");
    {
        let mut pipe = child.stdin.take().unwrap();
        // The binary may exit before reading everything (e.g. `supports`); ignore EPIPE.
        let _ = pipe.write_all(stdin.as_bytes());
    }
    child
}

/// Runs the binary with `args` in `cwd` (`None`: this process's directory), writing `stdin` to
/// it; fails the test if the binary panicked.
pub fn run_in(cwd: Option<&Path>, args: &[&str], stdin: &str) -> Output {
    let out = spawn(cwd, args, stdin)
        .wait_with_output()
        .expect("wait for mdbook-svg-charts");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "the binary panicked:\n{stderr}"
    );
    out
}

/// Runs the binary with `args`, writing `stdin` to it (see [`run_in`]).
pub fn run(args: &[&str], stdin: &str) -> Output {
    run_in(None, args, stdin)
}

/// Runs the binary like [`run`], but kills it and fails after `secs` seconds.
pub fn run_with_timeout(args: &[&str], stdin: &str, secs: u64) -> Output {
    let mut child = spawn(None, args, stdin);
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return child
                .wait_with_output()
                .expect("wait for mdbook-svg-charts");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mdbook-svg-charts {args:?} did not finish within {secs} s on:\n{stdin}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The binary's standard output, which must be UTF-8.
pub fn stdout(o: &Output) -> &str {
    std::str::from_utf8(&o.stdout).expect("stdout is UTF-8")
}

/// The binary's standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

// ---------------------------------------------------------------------------------------------
// mdBook's JSON

/// The context mdBook 0.5.4 sends (`PreprocessorContext` serialised) for `renderer`, with
/// `table` as `[preprocessor.svg-charts]`; `version: None` leaves `mdbook_version` out.
pub fn mdbook_context(version: Option<&str>, renderer: &str, table: Value) -> Value {
    let mut ctx = json!({
        "root": "/home/author/book",
        "config": {
            "book": {
                "authors": ["A. Author"],
                "language": "en",
                "src": "src",
                "title": "Test book"
            },
            "output": {"html": {}},
            "preprocessor": {"svg-charts": table}
        },
        "renderer": renderer
    });
    if let Some(v) = version {
        ctx["mdbook_version"] = json!(v);
    }
    ctx
}

/// A `BookItem::Chapter` as mdBook serialises it (`path` is `None` for draft chapters).
pub fn chapter_item(
    name: &str,
    content: &str,
    path: Option<&str>,
    number: &[usize],
    subs: Value,
) -> Value {
    let parent_names: Vec<String> = Vec::new();
    json!({"Chapter": {
        "name": name,
        "content": content,
        "number": number,
        "sub_items": subs,
        "path": path,
        "source_path": path,
        "parent_names": parent_names
    }})
}

/// Every chapter `content` string of a book (or reply), in document order.
pub fn all_contents(v: &Value) -> Vec<String> {
    fn collect(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("content", Value::String(s)) => out.push(s.clone()),
                        _ => collect(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    collect(v, &mut out);
    out
}

/// The book with every `content` blanked, to compare everything else.
pub fn without_content(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let v = if k == "content" {
                        Value::Null
                    } else {
                        without_content(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_content).collect()),
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Geometry: SVG transforms, for measuring rotated text

/// A 2-D affine transform `[a c e; b d f]` (SVG matrix order).
#[derive(Clone, Copy, Debug)]
pub struct Affine(pub [f64; 6]);

impl Affine {
    pub const IDENTITY: Affine = Affine([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    pub fn translate(tx: f64, ty: f64) -> Affine {
        Affine([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// `rotate(deg cx cy)`: translate(cx cy) rotate(deg) translate(-cx -cy).
    pub fn rotate(deg: f64, cx: f64, cy: f64) -> Affine {
        let (s, c) = deg.to_radians().sin_cos();
        Affine::translate(cx, cy)
            .then(Affine([c, s, -s, c, 0.0, 0.0]))
            .then(Affine::translate(-cx, -cy))
    }

    /// `self × other`: apply `other` first, then `self` (as in `transform="self other"`).
    pub fn then(self, other: Affine) -> Affine {
        let [a1, b1, c1, d1, e1, f1] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Affine([
            a1 * a2 + c1 * b2,
            b1 * a2 + d1 * b2,
            a1 * c2 + c1 * d2,
            b1 * c2 + d1 * d2,
            a1 * e2 + c1 * f2 + e1,
            b1 * e2 + d1 * f2 + f1,
        ])
    }

    pub fn apply(self, (x, y): (f64, f64)) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }
}

impl Affine {
    /// An SVG `transform` attribute (`rotate(a)`, `rotate(a cx cy)`, `translate(x [y])`, in any
    /// sequence); `Err` says what it could not read.
    pub fn parse(value: &str) -> Result<Affine, String> {
        let mut out = Affine::IDENTITY;
        let mut rest = value.trim();
        while !rest.is_empty() {
            let (Some(open), Some(close)) = (rest.find('('), rest.find(')')) else {
                return Err(format!("bad transform {value:?}"));
            };
            let name = rest[..open].trim().trim_start_matches(',').trim();
            let args = rest[open + 1..close]
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<f64>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| format!("bad number in transform {value:?}"))?;
            let step = match (name, args.as_slice()) {
                ("rotate", [a]) => Affine::rotate(*a, 0.0, 0.0),
                ("rotate", [a, cx, cy]) => Affine::rotate(*a, *cx, *cy),
                ("translate", [tx]) => Affine::translate(*tx, 0.0),
                ("translate", [tx, ty]) => Affine::translate(*tx, *ty),
                _ => return Err(format!("unsupported transform {value:?} (extend the test)")),
            };
            out = out.then(step);
            rest = rest[close + 1..].trim_start();
        }
        Ok(out)
    }
}

/// Parses a `transform` attribute made of `translate(...)` and `rotate(...)` functions (all the
/// renderer emits); anything else fails the test (naming `figure`) rather than being measured
/// wrongly.
pub fn parse_transform(value: &str, figure: &str) -> Affine {
    Affine::parse(value).unwrap_or_else(|e| panic!("{figure}: {e}"))
}

/// The nearest value of attribute `name` on `node` or an ancestor.
pub fn inherited<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.ancestors()
        .filter(|n| n.is_element())
        .find_map(|n| n.attribute(name))
}

/// The figure HTML of a chapter holding `chart` (as `src/t.md`), asserting it has no error.
pub fn chart_figure(chart: &str) -> String {
    let md = format!("# T\n\n```chart\n{chart}```\n");
    let out = mdbook_svg_charts::process_chapter(
        &md,
        "src/t.md",
        0,
        &mdbook_svg_charts::Config::default(),
    );
    assert!(out.errors.is_empty(), "{:?}\n{chart}", out.errors);
    out.content.expect("a figure")
}

/// The first error of a chapter holding `chart` (as `src/t.md`), as it is printed; "" if none.
pub fn chart_error(chart: &str) -> String {
    let md = format!("# T\n\n```chart\n{chart}```\n");
    let out = mdbook_svg_charts::process_chapter(
        &md,
        "src/t.md",
        0,
        &mdbook_svg_charts::Config::default(),
    );
    out.errors
        .first()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The cells of the first data table whose caption ends with `caption`, row by row (the header
/// row first).
pub fn data_table(html: &str, caption: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("{caption}</caption>"))
        .unwrap_or_else(|| panic!("no table {caption:?} in {html}"));
    let end = start + html[start..].find("</table>").unwrap();
    html[start..end]
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split(['<', '>'])
                .collect::<Vec<_>>()
                .windows(3)
                .filter(|w| (w[0] == "td" || w[0] == "th") && w[2].starts_with('/'))
                .map(|w| w[1].to_string())
                .collect()
        })
        .collect()
}

//! Helpers shared by the integration tests: find the `<svg>` elements in HTML text, parse them
//! as XML (the "valid SVG" check) and query the tree.

#![allow(dead_code)] // each test crate uses a different subset

use roxmltree::{Document, Node};

/// The SVG namespace every chart's root element must declare.
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Every `<svg ...>...</svg>` substring of `html`, in order. Charts never nest SVGs.
pub fn extract_svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(start) = find_svg_open(&html[rest..]).map(|i| i + rest) {
        let end = html[start..]
            .find("</svg>")
            .map(|i| start + i + "</svg>".len())
            .unwrap_or_else(|| panic!("unclosed <svg> at byte {start}"));
        out.push(&html[start..end]);
        rest = end;
    }
    out
}

/// The start of a chart's figure element (it may carry more attributes after the class).
pub const FIGURE_OPEN: &str = "<figure class=\"svg-chart\"";

/// Whether `line` is exactly one chart figure: `<figure class="svg-chart" ...><svg ...>...
/// </svg></figure>`.
pub fn is_figure_line(line: &str) -> bool {
    line.starts_with(FIGURE_OPEN)
        && (line.ends_with("</svg></figure>")
            || (line.ends_with("</details></figure>")
                && line.contains("</svg><details class=\"svg-chart-data\">")))
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

//! The six figures of the seed notebook (`book/src/figures/*.toml`, plotly originals fig1–fig6):
//! each renders to strict SVG that resvg rasterises to a non-blank image, stays within the size
//! budget, has no overlapping or clipped text (oriented boxes from the crate's Open Sans
//! metrics, rotations included) and carries an accessible title and a data-bearing description.

use crate::common::{Affine, inherited, parse_transform};
use mdbook_svg_charts::testing::{Weight, ascent, descent, text_width};
use mdbook_svg_charts::{Config, process_chapter, render_standalone};
use resvg::{tiny_skia, usvg};
use roxmltree::{Document, Node};

/// Largest standalone SVG allowed for a seed figure, in bytes.
const MAX_SVG_BYTES: usize = 10_240;
/// The figure with its desktop and phone layouts (the README's budget).
const MAX_FIGURE_BYTES: usize = 16_384;
/// How far (px) two text boxes may overlap, or a box may leave the viewBox, before it counts.
const TOLERANCE: f64 = 0.5;
/// Distinct colours (16 levels per channel, 40+ pixels each) every seed raster must show.
const MIN_COLOURS: usize = 2;
/// The root `<svg>`'s `font-size`, used when no element sets one.
const ROOT_FONT_SIZE: f64 = 12.0;

/// A seed figure: its file stem, the plotly original it reproduces, its spec, and data values
/// its `<desc>` must mention.
pub(crate) struct Seed {
    pub(crate) name: &'static str,
    pub(crate) reference: &'static str,
    pub(crate) toml: &'static str,
    pub(crate) desc_values: &'static [&'static str],
}

const API_HEALTH: Seed = Seed {
    name: "api-health",
    reference: "fig1",
    toml: include_str!("../../book/src/figures/api-health.toml"),
    desc_values: &["85", "60", "25", "13"],
};
const COMMUNICATION_PATTERNS: Seed = Seed {
    name: "communication-patterns",
    reference: "fig2",
    toml: include_str!("../../book/src/figures/communication-patterns.toml"),
    desc_values: &["200", "500", "10000"],
};
const CAP_THEOREM: Seed = Seed {
    name: "cap-theorem",
    reference: "fig3",
    toml: include_str!("../../book/src/figures/cap-theorem.toml"),
    desc_values: &["0.866", "0.75", "0.55"],
};
const OWASP_TOP_10: Seed = Seed {
    name: "owasp-top-10",
    reference: "fig4",
    toml: include_str!("../../book/src/figures/owasp-top-10.toml"),
    desc_values: &["9.5", "8.8", "6.5"],
};
const POWER_OF_CACHING: Seed = Seed {
    name: "power-of-caching",
    reference: "fig5",
    toml: include_str!("../../book/src/figures/power-of-caching.toml"),
    desc_values: &["6.8", "2.48", "20.2"],
};
const RETRY_BACKOFF: Seed = Seed {
    name: "retry-backoff",
    reference: "fig6",
    toml: include_str!("../../book/src/figures/retry-backoff.toml"),
    desc_values: &["32", "63", "15"],
};

impl Seed {
    fn label(&self) -> String {
        format!("{} ({})", self.name, self.reference)
    }

    /// The standalone SVG of the figure; fails the test when it does not render.
    fn svg(&self) -> String {
        render_standalone(self.toml)
            .unwrap_or_else(|e| panic!("{}: chart did not render: {e}", self.label()))
    }

    /// The figure as a chapter gets it, without the data table: the desktop `<svg>` and the
    /// phone layout after it.
    fn figure(&self) -> String {
        let mut config = Config::default();
        config.data_table = false;
        let md = format!("# Seed\n\n```chart\n{}```\n", self.toml);
        let out = process_chapter(&md, "src/seed.md", 0, &config);
        assert!(out.errors.is_empty(), "{}: {:?}", self.label(), out.errors);
        let html = out.content.expect("a figure");
        let start = html.find("<figure").expect("a figure");
        let end = html.rfind("</figure>").expect("a figure") + "</figure>".len();
        html[start..end].to_string()
    }

    /// The phone layout's `<svg>`.
    fn narrow_svg(&self) -> String {
        let html = self.figure();
        let open = "<div class=\"sc-narrow\" hidden=\"hidden\">";
        let start = html
            .find(open)
            .unwrap_or_else(|| panic!("{}: no phone layout", self.label()))
            + open.len();
        let end = start + html[start..].find("</div>").expect("closed");
        html[start..end].to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Rasterising

/// Parses strictly with usvg and rasterises with resvg at 1×; the pixmap starts transparent.
fn rasterise(seed: &Seed, svg: &str) -> tiny_skia::Pixmap {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default())
        .unwrap_or_else(|e| panic!("{}: usvg rejects the SVG: {e}\n{svg}", seed.label()));
    let size = tree.size().to_int_size();
    assert!(
        size.width() >= 200 && size.height() >= 150,
        "{}: implausible size {}x{}",
        seed.label(),
        size.width(),
        size.height()
    );
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .unwrap_or_else(|| panic!("{}: cannot allocate the pixmap", seed.label()));
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    // For a look at what resvg drew (text is absent: no fonts are loaded).
    if let Some(dir) = std::env::var_os("SEED_FIGURES_PNG_DIR") {
        let path = std::path::Path::new(&dir).join(format!("{}.resvg.png", seed.name));
        pixmap
            .save_png(&path)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    pixmap
}

pub(crate) fn check_rasterises(seed: &Seed) {
    let svg = seed.svg();
    let pixmap = rasterise(seed, &svg);
    let total = pixmap.pixels().len();
    // Inked pixels: visibly opaque and not (near) white. Text is not rasterised (no fonts), and
    // usvg drops paints given as CSS `var(--fg,#333)` (axes, grid, leader lines), so this counts
    // the data marks and swatches: a line chart inks well under 1 % of its canvas.
    let mut inked = 0usize;
    let mut buckets = std::collections::HashMap::<(u8, u8, u8), usize>::new();
    for p in pixmap.pixels() {
        let p = p.demultiply();
        if p.alpha() < 128 {
            continue;
        }
        let (r, g, b) = (p.red(), p.green(), p.blue());
        if r > 240 && g > 240 && b > 240 {
            continue;
        }
        inked += 1;
        *buckets.entry((r >> 4, g >> 4, b >> 4)).or_default() += 1;
    }
    let min_inked = total / 250; // 0.4 % of the canvas
    assert!(
        inked >= min_inked,
        "{}: raster nearly blank: {inked} inked pixels of {total} (need {min_inked})",
        seed.label()
    );
    // Distinct colours that cover a real area (not just anti-aliasing fringes). The sparsest
    // seeds (the CAP triangle and its markers; two-series bars and lines) have two.
    let mut colours: Vec<_> = buckets.into_iter().filter(|&(_, n)| n >= 40).collect();
    colours.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    assert!(
        colours.len() >= MIN_COLOURS,
        "{}: only {} distinct colours cover 40+ pixels: {colours:?}",
        seed.label(),
        colours.len()
    );
}

fn check_size(seed: &Seed) {
    let svg = seed.svg();
    assert!(
        svg.len() <= MAX_SVG_BYTES,
        "{}: SVG is {} bytes, budget {MAX_SVG_BYTES}",
        seed.label(),
        svg.len()
    );
    let figure = seed.figure();
    assert!(
        figure.len() <= MAX_FIGURE_BYTES,
        "{}: the figure with both layouts is {} bytes, budget {MAX_FIGURE_BYTES}",
        seed.label(),
        figure.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Text boxes

/// One visible `<text>`: its own text (not a `<title>` child's) and its box's corners in root
/// (viewBox) coordinates, in order around the rectangle.
#[derive(Debug)]
struct TextBox {
    text: String,
    /// `x`, `y`, font size, weight and anchor as written, for failure messages.
    setting: String,
    corners: [(f64, f64); 4],
}

impl TextBox {
    fn describe(&self) -> String {
        let c: Vec<String> = self
            .corners
            .iter()
            .map(|(x, y)| format!("({x:.1}, {y:.1})"))
            .collect();
        format!(
            "{:?} ({}) box corners [{}]",
            self.text,
            self.setting,
            c.join(", ")
        )
    }
}

fn number(node: Node, name: &str, figure: &str) -> f64 {
    let raw = node.attribute(name).unwrap_or("0");
    raw.trim().parse().unwrap_or_else(|_| {
        panic!("{figure}: <text> {name}={raw:?} is not one number (extend the test)")
    })
}

/// The boxes of every non-blank `<text>` in the SVG.
fn text_boxes(svg: &str, figure: &str) -> Vec<TextBox> {
    let doc = Document::parse(svg).unwrap_or_else(|e| panic!("{figure}: not XML: {e}"));
    let mut out = Vec::new();
    for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
        for attr in ["dx", "dy", "rotate", "textLength", "style"] {
            assert!(
                node.attribute(attr).is_none(),
                "{figure}: <text {attr}=...> is not measured by this test (extend it)"
            );
        }
        for child in node.children().filter(|c| c.is_element()) {
            assert!(
                child.has_tag_name("title"),
                "{figure}: <text> has a <{}> child; only <title> is understood",
                child.tag_name().name()
            );
        }
        let text: String = node
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect();
        if text.trim().is_empty() {
            continue;
        }
        let size: f64 = inherited(node, "font-size").map_or(ROOT_FONT_SIZE, |s| {
            s.trim()
                .trim_end_matches("px")
                .parse()
                .unwrap_or_else(|_| panic!("{figure}: bad font-size {s:?}"))
        });
        let weight = match inherited(node, "font-weight") {
            None | Some("normal" | "400") => Weight::Regular,
            Some("bold" | "700") => Weight::Bold,
            Some(w) => panic!("{figure}: unexpected font-weight {w:?}"),
        };
        let width = text_width(&text, size, weight);
        let (x, y) = (number(node, "x", figure), number(node, "y", figure));
        let anchor = inherited(node, "text-anchor").unwrap_or("start");
        let x0 = match anchor {
            "start" => x,
            "middle" => x - width / 2.0,
            "end" => x - width,
            a => panic!("{figure}: unexpected text-anchor {a:?}"),
        };
        let (top, bottom) = (y - ascent(size), y + descent(size));
        // Compose the transforms of the element and its ancestors, outermost first.
        let mut chain: Vec<Node> = node
            .ancestors()
            .filter(|n| n.is_element() && n.attribute("transform").is_some())
            .collect();
        chain.reverse();
        let transform = chain.iter().fold(Affine::IDENTITY, |acc, n| {
            acc.then(parse_transform(n.attribute("transform").unwrap(), figure))
        });
        let corners = [
            (x0, top),
            (x0 + width, top),
            (x0 + width, bottom),
            (x0, bottom),
        ]
        .map(|p| transform.apply(p));
        let rotated = chain
            .iter()
            .filter_map(|n| n.attribute("transform"))
            .collect::<Vec<_>>()
            .join(" ");
        let setting = format!(
            "x={x} y={y} size={size} {weight:?} anchor={anchor}{}",
            if rotated.is_empty() {
                String::new()
            } else {
                format!(" transform={rotated:?}")
            }
        );
        out.push(TextBox {
            text,
            setting,
            corners,
        });
    }
    out
}

/// How deeply two convex quadrilaterals overlap: the smallest overlap of their projections over
/// the edge normals of both (separating-axis theorem); ≤ 0 when they are apart.
fn overlap_depth(a: &TextBox, b: &TextBox) -> f64 {
    let mut depth = f64::INFINITY;
    for quad in [&a.corners, &b.corners] {
        for i in 0..2 {
            let (p, q) = (quad[i], quad[i + 1]);
            let (ex, ey) = (q.0 - p.0, q.1 - p.1);
            let len = ex.hypot(ey);
            if len < 1e-9 {
                continue; // degenerate (zero-width) box: use the other edge
            }
            let axis = (-ey / len, ex / len);
            let project = |c: &[(f64, f64); 4]| {
                c.iter()
                    .map(|&(x, y)| x * axis.0 + y * axis.1)
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                        (lo.min(v), hi.max(v))
                    })
            };
            let (a_lo, a_hi) = project(&a.corners);
            let (b_lo, b_hi) = project(&b.corners);
            depth = depth.min(a_hi.min(b_hi) - a_lo.max(b_lo));
        }
    }
    depth
}

fn view_box(svg: &str, figure: &str) -> (f64, f64) {
    let doc = Document::parse(svg).unwrap_or_else(|e| panic!("{figure}: not XML: {e}"));
    let vb: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .unwrap_or_else(|| panic!("{figure}: no viewBox"))
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("viewBox number"))
        .collect();
    assert!(
        vb.len() == 4 && vb[0] == 0.0 && vb[1] == 0.0,
        "{figure}: viewBox {vb:?} should be 0 0 W H"
    );
    (vb[2], vb[3])
}

pub(crate) fn check_no_overlap(seed: &Seed) {
    check_no_overlap_in(&seed.svg(), &seed.label());
}

pub(crate) fn check_no_overlap_in(svg: &str, figure: &str) {
    let svg = svg.to_string();
    let figure = figure.to_string();
    let boxes = text_boxes(&svg, &figure);
    assert!(!boxes.is_empty(), "{figure}: no text at all");
    let mut clashes = Vec::new();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let depth = overlap_depth(a, b);
            if depth > TOLERANCE {
                clashes.push(format!(
                    "  overlap {depth:.2} px:\n    {}\n    {}",
                    a.describe(),
                    b.describe()
                ));
            }
        }
    }
    assert!(
        clashes.is_empty(),
        "{figure}: {} overlapping text pair(s) (tolerance {TOLERANCE} px):\n{}",
        clashes.len(),
        clashes.join("\n")
    );
}

pub(crate) fn check_inside_view_box(seed: &Seed) {
    check_inside_view_box_in(&seed.svg(), &seed.label());
}

pub(crate) fn check_inside_view_box_in(svg: &str, figure: &str) {
    let svg = svg.to_string();
    let figure = figure.to_string();
    let (w, h) = view_box(&svg, &figure);
    let outside: Vec<String> = text_boxes(&svg, &figure)
        .iter()
        .filter(|b| {
            b.corners.iter().any(|&(x, y)| {
                x < -TOLERANCE || y < -TOLERANCE || x > w + TOLERANCE || y > h + TOLERANCE
            })
        })
        .map(|b| format!("  {}", b.describe()))
        .collect();
    assert!(
        outside.is_empty(),
        "{figure}: text leaves the viewBox 0 0 {w} {h}:\n{}",
        outside.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Accessibility

/// Whether `value` occurs in `text` as a whole number (not inside a longer one).
fn mentions_number(text: &str, value: &str) -> bool {
    let is_num = |c: char| c.is_ascii_digit() || c == '.';
    text.match_indices(value).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + value.len()..].chars().next();
        // A trailing '.' ends a sentence, not a number.
        let after_ok = match after {
            None => true,
            Some('.') => !text[i + value.len() + 1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit()),
            Some(c) => !is_num(c),
        };
        !before.is_some_and(is_num) && after_ok
    })
}

pub(crate) fn check_title_and_desc(seed: &Seed) {
    let svg = seed.svg();
    let figure = seed.label();
    let doc = Document::parse(&svg).unwrap_or_else(|e| panic!("{figure}: not XML: {e}"));
    let root = doc.root_element();
    let child_text = |tag: &str| {
        root.children()
            .find(|c| c.has_tag_name(tag))
            .and_then(|c| c.text())
            .unwrap_or_else(|| panic!("{figure}: no <{tag}> child of <svg>"))
            .to_string()
    };
    let title = child_text("title");
    assert!(!title.trim().is_empty(), "{figure}: empty <title>");
    let spec: toml::Table = toml::from_str(seed.toml).expect("seed spec is TOML");
    if let Some(t) = spec.get("title").and_then(|t| t.as_str()) {
        assert_eq!(title, t, "{figure}: <title> is not the spec's title");
    }
    let desc = child_text("desc");
    let missing: Vec<_> = seed
        .desc_values
        .iter()
        .filter(|v| !mentions_number(&desc, v))
        .collect();
    assert!(
        missing.is_empty(),
        "{figure}: <desc> does not mention the data values {missing:?}:\n{desc}"
    );
}

// ---------------------------------------------------------------------------------------------
// One module per figure, one test per check.

/// `seed_tests! { module => SEED; }`; attributes written before `module` (e.g. an
/// `#[ignore = "reason"]`) apply to that figure's `text_boxes_do_not_overlap` only.
macro_rules! seed_tests {
    ($($(#[$overlap:meta])* $module:ident => $seed:ident;)*) => {$(
        mod $module {
            use super::*;

            #[test]
            fn rasterises_non_blank() {
                check_rasterises(&$seed);
            }

            #[test]
            fn within_size_budget() {
                check_size(&$seed);
            }

            #[test]
            $(#[$overlap])*
            fn text_boxes_do_not_overlap() {
                check_no_overlap(&$seed);
            }

            #[test]
            fn text_boxes_inside_view_box() {
                check_inside_view_box(&$seed);
            }

            #[test]
            fn phone_layout_text_does_not_overlap_or_leave() {
                let label = format!("{} (phone layout)", $seed.label());
                let svg = $seed.narrow_svg();
                check_no_overlap_in(&svg, &label);
                check_inside_view_box_in(&svg, &label);
            }

            #[test]
            fn title_and_desc() {
                check_title_and_desc(&$seed);
            }
        }
    )*};
}

seed_tests! {
    fig1_api_health => API_HEALTH;
    fig2_communication_patterns => COMMUNICATION_PATTERNS;
    fig3_cap_theorem => CAP_THEOREM;
    fig4_owasp_top_10 => OWASP_TOP_10;
    fig5_power_of_caching => POWER_OF_CACHING;
    fig6_retry_backoff => RETRY_BACKOFF;
}

// ---------------------------------------------------------------------------------------------
// The checker itself.

#[test]
fn separating_axis_sees_rotated_neighbours_apart() {
    // Two long labels rotated -35° around their ends, 30 px apart (17 px
    // across the text, which is 16.3 px tall): their AABBs overlap, the
    // oriented boxes do not.
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" font-size="12">
        <g transform="rotate(-35 100 150)"><text x="100" y="150" text-anchor="end">A rather long label</text></g>
        <g transform="rotate(-35 130 150)"><text x="130" y="150" text-anchor="end">A rather long label</text></g>
        <text x="300" y="50">Plain<title>Plain and longer</title></text>
        <text x="310" y="55">Over</text>
    </svg>"#;
    let boxes = text_boxes(svg, "sample");
    assert_eq!(boxes.len(), 4);
    assert_eq!(boxes[2].text, "Plain");
    let aabb = |b: &TextBox| {
        let xs = b.corners.map(|c| c.0);
        let ys = b.corners.map(|c| c.1);
        let lo = |v: [f64; 4]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = |v: [f64; 4]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo(xs), hi(xs), lo(ys), hi(ys))
    };
    let (a, b) = (aabb(&boxes[0]), aabb(&boxes[1]));
    assert!(
        a.1 > b.0 && b.1 > a.0 && a.3 > b.2 && b.3 > a.2,
        "AABBs should overlap"
    );
    assert!(
        overlap_depth(&boxes[0], &boxes[1]) <= 0.0,
        "rotated boxes are apart"
    );
    assert!(
        overlap_depth(&boxes[2], &boxes[3]) > TOLERANCE,
        "plain boxes overlap"
    );
    // The rotated box keeps its size: its first edge is the text's width.
    let (p, q) = (boxes[0].corners[0], boxes[0].corners[1]);
    let w = text_width("A rather long label", 12.0, Weight::Regular);
    assert!(((q.0 - p.0).hypot(q.1 - p.1) - w).abs() < 1e-9);
}

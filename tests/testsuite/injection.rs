//! Markup injection: hostile text in every place a chart shows author text must come out as
//! text. For every payload in every position the figure line (SVG and data table) is one line of
//! well-formed XML with no script, image or foreignObject element, no event-handler attribute and
//! no `javascript:` anywhere in an attribute, and the `<title>` says exactly what the author
//! wrote (minus the characters XML cannot carry).

use mdbook_svg_charts::{
    Config, DataContext, process_chapter, process_chapter_in, render_standalone,
};
use roxmltree::Document;

use crate::common::toml_str;

/// Hostile or awkward texts.
fn payloads() -> Vec<String> {
    let mut p: Vec<String> = [
        "</svg><script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "<foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject>",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "]]>",
        "<![CDATA[x]]>",
        "<!--",
        "-->",
        "<!-- x --><script>",
        "<?xml version=\"1.0\"?>",
        "<!DOCTYPE x [<!ENTITY e \"boom\">]>&e;",
        "&amp;",
        "&#x3C;script&#x3E;",
        "&lt;&gt;&quot;&#39;",
        "&",
        "<",
        "a\"b'c`d",
        "{{#include /etc/passwd}}",
        "```\n```chart",
        "\u{2028}line\u{2029}sep",
        "\u{feff}bom",
        "\u{202e}evil\u{202c}",
        "tab\there\r\nnew\nline\r",
        "\u{fffe}\u{ffff}",
        "x\u{0}y",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Every C0 and C1 control character, and DEL.
    let controls: String = ('\u{0}'..='\u{1f}').chain('\u{7f}'..='\u{9f}').collect();
    p.push(format!("a{controls}z"));
    // The longest accepted text, full of markup.
    let long = "<script>&\"".repeat(200);
    assert_eq!(long.chars().count(), 2_000);
    p.push(long);
    p
}

/// Every place author text is shown: a name and a chart with `@S@` where the payload goes.
const POSITIONS: &[(&str, &str)] = &[
    ("title", "type = \"bar\"\ntitle = @S@\ny = [1, 2]\n"),
    (
        "pie title",
        "type = \"pie\"\ntitle = @S@\nlabels = [\"a\"]\nvalues = [1]\n",
    ),
    (
        "description",
        "type = \"bar\"\ndescription = @S@\ny = [1, 2]\n",
    ),
    (
        "series name",
        "type = \"line\"\n[[series]]\nname = @S@\ny = [1, 2]\n[[series]]\nname = \"b\"\ny = [2, 1]\n",
    ),
    (
        "single series name",
        "type = \"scatter\"\nname = @S@\nx = [1, 2]\ny = [1, 2]\nlegend = \"top\"\n",
    ),
    (
        "category label",
        "type = \"bar\"\nx = [@S@, \"b\"]\ny = [1, 2]\nshow-values = true\n",
    ),
    (
        "horizontal category label",
        "type = \"bar\"\norientation = \"horizontal\"\nx = [@S@, \"b\"]\ny = [1, 2]\n",
    ),
    (
        "stacked category label",
        "type = \"bar\"\nmode = \"stack\"\nx = [@S@, \"b\"]\n[[series]]\nname = @S@\ny = [1, 2]\n\
         [[series]]\ny = [2, 1]\n",
    ),
    (
        "line category x",
        "type = \"line\"\nx = [@S@, \"b\", \"c\"]\ny = [1, 2, 3]\n",
    ),
    (
        "point label",
        "type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\nlabels = [@S@, \"b\"]\n",
    ),
    (
        "line point label",
        "type = \"line\"\nx = [1, 2]\ny = [1, 2]\nlabels = [@S@, \"b\"]\nmode = \"lines+text\"\n",
    ),
    (
        "pie label",
        "type = \"pie\"\nlabels = [@S@, \"b\"]\nvalues = [1, 2]\nslice-labels = \"label\"\n",
    ),
    (
        "small pie label outside",
        "type = \"pie\"\nlabels = [@S@, \"b\"]\nvalues = [1, 200]\nslice-labels = \"label\"\n",
    ),
    (
        "pie name",
        "type = \"pie\"\nname = @S@\nlabels = [\"a\", \"b\"]\nvalues = [1, 2]\n",
    ),
    (
        "annotation text",
        "type = \"line\"\ny = [1, 2]\n[[annotation]]\nx = 0\ny = 1\ntext = @S@\n",
    ),
    (
        "reference label (y)",
        "type = \"line\"\ny = [1, 2]\n[[reference]]\ny = 1.5\nlabel = @S@\n",
    ),
    (
        "reference label (x)",
        "type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\n[[reference]]\nx = 1.5\nlabel = @S@\n",
    ),
    (
        "x-axis title",
        "type = \"line\"\ny = [1, 2]\n[x-axis]\ntitle = @S@\n",
    ),
    (
        "y-axis title",
        "type = \"bar\"\ny = [1, 2]\n[y-axis]\ntitle = @S@\n",
    ),
    (
        "y-axis prefix",
        "type = \"line\"\ny = [1, 2]\n[y-axis]\nprefix = @S@\n",
    ),
    (
        "y-axis suffix",
        "type = \"bar\"\ny = [1, 2]\nshow-values = true\n[y-axis]\nsuffix = @S@\n",
    ),
    (
        "x-axis prefix and suffix",
        "type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\n[x-axis]\nprefix = @S@\nsuffix = @S@\n",
    ),
    (
        "color-title",
        "type = \"scatter\"\nx = [1, 2]\ny = [1, 2]\ncolor-values = [1, 2]\ncolor-title = @S@\n",
    ),
    (
        "panel title",
        "[[panel]]\ntype = \"bar\"\ntitle = @S@\ny = [1]\n[[panel]]\ntype = \"pie\"\n\
         title = @S@\nlabels = [@S@]\nvalues = [1]\n",
    ),
    (
        "model backend-label",
        "model = \"cache-hit-rate\"\nbackend-label = @S@\n",
    ),
    (
        "model cache-label",
        "model = \"cache-hit-rate\"\ncache-label = @S@\n",
    ),
    (
        "model series name",
        "model = \"cache-hit-rate\"\n[[series]]\nname = @S@\n",
    ),
];

/// What an XML parser gives back for `s` written as text: line breaks and tabs as spaces, the
/// characters XML 1.0 forbids (and C1 controls) dropped.
fn as_xml_text(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => None,
            c => Some(c),
        })
        .collect()
}

/// The checks on one figure (or error box) line.
fn assert_safe_line(line: &str, what: &str) {
    assert!(!line.contains(['\n', '\r']), "{what}: line break in {line}");
    let wrapped = format!("<root>{line}</root>");
    let doc = Document::parse(&wrapped)
        .unwrap_or_else(|e| panic!("{what}: not well-formed XML: {e}\n{line}"));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name().to_ascii_lowercase();
        assert!(
            ![
                "script",
                "img",
                "foreignobject",
                "iframe",
                "object",
                "embed",
            ]
            .contains(&tag.as_str()),
            "{what}: <{tag}> element in {line}"
        );
        if tag == "a" {
            // The only link: the data table's, to a data file by a relative path.
            let href = node.attribute("href").unwrap_or("");
            assert!(
                href.starts_with("./") || href.starts_with("../"),
                "{what}: <a href={href:?}> in {line}"
            );
        }
        for a in node.attributes() {
            let name = a.name().to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "{what}: attribute {name} on <{tag}>"
            );
            assert!(
                !a.value().to_ascii_lowercase().contains("javascript:"),
                "{what}: javascript: in {name}={:?}",
                a.value()
            );
            assert!(
                !name.contains("href") || tag == "a",
                "{what}: {name} attribute on <{tag}>"
            );
        }
    }
    // Nothing but whitespace-free text around the one root child.
    let children: Vec<_> = doc.root_element().children().collect();
    assert_eq!(children.len(), 1, "{what}: one element, nothing around it");
}

fn render_line(toml: &str) -> (String, usize) {
    let md = format!("```chart\n{toml}```\n");
    let out = process_chapter(&md, "src/i.md", 0, &Config::default());
    let content = out.content.expect("a chart block is replaced");
    let line = content.strip_suffix('\n').expect("line ending kept");
    (line.to_string(), out.errors.len())
}

#[test]
fn payloads_in_every_position_stay_text() {
    let mut rendered = 0;
    for payload in payloads() {
        let literal = toml_str(&payload);
        for (position, template) in POSITIONS {
            let toml = template.replace("@S@", &literal);
            let what = format!("{position} = {payload:?}");
            let (line, errors) = render_line(&toml);
            assert_eq!(errors, 0, "{what}: {line}");
            assert!(line.starts_with("<figure class=\"svg-chart\""), "{what}");
            assert!(
                line.contains("<details class=\"svg-chart-data\">"),
                "{what}: the data table is on by default"
            );
            assert_safe_line(&line, &what);

            let svg = render_standalone(&toml).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(!svg.contains(['\n', '\r']), "{what}");
            let doc = Document::parse(&svg).unwrap_or_else(|e| panic!("{what}: {e}"));
            if *position == "title" || *position == "pie title" {
                let title = doc
                    .descendants()
                    .find(|n| n.has_tag_name("title"))
                    .expect("a <title>");
                let text: String = title.children().filter_map(|c| c.text()).collect();
                if payload.trim().is_empty() {
                    assert_eq!(text, "Bar chart", "{what}: a blank title is no title");
                } else {
                    assert_eq!(text, as_xml_text(&payload), "{what}: <title> round trip");
                }
            }
            rendered += 1;
        }
    }
    assert_eq!(rendered, payloads().len() * POSITIONS.len());
}

#[test]
fn payloads_in_data_file_columns_and_cells_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    std::fs::create_dir_all(root.join("src")).unwrap();
    for payload in payloads() {
        // A new context per payload: a context reads each file once (it stands for one build).
        let ctx = DataContext::new(root.join("src"), &root);
        // A JSON data file: the payload is a column name (series name) and a category cell.
        let rows = serde_json::json!([["k", payload.clone()], [payload.clone(), 1], ["b", 2]]);
        std::fs::write(root.join("src/d.json"), rows.to_string()).unwrap();
        let chart = format!(
            "type = \"bar\"\ndata = \"d.json\"\nx = \"k\"\ny = [{}]\nlegend = \"right\"\n",
            toml_str(&payload)
        );
        let md = format!("```chart\n{chart}```\n");
        let out = process_chapter_in(&md, "src/i.md", Some(&ctx), 0, &Config::default());
        let what = format!("data column {payload:?}");
        let content = out.content.expect("replaced");
        assert_safe_line(content.trim_end_matches('\n'), &what);
        if !payload.trim().is_empty() {
            assert!(out.errors.is_empty(), "{what}: {:?}", out.errors);
        }
    }
}

#[test]
fn error_boxes_escape_what_they_quote() {
    // Errors quote author text (unknown choice words, bad colours, too-long texts, unknown keys).
    for payload in payloads() {
        let literal = toml_str(&payload);
        for (what, toml) in [
            ("choice", format!("type = {literal}\n")),
            (
                "colour",
                format!("type = \"bar\"\ny = [1]\ncolor = {literal}\n"),
            ),
            ("model", format!("model = {literal}\n")),
            (
                "legend",
                format!("type = \"bar\"\ny = [1]\nlegend = {literal}\n"),
            ),
            (
                "too long",
                format!(
                    "type = \"bar\"\ny = [1]\ntitle = {}\n",
                    toml_str(&payload.repeat(3000))
                ),
            ),
            ("key", format!("type = \"bar\"\ny = [1]\n{literal} = 1\n")),
            ("syntax", format!("type = \"bar\"\ny = [1, {literal}\n")),
        ] {
            let what = format!("{what} error with {payload:?}");
            let (line, errors) = render_line(&toml);
            if errors == 0 {
                // e.g. a payload that is also a valid colour name; still must be safe.
                assert_safe_line(&line, &what);
                continue;
            }
            assert!(
                line.starts_with("<div class=\"svg-chart-error\""),
                "{what}: {line}"
            );
            assert_safe_line(&line, &what);
        }
    }
}

#[test]
fn too_long_text_is_a_located_error_in_every_position() {
    let long = toml_str(&"x".repeat(2_001));
    for (position, template) in POSITIONS {
        let toml = template.replace("@S@", &long);
        let e = render_standalone(&toml).expect_err(position);
        assert!(
            e.message.contains("longer than 2000 characters"),
            "{position}: {e}"
        );
        assert!(!e.key.is_empty(), "{position}: the key is named");
        let line_of_s = template
            .lines()
            .position(|l| l.contains("@S@"))
            .expect("placeholder")
            + 1;
        assert_eq!(e.line, line_of_s, "{position}: {e}");
    }
}

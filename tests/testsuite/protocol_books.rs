//! The preprocessor protocol on whole books, in process (`protocol::run`), for what the
//! `protocol` module (which drives the binary) does not cover: a 1,000-chapter book comes back
//! identical without charts and changed only inside fence ranges with charts; every truncation
//! of a valid input fails cleanly; an unknown renderer and a missing or odd mdBook version only
//! warn; unknown fields at every level survive.

use mdbook_svg_charts::markdown::find_chart_fences;
use mdbook_svg_charts::protocol::{ProtocolError, run};
use serde_json::{Value, json};

use crate::common::{all_contents, chapter_item, mdbook_context, without_content};

/// The context for `renderer` from mdBook `version`, with a field mdBook does not send.
fn context(version: Option<&str>, renderer: &str) -> Value {
    let mut ctx = mdbook_context(version, renderer, json!({}));
    ctx["zz_context_extra"] = json!({"nested": [1, "two", null]});
    ctx
}

/// Chart-free chapter texts with what a careless re-serialiser or matcher could change.
fn plain_content(i: usize) -> String {
    let variants = [
        "# Plain\n\nJust text.\n".to_string(),
        "CRLF\r\nlines\r\n\r\n* list\r\n".to_string(),
        "\u{feff}BOM first, then `chart` inline and a chart word.\n".to_string(),
        "<div>\n```chart\ntype = \"bar\"\ny = [1]\n```\n</div>\n".to_string(),
        "    ```chart\n    indented, not a fence\n    ```\n".to_string(),
        "````markdown\n```chart\ny = [1]\n```\n````\n".to_string(),
        "```charts\nnot chart\n```\n```Chart\nnot chart\n```\n".to_string(),
        "Unicode é 漢字 🎉 \u{2028} \u{0} \\\" </script> ]]>\n".to_string(),
        String::new(),
        "No trailing newline".to_string(),
    ];
    format!("{}\n<!-- chapter {i} -->", variants[i % variants.len()])
}

/// Chapter `i` (`c{i}.md`), with a field mdBook does not send.
fn chapter(i: usize, content: String, subs: Vec<Value>) -> Value {
    let path = format!("c{i}.md");
    let name = format!("Chapter {i}");
    let mut item = chapter_item(&name, &content, Some(&path), &[i + 1], json!(subs));
    item["Chapter"]["zz_chapter_extra"] = json!({"i": i, "f": 1.5});
    item
}

/// 1,000 chapters: 100 top-level chapters with 9 sub-chapters each (one of them nested three
/// deep), plus separators and part titles; `content(i)` gives chapter i's text.
fn big_book(content: impl Fn(usize) -> String, items_key: &str) -> Value {
    let mut items = Vec::new();
    let mut i = 0;
    for top in 0..100 {
        if top % 25 == 0 {
            items.push(json!({"PartTitle": format!("Part {top}")}));
        }
        let first = i;
        i += 1;
        let mut subs = Vec::new();
        for _ in 0..7 {
            subs.push(chapter(i, content(i), vec![]));
            i += 1;
        }
        let deep = chapter(i + 1, content(i + 1), vec![]);
        subs.push(chapter(i, content(i), vec![deep]));
        i += 2;
        items.push(chapter(first, content(first), subs));
        if top % 10 == 9 {
            items.push(json!("Separator"));
        }
    }
    assert_eq!(i, 1000);
    let mut book = json!({ items_key: items, "zz_book_extra": true });
    if items_key == "sections" {
        book["__non_exhaustive"] = Value::Null;
    }
    book
}

fn reply_of(input: &Value) -> Value {
    let input = input.to_string();
    let outcome = run(&input).unwrap_or_else(|e| panic!("run failed: {e}"));
    let reply = outcome.reply.expect("a reply").into_string();
    serde_json::from_str(&reply).expect("reply is JSON")
}

#[test]
fn thousand_chapters_without_charts_come_back_identical() {
    for key in ["items", "sections"] {
        let book = big_book(plain_content, key);
        let input = json!([context(Some("0.5.4"), "html"), book.clone()]);
        let input = input.to_string();
        let outcome = run(&input).unwrap();
        assert_eq!(outcome.summary.charts, 0);
        assert_eq!(outcome.summary.chapters, 0);
        let reply: Value = serde_json::from_str(&outcome.reply.unwrap().into_string()).unwrap();
        assert_eq!(reply, book, "{key}: the reply must equal the book");
        let (got, want) = (all_contents(&reply), all_contents(&book));
        assert_eq!(got.len(), 1000);
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "{key}: content {i} changed");
        }
    }
}

#[test]
fn thousand_chapters_with_charts_change_only_fence_ranges() {
    let charted = |i: usize| {
        if i.is_multiple_of(7) {
            format!(
                "# C{i}\n\nIntro\r\n\n```chart\ntype = \"bar\"\ny = [{i}, 2]\n```\nText after.\n\n\
                 > ```chart\n> type = \"pie\"\n> labels = [\"a\"]\n> values = [1]\n> ```\n\n{}",
                plain_content(i)
            )
        } else {
            plain_content(i)
        }
    };
    let book = big_book(charted, "items");
    let input = json!([context(Some("0.5.4"), "html"), book.clone()]);
    let reply = reply_of(&input);
    assert_eq!(without_content(&reply), without_content(&book));
    let (got, want) = (all_contents(&reply), all_contents(&book));
    assert_eq!(got.len(), want.len());
    let mut figures = 0;
    for (i, (out, chapter)) in got.iter().zip(&want).enumerate() {
        let fences = find_chart_fences(chapter);
        if fences.is_empty() {
            assert_eq!(out, chapter, "chart-free content {i} changed");
            continue;
        }
        // Outside the fences: the same bytes, plus at most one line ending right after a figure
        // (the blank line that ends the HTML block when text follows the fence directly).
        let mut rest = out.as_str();
        let mut cursor = 0;
        for (n, f) in fences.iter().enumerate() {
            let keep = &chapter[cursor..f.range.start];
            if n > 0 && !rest.starts_with(keep) {
                rest = rest.strip_prefix('\n').unwrap_or(rest);
            }
            assert!(rest.starts_with(keep), "chapter {i}: {rest:?} vs {keep:?}");
            rest = &rest[keep.len()..];
            let end = rest.find('\n').unwrap_or(rest.len());
            let line = &rest[..end];
            assert!(
                line.starts_with("<figure class=\"svg-chart\"") && line.ends_with("</figure>"),
                "chapter {i}: {}",
                &line[..line.len().min(100)]
            );
            figures += 1;
            rest = &rest[end..];
            cursor = f.range.end;
        }
        let tail = &chapter[cursor..];
        let tail_ok = rest == tail || rest.strip_prefix('\n') == Some(tail);
        assert!(tail_ok, "chapter {i}: tail {rest:?} vs {tail:?}");
    }
    assert_eq!(
        figures,
        2 * (0..1000).filter(|i: &usize| i.is_multiple_of(7)).count()
    );
}

#[test]
fn unknown_renderer_and_versions_only_warn() {
    let book =
        json!({"items": [chapter(0, "```chart\ntype = \"bar\"\ny = [1]\n```\n".into(), vec![])]});
    for (version, renderer, warns) in [
        (Some("0.5.4"), "some-unknown-renderer", false),
        (Some("0.4.52"), "epub", false),
        (Some("0.6.0"), "html", true),
        (Some("0.3.7"), "html", true),
        (Some("1.0.0-alpha.1"), "html", true),
        (Some(""), "html", true),
        (Some("\u{0}not a version"), "html", true),
        (None, "html", true),
    ] {
        let input = json!([context(version, renderer), book.clone()]);
        let input = input.to_string();
        let outcome =
            run(&input).unwrap_or_else(|e| panic!("{version:?}/{renderer}: must not fail: {e}"));
        assert_eq!(outcome.summary.charts, 1);
        assert!(outcome.summary.errors.is_empty());
        assert_eq!(
            !outcome.warnings.is_empty(),
            warns,
            "{version:?}: {:?}",
            outcome.warnings
        );
        let reply: Value = serde_json::from_str(&outcome.reply.unwrap().into_string()).unwrap();
        let content = reply["items"][0]["Chapter"]["content"].as_str().unwrap();
        assert!(
            content.starts_with("<figure class=\"svg-chart\""),
            "{content}"
        );
    }
    // A version that is not a string.
    let mut ctx = context(None, "html");
    ctx["mdbook_version"] = json!(5);
    let input = json!([ctx, book]).to_string();
    let outcome = run(&input).unwrap();
    assert!(!outcome.warnings.is_empty());
}

#[test]
fn every_truncation_of_a_valid_input_fails_cleanly() {
    let book = big_book(plain_content, "items");
    let mut small = book.clone();
    small["items"] = json!(book["items"].as_array().unwrap()[..3].to_vec());
    let input = json!([context(Some("0.5.4"), "html"), small]).to_string();
    assert!(run(&input).is_ok());
    let mut cut = 0;
    for (at, _) in input.char_indices().skip(1) {
        match run(&input[..at]) {
            Err(ProtocolError::Input(_)) => cut += 1,
            Err(e) => panic!("truncated at {at}: unexpected error kind: {e}"),
            Ok(_) => panic!("truncated at {at}: accepted {:?}", &input[..at]),
        }
    }
    assert!(cut > 1000, "{cut}");
}

#[test]
fn odd_but_valid_json_shapes_do_not_panic() {
    for input in [
        r#"[{}, {"items": [{"Chapter": {}}]}]"#,
        r#"[{}, {"items": [{"Chapter": {"content": 5, "path": "a.md"}}]}]"#,
        r#"[{}, {"items": [{"Chapter": {"content": "```chart\n```", "path": "a.md", "sub_items": 7}}]}]"#,
        r#"[{}, {"items": [{"Chapter": {"content": "```chart\n```", "path": null}}]}]"#,
        r#"[{}, {"items": [{"Chapter": null}, null, 1, "x", [], {}]}]"#,
        r#"[{"config": null, "root": 5, "mdbook_version": []}, {"items": []}]"#,
        r#"[{"config": {"preprocessor": {"svg-charts": null}}}, {"items": []}]"#,
        r#"[{"config": {"book": {"src": 7}}}, {"items": [{"Chapter": {"content": "```chart\nx\n```", "path": "a.md", "source_path": 3, "name": 4}}]}]"#,
        r#"[{}, {"sections": [], "items": null}]"#,
        r#"[null, {"items": []}]"#,
        r#"[[], {"items": []}]"#,
    ] {
        // Any result is fine; a panic is not.
        let _ = run(input);
    }
}

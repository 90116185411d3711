//! The mdBook preprocessor protocol, through the built binary: `supports`, the JSON round trip
//! (mdBook 0.5 and 0.4 shapes), error reporting and exit codes, and the `render` subcommand.

use serde_json::{Value, json};

use crate::common::{
    FIGURE_OPEN, SVG_NS, all_contents, assert_accessible, chapter_item, extract_svgs, ids,
    is_figure_line, mdbook_context, parse_svg, run, run_with_timeout, stderr, stdout,
    without_content,
};

/// Runs the protocol on `[context, book]` and returns the reply, asserting success.
fn preprocess(input: &Value) -> (Value, String) {
    let out = run(&[], &input.to_string());
    assert!(
        out.status.success(),
        "exit {:?}\nstderr:\n{}",
        out.status,
        stderr(&out)
    );
    let reply: Value = serde_json::from_str(stdout(&out))
        .unwrap_or_else(|e| panic!("reply is not JSON: {e}\n{}", stdout(&out)));
    (reply, stderr(&out))
}

/// The context mdBook `version` sends to the html renderer's preprocessors.
fn context(version: &str, table: Value) -> Value {
    mdbook_context(Some(version), "html", table)
}

const BAR: &str = "```chart\ntype = \"bar\"\nx = [\"a\", \"b\"]\ny = [1, 2]\n```\n";

fn chart_chapter(name: &str, file: &str, number: &[usize]) -> Value {
    let content = format!("# {name}\n\nIntro.\n\n{BAR}\nAfter the chart.\n");
    chapter_item(name, &content, Some(file), number, json!([]))
}

/// The `content` of the chapter at `items[i]` (following `sub_items` for nested indices).
fn content_at<'a>(items: &'a Value, path: &[usize]) -> &'a str {
    let mut item = &items[path[0]];
    for &i in &path[1..] {
        item = &item["Chapter"]["sub_items"][i];
    }
    item["Chapter"]["content"]
        .as_str()
        .unwrap_or_else(|| panic!("no chapter content at {path:?}: {item}"))
}

fn assert_rendered(content: &str) {
    assert!(!content.contains("```chart"), "fence left in:\n{content}");
    let figures: Vec<&str> = content
        .lines()
        .filter(|l| l.starts_with(FIGURE_OPEN))
        .collect();
    assert_eq!(figures.len(), 1, "one figure line expected:\n{content}");
    assert!(is_figure_line(figures[0]), "{}", figures[0]);
    let svgs = extract_svgs(content);
    assert_eq!(svgs.len(), 1);
    assert_accessible(&parse_svg(svgs[0]));
}

// ---------------------------------------------------------------------------------------------
// supports

#[test]
fn supports_every_renderer() {
    // Observed and documented in main.rs: every renderer is supported (the output is HTML
    // that HTML, EPUB and Markdown outputs all carry through), so `supports X` always exits 0.
    for renderer in ["html", "markdown", "epub", "pdf", "some-unknown-renderer"] {
        let out = run(&["supports", renderer], "");
        assert_eq!(out.status.code(), Some(0), "supports {renderer}");
        assert!(out.stdout.is_empty(), "supports prints nothing");
    }
}

#[test]
fn supports_without_renderer_is_a_usage_error() {
    let out = run(&["supports"], "");
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("RENDERER"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// Round trip

#[test]
fn mdbook_0_5_book_is_processed_including_sub_chapters() {
    let nested = chart_chapter("Nested", "part/nested.md", &[1, 1]);
    let book = json!({"items": [
        chapter_item(
            "Parent",
            &format!("# Parent\n\n{BAR}"),
            Some("parent.md"),
            &[1],
            json!([nested])
        ),
        chart_chapter("Second", "second.md", &[2]),
    ]});
    let (reply, _) = preprocess(&json!([context("0.5.4", json!({})), book]));
    let obj = reply.as_object().expect("reply is an object");
    assert!(obj.contains_key("items"), "{reply}");
    assert!(!obj.contains_key("sections"), "{reply}");
    let items = &reply["items"];
    assert_rendered(content_at(items, &[0]));
    assert_rendered(content_at(items, &[0, 0]));
    assert_rendered(content_at(items, &[1]));
    // The text after the chart survives.
    assert!(content_at(items, &[1]).contains("\nAfter the chart.\n"));
    // Everything but `content` is unchanged.
    assert_eq!(
        without_content(&reply),
        without_content(&book),
        "only `content` may change"
    );
}

#[test]
fn chart_ids_are_unique_across_the_book() {
    let book = json!({"items": [
        chart_chapter("A", "a.md", &[1]),
        chapter_item("B", &format!("{BAR}\n{BAR}"), Some("b.md"), &[2],
            json!([chart_chapter("B1", "b1.md", &[2, 1])])),
        chart_chapter("C", "c.md", &[3]),
        chart_chapter("D", "d.md", &[4]),
        chart_chapter("E", "e.md", &[5]),
    ]});
    let (reply, _) = preprocess(&json!([context("0.5.4", json!({})), book]));
    let text = reply.to_string();
    let all_content = all_contents(&reply).concat();
    let svgs = extract_svgs(&all_content);
    assert_eq!(svgs.len(), 7, "{text}");
    let mut seen = std::collections::HashSet::new();
    for svg in svgs {
        for id in ids(&parse_svg(svg)) {
            assert!(seen.insert(id.clone()), "duplicate id {id}");
        }
    }
}

#[test]
fn mdbook_0_4_book_keeps_sections_and_non_exhaustive() {
    let book = json!({
        "sections": [chart_chapter("Old", "old.md", &[1])],
        "__non_exhaustive": null
    });
    let (reply, stderr) = preprocess(&json!([context("0.4.52", json!({})), book]));
    let obj = reply.as_object().unwrap();
    assert!(obj.contains_key("sections"), "{reply}");
    assert!(
        obj.contains_key("__non_exhaustive"),
        "mdBook 0.4 requires this key: {reply}"
    );
    assert_eq!(obj["__non_exhaustive"], Value::Null);
    assert!(!obj.contains_key("items"));
    assert_rendered(content_at(&reply["sections"], &[0]));
    assert!(
        !stderr.contains("warning"),
        "0.4.52 is a tested version: {stderr}"
    );
}

#[test]
fn unknown_fields_key_order_and_chart_free_chapters_are_preserved() {
    // Chart-free content with things a re-serialiser could change.
    let plain = "# Plain\r\n\nTabs\there, unicode é 漢字 \u{2028} emoji 🎉, escapes \\\" \u{0}\n\
                 ```rust\nfn main() {}\n```\n    indented chart? ```chart\n";
    let input = format!(
        r#"[{ctx}, {{"zz_book_extra": {{"k": [1, 2.50, "x"]}}, "items": [
            {{"Chapter": {{"zz_first": true, "name": "Plain", "content": {plain}, "number": [1],
              "sub_items": [], "path": "plain.md", "source_path": "plain.md", "parent_names": [],
              "custom": {{"b": 1, "a": 2}}}}}},
            "Separator",
            {{"PartTitle": "Part II"}},
            {{"Chapter": {{"name": "Charted", "content": {charted}, "number": null,
              "sub_items": [], "path": "c.md", "source_path": "c.md", "parent_names": ["Part II"],
              "zz_after": "kept"}}}}
        ], "aa_trailing": 7}}]"#,
        ctx = context("0.5.4", json!({})),
        plain = Value::String(plain.into()),
        charted = Value::String(format!("Text\n\n{BAR}")),
    );
    let out = run(&[], &input);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let reply: Value = serde_json::from_str(text).unwrap();

    // Unknown fields survive with their values.
    assert_eq!(reply["zz_book_extra"], json!({"k": [1, 2.5, "x"]}));
    assert_eq!(reply["aa_trailing"], json!(7));
    let items = reply["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["Chapter"]["zz_first"], json!(true));
    assert_eq!(items[0]["Chapter"]["custom"], json!({"b": 1, "a": 2}));
    assert_eq!(items[3]["Chapter"]["zz_after"], json!("kept"));
    // Separator and part title pass through.
    assert_eq!(items[1], json!("Separator"));
    assert_eq!(items[2], json!({"PartTitle": "Part II"}));
    // The chart-free chapter is byte-identical.
    assert_eq!(items[0]["Chapter"]["content"].as_str().unwrap(), plain);
    assert_rendered(items[3]["Chapter"]["content"].as_str().unwrap());

    // Key order, checked on the raw text (independent of serde_json's map type).
    let order = |keys: &[&str]| {
        let pos: Vec<usize> = keys
            .iter()
            .map(|k| {
                text.find(&format!("\"{k}\""))
                    .unwrap_or_else(|| panic!("{k} missing"))
            })
            .collect();
        assert!(
            pos.windows(2).all(|w| w[0] < w[1]),
            "keys {keys:?} out of order in:\n{text}"
        );
    };
    order(&["zz_book_extra", "items", "aa_trailing"]);
    order(&["zz_first", "name", "content", "number", "custom"]);
    order(&["custom", "Separator", "PartTitle", "zz_after"]);
    assert!(
        text.contains(r#""custom":{"b":1,"a":2}"#),
        "nested key order:\n{text}"
    );
}

#[test]
fn draft_chapter_is_skipped() {
    let draft = chapter_item("Draft", &format!("Draft\n\n{BAR}"), None, &[1], json!([]));
    let book = json!({"items": [draft.clone(), chart_chapter("Real", "real.md", &[2])]});
    let (reply, _) = preprocess(&json!([context("0.5.4", json!({})), book]));
    assert_eq!(
        reply["items"][0], draft,
        "a draft chapter must come back as it was"
    );
    assert_rendered(content_at(&reply["items"], &[1]));
}

#[test]
fn unknown_mdbook_version_warns_and_continues() {
    let book = json!({"items": [chart_chapter("A", "a.md", &[1])]});
    let (reply, stderr) = preprocess(&json!([context("0.9.0", json!({})), book]));
    assert_rendered(content_at(&reply["items"], &[0]));
    assert!(
        stderr.contains("warning") && stderr.contains("0.9.0"),
        "a warning naming the version expected:\n{stderr}"
    );
    let (_, stderr) = preprocess(&json!([
        context("not-a-version", json!({})),
        json!({"items": []})
    ]));
    assert!(stderr.contains("not-a-version"), "{stderr}");
}

#[test]
fn what_mdbook_sends_is_escaped_in_messages() {
    let forged = "9\u{1b}[2J\r\nsrc/x.md:1:1: error: forged\u{9b}";
    let (_, log) = preprocess(&json!([context(forged, json!({})), json!({"items": []})]));
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "a warning and the summary: {log}");
    assert_eq!(
        lines[0],
        "mdbook-svg-charts: warning: cannot read the mdbook version \"9\\u{1b}[2J\\r\\nsrc/x.md:1:1: error: forged\\u{9b}\"; continuing"
    );
    let input = json!([
        context("0.5.4", json!({"z\u{1b}[31m\u{2028}": 1})),
        json!({"items": []})
    ]);
    let out = run(&[], &input.to_string());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "mdbook-svg-charts: error: book.toml: [preprocessor.svg-charts] `z\\u{1b}[31m\\u{2028}`: unknown key; expected one of: on-error, palette, width, height, data-table\n"
    );
}

#[test]
fn bad_input_fails_cleanly() {
    for (input, what) in [
        ("{not json", "malformed"),
        (
            r#"[{"root": "/b", "config": {}}, {"items": [{"Chap"#,
            "truncated",
        ),
        ("[]", "empty array"),
        ("", "empty stdin"),
        (r#"{"items": []}"#, "book without context"),
        (r#"[{}, {"neither": []}]"#, "no items/sections"),
        (r#"[{}, [1]]"#, "book not an object"),
    ] {
        let out = run(&[], input);
        let err = stderr(&out);
        assert!(!out.status.success(), "{what}: must fail");
        assert_eq!(out.status.code(), Some(1), "{what}: exit 1, not a crash");
        assert!(out.stdout.is_empty(), "{what}: no reply on failure");
        assert!(
            err.contains("mdbook-svg-charts: error: invalid input from mdbook"),
            "{what}: clear message expected:\n{err}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Chart errors

fn bad_book() -> Value {
    // Line 8, column 9 is the `"two"` in `y = [1, "two"]`.
    let bad = "# Bad\n\nIntro.\n\n```chart\ntype = \"bar\"\nx = [\"a\", \"b\"]\ny = [1, \"two\"]\n```\n\nAfter.\n";
    json!({"items": [
        chart_chapter("Good", "good.md", &[1]),
        chapter_item("Bad", bad, Some("bad.md"), &[2], json!([])),
        chapter_item("Plain", "No charts here.\n", Some("plain.md"), &[3], json!([])),
    ]})
}

const BAD_MESSAGE: &str = "src/bad.md:8:9: error: `y[1]`: expected a number, found a string";

#[test]
fn bad_chart_shows_an_error_box_and_keeps_building() {
    let (reply, stderr) = preprocess(&json!([context("0.5.4", json!({})), bad_book()]));
    assert!(
        stderr.contains(BAD_MESSAGE),
        "expected {BAD_MESSAGE:?} in:\n{stderr}"
    );
    let bad = content_at(&reply["items"], &[1]);
    assert!(
        bad.contains("<div class=\"svg-chart-error\" role=\"alert\""),
        "{bad}"
    );
    assert!(bad.contains("`y[1]`: expected a number"), "{bad}");
    assert!(!bad.contains("```"), "{bad}");
    assert!(bad.ends_with("\n\nAfter.\n"), "{bad:?}");
    assert_rendered(content_at(&reply["items"], &[0]));
    assert_eq!(content_at(&reply["items"], &[2]), "No charts here.\n");
}

#[test]
fn bad_chart_with_book_src_elsewhere_names_that_dir() {
    let mut ctx = context("0.5.4", json!({}));
    ctx["config"]["book"]["src"] = json!("chapters/");
    let (_, stderr) = preprocess(&json!([ctx, bad_book()]));
    assert!(
        stderr.contains("chapters/bad.md:8:9: error: `y[1]`"),
        "{stderr}"
    );
}

/// A chapter (`ch/a.md` under the source directory) with a chart of `a.csv` beside it and
/// one of `../../secret.csv`, above the source directory's parent.
pub(crate) const SHARED_CHAPTER: &str = "# A\n\n```chart\ntype = \"line\"\ndata = \"a.csv\"\nx = \"t\"\ny = \"ms\"\n```\n\n```chart\ntype = \"line\"\ndata = \"../../secret.csv\"\ny = \"ms\"\n```\n";

/// `TMP/book` (the root) with `book.src = "../shared"`: the chapter `TMP/shared/ch/a.md`
/// ([`SHARED_CHAPTER`]) with `a.csv` beside it, and `TMP/secret.csv`.
pub(crate) fn book_with_shared_source() -> tempfile::TempDir {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("book");
    let chapters = outer.path().join("shared/ch");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&chapters).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"T\"\nsrc = \"../shared\"\n",
    )
    .unwrap();
    std::fs::write(
        outer.path().join("shared/SUMMARY.md"),
        "# Summary\n\n- [A](ch/a.md)\n",
    )
    .unwrap();
    std::fs::write(chapters.join("a.md"), SHARED_CHAPTER).unwrap();
    std::fs::write(chapters.join("a.csv"), "t,ms\n0,12\n1,15\n").unwrap();
    std::fs::write(outer.path().join("secret.csv"), "t,ms\n0,1\n").unwrap();
    outer
}

#[test]
fn a_source_directory_outside_the_root_holds_data_files() {
    let outer = book_with_shared_source();
    let mut ctx = context("0.5.4", json!({}));
    ctx["root"] = json!(outer.path().join("book").to_str().unwrap());
    ctx["config"]["book"]["src"] = json!("../shared");
    let book =
        json!({"items": [chapter_item("A", SHARED_CHAPTER, Some("ch/a.md"), &[1], json!([]))]});
    let (reply, stderr) = preprocess(&json!([ctx, book]));
    let content = content_at(&reply["items"], &[0]);
    let figures: Vec<&str> = content
        .lines()
        .filter(|l| l.starts_with(FIGURE_OPEN))
        .collect();
    assert_eq!(
        figures.len(),
        1,
        "the chart of a.csv renders:\n{content}\n{stderr}"
    );
    assert!(content.contains("<td>15</td>"), "its data table: {content}");
    assert!(
        stderr.contains(
            "../shared/ch/a.md:12:8: error: `data`: data file ../../secret.csv is outside the book"
        ),
        "{stderr}"
    );
    assert!(
        content.contains("data file ../../secret.csv is outside the book"),
        "an error box: {content}"
    );
}

#[test]
fn bad_chart_fails_the_build_when_on_error_is_fail() {
    let input = json!([context("0.5.4", json!({"on-error": "fail"})), bad_book()]);
    let out = run(&[], &input.to_string());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(BAD_MESSAGE), "{err}");
    assert!(err.contains("on-error"), "says why it failed: {err}");
    assert!(out.stdout.is_empty(), "no book on failure");
}

#[test]
fn on_error_fail_without_errors_succeeds() {
    let book = json!({"items": [chart_chapter("A", "a.md", &[1])]});
    let (reply, _) = preprocess(&json!([
        context("0.5.4", json!({"on-error": "fail"})),
        book
    ]));
    assert_rendered(content_at(&reply["items"], &[0]));
}

#[test]
fn bad_config_key_is_named_with_a_suggestion() {
    let book = json!({"items": [chart_chapter("A", "a.md", &[1])]});
    let input = json!([context("0.5.4", json!({"on-eror": "fail"})), book]);
    let out = run(&[], &input.to_string());
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("on-eror"), "names the key: {err}");
    assert!(err.contains("`on-error`"), "suggests on-error: {err}");
    assert!(err.contains("book.toml"), "{err}");
}

#[test]
fn bad_config_values_fail() {
    for table in [
        json!({"on-error": "explode"}),
        json!({"palette": ["#zzz"]}),
        json!({"palette": []}),
        json!({"width": 5}),
        json!({"height": "big"}),
        json!("not a table"),
    ] {
        let book = json!({"items": []});
        let out = run(
            &[],
            &json!([context("0.5.4", table.clone()), book]).to_string(),
        );
        assert_eq!(out.status.code(), Some(1), "{table}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("[preprocessor.svg-charts]"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn mdbook_keys_and_own_keys_are_accepted() {
    let table = json!({
        "command": "mdbook-svg-charts", "after": ["links"], "before": [], "renderers": ["html"],
        "optional": true, "on-error": "show", "palette": ["#ff0000"], "width": 500, "height": 300
    });
    let book = json!({"items": [chart_chapter("A", "a.md", &[1])]});
    let (reply, _) = preprocess(&json!([context("0.5.4", table), book]));
    let content = content_at(&reply["items"], &[0]);
    assert_rendered(content);
    assert!(
        content.contains("viewBox=\"0 0 500 300\""),
        "book width/height"
    );
    assert!(content.contains("fill=\"#ff0000\""), "book palette");
}

#[test]
fn output_is_deterministic() {
    // Enough chart chapters to take the parallel path.
    let items: Vec<Value> = (0..12)
        .map(|i| chart_chapter(&format!("C{i}"), &format!("c{i}.md"), &[i + 1]))
        .collect();
    let input = json!([context("0.5.4", json!({})), {"items": items}]).to_string();
    let a = run(&[], &input);
    let b = run(&[], &input);
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout, "two runs differ");
    // Chapters are numbered in book order.
    let reply: Value = serde_json::from_slice(&a.stdout).unwrap();
    for i in 0..12 {
        let content = content_at(&reply["items"], &[i]);
        assert!(
            content.contains(&format!("aria-labelledby=\"sc{i}-0-t sc{i}-0-d\"")),
            "chapter {i}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// render subcommand

#[test]
fn render_writes_one_standalone_svg() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chart.toml");
    std::fs::write(
        &file,
        "type = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1, 3]\n",
    )
    .unwrap();
    let out = run(&["render", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out).trim_end_matches('\n');
    assert!(
        text.starts_with("<svg ") && text.ends_with("</svg>"),
        "{text}"
    );
    assert_eq!(extract_svgs(text).len(), 1);
    let doc = parse_svg(text);
    assert_eq!(doc.root_element().tag_name().namespace(), Some(SVG_NS));
    assert_accessible(&doc);
}

#[test]
fn render_reads_stdin() {
    let out = run(&["render"], "type = \"bar\"\ny = [1, 2]\n");
    assert!(out.status.success(), "{}", stderr(&out));
    parse_svg(stdout(&out).trim_end());
    let out = run(&["render", "-"], "type = \"bar\"\ny = [1, 2]\n");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn render_reports_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "type = \"bar\"\n\ny = [1,   \"x\"]\n").unwrap();
    let name = file.to_str().unwrap();
    let out = run(&["render", name], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let expected = format!("{name}:3:11: error: `y[1]`: expected a number, found a string");
    assert!(
        stderr(&out).contains(&expected),
        "expected {expected:?} in:\n{}",
        stderr(&out)
    );
}

#[test]
fn render_missing_file_fails_cleanly() {
    let out = run(&["render", "/nonexistent/chart.toml"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/nonexistent/chart.toml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn extreme_values_do_not_hang() {
    for chart in [
        "type = \"scatter\"\nx = [1, 2]\ny = [1e308, -1e308]\n",
        "type = \"scatter\"\nx = [-9e307, 9e307]\ny = [1, 2]\n",
    ] {
        let out = run_with_timeout(&["render"], chart, 10);
        // Rendering or a located error are both fine; hanging (or panicking) is not.
        assert!(
            !stderr(&out).contains("panicked"),
            "{chart}\n{}",
            stderr(&out)
        );
        if out.status.success() {
            parse_svg(stdout(&out).trim_end());
        }
    }
}

#[test]
fn mdbook_04_reads_chapters_as_mdbook_04_does() {
    // mdBook 0.4 has no definition lists: `: ```chart` after a term is a paragraph, not a fence.
    let chapter = "Term\n: ```chart\n  type = \"bar\"\n  y = [1]\n  ```\n";
    for (version, replaced) in [("0.4.40", false), ("0.5.4", true)] {
        let input = serde_json::json!([
            mdbook_context(Some(version), "html", serde_json::json!({})),
            {"items": [chapter_item("C", chapter, Some("c.md"), &[1], json!([]))], "__non_exhaustive": null}
        ]);
        let out = run(&[], &input.to_string());
        assert!(out.status.success(), "{}", stderr(&out));
        let book: serde_json::Value = serde_json::from_str(stdout(&out)).unwrap();
        let content = all_contents(&book).concat();
        assert_eq!(
            content.contains("<figure"),
            replaced,
            "{version}: {content}"
        );
    }
}

/// The data table links to its data file, except in an EPUB (which holds only its pages, so a
/// link to a CSV file would be broken): there it names the file.
#[test]
fn the_epub_renderer_gets_data_file_names_without_links() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/m.csv"), "x,y\n1,2\n2,3\n").unwrap();
    let chart = "```chart\ntype = \"line\"\ndata = \"m.csv\"\nx = \"x\"\ny = \"y\"\n```\n";
    for (renderer, linked) in [("html", true), ("epub", false)] {
        let mut ctx = mdbook_context(Some("0.5.4"), renderer, json!({}));
        ctx["root"] = json!(dir.path());
        let book = json!({"items": [chapter_item("C", &format!("# C\n\n{chart}"), Some("c.md"), &[1], json!([]))]});
        let (reply, _) = preprocess(&json!([ctx, book]));
        let content = all_contents(&reply).concat();
        assert!(content.contains("<p>Data: "), "{renderer}: {content}");
        assert_eq!(
            content.contains("<a href=\"./m.csv\">m.csv</a>"),
            linked,
            "{renderer}: {content}"
        );
        assert_eq!(
            content.contains("<p>Data: m.csv</p>"),
            !linked,
            "{renderer}"
        );
    }
}

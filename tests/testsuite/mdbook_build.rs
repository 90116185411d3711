//! A real mdBook build (mdbook-driver, in process): every chart becomes a valid, accessible
//! inline SVG in the chapter pages and in `print.html`, and the surrounding Markdown still
//! renders as before.
//!
//! mdbook-driver turns every `[preprocessor.NAME]` table into a command preprocessor (running
//! `command`, or `mdbook-NAME` when absent). `with_preprocessor(SvgCharts)` registers under the
//! same name `svg-charts`, so it replaces that command preprocessor in place (same position in
//! the run order) and the table still configures it. Both ways are tested: in process, and
//! through the built binary via `command`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use mdbook_driver::MDBook;
use mdbook_svg_charts::SvgCharts;

use crate::common::{
    BIN, FIGURE_OPEN, assert_accessible_in_html, extract_chart_svgs, ids, parse_svg,
};

const SUMMARY: &str = "# Summary

- [Intro](intro.md)
- [Data](data.md)
  - [Nested](nested.md)
- [Plain](plain.md)
";

/// A chart inside a list item, followed directly (no blank line) by a paragraph of the item.
const INTRO: &str = "# Intro

Some text before.

- A list item with a chart:

  ```chart
  type = \"bar\"
  title = \"Fruit\"
  x = [\"apples\", \"pears\"]
  y = [3, 5]
  ```
  Paragraph right after the fence in the list.
- Second item.

```chart
type = \"line\"
[[series]]
name = \"a\"
y = [1, 2, 3]
[[series]]
name = \"b\"
y = [3, 2, 1]
```
Paragraph right after a top-level fence.
";

/// A chart inside a block quote, and a pie.
const DATA: &str = "# Data

> Quoted:
>
> ```chart
> type = \"pie\"
> labels = [\"yes\", \"no\"]
> values = [85, 15]
> ```
> Quoted paragraph after the fence.

```chart
type = \"scatter\"
x = [1, 2, 3]
y = [3, 1, 2]
labels = [\"p\", \"q\", \"r\"]
```

The end of data.
";

const NESTED: &str = "# Nested

```chart
type = \"bar\"
mode = \"stack\"
orientation = \"horizontal\"
x = [\"a\", \"b\"]
[[series]]
y = [1, 2]
[[series]]
y = [2, 1]
```

Nested paragraph.
";

const PLAIN: &str = "# Plain\n\nNo charts, but code:\n\n```rust\nfn main() {}\n```\n";

const CHARTS: usize = 5;

/// Writes a book into a temp dir; `table` is the body of `[preprocessor.svg-charts]`.
fn write_book(table: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("book.toml"),
        format!("[book]\ntitle = \"Charts test\"\n\n[preprocessor.svg-charts]\n{table}\n"),
    )
    .unwrap();
    let src = root.join("src");
    std::fs::create_dir(&src).unwrap();
    for (name, text) in [
        ("SUMMARY.md", SUMMARY),
        ("intro.md", INTRO),
        ("data.md", DATA),
        ("nested.md", NESTED),
        ("plain.md", PLAIN),
    ] {
        std::fs::write(src.join(name), text).unwrap();
    }
    dir
}

fn build_in_process(root: &Path) {
    let mut book = MDBook::load(root).expect("load book");
    book.with_preprocessor(SvgCharts);
    book.build().expect("build book");
}

fn build_with_command(root: &Path) {
    MDBook::load(root)
        .expect("load book")
        .build()
        .expect("build book");
}

fn read(root: &Path, file: &str) -> String {
    let path: PathBuf = root.join("book").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Checks every SVG of a page; returns how many there were.
fn check_page(html: &str, page: &str) -> usize {
    assert!(
        !html.contains("language-chart"),
        "{page}: a chart code block was left unrendered"
    );
    assert!(!html.contains("svg-chart-error"), "{page}: a chart failed");
    let svgs = extract_chart_svgs(html);
    for svg in &svgs {
        let doc = parse_svg(svg);
        assert_accessible_in_html(&doc);
    }
    let figures = html.matches(FIGURE_OPEN).count();
    assert_eq!(figures, svgs.len(), "{page}: each svg sits in a figure");
    svgs.len()
}

fn assert_unique_ids(html: &str, page: &str) {
    let mut seen = HashSet::new();
    for svg in extract_chart_svgs(html) {
        for id in ids(&parse_svg(svg)) {
            assert!(seen.insert(id.clone()), "{page}: duplicate id {id:?}");
        }
    }
}

fn check_book(root: &Path) {
    let intro = read(root, "intro.html");
    let data = read(root, "data.html");
    let nested = read(root, "nested.html");
    let plain = read(root, "plain.html");
    assert_eq!(check_page(&intro, "intro.html"), 2);
    assert_eq!(check_page(&data, "data.html"), 2);
    assert_eq!(check_page(&nested, "nested.html"), 1);
    assert_eq!(check_page(&plain, "plain.html"), 0);
    assert!(
        plain.contains("language-rust"),
        "other code blocks are untouched"
    );

    // Surrounding Markdown still renders: paragraphs right after a fence stay paragraphs.
    for (html, para) in [
        (&intro, "Paragraph right after the fence in the list."),
        (&intro, "Paragraph right after a top-level fence."),
        (&data, "Quoted paragraph after the fence."),
        (&data, "The end of data."),
        (&nested, "Nested paragraph."),
    ] {
        assert!(
            html.contains(&format!("<p>{para}</p>")),
            "{para:?} is not a <p>:\n{}",
            context_of(html, para)
        );
    }
    // The list chart stays inside its list item, the quoted one inside the block quote.
    let li = between(&intro, "<li>", "</li>");
    assert!(li.contains("<svg"), "chart left its list item:\n{li}");
    assert!(
        intro.contains("Second item."),
        "the list continues after the chart"
    );
    let quote = between(&data, "<blockquote", "</blockquote>");
    assert!(
        quote.contains("<svg"),
        "chart left its block quote:\n{quote}"
    );
    assert!(quote.contains("<p>Quoted:</p>"), "{quote}");

    // print.html has every chart, each valid, and no id twice.
    let print = read(root, "print.html");
    assert_eq!(check_page(&print, "print.html"), CHARTS);
    assert_unique_ids(&print, "print.html");
}

fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let a = html
        .find(open)
        .unwrap_or_else(|| panic!("{open} not found"));
    let b = html[a..].find(close).map(|b| a + b).unwrap_or(html.len());
    &html[a..b]
}

fn context_of<'a>(html: &'a str, needle: &str) -> &'a str {
    match html.find(needle) {
        Some(i) => {
            let a = html[..i]
                .char_indices()
                .rev()
                .nth(120)
                .map_or(0, |(j, _)| j);
            let b = (i + needle.len() + 60).min(html.len());
            html.get(a..b).unwrap_or(html)
        }
        None => "<not found>",
    }
}

#[test]
fn in_process_build_renders_every_chart() {
    let dir = write_book("on-error = \"fail\"");
    build_in_process(dir.path());
    check_book(dir.path());
}

#[test]
fn command_build_renders_every_chart() {
    let dir = write_book(&format!("command = \"{BIN}\"\non-error = \"fail\""));
    build_with_command(dir.path());
    check_book(dir.path());
}

#[test]
fn in_process_and_command_builds_give_the_same_charts() {
    let a = write_book("");
    build_in_process(a.path());
    let b = write_book(&format!("command = \"{BIN}\""));
    build_with_command(b.path());
    for page in ["intro.html", "data.html", "nested.html"] {
        let sa = read(a.path(), page);
        let sb = read(b.path(), page);
        let (sa, sb) = (extract_chart_svgs(&sa), extract_chart_svgs(&sb));
        assert_eq!(sa.len(), sb.len(), "{page}");
        // Ids may be numbered differently (chapter order); the drawing must not differ.
        for (x, y) in sa.iter().zip(&sb) {
            let strip = |s: &str| {
                let mut out = String::new();
                let doc = parse_svg(s);
                for n in doc.descendants().filter(|n| n.is_element()) {
                    out.push_str(n.tag_name().name());
                    for at in n.attributes() {
                        if at.name() != "id" && at.name() != "aria-labelledby" {
                            out.push_str(&format!(" {}={}", at.name(), at.value()));
                        }
                    }
                    out.push('\n');
                }
                out
            };
            assert_eq!(strip(x), strip(y), "{page}");
        }
    }
}

#[test]
fn bad_chart_fails_the_build_under_on_error_fail() {
    let dir = write_book("on-error = \"fail\"");
    std::fs::write(
        dir.path().join("src/plain.md"),
        "```chart\ntype = \"bar\"\ny = [\"x\"]\n```\n",
    )
    .unwrap();
    let mut book = MDBook::load(dir.path()).unwrap();
    book.with_preprocessor(SvgCharts);
    let err = book.build().expect_err("the build must fail");
    assert!(format!("{err:#}").contains("on-error"), "{err:#}");
}

#[test]
fn bad_chart_shows_an_error_box_by_default() {
    let dir = write_book("");
    std::fs::write(
        dir.path().join("src/plain.md"),
        "# Plain\n\n```chart\ntype = \"bar\"\ny = [\"x\"]\n```\n\nAfter.\n",
    )
    .unwrap();
    build_in_process(dir.path());
    let plain = read(dir.path(), "plain.html");
    assert!(
        plain.contains("<div class=\"svg-chart-error\" role=\"alert\""),
        "{}",
        context_of(&plain, "svg-chart")
    );
    assert!(
        plain.contains("src/plain.md:5:6: error: `y[0]`"),
        "{}",
        context_of(&plain, "error")
    );
    assert!(plain.contains("<p>After.</p>"));
    // The other chapters still have their charts.
    assert_eq!(check_page(&read(dir.path(), "intro.html"), "intro.html"), 2);
}

/// A long series from a data file is summarised in the data table, which links to the file; in
/// the built book the link resolves: mdBook copies the file beside the chapter's page.
#[test]
fn the_data_table_summary_links_to_a_file_the_built_book_has() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Data\"\n\n[preprocessor.svg-charts]\n",
    )
    .unwrap();
    let src = root.join("src");
    std::fs::create_dir_all(src.join("ops/data")).unwrap();
    std::fs::write(
        src.join("SUMMARY.md"),
        "# Summary\n\n- [Latency](ops/latency.md)\n",
    )
    .unwrap();
    let mut csv = String::from("t,ms\n");
    for i in 0..300 {
        csv.push_str(&format!("{i},{}\n", 20 + i % 7));
    }
    std::fs::write(src.join("ops/data/latency.csv"), csv).unwrap();
    std::fs::write(
        src.join("ops/latency.md"),
        "# Latency\n\n```chart\ntype = \"line\"\ntitle = \"L\"\ndata = \"data/latency.csv\"\nx = \"t\"\ny = \"ms\"\n```\n",
    )
    .unwrap();
    build_in_process(root);
    let html = read(root, "ops/latency.html");
    assert!(
        html.contains("<th>Points</th>"),
        "the summary table: {html}"
    );
    let href = "./data/latency.csv";
    assert!(html.contains(&format!("<a href=\"{href}\">")), "{html}");
    let target = root.join("book/ops").join(href);
    assert!(
        target.is_file(),
        "{} is not in the built book",
        target.display()
    );
}

#[test]
fn in_process_a_source_directory_outside_the_root_holds_data_files() {
    let outer = crate::protocol::book_with_shared_source();
    let root = outer.path().join("book");
    build_in_process(&root);
    let page = read(&root, "ch/a.html");
    assert_eq!(
        page.matches("<figure").count(),
        1,
        "the chart of a.csv renders: {}",
        context_of(&page, "svg-chart")
    );
    assert!(
        page.contains("<td>15</td>"),
        "{}",
        context_of(&page, "<td>")
    );
    assert!(
        page.contains("data file ../../secret.csv is outside the book"),
        "{}",
        context_of(&page, "svg-chart-error")
    );
}

//! Charts that read CSV and JSON files: columns by name, several series from one file, and
//! located errors for a missing file, a missing column, a non-numeric cell or a path that
//! leaves the book.

use std::path::Path;

use mdbook_svg_charts::{Config, DataContext, process_chapter_in};

use crate::common::{extract_svgs, run_in, stderr, stdout, svg_texts};

/// A book at `TMP/book` with data under `src/data`, and a file outside it at `TMP/secret.csv`.
fn book() -> Book {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("book");
    let src = root.join("src/data");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("latency.csv"),
        "hour,p50,p99,region\n0,12,80,eu\n1,11,75,eu\n2,\"13\",90,us\n3,15,n/a,us\n",
    )
    .unwrap();
    std::fs::write(
        src.join("codes.json"),
        r#"[{"status":"2xx","count":850},{"status":"4xx","count":100},{"status":"5xx","count":50}]"#,
    )
    .unwrap();
    std::fs::write(
        src.join("rows.json"),
        r#"[["n","rps"],[1,100],[2,190],[4,350]]"#,
    )
    .unwrap();
    std::fs::write(outer.path().join("secret.csv"), "a\n1\n").unwrap();
    std::fs::write(root.join("inside.csv"), "a\n1\n").unwrap();
    Book {
        _outer: outer,
        root,
    }
}

struct Book {
    _outer: tempfile::TempDir,
    root: std::path::PathBuf,
}

impl Book {
    fn path(&self) -> &Path {
        &self.root
    }
}

fn chapter(book: &Path, chart: &str) -> (Option<String>, Vec<String>) {
    let md = format!("# Chapter\n\n```chart\n{chart}```\n");
    let ctx = DataContext::new(book.join("src"), book);
    let out = process_chapter_in(&md, "src/ch.md", Some(&ctx), 0, &Config::default());
    (
        out.content,
        out.errors.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn csv_columns_make_one_series_each() {
    let b = book();
    let (html, errors) = chapter(
        b.path(),
        "type = \"line\"\ndata = \"data/latency.csv\"\nx = \"hour\"\ny = [\"p50\"]\n[y-axis]\ntitle = \"ms\"\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let html = html.unwrap();
    let t = svg_texts(extract_svgs(&html)[0]);
    assert!(t.contains(&"ms".to_string()), "{t:?}");
    // Integer x values get integer ticks only.
    assert!(!t.iter().any(|s| s == "0.5"), "{t:?}");
    // The data table shows the CSV's numbers.
    assert!(html.contains("<td>13</td>"), "{html}");
}

#[test]
fn json_records_and_arrays() {
    let b = book();
    let (html, errors) = chapter(
        b.path(),
        "type = \"pie\"\ndata = \"data/codes.json\"\nlabels = \"status\"\nvalues = \"count\"\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let t = svg_texts(extract_svgs(html.as_deref().unwrap())[0]);
    assert!(
        t.contains(&"85%".to_string()) && t.contains(&"5xx".to_string()),
        "{t:?}"
    );
    let (html, errors) = chapter(
        b.path(),
        "type = \"bar\"\ndata = \"data/rows.json\"\nx = \"n\"\n[[series]]\ny = \"rps\"\nname = \"Throughput\"\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        svg_texts(extract_svgs(html.as_deref().unwrap())[0]).contains(&"Throughput".to_string())
            || html.unwrap().contains("Throughput")
    );
}

#[test]
fn errors_name_the_file_row_and_column() {
    let b = book();
    let (_, e) = chapter(
        b.path(),
        "type = \"line\"\ndata = \"data/latency.csv\"\nx = \"hour\"\ny = \"p99\"\n",
    );
    assert_eq!(
        e,
        [
            "src/ch.md:7:5: error: `y`: data/latency.csv:5, column \"p99\": expected a number, found \"n/a\""
        ]
    );
    let (_, e) = chapter(
        b.path(),
        "type = \"line\"\ndata = \"data/latency.csv\"\ny = \"p95\"\n",
    );
    assert_eq!(
        e,
        [
            "src/ch.md:6:5: error: `y`: data/latency.csv has no column \"p95\" (did you mean \"p99\"?); its columns are: hour, p50, p99, region"
        ]
    );
    let (_, e) = chapter(
        b.path(),
        "type = \"line\"\ndata = \"data/missing.csv\"\ny = \"a\"\n",
    );
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("src/ch.md:5:8: error: `data`: cannot open data file data/missing.csv: "),
        "{e:?}"
    );
    let (_, e) = chapter(
        b.path(),
        "type = \"line\"\ndata = \"../../secret.csv\"\ny = \"a\"\n",
    );
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with(
            "src/ch.md:5:8: error: `data`: data file ../../secret.csv is outside the book"
        ),
        "{e:?}"
    );
    // Anywhere inside the book's directory is fine, also above src/.
    let (_, e) = chapter(
        b.path(),
        "type = \"line\"\ndata = \"../inside.csv\"\ny = \"a\"\n",
    );
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn render_reads_data_next_to_the_chart_file() {
    let b = book();
    let dir = b.path().join("src/data");
    std::fs::write(
        dir.join("c.toml"),
        "type = \"line\"\ndata = \"latency.csv\"\nx = \"hour\"\ny = \"p50\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("bad.toml"),
        "type = \"line\"\ndata = \"latency.csv\"\ny = \"region\"\n",
    )
    .unwrap();
    let run = |f: &str| run_in(Some(&dir), &["render", f], "");
    let ok = run("c.toml");
    assert!(ok.status.success(), "{}", stderr(&ok));
    roxmltree::Document::parse(stdout(&ok)).unwrap();
    let bad = run("bad.toml");
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        stderr(&bad),
        "bad.toml:3:5: error: `y`: latency.csv:2, column \"region\": expected a number, found \"eu\"\n \
         --> bad.toml:3:5\n  |\n3 | y = \"region\"\n  |     ^^^^^^^^\n"
    );
}

#[test]
fn long_series_get_a_summary_table_and_a_link_to_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("src/data")).unwrap();
    let mut csv = String::from("t,ms\n");
    for i in 0..500 {
        // 2026-11-01T00:00:00Z plus i minutes; latencies 1..=500 (median 250, p99 495).
        csv.push_str(&format!("{},{}\n", 1_793_491_200 + 60 * i, i + 1));
    }
    std::fs::write(root.join("src/data/lat.csv"), csv).unwrap();
    let ctx = DataContext::new(root.join("src"), root);
    let md = "```chart\ntype = \"line\"\ndata = \"data/lat.csv\"\nx = \"t\"\ny = [\"ms\"]\nx-axis = { type = \"time\" }\n```\n";
    let out = process_chapter_in(md, "src/c.md", Some(&ctx), 0, &Config::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let html = out.content.unwrap();
    let start = html.find("<details").unwrap();
    let end = html.find("</details>").unwrap() + "</details>".len();
    let doc = roxmltree::Document::parse(&html[start..end]).unwrap();
    let rows: Vec<Vec<String>> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            tr.children()
                .filter(|c| c.is_element())
                .map(|c| c.text().unwrap_or("").to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            vec![
                "Series", "Points", "Min", "Median", "Mean", "p99", "Max", "First", "Last"
            ],
            vec![
                "ms",
                "500",
                "1",
                "250",
                "250.5",
                "495",
                "500",
                "2026-11-01T00:00:00Z",
                "2026-11-01T08:19:00Z"
            ]
        ]
    );
    let link = doc.descendants().find(|n| n.has_tag_name("a")).unwrap();
    assert_eq!(link.attribute("href"), Some("./data/lat.csv"));
    // The description summarises too, with times in ISO form.
    assert!(
        html.contains("ms: 500 points from 2026-11-01T00:00:00Z to 2026-11-01T08:19:00Z; min 1, median 250, max 500."),
        "{html}"
    );
}

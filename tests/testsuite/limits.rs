//! The documented limits (README "Limits"): 10,000 values per array in a block, 1,000,000 rows
//! from a data file, 64 series, 12 panels, 2,000 characters per text value, a viewBox of
//! 120–4000 × 100–4000, CSV files up to 64 MiB and JSON files up to 1 MiB, a delimiter that is
//! one ASCII character.
//! At the limit a chart renders; one past it is an error that names the key, says the limit and
//! points at the right line.
//!
//! `rejection_timings` (ignored) measures how long huge inputs take to be rejected; run it with
//! `cargo test --release --test testsuite -- --ignored --nocapture limits`. Timings are
//! reported, never asserted.

use std::time::{Duration, Instant};

use mdbook_svg_charts::{
    Config, DataContext, process_chapter, process_chapter_in, render_standalone,
};

fn numbers(n: usize) -> String {
    let v: Vec<String> = (0..n).map(|i| (i % 97).to_string()).collect();
    format!("[{}]", v.join(","))
}

fn strings(n: usize) -> String {
    let v: Vec<String> = (0..n).map(|i| format!("\"c{i}\"")).collect();
    format!("[{}]", v.join(","))
}

/// Renders (must succeed, XML-valid) or fails (must name `key`, mention `says`, at `line`).
fn assert_ok(what: &str, toml: &str) {
    let svg = render_standalone(toml).unwrap_or_else(|e| panic!("{what}: {e}"));
    roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{what}: {e}"));
}

fn assert_err(what: &str, toml: &str, key: &str, says: &str, line: usize) {
    let e = render_standalone(toml).expect_err(what);
    assert_eq!(e.key, key, "{what}: {e}");
    assert!(e.message.contains(says), "{what}: {e}");
    assert_eq!(e.line, line, "{what}: {e}");
}

#[test]
fn points_per_series() {
    let ok = format!("type = \"line\"\ny = {}\n", numbers(10_000));
    assert_ok("10,000 points", &ok);
    let bad = format!("type = \"line\"\ny = {}\n", numbers(10_001));
    assert_err("10,001 points", &bad, "y", "at most 10000", 2);
    let bad = format!(
        "type = \"scatter\"\n[[series]]\nx = {n}\ny = {n}\n",
        n = numbers(10_001)
    );
    assert_err(
        "10,001 points in a series",
        &bad,
        "series[0].y",
        "at most 10000",
        4,
    );
    let bad = format!(
        "type = \"pie\"\nlabels = {}\nvalues = {}\n",
        strings(1_001),
        numbers(1_001)
    );
    assert_err(
        "1,001 slices",
        &bad,
        "values",
        "has 1001 slices; at most 1000",
        3,
    );
    let ok = format!(
        "type = \"pie\"\nlabels = {}\nvalues = {}\n",
        strings(1_000),
        numbers(1_000)
    );
    assert!(render_standalone(&ok).is_ok(), "1,000 slices are allowed");
    let bad = format!(
        "type = \"bar\"\nx = {}\ny = {}\n",
        strings(10_001),
        numbers(10_001)
    );
    assert_err("10,001 bars", &bad, "x", "at most 10000", 2);
}

#[test]
fn series_per_chart() {
    let series = |n: usize| {
        let mut t = String::from("type = \"line\"\nlegend = \"none\"\n");
        for i in 0..n {
            t.push_str(&format!("[[series]]\ny = [{i}, 1]\n"));
        }
        t
    };
    assert_ok("64 series", &series(64));
    let e = render_standalone(&series(65)).unwrap_err();
    assert_eq!(e.key, "series", "{e}");
    assert!(e.message.contains("at most 64"), "{e}");
}

#[test]
fn panels_per_figure() {
    let panels = |n: usize| {
        let mut t = String::new();
        for i in 0..n {
            t.push_str(&format!("[[panel]]\ntype = \"bar\"\ny = [{i}, 1]\n"));
        }
        t
    };
    assert_ok("12 panels", &panels(12));
    let e = render_standalone(&panels(13)).unwrap_err();
    assert_eq!(e.key, "panel", "{e}");
    assert!(e.message.contains("at most 12"), "{e}");
}

#[test]
fn characters_per_text() {
    let chart = |n: usize| format!("type = \"bar\"\ny = [1]\ntitle = \"{}\"\n", "é".repeat(n));
    assert_ok("2,000 characters (4,000 bytes)", &chart(2_000));
    assert_err(
        "2,001 characters",
        &chart(2_001),
        "title",
        "longer than 2000 characters",
        3,
    );
    let label = format!(
        "type = \"scatter\"\nx = [1]\ny = [1]\nlabels = [\"{}\"]\n",
        "x".repeat(2_001)
    );
    assert_err("a long label", &label, "labels[0]", "2000", 4);
}

#[test]
fn viewbox_size() {
    for (w, h) in [(120, 100), (4000, 4000), (120, 4000), (4000, 100)] {
        assert_ok(
            &format!("{w}×{h}"),
            &format!("type = \"bar\"\nwidth = {w}\nheight = {h}\ny = [1, 2]\n"),
        );
        assert_ok(
            &format!("pie {w}×{h}"),
            &format!("type = \"pie\"\nwidth = {w}\nheight = {h}\nlabels = [\"a\"]\nvalues = [1]\n"),
        );
    }
    // A pie's height follows its width (three quarters of it) when not given, but not below
    // the smallest height.
    for (w, h) in [(120, 100), (133, 100), (200, 150), (640, 400)] {
        let svg = render_standalone(&format!(
            "type = \"pie\"\nwidth = {w}\nlabels = [\"a\"]\nvalues = [1]\n"
        ))
        .unwrap();
        assert!(
            svg.starts_with(&format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\""
            )),
            "pie {w} wide: {}",
            &svg[..120]
        );
    }
    for (key, value) in [
        ("width", "119.9"),
        ("width", "4000.5"),
        ("width", "0"),
        ("width", "-640"),
        ("height", "99"),
        ("height", "4001"),
        ("height", "1e300"),
    ] {
        let toml = format!("type = \"bar\"\n{key} = {value}\ny = [1]\n");
        assert_err(
            &format!("{key} = {value}"),
            &toml,
            key,
            "expected a number from",
            2,
        );
    }
}

/// A file of exactly `len` bytes: `head`, then spaces (a cell's trailing white space is trimmed).
fn padded(path: &std::path::Path, head: &str, len: usize) {
    let mut text = String::from(head);
    text.push_str(&" ".repeat(len - head.len()));
    std::fs::write(path, &text).unwrap();
}

#[test]
fn data_file_size() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let ctx = DataContext::new(&src, dir.path());
    let mib = 1024 * 1024;
    // Exactly 64 MiB of CSV, 1 MiB of JSON: a header and one row, padded with spaces.
    padded(&src.join("ok.csv"), "v\n1", 64 * mib);
    padded(&src.join("big.csv"), "v\n1", 64 * mib + 1);
    padded(&src.join("ok.json"), "[{\"v\": 1}]", mib);
    padded(&src.join("big.json"), "[{\"v\": 1}]", mib + 1);

    let run = |file: &str| {
        let md = format!("# D\n\n```chart\ntype = \"bar\"\ndata = \"{file}\"\ny = \"v\"\n```\n");
        process_chapter_in(&md, "src/d.md", Some(&ctx), 0, &Config::default())
    };
    for (ok, big, limit) in [
        ("ok.csv", "big.csv", "64 MiB"),
        ("ok.json", "big.json", "1 MiB"),
    ] {
        let out = run(ok);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let out = run(big);
        assert_eq!(out.errors.len(), 1);
        let e = &out.errors[0];
        assert_eq!((e.key.as_str(), e.line), ("data", 5), "{e}");
        assert!(e.message.contains(&format!("larger than {limit}")), "{e}");
    }
}

#[test]
fn rows_and_cells_of_a_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let ctx = DataContext::new(&src, dir.path());
    let mut rows = String::from("v\n");
    for i in 0..1_000_000 {
        rows.push_str(if i % 2 == 0 { "1\n" } else { "2\n" });
    }
    std::fs::write(src.join("million.csv"), &rows).unwrap();
    rows.push_str("3\n");
    std::fs::write(src.join("more.csv"), &rows).unwrap();
    // Five columns of 800,000 rows are 4,000,000 cells; one row more is too many.
    let mut wide = String::from("a,b,c,d,e\n");
    wide.push_str(&"1,2,3,4,5\n".repeat(800_000));
    std::fs::write(src.join("wide.csv"), &wide).unwrap();
    wide.push_str("1,2,3,4,5\n");
    std::fs::write(src.join("wider.csv"), &wide).unwrap();

    // The column is read in full (`sizes`, and compared with the two points written in the
    // block), or refused with the file's limit.
    let run = |file: &str| {
        let md = format!(
            "# D\n\n```chart\ntype = \"scatter\"\ndata = \"{file}\"\ny = [1, 2]\nsizes = \"{}\"\n```\n",
            if file.starts_with('w') { "a" } else { "v" }
        );
        let errors = process_chapter_in(&md, "src/d.md", Some(&ctx), 0, &Config::default()).errors;
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = errors[0].clone();
        assert_eq!((e.key.as_str(), e.line), ("sizes", 7), "{e}");
        e.message
    };
    assert!(run("million.csv").starts_with("has 1000000 values but there are 2 points"));
    assert!(run("wide.csv").starts_with("has 800000 values but there are 2 points"));
    assert!(run("more.csv").contains("has more than 1000000 rows"));
    assert!(run("wider.csv").contains("has more than 4000000 cells"));
}

#[test]
fn delimiters() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("semi.csv"), "x;y\n1;2,5\n2;3\n").unwrap();
    let ctx = DataContext::new(&src, dir.path());
    let run = |keys: &str| {
        let md = format!(
            "# D\n\n```chart\ntype = \"line\"\ndata = \"semi.csv\"\n{keys}\nx = \"x\"\ny = \"y\"\n```\n"
        );
        process_chapter_in(&md, "src/d.md", Some(&ctx), 0, &Config::default()).errors
    };
    // Without the delimiter there is one column, "x;y".
    assert!(run("")[0].message.contains("no column \"x\""));
    // With it, "2,5" is text in a numeric column: found, and located in the file.
    let e = &run("delimiter = \";\"")[0];
    assert_eq!((e.key.as_str(), e.line), ("y", 8), "{e}");
    assert_eq!(
        e.message,
        "semi.csv:2, column \"y\": expected a number, found \"2,5\""
    );
    for bad in [
        "\";;\"", "\"\"", "\"\\\"\"", "\"a\"", "\"é\"", "\"\\n\"", "1",
    ] {
        let e = &run(&format!("delimiter = {bad}"))[0];
        assert_eq!(
            (e.key.as_str(), e.line, e.column),
            ("delimiter", 6, 13),
            "{bad}: {e}"
        );
        assert!(
            e.message.starts_with("expected one ASCII character"),
            "{bad}: {e}"
        );
    }
    let md = "# D\n\n```chart\ntype = \"line\"\ndelimiter = \";\"\ny = [1]\n```\n";
    let e = &process_chapter_in(md, "src/d.md", Some(&ctx), 0, &Config::default()).errors[0];
    assert_eq!((e.key.as_str(), e.line), ("delimiter", 5), "{e}");
    assert!(e.message.contains("is for a CSV data file"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Timings (reported, not asserted)

fn median_time(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[2]
}

#[test]
#[ignore = "timing report: cargo test --release --test testsuite -- --ignored --nocapture limits"]
fn rejection_timings() {
    let million = numbers(1_000_000);
    let big_title = "x".repeat(5_000_000);
    let mut many_series = String::from("type = \"line\"\n");
    for _ in 0..300_000 {
        many_series.push_str("[[series]]\ny=[1]\n");
    }
    let mut many_panels = String::new();
    for _ in 0..200_000 {
        many_panels.push_str("[[panel]]\ntype=\"bar\"\ny=[1]\n");
    }
    let mut many_keys = String::from("type = \"bar\"\ny = [1]\n");
    for i in 0..300_000 {
        many_keys.push_str(&format!("k{i} = 1\n"));
    }
    let cases: Vec<(&str, String)> = vec![
        (
            "1,000,000-element y array",
            format!("type = \"line\"\ny = {million}\n"),
        ),
        (
            "1,000,000 pie slices",
            format!("type = \"pie\"\nlabels = {million}\nvalues = {million}\n"),
        ),
        (
            "5 MB title",
            format!("type = \"bar\"\ny = [1]\ntitle = \"{big_title}\"\n"),
        ),
        ("300,000 [[series]]", many_series),
        ("200,000 [[panel]]", many_panels),
        ("300,000 unknown keys", many_keys),
        (
            "5 MB of TOML syntax error at the end",
            format!("type = \"bar\"\ny = [1]\n# {big_title}\n=\n"),
        ),
        (
            "nesting 100,000 deep",
            format!(
                "type = \"line\"\ny = {}{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
    ];
    for (what, toml) in &cases {
        let mb = toml.len() as f64 / 1e6;
        let direct = median_time(|| {
            let r = render_standalone(toml);
            assert!(r.is_err(), "{what} must be rejected");
        });
        let md = format!("# T\n\n```chart\n{toml}```\n");
        let chapter = median_time(|| {
            let out = process_chapter(&md, "src/t.md", 0, &Config::default());
            assert_eq!(out.errors.len(), 1, "{what}");
        });
        let e = render_standalone(toml).unwrap_err();
        let msg: String = e.message.chars().take(90).collect();
        println!(
            "{what:40} {mb:5.1} MB  render_standalone {:>9.2?}  process_chapter {:>9.2?}  -> {}:{} `{}`: {msg}",
            direct, chapter, e.line, e.column, e.key
        );
    }
    // Largest accepted inputs, rendered (not rejected): for scale.
    let mut max_series = String::from("type = \"line\"\nlegend = \"none\"\n");
    for s in 0..64 {
        max_series.push_str(&format!(
            "[[series]]\ny = {}\n",
            numbers(10_000).replace("1,", &format!("{s},"))
        ));
    }
    let labels: Vec<String> = (0..10_000).map(|i| format!("\"p{i}\"")).collect();
    let max_labels = format!(
        "type = \"scatter\"\nx = {n}\ny = {n}\nlabels = [{}]\n",
        labels.join(","),
        n = numbers(10_000)
    );
    let mut many_annotations = String::from("type = \"line\"\ny = [1, 2]\n");
    for i in 0..20_000 {
        many_annotations.push_str(&format!(
            "[[annotation]]\nx = {}\ny = 1\ntext = \"a{i}\"\n",
            i % 2
        ));
    }
    for (what, toml) in [
        (
            "64 series x 10,000 points (over the points per figure)",
            max_series,
        ),
        (
            "10,000 labelled points (over the labels per panel)",
            max_labels,
        ),
        ("20,000 annotations (over the block size)", many_annotations),
    ] {
        let t = Instant::now();
        let r = render_standalone(&toml);
        let elapsed = t.elapsed();
        println!(
            "{what:40} {:5.1} MB  render_standalone {elapsed:>9.2?}  -> {}",
            toml.len() as f64 / 1e6,
            match r {
                Ok(svg) => format!("SVG of {:.1} MB", svg.len() as f64 / 1e6),
                Err(e) => e.to_string(),
            }
        );
    }
}

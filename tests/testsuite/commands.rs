//! `install` and `check` through the built binary, including their failure messages.

use std::path::Path;
use std::process::Output;

use mdbook_svg_charts::render_standalone;

use crate::common::{run_in, run_with_timeout, stderr, stdout};

/// Runs the binary with `args` in `cwd`.
fn run(args: &[&str], cwd: &Path) -> Output {
    run_in(Some(cwd), args, "")
}

fn book(chapter: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "# my book\n[book]\ntitle = \"T\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("src/figures")).unwrap();
    std::fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Ch](ch.md)\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src/ch.md"), chapter).unwrap();
    dir
}

#[test]
fn install_adds_the_table_once_and_keeps_comments() {
    let b = book("# Ch\n");
    let out = run(&["install", "."], b.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "./book.toml: added [preprocessor.svg-charts] with after = [\"links\"], and \"svg-charts.css\" to [output.html] additional-css\n./svg-charts.css: written (the phone layout of every chart)\n"
    );
    let toml = std::fs::read_to_string(b.path().join("book.toml")).unwrap();
    assert!(
        toml.contains("[output.html]\nadditional-css = [\"svg-charts.css\"]"),
        "{toml}"
    );
    // The stylesheet is the one the demo book uses (`install` keeps that one current too).
    assert_eq!(
        std::fs::read_to_string(b.path().join("svg-charts.css")).unwrap(),
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("book/svg-charts.css")
        )
        .unwrap()
    );
    assert!(
        toml.starts_with("# my book\n[book]\ntitle = \"T\"\n"),
        "{toml}"
    );
    assert!(
        toml.contains("[preprocessor.svg-charts]\nafter = [\"links\"]"),
        "{toml}"
    );
    let again = run(&["install", "."], b.path());
    assert!(again.status.success());
    assert_eq!(
        stdout(&again),
        "./book.toml: [preprocessor.svg-charts] is already set up; nothing changed\n"
    );
    assert_eq!(
        std::fs::read_to_string(b.path().join("book.toml")).unwrap(),
        toml
    );
}

#[test]
fn install_without_book_toml_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["install", "nowhere"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "mdbook-svg-charts: error: nowhere: no book.toml here; pass the book's directory (the one holding book.toml)\n"
    );
}

#[test]
fn check_passes_a_good_book_and_locates_problems() {
    let good = book("# Ch\n\n```chart\ntype = \"bar\"\ny = [1, 2]\n```\n");
    let out = run(&["check", "."], good.path());
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "mdbook-svg-charts check: 1 chart in 2 files, 0 problems\n"
    );

    let bad = book(
        "# Ch\n\n- item\n\n  ```chart\n  type = \"bar\"\n  y = [1, \"two\"]\n  ```\n\n```chart\n{{#include figures/f.toml}}\n```\n",
    );
    std::fs::write(
        bad.path().join("src/figures/f.toml"),
        "type = \"pie\"\nlabels = [\"a\"]\nvalues = [-1]\n",
    )
    .unwrap();
    let out = run(&["check", "."], bad.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "./src/ch.md:7:11: error: `y[1]`: expected a number, found a string\n \
         --> ./src/ch.md:7:11\n  |\n7 |   y = [1, \"two\"]\n  |           ^^^^^\n\
         ./src/figures/f.toml:3:10: error: `values[0]`: expected a value of 0 or more (a slice cannot be negative)\n \
         --> ./src/figures/f.toml:3:10\n  |\n3 | values = [-1]\n  |          ^^^^\n"
    );
}

#[test]
fn check_reports_unreadable_files_and_bad_config() {
    let b = book("# Ch\n");
    std::fs::write(b.path().join("src/broken.md"), [0xff, 0xfe, 0x00]).unwrap();
    let out = run(&["check", "."], b.path());
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    assert_eq!(
        report,
        "./src/broken.md:1:1: error: this file is not UTF-8 text (byte 0 is not valid UTF-8)\n"
    );
    // A FIFO named like a chapter is refused, not waited on.
    let fifo = b.path().join("src/pipe.md");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let out = run_with_timeout(&["check", &b.path().to_string_lossy()], "", 20);
        assert!(
            stdout(&out).contains("/src/pipe.md:1:1: error: this file is not a regular file"),
            "{}",
            stdout(&out)
        );
        std::fs::remove_file(&fifo).unwrap();
    }

    std::fs::write(
        b.path().join("book.toml"),
        "[preprocessor.svg-charts]\non-eror = \"fail\"\n",
    )
    .unwrap();
    let out = run(&["check", "."], b.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "mdbook-svg-charts: error: book.toml: [preprocessor.svg-charts] `on-eror`: unknown key; did you mean `on-error`?\n"
    );
}

#[test]
fn check_reads_data_files_beside_chapters_of_a_source_directory_outside_the_book() {
    let outer = crate::protocol::book_with_shared_source();
    let out = run(&["check", "book"], outer.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "book/../shared/ch/a.md:12:8: error: `data`: data file ../../secret.csv is outside the book; data files must be inside the book's directory\n  \
         --> book/../shared/ch/a.md:12:8\n   |\n12 | data = \"../../secret.csv\"\n   |        ^^^^^^^^^^^^^^^^^^\n",
        "only the chart of ../../secret.csv fails"
    );
    assert_eq!(
        stderr(&out),
        "mdbook-svg-charts check: 2 charts in 2 files, 1 problem\n"
    );
}

/// A parameter's default as the listing writes it, as a TOML value.
fn default_as_toml(default: &str) -> String {
    let value = |v: &str| {
        if v.starts_with('"') || v.parse::<f64>().is_ok() {
            v.to_string()
        } else {
            format!("\"{v}\"")
        }
    };
    match default.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some("") => "[]".to_string(),
        Some(items) => {
            let items: Vec<String> = items.split(", ").map(value).collect();
            format!("[{}]", items.join(", "))
        }
        None => value(default),
    }
}

#[test]
fn models_lists_every_model_with_formula_and_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["models"], dir.path());
    assert!(out.status.success());
    let listing = stdout(&out);
    assert_eq!(listing, mdbook_svg_charts::commands::models());
    // One block per model: its name, summary, formula and parameters, then a blank line.
    let blocks: Vec<&str> = listing.trim_end().split("\n\n").collect();
    assert!(blocks.len() >= 6, "{listing}");
    for block in blocks {
        let lines: Vec<&str> = block.lines().collect();
        let name = lines[0];
        assert!(
            !name.is_empty() && !name.contains(' '),
            "a model name: {name:?}"
        );
        let summary = lines[1].strip_prefix("  ").expect("an indented summary");
        assert!(!summary.trim().is_empty(), "{name}: summary");
        let formula = lines[2]
            .strip_prefix("  formula: ")
            .unwrap_or_else(|| panic!("{name}: no formula line: {block}"));
        assert!(!formula.trim().is_empty(), "{name}: formula");
        let params = &lines[3..];
        assert!(!params.is_empty(), "{name}: no parameters");
        for line in params {
            // `  key                doc [unit]; range; default X`, the key padded to 18.
            let param = line
                .strip_prefix("  ")
                .unwrap_or_else(|| panic!("{name}: {line:?}"));
            let key = param.split(' ').next().unwrap();
            let rest = param[key.len()..].trim_start();
            assert!(!key.is_empty(), "{name}: {line:?}");
            assert_eq!(format!("{key:<18} {rest}"), param, "{name}.{key}");
            let (doc_and_range, default) = rest
                .rsplit_once("; default ")
                .unwrap_or_else(|| panic!("{name}.{key}: no default: {line:?}"));
            let (doc, range) = doc_and_range
                .rsplit_once("; ")
                .unwrap_or_else(|| panic!("{name}.{key}: no range: {line:?}"));
            assert!(!doc.trim().is_empty() && !range.is_empty(), "{line:?}");
            // The key is the model's, and its listed default is a value it accepts.
            let toml = format!("model = \"{name}\"\n{key} = {}\n", default_as_toml(default));
            render_standalone(&toml).unwrap_or_else(|e| panic!("{name}.{key}: {e}\n{toml}"));
        }
    }
    assert!(
        listing.contains(
            "cache-ms           latency of a cache hit [ms]; above 0 to 1e6; default 2\n"
        ),
        "{listing}"
    );
}

#[test]
fn render_refuses_devices_and_oversized_input_before_reading_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    if Path::new("/dev/zero").exists() {
        let out = run(&["render", "/dev/zero"], dir.path());
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            stderr(&out),
            "mdbook-svg-charts: error: could not read /dev/zero: is not a regular file\n"
        );
    }
    let huge = format!("type = \"bar\"\ny = [1]\n# {}\n", "x".repeat(600 * 1024));
    let out = run_in(Some(dir.path()), &["render", "-"], &huge);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("-:1:1: error: the chart is larger than 512 KiB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_model_on_a_pie_says_what_models_draw() {
    let points = "draws points (line, scatter and bar charts)";
    let points_fix =
        "leave out `type` (a line chart) or set type = \"line\", \"scatter\" or \"bar\"";
    let samples = "draws samples (histograms and CDFs)";
    let samples_fix = "leave out `type` (a histogram) or set type = \"histogram\" or \"cdf\"";
    for (kind, kinds) in [
        ("pie", "pies"),
        ("heatmap", "heatmaps"),
        ("box", "box plots"),
    ] {
        for (model, draws, fix) in [
            ("queueing", points, points_fix),
            ("latency-distribution", samples, samples_fix),
        ] {
            let spec = format!("type = \"{kind}\"\nmodel = \"{model}\"\n");
            let e = render_standalone(&spec).unwrap_err();
            assert_eq!(
                (e.line, e.column, e.key.as_str()),
                (2, 9, "model"),
                "{kind} {model}: {e}"
            );
            assert_eq!(
                e.message,
                format!("model \"{model}\" {draws}, not {kinds}; {fix}"),
                "{kind} {model}"
            );
        }
        // The fix it names draws the model.
        for (model, fixed) in [("queueing", "line"), ("latency-distribution", "histogram")] {
            render_standalone(&format!("type = \"{fixed}\"\nmodel = \"{model}\"\n"))
                .unwrap_or_else(|e| panic!("{model} as a {fixed}: {e}"));
        }
        // An unknown model is reported as that.
        let e =
            render_standalone(&format!("type = \"{kind}\"\nmodel = \"queuing\"\n")).unwrap_err();
        assert!(
            e.message
                .starts_with("unknown model \"queuing\" (did you mean \"queueing\"?)"),
            "{kind}: {e}"
        );
    }
}

/// A path that would clear the screen and forge an error line if printed raw.
const FORGED: &str = "x\u{1b}[2J\r\nsrc/x.md:1:1: error: forged";

/// Asserts that `text` holds no control character but the line ends between its lines (nor a
/// line or paragraph separator or bidi control), and that it has `lines` lines.
fn assert_inert(text: &str, lines: usize) {
    for c in text.chars() {
        assert!(
            c == '\n'
                || !(c.is_control()
                    || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}')),
            "raw {c:?} in {text:?}"
        );
    }
    assert_eq!(text.lines().count(), lines, "{text}");
}

#[test]
fn control_characters_in_paths_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let escaped = "x\\u{1b}[2J\\r\\nsrc/x.md:1:1: error: forged";

    // `render` of a file that is not there.
    let out = run(&["render", FORGED], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_inert(&stderr(&out), 1);
    assert!(
        stderr(&out).starts_with(&format!(
            "mdbook-svg-charts: error: could not read {escaped}: "
        )),
        "{}",
        stderr(&out)
    );
    // `render` of one that is, with a mistake: the error line and the snippet's path.
    let chart = dir.path().join(FORGED.replace('/', "_"));
    std::fs::write(&chart, "type = \"bar\"\ny = [1, \"x\"]\n").unwrap();
    let name = chart.file_name().unwrap().to_str().unwrap();
    let out = run(&["render", name], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_inert(&err, 5);
    let shown = "x\\u{1b}[2J\\r\\nsrc_x.md:1:1: error: forged";
    assert!(
        err.starts_with(&format!(
            "{shown}:2:9: error: `y[1]`: expected a number, found a string\n --> {shown}:2:9\n"
        )),
        "{err}"
    );

    // `check` and `install` of a directory that holds no book.
    std::fs::create_dir_all(dir.path().join(FORGED)).unwrap();
    for command in ["check", "install"] {
        let out = run(&[command, FORGED], dir.path());
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert_eq!(
            stderr(&out),
            format!(
                "mdbook-svg-charts: error: {escaped}: no book.toml here; pass the book's directory (the one holding book.toml)\n"
            ),
            "{command}"
        );
    }

    // `check` and `install` of a book in such a directory.
    let book_dir = dir.path().join(FORGED);
    std::fs::create_dir_all(book_dir.join("src")).unwrap();
    std::fs::write(book_dir.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    std::fs::write(
        book_dir.join("src/ch.md"),
        "```chart\ntype = \"bar\"\ny = [1, \"x\"]\n```\n",
    )
    .unwrap();
    let out = run(&["check", FORGED], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_inert(stdout(&out), 5);
    assert!(
        stdout(&out).starts_with(&format!(
            "{escaped}/src/ch.md:3:9: error: `y[1]`: expected a number, found a string\n --> {escaped}/src/ch.md:3:9\n"
        )),
        "{}",
        stdout(&out)
    );
    assert_inert(&stderr(&out), 1);
    let out = run(&["install", FORGED], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_inert(stdout(&out), 2);
    assert!(
        stdout(&out).starts_with(&format!("{escaped}/book.toml: added ")),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains(&format!("\n{escaped}/svg-charts.css: written")),
        "{}",
        stdout(&out)
    );

    // An argument clap cannot place is quoted escaped.
    let out = run(&[FORGED], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_inert(&stderr(&out), 5);
    assert!(
        stderr(&out).starts_with(&format!("error: unrecognized subcommand '{escaped}'\n")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn control_characters_in_book_toml_are_escaped() {
    let b = book("# Ch\n");
    // A key with ESC and a C1 CSI; a broken file with a raw ESC, CR and LF (install quoted the
    // line in a message of several lines).
    std::fs::write(
        b.path().join("book.toml"),
        "[preprocessor.svg-charts]\n\"z\\u001b[31m\\u009b2J\" = 1\n",
    )
    .unwrap();
    let out = run(&["check", "."], b.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "mdbook-svg-charts: error: book.toml: [preprocessor.svg-charts] `z\\u{1b}[31m\\u{9b}2J`: unknown key; expected one of: on-error, palette, width, height, data-table\n"
    );
    std::fs::write(
        b.path().join("book.toml"),
        "[book]\ntitle = \"\u{1b}[2J\r\nsrc/x.md:1:1: error: forged\n",
    )
    .unwrap();
    for command in ["check", "install"] {
        let out = run(&[command, "."], b.path());
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert_inert(&stderr(&out), 1);
        assert!(
            stderr(&out)
                .starts_with("mdbook-svg-charts: error: ./book.toml: invalid TOML at line "),
            "{command}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_output_without_a_panic() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // The schema (about 230 KB) is larger than a pipe's buffer: the write after the reader
    // has gone fails with a broken pipe.
    let mut child = Command::new(crate::common::BIN)
        .arg("schema")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{:?}: {err}", output.status);
    assert!(err.is_empty(), "{err}");
}

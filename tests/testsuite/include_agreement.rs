//! The build and `check` agree about charts that come in through `{{#include}}`: a real `mdbook
//! build` (mdBook's `links` preprocessor, then ours as a binary) and `mdbook-svg-charts check`
//! report the same single problem, in the included file at its own line.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The real `mdbook`: on PATH, in cargo's bin directory, or where `scripts/build-book.sh`
/// (`target/mdbook`) or `scripts/serve-check.sh` (`target/mdbook-serve`) install it, so the
/// README's quick start (`scripts/build-book.sh && cargo test`) and CI always have one.
fn mdbook() -> Option<PathBuf> {
    let name = format!("mdbook{}", std::env::consts::EXE_SUFFIX);
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|c| c.join("bin"));
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    on_path
        .into_iter()
        .chain(cargo_bin)
        .chain([target.join("mdbook/bin"), target.join("mdbook-serve/bin")])
        .map(|dir| dir.join(&name))
        .find(|p| p.is_file())
}

/// `parts.txt`: a good chart between anchors (with a nested anchor, whose markers mdBook drops)
/// on lines 2–9, a broken one on lines 11–16: `y[1]` is a string, at line 14, column 9.
const PARTS: &str = "\
Charts kept out of the chapter.
ANCHOR: good
```chart
type = \"bar\"
ANCHOR: inner
x = [\"a\", \"b\"]
ANCHOR_END: inner
y = [1, 2]
```
ANCHOR_END: good
```chart
type = \"bar\"
x = [\"a\", \"b\"]
y = [1, \"two\"]
```

The end.
";

const CHAPTER: &str = "\
# Included charts

The broken one, by line range:

{{#include parts.txt:11:16}}

The good one, by anchor:

{{#include parts.txt:good}}

Done.
";

/// Problem lines (`FILE:LINE:COL: error: ...`) in a command's output.
fn problems(output: &str) -> Vec<String> {
    output
        .lines()
        .filter(|l| {
            let Some((place, _)) = l.split_once(": error: ") else {
                return false;
            };
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().unwrap_or("");
            let line = parts.next().unwrap_or("");
            let file = parts.next().unwrap_or("");
            !file.is_empty()
                && [line, column]
                    .iter()
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_string)
        .collect()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A book whose one chapter includes both charts of `PARTS`; `preprocessor` is the table of
/// `[preprocessor.svg-charts]`.
fn write_book(book: &Path, preprocessor: &str) {
    write(
        &book.join("book.toml"),
        &format!("[book]\ntitle = \"Includes\"\n\n[preprocessor.svg-charts]\n{preprocessor}"),
    );
    write(
        &book.join("src/SUMMARY.md"),
        "# Summary\n\n- [Included charts](chapter.md)\n",
    );
    write(&book.join("src/chapter.md"), CHAPTER);
    write(&book.join("src/parts.txt"), PARTS);
}

const EXPECTED: &str = "src/parts.txt:14:9: error: `y[1]`: expected a number, found a string";

/// The chapter page has one figure and one error box, which names the included file and shows
/// its line (the snippet follows the message, one `&#10;` a line).
fn assert_page(book: &Path) {
    let html = std::fs::read_to_string(book.join("book/chapter.html")).unwrap();
    assert_eq!(html.matches("<figure").count(), 1, "{html}");
    assert_eq!(
        html.matches("class=\"svg-chart-error\"").count(),
        1,
        "{html}"
    );
    assert!(
        // mdBook writes the box's `&#10;` line breaks back as plain line breaks.
        html.contains(&format!("<strong>chart error</strong>: {EXPECTED}\n"))
            && html.contains("--&gt; src/parts.txt:14:9\n")
            && html.contains("14 | y = [1, \"two\"]"),
        "{html}"
    );
}

#[test]
fn build_and_check_report_an_included_error_at_the_same_place() {
    let Some(mdbook) = mdbook() else {
        // CI runs scripts/build-book.sh first, which installs one: there, a missing mdbook is a
        // broken setup, not a reason to skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "no `mdbook` on PATH, in ~/.cargo/bin or in target/: run scripts/build-book.sh first"
        );
        eprintln!(
            "\n**********\n** SKIPPED include_agreement: no `mdbook` on PATH, in ~/.cargo/bin \
             or in target/ (scripts/build-book.sh installs one)\n**********\n"
        );
        return;
    };
    let bin = env!("CARGO_BIN_EXE_mdbook-svg-charts");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path();
    write_book(book, &format!("command = '{bin}'\nafter = [\"links\"]\n"));

    let build = Command::new(&mdbook)
        .arg("build")
        .current_dir(book)
        .output()
        .expect("run mdbook build");
    let build_err = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "mdbook build failed:\n{build_err}");
    assert_eq!(
        problems(&build_err),
        [EXPECTED],
        "build stderr:\n{build_err}"
    );
    assert_page(book);

    let check = Command::new(bin)
        .args(["check", "."])
        .current_dir(book)
        .output()
        .expect("run check");
    let check_out = String::from_utf8_lossy(&check.stdout);
    let check_err = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{check_out}{check_err}");
    // `check .` names files from the book's directory.
    assert_eq!(
        problems(&check_out),
        [format!("./{EXPECTED}")],
        "{check_out}"
    );
    assert_eq!(
        check_err, "mdbook-svg-charts check: 2 charts in 2 files, 1 problem\n",
        "{check_out}"
    );
}

/// The same book built in process (`SvgCharts` with mdbook-driver): the error box names the
/// included file too.
#[test]
fn an_in_process_build_names_the_included_file() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path();
    write_book(book, "after = [\"links\"]\n");
    let mut md = mdbook_driver::MDBook::load(book).expect("load the book");
    md.with_preprocessor(mdbook_svg_charts::SvgCharts);
    md.build().expect("build the book");
    assert_page(book);
}

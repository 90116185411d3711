//! `install` and `check` through the built binary, including their failure messages.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mdbook-svg-charts"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run the binary")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
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
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "./book.toml: added [preprocessor.svg-charts] with after = [\"links\"]\n"
    );
    let toml = std::fs::read_to_string(b.path().join("book.toml")).unwrap();
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
        text(&again.stdout),
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
        text(&out.stderr),
        "mdbook-svg-charts: error: nowhere: no book.toml here; pass the book's directory (the one holding book.toml)\n"
    );
}

#[test]
fn check_passes_a_good_book_and_locates_problems() {
    let good = book("# Ch\n\n```chart\ntype = \"bar\"\ny = [1, 2]\n```\n");
    let out = run(&["check", "."], good.path());
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
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
        text(&out.stdout),
        "./src/ch.md:7:11: error: `y[1]`: expected a number, found a string\n\
         ./src/figures/f.toml:3:10: error: `values[0]`: expected a value of 0 or more (a slice cannot be negative)\n"
    );
}

#[test]
fn check_reports_unreadable_files_and_bad_config() {
    let b = book("# Ch\n");
    std::fs::write(b.path().join("src/broken.md"), [0xff, 0xfe, 0x00]).unwrap();
    let out = run(&["check", "."], b.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .starts_with("./src/broken.md: error: cannot read: stream did not contain valid UTF-8"),
        "{stdout}"
    );

    std::fs::write(
        b.path().join("book.toml"),
        "[preprocessor.svg-charts]\non-eror = \"fail\"\n",
    )
    .unwrap();
    let out = run(&["check", "."], b.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "mdbook-svg-charts: error: book.toml: [preprocessor.svg-charts] `on-eror`: unknown key; did you mean `on-error`?\n"
    );
}

#[test]
fn models_lists_every_model_with_formula_and_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["models"], dir.path());
    assert!(out.status.success());
    let listing = text(&out.stdout);
    for m in mdbook_svg_charts::models::MODELS {
        assert!(
            listing.contains(&format!(
                "{}\n  {}\n  formula: {}\n",
                m.name, m.summary, m.formula
            )),
            "{}",
            m.name
        );
        for p in m.params {
            assert!(
                listing.contains(&format!("  {:<18} {}", p.key, p.doc)),
                "{}.{}",
                m.name,
                p.key
            );
        }
    }
    assert!(
        listing.contains(
            "cache-ms           latency of a cache hit [ms]; above 0 to 1e6; default 2\n"
        ),
        "{listing}"
    );
}

//! `mdbook-svg-charts check [BOOK_DIR]`: parse, evaluate and render every chart block of a book
//! without writing anything, and report each problem as `FILE:LINE:COL: error: ...` (the format
//! editors and CI annotate). Exit status 1 when there is any.
//!
//! Every `.md` file under the book's source directory is read as a chapter, expanded exactly as
//! the build expands it (mdBook's own `links` preprocessor: `{{#include}}` with line ranges and
//! anchors, `{{#rustdoc_include}}`, nested includes; see `src/includes.rs`), and its chart
//! fences go through the function the build runs on every chapter
//! ([`process_chapter_in`]). An error in text that came from an included file names that file
//! and its line. Data files stay relative to the chapter, as in the build. A chart block that
//! reaches several files (a file of its own and a chapter that includes it) counts once, and the
//! same problem is reported once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{CommandError, book_toml, plural_of};
use crate::config::Config;
use crate::data::DataContext;
use crate::diagnostic::ChartError;
use crate::includes::{self, SourceMap};
use crate::markdown;
use crate::pipeline::chapter::process_chapter_in;

/// What `check` found.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Report {
    /// Chart blocks checked (a block included into several files counts once).
    pub charts: usize,
    /// Markdown files read.
    pub files: usize,
    /// One line per problem, `FILE:LINE:COL: error: ...`.
    pub problems: Vec<String>,
    /// For each problem, the lines that show it in its source (rustc-style, a caret under the
    /// mistake), or nothing.
    pub snippets: Vec<String>,
}

impl Report {
    /// The closing line: `mdbook-svg-charts check: 3 charts in 2 files, 1 problem`.
    pub fn summary(&self) -> String {
        format!(
            "mdbook-svg-charts check: {} chart{} in {} file{}, {} problem{}",
            self.charts,
            plural_of(self.charts),
            self.files,
            plural_of(self.files),
            self.problems.len(),
            plural_of(self.problems.len()),
        )
    }
}

/// A report being written: what has been seen already, so that nothing is counted twice.
#[derive(Default)]
struct Checker {
    report: Report,
    /// Where each chart block seen starts: file, line, column.
    charts: HashSet<(String, usize, usize)>,
    problems: HashSet<String>,
}

impl Checker {
    fn problem(&mut self, line: String) {
        self.problem_with(line, String::new());
    }

    fn problem_with(&mut self, line: String, snippet: String) {
        if self.problems.insert(line.clone()) {
            self.report.problems.push(line);
            self.report.snippets.push(snippet);
        }
    }

    /// Each error of a block as its own problem, with the source line under it.
    fn errors(&mut self, error: &ChartError) {
        for e in std::iter::once(error).chain(&error.following) {
            let mut one = e.clone();
            one.following.clear();
            let report = one.report(false);
            let (line, snippet) = report.split_once('\n').unwrap_or((&report, ""));
            self.problem_with(line.to_string(), snippet.to_string());
        }
    }
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        if e.file_type()?.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "md") {
            // Links are followed; anything but a regular file is refused when read.
            out.push(path);
        }
    }
    Ok(())
}

/// Checks one chapter: `text` is the file `path` (named so in messages) under `src_dir`; its
/// data files are found through a context made from `book` (the book's, with its file cache).
fn check_chapter(
    text: &str,
    path: &Path,
    src_dir: &Path,
    book: &DataContext,
    config: &Config,
    checker: &mut Checker,
) {
    // mdBook drops a BOM when it loads a chapter.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source_path = path.strip_prefix(src_dir).unwrap_or(path);
    let expanded = includes::expand(src_dir, source_path, text);
    if !markdown::may_contain_chart(&expanded) {
        return;
    }
    let shown = path.display().to_string();
    let map = if expanded == text {
        None
    } else {
        SourceMap::new(text, &expanded, path, &shown)
    };
    for fence in markdown::find_chart_fences(&expanded) {
        let (file, line, column) = match &map {
            Some(map) => map.locate(fence.line, fence.column),
            None => (shown.as_str(), fence.line, fence.column),
        };
        if checker.charts.insert((file.to_string(), line, column)) {
            checker.report.charts += 1;
        }
    }
    let data = book.for_dir(path.parent().unwrap_or(Path::new(".")));
    let out = process_chapter_in(&expanded, &shown, Some(&data), 0, config);
    for mut e in out.errors {
        if let Some(map) = &map {
            map.relocate(&mut e);
        }
        checker.errors(&e);
    }
}

/// Largest chapter file read (a chapter is prose: far beyond this, something is wrong).
const MAX_CHAPTER_BYTES: u64 = 64 * 1024 * 1024;

/// Checks every Markdown file under the book's source directory.
pub fn run(dir: &Path) -> Result<Report, CommandError> {
    let toml_path = book_toml(dir)?;
    let text = std::fs::read_to_string(&toml_path)
        .map_err(|e| CommandError(format!("{}: cannot read: {e}", toml_path.display())))?;
    let book: serde_json::Value = toml::from_str(&text).map_err(|e| {
        CommandError(format!(
            "{}: invalid TOML: {}",
            toml_path.display(),
            e.message().trim_end()
        ))
    })?;
    let table = book
        .get("preprocessor")
        .and_then(|p| p.get(crate::preprocessor::NAME));
    let config = Config::from_json(table).map_err(|e| CommandError(e.to_string()))?;
    let src = book
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(|s| s.as_str())
        .unwrap_or("src");
    let src_dir = dir.join(src);
    let mut files = Vec::new();
    markdown_files(&src_dir, &mut files).map_err(|e| {
        CommandError(format!(
            "{}: cannot read the source directory: {e}",
            src_dir.display()
        ))
    })?;
    let mut checker = Checker::default();
    let book = DataContext::new(dir, dir).with_source_dir(&src_dir);
    for file in files {
        checker.report.files += 1;
        match crate::textfile::read(&file, MAX_CHAPTER_BYTES) {
            Ok(text) => check_chapter(&text, &file, &src_dir, &book, &config, &mut checker),
            Err(e) => checker.problem(
                ChartError::new(
                    &file.display().to_string(),
                    (1, 1),
                    format!("this file {e}"),
                )
                .to_string(),
            ),
        }
    }
    Ok(checker.report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(md: &str) -> Report {
        let mut checker = Checker::default();
        check_chapter(
            md,
            Path::new("src/a.md"),
            Path::new("src"),
            &DataContext::new(".", "."),
            &Config::default(),
            &mut checker,
        );
        checker.report
    }

    #[test]
    fn errors_in_a_chapter_are_located() {
        let report = check("# T\n\n```chart\ntype = \"bar\"\ny = [1, \"x\"]\n```\n");
        assert_eq!(report.charts, 1);
        assert_eq!(
            report.problems,
            ["src/a.md:5:9: error: `y[1]`: expected a number, found a string"]
        );
    }

    #[test]
    fn a_block_included_twice_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("charts")).unwrap();
        std::fs::write(
            src.join("charts/c.md"),
            "```chart\ntype = \"bar\"\ny = [1, \"x\"]\n```\n",
        )
        .unwrap();
        let chapter = "# A\n\n{{#include charts/c.md}}\n\n{{#include charts/c.md}}\n";
        std::fs::write(src.join("a.md"), chapter).unwrap();
        let mut checker = Checker::default();
        let book = DataContext::new(dir.path(), dir.path());
        for (text, file) in [
            (chapter.to_string(), src.join("a.md")),
            (
                std::fs::read_to_string(src.join("charts/c.md")).unwrap(),
                src.join("charts/c.md"),
            ),
        ] {
            check_chapter(&text, &file, &src, &book, &Config::default(), &mut checker);
        }
        let report = checker.report;
        assert_eq!(report.charts, 1);
        let problem = format!(
            "{}:3:9: error: `y[1]`: expected a number, found a string",
            src.join("charts/c.md").display()
        );
        assert_eq!(report.problems, [problem]);
    }
}

//! `mdbook-svg-charts check [BOOK_DIR]`: parse, evaluate and render every chart block of a book
//! without writing anything, and report each problem as `FILE:LINE:COL: error: ...` (the format
//! editors and CI annotate). Exit status 1 when there is any. Author colours (a series'
//! `color`, a chart's `colors`, the book's `palette`) with less than 3:1 contrast against the
//! page in one of mdBook's five themes are reported as `FILE:LINE:COL: warning: ...`, which
//! does not fail.
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

use super::{CommandError, book_toml, invalid_toml, plural_of};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::chart::Color;
use crate::config::Config;
use crate::data::DataContext;
use crate::diagnostic::{self, ChartError, line_col};
use crate::includes::{self, SourceMap};
use crate::markdown;
use crate::pipeline::chapter::process_chapter_in;
use crate::render::low_contrast_themes;

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
    /// One line per warning, `FILE:LINE:COL: warning: ...`: things that build but that some
    /// readers may not see (an author colour with less than 3:1 contrast on a theme's page).
    /// Warnings do not make `check` fail.
    pub warnings: Vec<String>,
}

impl Report {
    /// The closing line: `mdbook-svg-charts check: 3 charts in 2 files, 1 problem` (and `, 2
    /// warnings` when there are any).
    pub fn summary(&self) -> String {
        let mut line = format!(
            "mdbook-svg-charts check: {} chart{} in {} file{}, {} problem{}",
            self.charts,
            plural_of(self.charts),
            self.files,
            plural_of(self.files),
            self.problems.len(),
            plural_of(self.problems.len()),
        );
        if !self.warnings.is_empty() {
            let n = self.warnings.len();
            line.push_str(&format!(", {n} warning{}", plural_of(n)));
        }
        line
    }
}

/// A report being written: what has been seen already, so that nothing is counted twice.
#[derive(Default)]
struct Checker {
    report: Report,
    /// Where each chart block seen starts: file, line, column.
    charts: HashSet<(String, usize, usize)>,
    problems: HashSet<String>,
    warnings: HashSet<String>,
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

    fn warning(&mut self, line: String) {
        if self.warnings.insert(line.clone()) {
            self.report.warnings.push(line);
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
    let text = text.strip_prefix(diagnostic::BOM).unwrap_or(text);
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
        for (written, color, offset) in author_colors(&fence.body) {
            let (line, column) = fence.source_position(offset);
            let (file, line, column) = match &map {
                Some(map) => map.locate(line, column),
                None => (shown.as_str(), line, column),
            };
            if let Some(w) = contrast_warning(file, line, column, &written, color) {
                checker.warning(w);
            }
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

/// The colours an author wrote in a chart block (`color = ...` of a series, reference line or
/// model, `colors = [...]` of a chart or panel), as written, parsed, and at which byte of the
/// block. Nothing for a block that is not valid TOML (its error is reported anyway), nor for
/// what is not a colour.
fn author_colors(block: &str) -> Vec<(String, Color, usize)> {
    fn walk(table: &DeTable<'_>, out: &mut Vec<(String, Color, usize)>) {
        let mut push = |value: &Spanned<DeValue<'_>>| {
            if let DeValue::String(text) = value.get_ref()
                && let Some(color) = Color::parse(text)
            {
                out.push((text.to_string(), color, value.span().start));
            }
        };
        let mut tables = Vec::new();
        for (key, value) in table {
            match (key.get_ref().as_ref(), value.get_ref()) {
                ("color", DeValue::String(_)) => push(value),
                ("colors", DeValue::Array(items)) => items.iter().for_each(&mut push),
                (_, DeValue::Table(t)) => tables.push(t),
                (_, DeValue::Array(items)) => {
                    tables.extend(items.iter().filter_map(|item| match item.get_ref() {
                        DeValue::Table(t) => Some(t),
                        _ => None,
                    }))
                }
                _ => {}
            }
        }
        for t in tables {
            walk(t, out);
        }
    }
    let (root, syntax) = DeTable::parse_recoverable(block);
    let mut out = Vec::new();
    if syntax.is_empty() {
        walk(root.get_ref(), &mut out);
    }
    out
}

/// The warning for an author colour with less than 3:1 contrast on the page background of some
/// mdBook theme (WCAG 1.4.11), or `None` when it has 3:1 on all five. Author colours are
/// drawn as written: this only tells.
fn contrast_warning(
    file: &str,
    line: usize,
    column: usize,
    written: &str,
    color: Color,
) -> Option<String> {
    let low = low_contrast_themes(color);
    if low.is_empty() {
        return None;
    }
    let themes: Vec<String> = low
        .iter()
        .map(|(theme, ratio)| format!("{theme} ({:.2}:1)", (ratio * 100.0).floor() / 100.0))
        .collect();
    let hex = color.to_string();
    let shown = if written.trim().eq_ignore_ascii_case(&hex) {
        format!("\"{}\"", written.trim())
    } else {
        format!("\"{}\" ({hex})", written.trim())
    };
    Some(diagnostic::warning(
        file,
        (line, column),
        &format!(
            "colour {shown} has less than 3:1 contrast against the page in the {} theme{}: readers may not see it (the default palette has 3:1 in all five)",
            themes.join(", "),
            plural_of(low.len()),
        ),
    ))
}

/// The `palette` of `[preprocessor.svg-charts]` in `book.toml` (`text`, named `file`): a
/// warning for each colour with less than 3:1 contrast on some theme.
fn palette_warnings(file: &str, text: &str, checker: &mut Checker) {
    let Ok(root) = DeTable::parse(text) else {
        return;
    };
    let palette = root
        .get_ref()
        .get("preprocessor")
        .and_then(|p| match p.get_ref() {
            DeValue::Table(t) => t.get(crate::preprocessor::NAME),
            _ => None,
        })
        .and_then(|t| match t.get_ref() {
            DeValue::Table(t) => t.get("palette"),
            _ => None,
        });
    let Some(DeValue::Array(items)) = palette.map(Spanned::get_ref) else {
        return;
    };
    for item in items {
        if let DeValue::String(written) = item.get_ref()
            && let Some(color) = Color::parse(written)
        {
            let (line, column) = line_col(text, item.span().start);
            if let Some(w) = contrast_warning(file, line, column, written, color) {
                checker.warning(w);
            }
        }
    }
}

/// Largest chapter file read (a chapter is prose: far beyond this, something is wrong).
const MAX_CHAPTER_BYTES: u64 = 64 * 1024 * 1024;

/// Checks every Markdown file under the book's source directory.
pub fn run(dir: &Path) -> Result<Report, CommandError> {
    let toml_path = book_toml(dir)?;
    let text = std::fs::read_to_string(&toml_path)
        .map_err(|e| CommandError::new(format!("{}: cannot read: {e}", toml_path.display())))?;
    let book: serde_json::Value = toml::from_str(&text).map_err(|e| {
        CommandError::new(format!(
            "{}: {}",
            toml_path.display(),
            invalid_toml(&text, e.span(), e.message())
        ))
    })?;
    let table = book
        .get("preprocessor")
        .and_then(|p| p.get(crate::preprocessor::NAME));
    let config = Config::from_json(table).map_err(|e| CommandError::new(e.to_string()))?;
    let src = book
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(|s| s.as_str())
        .unwrap_or("src");
    let src_dir = dir.join(src);
    let mut files = Vec::new();
    markdown_files(&src_dir, &mut files).map_err(|e| {
        CommandError::new(format!(
            "{}: cannot read the source directory: {e}",
            src_dir.display()
        ))
    })?;
    let mut checker = Checker::default();
    palette_warnings(&toml_path.display().to_string(), &text, &mut checker);
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

    #[test]
    fn low_contrast_author_colours_are_warned_about() {
        let md = "# T\n\n```chart\ntype = \"line\"\ncolors = [\"#057beb\", \"yellow\"]\n[[series]]\ny = [1, 2]\ncolor = \"#e69f00\"\n[[series]]\ny = [2, 1]\ncolor = \"#0072b2\"\n```\n";
        let report = check(md);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(
            report.warnings,
            [
                "src/a.md:5:22: warning: colour \"yellow\" (#ffff00) has less than 3:1 contrast against the page in the light (1.07:1), rust (1.22:1) themes: readers may not see it (the default palette has 3:1 in all five)",
                "src/a.md:8:9: warning: colour \"#e69f00\" has less than 3:1 contrast against the page in the light (2.25:1), rust (1.71:1) themes: readers may not see it (the default palette has 3:1 in all five)",
            ]
        );
        assert!(
            report.summary().ends_with(", 0 problems, 2 warnings"),
            "{}",
            report.summary()
        );
        // Colours with 3:1 everywhere, and no colours at all: no warning.
        let md = "```chart\ntype = \"bar\"\ny = [1]\ncolor = \"#777\"\n```\n";
        assert!(check(md).warnings.is_empty());
        assert!(
            check("```chart\ntype = \"bar\"\ny = [1]\n```\n")
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn colours_in_nested_tables_and_block_quotes_are_located() {
        let md = "> ```chart\n> [[panel]]\n> type = \"line\"\n> y = [1, 2]\n> [[panel.reference]]\n> y = 1\n> color = \"#000080\"\n> ```\n";
        let report = check(md);
        assert_eq!(
            report.warnings,
            [
                "src/a.md:7:11: warning: colour \"#000080\" has less than 3:1 contrast against the page in the coal (1.14:1), navy (1.09:1), ayu (1.15:1) themes: readers may not see it (the default palette has 3:1 in all five)"
            ]
        );
    }

    #[test]
    fn the_book_palette_is_checked() {
        let mut checker = Checker::default();
        let text = "[book]\ntitle = \"x\"\n\n[preprocessor.svg-charts]\npalette = [\"#0072b2\", \"#f0e442\"]\n";
        palette_warnings("book.toml", text, &mut checker);
        assert_eq!(checker.report.warnings.len(), 1);
        assert!(
            checker.report.warnings[0].starts_with("book.toml:5:23: warning: colour \"#f0e442\" has less than 3:1 contrast against the page in the light (1.32:1), rust (1.00:1) themes"),
            "{}",
            checker.report.warnings[0]
        );
    }
}

//! `mdbook-svg-charts check [BOOK_DIR]`: parse, evaluate and render every chart block of a book
//! without writing anything, and report each problem as `FILE:LINE:COL: error: ...` (the format
//! editors and CI annotate). Exit status 1 when there is any.
//!
//! A chart block whose whole body is `{{#include FILE}}` is checked as that file, and its errors
//! point into it; other `{{#include}}` directives inside a chart block are expanded and their
//! errors reported at the block.

use std::path::{Path, PathBuf};

use super::{CommandError, book_toml, plural_of};
use crate::config::Config;
use crate::data::DataContext;
use crate::diagnostic::{ChartError, line_col};
use crate::markdown;
use crate::pipeline::{Block, Output, render_block};

/// What `check` found.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Report {
    /// Chart blocks checked.
    pub charts: usize,
    /// Markdown files read.
    pub files: usize,
    /// One line per problem, `FILE:LINE:COL: error: ...`.
    pub problems: Vec<String>,
}

/// Checks one block exactly as a build renders it.
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

fn check_block(block: &Block<'_>, config: &Config) -> Result<(), ChartError> {
    render_block(block, config, Output::Figure { id: "check" }).map(drop)
}

/// The path of a `{{#include PATH}}` that is the block's whole body, if it is.
fn sole_include(body: &str) -> Option<&str> {
    let inner = body
        .trim()
        .strip_prefix("{{#include")?
        .strip_suffix("}}")?
        .trim();
    (!inner.is_empty() && !inner.contains("{{") && !inner.contains(':')).then_some(inner)
}

/// Expands `{{#include PATH}}` and `{{#include PATH:A:B}}` (lines A to B) relative to `dir`.
fn expand_includes(body: &str, dir: &Path) -> Result<String, String> {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{#include") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find("}}").ok_or("unclosed {{#include")?;
        let arg = after["{{#include".len()..end].trim();
        let mut parts = arg.split(':');
        let file = parts.next().unwrap_or("");
        let text = std::fs::read_to_string(dir.join(file))
            .map_err(|e| format!("cannot include {file}: {e}"))?;
        let (a, b) = (parts.next(), parts.next());
        match (
            a.and_then(|s| s.parse::<usize>().ok()),
            b.and_then(|s| s.parse::<usize>().ok()),
        ) {
            (Some(a), Some(b)) if a >= 1 && b >= a => {
                let lines: Vec<&str> = text.lines().skip(a - 1).take(b - a + 1).collect();
                out.push_str(&lines.join("\n"));
            }
            _ => out.push_str(&text),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        if e.file_type()?.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// Checks one chapter's text; `path` is how the file is named in messages.
pub(crate) fn check_chapter(text: &str, path: &Path, root: &Path, config: &Config, report: &mut Report) {
    if !markdown::may_contain_chart(text) {
        return;
    }
    let shown = path.display();
    let dir = path.parent().unwrap_or(Path::new("."));
    let data = DataContext::new(dir, root);
    for fence in markdown::find_chart_fences(text) {
        report.charts += 1;
        let shown = shown.to_string();
        let fence_position = |at: Option<usize>| match at {
            Some(offset) => fence.source_position(offset),
            None => (fence.line, fence.column),
        };
        // An oversized block is refused by `render_block` before anything is expanded.
        let oversized = fence.body_len > crate::chart::limits::MAX_BLOCK_BYTES;
        if let Some(file) = sole_include(&fence.body).filter(|_| !oversized) {
            let included = dir.join(file);
            match std::fs::read_to_string(&included) {
                Ok(body) => {
                    let data = DataContext::new(included.parent().unwrap_or(dir), root);
                    let name = included.display().to_string();
                    let position = |at: Option<usize>| line_col(&body, at.unwrap_or(0));
                    let block = Block {
                        text: &body,
                        len: body.len(),
                        file: &name,
                        position: &position,
                        data: Some(&data),
                    };
                    if let Err(e) = check_block(&block, config) {
                        report.problems.push(e.to_string());
                    }
                }
                Err(e) => report.problems.push(
                    ChartError::new(
                        &shown,
                        (fence.line, fence.column),
                        format!("cannot include {file}: {e}"),
                    )
                    .to_string(),
                ),
            }
            continue;
        }
        let result = if !oversized && fence.body.contains("{{#include") {
            match expand_includes(&fence.body, dir) {
                Ok(body) => {
                    // Errors in expanded text are reported at the block.
                    let at_block = |_: Option<usize>| (fence.line, fence.column);
                    let block = Block {
                        text: &body,
                        len: body.len(),
                        file: &shown,
                        position: &at_block,
                        data: Some(&data),
                    };
                    check_block(&block, config)
                }
                Err(m) => Err(ChartError::new(&shown, (fence.line, fence.column), m)),
            }
        } else {
            let block = Block {
                text: &fence.body,
                len: fence.body_len,
                file: &shown,
                position: &fence_position,
                data: Some(&data),
            };
            check_block(&block, config)
        };
        if let Err(e) = result {
            report.problems.push(e.to_string());
        }
    }
}

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
    let mut report = Report::default();
    for file in files {
        report.files += 1;
        match std::fs::read_to_string(&file) {
            Ok(text) => check_chapter(&text, &file, dir, &config, &mut report),
            Err(e) => report
                .problems
                .push(format!("{}: error: cannot read: {e}", file.display())),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_forms() {
        assert_eq!(
            sole_include("{{#include figures/a.toml}}\n"),
            Some("figures/a.toml")
        );
        assert_eq!(sole_include("{{#include a.toml:1:3}}"), None);
        assert_eq!(sole_include("type = 'bar'\n{{#include a.toml}}"), None);
    }

    #[test]
    fn errors_in_a_chapter_are_located() {
        let mut report = Report::default();
        let md = "# T\n\n```chart\ntype = \"bar\"\ny = [1, \"x\"]\n```\n";
        check_chapter(
            md,
            Path::new("src/a.md"),
            Path::new("."),
            &Config::default(),
            &mut report,
        );
        assert_eq!(report.charts, 1);
        assert_eq!(
            report.problems,
            ["src/a.md:5:9: error: `y[1]`: expected a number, found a string"]
        );
    }
}

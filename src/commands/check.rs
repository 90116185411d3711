//! `mdbook-svg-charts check [BOOK_DIR]`: parse, evaluate and render every chart block of a book
//! without writing anything, and report each problem as `FILE:LINE:COL: error: ...` (the format
//! editors and CI annotate). Exit status 1 when there is any.
//!
//! A chart block whose whole body is `{{#include FILE}}` is checked as that file, and its errors
//! point into it; other `{{#include}}` directives inside a chart block are expanded and their
//! errors reported at the block.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use super::{CommandError, book_toml};
use crate::data::DataContext;
use crate::markdown;
use crate::preprocessor::Config;
use crate::render::{self, RenderOptions};
use crate::spec::{self, SpecError};

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Chart blocks checked.
    pub charts: usize,
    /// Markdown files read.
    pub files: usize,
    /// One line per problem, `FILE:LINE:COL: error: ...`.
    pub problems: Vec<String>,
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let at = offset.min(text.len());
    let before = text.get(..at).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn describe(e: &SpecError) -> String {
    if e.key.is_empty() {
        e.message.clone()
    } else {
        format!("`{}`: {}", e.key, e.message)
    }
}

/// Parses, evaluates and renders one chart body.
fn check_body(body: &str, config: &Config, data: &DataContext) -> Result<(), SpecError> {
    let loaded = crate::data::load_for(body, Some(data))?;
    let mut figure = spec::parse_with_data(body, &config.parse, &loaded)?;
    crate::model::apply(&mut figure)?;
    let options = RenderOptions {
        id: "check",
        palette: &config.palette,
        data_table: config.data_table,
    };
    catch_unwind(AssertUnwindSafe(|| render::figure_html(&figure, &options))).map_err(|_| {
        SpecError {
            key: String::new(),
            message:
                "internal error while drawing this chart (please report it with the chart block)"
                    .into(),
            span: None,
        }
    })?;
    Ok(())
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
pub fn check_chapter(text: &str, path: &Path, root: &Path, config: &Config, report: &mut Report) {
    if !markdown::may_contain_chart(text) {
        return;
    }
    let shown = path.display();
    let dir = path.parent().unwrap_or(Path::new("."));
    let data = DataContext {
        dir: dir.to_path_buf(),
        root: root.to_path_buf(),
    };
    for fence in markdown::find_chart_fences(text) {
        report.charts += 1;
        if fence.body_len > spec::MAX_BLOCK_BYTES {
            report.problems.push(format!(
                "{shown}:{}:{}: error: {}",
                fence.line,
                fence.column,
                spec::block_size_message(fence.body_len)
            ));
            continue;
        }
        if let Some(file) = sole_include(&fence.body) {
            let included = dir.join(file);
            match std::fs::read_to_string(&included) {
                Ok(body) => {
                    let data = DataContext {
                        dir: included.parent().unwrap_or(dir).to_path_buf(),
                        root: root.to_path_buf(),
                    };
                    if let Err(e) = check_body(&body, config, &data) {
                        let (line, col) =
                            e.span.as_ref().map_or((1, 1), |s| line_col(&body, s.start));
                        report.problems.push(format!(
                            "{}:{line}:{col}: error: {}",
                            included.display(),
                            describe(&e)
                        ));
                    }
                }
                Err(e) => report.problems.push(format!(
                    "{shown}:{}:{}: error: cannot include {file}: {e}",
                    fence.line, fence.column
                )),
            }
            continue;
        }
        let result = if fence.body.contains("{{#include") {
            expand_includes(&fence.body, dir)
                .map_err(|m| SpecError {
                    key: String::new(),
                    message: m,
                    span: None,
                })
                .and_then(|body| {
                    check_body(&body, config, &data).map_err(|e| SpecError { span: None, ..e })
                })
        } else {
            check_body(&fence.body, config, &data)
        };
        if let Err(e) = result {
            let (line, col) = match &e.span {
                Some(s) => fence.source_position(s.start),
                None => (fence.line, fence.column),
            };
            report
                .problems
                .push(format!("{shown}:{line}:{col}: error: {}", describe(&e)));
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

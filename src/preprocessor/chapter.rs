//! One chapter through the pipeline: find fences, parse, render, splice.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::config::Config;
use crate::data::DataContext;
use crate::markdown::{self, ChartFence};
use crate::render::{self, RenderOptions};
use crate::spec::{self, Figure};

/// A chart block that could not be rendered, located in its chapter file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartError {
    /// The chapter file as the author knows it (e.g. `src/intro.md`).
    pub file: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The offending key path (`series[0].y`), empty for syntax errors.
    pub key: String,
    /// What was wrong and what was expected.
    pub message: String,
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: error: ", self.file, self.line, self.column)?;
        if !self.key.is_empty() {
            write!(f, "`{}`: ", self.key)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ChartError {}

/// What processing a chapter produced.
#[derive(Debug, Default)]
pub struct ChapterOutput {
    /// The new chapter text, or `None` when it had no chart (left byte-identical).
    pub content: Option<String>,
    /// Number of chart blocks found.
    pub charts: usize,
    /// Chart blocks that failed (each replaced by an error box).
    pub errors: Vec<ChartError>,
}

/// Parses and renders one fence; errors are located in the chapter.
fn render_fence(
    fence: &ChartFence,
    file: &str,
    data: Option<&DataContext>,
    id: &str,
    config: &Config,
) -> Result<String, ChartError> {
    let locate = |e: spec::SpecError| {
        let (line, column) = match &e.span {
            Some(span) => fence.source_position(span.start),
            None => (fence.line, fence.column),
        };
        ChartError {
            file: file.to_string(),
            line,
            column,
            key: e.key,
            message: e.message,
        }
    };
    if fence.body_len > spec::MAX_BLOCK_BYTES {
        return Err(ChartError {
            file: file.to_string(),
            line: fence.line,
            column: fence.column,
            key: String::new(),
            message: spec::block_size_message(fence.body_len),
        });
    }
    let loaded = crate::data::load_for(&fence.body, data).map_err(locate)?;
    let mut figure: Figure =
        spec::parse_with_data(&fence.body, &config.parse, &loaded).map_err(locate)?;
    crate::model::apply(&mut figure).map_err(locate)?;
    let options = RenderOptions {
        id,
        palette: &config.palette,
        data_table: config.data_table,
    };
    // Rendering is written not to panic; this is the last line of defence so that a bug in
    // layout costs one figure, never the author's whole build.
    let error = |message: String| ChartError {
        file: file.to_string(),
        line: fence.line,
        column: fence.column,
        key: String::new(),
        message,
    };
    let html = catch_unwind(AssertUnwindSafe(|| render::figure_html(&figure, &options))).map_err(
        |_| {
            error(
                "internal error while drawing this chart (please report it with the chart block)"
                    .into(),
            )
        },
    )?;
    match render::too_large(html.len()) {
        Some(message) => Err(error(message)),
        None => Ok(html),
    }
}

/// Replaces every chart block of a chapter. `seq` numbers the chapter within the book so that
/// SVG ids (`sc{seq}-{n}`) are unique across the whole book. Data files are not available
/// (see [`process_chapter_in`]).
pub fn process_chapter(content: &str, file: &str, seq: usize, config: &Config) -> ChapterOutput {
    process_chapter_in(content, file, None, seq, config)
}

/// [`process_chapter`] with the chapter's location, so its charts can read data files.
pub fn process_chapter_in(
    content: &str,
    file: &str,
    data: Option<&DataContext>,
    seq: usize,
    config: &Config,
) -> ChapterOutput {
    if !markdown::may_contain_chart(content) {
        return ChapterOutput::default();
    }
    let fences = markdown::find_chart_fences(content);
    if fences.is_empty() {
        return ChapterOutput::default();
    }
    let mut errors = Vec::new();
    let replacements: Vec<String> = fences
        .iter()
        .enumerate()
        .map(|(n, fence)| {
            let id = format!("sc{seq}-{n}");
            render_fence(fence, file, data, &id, config).unwrap_or_else(|e| {
                let html = render::error_html(&e.to_string());
                errors.push(e);
                html
            })
        })
        .collect();
    ChapterOutput {
        content: Some(markdown::splice(content, &fences, &replacements)),
        charts: fences.len(),
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_without_charts_is_untouched() {
        let out = process_chapter(
            "# Title\n\n```rust\nfn main() {}\n```\n",
            "src/a.md",
            0,
            &Config::default(),
        );
        assert!(out.content.is_none());
        assert_eq!(out.charts, 0);
    }

    #[test]
    fn error_is_located_in_the_chapter() {
        let md = "# T\n\nText.\n\n> ```chart\n> type = \"bar\"\n> x = [\"a\"]\n>   y = [\"oops\"]\n> ```\n";
        let out = process_chapter(md, "src/ch.md", 0, &Config::default());
        assert_eq!(out.errors.len(), 1);
        let e = &out.errors[0];
        assert_eq!((e.line, e.key.as_str()), (8, "y[0]"));
        assert_eq!(e.column, 10, "{e}");
        assert_eq!(
            e.to_string(),
            "src/ch.md:8:10: error: `y[0]`: expected a number, found a string"
        );
        let html = out.content.unwrap();
        assert!(html.contains("> <div class=\"svg-chart-error\""), "{html}");
    }
}

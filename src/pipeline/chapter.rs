//! Every chart fence of a chapter through [`render_block`]: find, render, splice.

use super::{Block, Output, render_block};
use crate::config::Config;
use crate::data::DataContext;
use crate::diagnostic::ChartError;
use crate::markdown;
use crate::render;

/// What processing a chapter produced.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct ChapterOutput {
    /// The new chapter text, or `None` when it had no chart (left byte-identical).
    pub content: Option<String>,
    /// Number of chart blocks found.
    pub charts: usize,
    /// Chart blocks that failed (each replaced by an error box).
    pub errors: Vec<ChartError>,
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
    let fences = markdown::find_chart_fences_in(content, config.markdown);
    if fences.is_empty() {
        return ChapterOutput::default();
    }
    let mut errors = Vec::new();
    let replacements: Vec<String> = fences
        .iter()
        .enumerate()
        .map(|(n, fence)| {
            let id = format!("sc{seq}-{n}");
            let position = |at: Option<usize>| match at {
                Some(offset) => fence.source_position(offset),
                None => (fence.line, fence.column),
            };
            let block = Block {
                text: &fence.body,
                len: fence.body_len,
                file,
                position: &position,
                source: Some(content),
                data,
            };
            render_block(&block, config, Output::Figure { id: &id }).unwrap_or_else(|e| {
                let html = render::error_html(&e.report(false));
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

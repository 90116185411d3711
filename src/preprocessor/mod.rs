//! The mdBook adapter: the JSON protocol, `book.toml` configuration, and the in-process
//! [`Preprocessor`](mdbook_preprocessor::Preprocessor) implementation.

pub mod protocol;

use crate::config::{Config, OnError};
use crate::data::DataContext;
use crate::diagnostic::ChartError;
use crate::pipeline::chapter::{ChapterOutput, process_chapter_in};

/// One chapter to process.
#[derive(Debug)]
pub(crate) struct ChapterJob<'a> {
    /// Its Markdown.
    pub content: &'a str,
    /// How it is named in messages (`src/intro.md`).
    pub file: String,
    /// Its place in the book (for unique ids).
    pub seq: usize,
    /// Where its data files are.
    pub data: Option<DataContext>,
}

impl ChapterJob<'_> {
    fn run(&self, config: &Config) -> ChapterOutput {
        process_chapter_in(
            self.content,
            &self.file,
            self.data.as_ref(),
            self.seq,
            config,
        )
    }
}

/// The data context of a chapter: its directory under `root/src`, with `root` as the limit.
pub(crate) fn data_context(
    root: &std::path::Path,
    src: &str,
    source_path: Option<&str>,
) -> Option<DataContext> {
    let source = source_path?;
    let dir = root.join(src).join(source);
    Some(DataContext::new(dir.parent()?, root))
}

use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// The preprocessor's name in `book.toml` (`[preprocessor.svg-charts]`).
pub const NAME: &str = "svg-charts";

/// Totals of one run over a book.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Summary {
    /// Chapters that held at least one chart.
    pub chapters: usize,
    /// Chart blocks found.
    pub charts: usize,
    /// Chart blocks that failed.
    pub errors: Vec<ChartError>,
}

/// Where chapter files live, for error messages: `book.src` (default `src`).
pub(crate) fn source_dir(config: Option<&serde_json::Value>) -> String {
    config
        .and_then(|c| c.get("book"))
        .and_then(|b| b.get("src"))
        .and_then(|s| s.as_str())
        .unwrap_or("src")
        .trim_end_matches('/')
        .to_string()
}

/// Joins the source dir and a chapter's source path as the author sees it.
pub(crate) fn display_path(src_dir: &str, source_path: Option<&str>, name: &str) -> String {
    match source_path {
        Some(p) if src_dir.is_empty() || src_dir == "." => p.to_string(),
        Some(p) => format!("{src_dir}/{p}"),
        None => format!("<chapter \"{name}\">"),
    }
}

/// Renders chapters in parallel (they are independent), returning outputs in input order so
/// that the result is byte-identical to a serial run.
pub(crate) fn process_all(jobs: &[ChapterJob<'_>], config: &Config) -> Vec<ChapterOutput> {
    let heavy = jobs
        .iter()
        .filter(|j| crate::markdown::may_contain_chart(j.content))
        .count();
    // Asking for the core count reads cgroup files: only worth it when there is work to share.
    let threads = if heavy < 4 {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
    };
    if threads < 2 {
        return jobs.iter().map(|j| j.run(config)).collect();
    }
    // Threads take the next chapter as they finish one (charts cluster in some chapters, so fixed
    // chunks would leave a core idle); results are put back in book order.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, ChapterOutput)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        mine.push((i, job.run(config)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    let mut outputs: Vec<Option<ChapterOutput>> = (0..jobs.len()).map(|_| None).collect();
    for (i, out) in done.drain(..) {
        outputs[i] = Some(out);
    }
    // A worker that died (it cannot, but never lose a chapter) leaves gaps: fill them here.
    outputs
        .into_iter()
        .zip(jobs)
        .map(|(out, job)| out.unwrap_or_else(|| job.run(config)))
        .collect()
}

/// The preprocessor, for in-process use with `mdbook-driver` (the binary speaks the JSON
/// protocol through [`protocol`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct SvgCharts;

impl Preprocessor for SvgCharts {
    fn name(&self) -> &str {
        NAME
    }

    fn run(
        &self,
        ctx: &PreprocessorContext,
        mut book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        let table: Option<serde_json::Value> = ctx.config.get(&format!("preprocessor.{NAME}"))?;
        let config = Config::from_json(table.as_ref())?;
        let src = ctx.config.book.src.to_string_lossy().into_owned();
        let mut seq = 0;
        let mut errors = Vec::new();
        book.for_each_chapter_mut(|ch| {
            let file = display_path(
                &src,
                ch.source_path.as_deref().and_then(|p| p.to_str()),
                &ch.name,
            );
            let data = data_context(
                &ctx.root,
                &src,
                ch.source_path.as_deref().and_then(|p| p.to_str()),
            );
            let out = process_chapter_in(&ch.content, &file, data.as_ref(), seq, &config);
            seq += 1;
            if let Some(c) = out.content {
                ch.content = c;
            }
            errors.extend(out.errors);
        });
        for e in &errors {
            eprintln!("{e}");
        }
        if config.on_error == OnError::Fail && !errors.is_empty() {
            anyhow_bail(&errors)?;
        }
        Ok(book)
    }

    fn supports_renderer(&self, _renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(true)
    }
}

fn anyhow_bail(errors: &[ChartError]) -> mdbook_preprocessor::errors::Result<()> {
    Err(mdbook_preprocessor::errors::Error::msg(format!(
        "{} chart error(s); failing because on-error = \"fail\"",
        errors.len()
    )))
}

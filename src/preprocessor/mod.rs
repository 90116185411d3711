//! The mdBook adapter: the JSON protocol, `book.toml` configuration, and the in-process
//! [`Preprocessor`] implementation.

pub mod protocol;

use std::io::IsTerminal as _;
use std::path::Path;

use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

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

/// The data context of a chapter: its directory under `root/src`, with the book's `root` as the
/// limit. Contexts made from the same `book` share its file cache (a file is read once a build).
pub(crate) fn data_context(
    book: &DataContext,
    src: &str,
    source_path: Option<&str>,
) -> Option<DataContext> {
    let source = source_path?;
    let dir = book.root.join(src).join(source);
    Some(book.for_dir(dir.parent()?))
}

/// Moves the errors of a chapter that pulls text in with `{{#include}}` (or another link
/// directive) from the expanded chapter mdBook sent (`received`) to the file and line the author
/// wrote them at, in the messages and in the error boxes of `out.content`. The chapter is the file
/// `root/src/source_path`, named `file`. Only chapters with errors pay for this: the file is read
/// again and expanded with mdBook's code; when that does not give `received` (another
/// preprocessor changed the chapter, or the file changed), the errors keep their place in the
/// chapter.
pub(crate) fn relocate_errors(
    out: &mut ChapterOutput,
    received: &str,
    root: &Path,
    src: &str,
    source_path: &str,
    file: &str,
) {
    if out.errors.is_empty() {
        return;
    }
    let src_dir = root.join(src);
    let path = src_dir.join(source_path);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    // mdBook drops a BOM when it loads a chapter.
    let text = text.strip_prefix(crate::diagnostic::BOM).unwrap_or(&text);
    if !crate::includes::may_contain_directive(text) {
        return;
    }
    let expanded = crate::includes::expand(&src_dir, Path::new(source_path), text);
    if expanded != received || expanded == text {
        return;
    }
    let Some(map) = crate::includes::SourceMap::new(text, &expanded, &path, file) else {
        return;
    };
    // Each error has an error box in the chapter, in the same order.
    let mut from = 0;
    for e in &mut out.errors {
        let old = crate::render::error_html(&e.report(false));
        map.relocate(e);
        let Some(content) = out.content.as_mut() else {
            continue;
        };
        let Some(at) = content[from..].find(&old).map(|i| from + i) else {
            continue;
        };
        let new = crate::render::error_html(&e.report(false));
        content.replace_range(at..at + old.len(), &new);
        from = at + new.len();
    }
}

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
        let config = Config::from_json(table.as_ref())?.for_renderer(&ctx.renderer);
        let src = ctx.config.book.src.to_string_lossy().into_owned();
        let book_data = DataContext::new(&ctx.root, &ctx.root).with_source_dir(ctx.root.join(&src));
        // Chapters that may hold a chart are copied out, rendered on all cores (as the binary
        // does), and put back in the same walk order.
        struct Pending {
            seq: usize,
            content: String,
            file: String,
            data: Option<DataContext>,
            source: Option<String>,
        }
        let mut pending = Vec::new();
        let mut seq = 0;
        book.for_each_chapter_mut(|ch| {
            if crate::markdown::may_contain_chart(&ch.content) {
                let source = ch.source_path.as_deref().and_then(|p| p.to_str());
                pending.push(Pending {
                    seq,
                    content: ch.content.clone(),
                    file: display_path(&src, source, &ch.name),
                    data: data_context(&book_data, &src, source),
                    source: source.map(str::to_string),
                });
            }
            seq += 1;
        });
        let jobs: Vec<ChapterJob<'_>> = pending
            .iter()
            .map(|p| ChapterJob {
                content: &p.content,
                file: p.file.clone(),
                seq: p.seq,
                data: p.data.clone(),
            })
            .collect();
        let outputs = process_all(&jobs, &config);
        let mut errors = Vec::new();
        let mut replaced = std::collections::HashMap::new();
        for (p, mut out) in pending.iter().zip(outputs) {
            if let Some(source) = &p.source {
                relocate_errors(&mut out, &p.content, &ctx.root, &src, source, &p.file);
            }
            if let Some(c) = out.content {
                replaced.insert(p.seq, c);
            }
            errors.extend(out.errors);
        }
        let mut seq = 0;
        book.for_each_chapter_mut(|ch| {
            if let Some(c) = replaced.remove(&seq) {
                ch.content = c;
            }
            seq += 1;
        });
        for e in &errors {
            eprint!("{}", e.report(std::io::stderr().is_terminal()));
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

#[cfg(test)]
mod tests {
    use super::*;

    const PARTS: &str = "intro\n```chart\ntype = \"bar\"\ny = [1, \"x\"]\n```\n";

    /// A book whose chapter `src/ch.md` includes the broken chart of `PARTS`; the chapter as
    /// mdBook sends it, and what processing it gave.
    fn chapter() -> (tempfile::TempDir, String, ChapterOutput) {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("parts.txt"), PARTS).unwrap();
        let text = "# Ch\n\n{{#include parts.txt:2:5}}\n";
        std::fs::write(src.join("ch.md"), text).unwrap();
        let received = crate::includes::expand(&src, Path::new("ch.md"), text);
        let out = process_chapter_in(&received, "src/ch.md", None, 0, &Config::default());
        assert_eq!(out.errors.len(), 1);
        (dir, received, out)
    }

    #[test]
    fn errors_move_to_the_included_file_with_their_error_box() {
        let (dir, received, mut out) = chapter();
        assert_eq!(
            out.errors[0].to_string(),
            "src/ch.md:5:9: error: `y[1]`: expected a number, found a string"
        );
        relocate_errors(&mut out, &received, dir.path(), "src", "ch.md", "src/ch.md");
        let moved = "src/parts.txt:4:9: error: `y[1]`: expected a number, found a string";
        assert_eq!(out.errors[0].to_string(), moved);
        let content = out.content.unwrap();
        assert!(
            content.contains(&crate::render::error_html(&out.errors[0].report(false))),
            "{content}"
        );
        assert!(content.contains(moved), "{content}");
        assert!(!content.contains("src/ch.md:5:9"), "{content}");
    }

    #[test]
    fn a_chapter_changed_after_links_keeps_its_locations() {
        let (dir, received, _) = chapter();
        let changed = format!("<!-- another preprocessor -->\n{received}");
        let mut out = process_chapter_in(&changed, "src/ch.md", None, 0, &Config::default());
        let before: Vec<String> = out.errors.iter().map(ToString::to_string).collect();
        let content = out.content.clone();
        relocate_errors(&mut out, &changed, dir.path(), "src", "ch.md", "src/ch.md");
        let after: Vec<String> = out.errors.iter().map(ToString::to_string).collect();
        assert_eq!(before, after);
        assert_eq!(content, out.content);
        assert_eq!(
            before,
            ["src/ch.md:6:9: error: `y[1]`: expected a number, found a string"]
        );
    }
}

//! Data files: a chart can take its data from a CSV or JSON file next to the chapter.
//!
//! ```toml
//! type = "line"
//! data = "latency.csv"     # relative to the chapter; may not leave the book
//! x = "hour"               # a column name where an array would go
//! y = ["p50", "p99"]       # several columns: one series each, named after the column
//! ```
//!
//! This module reads files into [`table::Table`]s and answers the chart reader's questions about
//! columns through the traits in `chart::columns`; which keys take a column is the reader's
//! business, not this module's. A file is read only when it is a regular file inside the book,
//! through a bounded reader, and once per build however many charts name it ([`FileCache`]).
//! Errors name the file as the chart wrote it, the line (CSV) or record (JSON) and the column;
//! the reader locates them at the key in the chart block.

mod csv;
mod json;
mod table;
mod times;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, OnceLock};

use crate::chart::columns::{DataFiles, DataTable};
use crate::chart::limits::{MAX_FILE_BYTES, MAX_JSON_BYTES};
use table::{Named, Table};

/// Where a chart's data files are looked up. A context stands for one build: each file is read
/// once, the first time a chart names it, and not again while the context (or one made from it
/// for another chapter) lives.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DataContext {
    /// Directory of the chapter file (relative paths start here).
    pub dir: PathBuf,
    /// Root that data files may not leave (the book's directory).
    pub root: PathBuf,
    /// Files already read, shared by every chapter of a build.
    cache: Arc<FileCache>,
    /// A second directory data files may be in: the book's source directory, when `book.src`
    /// points outside the book's directory.
    source_dir: Option<PathBuf>,
}

impl DataContext {
    /// Data files are looked up in `dir` and may not leave `root`.
    pub fn new(dir: impl Into<PathBuf>, root: impl Into<PathBuf>) -> Self {
        DataContext {
            dir: dir.into(),
            root: root.into(),
            cache: Arc::default(),
            source_dir: None,
        }
    }

    /// Data files may also be anywhere under `dir` (the book's source directory, which
    /// `book.src` may put outside the book's directory).
    pub(crate) fn with_source_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.source_dir = Some(dir.into());
        self
    }

    /// The context of another chapter of the same book: same root, same file cache.
    pub(crate) fn for_dir(&self, dir: impl Into<PathBuf>) -> Self {
        DataContext {
            dir: dir.into(),
            ..self.clone()
        }
    }
}

/// Data files read so far, by their real path. Charts that name the same file share one read
/// (also when they are rendered at the same time on different threads). A file that could not
/// be read keeps its error: every chart of the build that names it reports that error without
/// reading the file again (a large file with a bad last line is read once, not once a chart).
/// A cache lives for one build: the next one (`mdbook serve` builds again when a file changes)
/// starts empty and reads the file as the author fixed it.
#[derive(Debug, Default)]
pub(crate) struct FileCache {
    /// By real path and format (a CSV file read with another delimiter is another table).
    files: Mutex<HashMap<(PathBuf, Format), Arc<Slot>>>,
}

/// One file's read: done once, by the first chart that names it.
type Slot = OnceLock<Result<Arc<Table>, String>>;

impl FileCache {
    fn get(
        &self,
        real: &Path,
        format: Format,
        read: impl FnOnce() -> Result<Table, String>,
    ) -> Result<Arc<Table>, String> {
        let slot = {
            let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
            files
                .entry((real.to_path_buf(), format))
                .or_default()
                .clone()
        };
        slot.get_or_init(|| read().map(Arc::new)).clone()
    }
}

/// The data files of one chart block, as the reader asks for them.
pub(crate) struct BlockFiles<'a> {
    context: &'a DataContext,
    /// Values the block's figure has taken from its data files so far (every file counts).
    taken: Arc<AtomicUsize>,
}

impl<'a> BlockFiles<'a> {
    /// Files of a block whose chapter is described by `context`.
    pub(crate) fn new(context: &'a DataContext) -> Self {
        BlockFiles {
            context,
            taken: Arc::default(),
        }
    }
}

impl DataFiles for BlockFiles<'_> {
    fn open(&self, file: &str, delimiter: Option<u8>) -> Result<Arc<dyn DataTable>, String> {
        let table = open(file, delimiter, self.context)?;
        Ok(Arc::new(Named {
            name: file.to_string(),
            table,
            taken: self.taken.clone(),
        }))
    }
}

/// `path` with `.` and `..` resolved by their names alone (no file system access), so that a
/// path can be judged inside or outside the book whether or not it exists.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Opens `file` (as the block wrote it) for `ctx`: confined to the book, a regular file, within
/// the size limit, read once per build. A CSV file's fields are separated by `delimiter`, or
/// by its extension's (`,` for `.csv`, a tab for `.tsv`).
fn open(file: &str, delimiter: Option<u8>, ctx: &DataContext) -> Result<Arc<Table>, String> {
    let outside = || {
        format!(
            "data file {file} is outside the book; data files must be inside the book's directory"
        )
    };
    let root = ctx
        .root
        .canonicalize()
        .map_err(|e| format!("cannot resolve the book's directory: {e}"))?;
    let roots: Vec<PathBuf> = std::iter::once(root)
        .chain(ctx.source_dir.as_ref().and_then(|d| d.canonicalize().ok()))
        .collect();
    let inside = |path: &Path| roots.iter().any(|r| path.starts_with(r));
    let dir = ctx.dir.canonicalize().unwrap_or_else(|_| lexical(&ctx.dir));
    // Judged by name first, so that a path outside the book says the same whether or not the
    // file exists; then by the real path, so that a link cannot lead out either.
    if !inside(&lexical(&dir.join(file))) {
        return Err(outside());
    }
    let real = dir
        .join(file)
        .canonicalize()
        .map_err(|e| format!("cannot open data file {file}: {e}"))?;
    if !inside(&real) {
        return Err(outside());
    }
    let extension = real
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match (extension.as_deref(), delimiter) {
        (Some("csv"), d) => Format::Csv(d.unwrap_or(b',')),
        (Some("tsv"), d) => Format::Csv(d.unwrap_or(b'\t')),
        (Some("json"), None) => Format::Json,
        (Some("json"), Some(_)) => {
            return Err(format!(
                "data file {file} is JSON, which has no delimiter; `delimiter` is for CSV files"
            ));
        }
        _ => {
            return Err(format!(
                "data file {file}: expected a .csv, .tsv or .json file"
            ));
        }
    };
    ctx.cache
        .get(&real, format, || match format {
            Format::Csv(delimiter) => {
                let (input, size) =
                    crate::textfile::open(&real, MAX_FILE_BYTES).map_err(|e| e.to_string())?;
                csv::read(input, delimiter, size)
            }
            Format::Json => {
                let text =
                    crate::textfile::read(&real, MAX_JSON_BYTES).map_err(|e| e.to_string())?;
                json::read(&text)
            }
        })
        .map_err(|e| format!("data file {file}: {e}"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Format {
    /// CSV with this delimiter.
    Csv(u8),
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths() {
        assert_eq!(
            lexical(Path::new("/b/src/../data/./x.csv")),
            PathBuf::from("/b/data/x.csv")
        );
        assert_eq!(lexical(Path::new("/b/../../x")), PathBuf::from("/x"));
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.csv");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo is not available; skipping");
            return;
        }
        let ctx = DataContext::new(dir.path(), dir.path());
        let e = open("pipe.csv", None, &ctx).unwrap_err();
        assert_eq!(e, "data file pipe.csv: is not a regular file");
    }

    #[test]
    fn outside_the_book_says_the_same_whether_or_not_the_file_exists() {
        let outer = tempfile::tempdir().unwrap();
        let book = outer.path().join("book");
        std::fs::create_dir_all(book.join("src")).unwrap();
        std::fs::write(outer.path().join("secret.csv"), "a\n1\n").unwrap();
        let ctx = DataContext::new(book.join("src"), &book);
        let exists = open("../../secret.csv", None, &ctx).unwrap_err();
        let missing = open("../../nothing.csv", None, &ctx).unwrap_err();
        assert_eq!(exists.replace("secret", "nothing"), missing);
        assert!(
            !exists.contains(&*outer.path().to_string_lossy()),
            "{exists}"
        );
    }

    #[test]
    fn a_source_directory_outside_the_book_holds_data_too() {
        let outer = tempfile::tempdir().unwrap();
        let book = outer.path().join("book");
        let shared = outer.path().join("shared-src");
        std::fs::create_dir_all(&book).unwrap();
        std::fs::create_dir_all(shared.join("ch")).unwrap();
        std::fs::write(shared.join("ch/a.csv"), "x\n1\n").unwrap();
        std::fs::write(outer.path().join("secret.csv"), "x\n1\n").unwrap();
        let ctx = DataContext::new(shared.join("ch"), &book).with_source_dir(&shared);
        assert!(open("a.csv", None, &ctx).is_ok());
        assert!(
            open("../../secret.csv", None, &ctx)
                .unwrap_err()
                .contains("outside the book")
        );
        let without = DataContext::new(shared.join("ch"), &book);
        assert!(open("a.csv", None, &without).is_err());
    }

    #[test]
    fn a_file_is_read_once_per_cache() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "x\n1\n").unwrap();
        let ctx = DataContext::new(dir.path(), dir.path());
        let first = open("a.csv", None, &ctx).unwrap();
        std::fs::write(dir.path().join("a.csv"), "x\n1\n2\n").unwrap();
        let again = open("./a.csv", None, &ctx.for_dir(dir.path())).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        let fresh = open("a.csv", None, &DataContext::new(dir.path(), dir.path())).unwrap();
        assert_eq!(fresh.rows(), 2);
    }

    #[test]
    fn a_file_that_cannot_be_read_keeps_its_error_for_the_build() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), "[[\"x\"], [1],").unwrap();
        let ctx = DataContext::new(dir.path(), dir.path());
        let broken = open("a.json", None, &ctx).unwrap_err();
        assert!(broken.starts_with("data file a.json: "), "{broken}");
        std::fs::write(dir.path().join("a.json"), "[[\"x\"], [1]]").unwrap();
        // The same build: the file is not read again, and says what it said.
        assert_eq!(
            open("./a.json", None, &ctx.for_dir(dir.path())).unwrap_err(),
            broken.replace("a.json", "./a.json")
        );
        // The next build reads the file as it is now.
        let next = DataContext::new(dir.path(), dir.path());
        assert_eq!(open("a.json", None, &next).unwrap().rows(), 1);
    }

    #[test]
    fn a_delimiter_makes_another_table_of_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "x;y\n1;2\n").unwrap();
        std::fs::write(dir.path().join("a.json"), "[[\"x\"],[1]]").unwrap();
        let ctx = DataContext::new(dir.path(), dir.path());
        let commas = Named {
            name: "a.csv".into(),
            table: open("a.csv", None, &ctx).unwrap(),
            taken: Arc::default(),
        };
        assert!(commas.numbers("y").unwrap_err().contains("no column \"y\""));
        let semicolons = Named {
            name: "a.csv".into(),
            table: open("a.csv", Some(b';'), &ctx).unwrap(),
            taken: Arc::default(),
        };
        assert_eq!(semicolons.numbers("y").unwrap(), vec![2.0]);
        assert_eq!(
            open("a.json", Some(b';'), &ctx).unwrap_err(),
            "data file a.json is JSON, which has no delimiter; `delimiter` is for CSV files"
        );
    }

    #[test]
    fn a_large_file_is_read_as_a_stream() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("t,v\n");
        for i in 0..200_000 {
            text.push_str(&format!(
                "2026-11-01T{:02}:{:02}:{:02}Z,{}\n",
                i / 3600 % 24,
                i / 60 % 60,
                i % 60,
                i % 7
            ));
        }
        std::fs::write(dir.path().join("big.csv"), &text).unwrap();
        let ctx = DataContext::new(dir.path(), dir.path());
        let table = open("big.csv", None, &ctx).unwrap();
        assert_eq!(table.rows(), 200_000);
    }
}

//! Data files: a chart can take its data from a CSV or JSON file next to the chapter.
//!
//! ```toml
//! type = "line"
//! data = "latency.csv"     # relative to the chapter; may not leave the book
//! x = "hour"               # a column name where an array would go
//! y = ["p50", "p99"]       # several columns: one series each, named after the column
//! ```
//!
//! This module reads files into [`Table`]s of cells and answers the chart reader's questions
//! about columns through the traits in `chart::columns`; which keys take a column is the
//! reader's business, not this module's. Errors name the file, the line (CSV) or record (JSON)
//! and the column; the reader locates them at the key in the chart block.

mod csv;
mod json;
mod table;

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;

use crate::chart::columns::{DataFiles, DataTable};
use table::{Cell, Table};

/// Where a chart's data files are looked up.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DataContext {
    /// Directory of the chapter file (relative paths start here).
    pub dir: PathBuf,
    /// Root that data files may not leave (the book's directory).
    pub root: PathBuf,
}

impl DataContext {
    /// Data files are looked up in `dir` and may not leave `root`.
    pub fn new(dir: impl Into<PathBuf>, root: impl Into<PathBuf>) -> Self {
        DataContext {
            dir: dir.into(),
            root: root.into(),
        }
    }
}

/// Largest data file read.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The data files of one chart block: each file is read once however many panels name it.
pub(crate) struct BlockFiles<'a> {
    context: &'a DataContext,
    opened: RefCell<Vec<(String, Arc<Table>)>>,
}

impl<'a> BlockFiles<'a> {
    /// Files of a block whose chapter is described by `context`.
    pub fn new(context: &'a DataContext) -> Self {
        BlockFiles {
            context,
            opened: RefCell::new(Vec::new()),
        }
    }
}

impl DataFiles for BlockFiles<'_> {
    fn open(&self, file: &str) -> Result<Arc<dyn DataTable>, String> {
        if let Some((_, t)) = self.opened.borrow().iter().find(|(f, _)| f == file) {
            return Ok(t.clone());
        }
        let table = Arc::new(load(file, self.context)?);
        self.opened
            .borrow_mut()
            .push((file.to_string(), table.clone()));
        Ok(table)
    }
}

/// Reads and parses one data file, refusing paths that leave the book.
fn load(file: &str, ctx: &DataContext) -> Result<Table, String> {
    let path = ctx.dir.join(file);
    let shown = file.to_string();
    let real = path
        .canonicalize()
        .map_err(|e| format!("cannot open data file {shown}: {e}"))?;
    let root = ctx
        .root
        .canonicalize()
        .map_err(|e| format!("cannot resolve the book's directory: {e}"))?;
    if !real.starts_with(&root) {
        return Err(format!(
            "data file {shown} is outside the book ({}); data files must be inside it",
            root.display()
        ));
    }
    let meta =
        std::fs::metadata(&real).map_err(|e| format!("cannot open data file {shown}: {e}"))?;
    if meta.len() > MAX_BYTES {
        return Err(format!(
            "data file {shown} is larger than {} MiB",
            MAX_BYTES / 1024 / 1024
        ));
    }
    let text = std::fs::read_to_string(&real)
        .map_err(|e| format!("cannot read data file {shown}: {e}"))?;
    let json = real
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let csv = real
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let (columns, rows) = if json {
        json::from_json(&text, &shown)?
    } else if csv {
        from_csv(&text, &shown)?
    } else {
        return Err(format!("data file {shown}: expected a .csv or .json file"));
    };
    Ok(Table {
        name: shown,
        json,
        columns,
        rows,
    })
}

/// A cell as read: a finite number, text, or nothing.
fn cell_of(text: &str) -> Cell {
    let t = text.trim();
    if t.is_empty() {
        return Cell::Empty;
    }
    match t.parse::<f64>() {
        // `+ 0.0` makes -0 a plain 0, as the number's text would read back.
        Ok(n) if n.is_finite() => Cell::Number(n + 0.0),
        _ => Cell::Text(text.to_string()),
    }
}

type Rows = (Vec<String>, Vec<(usize, Vec<Cell>)>);

fn from_csv(text: &str, name: &str) -> Result<Rows, String> {
    let mut records = csv::parse(text)
        .map_err(|e| format!("{name}: {e}"))?
        .into_iter();
    let Some((_, header)) = records.next() else {
        return Err(format!("{name}: the file is empty; expected a header line"));
    };
    let columns: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let rows = records
        .map(|(line, fields)| (line, fields.iter().map(|f| cell_of(f)).collect()))
        .collect();
    Ok((columns, rows))
}

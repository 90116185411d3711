//! What the reader asks of data files. A block's `data = "file.csv"` names a table; where a key
//! takes an array (`x`, `y`, `labels`, `values`, `sizes`, `color-values`), a string is a column
//! name and the reader asks the table for that column. This module says which keys those are;
//! `data` implements the traits (files, CSV, JSON) without knowing the chart language.

use std::sync::Arc;

use jiff::tz::TimeZone;

/// Opens the data files a block names (implemented by `data`).
pub(crate) trait DataFiles {
    /// The table of `file` as written in the block; `delimiter` is the block's `delimiter` key
    /// for a CSV file (`None`: by the file's extension). `Err` says why not (a sentence).
    fn open(&self, file: &str, delimiter: Option<u8>) -> Result<Arc<dyn DataTable>, String>;
}

/// The columns of one data file. Errors are whole sentences naming the file, the line (CSV) or
/// record (JSON) and the column. Every column asked for counts against the figure's
/// `MAX_FIGURE_FILE_VALUES` (checked before it is copied out).
pub(crate) trait DataTable {
    /// A column that must hold numbers (empty cells and text are errors).
    fn numbers(&self, column: &str) -> Result<Vec<f64>, String>;
    /// A column of numbers with gaps: an empty cell is NaN; text is an error.
    fn numbers_or_gaps(&self, column: &str) -> Result<Vec<f64>, String>;
    /// A column of any cells: [`Column::Numbers`] when every cell is a number, else its cells as
    /// text (numbers in their shortest form, empty cells as "").
    fn cells(&self, column: &str) -> Result<Column, String>;
    /// A column read as times (each text cell parsed with `crate::time::parse` in `zone`,
    /// straight from the stored text: no string per cell).
    fn times(&self, column: &str, zone: &TimeZone) -> Result<TimeColumn, String>;
    /// Where row `row` (from 0) of `column` is, for messages: `data.csv:5, column "p99"` or
    /// `data.json, record 5, field "p99"`.
    fn place(&self, column: &str, row: usize) -> String;
    /// Number of rows.
    fn rows(&self) -> usize;
}

/// A column as [`DataTable::cells`] gives it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Column {
    /// Every cell was a number.
    Numbers(Vec<f64>),
    /// Some cell was not: every cell as text.
    Texts(Vec<String>),
}

/// A column as [`DataTable::times`] gives it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TimeColumn {
    /// No cell holds text (numbers and empty cells only): not a column of dates; read it as
    /// numbers (epoch times, when the axis says so).
    Numbers,
    /// Every cell that is not empty is a date or date-time: seconds since the epoch, NaN where
    /// the cell is empty.
    Times(Vec<f64>),
    /// Row `row` (from 0) is neither empty nor a date; `found` is that cell for a message
    /// (`"n/a"` in quotes, a number as written, or `an empty cell` when no cell is a date).
    NotTime { row: usize, found: String },
}

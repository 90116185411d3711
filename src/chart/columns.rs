//! What the reader asks of data files. A block's `data = "file.csv"` names a table; where a key
//! takes an array (`x`, `y`, `labels`, `values`, `sizes`, `color-values`), a string is a column
//! name and the reader asks the table for that column. This module says which keys those are;
//! `data` implements the traits (files, CSV, JSON) without knowing the chart language.

use std::sync::Arc;

/// Opens the data files a block names (implemented by `data`).
pub(crate) trait DataFiles {
    /// The table of `file` as written in the block; `Err` says why not (a sentence).
    fn open(&self, file: &str) -> Result<Arc<dyn DataTable>, String>;
}

/// The columns of one data file. Errors are whole sentences naming the file, the line (CSV) or
/// record (JSON) and the column.
pub(crate) trait DataTable {
    /// A column that must hold numbers (empty cells and text are errors).
    fn numbers(&self, column: &str) -> Result<Vec<f64>, String>;
    /// As [`DataTable::numbers`], but an empty cell reads as NaN: a missing sample, drawn as a
    /// gap.
    fn numbers_with_gaps(&self, column: &str) -> Result<Vec<f64>, String>;
    /// A column of any cells: [`Column::Numbers`] when every cell is a number, else its cells as
    /// text (numbers in their shortest form, empty cells as "").
    fn cells(&self, column: &str) -> Result<Column, String>;
}

/// A column as [`DataTable::cells`] gives it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Column {
    /// Every cell was a number.
    Numbers(Vec<f64>),
    /// Some cell was not: every cell as text.
    Texts(Vec<String>),
}

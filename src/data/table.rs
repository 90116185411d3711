//! A data file in memory, stored by column: every cell's number (NaN where the cell is not one)
//! plus, for the few cells that hold text, that text. Eight bytes a cell and four a row, so a
//! 16 MiB file costs tens of MiB, not gigabytes. It answers the chart reader's column questions.

use std::borrow::Cow;

use crate::chart::columns::{Column, DataTable};
use crate::chart::limits::MAX_POINTS;
use crate::format::format_canonical;
use crate::suggest::nearest;

/// One cell, as read from a file.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Cell<'a> {
    /// A finite number.
    Number(f64),
    /// Anything else that is not empty.
    Text(Cow<'a, str>),
    /// An empty field, or a JSON `null` or missing field.
    Empty,
}

impl<'a> Cell<'a> {
    /// A CSV field: empty (after trimming), a finite number, or text (kept as written).
    pub fn parse(field: &'a str) -> Cell<'a> {
        let t = field.trim();
        if t.is_empty() {
            return Cell::Empty;
        }
        match t.parse::<f64>() {
            // `+ 0.0` makes -0 a plain 0, as the number's text would read back.
            Ok(n) if n.is_finite() => Cell::Number(n + 0.0),
            _ => Cell::Text(Cow::Borrowed(field)),
        }
    }
}

/// One column's cells.
#[derive(Debug, Default)]
struct ColumnData {
    /// Each row's number; NaN where the cell is text or empty.
    numbers: Vec<f64>,
    /// The text cells, by row, in row order.
    texts: Vec<(u32, Box<str>)>,
}

impl ColumnData {
    fn cell(&self, row: usize) -> Cell<'_> {
        let n = self.numbers[row];
        if !n.is_nan() {
            return Cell::Number(n);
        }
        match self.texts.binary_search_by_key(&(row as u32), |(r, _)| *r) {
            Ok(i) => Cell::Text(Cow::Borrowed(&self.texts[i].1)),
            Err(_) => Cell::Empty,
        }
    }
}

/// A loaded data file, without its name (the same file may be named differently by different
/// charts; [`Named`] adds the name for messages).
#[derive(Debug)]
pub(crate) struct Table {
    /// Rows are JSON records rather than CSV lines (for messages).
    json: bool,
    /// The header.
    columns: Vec<String>,
    data: Vec<ColumnData>,
    /// Each row's CSV line or JSON record number.
    places: Vec<u32>,
    /// The file has more rows than a series may hold; they were not read.
    pub(super) cut: bool,
}

impl Table {
    /// An empty table with this header.
    pub fn new(columns: Vec<String>, json: bool) -> Self {
        let data = columns.iter().map(|_| ColumnData::default()).collect();
        Table {
            json,
            columns,
            data,
            places: Vec::new(),
            cut: false,
        }
    }

    /// Whether the table holds as many rows as a series may: the caller stops reading and sets
    /// `cut` if there are more.
    pub fn is_full(&self) -> bool {
        self.places.len() >= MAX_POINTS
    }

    /// Number of rows.
    #[cfg(test)]
    pub fn rows(&self) -> usize {
        self.places.len()
    }

    /// Adds a row read at `place` (line or record); cells past the header are ignored, missing
    /// ones are empty.
    pub fn push_row<'a>(&mut self, place: usize, cells: impl IntoIterator<Item = Cell<'a>>) {
        let row = self.places.len() as u32;
        self.places.push(u32::try_from(place).unwrap_or(u32::MAX));
        let mut cells = cells.into_iter();
        for column in &mut self.data {
            match cells.next().unwrap_or(Cell::Empty) {
                Cell::Number(n) => column.numbers.push(n),
                Cell::Text(t) => {
                    column.numbers.push(f64::NAN);
                    column.texts.push((row, t.into_owned().into_boxed_str()));
                }
                Cell::Empty => column.numbers.push(f64::NAN),
            }
        }
    }
}

/// A table as one chart names it.
pub(super) struct Named {
    /// How the file is named in messages (as the block wrote it).
    pub name: String,
    pub table: std::sync::Arc<Table>,
}

impl Named {
    fn index(&self, column: &str) -> Result<usize, String> {
        let columns = &self.table.columns;
        if self.table.cut {
            return Err(format!(
                "{} has more than {MAX_POINTS} rows; a series holds at most {MAX_POINTS} points",
                self.name
            ));
        }
        columns.iter().position(|c| c == column).ok_or_else(|| {
            let hint = nearest(column, columns.iter().map(String::as_str))
                .map(|c| format!(" (did you mean \"{c}\"?)"))
                .unwrap_or_default();
            format!(
                "{} has no column \"{column}\"{hint}; its columns are: {}",
                self.name,
                columns.join(", ")
            )
        })
    }
}

impl Named {
    /// A numeric column; an empty cell is NaN when `gaps`, else (like text) an error.
    fn numbers_where(&self, column: &str, gaps: bool) -> Result<Vec<f64>, String> {
        let data = &self.table.data[self.index(column)?];
        let bad = |row: usize| !(gaps && data.cell(row) == Cell::Empty);
        if let Some(row) = (0..data.numbers.len()).find(|&r| data.numbers[r].is_nan() && bad(r)) {
            let found = match data.cell(row) {
                Cell::Text(t) => format!("\"{}\"", t.chars().take(40).collect::<String>()),
                _ => "an empty cell".into(),
            };
            let at = self.table.places[row];
            let place = if self.table.json {
                format!("{}, record {at}, field \"{column}\"", self.name)
            } else {
                format!("{}:{at}, column \"{column}\"", self.name)
            };
            return Err(format!("{place}: expected a number, found {found}"));
        }
        Ok(data.numbers.clone())
    }
}

impl DataTable for Named {
    fn numbers(&self, column: &str) -> Result<Vec<f64>, String> {
        self.numbers_where(column, false)
    }

    fn numbers_with_gaps(&self, column: &str) -> Result<Vec<f64>, String> {
        self.numbers_where(column, true)
    }

    fn cells(&self, column: &str) -> Result<Column, String> {
        let data = &self.table.data[self.index(column)?];
        if data.numbers.iter().all(|n| !n.is_nan()) {
            return Ok(Column::Numbers(data.numbers.clone()));
        }
        Ok(Column::Texts(
            (0..data.numbers.len())
                .map(|row| match data.cell(row) {
                    Cell::Number(n) => format_canonical(n),
                    Cell::Text(t) => t.into_owned(),
                    Cell::Empty => String::new(),
                })
                .collect(),
        ))
    }
}

/// `table` as a chart naming it `t.csv` sees it (for tests of the readers).
#[cfg(test)]
pub(super) fn named(table: Table) -> Named {
    Named {
        name: "t.csv".into(),
        table: std::sync::Arc::new(table),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_stored_by_column_and_read_back() {
        let mut t = Table::new(vec!["x".into(), "y".into()], false);
        t.push_row(2, [Cell::Text("a".into()), Cell::Number(1.5)]);
        t.push_row(3, [Cell::Number(7.0), Cell::Empty]);
        t.push_row(4, [Cell::Text("c".into())]);
        let t = named(t);
        assert_eq!(
            t.cells("x").unwrap(),
            Column::Texts(vec!["a".into(), "7".into(), "c".into()])
        );
        assert!(t.numbers_with_gaps("y").unwrap()[1].is_nan());
        assert!(
            t.numbers_with_gaps("x")
                .unwrap_err()
                .contains("found \"a\"")
        );
        assert_eq!(
            t.numbers("y").unwrap_err(),
            "t.csv:3, column \"y\": expected a number, found an empty cell"
        );
        assert!(t.numbers("z").unwrap_err().contains("has no column \"z\""));
    }

    #[test]
    fn fields_parse_as_numbers_when_they_can() {
        assert_eq!(Cell::parse(" 12 "), Cell::Number(12.0));
        assert_eq!(Cell::parse("-0"), Cell::Number(0.0));
        assert!(matches!(Cell::parse("-0"), Cell::Number(n) if n.is_sign_positive()));
        assert_eq!(Cell::parse("n/a"), Cell::Text("n/a".into()));
        assert_eq!(Cell::parse("inf"), Cell::Text("inf".into()));
        assert_eq!(Cell::parse("  "), Cell::Empty);
    }
}

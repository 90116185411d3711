//! A data file in memory, stored by column: every cell's number (NaN where the cell is not one)
//! plus, for the cells that hold text, that text in one string per column. Eight bytes a cell,
//! four a row and the text with eight bytes more per text cell: no allocation per cell, so a
//! million rows of dates cost tens of MiB, not hundreds. It answers the chart reader's column
//! questions.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::tz::TimeZone;

use crate::chart::columns::{Column, DataTable, TimeColumn};
use crate::chart::limits::{MAX_FIGURE_FILE_VALUES, MAX_FILE_CELLS, MAX_FILE_ROWS, MAX_TEXT_ROWS};
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
    pub(super) fn parse(field: &'a str) -> Cell<'a> {
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
    /// The rows whose cell is text, in row order.
    text_rows: Vec<u32>,
    /// Where each text cell's text ends in `text` (it starts where the one before ends).
    text_ends: Vec<u32>,
    /// The text cells, one after the other.
    text: String,
}

impl ColumnData {
    /// The `k`th text cell's text.
    fn text_at(&self, k: usize) -> &str {
        let start = k.checked_sub(1).map_or(0, |j| self.text_ends[j] as usize);
        &self.text[start..self.text_ends[k] as usize]
    }

    fn cell(&self, row: usize) -> Cell<'_> {
        let n = self.numbers[row];
        if !n.is_nan() {
            return Cell::Number(n);
        }
        match self.text_rows.binary_search(&(row as u32)) {
            Ok(k) => Cell::Text(Cow::Borrowed(self.text_at(k))),
            Err(_) => Cell::Empty,
        }
    }

    fn push(&mut self, row: u32, cell: Cell<'_>) {
        match cell {
            Cell::Number(n) => self.numbers.push(n),
            Cell::Text(t) => {
                self.numbers.push(f64::NAN);
                self.text_rows.push(row);
                self.text.push_str(&t);
                // A column's text is at most the file's size (64 MiB), so it fits in a u32.
                self.text_ends
                    .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
            }
            Cell::Empty => self.numbers.push(f64::NAN),
        }
    }
}

/// Why a table was not read to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cut {
    /// More than [`MAX_FILE_ROWS`] rows.
    Rows,
    /// More than [`MAX_FILE_CELLS`] cells.
    Cells,
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
    /// The file is over a limit: its cells were dropped and every column question is refused.
    cut: Option<Cut>,
}

impl Table {
    /// An empty table with this header.
    pub(super) fn new(columns: Vec<String>, json: bool) -> Self {
        let data = columns.iter().map(|_| ColumnData::default()).collect();
        Table {
            json,
            columns,
            data,
            places: Vec::new(),
            cut: None,
        }
    }

    /// Whether one more row would pass a limit. Then the table drops what it holds (a file
    /// over a limit keeps no memory in the build's cache) and the caller stops reading.
    pub(super) fn stop_if_full(&mut self) -> bool {
        let rows = self.places.len();
        let cut = if rows >= MAX_FILE_ROWS {
            Cut::Rows
        } else if (rows + 1).saturating_mul(self.columns.len()) > MAX_FILE_CELLS {
            Cut::Cells
        } else {
            return false;
        };
        self.cut = Some(cut);
        self.places = Vec::new();
        self.data
            .iter_mut()
            .for_each(|c| *c = ColumnData::default());
        true
    }

    /// Why the table was cut, if it was.
    #[cfg(test)]
    pub(super) fn cut(&self) -> Option<Cut> {
        self.cut
    }

    /// Room for about `rows` rows in all (fewer than the limits allow), with as much text per
    /// row in each column as the rows so far have: a large file is then read without copying
    /// its columns each time they outgrow their memory.
    pub(super) fn reserve(&mut self, rows: usize) {
        let have = self.places.len();
        let cells = MAX_FILE_CELLS / self.columns.len().max(1);
        let more = rows.min(MAX_FILE_ROWS).min(cells).saturating_sub(have);
        if have == 0 || more == 0 {
            return;
        }
        self.places.reserve(more);
        for c in &mut self.data {
            c.numbers.reserve(more);
            let texts = c.text_rows.len() * more / have;
            c.text_rows.reserve(texts);
            c.text_ends.reserve(texts);
            c.text.reserve(c.text.len() / have * more);
        }
    }

    /// Number of rows.
    pub(super) fn rows(&self) -> usize {
        self.places.len()
    }

    /// Adds a row read at `place` (line or record); cells past the header are ignored, missing
    /// ones are empty.
    pub(super) fn push_row<'a>(&mut self, place: usize, cells: impl IntoIterator<Item = Cell<'a>>) {
        let row = self.places.len() as u32;
        self.places.push(u32::try_from(place).unwrap_or(u32::MAX));
        let mut cells = cells.into_iter();
        for column in &mut self.data {
            column.push(row, cells.next().unwrap_or(Cell::Empty));
        }
    }
}

/// A table as one chart names it.
pub(super) struct Named {
    /// How the file is named in messages (as the block wrote it).
    pub name: String,
    pub table: Arc<Table>,
    /// Values taken from data files by this chart so far (shared by every file it opens).
    pub taken: Arc<AtomicUsize>,
}

/// A cell's text for a message: at most 40 characters, in quotes.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.chars().take(40).collect::<String>())
}

impl Named {
    fn index(&self, column: &str) -> Result<usize, String> {
        let columns = &self.table.columns;
        match self.table.cut {
            Some(Cut::Rows) => {
                return Err(format!(
                    "{} has more than {MAX_FILE_ROWS} rows; a series from a data file holds at most {MAX_FILE_ROWS} points",
                    self.name
                ));
            }
            Some(Cut::Cells) => {
                return Err(format!(
                    "{} has more than {MAX_FILE_CELLS} cells ({} columns × rows); at most {MAX_FILE_CELLS} are read from a data file (leave out columns no chart uses)",
                    self.name,
                    columns.len()
                ));
            }
            None => {}
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

    /// The column `column`, counted against the figure's [`MAX_FIGURE_FILE_VALUES`] before
    /// anything is copied out of it.
    fn take(&self, column: &str) -> Result<&ColumnData, String> {
        let data = &self.table.data[self.index(column)?];
        let rows = data.numbers.len();
        let before = self.taken.fetch_add(rows, Ordering::Relaxed);
        let total = before.saturating_add(rows);
        if total > MAX_FIGURE_FILE_VALUES {
            return Err(format!(
                "{}, column \"{column}\": the chart takes {total} values from data files with this column; at most {MAX_FIGURE_FILE_VALUES} are read for one figure (each column read counts its rows)",
                self.name
            ));
        }
        Ok(data)
    }

    fn found(data: &ColumnData, row: usize) -> String {
        match data.cell(row) {
            Cell::Text(t) => quoted(&t),
            Cell::Number(n) => format_canonical(n),
            Cell::Empty => "an empty cell".into(),
        }
    }

    fn not_a_number(&self, column: &str, data: &ColumnData, row: usize) -> String {
        format!(
            "{}: expected a number, found {}",
            self.place(column, row),
            Self::found(data, row)
        )
    }
}

impl DataTable for Named {
    fn numbers(&self, column: &str) -> Result<Vec<f64>, String> {
        let data = self.take(column)?;
        if let Some(row) = data.numbers.iter().position(|n| n.is_nan()) {
            return Err(self.not_a_number(column, data, row));
        }
        Ok(data.numbers.clone())
    }

    fn numbers_or_gaps(&self, column: &str) -> Result<Vec<f64>, String> {
        let data = self.take(column)?;
        if let Some(&row) = data.text_rows.first() {
            return Err(self.not_a_number(column, data, row as usize));
        }
        Ok(data.numbers.clone())
    }

    fn cells(&self, column: &str) -> Result<Column, String> {
        let data = self.take(column)?;
        if data.numbers.iter().all(|n| !n.is_nan()) {
            return Ok(Column::Numbers(data.numbers.clone()));
        }
        let rows = data.numbers.len();
        if rows > MAX_TEXT_ROWS
            && let Some(&row) = data.text_rows.first()
        {
            return Err(format!(
                "{}: found {}, so the column is read as text (categories, labels), and a column of text is read for at most {MAX_TEXT_ROWS} rows, not {rows}; numbers and dates may have up to {MAX_FILE_ROWS}",
                self.place(column, row as usize),
                quoted(data.text_at(0))
            ));
        }
        Ok(Column::Texts(
            (0..rows)
                .map(|row| match data.cell(row) {
                    Cell::Number(n) => format_canonical(n),
                    Cell::Text(t) => t.into_owned(),
                    Cell::Empty => String::new(),
                })
                .collect(),
        ))
    }

    fn times(&self, column: &str, zone: &TimeZone) -> Result<TimeColumn, String> {
        let data = &self.table.data[self.index(column)?];
        if data.text_rows.is_empty() {
            return Ok(TimeColumn::Numbers);
        }
        let data = self.take(column)?;
        let mut times = Vec::with_capacity(data.numbers.len());
        let mut texts = data.text_rows.iter().enumerate().peekable();
        for (row, n) in data.numbers.iter().enumerate() {
            if !n.is_nan() {
                return Ok(TimeColumn::NotTime {
                    row,
                    found: format_canonical(*n),
                });
            }
            match texts.next_if(|(_, r)| **r as usize == row) {
                Some((k, _)) => {
                    let text = data.text_at(k);
                    match super::times::parse(text, zone) {
                        Some(t) => times.push(t),
                        None => {
                            return Ok(TimeColumn::NotTime {
                                row,
                                found: quoted(text),
                            });
                        }
                    }
                }
                None => times.push(f64::NAN),
            }
        }
        Ok(TimeColumn::Times(times))
    }

    fn place(&self, column: &str, row: usize) -> String {
        let at = self.table.places.get(row).copied().unwrap_or(0);
        if self.table.json {
            format!("{}, record {at}, field \"{column}\"", self.name)
        } else {
            format!("{}:{at}, column \"{column}\"", self.name)
        }
    }

    fn rows(&self) -> usize {
        self.table.rows()
    }
}

/// `table` as a chart naming it `t.csv` sees it (for tests of the readers).
#[cfg(test)]
pub(super) fn named(table: Table) -> Named {
    Named {
        name: "t.csv".into(),
        table: Arc::new(table),
        taken: Arc::default(),
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
        assert!(t.numbers_or_gaps("y").unwrap()[1].is_nan());
        assert!(t.numbers_or_gaps("x").unwrap_err().contains("found \"a\""));
        assert_eq!(
            t.numbers("y").unwrap_err(),
            "t.csv:3, column \"y\": expected a number, found an empty cell"
        );
        assert!(t.numbers("z").unwrap_err().contains("has no column \"z\""));
    }

    #[test]
    fn empty_cells_are_gaps_where_gaps_are_asked_for() {
        let mut t = Table::new(vec!["y".into(), "w".into()], false);
        t.push_row(2, [Cell::Number(1.0), Cell::Number(1.0)]);
        t.push_row(3, [Cell::Empty, Cell::Text("n/a".into())]);
        t.push_row(4, [Cell::Number(3.0), Cell::Empty]);
        let t = named(t);
        let y = t.numbers_or_gaps("y").unwrap();
        assert_eq!((y.len(), y[0], y[2]), (3, 1.0, 3.0));
        assert!(y[1].is_nan());
        assert_eq!(
            t.numbers_or_gaps("w").unwrap_err(),
            "t.csv:3, column \"w\": expected a number, found \"n/a\""
        );
    }

    #[test]
    fn times_are_parsed_from_the_stored_text() {
        let mut t = Table::new(vec!["t".into(), "n".into(), "bad".into()], false);
        t.push_row(
            2,
            [
                Cell::Text("2026-11-01T00:00:00Z".into()),
                Cell::Number(1.0),
                Cell::Text("2026-11-01".into()),
            ],
        );
        t.push_row(3, [Cell::Empty, Cell::Number(2.0), Cell::Number(5.0)]);
        t.push_row(
            4,
            [
                Cell::Text("2026-11-01 01:00".into()),
                Cell::Empty,
                Cell::Text("soon".into()),
            ],
        );
        let t = named(t);
        let berlin = crate::time::zone("Europe/Berlin").unwrap();
        let TimeColumn::Times(times) = t.times("t", &berlin).unwrap() else {
            panic!("not times");
        };
        assert_eq!(times.len(), 3);
        assert_eq!(times[0], 1_793_491_200.0);
        assert!(times[1].is_nan());
        // 01:00 in Berlin (UTC+1 in November) is midnight UTC.
        assert_eq!(times[2], 1_793_491_200.0);
        assert_eq!(t.times("n", &berlin).unwrap(), TimeColumn::Numbers);
        assert_eq!(
            t.times("bad", &berlin).unwrap(),
            TimeColumn::NotTime {
                row: 1,
                found: "5".into()
            }
        );
        assert_eq!(t.place("bad", 2), "t.csv:4, column \"bad\"");
    }

    #[test]
    fn a_figure_takes_a_bounded_number_of_values() {
        let mut t = Table::new(vec!["v".into()], false);
        for i in 0..1_000 {
            t.push_row(i + 2, [Cell::Number(i as f64)]);
        }
        let t = named(t);
        t.taken
            .store(MAX_FIGURE_FILE_VALUES - 1_500, Ordering::Relaxed);
        assert_eq!(t.numbers("v").unwrap().len(), 1_000);
        let e = t.numbers("v").unwrap_err();
        assert!(
            e.contains(&format!("at most {MAX_FIGURE_FILE_VALUES} are read")),
            "{e}"
        );
    }

    #[test]
    fn text_columns_are_bounded() {
        let mut t = Table::new(vec!["c".into()], false);
        for i in 0..=MAX_TEXT_ROWS {
            t.push_row(i + 2, [Cell::Text(Cow::Owned(format!("c{i}")))]);
        }
        let e = named(t).cells("c").unwrap_err();
        assert!(
            e.starts_with("t.csv:2, column \"c\": found \"c0\", so the column is read as text"),
            "{e}"
        );
    }

    #[test]
    fn tables_over_a_limit_are_dropped() {
        let mut t = Table::new(vec!["a".into(); 5], false);
        let mut rows = 0;
        while !t.stop_if_full() {
            t.push_row(rows + 2, [Cell::Number(1.0)]);
            rows += 1;
        }
        assert_eq!(rows, MAX_FILE_CELLS / 5);
        assert_eq!((t.cut(), t.rows()), (Some(Cut::Cells), 0));
        assert!(named(t).numbers("a").unwrap_err().contains("cells"));
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

//! A data file in memory: a header and rows of cells, each row with the line (CSV) or record
//! (JSON) it came from, and the answers to the chart reader's column questions.

use crate::chart::columns::{Column, DataTable};
use crate::format::format_canonical;
use crate::suggest::nearest;

/// One cell.
#[derive(Clone, Debug)]
pub(super) enum Cell {
    /// A finite number.
    Number(f64),
    /// Anything else that is not empty.
    Text(String),
    /// An empty field, or a JSON `null` or missing field.
    Empty,
}

/// A loaded data file.
#[derive(Debug)]
pub(crate) struct Table {
    /// How the file is named in messages (as the block wrote it).
    pub(super) name: String,
    /// Rows are JSON records rather than CSV lines (for messages).
    pub(super) json: bool,
    /// The header.
    pub(super) columns: Vec<String>,
    /// Each row with its CSV line or JSON record number.
    pub(super) rows: Vec<(usize, Vec<Cell>)>,
}

impl Table {
    fn index(&self, column: &str) -> Result<usize, String> {
        self.columns
            .iter()
            .position(|c| c == column)
            .ok_or_else(|| {
                let hint = nearest(column, self.columns.iter().map(String::as_str))
                    .map(|c| format!(" (did you mean \"{c}\"?)"))
                    .unwrap_or_default();
                format!(
                    "{} has no column \"{column}\"{hint}; its columns are: {}",
                    self.name,
                    self.columns.join(", ")
                )
            })
    }

    fn cell(&self, row: &[Cell], index: usize) -> Cell {
        row.get(index).cloned().unwrap_or(Cell::Empty)
    }
}

impl DataTable for Table {
    fn numbers(&self, column: &str) -> Result<Vec<f64>, String> {
        let index = self.index(column)?;
        let mut out = Vec::with_capacity(self.rows.len());
        for (at, row) in &self.rows {
            match row.get(index).unwrap_or(&Cell::Empty) {
                Cell::Number(n) => out.push(*n),
                other => {
                    let found = match other {
                        Cell::Text(t) => format!("\"{}\"", t.chars().take(40).collect::<String>()),
                        _ => "an empty cell".into(),
                    };
                    let place = if self.json {
                        format!("{}, record {at}, field \"{column}\"", self.name)
                    } else {
                        format!("{}:{at}, column \"{column}\"", self.name)
                    };
                    return Err(format!("{place}: expected a number, found {found}"));
                }
            }
        }
        Ok(out)
    }

    fn cells(&self, column: &str) -> Result<Column, String> {
        let index = self.index(column)?;
        let all_numbers = self
            .rows
            .iter()
            .all(|(_, row)| matches!(row.get(index), Some(Cell::Number(_))));
        if all_numbers {
            return self.numbers(column).map(Column::Numbers);
        }
        Ok(Column::Texts(
            self.rows
                .iter()
                .map(|(_, row)| match self.cell(row, index) {
                    Cell::Number(n) => format_canonical(n),
                    Cell::Text(t) => t,
                    Cell::Empty => String::new(),
                })
                .collect(),
        ))
    }
}

//! A typed, located reader over a spanned TOML table.
//!
//! Every accessor records the key it was asked for; [`Fields::finish`] then reports any key the
//! caller never asked for as unknown, suggesting the nearest known one. So the set of valid keys
//! is exactly the set the parser reads — it cannot drift from the documentation of the code.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use super::color::Color;
use super::columns::{Column, DataFiles, DataTable, TimeColumn};
use super::limits::{MAX_POINTS, MAX_TEXT_CHARS, MAX_TEXT_ROWS};
use super::model_call::Param;
use crate::diagnostic::BlockError;
use crate::format::format_canonical;
use crate::suggest::nearest;

/// Largest magnitude of a data value: beyond it, spans and sums overflow `f64`.
pub(crate) const MAX_MAGNITUDE: f64 = 1e300;

pub(crate) type Result<T> = std::result::Result<T, BlockError>;

/// A table being read: tracks which keys were consumed.
pub(crate) struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    prefix: String,
    known: Vec<&'static str>,
    /// Keys a model's parameter table declares (the rest must be in the chart's key table).
    params: Vec<&'static str>,
    /// The data file whose columns array keys may name (this table's `data`, or its parent's),
    /// and its name as the block wrote it.
    data: Option<Arc<dyn DataTable>>,
    data_name: Option<String>,
    /// Errors found so far in the whole block (shared by every table's reader), so that reading
    /// goes on past a bad optional value or an unknown key and reports them all.
    noted: Rc<RefCell<Vec<BlockError>>>,
}

/// Builds an error at `span` for `key`.
pub(crate) fn error(
    key: impl Into<String>,
    span: Range<usize>,
    message: impl Into<String>,
) -> BlockError {
    BlockError::at(key, span, message)
}

fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Reads a TOML number (integer or float) as f64.
fn number_of(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(i) => {
            let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
            let (neg, digits) = match digits.strip_prefix('-') {
                Some(d) => (true, d.to_string()),
                None => (false, digits.trim_start_matches('+').to_string()),
            };
            let v = match u64::from_str_radix(&digits, i.radix()) {
                Ok(v) => v as f64,
                // Beyond u64: decimal integers are still numbers (1e20 is a fine value).
                Err(_) if i.radix() == 10 => digits.parse::<f64>().ok()?,
                Err(_) => return None,
            };
            Some(if neg { -v } else { v })
        }
        DeValue::Float(f) => {
            let text: String = f.as_str().chars().filter(|c| *c != '_').collect();
            text.parse().ok()
        }
        _ => None,
    }
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Starts reading `table`; `prefix` is the dotted path used in messages (`""` at the top).
    pub(super) fn new(table: &'a DeTable<'i>, span: Range<usize>, prefix: String) -> Self {
        Fields {
            table,
            span,
            prefix,
            known: Vec::new(),
            params: Vec::new(),
            data: None,
            data_name: None,
            noted: Rc::default(),
        }
    }

    /// Whether an error about `key` of this table was recorded (so that a consequence of it,
    /// such as "missing", is not reported as a second mistake).
    pub(super) fn reported(&self, key: &str) -> bool {
        let path = self.path(key);
        self.noted.borrow().iter().any(|e| e.key == path)
    }

    /// Records an error and goes on reading.
    pub(super) fn note(&self, error: BlockError) {
        self.noted.borrow_mut().push(error);
    }

    /// Every error recorded in the block so far, plus `last` (the one that stopped reading, if
    /// any), in source order; empty when the block read cleanly.
    pub(super) fn errors(&self, last: Option<BlockError>) -> Vec<BlockError> {
        let mut all = std::mem::take(&mut *self.noted.borrow_mut());
        all.extend(last.filter(|e| !e.is_already_reported()));
        crate::diagnostic::in_source_order(all)
    }

    /// A bad optional value is recorded and read as absent, so reading goes on.
    fn soften<T>(&self, read: Result<Option<T>>) -> Result<Option<T>> {
        match read {
            Err(e) => {
                self.note(e);
                Ok(None)
            }
            ok => ok,
        }
    }

    /// A sub-table's reader: column names in it refer to this table's data file.
    fn child(&self, table: &'a DeTable<'i>, span: Range<usize>, prefix: String) -> Self {
        Fields {
            data: self.data.clone(),
            data_name: self.data_name.clone(),
            noted: self.noted.clone(),
            ..Fields::new(table, span, prefix)
        }
    }

    /// A reader for a table made by the reader itself (not part of the block), inheriting this
    /// table's data file.
    pub(super) fn reader_for<'b, 'j>(
        &self,
        table: &'b DeTable<'j>,
        span: Range<usize>,
        prefix: String,
    ) -> Fields<'b, 'j> {
        Fields {
            data: self.data.clone(),
            data_name: self.data_name.clone(),
            noted: self.noted.clone(),
            ..Fields::new(table, span, prefix)
        }
    }

    /// Reads `data = "file"` (and `delimiter = ";"` for a CSV file whose fields are not
    /// separated by its extension's delimiter) and opens the file through `files`; from then on
    /// the column accessors of this table and its sub-tables take column names. Without the
    /// key, this table has no data file (even if its parent had one).
    pub(super) fn data_file(&mut self, files: Option<&dyn DataFiles>) -> Result<()> {
        self.data = None;
        self.data_name = None;
        let delimiter = self.delimiter()?;
        let Some(v) = self.get("data") else {
            if let Some((_, span)) = delimiter {
                return Err(error(
                    self.path("delimiter"),
                    span,
                    "a delimiter is for a CSV data file; add `data = \"file.csv\"` or remove it",
                ));
            }
            return Ok(());
        };
        let DeValue::String(file) = v.get_ref() else {
            return Err(error(
                self.path("data"),
                v.span(),
                "expected a file name, e.g. \"latency.csv\"",
            ));
        };
        let Some(files) = files else {
            return Err(error(
                self.path("data"),
                v.span(),
                "data files are not available here",
            ));
        };
        let table = files
            .open(file, delimiter.as_ref().map(|(d, _)| *d))
            .map_err(|m| match &delimiter {
                Some((_, span)) if m.contains("`delimiter`") => {
                    error(self.path("delimiter"), span.clone(), m)
                }
                _ => error(self.path("data"), v.span(), m),
            })?;
        self.data = Some(table);
        self.data_name = Some(file.to_string());
        Ok(())
    }

    /// `delimiter = ";"`: one ASCII character that can separate CSV fields, and its span.
    fn delimiter(&mut self) -> Result<Option<(u8, Range<usize>)>> {
        let Some(v) = self.get("delimiter") else {
            return Ok(None);
        };
        let expected =
            "one ASCII character that separates fields, such as \";\", \"|\" or \"\\t\" (a tab)";
        let DeValue::String(text) = v.get_ref() else {
            return Err(self.wrong("delimiter", v, expected));
        };
        match text.as_bytes() {
            [b] if b.is_ascii()
                && !matches!(b, b'"' | b'\n' | b'\r')
                && !b.is_ascii_alphanumeric() =>
            {
                Ok(Some((*b, v.span())))
            }
            _ => Err(error(
                self.path("delimiter"),
                v.span(),
                format!(
                    "expected {expected}, found \"{}\"",
                    shorten(&text.escape_debug().to_string())
                ),
            )),
        }
    }

    /// The data file that `key`'s value names a column of, if it does.
    pub(super) fn column_source(&self, key: &str) -> Option<String> {
        self.column_name(key).and(self.data_name.clone())
    }

    /// The column named by a string at `key`, when this table has a data file.
    fn column_name(&self, key: &str) -> Option<(&'a str, Range<usize>, Arc<dyn DataTable>)> {
        let data = self.data.clone()?;
        let v = self.table.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some((s.as_ref(), v.span(), data)),
            _ => None,
        }
    }

    /// Whether this table has a data file (so strings in array keys are column names).
    pub(super) fn has_data(&self) -> bool {
        self.data.is_some()
    }

    /// A numeric column of the data file by name (for `y = ["p50", "p99"]`), as key `path`.
    pub(super) fn column_of(
        &self,
        path: &str,
        column: &str,
        span: Range<usize>,
    ) -> Result<Vec<f64>> {
        let Some(data) = self.data.as_ref() else {
            return Err(error(
                path,
                span,
                "expected an array of numbers, found a string",
            ));
        };
        let values = data
            .numbers(column)
            .map_err(|m| error(path, span.clone(), m))?;
        checked_numbers(path, &span, values)
    }

    /// [`Fields::column_numbers`] where a missing value is a gap: `nan` in the block, an empty
    /// cell in a data file (read as NaN).
    pub(super) fn column_numbers_with_gaps(
        &mut self,
        key: &'static str,
    ) -> Result<Option<Vec<f64>>> {
        match self.column_name(key) {
            Some((column, span, data)) => {
                self.known.push(key);
                let path = self.path(key);
                let values = data
                    .numbers_or_gaps(column)
                    .map_err(|m| error(&path, span.clone(), m))?;
                checked_numbers(&path, &span, values).map(Some)
            }
            None => self.numbers_where(key, true),
        }
    }

    /// [`Fields::numbers`], or a numeric column when the value is a column name.
    pub(super) fn column_numbers(&mut self, key: &'static str) -> Result<Option<Vec<f64>>> {
        match self.column_name(key) {
            Some((column, span, _)) => {
                self.known.push(key);
                self.column_of(&self.path(key), column, span).map(Some)
            }
            None => self.numbers(key),
        }
    }

    /// When `key` names a data column of dates: its times in `zone` (seconds since the epoch),
    /// parsed straight from the cells. `None` when the value is not a column name, when the
    /// column holds numbers (epoch times are read as numbers), or when it holds text that is not
    /// all dates and neither `required` is set nor is the column longer than a text column may
    /// be (then it is categories). Otherwise a cell that is not a date, or is empty, is an error
    /// at the data file's line; `expected` says what a date is.
    pub(super) fn column_times(
        &mut self,
        key: &'static str,
        zone: &jiff::tz::TimeZone,
        required: bool,
        expected: &str,
    ) -> Result<Option<Vec<f64>>> {
        let Some((column, span, data)) = self.column_name(key) else {
            return Ok(None);
        };
        self.known.push(key);
        let path = self.path(key);
        let bad = |row: usize, found: &str| {
            error(
                format!("{path}[{row}]"),
                span.clone(),
                format!(
                    "{}: expected {expected}, found {found}",
                    data.place(column, row)
                ),
            )
        };
        match data
            .times(column, zone)
            .map_err(|m| error(&path, span.clone(), m))?
        {
            TimeColumn::Numbers => Ok(None),
            TimeColumn::Times(times) => match times.iter().position(|t| t.is_nan()) {
                Some(row) => Err(bad(row, "an empty cell")),
                None => Ok(Some(times)),
            },
            TimeColumn::NotTime { row, found } => {
                if required || data.rows() > MAX_TEXT_ROWS {
                    Err(bad(row, &found))
                } else {
                    Ok(None)
                }
            }
        }
    }

    /// [`Fields::strings`], or a column's cells as text when the value is a column name.
    pub(super) fn column_strings(&mut self, key: &'static str) -> Result<Option<Vec<String>>> {
        match self.column_name(key) {
            Some((column, span, data)) => {
                self.known.push(key);
                let path = self.path(key);
                let texts = match data
                    .cells(column)
                    .map_err(|m| error(&path, span.clone(), m))?
                {
                    Column::Numbers(n) => n.into_iter().map(format_canonical).collect(),
                    Column::Texts(t) => t,
                };
                checked_texts(&path, &span, texts).map(Some)
            }
            None => self.strings(key),
        }
    }

    /// [`Fields::numbers_or_strings`], or a column when the value is a column name.
    pub(super) fn column_numbers_or_strings(
        &mut self,
        key: &'static str,
    ) -> Result<Option<NumbersOrStrings>> {
        match self.column_name(key) {
            Some((column, span, data)) => {
                self.known.push(key);
                let path = self.path(key);
                match data
                    .cells(column)
                    .map_err(|m| error(&path, span.clone(), m))?
                {
                    Column::Numbers(n) => {
                        checked_numbers(&path, &span, n).map(|n| Some(NumbersOrStrings::Numbers(n)))
                    }
                    Column::Texts(t) => {
                        checked_texts(&path, &span, t).map(|t| Some(NumbersOrStrings::Strings(t)))
                    }
                }
            }
            None => self.numbers_or_strings(key),
        }
    }

    /// Span of the whole table (for "missing key" errors).
    pub(super) fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The dotted path of `key` in this table.
    pub(super) fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    /// Raw access; marks `key` as known.
    pub(super) fn get(&mut self, key: &'static str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.known.push(key);
        self.table.get(key)
    }

    /// True if the table has `key` (does not mark it known).
    pub(super) fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// An error for a key that must be present.
    pub(super) fn missing(&self, key: &str, expected: &str) -> BlockError {
        if self.reported(key) {
            // The value was there but wrong, and that was reported: no second message.
            return BlockError::already_reported();
        }
        error(
            self.path(key),
            self.span(),
            format!("missing; expected {expected}"),
        )
    }

    fn wrong(&self, key: &str, value: &Spanned<DeValue<'_>>, expected: &str) -> BlockError {
        error(
            self.path(key),
            value.span(),
            format!("expected {expected}, found {}", describe(value.get_ref())),
        )
    }

    /// A string value; blank strings count as absent (so an empty title never becomes an
    /// empty accessible name).
    fn string_strict(&mut self, key: &'static str) -> Result<Option<String>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => Ok(None),
            DeValue::String(s) => Ok(Some(checked_text(&self.path(key), v.span(), s)?)),
            _ => Err(self.wrong(key, v, "a string")),
        }
    }

    /// A boolean value.
    fn bool_strict(&mut self, key: &'static str) -> Result<Option<bool>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        match v.get_ref() {
            DeValue::Boolean(b) => Ok(Some(*b)),
            _ => Err(self.wrong(key, v, "true or false")),
        }
    }

    /// A finite number within `range`.
    fn number_strict(&mut self, key: &'static str, range: Range<f64>) -> Result<Option<f64>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let expected = format!("a number from {} to {}", range.start, range.end);
        let n = number_of(v.get_ref()).ok_or_else(|| self.wrong(key, v, &expected))?;
        if !n.is_finite() || n < range.start || n > range.end {
            return Err(error(
                self.path(key),
                v.span(),
                format!("expected {expected}, found {}", v.get_ref().as_str_lossy()),
            ));
        }
        Ok(Some(n))
    }

    /// A finite number accepted by `ok`; `expected` says what is valid, with units
    /// (e.g. "a utilization from 0 up to (not including) 1").
    fn number_where_strict(
        &mut self,
        key: &'static str,
        ok: impl Fn(f64) -> bool,
        expected: &str,
    ) -> Result<Option<f64>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let n = number_of(v.get_ref()).ok_or_else(|| self.wrong(key, v, expected))?;
        if !n.is_finite() || !ok(n) {
            return Err(error(
                self.path(key),
                v.span(),
                format!("expected {expected}, found {}", v.get_ref().as_str_lossy()),
            ));
        }
        Ok(Some(n))
    }

    /// A string value (see [`Fields::soften`]); blank strings count as absent, so an empty
    /// title never becomes an empty accessible name.
    pub(super) fn string(&mut self, key: &'static str) -> Result<Option<String>> {
        let read = self.string_strict(key);
        self.soften(read)
    }

    /// A boolean value (see [`Fields::soften`]).
    pub(super) fn bool(&mut self, key: &'static str) -> Result<Option<bool>> {
        let read = self.bool_strict(key);
        self.soften(read)
    }

    /// A finite number within `range` (see [`Fields::soften`]).
    pub(super) fn number(&mut self, key: &'static str, range: Range<f64>) -> Result<Option<f64>> {
        let read = self.number_strict(key, range);
        self.soften(read)
    }

    /// A finite number accepted by `ok`; `expected` says what is valid, with units (see
    /// [`Fields::soften`]).
    pub(super) fn number_where(
        &mut self,
        key: &'static str,
        ok: impl Fn(f64) -> bool,
        expected: &str,
    ) -> Result<Option<f64>> {
        let read = self.number_where_strict(key, ok, expected);
        self.soften(read)
    }

    /// One of a fixed set of words (see [`Fields::soften`]).
    pub(super) fn choice<T: Copy>(
        &mut self,
        key: &'static str,
        options: &[(&str, T)],
    ) -> Result<Option<T>> {
        let read = self.choice_strict(key, options);
        self.soften(read)
    }

    /// A colour (see [`Fields::soften`]).
    pub(super) fn color(&mut self, key: &'static str) -> Result<Option<Color>> {
        let read = self.color_strict(key);
        self.soften(read)
    }

    /// An array of colours (see [`Fields::soften`]).
    pub(super) fn colors(&mut self, key: &'static str) -> Result<Option<Vec<Color>>> {
        let read = self.colors_strict(key);
        self.soften(read)
    }

    /// Span of element `k` of the array at `key` (or of the whole value), for errors found later.
    pub(super) fn element_span(&self, key: &str, k: usize) -> Range<usize> {
        match self.table.get(key).map(|v| v.get_ref()) {
            Some(DeValue::Array(a)) => a.get(k).map_or_else(|| self.span_of(key), |e| e.span()),
            _ => self.span_of(key),
        }
    }

    /// Span of the value at `key` (or of the table when absent), for errors found later.
    pub(super) fn span_of(&self, key: &str) -> Range<usize> {
        self.table
            .get(key)
            .map_or_else(|| self.span(), |v| v.span())
    }

    /// One of a fixed set of words.
    fn choice_strict<T: Copy>(
        &mut self,
        key: &'static str,
        options: &[(&str, T)],
    ) -> Result<Option<T>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let list = options
            .iter()
            .map(|(name, _)| format!("\"{name}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let DeValue::String(s) = v.get_ref() else {
            return Err(self.wrong(key, v, &format!("one of {list}")));
        };
        if let Some((_, t)) = options.iter().find(|(name, _)| *name == s.as_ref()) {
            return Ok(Some(*t));
        }
        let hint = nearest(s, options.iter().map(|(n, _)| *n))
            .map(|n| format!(" (did you mean \"{n}\"?)"))
            .unwrap_or_default();
        Err(error(
            self.path(key),
            v.span(),
            format!("expected one of {list}, found \"{}\"{hint}", shorten(s)),
        ))
    }

    /// A colour (`#rrggbb`, `#rgb` or a CSS name).
    fn color_strict(&mut self, key: &'static str) -> Result<Option<Color>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        color_of(&self.path(key), v).map(Some)
    }

    /// An array of colours.
    fn colors_strict(&mut self, key: &'static str) -> Result<Option<Vec<Color>>> {
        let path = self.path(key);
        let Some(items) = self.array(key, "an array of colours")? else {
            return Ok(None);
        };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| color_of(&format!("{path}[{i}]"), v))
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }

    fn array(
        &mut self,
        key: &'static str,
        expected: &str,
    ) -> Result<Option<&'a [Spanned<DeValue<'i>>]>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        match v.get_ref() {
            DeValue::Array(a) if a.len() > MAX_POINTS => Err(error(
                self.path(key),
                v.span(),
                format!(
                    "has {} values; at most {MAX_POINTS} are allowed in a chart block (put more in a data file: data = \"file.csv\")",
                    a.len()
                ),
            )),
            DeValue::Array(a) => Ok(Some(&a[..])),
            _ => Err(self.wrong(key, v, expected)),
        }
    }

    /// An array of finite numbers. A bad element is recorded (the first of each array) and read
    /// as 1, so that reading goes on and later mistakes are reported too; the block fails anyway.
    pub(super) fn numbers(&mut self, key: &'static str) -> Result<Option<Vec<f64>>> {
        self.numbers_where(key, false)
    }

    /// [`Fields::numbers`]; with `gaps`, `nan` is read as NaN (a missing sample), not refused.
    fn numbers_where(&mut self, key: &'static str, gaps: bool) -> Result<Option<Vec<f64>>> {
        let path = self.path(key);
        let Some(items) = self.array(key, "an array of numbers")? else {
            return Ok(None);
        };
        let mut first_bad = None;
        let values =
            items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let problem = match number_of(v.get_ref()) {
                    None => Some(format!("expected a number, found {}", describe(v.get_ref()))),
                    Some(n) if gaps && n.is_nan() => return f64::NAN,
                    Some(n) if !n.is_finite() => {
                        Some("expected a finite number, found nan or inf".to_string())
                    }
                    Some(n) if n.abs() > MAX_MAGNITUDE => Some(
                        "expected a number between -1e300 and 1e300 (larger ones cannot be drawn)"
                            .to_string(),
                    ),
                    Some(n) => return n,
                };
                    if first_bad.is_none() {
                        first_bad = problem.map(|m| error(format!("{path}[{i}]"), v.span(), m));
                    }
                    1.0
                })
                .collect();
        if let Some(e) = first_bad {
            self.note(e);
        }
        Ok(Some(values))
    }

    /// An array of rows, each an array of numbers (`nan` for a missing cell), all rows as long
    /// as the first (a heatmap's `z`). `Err` names the first bad row or cell.
    pub(super) fn matrix(&mut self, key: &'static str) -> Result<Option<Vec<Vec<f64>>>> {
        let path = self.path(key);
        let Some(rows) = self.array(key, "an array of rows (arrays of numbers)")? else {
            return Ok(None);
        };
        let mut out: Vec<Vec<f64>> = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let DeValue::Array(cells) = row.get_ref() else {
                return Err(error(
                    format!("{path}[{i}]"),
                    row.span(),
                    format!(
                        "expected a row (an array of numbers), found {}",
                        describe(row.get_ref())
                    ),
                ));
            };
            let mut values = Vec::with_capacity(cells.len());
            for (j, v) in cells.iter().enumerate() {
                let at = || format!("{path}[{i}][{j}]");
                match number_of(v.get_ref()) {
                    Some(n) if n.is_nan() => values.push(f64::NAN),
                    Some(n) if n.is_finite() && n.abs() <= MAX_MAGNITUDE => values.push(n),
                    Some(_) => {
                        return Err(error(
                            at(),
                            v.span(),
                            "expected a number between -1e300 and 1e300, or nan for a missing cell",
                        ));
                    }
                    None => {
                        return Err(error(
                            at(),
                            v.span(),
                            format!(
                                "expected a number (or nan for a missing cell), found {}",
                                describe(v.get_ref())
                            ),
                        ));
                    }
                }
            }
            if let Some(first) = out.first()
                && first.len() != values.len()
            {
                return Err(error(
                    format!("{path}[{i}]"),
                    row.span(),
                    format!(
                        "has {} cells but {path}[0] has {}; every row needs one cell per column",
                        values.len(),
                        first.len()
                    ),
                ));
            }
            out.push(values);
        }
        Ok(Some(out))
    }

    /// An array of strings (numbers are accepted and written as text). A bad element is
    /// recorded (the first of each array) and read as "", as in [`Fields::numbers`].
    pub(super) fn strings(&mut self, key: &'static str) -> Result<Option<Vec<String>>> {
        let path = self.path(key);
        let Some(items) = self.array(key, "an array of strings")? else {
            return Ok(None);
        };
        let mut first_bad = None;
        let values = items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let p = format!("{path}[{i}]");
                let read = match v.get_ref() {
                    DeValue::String(s) => checked_text(&p, v.span(), s),
                    DeValue::Integer(_) | DeValue::Float(_) => Ok(v.get_ref().as_str_lossy()),
                    other => Err(error(
                        p,
                        v.span(),
                        format!("expected a string, found {}", describe(other)),
                    )),
                };
                read.unwrap_or_else(|e| {
                    first_bad.get_or_insert(e);
                    String::new()
                })
            })
            .collect();
        if let Some(e) = first_bad {
            self.note(e);
        }
        Ok(Some(values))
    }

    /// An array that is either all numbers or all strings; `Err` names the first odd element.
    pub(super) fn numbers_or_strings(
        &mut self,
        key: &'static str,
    ) -> Result<Option<NumbersOrStrings>> {
        let Some(v) = self.table.get(key) else {
            self.known.push(key);
            return Ok(None);
        };
        let all_numbers = match v.get_ref() {
            DeValue::Array(a) => a
                .iter()
                .all(|e| matches!(e.get_ref(), DeValue::Integer(_) | DeValue::Float(_))),
            _ => false,
        };
        if all_numbers {
            Ok(self.numbers(key)?.map(NumbersOrStrings::Numbers))
        } else {
            Ok(self.strings(key)?.map(NumbersOrStrings::Strings))
        }
    }

    /// A sub-table, read with its own [`Fields`].
    pub(super) fn table(&mut self, key: &'static str) -> Result<Option<Fields<'a, 'i>>> {
        let path = self.path(key);
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        match v.get_ref() {
            DeValue::Table(t) => Ok(Some(self.child(t, v.span(), path))),
            _ => Err(self.wrong(key, v, "a table")),
        }
    }

    /// An array of tables (`[[key]]`), each read with its own [`Fields`].
    pub(super) fn tables(&mut self, key: &'static str) -> Result<Vec<Fields<'a, 'i>>> {
        let path = self.path(key);
        let Some(items) = self.array(key, "an array of tables ([[...]])")? else {
            return Ok(Vec::new());
        };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| match v.get_ref() {
                DeValue::Table(t) => Ok(self.child(t, v.span(), format!("{path}[{i}]"))),
                other => Err(error(
                    format!("{path}[{i}]"),
                    v.span(),
                    format!("expected a table, found {}", describe(other)),
                )),
            })
            .collect()
    }

    /// Declares the keys of a model's parameter table, which this table reads besides the chart
    /// language's own keys ([`schema::KEYS`](super::schema::KEYS)).
    pub(super) fn reads_params(&mut self, params: &[Param]) {
        self.params.extend(params.iter().map(|p| p.key));
    }

    /// Debug builds: every key this table asked for is declared in the chart language's key
    /// table for this table (or by a model's parameters), so that the schema editors use
    /// cannot miss a key the parser reads; a missing one fails every chart that reads it, with
    /// a message naming the key and the table.
    fn check_declared(&self) {
        let mut checked: Vec<&str> = Vec::new();
        for key in &self.known {
            if checked.contains(key) || self.params.contains(key) {
                continue;
            }
            checked.push(key);
            if let Some(message) = super::schema::undeclared(&self.prefix, key) {
                self.note(error(self.path(key), self.span(), message));
            }
        }
    }

    /// Records every key that no accessor asked for as unknown, suggesting the nearest known
    /// key.
    pub(super) fn finish(&self) -> Result<()> {
        if cfg!(debug_assertions) {
            self.check_declared();
        }
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if self.known.contains(&name) {
                continue;
            }
            let hint = nearest(name, self.known.iter().copied())
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_else(|| {
                    let mut keys = self.known.clone();
                    keys.sort_unstable();
                    keys.dedup();
                    format!("; expected one of: {}", keys.join(", "))
                });
            self.note(error(
                self.path(name),
                key.span(),
                format!("unknown key{hint}"),
            ));
        }
        Ok(())
    }
}

/// Either kind of array accepted for x values.
pub(crate) enum NumbersOrStrings {
    /// All elements were numbers.
    Numbers(Vec<f64>),
    /// At least one element was a string.
    Strings(Vec<String>),
}

fn color_of(path: &str, v: &Spanned<DeValue<'_>>) -> Result<Color> {
    match v.get_ref() {
        DeValue::String(s) => Color::parse(s).ok_or_else(|| {
            error(
                path,
                v.span(),
                format!(
                    "expected a colour like \"#3498db\", \"#39d\" or \"steelblue\", found \"{}\"",
                    shorten(s)
                ),
            )
        }),
        other => Err(error(
            path,
            v.span(),
            format!("expected a colour string, found {}", describe(other)),
        )),
    }
}

/// Column values checked as [`Fields::numbers`] checks array elements (all share the key's span).
fn checked_numbers(path: &str, span: &Range<usize>, values: Vec<f64>) -> Result<Vec<f64>> {
    match values.iter().position(|n| n.abs() > MAX_MAGNITUDE) {
        Some(i) => Err(error(
            format!("{path}[{i}]"),
            span.clone(),
            "expected a number between -1e300 and 1e300 (larger ones cannot be drawn)",
        )),
        None => Ok(values),
    }
}

/// Column texts checked as [`Fields::strings`] checks array elements.
fn checked_texts(path: &str, span: &Range<usize>, texts: Vec<String>) -> Result<Vec<String>> {
    for (i, t) in texts.iter().enumerate() {
        checked_text(&format!("{path}[{i}]"), span.clone(), t)?;
    }
    Ok(texts)
}

fn checked_text(path: &str, span: Range<usize>, s: &str) -> Result<String> {
    if s.chars().count() > MAX_TEXT_CHARS {
        return Err(error(
            path,
            span,
            format!("text is longer than {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(s.to_string())
}

/// At most 40 chars of user text for error messages.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

trait Lossy {
    fn as_str_lossy(&self) -> String;
}

impl Lossy for DeValue<'_> {
    fn as_str_lossy(&self) -> String {
        match self {
            DeValue::String(s) => format!("\"{}\"", shorten(s)),
            DeValue::Integer(i) => i.as_str().to_string(),
            DeValue::Float(f) => f.as_str().to_string(),
            DeValue::Boolean(b) => b.to_string(),
            other => describe(other).to_string(),
        }
    }
}

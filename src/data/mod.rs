//! Data files: a chart can take its data from a CSV or JSON file next to the chapter.
//!
//! ```toml
//! type = "line"
//! data = "latency.csv"     # relative to the chapter; may not leave the book
//! x = "hour"               # a column name where an array would go
//! y = ["p50", "p99"]       # several columns: one series each, named after the column
//! ```
//!
//! [`resolve`] works on the parsed TOML tree before it is typed: every column name in a key that
//! takes an array (`x`, `y`, `labels`, `values`, `sizes`, `color-values`, also inside
//! `[[series]]`) is replaced by that column's cells, so the rest of the parser does not know
//! data files exist. Errors name the file, the line (CSV) or record (JSON) and the column, and
//! are located at the key in the chart block.

mod csv;

use std::borrow::Cow;
use std::path::PathBuf;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::spec::SpecError;

/// Where data files are looked up.
#[derive(Clone, Debug)]
pub struct DataContext {
    /// Directory of the chapter file (relative paths start here).
    pub dir: PathBuf,
    /// Root that data files may not leave (the book's directory).
    pub root: PathBuf,
}

/// Keys whose columns must hold numbers.
const NUMERIC: &[&str] = &["y", "values", "sizes", "color-values"];
/// Keys whose columns may hold text.
const TEXT: &[&str] = &["x", "labels"];
/// Largest data file read.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// A loaded data file: header and rows, each row with where it came from.
#[derive(Debug)]
pub struct Loaded {
    /// The `data` value as written (the key the tables are found by).
    file: String,
    /// How the file is named in messages.
    name: String,
    json: bool,
    columns: Vec<String>,
    rows: Vec<(usize, Vec<Cell>)>,
}

#[derive(Clone, Debug)]
enum Cell {
    Text(String),
    /// A number and its canonical TOML text (what the substituted value borrows).
    Number(String),
    Empty,
}

fn err(key: &str, span: std::ops::Range<usize>, message: String) -> SpecError {
    SpecError {
        key: key.to_string(),
        message,
        span: Some(span),
    }
}

/// `data` values of the figure table and of each `[[panel]]` table, with their key path and span.
fn data_keys(root: &DeTable<'_>) -> Vec<(String, std::ops::Range<usize>, Option<String>)> {
    let mut out = Vec::new();
    let mut visit = |t: &DeTable<'_>, prefix: &str| {
        if let Some(v) = t.get("data") {
            let file = match v.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                _ => None,
            };
            out.push((format!("{prefix}data"), v.span(), file));
        }
    };
    visit(root, "");
    if let Some(panels) = root.get("panel")
        && let DeValue::Array(items) = panels.get_ref()
    {
        for (i, item) in items.iter().enumerate() {
            if let DeValue::Table(t) = item.get_ref() {
                visit(t, &format!("panel[{i}]."));
            }
        }
    }
    out
}

/// Loads every data file a chart block names (its own parse of `text`, so the loaded tables
/// can outlive the tree that [`substitute`] fills from them). Empty when the block uses none.
pub fn load_for(text: &str, ctx: Option<&DataContext>) -> Result<Vec<Loaded>, SpecError> {
    if !text.contains("data") {
        return Ok(Vec::new());
    }
    crate::spec::check_block_size(text)?;
    let Ok(root) = DeTable::parse(text) else {
        return Ok(Vec::new()); // the real parse reports the syntax error
    };
    let mut loaded: Vec<Loaded> = Vec::new();
    for (key, span, file) in data_keys(root.get_ref()) {
        let Some(file) = file else {
            return Err(err(
                &key,
                span,
                "expected a file name, e.g. \"latency.csv\"".into(),
            ));
        };
        let Some(ctx) = ctx else {
            return Err(err(&key, span, "data files are not available here".into()));
        };
        if loaded.iter().any(|l| l.file == file) {
            continue;
        }
        loaded.push(load(&file, ctx).map_err(|m| err(&key, span.clone(), m))?);
    }
    Ok(loaded)
}

/// Reads and parses one data file, refusing paths that leave the book.
fn load(file: &str, ctx: &DataContext) -> Result<Loaded, String> {
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
        from_json(&text, &shown)?
    } else if csv {
        from_csv(&text, &shown)?
    } else {
        return Err(format!("data file {shown}: expected a .csv or .json file"));
    };
    Ok(Loaded {
        file: file.to_string(),
        name: shown,
        json,
        columns,
        rows,
    })
}

/// Canonical TOML text of a finite number.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n:?}")
    }
}

fn cell_of(text: &str) -> Cell {
    let t = text.trim();
    if t.is_empty() {
        return Cell::Empty;
    }
    match t.parse::<f64>() {
        Ok(n) if n.is_finite() => Cell::Number(number_text(n)),
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

fn from_json(text: &str, name: &str) -> Result<Rows, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("{name}: invalid JSON: {e}"))?;
    let serde_json::Value::Array(items) = value else {
        return Err(format!("{name}: expected an array of records or of arrays"));
    };
    let json_cell = |v: &serde_json::Value| match v {
        serde_json::Value::Number(n) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map_or(Cell::Text(n.to_string()), |f| Cell::Number(number_text(f))),
        serde_json::Value::String(s) => Cell::Text(s.clone()),
        serde_json::Value::Null => Cell::Empty,
        other => Cell::Text(other.to_string()),
    };
    match items.first() {
        None => Err(format!("{name}: the array is empty")),
        Some(serde_json::Value::Object(first)) => {
            let columns: Vec<String> = first.keys().cloned().collect();
            let mut rows = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let serde_json::Value::Object(o) = item else {
                    return Err(format!(
                        "{name}: record {}: expected an object like the first",
                        i + 1
                    ));
                };
                rows.push((
                    i + 1,
                    columns
                        .iter()
                        .map(|c| o.get(c).map_or(Cell::Empty, json_cell))
                        .collect(),
                ));
            }
            Ok((columns, rows))
        }
        Some(serde_json::Value::Array(header)) => {
            let columns: Vec<String> = header
                .iter()
                .map(|h| h.as_str().map_or_else(|| h.to_string(), str::to_string))
                .collect();
            let mut rows = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate().skip(1) {
                let serde_json::Value::Array(a) = item else {
                    return Err(format!(
                        "{name}: record {i}: expected an array like the header"
                    ));
                };
                rows.push((i, a.iter().map(json_cell).collect()));
            }
            Ok((columns, rows))
        }
        Some(_) => Err(format!("{name}: expected an array of records or of arrays")),
    }
}

/// Fills column references in `root` from `loaded`.
pub fn substitute<'a>(root: &mut DeTable<'a>, loaded: &'a [Loaded]) -> Result<(), SpecError> {
    if loaded.is_empty() {
        return Ok(());
    }
    substitute_table(root, loaded, "")?;
    if let Some(panels) = root.get_mut("panel")
        && let DeValue::Array(items) = panels.get_mut()
    {
        for (i, item) in items.iter_mut().enumerate() {
            if let DeValue::Table(t) = item.get_mut() {
                substitute_table(t, loaded, &format!("panel[{i}]."))?;
            }
        }
    }
    Ok(())
}

fn substitute_table<'a>(
    table: &mut DeTable<'a>,
    loaded: &'a [Loaded],
    prefix: &str,
) -> Result<(), SpecError> {
    let Some(data) = table.remove("data") else {
        return Ok(());
    };
    let DeValue::String(file) = data.get_ref() else {
        return Ok(());
    };
    let Some(data) = loaded.iter().find(|l| l.file == file.as_ref()) else {
        return Ok(());
    };
    // `y = ["a", "b"]` (column names) becomes one [[series]] per column, named after it.
    if let Some(y) = table.get("y")
        && let DeValue::Array(cols) = y.get_ref()
        && !cols.is_empty()
        && cols
            .iter()
            .all(|c| matches!(c.get_ref(), DeValue::String(_)))
    {
        let y_span = y.span();
        if table.contains_key("series") {
            return Err(err(
                &format!("{prefix}y"),
                y_span,
                "use either `y` or [[series]] tables, not both".into(),
            ));
        }
        let cols: Vec<Spanned<DeValue<'a>>> = cols.iter().cloned().collect();
        table.remove("y");
        let mut series = DeArray::new();
        for c in cols {
            let DeValue::String(name) = c.get_ref() else {
                continue;
            };
            let name = DeValue::String(Cow::Owned(name.to_string()));
            let mut t = DeTable::new();
            t.insert(
                Spanned::new(c.span(), Cow::Borrowed("name")),
                Spanned::new(c.span(), name),
            );
            t.insert(Spanned::new(y_span.clone(), Cow::Borrowed("y")), c);
            series.push(Spanned::new(y_span.clone(), DeValue::Table(t)));
        }
        table.insert(
            Spanned::new(y_span.clone(), Cow::Borrowed("series")),
            Spanned::new(y_span, DeValue::Array(series)),
        );
    }
    columns_into(table, data, prefix)?;
    if let Some(series) = table.get_mut("series")
        && let DeValue::Array(items) = series.get_mut()
    {
        for (i, item) in items.iter_mut().enumerate() {
            if let DeValue::Table(t) = item.get_mut() {
                columns_into(t, data, &format!("{prefix}series[{i}]."))?;
            }
        }
    }
    Ok(())
}

/// Replaces column names in array-taking keys of `table` by the columns' cells.
fn columns_into<'a>(
    table: &mut DeTable<'a>,
    data: &'a Loaded,
    prefix: &str,
) -> Result<(), SpecError> {
    for key in NUMERIC.iter().chain(TEXT) {
        let Some(v) = table.get_mut(*key) else {
            continue;
        };
        let DeValue::String(column) = v.get_ref() else {
            continue;
        };
        let span = v.span();
        let path = format!("{prefix}{key}");
        let column = column.to_string();
        let Some(index) = data.columns.iter().position(|c| *c == column) else {
            let hint = crate::spec::nearest_key(&column, data.columns.iter().map(String::as_str))
                .map(|c| format!(" (did you mean \"{c}\"?)"))
                .unwrap_or_default();
            return Err(err(
                &path,
                span,
                format!(
                    "{} has no column \"{column}\"{hint}; its columns are: {}",
                    data.name,
                    data.columns.join(", ")
                ),
            ));
        };
        let numeric = NUMERIC.contains(key);
        let mut array = DeArray::new();
        for (at, row) in &data.rows {
            let value = match (row.get(index).unwrap_or(&Cell::Empty), numeric) {
                (Cell::Number(text), _) => match DeValue::parse(text) {
                    Ok(v) => v.into_inner(),
                    Err(_) => DeValue::String(Cow::Borrowed(text.as_str())),
                },
                (Cell::Text(t), false) => DeValue::String(Cow::Borrowed(t.as_str())),
                (Cell::Empty, false) => DeValue::String(Cow::Borrowed("")),
                (other, true) => {
                    let found = match other {
                        Cell::Text(t) => format!("\"{}\"", t.chars().take(40).collect::<String>()),
                        _ => "an empty cell".into(),
                    };
                    let place = if data.json {
                        format!("{}, record {at}, field \"{column}\"", data.name)
                    } else {
                        format!("{}:{at}, column \"{column}\"", data.name)
                    };
                    return Err(err(
                        &path,
                        span,
                        format!("{place}: expected a number, found {found}"),
                    ));
                }
            };
            array.push(Spanned::new(span.clone(), value));
        }
        *v = Spanned::new(span, DeValue::Array(array));
    }
    Ok(())
}

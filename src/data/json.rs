//! JSON data files: an array of records (`[{"hour": 0, "p50": 12}, …]`) or of arrays whose first
//! row is the header. Errors are sentences without the file's name (the caller adds it).

use std::borrow::Cow;

use super::table::{Cell, Table};

fn cell(v: &serde_json::Value) -> Cell<'_> {
    match v {
        serde_json::Value::Number(n) => match n.as_f64().filter(|f| f.is_finite()) {
            Some(f) => Cell::Number(f + 0.0),
            None => Cell::Text(Cow::Owned(n.to_string())),
        },
        serde_json::Value::String(s) => Cell::Text(Cow::Borrowed(s)),
        serde_json::Value::Null => Cell::Empty,
        // Booleans, arrays and objects are text (as JSON) that no numeric column accepts.
        other => Cell::Text(Cow::Owned(other.to_string())),
    }
}

/// Reads a JSON data file.
pub(super) fn read(text: &str) -> Result<Table, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let serde_json::Value::Array(items) = value else {
        return Err("expected an array of records or of arrays".into());
    };
    match items.first() {
        None => Err("the array is empty".into()),
        Some(serde_json::Value::Object(first)) => {
            let columns: Vec<String> = first.keys().cloned().collect();
            let mut table = Table::new(columns.clone(), true);
            for (i, item) in items.iter().enumerate() {
                let serde_json::Value::Object(o) = item else {
                    return Err(format!(
                        "record {}: expected an object like the first",
                        i + 1
                    ));
                };
                if table.stop_if_full() {
                    break;
                }
                table.push_row(
                    i + 1,
                    columns.iter().map(|c| o.get(c).map_or(Cell::Empty, cell)),
                );
            }
            Ok(table)
        }
        Some(serde_json::Value::Array(header)) => {
            let columns: Vec<String> = header
                .iter()
                .map(|h| h.as_str().map_or_else(|| h.to_string(), str::to_string))
                .collect();
            let mut table = Table::new(columns, true);
            for (i, item) in items.iter().enumerate().skip(1) {
                let serde_json::Value::Array(a) = item else {
                    return Err(format!("record {i}: expected an array like the header"));
                };
                if table.stop_if_full() {
                    break;
                }
                table.push_row(i, a.iter().map(cell));
            }
            Ok(table)
        }
        Some(_) => Err("expected an array of records or of arrays".into()),
    }
}

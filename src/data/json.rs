//! JSON data files: an array of records (`[{"hour": 0, "p50": 12}, …]`) or of arrays whose first
//! row is the header.

use super::Rows;
use super::table::Cell;

pub(super) fn from_json(text: &str, name: &str) -> Result<Rows, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("{name}: invalid JSON: {e}"))?;
    let serde_json::Value::Array(items) = value else {
        return Err(format!("{name}: expected an array of records or of arrays"));
    };
    let json_cell = |v: &serde_json::Value| match v {
        serde_json::Value::Number(n) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map_or(Cell::Text(n.to_string()), |f| Cell::Number(f + 0.0)),
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

//! `mdbook-svg-charts schema`: the JSON Schema of the chart language, for editors (Taplo / Even
//! Better TOML complete keys, show their meaning and flag mistakes as you type).

/// The JSON Schema (draft-07) of a `chart` block: every key of every table, per chart kind and
/// per model, with its type, words, range, an example and its meaning. Made from the same key
/// table and model parameter tables the parser reads.
pub fn run() -> String {
    let schema = crate::chart::schema::json(&crate::models::CATALOG);
    // Serialising a `serde_json::Value` cannot fail.
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

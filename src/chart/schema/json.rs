//! The JSON Schema of the chart language, made from the key table ([`KEYS`]) and the model
//! catalogue's parameter tables, for editors (`mdbook-svg-charts schema`).

use serde_json::{Map, Value as Json, json};

use super::*;

/// A TOML value as JSON (dates become strings, as editors see them).
pub(crate) fn toml_to_json(value: &toml::Value) -> Json {
    match value {
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(a) => Json::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Json::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// A key's example as JSON.
fn example(key: &Key) -> Json {
    let text = format!("v = {}", key.example);
    match text.parse::<toml::Table>() {
        Ok(t) => t.get("v").map_or(Json::Null, toml_to_json),
        // A bad example is caught by the unit test below; the schema stays valid without it.
        Err(_) => Json::Null,
    }
}

fn number_item(min: Option<f64>) -> Json {
    json!({
        "type": "number",
        "minimum": min.unwrap_or(-MAX_MAGNITUDE),
        "maximum": MAX_MAGNITUDE,
    })
}

fn column() -> Json {
    json!({ "type": "string", "description": "a column of the data file (`data`)" })
}

fn color() -> Json {
    json!({
        "anyOf": [
            { "type": "string", "pattern": "^\\s*#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\\s*$" },
            { "enum": crate::chart::color::names() },
        ]
    })
}

fn text() -> Json {
    json!({ "type": "string", "maxLength": MAX_TEXT_CHARS })
}

/// The schema of a value, without its description. `kind` is the chart kind of the table being
/// described (`None` in the union of every kind).
fn value_schema(value: Value, kind: Option<&'static str>, models: &[&str]) -> Json {
    match value {
        Value::Text | Value::TimeZone => text(),
        Value::Bool => json!({ "type": "boolean" }),
        Value::Number(min, max) => json!({ "type": "number", "minimum": min, "maximum": max }),
        Value::Coordinate => number_item(None),
        Value::Positive => {
            json!({ "type": "number", "exclusiveMinimum": 0, "maximum": MAX_MAGNITUDE })
        }
        Value::Choice(words) => json!({ "type": "string", "enum": words }),
        Value::Kind => match kind {
            Some(k) => json!({ "const": k }),
            None => json!({ "enum": KINDS.iter().map(|(n, _)| *n).collect::<Vec<_>>() }),
        },
        Value::Color => color(),
        Value::Colors => json!({ "type": "array", "minItems": 1, "items": color() }),
        Value::DataFile => json!({ "type": "string", "minLength": 1 }),
        Value::Delimiter => json!({ "type": "string", "minLength": 1, "maxLength": 1 }),
        Value::Percentiles => json!({
            "type": "array",
            "maxItems": crate::chart::limits::MAX_MARKS,
            "items": { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100 }
        }),
        Value::Numbers(min) => json!({
            "anyOf": [{ "type": "array", "items": number_item(min) }, column()]
        }),
        Value::Texts => json!({
            "anyOf": [
                { "type": "array", "items": { "type": ["string", "number"], "maxLength": MAX_TEXT_CHARS } },
                column(),
            ]
        }),
        Value::X => json!({
            "anyOf": [
                { "type": "array", "items": number_item(None) },
                { "type": "array", "items": { "type": "string", "maxLength": MAX_TEXT_CHARS } },
                column(),
            ]
        }),
        Value::Samples => json!({
            "anyOf": [
                { "type": "array", "minItems": 1, "items": number_item(None) },
                column(),
                { "type": "array", "minItems": 1, "items": column() },
            ]
        }),
        Value::Extents => json!({
            "anyOf": [
                { "type": "number", "minimum": 0, "maximum": MAX_MAGNITUDE },
                { "type": "array", "items": { "anyOf": [number_item(Some(0.0)), { "type": "null" }] } },
                column(),
            ]
        }),
        Value::Edges => json!({
            "anyOf": [
                { "type": "array", "items": { "anyOf": [number_item(None), { "type": "null" }] } },
                column(),
            ]
        }),
        Value::Y => json!({
            "anyOf": [
                // `nan` (JSON's null, as editors convert it) is a missing sample: a gap.
                { "type": "array", "items": { "anyOf": [number_item(None), { "type": "null" }] } },
                column(),
                { "type": "array", "minItems": 1, "items": column() },
            ]
        }),
        Value::Matrix => json!({
            "type": "array",
            "minItems": 1,
            "maxItems": crate::chart::limits::MAX_HEAT_SIDE,
            "items": {
                "type": "array",
                "minItems": 1,
                "maxItems": crate::chart::limits::MAX_HEAT_SIDE,
                // `nan` (JSON's null, as editors convert it) is a missing cell.
                "items": { "anyOf": [number_item(None), { "type": "null" }] },
            },
        }),
        Value::Labels => json!({
            "anyOf": [
                {
                    "type": "array",
                    "items": { "type": ["string", "number"], "maxLength": MAX_TEXT_CHARS },
                },
                column(),
            ]
        }),
        Value::Range => json!({
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": { "type": ["number", "string"] },
        }),
        Value::SeriesMode => json!({
            "type": "string",
            "pattern": "^\\s*(lines|markers|text)\\s*(\\+\\s*(lines|markers|text)\\s*)*$",
            "examples": ["lines", "markers", "lines+markers", "markers+text", "lines+markers+text"],
        }),
        Value::ModelName => json!({ "type": "string", "enum": models }),
        // Before the kind is known, series and axis tables are a line chart's, which has every
        // key of theirs (so editors can complete them); each kind's own shape is exact.
        // In the union of every kind: any kind's shape of the table.
        Value::Table(_) | Value::Tables(_) if kind.is_none() && kind_dependent(value) => {
            let mut shapes: Vec<Json> = Vec::new();
            for (k, bits) in kind_names() {
                let shape = value_schema(value, Some(k), models);
                if bits.has(AXES) && !shapes.contains(&shape) {
                    shapes.push(shape);
                }
            }
            match shapes.len() {
                1 => shapes.remove(0),
                _ => json!({ "anyOf": shapes }),
            }
        }
        Value::Table(t) => json!({ "$ref": format!("#/definitions/{}", table_shape(t, kind)) }),
        Value::Tables(t) => json!({
            "type": "array",
            "items": { "$ref": format!("#/definitions/{}", table_shape(t, kind)) },
        }),
    }
}

/// The definition that describes a sub-table of a `kind` panel.
fn table_shape(table: Table, kind: Option<&str>) -> String {
    match (table, kind) {
        (Series, Some(k)) => format!("{k}-series"),
        (XAxis, Some(k)) => format!("{k}-x-axis"),
        (Axis, Some(k)) => format!("{k}-y-axis"),
        (Panel, _) => "panel".into(),
        (t, _) => t.name().into(),
    }
}

/// Whether a key's schema depends on the chart kind (so it is written out in each shape).
fn kind_dependent(value: Value) -> bool {
    matches!(
        value,
        Value::Kind | Value::Table(Series | Axis | XAxis) | Value::Tables(Series)
    )
}

/// A key's id in `definitions`: `table.name`, with the kinds or `model` when the table declares
/// the name more than once.
fn key_id(k: &Key) -> String {
    let twins: Vec<&Key> = KEYS
        .iter()
        .filter(|o| o.table == k.table && o.name == k.name)
        .collect();
    let mut id = format!("{}.{}", k.table.name(), k.name);
    if twins.len() > 1 {
        if twins.iter().any(|o| o.kinds != k.kinds) {
            let kinds: Vec<&str> = kind_names()
                .into_iter()
                .filter(|(_, b)| k.kinds.has(*b))
                .map(|(n, _)| n)
                .collect();
            id.push('.');
            id.push_str(&kinds.join("-"));
        }
        if twins.iter().any(|o| o.model != k.model) {
            id.push_str(match k.model {
                With => ".model",
                Without => ".no-model",
                Either => "",
            });
        }
    }
    id
}

/// `schema` with a description and an example. (Draft-07 ignores the siblings of a `$ref`, so a
/// reference is wrapped in `allOf`.)
fn with_doc(mut schema: Json, doc: &str, example: Option<Json>) -> Json {
    if schema.get("$ref").is_some() {
        schema = json!({ "allOf": [schema] });
    }
    if let Json::Object(m) = &mut schema {
        let mut out = Map::new();
        out.insert("description".into(), Json::String(doc.to_string()));
        if let Some(e) = example.filter(|e| !e.is_null()) {
            out.insert("examples".into(), Json::Array(vec![e]));
        }
        out.append(m);
        return Json::Object(out);
    }
    schema
}

/// A key's property schema in a shape of chart `kind`: a `$ref` to its definition, or the schema
/// itself when it depends on the kind.
fn property(k: &Key, kind: Option<&'static str>, models: &[&str]) -> Json {
    if kind_dependent(k.value) {
        let example = match (k.value, kind) {
            (Value::Kind, Some(kind)) => json!(kind),
            _ => example(k),
        };
        with_doc(value_schema(k.value, kind, models), k.doc, Some(example))
    } else {
        json!({ "$ref": format!("#/definitions/{}", key_id(k)) })
    }
}

/// The keys of `tables` read by a `kind` table with or without a model, first declaration of a
/// name first.
fn keys_of(tables: &[Table], kind: Kinds, model: bool) -> Vec<&'static Key> {
    let mut out: Vec<&'static Key> = Vec::new();
    for table in tables {
        for k in KEYS
            .iter()
            .filter(|k| k.table == *table && k.kinds.has(kind))
        {
            let model_ok = match k.model {
                Either => true,
                With => model,
                Without => !model,
            };
            if model_ok && !out.iter().any(|o| o.name == k.name) {
                out.push(k);
            }
        }
    }
    out
}

/// A model parameter's schema.
fn param_schema(p: &Param) -> Json {
    let unit = if p.unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", p.unit)
    };
    let (schema, default) = match p.kind {
        ParamKind::Number {
            default,
            min,
            max,
            min_open,
            max_open,
            whole,
        } => {
            let mut m = Map::new();
            m.insert(
                "type".into(),
                json!(if whole { "integer" } else { "number" }),
            );
            m.insert(
                (if min_open {
                    "exclusiveMinimum"
                } else {
                    "minimum"
                })
                .into(),
                json!(min),
            );
            m.insert(
                (if max_open {
                    "exclusiveMaximum"
                } else {
                    "maximum"
                })
                .into(),
                json!(max),
            );
            (Json::Object(m), json!(default))
        }
        ParamKind::Numbers {
            min,
            max,
            max_len,
            default,
        } => (
            json!({
                "type": "array",
                "maxItems": max_len,
                "items": { "type": "number", "minimum": min, "maximum": max },
            }),
            json!(default),
        ),
        ParamKind::Words {
            multiple,
            options,
            default,
        } => {
            let word = json!({ "type": "string", "enum": options });
            let list = json!({
                "type": "array",
                "minItems": 1,
                "maxItems": if multiple { options.len() } else { 1 },
                "items": word,
            });
            let default = if multiple {
                json!(default)
            } else {
                json!(default.first())
            };
            (json!({ "anyOf": [word, list] }), default)
        }
        ParamKind::Text { default } => (text(), json!(default)),
    };
    let mut out = with_doc(schema, &format!("{}{unit}", p.doc), None);
    if let Json::Object(m) = &mut out {
        m.insert("default".into(), default);
    }
    out
}

/// Every model's name and parameters.
fn catalog(models: &dyn ModelCatalog) -> Vec<(&'static str, &'static [Param])> {
    models
        .names()
        .into_iter()
        .filter_map(|n| models.find(n))
        .collect()
}

/// A closed object of `keys` (plus model parameters), with its required keys.
fn object(
    keys: &[&'static Key],
    kind: Option<&'static str>,
    model: Option<(&str, &[Param])>,
    names: &[&str],
) -> Json {
    let mut properties = Map::new();
    for k in keys {
        properties.insert(k.name.into(), property(k, kind, names));
    }
    if let Some((m, params)) = model {
        for p in params {
            properties.insert(
                p.key.into(),
                json!({ "$ref": format!("#/definitions/model.{m}.{}", p.key) }),
            );
        }
    }
    let has_series_tables = keys.iter().any(|k| k.value == Value::Tables(Series));
    let mut required: Vec<&str> = Vec::new();
    let mut one_of: Vec<&str> = Vec::new();
    let mut dependencies = Map::new();
    for k in keys {
        match k.need {
            Optional => {}
            Beside(other) => {
                dependencies.insert(k.name.into(), json!([other]));
            }
            // In a panel, a series' required keys may be in [[series]] tables instead.
            Required if k.table == Series && has_series_tables => one_of.push(k.name),
            Required => required.push(k.name),
            OneOf => one_of.push(k.name),
        }
    }
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    out.insert("properties".into(), Json::Object(properties));
    out.insert("additionalProperties".into(), json!(false));
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    if !dependencies.is_empty() {
        out.insert("dependencies".into(), Json::Object(dependencies));
    }
    if !one_of.is_empty() {
        let alternatives: Vec<Json> = one_of.iter().map(|n| json!({ "required": [n] })).collect();
        out.insert("oneOf".into(), Json::Array(alternatives));
    }
    Json::Object(out)
}

/// Every key a table of `tables` may hold in any of `kinds`, with or without a model, plus every
/// model parameter: what an editor offers before it knows the kind. A name declared differently
/// by different kinds takes any of its schemas.
fn union(tables: &[Table], kinds: Kinds, models: &[(&'static str, &'static [Param])]) -> Json {
    let names: Vec<&str> = models.iter().map(|(n, _)| *n).collect();
    let mut entries: Vec<(&str, Vec<Json>, Vec<String>)> = Vec::new();
    let mut add = |name: &'static str, schema: Json, doc: String| match entries
        .iter_mut()
        .find(|(n, _, _)| *n == name)
    {
        Some((_, schemas, docs)) => {
            if !schemas.contains(&schema) {
                schemas.push(schema);
                docs.push(doc);
            }
        }
        None => entries.push((name, vec![schema], vec![doc])),
    };
    let variants = kind_names()
        .into_iter()
        .map(|(_, b)| b)
        .chain([PANELS])
        .filter(|b| kinds.has(*b));
    for bits in variants {
        for model in [false, true] {
            for k in keys_of(tables, bits, model) {
                let doc = format!("{}: {}", kinds_text(k.kinds), k.doc);
                add(k.name, property(k, None, &names), doc);
            }
        }
    }
    for (m, params) in models {
        for p in *params {
            add(
                p.key,
                json!({ "$ref": format!("#/definitions/model.{m}.{}", p.key) }),
                format!("model \"{m}\": {}", p.doc),
            );
        }
    }
    let mut properties = Map::new();
    for (name, mut schemas, docs) in entries {
        let schema = if schemas.len() == 1 {
            schemas.remove(0)
        } else {
            json!({ "description": docs.join(" | "), "anyOf": schemas })
        };
        properties.insert(name.into(), schema);
    }
    Json::Object(properties)
}

/// "line and scatter charts" for a key's kinds.
fn kinds_text(kinds: Kinds) -> String {
    let names: Vec<&str> = kind_names()
        .into_iter()
        .filter(|(_, b)| kinds.has(*b))
        .map(|(n, _)| n)
        .collect();
    if names.len() == kind_names().len() {
        "every chart".into()
    } else {
        format!("{} charts", names.join(", "))
    }
}

/// The kinds model `m` draws and the kind it draws without a `type`: histogram and CDF panels
/// (a histogram) for a model of samples, bar, line and scatter panels (lines) for the others.
fn model_kinds(m: &str, samples: &[&str]) -> (Kinds, &'static str) {
    if samples.contains(&m) {
        (DIST, "histogram")
    } else {
        (CARTESIAN, "line")
    }
}

/// Picks the shape of a panel (`prefix` "chart" at the top level, "panel" for `[[panel]]`) by its
/// `model` and `type`. `samples`: the models of samples.
fn dispatch(prefix: &str, models: &[(&'static str, &'static [Param])], samples: &[&str]) -> Json {
    let mut by_model = Vec::new();
    for (kind, bits) in kind_names() {
        for (m, _) in models {
            let (drawn, default) = model_kinds(m, samples);
            if !bits.has(drawn) {
                continue;
            }
            // No `type` with a model draws its default kind.
            let condition = if kind == default {
                json!({ "properties": { "type": { "const": kind }, "model": { "const": m } } })
            } else {
                json!({
                    "required": ["type"],
                    "properties": { "type": { "const": kind }, "model": { "const": m } },
                })
            };
            by_model.push(json!({
                "if": condition,
                "then": { "$ref": format!("#/definitions/{kind}-{prefix}-{m}") },
            }));
        }
    }
    let by_kind: Vec<Json> = kind_names()
        .into_iter()
        .map(|(kind, _)| {
            json!({
                "if": { "properties": { "type": { "const": kind } } },
                "then": { "$ref": format!("#/definitions/{kind}-{prefix}") },
            })
        })
        .collect();
    // Each model takes only the kinds it draws.
    for (m, _) in models {
        let (drawn, _) = model_kinds(m, samples);
        let kinds: Vec<&str> = kind_names()
            .into_iter()
            .filter(|(_, b)| b.has(drawn))
            .map(|(n, _)| n)
            .collect();
        by_model.push(json!({
            "if": { "properties": { "model": { "const": m } } },
            "then": { "properties": { "type": { "enum": kinds } } },
        }));
    }
    let any_model_kind: Vec<&str> = kind_names()
        .into_iter()
        .filter(|(_, b)| b.has(AXES))
        .map(|(n, _)| n)
        .collect();
    json!({
        "if": { "required": ["model"] },
        "then": {
            "properties": { "type": { "enum": any_model_kind } },
            "allOf": by_model,
        },
        "else": {
            "required": ["type"],
            "allOf": by_kind,
        },
    })
}

/// The JSON Schema (draft-07) of a chart block, from [`KEYS`] and the model catalogue.
pub(crate) fn json(models: &dyn ModelCatalog) -> Json {
    let catalog = catalog(models);
    let names: Vec<&str> = catalog.iter().map(|(n, _)| *n).collect();
    let samples: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| models.of_samples(n))
        .collect();
    let mut defs = Map::new();
    // Every key's value, once.
    for k in KEYS.iter().filter(|k| !kind_dependent(k.value)) {
        defs.insert(
            key_id(k),
            with_doc(value_schema(k.value, None, &names), k.doc, Some(example(k))),
        );
    }
    for (m, params) in &catalog {
        for p in *params {
            defs.insert(format!("model.{m}.{}", p.key), param_schema(p));
        }
    }
    // The sub-tables.
    for (table, kinds) in [(Annotation, AXES), (Reference, AXES), (ModelSeries, AXES)] {
        defs.insert(
            table.name().into(),
            object(&keys_of(&[table], kinds, false), None, None, &names),
        );
    }
    for (kind, bits) in kind_names() {
        if bits.has(AXES) {
            defs.insert(
                format!("{kind}-x-axis"),
                object(&keys_of(&[XAxis, Axis], bits, false), None, None, &names),
            );
            defs.insert(
                format!("{kind}-y-axis"),
                object(&keys_of(&[Axis], bits, false), None, None, &names),
            );
            defs.insert(
                format!("{kind}-series"),
                object(&keys_of(&[Series], bits, false), Some(kind), None, &names),
            );
        }
    }
    // Panels and one-panel charts, per kind, and per model.
    for (prefix, tables) in [
        ("chart", &[Figure, Panel, Series][..]),
        ("panel", &[Panel, Series][..]),
    ] {
        for (kind, bits) in kind_names() {
            defs.insert(
                format!("{kind}-{prefix}"),
                object(&keys_of(tables, bits, false), Some(kind), None, &names),
            );
            for (m, params) in &catalog {
                if !bits.has(model_kinds(m, &samples).0) {
                    continue;
                }
                defs.insert(
                    format!("{kind}-{prefix}-{m}"),
                    object(
                        &keys_of(tables, bits, true),
                        Some(kind),
                        Some((m, params)),
                        &names,
                    ),
                );
            }
        }
    }
    defs.insert(
        "panels-figure".into(),
        object(&keys_of(&[Figure], PANELS, false), None, None, &names),
    );
    let mut panel = Map::new();
    panel.insert("type".into(), json!("object"));
    panel.insert("properties".into(), union(&[Panel, Series], ALL, &catalog));
    panel.insert("additionalProperties".into(), json!(false));
    if let Json::Object(d) = dispatch("panel", &catalog, &samples) {
        panel.extend(d);
    }
    defs.insert("panel".into(), Json::Object(panel));
    defs.insert("chart".into(), dispatch("chart", &catalog, &samples));
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "mdbook-svg-charts chart",
        "description": "A `chart` block of mdbook-svg-charts: one chart (`type`, or a `model`) or a figure of `[[panel]]` tables. Generated by `mdbook-svg-charts schema`.",
        "type": "object",
        "properties": union(&[Figure, Panel, Series], EVERY, &catalog),
        "additionalProperties": false,
        "if": { "required": ["panel"] },
        "then": { "$ref": "#/definitions/panels-figure" },
        "else": { "$ref": "#/definitions/chart" },
        "definitions": defs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::schema::tests::PARAMS;

    /// A catalogue of one model with one parameter of each kind.
    struct OneModel;

    impl ModelCatalog for OneModel {
        fn find(&self, name: &str) -> Option<(&'static str, &'static [Param])> {
            (name == "m").then_some(("m", PARAMS))
        }

        fn names(&self) -> Vec<&'static str> {
            vec!["m"]
        }
    }

    #[test]
    fn every_example_is_toml_and_every_id_is_unique() {
        let mut ids = Vec::new();
        for k in KEYS {
            assert!(
                !example(k).is_null(),
                "{}: bad example {}",
                k.name,
                k.example
            );
            let id = key_id(k);
            assert!(!ids.contains(&id), "two keys have the id {id}");
            ids.push(id);
        }
    }

    /// Every `$ref` names a definition.
    fn refs(value: &Json, out: &mut Vec<String>) {
        match value {
            Json::Object(m) => {
                if let Some(Json::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|v| refs(v, out));
            }
            Json::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn the_schema_refers_only_to_its_definitions_and_lists_model_parameters() {
        let schema = json(&OneModel);
        let mut all = Vec::new();
        refs(&schema, &mut all);
        assert!(all.len() > 100);
        for r in all {
            let name = r.strip_prefix("#/definitions/").unwrap();
            assert!(schema["definitions"].get(name).is_some(), "{r}");
        }
        let servers = &schema["definitions"]["model.m.servers"];
        assert_eq!(servers["type"], "integer");
        assert_eq!(servers["minimum"], 1.0);
        assert_eq!(servers["exclusiveMaximum"], 10.0);
        assert_eq!(servers["default"], 1.0);
        let panel = &schema["definitions"]["bar-panel-m"]["properties"];
        assert!(panel.get("servers").is_some() && panel.get("orientation").is_some());
        assert!(panel.get("y").is_none() && panel.get("aspect").is_none());
        assert_eq!(
            schema["definitions"]["pie-chart"]["required"],
            json!(["type", "labels", "values"])
        );
    }
}

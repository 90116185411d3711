//! `mdbook-svg-charts schema` against the parser. The schema is made from the key table the parser
//! checks itself against (in debug builds); these tests check the rest from the outside, through
//! the public API only:
//!
//! - per chart kind, model and table, the parser knows exactly the keys the schema lists (the
//!   parser's own list of known keys is in its "unknown key" message);
//! - every key's example is valid for both, and every word and range agrees at its edges;
//! - the demo book's figure files and chart blocks validate, and a misspelt key does not;
//! - the committed `book/chart.schema.json` is the command's output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mdbook_svg_charts::{DataContext, render_standalone_in};
use serde_json::{Map, Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// A key no table knows and no key is near (so the parser lists every key it knows).
const BOGUS: &str = "zzzzzzzzzzzzzzzzzzzzzz";

fn schema() -> Value {
    serde_json::from_str(&mdbook_svg_charts::commands::schema::run()).unwrap()
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::new(schema).unwrap()
}

/// A TOML document as JSON, dates as strings (as Taplo sees it).
fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

fn parse_toml(text: &str) -> Value {
    toml_to_json(&toml::Value::Table(text.parse::<toml::Table>().unwrap()))
}

/// A data directory holding `latency.csv` (the `data` examples name it).
fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latency.csv"),
        "x,p50,p99\n1,10,30\n2,12,35\n3,11,40\n",
    )
    .unwrap();
    dir
}

/// The parser's errors for a document (given as JSON, written as TOML), one string each
/// (`key: message`); empty when it renders.
fn parser_errors(doc: &Value, data: &Path) -> Vec<String> {
    let text = toml::to_string(doc).unwrap();
    let ctx = DataContext::new(data, data);
    match render_standalone_in(&text, "<schema test>", Some(&ctx)) {
        Ok(_) => Vec::new(),
        Err(e) => std::iter::once(&e)
            .chain(&e.following)
            .map(|e| format!("{}: {}", e.key, e.message))
            .collect(),
    }
}

fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The keys the parser knows in the table at `pointer` of `doc`, from its message for a key
/// it does not know.
fn known_keys(doc: &Value, pointer: &str, data: &Path) -> BTreeSet<String> {
    let mut doc = doc.clone();
    table_at(&mut doc, pointer).insert(BOGUS.into(), json!(1));
    let errors = parser_errors(&doc, data);
    let list = errors
        .iter()
        .find_map(|e| {
            e.split_once(&format!("{BOGUS}: unknown key; expected one of: "))
                .map(|(_, list)| list.to_string())
        })
        .unwrap_or_else(|| panic!("no unknown-key message for {doc}: {errors:?}"));
    list.split(", ").map(String::from).collect()
}

fn table_at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Map<String, Value> {
    doc.pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no table at {pointer}"))
}

/// The words of "expected one of "a", "b", found ..." (or of the model list).
fn quoted_words(message: &str) -> Vec<String> {
    let list = message
        .split_once("expected one of ")
        .map(|(_, rest)| rest.split(", found").next().unwrap_or(rest))
        .unwrap_or_default();
    list.split(", ")
        .map(|w| w.trim().trim_matches('"').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The chart kinds the parser knows (from its message for an unknown `type`).
fn parser_kinds(data: &Path) -> Vec<String> {
    let errors = parser_errors(&json!({ "type": "qqqq", "y": [1] }), data);
    let e = errors.iter().find(|e| e.starts_with("type:")).unwrap();
    quoted_words(e)
}

/// The models the parser knows (from its message for an unknown model).
fn parser_models(data: &Path) -> Vec<String> {
    let errors = parser_errors(&json!({ "model": "qqqq" }), data);
    let e = errors.iter().find(|e| e.starts_with("model:")).unwrap();
    quoted_words(e)
}

/// One table of the language in a minimal valid document: `doc` with the table at `pointer`,
/// described by `definition` in the schema.
struct Case {
    doc: Value,
    pointer: &'static str,
    definition: String,
}

fn minimal(kind: &str) -> Value {
    match kind {
        "pie" => json!({ "type": kind, "labels": ["a", "b", "c"], "values": [3, 2, 1] }),
        "histogram" | "cdf" | "box" | "heatmap" => json!({ "type": kind, "values": [1, 2, 3] }),
        _ => json!({ "type": kind, "y": [1, 2, 3] }),
    }
}

/// Whether the parser draws `model` on a `kind` panel (models of samples draw histograms and
/// CDFs, the others bars, lines and scatter).
fn draws(kind: &str, model: &str, data: &Path) -> bool {
    kind != "pie" && parser_errors(&json!({ "type": kind, "model": model }), data).is_empty()
}

/// Every table of every kind, with and without each model it draws.
fn cases(kinds: &[String], models: &[String]) -> Vec<Case> {
    let data = data_dir();
    let mut out = Vec::new();
    let line = minimal("line");
    for kind in kinds {
        out.push(Case {
            doc: minimal(kind),
            pointer: "",
            definition: format!("{kind}-chart"),
        });
        out.push(Case {
            doc: json!({ "panel": [minimal(kind)] }),
            pointer: "/panel/0",
            definition: format!("{kind}-panel"),
        });
        if kind == "pie" {
            continue;
        }
        for model in models.iter().filter(|m| draws(kind, m, data.path())) {
            let doc = json!({ "type": kind, "model": model });
            out.push(Case {
                doc: doc.clone(),
                pointer: "",
                definition: format!("{kind}-chart-{model}"),
            });
            out.push(Case {
                doc: json!({ "panel": [doc] }),
                pointer: "/panel/0",
                definition: format!("{kind}-panel-{model}"),
            });
        }
        let mut doc = minimal(kind);
        doc["x-axis"] = json!({});
        doc["y-axis"] = json!({});
        out.push(Case {
            doc: doc.clone(),
            pointer: "/x-axis",
            definition: format!("{kind}-x-axis"),
        });
        out.push(Case {
            doc,
            pointer: "/y-axis",
            definition: format!("{kind}-y-axis"),
        });
        // A heatmap has cells, not series tables.
        if kind == "heatmap" {
            continue;
        }
        out.push(Case {
            doc: match kind.as_str() {
                "histogram" | "cdf" | "box" => {
                    json!({ "type": kind, "series": [{ "values": [1, 2, 3] }] })
                }
                _ => json!({ "type": kind, "series": [{ "y": [1, 2, 3] }] }),
            },
            pointer: "/series/0",
            definition: format!("{kind}-series"),
        });
    }
    out.push(Case {
        doc: json!({ "panel": [line.clone()] }),
        pointer: "",
        definition: "panels-figure".into(),
    });
    out.push(Case {
        doc: json!({ "model": models[0], "series": [{}] }),
        pointer: "/series/0",
        definition: "model-series".into(),
    });
    let mut doc = line.clone();
    doc["annotation"] = json!([{ "x": 1, "y": 2, "text": "a" }]);
    doc["reference"] = json!([{ "y": 2 }]);
    out.push(Case {
        doc: doc.clone(),
        pointer: "/annotation/0",
        definition: "annotation".into(),
    });
    out.push(Case {
        doc,
        pointer: "/reference/0",
        definition: "reference".into(),
    });
    out
}

/// The schema of `definition`, `$ref`s followed.
fn definition<'a>(schema: &'a Value, name: &str) -> &'a Value {
    schema["definitions"]
        .get(name)
        .unwrap_or_else(|| panic!("the schema has no definition `{name}`"))
}

fn resolve<'a>(schema: &'a Value, mut node: &'a Value) -> &'a Value {
    while let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/definitions/");
        node = definition(schema, name);
    }
    node
}

/// The names of a closed definition's properties.
fn property_names(def: &Value) -> BTreeSet<String> {
    def["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// A value the schema gives for a property: its example, or a model parameter's default.
fn example_of(schema: &Value, property: &Value) -> Value {
    let node = resolve(schema, property);
    node.get("examples")
        .and_then(|e| e.get(0))
        .or_else(|| node.get("default"))
        .cloned()
        .unwrap_or_else(|| panic!("no example or default in {property}"))
}

/// `doc` with `key = value` in the table at `pointer`; a key that replaces its alternatives
/// (`series` for `y`) takes their place, and a key given only beside another (the schema's
/// `dependencies`: a heatmap's `y` beside `z`) brings that one with its example.
fn with_key(case: &Case, def: &Value, key: &str, value: Value) -> Value {
    let mut doc = case.doc.clone();
    let table = table_at(&mut doc, case.pointer);
    let alternatives: Vec<&str> = def["oneOf"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["required"][0].as_str()).collect())
        .unwrap_or_default();
    let needs: Vec<&str> = def["dependencies"][key]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for &k in needs.iter().chain([&key]) {
        if alternatives.contains(&k) && !table.contains_key(k) {
            for other in &alternatives {
                table.remove(*other);
            }
        }
    }
    for needed in needs {
        if !table.contains_key(needed) {
            let schema = schema();
            let example = example_of(&schema, &def["properties"][needed]);
            table.insert(needed.into(), example);
        }
    }
    table.insert(key.into(), value);
    doc
}

#[test]
fn the_committed_schema_is_the_commands_output() {
    let committed = std::fs::read_to_string(Path::new(ROOT).join("book/chart.schema.json")).expect(
        "book/chart.schema.json (regenerate: mdbook-svg-charts schema > book/chart.schema.json)",
    );
    assert!(
        committed == mdbook_svg_charts::commands::schema::run(),
        "book/chart.schema.json is out of date; regenerate it with `cargo run -- schema > book/chart.schema.json`"
    );
}

#[test]
fn the_schema_is_a_valid_draft_07_schema() {
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    if let Err(e) = jsonschema::draft7::meta::validate(&schema) {
        panic!("not a valid draft-07 schema: {e}");
    }
    validator(&schema);
}

#[test]
fn the_schema_knows_every_kind_and_model_the_parser_knows() {
    let data = data_dir();
    let schema = schema();
    let kinds = parser_kinds(data.path());
    let models = parser_models(data.path());
    assert_eq!(
        kinds,
        [
            "bar",
            "line",
            "scatter",
            "pie",
            "histogram",
            "cdf",
            "heatmap",
            "box"
        ]
        .map(String::from)
    );
    assert!(models.len() >= 7, "{models:?}");
    let type_words: BTreeSet<&str> = schema["properties"]["type"]["anyOf"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["enum"].as_array().unwrap())
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(type_words, kinds.iter().map(String::as_str).collect());
    // `model` is declared per family of kinds (points, samples): every declaration names
    // every model (which model draws which kind is the dispatch's business).
    let model = &schema["properties"]["model"];
    let declarations: Vec<&Value> = match model["anyOf"].as_array() {
        Some(a) => a.iter().collect(),
        None => vec![model],
    };
    for d in declarations {
        let model_words: Vec<&str> = resolve(&schema, d)["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(model_words, models);
    }
    for case in cases(&kinds, &models) {
        definition(&schema, &case.definition);
    }
}

/// Per kind, model and table: the keys the parser knows are the keys the schema lists, except
/// keys the parser reads only to refuse (`aspect` on a bar chart), which must then be refused.
#[test]
fn the_parser_knows_exactly_the_keys_the_schema_lists() {
    let data = data_dir();
    let schema = schema();
    let kinds = parser_kinds(data.path());
    let models = parser_models(data.path());
    let mut checked = 0;
    for case in cases(&kinds, &models) {
        let def = definition(&schema, &case.definition);
        let listed = property_names(def);
        let known = known_keys(&case.doc, case.pointer, data.path());
        let missing: Vec<&String> = known.difference(&listed).collect();
        let unread: Vec<&String> = listed.difference(&known).collect();
        assert!(
            unread.is_empty(),
            "{}: the schema lists {unread:?}, which the parser does not read in {}",
            case.definition,
            case.doc
        );
        for key in missing {
            // The parser reads it here only to refuse it: give it the value another kind takes.
            let property = &schema["properties"][key.as_str()];
            assert!(
                !property.is_null(),
                "{}: the parser reads `{key}`, which the schema does not list anywhere (add it to src/chart/schema.rs KEYS)",
                case.definition
            );
            let value = match resolve(&schema, property).get("anyOf") {
                Some(a) if property.get("$ref").is_none() => example_of(&schema, &a[0]),
                _ => example_of(&schema, property),
            };
            let doc = with_key(&case, def, key, value);
            assert!(
                !parser_errors(&doc, data.path()).is_empty(),
                "{}: the parser accepts `{key}`, which the schema does not list (add it to src/chart/schema.rs KEYS): {doc}",
                case.definition
            );
        }
        checked += listed.len();
    }
    assert!(checked > 500, "only {checked} keys checked");
}

/// Every key of every table, given its example (a model parameter: its default), is accepted
/// by the parser and by the schema.
#[test]
fn every_example_is_valid_for_parser_and_schema() {
    let data = data_dir();
    let schema = schema();
    let validator = validator(&schema);
    let kinds = parser_kinds(data.path());
    let models = parser_models(data.path());
    for case in cases(&kinds, &models) {
        let def = definition(&schema, &case.definition);
        assert!(
            schema_errors(&validator, &case.doc).is_empty(),
            "{}: {:?}",
            case.doc,
            schema_errors(&validator, &case.doc)
        );
        for (key, property) in def["properties"].as_object().unwrap() {
            let doc = with_key(&case, def, key, example_of(&schema, property));
            let parser = parser_errors(&doc, data.path());
            assert!(
                parser.is_empty(),
                "{}: the parser refuses {doc}: {parser:?}",
                case.definition
            );
            let schema_says = schema_errors(&validator, &doc);
            assert!(
                schema_says.is_empty(),
                "{}: the schema refuses {doc}: {schema_says:?}",
                case.definition
            );
        }
    }
}

/// Every word and numeric range of the chart language's own keys agrees: each word the schema
/// lists is accepted by both, each word the parser names but the schema does not is refused by
/// the parser; the ends of a range are accepted by both and just beyond them refused by both.
#[test]
fn words_and_ranges_agree() {
    let data = data_dir();
    let schema = schema();
    let validator = validator(&schema);
    let kinds = parser_kinds(data.path());
    let models = parser_models(data.path());
    let mut probes = 0;
    for case in cases(&kinds, &models) {
        let def = definition(&schema, &case.definition);
        for (key, property) in def["properties"].as_object().unwrap() {
            // Model parameters come from the parser's own parameter tables.
            if property["$ref"]
                .as_str()
                .is_some_and(|r| r.starts_with("#/definitions/model."))
            {
                continue;
            }
            let node = resolve(&schema, property);
            let both = |value: Value| {
                let doc = with_key(&case, def, key, value);
                (
                    parser_errors(&doc, data.path()),
                    schema_errors(&validator, &doc),
                    doc,
                )
            };
            if let Some(words) = node.get("enum").and_then(Value::as_array) {
                if key == "model" {
                    continue;
                }
                for word in words {
                    let (parser, schema_says, doc) = both(word.clone());
                    assert!(
                        parser.is_empty() && schema_says.is_empty(),
                        "{}: {doc}: parser {parser:?}, schema {schema_says:?}",
                        case.definition
                    );
                    probes += 1;
                }
                let (parser, schema_says, doc) = both(json!("qqqq"));
                assert!(
                    !schema_says.is_empty(),
                    "{}: the schema accepts {doc}",
                    case.definition
                );
                let message = parser
                    .iter()
                    .find(|e| e.contains("expected one of"))
                    .unwrap_or_else(|| {
                        panic!(
                            "{}: no word list from the parser for {doc}: {parser:?}",
                            case.definition
                        )
                    });
                for word in quoted_words(message) {
                    if !words.contains(&json!(word)) {
                        let (parser, _, doc) = both(json!(word));
                        assert!(
                            !parser.is_empty(),
                            "{}: the parser accepts {doc}, the schema does not list the word",
                            case.definition
                        );
                    }
                    probes += 1;
                }
            }
            if let (Some(min), Some(max)) = (
                node.get("minimum").and_then(Value::as_f64),
                node.get("maximum").and_then(Value::as_f64),
            ) {
                let step = |v: f64| v.abs() * 1e-9 + 1e-9;
                for (value, valid) in [
                    (min, true),
                    (max, true),
                    (min - step(min), false),
                    (max + step(max), false),
                ] {
                    let (parser, schema_says, doc) = both(json!(value));
                    assert_eq!(
                        parser.is_empty(),
                        valid,
                        "{}: parser on {doc}: {parser:?}",
                        case.definition
                    );
                    assert_eq!(
                        schema_says.is_empty(),
                        valid,
                        "{}: schema on {doc}: {schema_says:?}",
                        case.definition
                    );
                    probes += 1;
                }
            }
        }
    }
    assert!(probes > 300, "only {probes} probes");
}

fn toml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The demo book's figure files and every chart block of its chapters validate.
#[test]
fn the_demo_books_charts_validate() {
    let schema = schema();
    let validator = validator(&schema);
    let mut charts = Vec::new();
    for dir in ["book/src/figures", "book/src/charts"] {
        for file in toml_files(dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(
                text.starts_with("#:schema ../../chart.schema.json\n"),
                "{}: starts with the `#:schema` comment for editors",
                file.display()
            );
            charts.push((file.display().to_string(), text));
        }
    }
    let mut chapters: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("book/src"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    chapters.sort();
    for chapter in chapters {
        let text = std::fs::read_to_string(&chapter).unwrap();
        for fence in mdbook_svg_charts::markdown::find_chart_fences(&text) {
            let body = &fence.body;
            // Included files are checked above.
            if !body.contains("{{#include") {
                let body: String = body.lines().map(|l| format!("{l}\n")).collect();
                charts.push((format!("{}", chapter.display()), body));
            }
        }
    }
    assert!(charts.len() > 60, "only {} charts found", charts.len());
    for (name, text) in charts {
        let doc = parse_toml(&text);
        let errors = schema_errors(&validator, &doc);
        assert!(errors.is_empty(), "{name}: {errors:?}\n{text}");
    }
}

/// Each model is drawn on the same kinds by parser and schema, and a model without `type` is
/// valid for both (lines, or a histogram for a model of samples).
#[test]
fn parser_and_schema_agree_on_the_kinds_each_model_draws() {
    let data = data_dir();
    let schema = schema();
    let validator = validator(&schema);
    let kinds = parser_kinds(data.path());
    let models = parser_models(data.path());
    for model in &models {
        let mut drawn = Vec::new();
        for kind in &kinds {
            let doc = json!({ "type": kind, "model": model });
            let parser = parser_errors(&doc, data.path()).is_empty();
            let schema_says = schema_errors(&validator, &doc).is_empty();
            assert_eq!(parser, schema_says, "{doc}");
            if parser {
                drawn.push(kind.as_str());
            }
        }
        let samples = model == "latency-distribution";
        let expected: &[&str] = if samples {
            &["histogram", "cdf"]
        } else {
            &["bar", "line", "scatter"]
        };
        assert_eq!(drawn, expected, "{model}");
        let doc = json!({ "model": model });
        assert!(parser_errors(&doc, data.path()).is_empty(), "{doc}");
        assert!(schema_errors(&validator, &doc).is_empty(), "{doc}");
    }
    assert!(models.iter().any(|m| m == "latency-distribution"));
}

#[test]
fn a_misspelt_key_or_a_key_of_another_kind_fails_validation() {
    let schema = schema();
    let validator = validator(&schema);
    let good = parse_toml("type = \"line\"\ntitle = \"Latency\"\ny = [1, 2, 3]\n");
    assert!(schema_errors(&validator, &good).is_empty());
    for (text, expected) in [
        (
            "type = \"line\"\ntitel = \"Latency\"\ny = [1, 2, 3]\n",
            "titel",
        ),
        ("type = \"line\"\nhole = 0.4\ny = [1, 2, 3]\n", "hole"),
        (
            "type = \"pie\"\nlabels = [\"a\"]\nvalues = [1]\nmodel = \"queueing\"\n",
            "",
        ),
        ("type = \"bar\"\ny = [1]\n[[series]]\ny = [2]\n", ""),
        (
            "[[panel]]\ntype = \"line\"\ny = [1]\nmarkersize = 3\n",
            "markersize",
        ),
        ("model = \"queueing\"\nservers = 0.5\n", "servers"),
        ("type = \"bar\"\nmodel = \"latency-distribution\"\n", ""),
        ("type = \"cdf\"\nmodel = \"queueing\"\n", ""),
        (
            "type = \"bar\"\ny = [1, 2]\nband-low = [0, 1]\n",
            "band-low",
        ),
        (
            "type = \"line\"\ny = [1, 2]\n[x-axis]\nscale = \"logarithmic\"\n",
            "logarithmic",
        ),
    ] {
        let errors = schema_errors(&validator, &parse_toml(text));
        assert!(!errors.is_empty(), "the schema accepts\n{text}");
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{text}: {errors:?} do not name {expected}"
        );
    }
}

//! `model = "..."` and its parameters, read against the model's parameter table.

use std::collections::BTreeMap;

use super::Sources;
use crate::chart::Dash;
use crate::chart::fields::{Fields, Result, error};
use crate::chart::model_call::{ModelCall, ParamKind, ParamValue, SeriesOverride};
use crate::suggest::nearest;

/// Reads `model = "..."`, its parameters (defaults filled in, ranges checked) and any
/// `[[series]]` restyling tables.
pub(super) fn model_call(f: &mut Fields<'_, '_>, sources: Sources<'_>) -> Result<ModelCall> {
    let span = f.span_of("model");
    let name = f
        .string("model")?
        .ok_or_else(|| f.missing("model", "a model name"))?;
    let Some((model, params)) = sources.models.find(&name) else {
        let names = sources.models.names();
        let hint = nearest(&name, names.iter().copied())
            .map(|n| format!(" (did you mean \"{n}\"?)"))
            .unwrap_or_default();
        return Err(error(
            f.path("model"),
            span,
            format!(
                "unknown model \"{name}\"{hint}; expected one of {}",
                names.join(", ")
            ),
        ));
    };
    f.reads_params(params);
    let mut values = BTreeMap::new();
    for p in params {
        let unit = if p.unit.is_empty() {
            String::new()
        } else {
            format!(" ({})", p.unit)
        };
        let value = match p.kind {
            ParamKind::Number {
                default,
                min,
                max,
                min_open,
                max_open,
                whole,
            } => {
                let expected = format!(
                    "a {}number{unit} {} {min} and {} {max}",
                    if whole { "whole " } else { "" },
                    if min_open { "above" } else { "from" },
                    if max_open { "below" } else { "up to" },
                );
                let ok = |n: f64| {
                    (if min_open { n > min } else { n >= min })
                        && (if max_open { n < max } else { n <= max })
                        && (!whole || n.fract() == 0.0)
                };
                ParamValue::Number(f.number_where(p.key, ok, &expected)?.unwrap_or(default))
            }
            ParamKind::Numbers {
                min,
                max,
                max_len,
                default,
            } => {
                let list = f.numbers(p.key)?.unwrap_or_else(|| default.to_vec());
                if list.len() > max_len {
                    return Err(error(
                        f.path(p.key),
                        f.span_of(p.key),
                        format!("has {} values; at most {max_len} are allowed", list.len()),
                    ));
                }
                if let Some(i) = list.iter().position(|v| *v < min || *v > max) {
                    return Err(error(
                        format!("{}[{i}]", f.path(p.key)),
                        f.element_span(p.key, i),
                        format!(
                            "expected a number{unit} from {min} to {max}, found {}",
                            list[i]
                        ),
                    ));
                }
                ParamValue::Numbers(list)
            }
            ParamKind::Words {
                multiple,
                options,
                default,
            } => {
                let mut words: Vec<String> = match f.get(p.key).map(|v| v.get_ref()) {
                    None => default.iter().map(|w| w.to_string()).collect(),
                    Some(toml::de::DeValue::String(s)) => vec![s.to_string()],
                    Some(_) => f.strings(p.key)?.unwrap_or_default(),
                };
                // A word given twice draws one series (and costs one).
                let mut seen = Vec::with_capacity(words.len());
                words.retain(|w| {
                    let new = !seen.contains(w);
                    if new {
                        seen.push(w.clone());
                    }
                    new
                });
                let list = options
                    .iter()
                    .map(|o| format!("\"{o}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                if words.is_empty() || (!multiple && words.len() > 1) {
                    let how = if multiple {
                        "one or more"
                    } else {
                        "exactly one"
                    };
                    return Err(error(
                        f.path(p.key),
                        f.span_of(p.key),
                        format!("expected {how} of {list}"),
                    ));
                }
                if let Some(bad) = words.iter().find(|w| !options.contains(&w.as_str())) {
                    let hint = nearest(bad, options.iter().copied())
                        .map(|n| format!(" (did you mean \"{n}\"?)"))
                        .unwrap_or_default();
                    return Err(error(
                        f.path(p.key),
                        f.span_of(p.key),
                        format!("expected one or more of {list}, found \"{bad}\"{hint}"),
                    ));
                }
                ParamValue::Words(words)
            }
            ParamKind::Text { default } => {
                ParamValue::Text(f.string(p.key)?.unwrap_or_else(|| default.to_string()))
            }
        };
        values.insert(p.key, value);
    }
    let mut overrides = Vec::new();
    for mut t in f.tables("series")? {
        let o = SeriesOverride {
            name: t.string("name")?,
            color: t.color("color")?,
            dash: t.choice(
                "dash",
                &[
                    ("solid", Dash::Solid),
                    ("dash", Dash::Dashed),
                    ("dot", Dash::Dotted),
                ],
            )?,
            markers: t.bool("markers")?,
            line_width: t.number("line-width", 0.5..12.0)?,
        };
        t.finish()?;
        overrides.push(o);
    }
    let path = f.path("");
    Ok(ModelCall {
        name: model,
        values,
        span,
        path: path.trim_end_matches('.').to_string(),
        overrides,
    })
}

//! The `[preprocessor.svg-charts]` table of `book.toml`.

use serde_json::Value;

use crate::chart::limits::{MAX_SIZE, MIN_HEIGHT, MIN_WIDTH};
use crate::chart::{Color, ParseOptions};
use crate::diagnostic::escape_controls;
use crate::markdown::Dialect;
use crate::render::DEFAULT_PALETTE;
use crate::suggest::nearest;

/// What happens when a chart block is wrong.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OnError {
    /// Show an error box in the page, warn on stderr, and keep building (`mdbook serve` friendly).
    #[default]
    Show,
    /// Fail the build (for CI).
    Fail,
}

/// Settings read from `[preprocessor.svg-charts]`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Config {
    /// What a bad chart does to the build.
    pub on_error: OnError,
    /// Series colours for every chart that sets none.
    pub(crate) palette: Vec<Color>,
    /// Default chart size.
    pub(crate) parse: ParseOptions,
    /// Add a collapsed data table under each figure.
    pub data_table: bool,
    /// Which mdBook's Markdown chapters are read as (from the version mdBook sends).
    pub(crate) markdown: Dialect,
    /// Whether the data table links to the data files it names (not in an EPUB, which may
    /// hold no such files).
    pub(crate) link_data_files: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            on_error: OnError::Show,
            palette: DEFAULT_PALETTE.to_vec(),
            parse: ParseOptions::default(),
            data_table: true,
            markdown: Dialect::default(),
            link_data_files: true,
        }
    }
}

/// A bad key in `[preprocessor.svg-charts]`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigError {
    /// The key, e.g. `on-error`.
    pub key: String,
    /// What was wrong and what was expected.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    /// One line, control characters in the key and the message escaped (both may quote what
    /// the author wrote in `book.toml`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "book.toml: [preprocessor.svg-charts] `{}`: {}",
            escape_controls(&self.key),
            escape_controls(&self.message)
        )
    }
}

impl std::error::Error for ConfigError {}

/// Keys mdBook itself reads in every preprocessor table.
const MDBOOK_KEYS: &[&str] = &[
    "command",
    "renderers",
    "renderer",
    "before",
    "after",
    "optional",
];
/// Keys this preprocessor reads.
const OWN_KEYS: &[&str] = &["on-error", "palette", "width", "height", "data-table"];

fn err(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        key: key.to_string(),
        message: message.into(),
    }
}

fn number(
    table: &serde_json::Map<String, Value>,
    key: &str,
    lo: f64,
    hi: f64,
) -> Result<Option<f64>, ConfigError> {
    match table.get(key) {
        None => Ok(None),
        Some(v) => match v.as_f64() {
            Some(n) if (lo..=hi).contains(&n) => Ok(Some(n)),
            _ => Err(err(
                key,
                format!("expected a number from {lo} to {hi}, found {v}"),
            )),
        },
    }
}

impl Config {
    /// Sets what suits the renderer the book is being built for: an EPUB holds only its pages,
    /// so the data table names its data files without linking to them.
    pub(crate) fn for_renderer(mut self, renderer: &str) -> Self {
        self.link_data_files = renderer != "epub";
        self
    }

    /// Reads the table (as JSON, the shape mdBook passes it in); `None` means absent.
    pub fn from_json(table: Option<&Value>) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        let Some(table) = table else {
            return Ok(config);
        };
        let Some(table) = table.as_object() else {
            return Err(err("", "expected a table"));
        };
        for key in table.keys() {
            if MDBOOK_KEYS.contains(&key.as_str()) || OWN_KEYS.contains(&key.as_str()) {
                continue;
            }
            let known = OWN_KEYS.iter().chain(MDBOOK_KEYS).copied();
            let hint = nearest(key, known)
                .map(|k| format!("unknown key; did you mean `{k}`?"))
                .unwrap_or_else(|| {
                    format!("unknown key; expected one of: {}", OWN_KEYS.join(", "))
                });
            return Err(err(key, hint));
        }
        if let Some(v) = table.get("on-error") {
            config.on_error = match v.as_str() {
                Some("show") => OnError::Show,
                Some("fail") => OnError::Fail,
                _ => {
                    return Err(err(
                        "on-error",
                        format!("expected \"show\" or \"fail\", found {v}"),
                    ));
                }
            };
        }
        if let Some(v) = table.get("palette") {
            let items = v.as_array().filter(|a| !a.is_empty()).ok_or_else(|| {
                err(
                    "palette",
                    format!("expected a non-empty array of colours, found {v}"),
                )
            })?;
            config.palette = items
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    c.as_str().and_then(Color::parse).ok_or_else(|| {
                        err(
                            &format!("palette[{i}]"),
                            format!("expected a colour like \"#3498db\", found {c}"),
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        if let Some(v) = table.get("data-table") {
            config.data_table = v
                .as_bool()
                .ok_or_else(|| err("data-table", format!("expected true or false, found {v}")))?;
        }
        if let Some(w) = number(table, "width", MIN_WIDTH, MAX_SIZE)? {
            config.parse.width = w;
        }
        if let Some(h) = number(table, "height", MIN_HEIGHT, MAX_SIZE)? {
            config.parse.height = h;
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_when_absent() {
        assert_eq!(Config::from_json(None).unwrap(), Config::default());
    }

    #[test]
    fn reads_keys_and_accepts_mdbook_keys() {
        let c = Config::from_json(Some(&json!({
            "after": ["links"], "command": "x", "on-error": "fail",
            "palette": ["#000", "red"], "width": 500
        })))
        .unwrap();
        assert_eq!(c.on_error, OnError::Fail);
        assert_eq!(c.palette, vec![Color(0, 0, 0), Color(255, 0, 0)]);
        assert_eq!(c.parse.width, 500.0);
    }

    #[test]
    fn bad_keys_are_named() {
        let e = Config::from_json(Some(&json!({"on-eror": "fail"}))).unwrap_err();
        assert_eq!(e.key, "on-eror");
        assert!(e.message.contains("did you mean `on-error`"), "{e}");
        let e = Config::from_json(Some(&json!({"on-error": "explode"}))).unwrap_err();
        assert_eq!(e.key, "on-error");
        let e = Config::from_json(Some(&json!({"palette": ["#zzz"]}))).unwrap_err();
        assert_eq!(e.key, "palette[0]");
        let e = Config::from_json(Some(&json!({"width": 5}))).unwrap_err();
        assert_eq!(e.key, "width");
    }

    #[test]
    fn errors_print_as_one_inert_line() {
        let e = Config::from_json(Some(&json!({"z\u{1b}[31m\nx": 1}))).unwrap_err();
        assert_eq!(e.key, "z\u{1b}[31m\nx", "the key as written");
        assert!(
            e.to_string().starts_with(
                "book.toml: [preprocessor.svg-charts] `z\\u{1b}[31m\\nx`: unknown key"
            ),
            "{e}"
        );
        let e = Config::from_json(Some(&json!({"palette": ["\u{9b}2J\u{202e}"]}))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "book.toml: [preprocessor.svg-charts] `palette[0]`: expected a colour like \"#3498db\", found \"\\u{9b}2J\\u{202e}\""
        );
    }
}

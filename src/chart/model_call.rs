//! A panel's `model = "..."`: the vocabulary of model parameters ([`Param`]) that the reader
//! checks a block against, and the checked call ([`ModelCall`]) that `models` evaluates. The
//! parameter tables themselves live beside each model in `models`.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{Color, Dash};
use crate::diagnostic::BlockError;

/// What kind of value a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ParamKind {
    /// A number in `min..=max` (or `min..max` when `max_open`).
    Number {
        /// Default value.
        default: f64,
        /// Lowest valid value.
        min: f64,
        /// Highest valid value.
        max: f64,
        /// The maximum itself is not valid (utilization below 1).
        max_open: bool,
        /// The minimum itself is not valid (a positive time).
        min_open: bool,
        /// Only whole numbers (a count of servers, samples, attempts).
        whole: bool,
    },
    /// A list of numbers in `min..=max` (points to mark).
    Numbers {
        /// Lowest valid value.
        min: f64,
        /// Highest valid value.
        max: f64,
        /// Most numbers the list may hold.
        max_len: usize,
        /// The list when the block gives none.
        default: &'static [f64],
    },
    /// Words from a fixed list: which series to draw, or (`multiple: false`) one choice.
    Words {
        /// More than one word may be given.
        multiple: bool,
        /// The valid words.
        options: &'static [&'static str],
        /// The default selection.
        default: &'static [&'static str],
    },
    /// A text (a label).
    Text {
        /// Default text.
        default: &'static str,
    },
}

/// One model parameter: its key in the chart block, unit, range and meaning.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Param {
    /// Key in the chart block.
    pub key: &'static str,
    /// Unit, for messages and the `models` listing ("ms", "", "fraction 0–1").
    pub unit: &'static str,
    /// Kind, range and default.
    pub kind: ParamKind,
    /// What it means.
    pub doc: &'static str,
}

/// A parameter's value as written (or defaulted).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ParamValue {
    /// A number.
    Number(f64),
    /// Numbers.
    Numbers(Vec<f64>),
    /// Words.
    Words(Vec<String>),
    /// Text.
    Text(String),
}

/// A panel's model and its parameters, as read from the chart block.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ModelCall {
    /// The model's name (one the catalogue knows).
    pub name: &'static str,
    /// Every parameter, defaults filled in.
    pub values: BTreeMap<&'static str, ParamValue>,
    /// Span of the `model` key's value (for errors found while evaluating).
    pub span: Range<usize>,
    /// The dotted path of the panel (`""` or `panel[1]`).
    pub path: String,
    /// Style overrides from `[[series]]` tables, by index.
    pub overrides: Vec<SeriesOverride>,
}

/// What a `[[series]]` table may change on a model's series.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SeriesOverride {
    /// New name.
    pub name: Option<String>,
    /// New colour.
    pub color: Option<Color>,
    /// New dash style.
    pub dash: Option<Dash>,
    /// Markers on or off.
    pub markers: Option<bool>,
    /// Line width.
    pub line_width: Option<f64>,
}

impl ModelCall {
    pub(crate) fn number(&self, key: &str) -> f64 {
        match self.values.get(key) {
            Some(ParamValue::Number(n)) => *n,
            _ => 0.0,
        }
    }

    pub(crate) fn numbers(&self, key: &str) -> &[f64] {
        match self.values.get(key) {
            Some(ParamValue::Numbers(n)) => n,
            _ => &[],
        }
    }

    pub(crate) fn words(&self, key: &str) -> Vec<&str> {
        match self.values.get(key) {
            Some(ParamValue::Words(w)) => w.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn text(&self, key: &str) -> &str {
        match self.values.get(key) {
            Some(ParamValue::Text(t)) => t,
            _ => "",
        }
    }

    pub(crate) fn error(&self, key: &str, message: impl Into<String>) -> BlockError {
        let key = if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        };
        BlockError::at(key, self.span.clone(), message)
    }
}

/// The models the reader can check a block against (implemented by `models`).
pub(crate) trait ModelCatalog {
    /// The name as the catalogue spells it (static) and the parameter table of model `name`.
    fn find(&self, name: &str) -> Option<(&'static str, &'static [Param])>;
    /// Every model's name, for "did you mean" and the list of valid names.
    fn names(&self) -> Vec<&'static str>;
    /// Whether model `name` draws raw samples (histogram and CDF panels; a histogram when no
    /// `type` is given) rather than points (bar, line and scatter panels; lines by default).
    fn of_samples(&self, _name: &str) -> bool {
        false
    }
}

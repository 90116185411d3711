//! TOML text → [`Figure`], every error located in the block. `mod.rs` reads the figure;
//! `panel`, `series` and `model` read what their names say.

mod distribution;
mod heatmap;
mod model;
mod panel;
mod series;
#[cfg(test)]
mod tests;
mod uncertainty;

use toml::de::DeTable;

use self::panel::read_panel;
use super::columns::DataFiles;
use super::fields::{Fields, Result, error};
use super::limits::{
    MAX_FIGURE_LABELS, MAX_FIGURE_POINTS, MAX_PANELS, MAX_SIZE, MIN_HEIGHT, MIN_WIDTH,
    check_block_size,
};
use super::model_call::ModelCatalog;
use super::{ChartKind, Figure, LegendPosition, Panel};
use crate::diagnostic::BlockError;

/// What the reader may consult besides the block: data files and the model catalogue.
#[derive(Clone, Copy)]
pub(crate) struct Sources<'a> {
    /// Where `data = "file"` is opened; `None` where data files are not available.
    pub files: Option<&'a dyn DataFiles>,
    /// The models `model = "..."` may name.
    pub models: &'a dyn ModelCatalog,
}

/// Defaults that come from `book.toml` rather than from the block.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ParseOptions {
    /// Default viewBox width.
    pub width: f64,
    /// Default viewBox height.
    pub height: f64,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            width: 640.0,
            height: 400.0,
        }
    }
}

pub(super) const KINDS: &[(&str, ChartKind)] = &[
    ("bar", ChartKind::Bar),
    ("line", ChartKind::Line),
    ("scatter", ChartKind::Scatter),
    ("pie", ChartKind::Pie),
    ("histogram", ChartKind::Histogram),
    ("cdf", ChartKind::Cdf),
    ("heatmap", ChartKind::Heatmap),
    ("box", ChartKind::Box),
];

/// Reads the TOML body of one `chart` block. Errors come in source order: every bad value and
/// unknown key found before reading had to stop (at most
/// [`MAX_ERRORS_PER_BLOCK`](crate::diagnostic::MAX_ERRORS_PER_BLOCK)), or the first TOML syntax
/// mistake.
pub(crate) fn read(
    text: &str,
    options: &ParseOptions,
    sources: Sources<'_>,
) -> std::result::Result<Figure, Vec<BlockError>> {
    check_block_size(text).map_err(|e| vec![e])?;
    // The parser may report a later symptom before the mistake that caused it (an unclosed
    // string makes the next array unclosed): the first mistake is the earliest in the text.
    let (root, syntax) = DeTable::parse_recoverable(text);
    if let Some(e) = syntax
        .iter()
        .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start))
    {
        return Err(vec![BlockError {
            key: String::new(),
            message: format!("invalid TOML: {}", e.message().trim_end()),
            span: e.span(),
        }]);
    }
    let mut f = Fields::new(root.get_ref(), root.span(), String::new());
    match figure(&mut f, options, sources).and_then(|figure| f.finish().map(|()| figure)) {
        Ok(figure) => match f.errors(None) {
            errors if errors.is_empty() => Ok(figure),
            errors => Err(errors),
        },
        Err(last) => Err(f.errors(Some(last))),
    }
}

fn figure(f: &mut Fields<'_, '_>, options: &ParseOptions, sources: Sources<'_>) -> Result<Figure> {
    f.data_file(sources.files)?;
    // A multi-panel figure has `[[panel]]` tables and no top-level `type`.
    let multi = f.has("panel");
    let kind = if multi {
        None
    } else if f.has("model") && !f.has("type") {
        f.get("type");
        Some(model_kind(f, sources.models))
    } else {
        Some(f.choice("type", KINDS)?.ok_or_else(|| {
            f.missing(
                "type",
                "one of \"bar\", \"line\", \"scatter\", \"pie\", \"histogram\", \"cdf\", \"heatmap\", \"box\" (or [[panel]] tables)",
            )
        })?)
    };
    let title = f.string("title")?;
    let description = f.string("description")?;
    let width = f
        .number("width", MIN_WIDTH..MAX_SIZE)?
        .unwrap_or(options.width);
    // A pie is round: a narrow one is not as tall as the default, but as tall as a drawing may
    // be at least.
    let default_height = if kind == Some(ChartKind::Pie) {
        options.height.min(width * 0.75).max(MIN_HEIGHT)
    } else {
        options.height
    };
    let height = f
        .number("height", MIN_HEIGHT..MAX_SIZE)?
        .unwrap_or(default_height);
    let legend = f
        .choice(
            "legend",
            &[
                ("auto", LegendPosition::Auto),
                ("right", LegendPosition::Right),
                ("bottom", LegendPosition::Bottom),
                ("top", LegendPosition::Top),
                ("none", LegendPosition::None),
            ],
        )?
        .unwrap_or_default();
    let palette = f.colors("colors")?;
    let data_table = f.bool("data-table")?;
    if let Some(p) = &palette
        && p.is_empty()
    {
        return Err(error(
            f.path("colors"),
            f.span(),
            "expected at least one colour",
        ));
    }
    let (panels, columns) = match kind {
        Some(kind) => (vec![read_panel(f, kind, false, sources)?], 1),
        None => {
            let tables = f.tables("panel")?;
            if tables.len() > MAX_PANELS {
                return Err(error(
                    "panel",
                    f.span(),
                    format!(
                        "has {} panels; at most {MAX_PANELS} are allowed",
                        tables.len()
                    ),
                ));
            }
            let mut panels = Vec::with_capacity(tables.len());
            for mut t in tables {
                let kind = match t.choice("type", KINDS)? {
                    Some(k) => k,
                    None if t.has("model") => model_kind(&mut t, sources.models),
                    None => {
                        return Err(
                            t.missing(
                                "type",
                                "one of \"bar\", \"line\", \"scatter\", \"pie\", \"histogram\", \"cdf\", \"heatmap\", \"box\"",
                            )
                        );
                    }
                };
                t.data_file(sources.files)?;
                panels.push(read_panel(&mut t, kind, true, sources)?);
                // Stop reading panels (and their data files) once the figure is over its limit.
                check_points(f, &panels)?;
                t.finish()?;
            }
            let n = panels.len();
            let columns = f
                .number("columns", 1.0..(MAX_PANELS as f64))?
                .map_or(n.min(3), |c| c as usize)
                .clamp(1, n.max(1));
            (panels, columns)
        }
    };
    check_points(f, &panels)?;
    let labels: usize = panels
        .iter()
        .flat_map(|p| &p.series)
        .filter(|s| s.show_labels)
        .filter_map(|s| s.labels.as_ref().map(Vec::len))
        .sum();
    if labels > MAX_FIGURE_LABELS {
        return Err(error(
            "panel",
            f.span_of("panel"),
            format!(
                "the panels have {labels} point labels in all; at most {MAX_FIGURE_LABELS} can be placed in one figure"
            ),
        ));
    }
    Ok(Figure {
        title,
        description,
        width,
        height,
        legend,
        palette,
        panels,
        columns,
        data_table,
    })
}

/// The kind a model draws when no `type` is given: a histogram for a model of samples, else
/// lines.
fn model_kind(f: &mut Fields<'_, '_>, models: &dyn ModelCatalog) -> ChartKind {
    let samples = f
        .get("model")
        .and_then(|v| v.get_ref().as_str())
        .is_some_and(|name| models.of_samples(name));
    if samples {
        ChartKind::Histogram
    } else {
        ChartKind::Line
    }
}

/// The figure's points written in the block so far within [`MAX_FIGURE_POINTS`] (those from
/// data files are bounded as they are read: `MAX_FIGURE_FILE_VALUES`).
fn check_points(f: &Fields<'_, '_>, panels: &[Panel]) -> Result<()> {
    let points: usize = panels
        .iter()
        .flat_map(|p| &p.series)
        .filter(|s| s.source.is_none())
        .map(|s| s.y.len())
        .sum();
    if points > MAX_FIGURE_POINTS {
        return Err(error(
            "",
            f.span(),
            format!(
                "the chart has {points} points in all; at most {MAX_FIGURE_POINTS} are drawn in one figure"
            ),
        ));
    }
    Ok(())
}

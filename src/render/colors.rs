//! Which colour each series and slice gets: its own, else the palette colour of its name, so a
//! name keeps one colour across panels.

use super::{RenderOptions, pie, theme};
use crate::chart::{ChartKind, Color, Dash, Figure, Series};

pub(super) fn palette<'a>(figure: &'a Figure, options: &RenderOptions<'a>) -> &'a [Color] {
    match &figure.palette {
        Some(p) => p,
        None => options.palette,
    }
}

/// The legend name of series `j`.
pub(super) fn series_name(s: &Series, j: usize) -> String {
    s.name
        .clone()
        .unwrap_or_else(|| format!("Series {}", j + 1))
}

/// The palette index of every series (or pie slice) of every panel: the position of its name
/// among the names of the whole figure, so that the same name has the same index (and so the
/// same colour and dash) in every panel.
fn name_indices(figure: &Figure) -> Vec<Vec<usize>> {
    let mut names: Vec<String> = Vec::new();
    let mut index_of = |name: String| match names.iter().position(|n| *n == name) {
        Some(i) => i,
        None => {
            names.push(name);
            names.len() - 1
        }
    };
    figure
        .panels
        .iter()
        .map(|panel| {
            if panel.kind == ChartKind::Pie {
                pie::slice_names(panel)
                    .into_iter()
                    .map(&mut index_of)
                    .collect()
            } else {
                panel
                    .series
                    .iter()
                    .enumerate()
                    .map(|(j, s)| index_of(series_name(s, j)))
                    .collect()
            }
        })
        .collect()
}

/// Colours per panel: a series (or pie slice) gets its own colour if it set one, otherwise the
/// palette colour of its name, so the same name has the same colour in every panel and appears
/// once in the legend.
pub(super) fn assign_colors(figure: &Figure, palette: &[Color]) -> Vec<Vec<Color>> {
    figure
        .panels
        .iter()
        .zip(name_indices(figure))
        .map(|(panel, indices)| {
            if panel.kind == ChartKind::Pie {
                indices
                    .into_iter()
                    .map(|i| theme::series_color(palette, i))
                    .collect()
            } else {
                panel
                    .series
                    .iter()
                    .zip(indices)
                    .map(|(s, i)| s.color.unwrap_or_else(|| theme::series_color(palette, i)))
                    .collect()
            }
        })
        .collect()
}

/// Dashes per panel, one per series (pie panels: none), parallel to [`assign_colors`]: a
/// series' own dash if it set one (not solid); solid if it set its own colour; otherwise, once
/// the palette has come round, dashed, then dotted (`theme::series_dash`), so that lines past
/// the palette's distinct hues differ by dash too. The line and legend code draw
/// `dashes[panel][j]` instead of `series.dash`.
pub(super) fn assign_dashes(figure: &Figure, palette: &[Color]) -> Vec<Vec<Dash>> {
    figure
        .panels
        .iter()
        .zip(name_indices(figure))
        .map(|(panel, indices)| {
            if panel.kind == ChartKind::Pie {
                return Vec::new();
            }
            panel
                .series
                .iter()
                .zip(indices)
                .map(|(s, i)| match (s.dash, s.color) {
                    (Dash::Solid, None) => theme::series_dash(palette.len(), i),
                    (dash, _) => dash,
                })
                .collect()
        })
        .collect()
}

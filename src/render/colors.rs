//! Which colour each series and slice gets: its own, else the palette colour of its name, so a
//! name keeps one colour across panels.

use super::{RenderOptions, pie, theme};
use crate::chart::{ChartKind, Color, Figure, Series};

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

/// Colours per panel: a series (or pie slice) gets its own colour if it set one, otherwise the
/// palette colour of its name, so the same name has the same colour in every panel and appears
/// once in the legend.
pub(super) fn assign_colors(figure: &Figure, palette: &[Color]) -> Vec<Vec<Color>> {
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
                    .map(|n| theme::series_color(palette, index_of(n)))
                    .collect()
            } else {
                panel
                    .series
                    .iter()
                    .enumerate()
                    .map(|(j, s)| {
                        let i = index_of(series_name(s, j));
                        s.color.unwrap_or_else(|| theme::series_color(palette, i))
                    })
                    .collect()
            }
        })
        .collect()
}

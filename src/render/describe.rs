//! The accessible name and description of a figure, generated from its data when the author
//! gave none, so screen-reader users get the numbers the picture shows.

use crate::chart::{ChartKind, Figure, Panel, XValues};
use crate::format::{self, format_exact};

/// Most points listed per series in a generated description.
const MAX_POINTS_LISTED: usize = 12;

/// The accessible name: the title, or the kind of chart.
pub(super) fn name(figure: &Figure) -> String {
    match &figure.title {
        Some(t) => t.clone(),
        None => match figure.panels.first() {
            Some(p) => format!("{} chart", capitalise(p.kind.name())),
            None => "Chart".into(),
        },
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The description: the author's, or a summary of every series.
pub(super) fn description(figure: &Figure) -> String {
    if let Some(d) = &figure.description {
        return d.clone();
    }
    let mut out = String::new();
    for panel in &figure.panels {
        describe_panel(&mut out, panel);
    }
    out.trim_end().to_string()
}

fn describe_panel(out: &mut String, panel: &Panel) {
    let kind = capitalise(panel.kind.name());
    match &panel.title {
        Some(t) => out.push_str(&format!("{kind} chart, {t}. ")),
        None => out.push_str(&format!("{kind} chart. ")),
    }
    if panel.stacked {
        out.push_str("Stacked: each series is drawn on top of the ones before it. ");
    }
    if let Some(t) = &panel.x_axis.title {
        out.push_str(&format!("X axis: {t}. "));
    }
    if let Some(t) = &panel.y_axis.title {
        out.push_str(&format!("Y axis: {t}. "));
    }
    match panel.kind {
        ChartKind::Heatmap => return super::heatmap::describe(out, panel),
        ChartKind::Box => return super::boxplot::describe(out, panel),
        _ => {}
    }
    for (i, s) in panel.series.iter().enumerate() {
        if panel.kind.of_samples() {
            let name = s
                .name
                .clone()
                .unwrap_or_else(|| format!("Series {}", i + 1));
            let sorted = crate::stats::sorted_finite(&s.y);
            if let (Some(min), Some(max)) = (sorted.first(), sorted.last()) {
                let mean = sorted.iter().sum::<f64>() / sorted.len() as f64;
                let tail: Vec<String> = crate::stats::REPORTED
                    .iter()
                    .map(|p| {
                        let v = crate::stats::percentile_of_sorted(&sorted, *p);
                        format!("p{} {}", format_exact(*p), format_exact(v))
                    })
                    .collect();
                out.push_str(&format!(
                    "{name}: {} samples from {} to {}; mean {}, {}. ",
                    sorted.len(),
                    format_exact(*min),
                    format_exact(*max),
                    format_exact(mean),
                    tail.join(", ")
                ));
            }
            continue;
        }
        if panel.kind == ChartKind::Pie {
            let total: f64 = s.y.iter().sum();
            if let XValues::Categories(names) = &s.x {
                let parts: Vec<String> = names
                    .iter()
                    .zip(&s.y)
                    .take(MAX_POINTS_LISTED)
                    .map(|(n, v)| {
                        let share = format::format_percent(v / total * 100.0, 0);
                        format!("{n} {} ({share})", format_exact(*v))
                    })
                    .collect();
                out.push_str(&parts.join(", "));
                if names.len() > MAX_POINTS_LISTED {
                    out.push_str(&format!(", and {} more", names.len() - MAX_POINTS_LISTED));
                }
                out.push_str(". ");
            }
            continue;
        }
        let name = s
            .name
            .clone()
            .unwrap_or_else(|| format!("Series {}", i + 1));
        if s.y.len() > super::table::SUMMARY_ROWS
            && let Some(sum) = crate::stats::summarize(&s.y)
        {
            // A long series is summarised, not listed.
            let last = s.x.len().saturating_sub(1);
            out.push_str(&format!(
                "{name}: {} points{} from {} to {}; min {}, median {}, max {}. ",
                sum.count,
                match s.y.len() - sum.count {
                    0 => String::new(),
                    missing => format!(" ({missing} missing)"),
                },
                super::table::x_text(&s.x, 0, &panel.x_axis),
                super::table::x_text(&s.x, last, &panel.x_axis),
                format_exact(sum.min),
                format_exact(sum.median),
                format_exact(sum.max)
            ));
            continue;
        }
        let points: Vec<String> = (0..s.y.len())
            .take(MAX_POINTS_LISTED)
            .map(|k| {
                let x = super::table::x_text(&s.x, k, &panel.x_axis);
                let y = if s.y[k].is_nan() {
                    "missing".to_string()
                } else {
                    format_exact(s.y[k]) + &super::uncertainty::point_text(s, k)
                };
                match s.labels.as_ref().and_then(|l| l.get(k)) {
                    Some(label) => format!("{label} ({x}, {y})"),
                    None => format!("{x}: {y}"),
                }
            })
            .collect();
        out.push_str(&format!("{name}: {}", points.join(", ")));
        if s.y.len() > MAX_POINTS_LISTED {
            out.push_str(&format!(
                ", and {} more points",
                s.y.len() - MAX_POINTS_LISTED
            ));
        }
        out.push_str(". ");
    }
}

//! The data behind a figure as HTML tables in a collapsed `<details>`, so screen-reader users
//! and readers who want exact numbers get them without JavaScript. Written on one line, like the
//! figure it follows.

use super::svg::push_text;
use super::uncertainty;
use crate::chart::{Axis, ChartKind, Figure, Panel, Series, XValues};
use crate::format::{self, format_exact};

pub(super) fn cell(out: &mut String, tag: &str, text: &str) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    push_text(out, text);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// An x value as a reader needs it: the category, the exact number, or on a time axis the
/// time in ISO form.
pub(super) fn x_text(x: &XValues, i: usize, axis: &Axis) -> String {
    match (x, &axis.time) {
        (XValues::Categories(c), _) => c.get(i).cloned().unwrap_or_default(),
        (XValues::Numbers(n), Some(time)) => n
            .get(i)
            .map(|v| crate::time::iso(*v, &time.zone))
            .unwrap_or_default(),
        (XValues::Numbers(n), None) => n.get(i).map(|v| format_exact(*v)).unwrap_or_default(),
    }
}

fn series_name(s: &Series, j: usize) -> String {
    s.name
        .clone()
        .unwrap_or_else(|| format!("Series {}", j + 1))
}

fn pie_table(out: &mut String, panel: &Panel) {
    let Some(s) = panel.series.first() else {
        return;
    };
    let total: f64 = s.y.iter().sum();
    out.push_str("<thead><tr>");
    cell(out, "th", "Slice");
    cell(out, "th", "Value");
    cell(out, "th", "Share");
    out.push_str("</tr></thead><tbody>");
    for (i, v) in s.y.iter().enumerate() {
        out.push_str("<tr>");
        cell(out, "td", &x_text(&s.x, i, &panel.x_axis));
        cell(out, "td", &format_exact(*v));
        cell(out, "td", &format::format_percent(v / total * 100.0, 1));
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
}

/// Past this many points in a series, the table summarises each series instead of listing
/// every point (a page with a 100,000-row table helps no one; the data file is linked).
pub(super) const SUMMARY_ROWS: usize = 200;

/// One row per series: its points, extremes, mean, nearest-rank median and p99, first and last
/// x, and a link to the data file it came from.
fn summary_table(out: &mut String, panel: &Panel) {
    out.push_str("<thead><tr>");
    for head in [
        "Series", "Points", "Min", "Median", "Mean", "p99", "Max", "First", "Last",
    ] {
        cell(out, "th", head);
    }
    out.push_str("</tr></thead><tbody>");
    for (j, s) in panel.series.iter().enumerate() {
        out.push_str("<tr>");
        cell(out, "td", &series_name(s, j));
        match crate::stats::summarize(&s.y) {
            Some(sum) => {
                let missing = s.y.len() - sum.count;
                let count = if missing > 0 {
                    format!("{} ({missing} missing)", sum.count)
                } else {
                    sum.count.to_string()
                };
                cell(out, "td", &count);
                for v in [sum.min, sum.median, sum.mean, sum.p99, sum.max] {
                    cell(out, "td", &format_exact(v));
                }
            }
            None => {
                cell(out, "td", "0");
                for _ in 0..5 {
                    cell(out, "td", "");
                }
            }
        }
        let last = s.x.len().saturating_sub(1);
        cell(out, "td", &x_text(&s.x, 0, &panel.x_axis));
        cell(out, "td", &x_text(&s.x, last, &panel.x_axis));
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
}

/// A value as the table writes it: exactly, or nothing for a missing sample (a gap).
fn value_text(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else {
        format_exact(v)
    }
}

/// A data file's path as a relative URL: always starting with `./` or `../` (so a file named
/// `javascript:x.csv` cannot become a script URL), with the characters that would end or change
/// a URL path percent-encoded.
fn relative_href(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    if !path.starts_with("./") && !path.starts_with("../") {
        out.push_str("./");
    }
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            ' ' => out.push_str("%20"),
            '\\' => out.push('/'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The data files the panel's series came from, each once, in order.
fn sources(panel: &Panel) -> Vec<&str> {
    let mut files: Vec<&str> = Vec::new();
    for s in &panel.series {
        if let Some(f) = s.source.as_deref()
            && !files.contains(&f)
        {
            files.push(f);
        }
    }
    files
}

/// One table for series that share their x values (a column each), otherwise a row per point;
/// a summary per series when a series is long.
fn xy_table(out: &mut String, panel: &Panel) {
    if panel.series.iter().any(|s| s.y.len() > SUMMARY_ROWS) {
        summary_table(out, panel);
        return;
    }
    let x_head = panel.x_axis.title.clone().unwrap_or_else(|| "x".into());
    let shared = panel.series.windows(2).all(|w| w[0].x == w[1].x)
        && panel
            .series
            .iter()
            .all(|s| s.labels.is_none() && s.sizes.is_none() && s.color_values.is_none());
    if shared && let Some(first) = panel.series.first() {
        out.push_str("<thead><tr>");
        cell(out, "th", &x_head);
        for (j, s) in panel.series.iter().enumerate() {
            cell(out, "th", &series_name(s, j));
            for c in uncertainty::columns(s) {
                cell(
                    out,
                    "th",
                    &uncertainty::heading(c, Some(&series_name(s, j))),
                );
            }
        }
        out.push_str("</tr></thead><tbody>");
        for i in 0..first.x.len() {
            out.push_str("<tr>");
            cell(out, "td", &x_text(&first.x, i, &panel.x_axis));
            for s in &panel.series {
                cell(
                    out,
                    "td",
                    &s.y.get(i).map(|v| value_text(*v)).unwrap_or_default(),
                );
                for c in uncertainty::columns(s) {
                    cell(out, "td", &uncertainty::cell(s, c, i));
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody>");
        return;
    }
    let y_head = panel.y_axis.title.clone().unwrap_or_else(|| "y".into());
    let any_labels = panel.series.iter().any(|s| s.labels.is_some());
    let any_sizes = panel.series.iter().any(|s| s.sizes.is_some());
    let any_colors = panel.series.iter().any(|s| s.color_values.is_some());
    out.push_str("<thead><tr>");
    cell(out, "th", "Series");
    if any_labels {
        cell(out, "th", "Label");
    }
    cell(out, "th", &x_head);
    cell(out, "th", &y_head);
    let extra = uncertainty::panel_columns(panel);
    for c in &extra {
        cell(out, "th", &uncertainty::heading(*c, None));
    }
    if any_sizes {
        cell(out, "th", "Size");
    }
    if any_colors {
        let head = panel
            .color_scale
            .as_ref()
            .and_then(|c| c.title.clone())
            .unwrap_or_else(|| "Colour value".into());
        cell(out, "th", &head);
    }
    out.push_str("</tr></thead><tbody>");
    for (j, s) in panel.series.iter().enumerate() {
        let name = series_name(s, j);
        for i in 0..s.y.len() {
            out.push_str("<tr>");
            cell(out, "td", &name);
            if any_labels {
                cell(
                    out,
                    "td",
                    s.labels
                        .as_ref()
                        .and_then(|l| l.get(i))
                        .map_or("", String::as_str),
                );
            }
            cell(out, "td", &x_text(&s.x, i, &panel.x_axis));
            cell(out, "td", &value_text(s.y[i]));
            for c in &extra {
                cell(out, "td", &uncertainty::cell(s, *c, i));
            }
            if any_sizes {
                let v = s.sizes.as_ref().and_then(|v| v.get(i));
                cell(out, "td", &v.map(|v| format_exact(*v)).unwrap_or_default());
            }
            if any_colors {
                let v = s.color_values.as_ref().and_then(|v| v.get(i));
                cell(out, "td", &v.map(|v| format_exact(*v)).unwrap_or_default());
            }
            out.push_str("</tr>");
        }
    }
    out.push_str("</tbody>");
}

/// One row per sample series: how many, the extremes, the mean and the reported percentiles
/// (nearest-rank): the numbers "averages lie" is about.
fn samples_table(out: &mut String, panel: &Panel) {
    out.push_str("<thead><tr>");
    for head in ["Series", "Samples", "Min", "Mean"] {
        cell(out, "th", head);
    }
    for p in crate::stats::REPORTED {
        cell(out, "th", &format!("p{}", format_exact(p)));
    }
    cell(out, "th", "Max");
    out.push_str("</tr></thead><tbody>");
    for (j, s) in panel.series.iter().enumerate() {
        let sorted = crate::stats::sorted_finite(&s.y);
        out.push_str("<tr>");
        cell(out, "td", &series_name(s, j));
        cell(out, "td", &sorted.len().to_string());
        if let (Some(min), Some(max)) = (sorted.first(), sorted.last()) {
            cell(out, "td", &format_exact(*min));
            let mean = sorted.iter().sum::<f64>() / sorted.len() as f64;
            cell(out, "td", &format_exact(mean));
            for p in crate::stats::REPORTED {
                cell(
                    out,
                    "td",
                    &format_exact(crate::stats::percentile_of_sorted(&sorted, p)),
                );
            }
            cell(out, "td", &format_exact(*max));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
}

/// A histogram's bins: each bin's range and its height per series (as drawn: count, percent or
/// density).
fn bins_table(out: &mut String, panel: &Panel) {
    let sorted = super::histogram::sorted_samples(panel);
    let binned = super::histogram::bin(panel, &sorted);
    out.push_str("<thead><tr>");
    cell(out, "th", "From");
    cell(out, "th", "To");
    for (j, s) in panel.series.iter().enumerate() {
        cell(out, "th", &series_name(s, j));
    }
    out.push_str("</tr></thead><tbody>");
    for (i, e) in binned.edges.windows(2).enumerate() {
        out.push_str("<tr>");
        cell(out, "td", &format_exact(e[0]));
        cell(out, "td", &format_exact(e[1]));
        for h in &binned.heights {
            cell(out, "td", &format_exact(h[i]));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
}

/// Appends `<details>` with one table per panel (one line, no blank lines).
pub(super) fn push_data_tables(out: &mut String, figure: &Figure, link_files: bool) {
    out.push_str("<details class=\"svg-chart-data\"><summary>Data</summary>");
    for (k, panel) in figure.panels.iter().enumerate() {
        out.push_str("<table>");
        let caption = panel
            .title
            .clone()
            .or_else(|| {
                (figure.panels.len() == 1)
                    .then(|| figure.title.clone())
                    .flatten()
            })
            .unwrap_or_else(|| format!("Panel {}", k + 1));
        cell(out, "caption", &caption);
        match panel.kind {
            ChartKind::Pie => pie_table(out, panel),
            ChartKind::Histogram | ChartKind::Cdf => samples_table(out, panel),
            ChartKind::Heatmap => super::heatmap::table(out, panel),
            ChartKind::Box => super::boxplot::table(out, panel),
            _ => xy_table(out, panel),
        }
        out.push_str("</table>");
        if panel.kind == ChartKind::Histogram {
            out.push_str("<table>");
            cell(out, "caption", &format!("{caption}: bins"));
            bins_table(out, panel);
            out.push_str("</table>");
        }
        let files = sources(panel);
        if !files.is_empty() {
            // The path as the block wrote it, relative to the chapter: mdBook copies the book's
            // files to the same places beside the chapter's page.
            out.push_str("<p>Data: ");
            for (i, f) in files.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if link_files {
                    out.push_str("<a href=\"");
                    super::svg::push_attr(out, &relative_href(f));
                    out.push_str("\">");
                    push_text(out, f);
                    out.push_str("</a>");
                } else {
                    push_text(out, f);
                }
            }
            out.push_str("</p>");
        }
    }
    out.push_str("</details>");
}

#[cfg(test)]
mod tests {
    #[test]
    fn data_links_are_relative_paths() {
        use super::relative_href;
        assert_eq!(relative_href("data/a.csv"), "./data/a.csv");
        assert_eq!(relative_href("../x.csv"), "../x.csv");
        assert_eq!(
            relative_href("javascript:alert(1).csv"),
            "./javascript:alert(1).csv"
        );
        assert_eq!(relative_href("a b#1?.csv"), "./a%20b%231%3F.csv");
    }

    use crate::chart::read_for_tests as parse;
    use crate::render::{DEFAULT_PALETTE, RenderOptions, figure_html};

    fn html(toml: &str, data_table: bool) -> String {
        let fig = parse(toml).unwrap();
        figure_html(
            &fig,
            &RenderOptions {
                id: "t",
                palette: DEFAULT_PALETTE,
                data_table,
                link_files: true,
                every_point: false,
            },
        )
    }

    #[test]
    fn shared_x_gives_one_column_per_series() {
        let out = html(
            "type='bar'\nx=['a','b<c']\n[[series]]\nname='p50'\ny=[1,2]\n[[series]]\nname='p99'\ny=[3,4]",
            true,
        );
        assert!(!out.contains('\n'));
        let doc = roxmltree::Document::parse(&out).unwrap();
        let rows: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("tr")).collect();
        assert_eq!(rows.len(), 3);
        let head: Vec<_> = rows[0].children().filter_map(|c| c.text()).collect();
        assert_eq!(head, ["x", "p50", "p99"]);
        let last: Vec<_> = rows[2].children().filter_map(|c| c.text()).collect();
        assert_eq!(last, ["b<c", "2", "4"]);
        let summary = doc
            .descendants()
            .find(|n| n.has_tag_name("summary"))
            .unwrap();
        assert_eq!(summary.text(), Some("Data"));
    }

    #[test]
    fn pie_rows_have_shares_and_can_be_switched_off() {
        let toml = "type='pie'\nlabels=['a','b']\nvalues=[1,3]";
        let out = html(toml, true);
        let doc = roxmltree::Document::parse(&out).unwrap();
        let cells: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("td"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(cells, ["a", "1", "25.0%", "b", "3", "75.0%"]);
        assert!(!html(toml, false).contains("<details"));
        assert!(!html(&format!("{toml}\ndata-table=false"), true).contains("<details"));
    }
}

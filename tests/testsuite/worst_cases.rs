//! The promise behind the README's "Limits": anything within them is cheap, anything beyond is
//! refused before the expensive work. Each case below is a chart at (or just past) one documented
//! limit, or at several at once; each must finish in under a second and add under 200 MiB to the
//! process's peak memory, whether it renders or is refused.
//!
//! Each case runs in a fresh process (this test binary, started again for one case), so its
//! peak memory is its own. Timing needs an optimised build, so the test is ignored in a plain
//! `cargo test`; `.ci/run` runs it with
//! `cargo test --release --test testsuite -- --ignored worst_cases` (`WORST_CASES=text` in the
//! environment runs only the cases whose description contains `text`).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use mdbook_svg_charts::testing::limits::{
    MAX_ANNOTATIONS, MAX_BINS, MAX_BLOCK_BYTES, MAX_ERRORS_PER_BLOCK, MAX_FIGURE_POINTS,
    MAX_FILE_ROWS, MAX_HEAT_CELLS, MAX_HEAT_SIDE, MAX_LABELS, MAX_MARKS, MAX_PANELS, MAX_POINTS,
    MAX_REFERENCES, MAX_SERIES, MAX_TEXT_CHARS,
};
use mdbook_svg_charts::{Config, DataContext, process_chapter_in, render_standalone_in};

const TIME: Duration = Duration::from_secs(1);
/// The largest drawing: `width` and `height` at their documented maximum (4000 pixels each).
const LARGEST: &str = "width = 4000\nheight = 4000\n";
const MEMORY_MIB: f64 = 200.0;

/// This process's resident-set high-water mark in KiB (`VmHWM`; Linux).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Numbers that jump across the whole plot (the worst case for lines and label placement).
fn noise(n: usize, seed: u64) -> Vec<f64> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 10_000) as f64 / 100.0
        })
        .collect()
}

fn list(values: &[f64]) -> String {
    let mut out = String::from("[");
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write!(out, "{v}").unwrap();
    }
    out.push(']');
    out
}

fn labels(n: usize, prefix: &str) -> String {
    let items: Vec<String> = (0..n).map(|i| format!("\"{prefix} {i}\"")).collect();
    format!("[{}]", items.join(","))
}

/// A CSV of `rows` rows and `columns` numeric columns `c0`, `c1`, ….
fn write_csv(path: &Path, rows: usize, columns: usize) {
    let mut text = (0..columns)
        .map(|c| format!("c{c}"))
        .collect::<Vec<_>>()
        .join(",");
    text.push('\n');
    let values = noise(rows * columns, 7);
    for r in 0..rows {
        for c in 0..columns {
            if c > 0 {
                text.push(',');
            }
            write!(text, "{}", values[r * columns + c]).unwrap();
        }
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

enum Expect {
    Renders,
    Refused(&'static str),
    /// Renders, or is refused for the size of its SVG (until long lines are thinned to the
    /// plot's resolution); either way within the time and memory limits.
    Finishes,
}

struct Case {
    what: &'static str,
    /// A chapter's Markdown (several charts may share its data files) or one chart's TOML.
    chapter: Option<String>,
    chart: String,
    expect: Expect,
}

fn chart(what: &'static str, chart: String, expect: Expect) -> Case {
    Case {
        what,
        chapter: None,
        chart,
        expect,
    }
}

/// A CSV of the most rows and cells a data file may have: 1,000,000 rows of `time` (ISO 8601,
/// a second apart) and three numeric columns `c0`, `c1`, `c2`: 4,000,000 cells.
fn write_time_csv(path: &Path) {
    let rows = MAX_FILE_ROWS;
    let values = noise(rows * 3, 11);
    let mut text = String::with_capacity(48 * rows);
    text.push_str("time,c0,c1,c2\n");
    for r in 0..rows {
        let (h, m, s) = (r / 3600, r / 60 % 60, r % 60);
        writeln!(
            text,
            "2026-11-{:02}T{:02}:{m:02}:{s:02}Z,{},{},{}",
            1 + h / 24,
            h % 24,
            values[3 * r],
            values[3 * r + 1],
            values[3 * r + 2]
        )
        .unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// The data files the cases read.
fn write_files(dir: &Path) {
    write_csv(&dir.join("wide.csv"), MAX_POINTS, MAX_SERIES);
    // 64 MiB less a little: the largest data file, one column of one-digit numbers.
    let mut big = String::from("v\n");
    while big.len() < 64 * 1024 * 1024 - 4 {
        big.push_str("1\n");
    }
    std::fs::write(dir.join("big.csv"), &big).unwrap();
    write_time_csv(&dir.join("million.csv"));
    // The most memory a table can take: 4,000,000 text cells of 14 characters (60 MB).
    let mut text = String::from("a,b,c,d\n");
    let cell = "abcdefghijklmn";
    let row = format!("{cell},{cell},{cell},{cell}\n");
    while text.len() + row.len() <= 64 * 1024 * 1024 && text.len() < 1_000_000 * row.len() {
        text.push_str(&row);
    }
    std::fs::write(dir.join("texts.csv"), &text).unwrap();
    // The largest JSON file: 1 MiB less a little of one-number records.
    let mut json = String::from("[[\"v\"]");
    while json.len() < 1024 * 1024 - 8 {
        json.push_str(",[1]");
    }
    json.push(']');
    std::fs::write(dir.join("big.json"), &json).unwrap();
}

fn cases() -> Vec<Case> {
    let columns = |n: usize| {
        (0..n)
            .map(|c| format!("\"c{c}\""))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out = Vec::new();

    out.push(chart(
        "100,000 points (10 columns x 10,000 rows) with an annotation",
        format!(
            "type = \"line\"\ndata = \"wide.csv\"\ny = [{}]\n[[annotation]]\nx = 5000\ny = 50\ntext = \"here\"\n",
            columns(10)
        ),
        Expect::Renders,
    ));
    out.push(chart(
        "64 series x 10,000 points from a file",
        format!(
            "type = \"line\"\ndata = \"wide.csv\"\ny = [{}]\n",
            columns(64)
        ),
        Expect::Finishes,
    ));
    out.push(chart(
        "11 series x 10,000 points written in the block: over the points per figure",
        {
            let mut block = String::from("type = \"line\"\n");
            for i in 0..11 {
                // Short numbers, so that the block stays under 512 KiB.
                let ys: Vec<f64> = noise(10_000, 400 + i)
                    .iter()
                    .map(|v| v.floor() % 10.0)
                    .collect();
                write!(block, "[[series]]\ny = {}\n", list(&ys)).unwrap();
            }
            block
        },
        Expect::Refused("points in all"),
    ));
    let mut panels = String::new();
    for _ in 0..12 {
        write!(
            panels,
            "[[panel]]\ntype = \"line\"\ndata = \"wide.csv\"\ny = [{}]\n",
            columns(64)
        )
        .unwrap();
    }
    out.push(chart(
        "12 panels x 64 series x 10,000 points from a file",
        panels,
        Expect::Refused("are read for one figure"),
    ));
    out.push(chart(
        "10,000 markers with 500 labels",
        format!(
            "type = \"scatter\"\n[[series]]\nx = {x}\ny = {y}\n[[series]]\nx = {lx}\ny = {ly}\nlabels = {l}\nmode = \"markers+text\"\n",
            x = list(&noise(9_500, 1)),
            y = list(&noise(9_500, 2)),
            lx = list(&noise(500, 3)),
            ly = list(&noise(500, 4)),
            l = labels(500, "point")
        ),
        Expect::Renders,
    ));
    let mut two = String::new();
    for p in 0..2 {
        write!(
            two,
            "[[panel]]\ntype = \"scatter\"\nx = {}\ny = {}\nlabels = {}\nmode = \"markers+text\"\n",
            list(&noise(500, 10 + p)),
            list(&noise(500, 20 + p)),
            labels(500, "label")
        )
        .unwrap();
    }
    out.push(chart(
        "1,000 point labels in two panels",
        two,
        Expect::Renders,
    ));
    let mut crowded = String::new();
    for p in 0..12 {
        write!(
            crowded,
            "[[panel]]\ntype = \"scatter\"\nx = {}\ny = {}\nlabels = {}\nmode = \"markers+text\"\n",
            list(&noise(500, 30 + p)),
            list(&noise(500, 50 + p)),
            labels(500, "label")
        )
        .unwrap();
    }
    out.push(chart(
        "12 panels x 500 labels: over the labels per figure",
        crowded,
        Expect::Refused("point labels in all"),
    ));
    let mut overlays = String::new();
    for p in 0..12 {
        write!(
            overlays,
            "[[panel]]\ntype = \"line\"\ny = {}\n",
            list(&noise(800, 70 + p))
        )
        .unwrap();
        for (i, (x, y)) in noise(100, 90 + p)
            .iter()
            .zip(noise(100, 110 + p))
            .enumerate()
        {
            write!(
                overlays,
                "[[panel.annotation]]\nx = {}\ny = {y}\ntext = \"annotation {i}\"\n",
                x * 8.0
            )
            .unwrap();
        }
        for (i, y) in noise(50, 130 + p).iter().enumerate() {
            write!(
                overlays,
                "[[panel.reference]]\ny = {y}\nlabel = \"line {i}\"\n"
            )
            .unwrap();
        }
    }
    out.push(chart(
        "12 panels x (800 points, 100 annotations, 50 labelled reference lines)",
        overlays,
        Expect::Renders,
    ));
    out.push(chart(
        "a pie of 1,000 slices",
        format!(
            "type = \"pie\"\nlabels = {}\nvalues = {}\n",
            labels(1_000, "slice"),
            list(&noise(1_000, 5).iter().map(|v| v + 1.0).collect::<Vec<_>>())
        ),
        Expect::Renders,
    ));
    out.push(chart(
        "a pie of 10,000 slices",
        format!(
            "type = \"pie\"\nlabels = {}\nvalues = {}\n",
            labels(10_000, "s"),
            list(&noise(10_000, 6).iter().map(|v| v + 1.0).collect::<Vec<_>>())
        ),
        Expect::Refused("at most 1000"),
    ));
    let queueing = "[[panel]]\nmodel = \"queueing\"\nservers = 1000\nsamples = 2000\nmetrics = [\"mean\", \"p50\", \"p90\", \"p95\", \"p99\", \"p999\"]\nutilization-max = 0.999\n".repeat(12);
    out.push(chart(
        "12 queueing panels: 1,000 servers x 2,000 samples x 6 metrics",
        queueing,
        Expect::Renders,
    ));
    let duplicated = format!(
        "model = \"queueing\"\nservers = 1000\nsamples = 2000\nmetrics = [{}]\n",
        vec!["\"p999\""; 64].join(", ")
    );
    out.push(chart(
        "queueing with 64 x p999 (one series)",
        duplicated,
        Expect::Renders,
    ));
    let marks: Vec<String> = (0..20).map(|i| format!("{}", i as f64 / 20.0)).collect();
    out.push(chart(
        "12 cache panels with 20 marks and 2,000 samples",
        format!(
            "[[panel]]\nmodel = \"cache-hit-rate\"\nsamples = 2000\nmark = [{}]\n",
            marks.join(", ")
        )
        .repeat(12),
        Expect::Renders,
    ));
    let marks: Vec<String> = (1..=20)
        .map(|i| format!("{}", 100.0 - 0.5f64.powi(i)))
        .collect();
    out.push(chart(
        "12 latency-distribution panels x 100,000 samples, percentile view, 20 marks",
        format!(
            "[[panel]]\nmodel = \"latency-distribution\"\ntype = \"cdf\"\nview = \"percentiles\"\nsamples = 100000\nslow-fraction = 0.5\nmark = [{}]\n[panel.y-axis]\nscale = \"log\"\n",
            marks.join(", ")
        )
        .repeat(12),
        Expect::Renders,
    ));
    out.push(chart(
        "12 latency-distribution histograms x 100,000 samples, 1,000 bins",
        "[[panel]]\nmodel = \"latency-distribution\"\nsamples = 100000\nbins = 1000\np99 = 1000000\nmedian = 0.001\n"
            .repeat(12),
        Expect::Renders,
    ));
    out.push(chart(
        "10,000 points with error bars and a band, and 10,000 bars' worth of whiskers",
        format!(
            "[[panel]]\ntype = \"line\"\ny = {y}\ny-error = {e}\nband-low = {lo}\nband-high = {hi}\n[[panel]]\ntype = \"bar\"\ny = {y}\ny-error-low = {e}\ny-error-high = {e}\n",
            y = list(&noise(10_000, 400)),
            e = list(&noise(10_000, 401)),
            lo = list(&noise(10_000, 402).iter().map(|v| v - 100.0).collect::<Vec<_>>()),
            hi = list(&noise(10_000, 403).iter().map(|v| v + 100.0).collect::<Vec<_>>()),
        ),
        Expect::Renders,
    ));
    let mut legend = String::from("type = \"line\"\n");
    for i in 0..64 {
        write!(
            legend,
            "[[series]]\nname = \"{} {i}\"\ny = {}\n",
            "a long series name".repeat(20),
            list(&noise(100, 200 + i))
        )
        .unwrap();
    }
    out.push(chart(
        "64 series with 360-character names",
        legend,
        Expect::Renders,
    ));
    out.push(chart(
        "the largest data file, one column",
        "type = \"line\"\ndata = \"big.csv\"\ny = \"v\"\n".into(),
        Expect::Refused("more than 1000000 rows"),
    ));
    let four = "```chart\ntype = \"line\"\ndata = \"big.csv\"\ny = \"v\"\n```\n\n".repeat(4);
    out.push(Case {
        what: "four charts naming the largest data file in one chapter",
        chapter: Some(four),
        chart: String::new(),
        expect: Expect::Refused("more than 1000000 rows"),
    });
    out.push(chart(
        "1,000,000 points on a time axis (x: ISO dates, y: numbers)",
        "type = \"line\"\ndata = \"million.csv\"\nx = \"time\"\ny = \"c0\"\n".into(),
        Expect::Finishes,
    ));
    out.push(chart(
        "3,000,000 values from a file: over the values per figure",
        "type = \"line\"\ndata = \"million.csv\"\nx = \"time\"\ny = [\"c0\", \"c1\"]\n".into(),
        Expect::Refused("are read for one figure"),
    ));
    out.push(chart(
        "1,000,000 bubbles (2,000,000 values)",
        "type = \"scatter\"\ndata = \"million.csv\"\ny = \"c0\"\nsizes = \"c1\"\n".into(),
        Expect::Finishes,
    ));
    out.push(chart(
        "1,000,000 coloured markers (2,000,000 values)",
        "type = \"scatter\"\ndata = \"million.csv\"\ny = \"c0\"\ncolor-values = \"c2\"\ncolor-scale = \"viridis\"\n".into(),
        Expect::Finishes,
    ));
    let mut panels = String::new();
    for c in ["c0", "c1", "c2"] {
        write!(
            panels,
            "[[panel]]\ntype = \"scatter\"\ndata = \"million.csv\"\nx = \"time\"\ny = \"{c}\"\n"
        )
        .unwrap();
    }
    out.push(chart(
        "three panels of 1,000,000 points on time axes: over the values per figure",
        panels,
        Expect::Refused("are read for one figure"),
    ));
    out.push(chart(
        "1,000,000 dates as point labels: over the rows of a text column",
        "type = \"scatter\"\ndata = \"million.csv\"\ny = \"c0\"\nlabels = \"time\"\n".into(),
        Expect::Refused("a column of text is read for at most"),
    ));
    out.push(chart(
        "4,000,000 text cells (the most memory a table takes)",
        "type = \"line\"\ndata = \"texts.csv\"\ny = \"a\"\n".into(),
        Expect::Refused("expected a number"),
    ));
    out.push(chart(
        "the largest JSON file (262,000 records)",
        "type = \"line\"\ndata = \"big.json\"\ny = \"v\"\n".into(),
        Expect::Finishes,
    ));
    let mut block = String::from("type = \"scatter\"\nmode = \"markers+text\"\n");
    let text = "t".repeat(500);
    block.push_str(&format!(
        "x = {}\ny = {}\nlabels = [",
        list(&noise(500, 300)),
        list(&noise(500, 301))
    ));
    for i in 0..500 {
        if i > 0 {
            block.push(',');
        }
        block.push_str(&format!("\"{text}\""));
    }
    block.push_str("]\n");
    assert!(block.len() < 512 * 1024);
    out.push(chart(
        "500 labels of 500 characters (a block near 512 KiB)",
        block,
        Expect::Renders,
    ));
    // At the largest drawing, lines are longest: the labels of annotations and reference lines
    // are placed clear of lines that jump across the whole plot.
    let series = MAX_FIGURE_POINTS / MAX_POINTS;
    let annotation = "[[annotation]]\nx = 5000\ny = 50\ntext = \"here\"\n";
    let reference = "[[reference]]\ny = 50\nlabel = \"a labelled reference line\"\n";
    out.push(chart(
        "4000 x 4000: 100,000 points (10 x 10,000 from a file), an annotation",
        format!(
            "type = \"line\"\n{LARGEST}data = \"wide.csv\"\ny = [{}]\n{annotation}",
            columns(series)
        ),
        Expect::Renders,
    ));
    out.push(chart(
        "4000 x 4000: 100,000 points, an annotation, a labelled reference line",
        format!(
            "type = \"line\"\n{LARGEST}data = \"wide.csv\"\ny = [{}]\n{annotation}{reference}",
            columns(series)
        ),
        Expect::Renders,
    ));
    out.push(chart(
        "4000 x 4000: 1,000,000 points on a time axis, annotation, reference",
        format!(
            "type = \"line\"\n{LARGEST}data = \"million.csv\"\nx = \"time\"\ny = \"c0\"\n{annotation}{reference}"
        ),
        Expect::Renders,
    ));
    out.push(chart(
        "4000 x 4000: 1,000,000 points in random order joined by lines, annotation, reference",
        format!(
            "type = \"scatter\"\nmode = \"lines\"\n{LARGEST}data = \"million.csv\"\nx = \"c1\"\ny = \"c0\"\n{annotation}{reference}"
        ),
        Expect::Finishes,
    ));
    out.push(chart(
        "4000 x 4000: 1,000,000 bubbles of up to 40 px, annotation, reference",
        format!(
            "type = \"scatter\"\n{LARGEST}data = \"million.csv\"\ny = \"c0\"\nsizes = \"c1\"\nmarker-size = 40\n{annotation}{reference}"
        ),
        Expect::Finishes,
    ));
    out.push(chart(
        "4000 x 4000: 1,000,000 points and 500 labelled points in one panel",
        format!(
            "type = \"line\"\n{LARGEST}data = \"million.csv\"\n[[series]]\ny = \"c0\"\n[[series]]\nx = {}\ny = {}\nlabels = {}\nmode = \"markers+text\"\n",
            list(&noise(MAX_LABELS, 270).iter().map(|v| (v * MAX_FILE_ROWS as f64 / 100.0).floor()).collect::<Vec<_>>()),
            list(&noise(MAX_LABELS, 271)),
            labels(MAX_LABELS, "point")
        ),
        Expect::Renders,
    ));
    out.push(chart(
        "4000 x 4000: 64 series x 10,000 points from a file, annotation, reference",
        format!(
            "type = \"line\"\n{LARGEST}data = \"wide.csv\"\ny = [{}]\n{annotation}{reference}",
            columns(MAX_SERIES)
        ),
        Expect::Finishes,
    ));
    let per_panel = MAX_FIGURE_POINTS / MAX_PANELS;
    let mut overlays = String::from(LARGEST);
    for p in 0..MAX_PANELS as u64 {
        // Whole numbers below 100, so that the block stays under its size limit.
        let ys: Vec<f64> = noise(per_panel, 170 + p)
            .iter()
            .map(|v| v.floor())
            .collect();
        write!(overlays, "[[panel]]\ntype = \"line\"\ny = {}\n", list(&ys)).unwrap();
        let xs = noise(MAX_ANNOTATIONS, 190 + p);
        let ys = noise(MAX_ANNOTATIONS, 210 + p);
        for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
            let x = (x * per_panel as f64 / 100.0).floor();
            write!(
                overlays,
                "[[panel.annotation]]\nx = {x}\ny = {y}\ntext = \"annotation {i}\"\n"
            )
            .unwrap();
        }
        for (i, y) in noise(MAX_REFERENCES, 230 + p).iter().enumerate() {
            write!(
                overlays,
                "[[panel.reference]]\ny = {y}\nlabel = \"line {i}\"\n"
            )
            .unwrap();
        }
    }
    assert!(overlays.len() <= MAX_BLOCK_BYTES, "{}", overlays.len());
    out.push(chart(
        "4000 x 4000: 12 panels x (8,333 points, 100 annotations, 50 references)",
        overlays,
        Expect::Renders,
    ));
    out.push(chart(
        "4000 x 4000: a histogram of 1,000,000 samples in 1,000 bins",
        format!(
            "type = \"histogram\"\n{LARGEST}data = \"million.csv\"\nvalues = \"c0\"\nbins = {MAX_BINS}\n"
        ),
        Expect::Renders,
    ));
    let marks: Vec<String> = (1..=MAX_MARKS as i32)
        .map(|i| format!("{}", 100.0 - 0.5f64.powi(i)))
        .collect();
    out.push(chart(
        "4000 x 4000: a CDF of 1,000,000 samples, percentile view, 20 marks",
        format!(
            "type = \"cdf\"\n{LARGEST}view = \"percentiles\"\ndata = \"million.csv\"\nvalues = \"c0\"\nmark = [{}]\n",
            marks.join(", ")
        ),
        Expect::Renders,
    ));
    out.push(chart(
        "4000 x 4000: a box plot of 1,000,000 samples",
        format!("type = \"box\"\n{LARGEST}data = \"million.csv\"\nvalues = \"c0\"\n"),
        Expect::Renders,
    ));
    out.push(chart(
        "4000 x 4000: a heatmap of 1,000,000 samples in 200 x 200 bins",
        format!(
            "type = \"heatmap\"\n{LARGEST}data = \"million.csv\"\nx = \"time\"\nvalues = \"c0\"\nx-bins = {MAX_HEAT_SIDE}\ny-bins = {MAX_HEAT_SIDE}\n"
        ),
        Expect::Finishes,
    ));
    let side = (MAX_HEAT_CELLS as f64).sqrt() as usize;
    let mut heatmaps = String::from(LARGEST);
    for p in 0..MAX_PANELS as u64 {
        let rows: Vec<String> = noise(side * side, 250 + p)
            .chunks(side)
            .map(|row| list(&row.iter().map(|v| v.floor() % 10.0).collect::<Vec<_>>()))
            .collect();
        write!(
            heatmaps,
            "[[panel]]\ntype = \"heatmap\"\nz = [{}]\n",
            rows.join(",")
        )
        .unwrap();
    }
    assert!(heatmaps.len() <= MAX_BLOCK_BYTES, "{}", heatmaps.len());
    out.push(chart(
        "4000 x 4000: 12 heatmap panels x 10,000 matrix cells",
        heatmaps,
        Expect::Finishes,
    ));
    // Words, so that titles wrap and shorten; names fill the legend, as many as a block holds.
    let long: String = "lorem ipsum dolor sit amet consectetur adipiscing elit "
        .chars()
        .cycle()
        .take(MAX_TEXT_CHARS)
        .collect();
    let mut texts = format!("title = \"{long}\"\n");
    let mut named = 0;
    for p in 0..MAX_PANELS {
        write!(
            texts,
            "[[panel]]\ntype = \"line\"\ntitle = \"{long}\"\nx-axis = {{ title = \"{long}\" }}\ny-axis = {{ title = \"{long}\" }}\n"
        )
        .unwrap();
        for i in 0..14 {
            write!(
                texts,
                "[[panel.series]]\nname = \"{long}\"\ny = [{p}, {i}, 3]\n"
            )
            .unwrap();
            named += 1;
        }
    }
    assert!(texts.len() <= MAX_BLOCK_BYTES, "{}", texts.len());
    assert_eq!(long.chars().count(), MAX_TEXT_CHARS);
    out.push(chart(
        "2,000-character figure, panel and axis titles and 168 series names",
        texts.clone(),
        Expect::Renders,
    ));
    out.push(chart(
        "the same at 4000 x 4000",
        format!("{LARGEST}{texts}"),
        Expect::Renders,
    ));
    assert_eq!(named, 168);
    // As many mistakes as are reported, each on a line of the longest text: every one is shown
    // with its line and a caret under it.
    let mut ten = String::from("type = \"line\"\ny = [1, 2, 3]\n");
    for i in 0..MAX_ERRORS_PER_BLOCK {
        writeln!(ten, "titel{i} = \"{long}\"").unwrap();
    }
    out.push(chart(
        "10 errors in one block, on lines of 2,000 characters",
        ten,
        Expect::Refused("unknown key"),
    ));
    // A block at its size limit full of mistakes, far more than are reported: misspelt keys,
    // each measured against every key for a suggestion.
    let mut errors = String::from("type = \"line\"\ny = [1, 2, 3]\n");
    let mut k = 0;
    while errors.len() < MAX_BLOCK_BYTES - 100 {
        writeln!(errors, "legend_positon_{k:06} = 1").unwrap();
        k += 1;
    }
    assert!(k > 20_000);
    out.push(chart(
        "a 512 KiB block of over 20,000 misspelt keys (10 reported)",
        errors,
        Expect::Refused("unknown key"),
    ));
    out
}

/// Runs case `WORST_CASE` with the files in `WORST_CASE_DIR` and prints
/// `RESULT <nanoseconds> <peak KiB> <outcome>`; started by [`worst_cases_are_cheap`].
#[test]
#[ignore = "one case of worst_cases_are_cheap, in its own process"]
fn worst_case_in_this_process() {
    let (Ok(index), Ok(dir)) = (std::env::var("WORST_CASE"), std::env::var("WORST_CASE_DIR"))
    else {
        return;
    };
    let case = cases().swap_remove(index.parse::<usize>().unwrap());
    let context = DataContext::new(&dir, &dir);
    let started = Instant::now();
    let outcome = match &case.chapter {
        Some(md) => {
            let out = process_chapter_in(md, "src/c.md", Some(&context), 0, &Config::default());
            match out.errors.first() {
                Some(e) => format!("refused: {}", e.message),
                None => "rendered".into(),
            }
        }
        None => match render_standalone_in(&case.chart, "c.toml", Some(&context)) {
            Ok(_) => "rendered".into(),
            Err(e) => format!("refused: {}", e.message),
        },
    };
    let elapsed = started.elapsed().as_nanos();
    let peak = peak_kib().unwrap_or(0);
    println!("RESULT {elapsed} {peak} {outcome}");
}

#[test]
#[ignore = "needs a release build: cargo test --release --test testsuite -- --ignored worst_cases"]
fn worst_cases_are_cheap() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path());
    let me = std::env::current_exe().unwrap();
    let mut failures = Vec::new();
    // `WORST_CASES=text` runs only the cases whose description contains `text`.
    let only = std::env::var("WORST_CASES").unwrap_or_default();
    for (index, case) in cases().into_iter().enumerate() {
        if !case.what.contains(only.as_str()) {
            continue;
        }
        let output = std::process::Command::new(&me)
            .args([
                "--ignored",
                "--exact",
                "worst_cases::worst_case_in_this_process",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("WORST_CASE", index.to_string())
            .env("WORST_CASE_DIR", dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let Some(result) = stdout
            .lines()
            .find_map(|l| l.split_once("RESULT ").map(|(_, r)| r))
        else {
            failures.push(format!(
                "{}: no result ({}): {}",
                case.what,
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ));
            continue;
        };
        let mut parts = result.splitn(3, ' ');
        let nanos: u64 = parts.next().unwrap().parse().unwrap();
        let peak_kib: u64 = parts.next().unwrap().parse().unwrap();
        let outcome = parts.next().unwrap_or("").to_string();
        let elapsed = Duration::from_nanos(nanos);
        let mib = peak_kib as f64 / 1024.0;
        println!(
            "{:70} {:>8.1?} {:>5.0} MiB  {}",
            case.what,
            elapsed,
            mib,
            outcome.chars().take(70).collect::<String>()
        );
        match (&case.expect, outcome.strip_prefix("refused: ")) {
            (Expect::Renders, Some(m)) => failures.push(format!("{}: refused: {m}", case.what)),
            (Expect::Refused(says), None) => failures.push(format!(
                "{}: rendered, expected a refusal ({says})",
                case.what
            )),
            (Expect::Refused(says), Some(m)) if !m.contains(says) => failures.push(format!(
                "{}: refused for another reason: {m} (expected {says})",
                case.what
            )),
            (Expect::Finishes, Some(m)) if !m.contains("of SVG") => {
                failures.push(format!("{}: refused: {m}", case.what))
            }
            _ => {}
        }
        if elapsed > TIME {
            failures.push(format!(
                "{}: took {elapsed:.2?} (at most {TIME:?})",
                case.what
            ));
        }
        if peak_kib > 0 && mib > MEMORY_MIB {
            failures.push(format!(
                "{}: peak {mib:.0} MiB (at most {MEMORY_MIB} MiB)",
                case.what
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

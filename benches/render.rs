//! Rendering benchmarks: one per chart kind, per seed figure, per model, plus reading a spec
//! alone (no layout) and chapters through `process_chapter`.
//!
//! ```sh
//! cargo bench --bench render                 # everything, about a minute
//! cargo bench --bench render -- seed/        # only the seed figures
//! scripts/bench-render-summary.py            # median and minimum of the last run, as a table
//! ```
//!
//! Target: every seed figure renders in ≤ 0.25 ms (median).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mdbook_svg_charts::{Config, process_chapter, render_standalone};

/// One small chart per kind, like the ones authors write by hand.
pub const KINDS: &[(&str, &str)] = &[
    (
        "bar",
        r#"type = "bar"
title = "Requests per second"
x = ["REST", "gRPC", "WebSocket", "Queue"]
y = [1000, 5000, 10000, 2000]
y-axis = { title = "req/s" }
"#,
    ),
    (
        "grouped",
        r#"type = "bar"
title = "Latency by pattern"
x = ["HTTP REST", "gRPC", "WebSocket", "Message Queue (async)"]
y-axis = { title = "Latency", suffix = " ms" }
[[series]]
name = "p50"
y = [50, 15, 5, 100]
[[series]]
name = "p99"
y = [200, 50, 20, 500]
"#,
    ),
    (
        "stacked",
        r#"type = "bar"
mode = "stack"
title = "Traffic by region"
x = ["Mon", "Tue", "Wed", "Thu", "Fri"]
[[series]]
name = "EU"
y = [10, 12, 14, 13, 9]
[[series]]
name = "US"
y = [20, 22, 21, 25, 18]
[[series]]
name = "APAC"
y = [5, 7, 6, 8, 4]
"#,
    ),
    (
        "horizontal",
        r#"type = "bar"
orientation = "horizontal"
show-values = true
title = "Build time"
x = ["cargo build", "cargo check", "cargo test", "cargo clippy", "mdbook build"]
y = [42.5, 12.1, 60.3, 15.8, 3.2]
y-axis = { suffix = " s" }
"#,
    ),
    (
        "line",
        r#"type = "line"
title = "Cumulative wait"
x-axis = { title = "Retry attempt" }
y-axis = { title = "Total wait", suffix = " s" }
[[series]]
name = "No backoff"
x = [0, 1, 2, 3, 4, 5]
y = [1, 2, 3, 4, 5, 6]
markers = true
[[series]]
name = "Exponential"
x = [0, 1, 2, 3, 4, 5]
y = [1, 3, 7, 15, 31, 63]
dash = "dash"
"#,
    ),
    (
        "scatter-labels",
        r#"type = "scatter"
title = "Databases"
x-axis = { title = "Consistency" }
y-axis = { title = "Availability" }
x = [0.15, 0.75, 0.65, 0.85, 0.55, 0.3, 0.5, 0.9]
y = [0.15, 0.35, 0.55, 0.1, 0.45, 0.8, 0.6, 0.7]
labels = ["PostgreSQL", "MongoDB", "Cassandra", "Redis", "DynamoDB", "etcd", "CockroachDB", "Riak"]
"#,
    ),
    (
        "pie",
        r#"type = "pie"
title = "Status codes"
labels = ["2xx", "3xx", "4xx", "5xx"]
values = [85, 3, 10, 2]
"#,
    ),
    (
        "donut",
        r#"type = "pie"
title = "Status codes"
labels = ["2xx Success", "3xx Redirect", "4xx Client Error", "5xx Server Error"]
values = [85, 3, 10, 2]
hole = 0.4
"#,
    ),
];

fn seed_figures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("book/src/figures");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn kinds(c: &mut Criterion) {
    let mut g = c.benchmark_group("kind");
    for (name, toml) in KINDS {
        render_standalone(toml).unwrap_or_else(|e| panic!("{name}: {e}"));
        g.bench_function(*name, |b| b.iter(|| render_standalone(black_box(toml))));
    }
    g.finish();
}

fn seeds(c: &mut Criterion) {
    let mut g = c.benchmark_group("seed");
    for (name, toml) in seed_figures() {
        render_standalone(&toml).unwrap_or_else(|e| panic!("{name}: {e}"));
        g.bench_function(&name, |b| b.iter(|| render_standalone(black_box(&toml))));
    }
    g.finish();
}

/// The seed figures as the book renders them: one chart block in a chapter, through
/// `process_chapter` with the default config (which adds the collapsed data table).
fn seeds_in_chapter(c: &mut Criterion) {
    let mut g = c.benchmark_group("seed-in-chapter");
    let config = Config::default();
    for (name, toml) in seed_figures() {
        let chapter = format!("# {name}\n\nSome text.\n\n```chart\n{toml}```\n\nMore text.\n");
        let out = process_chapter(&chapter, "src/a.md", 0, &config);
        assert!(out.errors.is_empty(), "{name}: {:?}", out.errors);
        g.bench_function(&name, |b| {
            b.iter(|| process_chapter(black_box(&chapter), "src/a.md", 0, &config))
        });
    }
    g.finish();
}

/// The model names, from the `models` listing (a name is a line that does not start with a
/// space).
fn model_names() -> Vec<String> {
    mdbook_svg_charts::commands::models()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .map(str::to_string)
        .collect()
}

fn models(c: &mut Criterion) {
    let mut g = c.benchmark_group("model");
    for name in model_names() {
        let toml = format!("model = \"{name}\"\n");
        render_standalone(&toml).unwrap_or_else(|e| panic!("{name}: {e}"));
        g.bench_function(&name, |b| b.iter(|| render_standalone(black_box(&toml))));
    }
    g.finish();
}

/// Reading a spec alone, without models, layout or SVG: the spec with one more series whose
/// only value is a string, so `render_standalone` reads the whole block and rejects it at the
/// end.
fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    let seeds = seed_figures();
    let cap = &seeds
        .iter()
        .find(|(n, _)| n == "cap-theorem")
        .expect("cap-theorem seed")
        .1;
    for (name, toml) in [("grouped", KINDS[1].1), ("cap-theorem", cap.as_str())] {
        render_standalone(toml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let series = toml.matches("[[series]]").count();
        let bad = format!("{toml}\n[[series]]\ny = [\"x\"]\n");
        let e = render_standalone(&bad).expect_err(name);
        assert_eq!(
            e.key,
            format!("series[{series}].y[0]"),
            "{name}: must be rejected at its last value: {e}"
        );
        g.bench_function(name, |b| b.iter(|| render_standalone(black_box(&bad))));
    }
    g.finish();
}

fn chapters(c: &mut Criterion) {
    let mut g = c.benchmark_group("chapter");
    let config = Config::default();
    let prose = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, sed do eiusmod \
                 tempor incididunt ut labore et dolore magna aliqua. See [the docs](x.md).\n\n";
    // No "chart" anywhere: the cheap pre-check skips the Markdown parse.
    let mut free = String::from("# A chapter without figures\n\n");
    for i in 0..12 {
        free.push_str(prose);
        if i % 4 == 0 {
            free.push_str("```rust\nfn main() { println!(\"hi\"); }\n```\n\n");
        }
    }
    assert!(
        process_chapter(&free, "src/a.md", 0, &config)
            .content
            .is_none()
    );
    g.bench_function("chart-free", |b| {
        b.iter(|| process_chapter(black_box(&free), "src/a.md", 0, &config))
    });
    // Chart-free, but the prose says "chart": parsed with pulldown-cmark to find no fence.
    let mentions = free.replace("without figures", "without charts");
    assert!(
        process_chapter(&mentions, "src/a.md", 0, &config)
            .content
            .is_none()
    );
    g.bench_function("chart-free-mentions-chart", |b| {
        b.iter(|| process_chapter(black_box(&mentions), "src/a.md", 0, &config))
    });
    let mut one = String::from("# A chapter with a chart\n\n");
    one.push_str(prose);
    one.push_str("```chart\n");
    one.push_str(KINDS[1].1);
    one.push_str("```\n\n");
    one.push_str(prose);
    assert_eq!(process_chapter(&one, "src/a.md", 0, &config).charts, 1);
    g.bench_function("one-grouped-bar", |b| {
        b.iter(|| process_chapter(black_box(&one), "src/a.md", 0, &config))
    });
    g.finish();
}

fn short() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1200))
}

criterion_group! {
    name = benches;
    config = short();
    targets = kinds, seeds, seeds_in_chapter, models, parse, chapters
}
criterion_main!(benches);

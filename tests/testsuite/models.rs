//! Models through the public API: every model renders with its defaults, marked points carry
//! exact values, and bad parameters are located errors naming the parameter and its range.

use mdbook_svg_charts::render_standalone;

use crate::common::svg_texts as texts;

/// The model names, from the `models` listing (a name is a line that does not start with a
/// space).
fn model_names() -> Vec<String> {
    mdbook_svg_charts::commands::models()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .map(str::to_string)
        .collect()
}

#[test]
fn listing_names_the_models_the_chart_reader_accepts() {
    let names = model_names();
    let e = render_standalone("model = \"no-such-model\"\n").unwrap_err();
    let expected = e
        .message
        .split_once("expected one of ")
        .unwrap_or_else(|| panic!("the error lists the models: {e}"))
        .1;
    assert_eq!(names.join(", "), expected, "{e}");
}

#[test]
fn every_model_renders_with_its_defaults() {
    let names = model_names();
    assert!(names.len() >= 6, "{names:?}");
    for name in &names {
        // Models of samples draw histograms and CDFs; the others points.
        let kinds = if name == "latency-distribution" {
            ["histogram", "cdf", "cdf"]
        } else {
            ["line", "scatter", "bar"]
        };
        for kind in kinds {
            let toml = format!("type = \"{kind}\"\nmodel = \"{name}\"\n");
            let svg = render_standalone(&toml).unwrap_or_else(|e| panic!("{name}: {e}"));
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let shapes = doc
                .descendants()
                .filter(|n| {
                    n.has_tag_name("path") || n.has_tag_name("rect") || n.has_tag_name("circle")
                })
                .count();
            assert!(shapes >= 3, "{name} as {kind}: only {shapes} shapes");
        }
    }
}

#[test]
fn cache_marks_carry_exact_values() {
    let latency = render_standalone("model = \"cache-hit-rate\"\nmark = [0.90, 0.99]\n").unwrap();
    let t = texts(&latency);
    assert!(t.iter().any(|s| s == "90%: 6.8 ms"), "{t:?}");
    assert!(t.iter().any(|s| s == "99%: 2.48 ms"), "{t:?}");
    let throughput = render_standalone(
        "model = \"cache-hit-rate\"\nmetric = \"throughput\"\nmark = [0.9, 0.99]\n",
    )
    .unwrap();
    let t = texts(&throughput);
    assert!(t.iter().any(|s| s == "90%: 7.35×"), "{t:?}");
    assert!(t.iter().any(|s| s == "99%: 20.2×"), "{t:?}");
}

#[test]
fn model_labels_can_be_overridden() {
    let svg = render_standalone(
        "model = \"cache-hit-rate\"\ny-axis = { title = \"Mean latency\" }\n[[series]]\nname = \"Avg\"\ncolor = \"#ff0000\"\n",
    )
    .unwrap();
    let t = texts(&svg);
    assert!(t.iter().any(|s| s == "Mean latency"), "{t:?}");
    assert!(!t.iter().any(|s| s == "Latency (ms)"), "{t:?}");
    assert!(svg.contains("stroke=\"#ff0000\""));
}

#[test]
fn retry_jitter_is_deterministic() {
    let toml =
        "model = \"retry-backoff\"\nstrategies = [\"full-jitter\", \"equal-jitter\"]\nseed = 7\n";
    assert_eq!(
        render_standalone(toml).unwrap(),
        render_standalone(toml).unwrap()
    );
    let other = toml.replace("seed = 7", "seed = 8");
    assert_ne!(
        render_standalone(toml).unwrap(),
        render_standalone(&other).unwrap()
    );
}

/// The error `toml` gives, as the `render` command shows it (`<chart>:LINE:COL: error: ...`).
fn error(toml: &str) -> String {
    match render_standalone(toml) {
        Ok(_) => panic!("expected an error for {toml}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_parameters_are_located_and_name_the_range() {
    let e = error("model = \"cache-hit-rate\"\ncache-ms = 0\n");
    assert_eq!(
        e,
        "<chart>:2:12: error: `cache-ms`: expected a number (ms) above 0 and up to 1000000, found 0"
    );
    let e = error("model = \"queueing\"\nutilization-max = 1.0\n");
    assert!(
        e.starts_with("<chart>:2:19: error: `utilization-max`:"),
        "{e}"
    );
    assert!(e.contains("below 1"), "{e}");
    let e = error("model = \"cache-hit-rate\"\nmark = [0.5, 1.5]\n");
    assert!(e.contains("`mark[1]`") && e.contains("from 0 to 1"), "{e}");
    let e = error("model = \"cache-hitrate\"\n");
    assert!(e.contains("did you mean \"cache-hit-rate\""), "{e}");
    let e = error("model = \"retry-backoff\"\nstrategies = [\"exponental\"]\n");
    assert!(e.contains("did you mean \"exponential\""), "{e}");
    let e = error("model = \"availability\"\ncomponent = 1\n");
    assert!(e.contains("`component`") && e.contains("below 1"), "{e}");
    let e = error("model = \"cache-hit-rate\"\ny = [1, 2]\n");
    assert!(e.contains("`y`: unknown key"), "{e}");
}

#[test]
fn model_lists_are_bounded_words_deduplicated_and_counts_whole() {
    let marks: Vec<String> = (0..21).map(|i| format!("{}", i as f64 / 21.0)).collect();
    let e = render_standalone(&format!(
        "model = \"cache-hit-rate\"\nmark = [{}]\n",
        marks.join(", ")
    ))
    .unwrap_err();
    assert_eq!((e.key.as_str(), e.line), ("mark", 2));
    assert_eq!(e.message, "has 21 values; at most 20 are allowed");
    let e = render_standalone("model = \"queueing\"\nservers = 2.5\n").unwrap_err();
    assert_eq!(e.key, "servers");
    assert!(
        e.message
            .starts_with("expected a whole number from 1 and up to 1000, found 2.5"),
        "{}",
        e.message
    );
    // The same metric twice is one series (and one legend entry).
    let svg = render_standalone(
        "model = \"queueing\"\nmetrics = [\"p99\", \"p99\", \"mean\", \"p99\"]\n",
    )
    .unwrap();
    let paths = svg.matches("stroke-linejoin").count();
    assert_eq!(paths, 2, "{svg}");
}

//! Models through the public API: every model renders with its defaults, marked points carry
//! exact values, and bad parameters are located errors naming the parameter and its range.

use mdbook_svg_charts::models::MODELS;
use mdbook_svg_charts::render_standalone;

fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("SVG parses as XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect()
        })
        .collect()
}

#[test]
fn every_model_renders_with_its_defaults() {
    for m in MODELS {
        for kind in ["line", "scatter", "bar"] {
            let toml = format!("type = \"{kind}\"\nmodel = \"{}\"\n", m.name);
            let svg = render_standalone(&toml).unwrap_or_else(|e| panic!("{}: {e}", m.name));
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let shapes = doc
                .descendants()
                .filter(|n| {
                    n.has_tag_name("path") || n.has_tag_name("rect") || n.has_tag_name("circle")
                })
                .count();
            assert!(shapes >= 3, "{} as {kind}: only {shapes} shapes", m.name);
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

fn error(toml: &str) -> String {
    match render_standalone(toml) {
        Ok(_) => panic!("expected an error for {toml}"),
        Err(e) => format!("{}:{}: {e}", e.line, e.column),
    }
}

#[test]
fn bad_parameters_are_located_and_name_the_range() {
    let e = error("model = \"cache-hit-rate\"\ncache-ms = 0\n");
    assert_eq!(
        e,
        "2:12: `cache-ms`: expected a number (ms) above 0 and up to 1000000, found 0"
    );
    let e = error("model = \"queueing\"\nutilization-max = 1.0\n");
    assert!(e.starts_with("2:19: `utilization-max`:"), "{e}");
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

//! The GitHub Actions workflows, checked against this checkout so that they cannot rot: the one
//! that publishes a book (`docs/publish-book.yml`, which the README shows byte for byte) and the
//! project's own CI (`.github/workflows/ci.yml`). Each is parsed as YAML and every command it
//! runs is checked: the mdbook it installs is the version scripts/build-book.sh pins, with the
//! features its `mdbook` commands need; each `mdbook-svg-charts` subcommand exists and accepts
//! the arguments given; each `MDBOOK_PREPROCESSOR__SVG_CHARTS__*` variable sets a real key of
//! `[preprocessor.svg-charts]` to a value it accepts; CI runs `.ci/run` and nothing else.

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

use crate::common::{run_in, stderr, stdout, toml_str};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const PUBLISH: &str = "docs/publish-book.yml";
const CI: &str = ".github/workflows/ci.yml";
/// The README section that shows [`PUBLISH`].
const PUBLISH_HEADING: &str = "Publishing from CI (GitHub Actions)";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The workflow at `path`, parsed (one YAML document, a mapping).
fn parse(path: &str) -> Yaml {
    let mut docs = YamlLoader::load_from_str(&read(path))
        .unwrap_or_else(|e| panic!("{path}: not valid YAML: {e}"));
    assert_eq!(docs.len(), 1, "{path}: expected one YAML document");
    let doc = docs.remove(0);
    assert!(doc.as_hash().is_some(), "{path}: not a mapping");
    doc
}

/// A scalar as the text GitHub Actions sees (`fail`, `true`, `1`).
fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// One step of a job.
struct Step {
    /// `job/name` (or `job/#index`), for messages.
    at: String,
    /// The commands of `run:`, one per line (continuation lines joined), split into words;
    /// blank lines and comments left out.
    commands: Vec<Vec<String>>,
    /// `uses:`, if any.
    uses: Option<String>,
    /// The step's `env:`.
    env: Vec<(String, String)>,
}

impl Step {
    fn runs(&self, words: &[&str]) -> bool {
        self.commands.iter().any(|c| c.starts_with_words(words))
    }
}

trait Words {
    fn starts_with_words(&self, words: &[&str]) -> bool;
}

impl Words for Vec<String> {
    fn starts_with_words(&self, words: &[&str]) -> bool {
        self.len() >= words.len() && self.iter().zip(words).all(|(a, b)| a == b)
    }
}

/// The commands of a `run:` script. Our workflows quote nothing, so words are split at spaces.
fn commands(script: &str) -> Vec<Vec<String>> {
    let joined = script.replace("\\\n", " ");
    joined
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            assert!(
                !l.contains(['"', '\'', '$', '`', '|', ';', '&']),
                "this test reads only plain commands, not: {l}"
            );
            l.split_whitespace().map(str::to_string).collect()
        })
        .collect()
}

/// Every step of every job of the workflow at `path`, in order.
fn steps(path: &str) -> Vec<Step> {
    let doc = parse(path);
    let jobs = doc["jobs"]
        .as_hash()
        .unwrap_or_else(|| panic!("{path}: no `jobs` mapping"));
    let mut out = Vec::new();
    for (job, body) in jobs {
        let job = job.as_str().expect("job names are strings");
        let steps = body["steps"]
            .as_vec()
            .unwrap_or_else(|| panic!("{path}: job {job} has no `steps` list"));
        for (i, step) in steps.iter().enumerate() {
            let name = step["name"]
                .as_str()
                .map_or(format!("#{i}"), str::to_string);
            let at = format!("{path}: {job}/{name}");
            let commands = match &step["run"] {
                Yaml::BadValue => Vec::new(),
                run => commands(
                    run.as_str()
                        .unwrap_or_else(|| panic!("{at}: `run` is not a string")),
                ),
            };
            let env = match &step["env"] {
                Yaml::BadValue => Vec::new(),
                Yaml::Hash(h) => h
                    .iter()
                    .map(|(k, v)| {
                        let k = k.as_str().expect("env names are strings").to_string();
                        let v = scalar(v).unwrap_or_else(|| panic!("{at}: env {k} not a scalar"));
                        (k, v)
                    })
                    .collect(),
                _ => panic!("{at}: `env` is not a mapping"),
            };
            let uses = step["uses"].as_str().map(str::to_string);
            assert!(
                uses.is_some() || !commands.is_empty(),
                "{at}: neither `uses` nor `run`"
            );
            out.push(Step {
                at,
                commands,
                uses,
                env,
            });
        }
    }
    out
}

/// The value of `--flag` in `command`, if given.
fn flag<'a>(command: &'a [String], flag: &str) -> Option<&'a str> {
    let i = command.iter().position(|w| w == flag)?;
    Some(
        command
            .get(i + 1)
            .unwrap_or_else(|| panic!("{flag} without a value in {command:?}")),
    )
}

/// The mdbook version scripts/build-book.sh pins (its `MDBOOK_VERSION=0.5.4` line).
fn pinned_mdbook() -> String {
    let script = read("scripts/build-book.sh");
    let pins: Vec<&str> = script
        .lines()
        .filter_map(|l| l.strip_prefix("MDBOOK_VERSION="))
        .collect();
    assert_eq!(pins.len(), 1, "one MDBOOK_VERSION= line in build-book.sh");
    let version = pins[0];
    assert!(
        semver::Version::parse(version).is_ok(),
        "MDBOOK_VERSION={version} is not a version"
    );
    version.to_string()
}

/// A book with one good chart, in a temporary directory; `table` is the body of
/// `[preprocessor.svg-charts]`.
fn book(table: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        format!(
            "[book]\ntitle = \"T\"\n\n[preprocessor.{}]\n{table}",
            mdbook_svg_charts::NAME
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Ch](ch.md)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/ch.md"),
        "# Ch\n\n```chart\ntype = \"bar\"\nx = [\"a\", \"b\"]\ny = [1, 2]\n```\n",
    )
    .unwrap();
    dir
}

#[test]
fn readme_shows_the_publish_workflow_byte_for_byte() {
    let readme = read("README.md");
    let file = read(PUBLISH);
    let heading = readme
        .find(&format!("# {PUBLISH_HEADING}\n"))
        .unwrap_or_else(|| panic!("README.md: no heading \"{PUBLISH_HEADING}\""));
    let section = &readme[heading..];
    let open = "\n```yaml\n";
    let start = section
        .find(open)
        .unwrap_or_else(|| panic!("README.md: no ```yaml block under \"{PUBLISH_HEADING}\""));
    let intro = &section[..start];
    assert!(
        !intro.contains("\n#"),
        "README.md: the ```yaml block is not in the section \"{PUBLISH_HEADING}\""
    );
    assert!(
        intro.contains(PUBLISH),
        "README.md: the section \"{PUBLISH_HEADING}\" does not say that the workflow is {PUBLISH}"
    );
    let start = start + open.len();
    let len = section[start..]
        .find("\n```\n")
        .expect("README.md: unclosed ```yaml block")
        + 1;
    let block = &section[start..start + len];
    if block != file {
        let line = block
            .lines()
            .zip(file.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(block.lines().count().min(file.lines().count()));
        panic!(
            "README.md's workflow differs from {PUBLISH} at line {} of the block:\n  README: {:?}\n  file:   {:?}\n\
             copy {PUBLISH} into the README (or the other way round)",
            line + 1,
            block.lines().nth(line),
            file.lines().nth(line)
        );
    }
}

#[test]
fn publish_workflow_installs_the_pinned_mdbook_with_the_features_it_uses() {
    let steps = steps(PUBLISH);
    let pinned = pinned_mdbook();
    let installs: Vec<&Vec<String>> = steps
        .iter()
        .flat_map(|s| &s.commands)
        .filter(|c| c.starts_with_words(&["cargo", "install", "mdbook"]))
        .collect();
    assert_eq!(installs.len(), 1, "{PUBLISH}: one `cargo install mdbook`");
    let install = installs[0];
    assert!(
        install.iter().any(|w| w == "--locked"),
        "{install:?}: without --locked"
    );
    assert_eq!(
        flag(install, "--version"),
        Some(pinned.as_str()),
        "{PUBLISH} installs another mdbook than scripts/build-book.sh's MDBOOK_VERSION"
    );

    // The features the installed mdbook has, and the ones its commands need.
    let features: Vec<&str> = if install.iter().any(|w| w == "--no-default-features") {
        flag(install, "--features").map_or(Vec::new(), |f| f.split(',').collect())
    } else {
        vec!["search", "serve", "watch"]
    };
    assert!(
        features.contains(&"search"),
        "{install:?}: a published book wants its search box (feature `search`)"
    );
    let mut builds = 0;
    for command in steps.iter().flat_map(|s| &s.commands) {
        if command.first().map(String::as_str) != Some("mdbook") {
            continue;
        }
        let sub = command.get(1).map_or("", String::as_str);
        match sub {
            "build" => builds += 1,
            "test" | "clean" | "init" | "completions" => {}
            "serve" | "watch" => assert!(
                features.contains(&sub),
                "{command:?} needs mdbook's `{sub}` feature, which {install:?} leaves out"
            ),
            _ => panic!("{command:?}: mdbook {pinned} has no subcommand `{sub}`"),
        }
    }
    assert_eq!(builds, 1, "{PUBLISH}: one `mdbook build`");

    // This crate, by its name.
    let ours: Vec<&Vec<String>> = steps
        .iter()
        .flat_map(|s| &s.commands)
        .filter(|c| c.starts_with_words(&["cargo", "install"]) && c != &install)
        .collect();
    assert_eq!(ours.len(), 1, "{PUBLISH}: one other `cargo install`");
    assert!(
        ours[0].starts_with_words(&["cargo", "install", env!("CARGO_PKG_NAME")])
            && ours[0].iter().any(|w| w == "--locked"),
        "{:?}: expected `cargo install {} --locked`",
        ours[0],
        env!("CARGO_PKG_NAME")
    );

    // scripts/serve-check.sh takes its pin from build-book.sh instead of one of its own.
    assert!(
        !read("scripts/serve-check.sh")
            .lines()
            .any(|l| l.starts_with("MDBOOK_VERSION=") && !l.contains("build-book.sh")),
        "scripts/serve-check.sh pins an mdbook version of its own"
    );
}

#[test]
fn publish_workflow_runs_subcommands_that_exist() {
    let steps = steps(PUBLISH);
    let ours: Vec<&Vec<String>> = steps
        .iter()
        .flat_map(|s| &s.commands)
        .filter(|c| c[0] == "mdbook-svg-charts")
        .collect();
    assert!(
        ours.iter()
            .any(|c| c.starts_with_words(&["mdbook-svg-charts", "check"])),
        "{PUBLISH}: no `mdbook-svg-charts check`"
    );
    for command in ours {
        let sub = command.get(1).expect("a subcommand");
        let help = run_in(None, &[sub, "--help"], "");
        assert!(
            help.status.success(),
            "{command:?}: `mdbook-svg-charts {sub} --help` fails: {}",
            stderr(&help)
        );
        // The command as written, in the root of a book with a good chart (where the workflow
        // runs it).
        let dir = book("");
        let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
        let out = run_in(Some(dir.path()), &args, "");
        assert!(
            out.status.success(),
            "{command:?} fails on a good book:\n{}{}",
            stdout(&out),
            stderr(&out)
        );
    }
}

#[test]
fn publish_workflow_env_sets_real_config_keys() {
    let steps = steps(PUBLISH);
    let mut seen = 0;
    for step in &steps {
        for (name, value) in &step.env {
            let Some(path) = name.strip_prefix("MDBOOK_") else {
                continue;
            };
            // mdBook's rule: `__` separates keys, `_` becomes `-`, case is ignored.
            let keys: Vec<String> = path
                .split("__")
                .map(|k| k.to_lowercase().replace('_', "-"))
                .collect();
            assert!(
                step.runs(&["mdbook", "build"]),
                "{}: {name} is set on a step that does not run `mdbook build`",
                step.at
            );
            if keys[0] != "preprocessor" || keys[1] != mdbook_svg_charts::NAME {
                continue;
            }
            assert_eq!(keys.len(), 3, "{name}: expected one key under the table");
            seen += 1;
            let key = &keys[2];

            // `check` reads [preprocessor.svg-charts] the way the preprocessor does: an
            // unknown key or a wrong value is an error naming the key.
            let good = book(&format!("{key} = {}\n", toml_str(value)));
            let out = run_in(Some(good.path()), &["check", "."], "");
            assert!(
                out.status.success(),
                "{}: {name}={value} is not a valid `{key}`: {}",
                step.at,
                stderr(&out)
            );
            let bad = book(&format!("{key} = \"no-such-value\"\n"));
            let out = run_in(Some(bad.path()), &["check", "."], "");
            assert!(
                !out.status.success() && stderr(&out).contains(&format!("`{key}`")),
                "`check` accepts any value of `{key}`, so it cannot vouch for {name}={value}"
            );
        }
    }
    assert!(
        seen > 0,
        "{PUBLISH}: no MDBOOK_PREPROCESSOR__SVG_CHARTS__* variable"
    );
}

#[test]
fn ci_workflow_runs_ci_run_and_nothing_else() {
    let doc = parse(CI);
    let on = &doc["on"];
    for event in ["push", "pull_request"] {
        let listed = match on {
            Yaml::Hash(h) => h.contains_key(&Yaml::String(event.into())),
            Yaml::Array(a) => a.iter().any(|e| e.as_str() == Some(event)),
            Yaml::String(s) => s == event,
            _ => false,
        };
        assert!(listed, "{CI}: does not run on {event}");
    }
    let steps = steps(CI);
    let mut runs = 0;
    for step in &steps {
        if let Some(uses) = &step.uses {
            // Checking out is all; .ci/run installs what it needs itself.
            assert!(
                uses.starts_with("actions/checkout@"),
                "{}: uses {uses}; .ci/run should install what CI needs",
                step.at
            );
        }
        for command in &step.commands {
            assert!(
                command.starts_with_words(&[".ci/run"])
                    || command.starts_with_words(&["bash", ".ci/run"]),
                "{}: runs {command:?}; CI is .ci/run and nothing else",
                step.at
            );
            runs += 1;
        }
    }
    assert_eq!(runs, 1, "{CI}: runs .ci/run once");
    assert!(Path::new(ROOT).join(".ci/run").is_file(), "no .ci/run");
}

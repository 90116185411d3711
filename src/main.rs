//! The `mdbook-svg-charts` command: the mdBook preprocessor protocol plus a few author tools.

use std::io::Read;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use mdbook_svg_charts::preprocessor::protocol;

/// Render `chart` code blocks in an mdBook as inline SVG.
#[derive(Parser)]
#[command(name = "mdbook-svg-charts", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Tell mdBook whether a renderer is supported (exit 0: yes). Every renderer is: the
    /// output is HTML that HTML, EPUB and Markdown outputs all carry through.
    Supports {
        /// The renderer's name, e.g. `html`.
        renderer: String,
    },
    /// Add [preprocessor.svg-charts] to book.toml (keeps comments; does nothing if present).
    Install {
        /// The book's directory (holding book.toml).
        #[arg(default_value = ".")]
        book: std::path::PathBuf,
    },
    /// Check every chart block of a book without writing anything; exit 1 on any problem.
    Check {
        /// The book's directory (holding book.toml).
        #[arg(default_value = ".")]
        book: std::path::PathBuf,
    },
    /// List the built-in models with their parameters, units and defaults.
    Models,
    /// Render one chart spec (TOML) to a standalone SVG on stdout.
    Render {
        /// The chart file, or `-` for stdin.
        #[arg(default_value = "-")]
        file: String,
    },
}

fn check(book: &std::path::Path) -> anyhow::Result<ExitCode> {
    let report = mdbook_svg_charts::commands::check::run(book)?;
    for p in &report.problems {
        println!("{p}");
    }
    eprintln!(
        "mdbook-svg-charts check: {} chart{} in {} file{}, {} problem{}",
        report.charts,
        if report.charts == 1 { "" } else { "s" },
        report.files,
        if report.files == 1 { "" } else { "s" },
        report.problems.len(),
        if report.problems.len() == 1 { "" } else { "s" },
    );
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn render(file: &str) -> anyhow::Result<ExitCode> {
    let text = if file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("could not read the chart from stdin")?;
        s
    } else {
        std::fs::read_to_string(file).with_context(|| format!("could not read {file}"))?
    };
    // Data files are looked up next to the chart file (or the current directory for stdin).
    let dir = if file == "-" {
        std::path::PathBuf::from(".")
    } else {
        std::path::Path::new(file).parent().map_or_else(
            || ".".into(),
            |p| {
                if p.as_os_str().is_empty() {
                    ".".into()
                } else {
                    p.to_path_buf()
                }
            },
        )
    };
    let ctx = mdbook_svg_charts::data::DataContext {
        dir: dir.clone(),
        root: dir,
    };
    match mdbook_svg_charts::render_standalone_in(&text, Some(&ctx)) {
        Ok(svg) => {
            println!("{svg}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{file}:{}:{}: error: {e}", e.line, e.column);
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Log verbosity from `RUST_LOG`, as in mdBook: `off`, `error`, `warn`, `info` (default), `debug`,
/// `trace`; a directive for this crate (`mdbook_svg_charts=warn`) takes precedence.
fn log_level() -> u8 {
    let level = |s: &str| match s.trim().to_ascii_lowercase().as_str() {
        "off" => Some(0),
        "error" => Some(1),
        "warn" => Some(2),
        "info" => Some(3),
        "debug" => Some(4),
        "trace" => Some(5),
        _ => None,
    };
    let Ok(spec) = std::env::var("RUST_LOG") else {
        return 3;
    };
    let mut global = None;
    for part in spec.split(',') {
        match part.split_once('=') {
            Some((target, l)) if target.trim().replace('-', "_") == "mdbook_svg_charts" => {
                if let Some(l) = level(l) {
                    return l;
                }
            }
            Some(_) => {}
            None => global = global.or(level(part)),
        }
    }
    global.unwrap_or(3)
}

fn run_protocol() -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let verbosity = log_level();
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("could not read the book from stdin")?;
    let outcome = protocol::run(&input)?;
    if verbosity >= 2 {
        for w in &outcome.warnings {
            eprintln!("mdbook-svg-charts: {w}");
        }
    }
    if verbosity >= 1 {
        for e in &outcome.summary.errors {
            eprintln!("{e}");
        }
    }
    if verbosity >= 3 {
        let s = &outcome.summary;
        let failed = match s.errors.len() {
            0 => String::new(),
            n => format!(", {n} failed"),
        };
        eprintln!(
            "mdbook-svg-charts: {} chart{} in {} chapter{} rendered in {:.1} ms{failed}",
            s.charts,
            if s.charts == 1 { "" } else { "s" },
            s.chapters,
            if s.chapters == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    match outcome.reply {
        Some(reply) => {
            reply
                .write_to(std::io::stdout().lock())
                .context("could not write the book to stdout")?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!(
                "mdbook-svg-charts: {} chart error(s); failing the build because on-error = \"fail\"",
                outcome.summary.errors.len()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Supports { renderer: _ }) => Ok(ExitCode::SUCCESS),
        Some(Command::Render { file }) => render(&file),
        Some(Command::Install { book }) => mdbook_svg_charts::commands::install::run(&book)
            .map(|msg| {
                println!("{msg}");
                ExitCode::SUCCESS
            })
            .map_err(Into::into),
        Some(Command::Check { book }) => check(&book),
        Some(Command::Models) => {
            print!("{}", mdbook_svg_charts::model::listing());
            Ok(ExitCode::SUCCESS)
        }
        None => run_protocol(),
    };
    result.unwrap_or_else(|e| {
        eprintln!("mdbook-svg-charts: error: {e:#}");
        ExitCode::FAILURE
    })
}

//! The `mdbook-svg-charts` command: argument parsing only; every command is in
//! `mdbook_svg_charts::commands`.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mdbook_svg_charts::commands::{self, CommandError};

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
    /// Print the JSON Schema of chart blocks, for editors (Taplo / Even Better TOML).
    Schema,
    /// Render one chart spec (TOML) to a standalone SVG on stdout.
    Render {
        /// The chart file, or `-` for stdin.
        #[arg(default_value = "-")]
        file: String,
    },
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run(command: Option<Command>) -> Result<ExitCode, CommandError> {
    Ok(match command {
        None => exit(commands::preprocess::run()?),
        Some(Command::Supports { renderer: _ }) => ExitCode::SUCCESS,
        Some(Command::Install { book }) => {
            println!("{}", commands::install::run(&book)?);
            ExitCode::SUCCESS
        }
        Some(Command::Check { book }) => {
            let report = commands::check::run(&book)?;
            for (problem, snippet) in report.problems.iter().zip(&report.snippets) {
                println!("{problem}");
                print!("{snippet}");
            }
            for warning in &report.warnings {
                println!("{warning}");
            }
            eprintln!("{}", report.summary());
            exit(report.problems.is_empty())
        }
        Some(Command::Models) => {
            print!("{}", commands::models());
            ExitCode::SUCCESS
        }
        Some(Command::Schema) => {
            print!("{}", commands::schema::run());
            ExitCode::SUCCESS
        }
        Some(Command::Render { file }) => match commands::render::run(&file)? {
            Ok(svg) => {
                println!("{svg}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprint!("{}", e.report(std::io::stderr().is_terminal()));
                ExitCode::FAILURE
            }
        },
    })
}

/// The arguments, or clap's message and exit. clap quotes an argument it cannot place as it
/// was given: the message is made from the arguments with control characters escaped, so that
/// the quote is one inert line.
fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let error = match Cli::try_parse_from(&args) {
        Ok(cli) => return cli,
        Err(e) => e,
    };
    let escaped = args.iter().map(|a| match a.to_str() {
        Some(s) => OsString::from(commands::printable(s).as_ref()),
        None => a.clone(),
    });
    match Cli::try_parse_from(escaped) {
        Err(e) if e.kind() == error.kind() => e.exit(),
        _ => error.exit(),
    }
}

fn main() -> ExitCode {
    // `CommandError`'s `Display` escapes control characters.
    run(parse().command).unwrap_or_else(|e| {
        eprintln!("mdbook-svg-charts: error: {e}");
        ExitCode::FAILURE
    })
}

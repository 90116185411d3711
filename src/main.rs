//! The `mdbook-svg-charts` command: argument parsing only; every command is in
//! `mdbook_svg_charts::commands`.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
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

fn run(command: Option<Command>) -> Result<ExitCode, Failure> {
    Ok(match command {
        None => exit(commands::preprocess::run()?),
        Some(Command::Supports { renderer: _ }) => ExitCode::SUCCESS,
        Some(Command::Install { book }) => {
            out(&format!("{}\n", commands::install::run(&book)?))?;
            ExitCode::SUCCESS
        }
        Some(Command::Check { book }) => {
            let report = commands::check::run(&book)?;
            for (problem, snippet) in report.problems.iter().zip(&report.snippets) {
                out(&format!("{problem}\n{snippet}"))?;
            }
            for warning in &report.warnings {
                out(&format!("{warning}\n"))?;
            }
            eprintln!("{}", report.summary());
            exit(report.problems.is_empty())
        }
        Some(Command::Models) => {
            out(&commands::models())?;
            ExitCode::SUCCESS
        }
        Some(Command::Schema) => {
            out(&commands::schema::run())?;
            ExitCode::SUCCESS
        }
        Some(Command::Render { file }) => match commands::render::run(&file)? {
            Ok(svg) => {
                out(&format!("{svg}\n"))?;
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprint!("{}", e.report(std::io::stderr().is_terminal()));
                ExitCode::FAILURE
            }
        },
    })
}

/// Why the binary failed: a command that could not run, or output that could not be written.
enum Failure {
    Command(CommandError),
    Output(std::io::Error),
}

impl From<CommandError> for Failure {
    fn from(e: CommandError) -> Self {
        Failure::Command(e)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // `CommandError`'s `Display` escapes control characters.
            Failure::Command(e) => e.fmt(f),
            Failure::Output(e) => write!(f, "cannot write to standard output: {e}"),
        }
    }
}

/// Writes `text` to standard output. A reader that stops reading early (`| head`) ends the
/// output quietly; any other write error (a full disk) is a failure.
fn out(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Output(e)),
        _ => Ok(()),
    }
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
    run(parse().command).unwrap_or_else(|e| {
        eprintln!("mdbook-svg-charts: error: {e}");
        ExitCode::FAILURE
    })
}

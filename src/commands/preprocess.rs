//! `mdbook-svg-charts` with no arguments: the preprocessor as mdBook runs it. Reads
//! `[context, book]` from stdin, writes the book to stdout, and logs to stderr as mdBook does,
//! at the level `RUST_LOG` sets.

use std::io::{IsTerminal, Read};

use super::{CommandError, plural_of};
use crate::diagnostic::escape_controls;
use crate::preprocessor::protocol;

/// Log levels, as in mdBook.
const OFF: u8 = 0;
const ERROR: u8 = 1;
const WARN: u8 = 2;
const INFO: u8 = 3;

/// Log verbosity from a `RUST_LOG` value: `off`, `error`, `warn`, `info` (the default), `debug`,
/// `trace`; a directive for this crate (`mdbook_svg_charts=warn`) takes precedence.
fn log_level(rust_log: Option<&str>) -> u8 {
    let level = |s: &str| match s.trim().to_ascii_lowercase().as_str() {
        "off" => Some(OFF),
        "error" => Some(ERROR),
        "warn" => Some(WARN),
        "info" => Some(INFO),
        "debug" => Some(4),
        "trace" => Some(5),
        _ => None,
    };
    let Some(spec) = rust_log else {
        return INFO;
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
    global.unwrap_or(INFO)
}

/// Runs the protocol on stdin/stdout. `Ok(false)`: charts failed and `on-error = "fail"`.
pub fn run() -> Result<bool, CommandError> {
    let started = std::time::Instant::now();
    let verbosity = log_level(std::env::var("RUST_LOG").ok().as_deref());
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| CommandError::new(format!("could not read the book from stdin: {e}")))?;
    let outcome = protocol::run(&input).map_err(|e| CommandError::new(e.to_string()))?;
    if verbosity >= WARN {
        for w in &outcome.warnings {
            // A warning may quote what mdBook sent (its version): escaped as printed.
            eprintln!("mdbook-svg-charts: {}", escape_controls(w));
        }
    }
    if verbosity >= ERROR {
        let color = std::io::stderr().is_terminal();
        for e in &outcome.summary.errors {
            eprint!("{}", e.report(color));
        }
    }
    if verbosity >= INFO {
        let s = &outcome.summary;
        let failed = match s.errors.len() {
            0 => String::new(),
            n => format!(", {n} failed"),
        };
        eprintln!(
            "mdbook-svg-charts: {} chart{} in {} chapter{} rendered in {:.1} ms{failed}",
            s.charts,
            plural_of(s.charts),
            s.chapters,
            plural_of(s.chapters),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    match outcome.reply {
        Some(reply) => {
            reply.write_to(std::io::stdout().lock()).map_err(|e| {
                CommandError::new(format!("could not write the book to stdout: {e}"))
            })?;
            Ok(true)
        }
        None => {
            eprintln!(
                "mdbook-svg-charts: {} chart error(s); failing the build because on-error = \"fail\"",
                outcome.summary.errors.len()
            );
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_log_levels() {
        assert_eq!(log_level(None), INFO);
        assert_eq!(log_level(Some("warn")), WARN);
        assert_eq!(log_level(Some("OFF")), OFF);
        assert_eq!(log_level(Some("debug,mdbook-svg-charts=error")), ERROR);
        assert_eq!(log_level(Some("mdbook_svg_charts=warn,info")), WARN);
        assert_eq!(log_level(Some("other=off")), INFO);
        assert_eq!(log_level(Some("nonsense")), INFO);
    }
}

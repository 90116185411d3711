//! The command-line tools beyond the preprocessor protocol, each callable from Rust too:
//! [`preprocess`] (the protocol on stdin/stdout, with logging), [`check`], [`install`],
//! [`render`], [`models`] and [`schema`]. `main.rs` only parses arguments and calls these.

pub mod check;
pub mod install;
pub mod preprocess;
pub mod render;
pub mod schema;

use std::path::{Path, PathBuf};

/// Why a command could not run (as opposed to problems it found).
///
/// Its `Display` is the message with control characters escaped (`\u{1b}`, `\n`): it often
/// names a file or quotes a value the author wrote, and printed it stays one inert line that
/// can neither move the terminal's cursor nor forge a `FILE:LINE:COL: error:` line.
#[derive(Debug)]
pub struct CommandError {
    message: String,
}

impl CommandError {
    /// An error saying `message`.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        CommandError {
            message: message.into(),
        }
    }

    /// The message as written, control characters and all (`Display` escapes them).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::diagnostic::escape_controls(&self.message))
    }
}

impl std::error::Error for CommandError {}

/// `book.toml` of the book in `dir`, or a clear error when there is none.
pub(crate) fn book_toml(dir: &Path) -> Result<PathBuf, CommandError> {
    let path = dir.join("book.toml");
    if path.is_file() {
        Ok(path)
    } else {
        Err(CommandError::new(format!(
            "{}: no book.toml here; pass the book's directory (the one holding book.toml)",
            dir.display()
        )))
    }
}

/// Why a TOML file could not be read, on one line: `invalid TOML at line L, column C: ...` (the
/// parser's message may span lines; they are joined with `; `).
pub(crate) fn invalid_toml(
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: &str,
) -> String {
    let message: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let message = message.join("; ");
    match span {
        Some(span) => {
            let (line, column) = crate::diagnostic::line_col(text, span.start);
            format!("invalid TOML at line {line}, column {column}: {message}")
        }
        None => format!("invalid TOML: {message}"),
    }
}

/// `text` with control characters escaped (`\u{1b}`, `\n`) so that it prints as one inert
/// line: what every message of the binary goes through before it reaches a terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    crate::diagnostic::escape_controls(text)
}

/// The text of `mdbook-svg-charts models`: every model, its formula and parameters.
pub fn models() -> String {
    crate::models::listing()
}

/// `s` when `n` is not 1.
pub(crate) fn plural_of(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_error_keeps_its_message_and_prints_it_escaped() {
        let e = CommandError::new("x\u{1b}[2J\nsrc/a.md:1:1: error: forged");
        assert_eq!(e.message(), "x\u{1b}[2J\nsrc/a.md:1:1: error: forged");
        assert_eq!(e.to_string(), "x\\u{1b}[2J\\nsrc/a.md:1:1: error: forged");
    }

    #[test]
    fn invalid_toml_is_one_located_line() {
        assert_eq!(
            invalid_toml("a = 1\n[b\n", Some(8..9), "unclosed table\nexpected `]`\n"),
            "invalid TOML at line 2, column 3: unclosed table; expected `]`"
        );
        assert_eq!(invalid_toml("", None, "x"), "invalid TOML: x");
    }
}

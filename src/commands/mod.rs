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
#[derive(Debug)]
pub struct CommandError(pub String);

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CommandError {}

/// `book.toml` of the book in `dir`, or a clear error when there is none.
pub(crate) fn book_toml(dir: &Path) -> Result<PathBuf, CommandError> {
    let path = dir.join("book.toml");
    if path.is_file() {
        Ok(path)
    } else {
        Err(CommandError(format!(
            "{}: no book.toml here; pass the book's directory (the one holding book.toml)",
            dir.display()
        )))
    }
}

/// The text of `mdbook-svg-charts models`: every model, its formula and parameters.
pub fn models() -> String {
    crate::models::listing()
}

/// `s` when `n` is not 1.
pub(crate) fn plural_of(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

//! The author's commands beyond the preprocessor protocol: `install` and `check`.

pub mod check;
pub mod install;

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
pub fn book_toml(dir: &Path) -> Result<PathBuf, CommandError> {
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

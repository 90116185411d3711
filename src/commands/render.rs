//! `mdbook-svg-charts render [FILE|-]`: one chart file to a standalone SVG on stdout. Data files
//! are looked up next to the chart file (the current directory for stdin), which they may not
//! leave.

use std::path::{Path, PathBuf};

use super::CommandError;
use crate::chart::limits::MAX_BLOCK_BYTES;
use crate::data::DataContext;
use crate::diagnostic::ChartError;
use crate::pipeline::render_standalone;
use crate::textfile::{self, Refused};

/// What `render` produced: the SVG, or the located error to print.
pub fn run(file: &str) -> Result<Result<String, ChartError>, CommandError> {
    // A chart is one block: larger input is refused before it is read whole (`/dev/zero`, a
    // runaway pipe).
    let max = MAX_BLOCK_BYTES as u64;
    let read = if file == "-" {
        textfile::read_from(std::io::stdin().lock(), max, 0)
    } else {
        textfile::read(Path::new(file), max)
    };
    let name = if file == "-" { "-" } else { file };
    let text = match read {
        Ok(text) => text,
        Err(Refused::TooLarge(_)) => {
            return Ok(Err(ChartError::new(
                name,
                (1, 1),
                format!(
                    "the chart is larger than {}; at most that is read (put large data in a data file: data = \"file.csv\")",
                    textfile::size(max)
                ),
            )));
        }
        Err(e) if file == "-" => {
            return Err(CommandError::new(format!(
                "could not read the chart from stdin: {e}"
            )));
        }
        Err(e) => return Err(CommandError::new(format!("could not read {file}: {e}"))),
    };
    let dir = data_dir(file);
    let data = DataContext::new(dir.clone(), dir);
    Ok(render_standalone(&text, name, Some(&data)))
}

/// The directory data files of `file` are looked up in: its own (`.` for stdin or a bare name).
fn data_dir(file: &str) -> PathBuf {
    if file == "-" {
        return PathBuf::from(".");
    }
    match Path::new(file).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_is_the_chart_files_directory() {
        assert_eq!(data_dir("-"), PathBuf::from("."));
        assert_eq!(data_dir("a.toml"), PathBuf::from("."));
        assert_eq!(data_dir("docs/a.toml"), PathBuf::from("docs"));
    }
}

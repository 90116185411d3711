//! `mdbook-svg-charts render [FILE|-]`: one chart file to a standalone SVG on stdout. Data files
//! are looked up next to the chart file (the current directory for stdin), which they may not
//! leave.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::CommandError;
use crate::data::DataContext;
use crate::diagnostic::ChartError;
use crate::pipeline::render_standalone;

/// What `render` produced: the SVG, or the located error to print.
pub fn run(file: &str) -> Result<Result<String, ChartError>, CommandError> {
    let (text, name) = if file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| CommandError(format!("could not read the chart from stdin: {e}")))?;
        (s, "-")
    } else {
        let text = std::fs::read_to_string(file)
            .map_err(|e| CommandError(format!("could not read {file}: {e:#}")))?;
        (text, file)
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

//! Errors and where they are: a problem inside a chart block ([`BlockError`], located by a byte
//! span in the block's text) and the same problem located in a file ([`ChartError`], a line and
//! column). This module owns the one `FILE:LINE:COL: error: ...` format and the one byte-offset →
//! line:column function.

use std::fmt;
use std::ops::Range;

/// A problem with a chart block, located inside the block's text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BlockError {
    /// The dotted path of the offending key (`series[1].y`), empty for syntax errors.
    pub key: String,
    /// What was wrong and what was expected.
    pub message: String,
    /// Byte range inside the block text, when known.
    pub span: Option<Range<usize>>,
}

impl BlockError {
    /// An error at `span` for `key`.
    pub fn at(key: impl Into<String>, span: Range<usize>, message: impl Into<String>) -> Self {
        BlockError {
            key: key.into(),
            message: message.into(),
            span: Some(span),
        }
    }

    /// An error about the block as a whole (located at its start).
    pub fn whole(message: impl Into<String>) -> Self {
        BlockError {
            key: String::new(),
            message: message.into(),
            span: None,
        }
    }

    /// Locates the error in `file`; `position` maps a byte offset of the block to a line and
    /// column (`None`: the block's start).
    pub fn locate(
        self,
        file: &str,
        position: impl Fn(Option<usize>) -> (usize, usize),
    ) -> ChartError {
        let (line, column) = position(self.span.map(|s| s.start));
        ChartError {
            file: file.to_string(),
            line,
            column,
            key: self.key,
            message: self.message,
        }
    }
}

/// A chart block that could not be rendered, located in the file the author edits.
///
/// Its `Display` is the line editors and CI annotate:
///
/// ```text
/// src/latency.md:14:7: error: `series[1].y[2]`: expected a number, found a string
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChartError {
    /// The file as the author knows it (e.g. `src/intro.md`).
    pub file: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The offending key path (`series[0].y`), empty for syntax errors.
    pub key: String,
    /// What was wrong and what was expected.
    pub message: String,
}

impl ChartError {
    /// An error about a whole file or block at `line`:`column`, not about one key.
    pub(crate) fn new(file: &str, (line, column): (usize, usize), message: String) -> Self {
        ChartError {
            file: file.to_string(),
            line,
            column,
            key: String::new(),
            message,
        }
    }
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: error: ", self.file, self.line, self.column)?;
        if !self.key.is_empty() {
            write!(f, "`{}`: ", self.key)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ChartError {}

/// The 1-based line and column (in characters) of byte `offset` in `text`; an offset past the
/// end is taken as the end, one inside a character as that character.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_clamps() {
        assert_eq!(line_col("ab\ncdé f", 0), (1, 1));
        assert_eq!(line_col("ab\ncdé f", 3), (2, 1));
        assert_eq!(line_col("ab\ncdé f", 7), (2, 4));
        assert_eq!(line_col("ab\ncdé f", 6), (2, 3), "inside é: rounded down");
        assert_eq!(line_col("ab", 99), (1, 3));
    }

    #[test]
    fn display_is_file_line_col() {
        let e = BlockError::at("y[0]", 4..5, "expected a number").locate("src/a.md", |_| (3, 9));
        assert_eq!(
            e.to_string(),
            "src/a.md:3:9: error: `y[0]`: expected a number"
        );
        let e = ChartError::new("a.toml", (1, 1), "too big".into());
        assert_eq!(e.to_string(), "a.toml:1:1: error: too big");
    }
}

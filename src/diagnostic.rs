//! Errors and where they are: a problem inside a chart block ([`BlockError`], located by a byte
//! span in the block's text) and the same problem located in a file ([`ChartError`], a line and
//! column). This module owns the one `FILE:LINE:COL: error: ...` format and the one byte-offset →
//! line:column function.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

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

/// Most errors reported for one block; past the first few, more are rarely news.
pub const MAX_ERRORS_PER_BLOCK: usize = 10;

/// Orders a block's errors by where they are (errors about the whole block first), drops
/// repeats and keeps the first [`MAX_ERRORS_PER_BLOCK`].
pub(crate) fn in_source_order(mut errors: Vec<BlockError>) -> Vec<BlockError> {
    errors.sort_by_key(|e| e.span.as_ref().map_or((0, 0), |s| (s.start + 1, s.end)));
    errors.dedup_by(|a, b| a.key == b.key && a.message == b.message);
    errors.truncate(MAX_ERRORS_PER_BLOCK);
    errors
}

impl BlockError {
    /// An error at `span` for `key`.
    pub(crate) fn at(
        key: impl Into<String>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        BlockError {
            key: key.into(),
            message: message.into(),
            span: Some(span),
        }
    }

    /// An error about the block as a whole (located at its start).
    pub(crate) fn whole(message: impl Into<String>) -> Self {
        BlockError {
            key: String::new(),
            message: message.into(),
            span: None,
        }
    }

    /// A stand-in for an error already recorded elsewhere: it stops reading and is dropped
    /// from the report.
    pub(crate) fn already_reported() -> Self {
        BlockError::whole("\u{0}already reported")
    }

    /// Whether this is [`BlockError::already_reported`].
    pub(crate) fn is_already_reported(&self) -> bool {
        self.key.is_empty() && self.span.is_none() && self.message == "\u{0}already reported"
    }

    /// Locates the error in `file`; `position` maps a byte offset of the block to a line and
    /// column (`None`: the block's start) in `source`, the text the lines are counted in, whose
    /// line is kept for the snippet under the message.
    pub(crate) fn locate(
        self,
        file: &str,
        position: impl Fn(Option<usize>) -> (usize, usize),
        source: Option<&str>,
    ) -> ChartError {
        let (line, column) = position(self.span.as_ref().map(|s| s.start));
        let snippet = source
            .and_then(|text| {
                text.strip_prefix(BOM)
                    .unwrap_or(text)
                    .split('\n')
                    .nth(line - 1)
            })
            .map(|text| {
                let text = text.strip_suffix('\r').unwrap_or(text);
                let end = match &self.span {
                    Some(s) if s.end > s.start => match position(Some(s.end)) {
                        (l, c) if l == line && c > column => c,
                        _ => text.chars().count() + 1,
                    },
                    _ => column + 1,
                };
                Box::new(SourceLine {
                    text: text.to_string(),
                    columns: column..end.max(column + 1),
                })
            });
        ChartError {
            file: file.to_string(),
            line,
            column,
            key: self.key,
            message: self.message,
            following: Vec::new(),
            snippet,
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
    /// Further errors in the same block, in source order (at most
    /// ten in all).
    pub following: Vec<ChartError>,
    /// The line the error points at, for [`ChartError::report`].
    pub(crate) snippet: Option<Box<SourceLine>>,
}

/// A line of the file an error is in, and the columns (1-based, in characters, end exclusive)
/// of the mistake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SourceLine {
    pub text: String,
    pub columns: Range<usize>,
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
            following: Vec::new(),
            snippet: None,
        }
    }
}

impl fmt::Display for ChartError {
    /// One `FILE:LINE:COL: error: ...` line per error (this one, then the following ones), with
    /// control characters escaped: text from a chart or a file name can neither move the
    /// terminal's cursor nor forge a line of its own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in std::iter::once(self).chain(&self.following).enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write_location(f, &e.file, (e.line, e.column), "error")?;
            if !e.key.is_empty() {
                write!(f, "`{}`: ", escape_controls(&e.key))?;
            }
            f.write_str(&escape_controls(&e.message))?;
        }
        Ok(())
    }
}

/// Writes `FILE:LINE:COL: SEVERITY: `, the file name escaped: the one location format of every
/// diagnostic.
fn write_location(
    out: &mut impl fmt::Write,
    file: &str,
    (line, column): (usize, usize),
    severity: &str,
) -> fmt::Result {
    write!(
        out,
        "{}:{line}:{column}: {severity}: ",
        escape_controls(file)
    )
}

/// `FILE:LINE:COL: warning: MESSAGE` with control characters escaped, for something that builds
/// but that readers may miss.
pub(crate) fn warning(file: &str, at: (usize, usize), message: &str) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_location(&mut out, file, at, "warning");
    out.push_str(&escape_controls(message));
    out
}

/// `text` with control characters (C0, DEL, C1), line and paragraph separators and bidi
/// controls written as escapes (`\n`, `\u{1b}`), so that it prints as one inert line.
pub(crate) fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let dangerous = |c: char| {
        c.is_control()
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
            )
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(dangerous) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if dangerous(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

impl std::error::Error for ChartError {}

impl ChartError {
    /// The errors as a terminal shows them: each `FILE:LINE:COL: error: ...` line followed,
    /// rustc-style, by the line it points at with a caret under the mistake; `color` adds ANSI
    /// colours (for a terminal only). Control characters are escaped throughout.
    pub fn report(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for e in std::iter::once(self).chain(&self.following) {
            let mut one = e.clone();
            one.following.clear();
            out.push_str(&one.to_string());
            out.push('\n');
            let Some(snippet) = &e.snippet else {
                continue;
            };
            // Escaping may lengthen the text: measure the marked range on the escaped pieces.
            let chars: Vec<char> = snippet.text.chars().collect();
            let piece = |r: Range<usize>| -> String {
                escape_controls(
                    &chars[r.start.min(chars.len())..r.end.min(chars.len())]
                        .iter()
                        .collect::<String>(),
                )
                .into_owned()
            };
            let start = snippet.columns.start.saturating_sub(1);
            let end = snippet.columns.end.saturating_sub(1).max(start + 1);
            let (before, marked, after) =
                (piece(0..start), piece(start..end), piece(end..chars.len()));
            let text = format!("{before}{marked}{after}");
            let span = before.len()..before.len() + marked.len().max(1);
            let title = escape_controls(&e.message).into_owned();
            let file = escape_controls(&e.file).into_owned();
            let report = &[Level::ERROR.primary_title(&title).element(
                Snippet::source(&text)
                    .line_start(e.line)
                    .path(&file)
                    .annotation(AnnotationKind::Primary.span(span)),
            )];
            let rendered = renderer.render(report).to_string();
            // The first line repeats the message: ours above says it with the location.
            for line in rendered.lines().skip(1) {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}

/// A byte-order mark. Editors do not show one at the start of a file, so columns on the first
/// line do not count it.
pub(crate) const BOM: &str = "\u{feff}";

/// The 1-based line and column (in characters, a leading BOM not counted) of byte `offset` in
/// `text`; an offset past the end is taken as the end, one inside a character as that character.
/// For many questions about one text, [`LineIndex`] answers each without rescanning.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let at = floor_char_boundary(text, offset);
    let before = &text.as_bytes()[..at];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    (line, column_at(text, start, at))
}

/// Line starts of a text, so that many offsets turn into lines and columns with a binary search
/// each ([`line_col`] is the one-off form, with the same answers).
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line (after each `\n`); the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// [`line_col`] of `offset` in `text`, the text this index was made from.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let at = floor_char_boundary(text, offset);
        let index = self.line_index(at);
        (index + 1, column_at(text, self.starts[index], at))
    }

    /// The byte offset where the line holding `offset` starts (after a leading BOM).
    pub(crate) fn line_start(&self, text: &str, offset: usize) -> usize {
        let at = floor_char_boundary(text, offset);
        content_start(text, self.starts[self.line_index(at)], at)
    }

    /// The 0-based index of the line holding byte `at`.
    fn line_index(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).max(1) - 1
    }
}

/// The 1-based column of byte `at` on the line starting at byte `start`, in characters, a
/// leading BOM not counted.
fn column_at(text: &str, start: usize, at: usize) -> usize {
    let start = content_start(text, start, at);
    text.get(start..at).map_or(0, |s| s.chars().count()) + 1
}

/// `start`, the start of a line, moved past a leading BOM (but not past `at`).
fn content_start(text: &str, start: usize, at: usize) -> usize {
    if start == 0 && text.starts_with(BOM) {
        BOM.len().min(at)
    } else {
        start
    }
}

/// The largest character boundary of `text` not after `index` (the text's end at most).
pub(crate) fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The byte offset of 1-based `line`:`column` (in characters, a leading BOM not counted) in
/// `text`, clamped to the text and to the line: the inverse of [`line_col`].
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match memchr::memchr(b'\n', &text.as_bytes()[start..]) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let start = content_start(text, start, text.len());
    let rest = &text[start..];
    let line_len = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    let within = rest[..line_len]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_len, |(i, _)| i);
    start + within
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
    fn the_index_agrees_with_the_one_off_form_and_skips_a_bom() {
        for text in [
            "ab\ncdé f\n\nlast",
            "\u{feff}ab\r\nc",
            "",
            "\n\n",
            "\u{feff}",
        ] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_col(text, offset),
                    line_col(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
        let text = "\u{feff}é = 1\nx";
        assert_eq!(line_col(text, 0), (1, 1), "the BOM itself");
        assert_eq!(line_col(text, 3), (1, 1), "the first character after it");
        assert_eq!(line_col(text, 5), (1, 2));
        assert_eq!(offset_of(text, 1, 2), 5);
        assert_eq!(offset_of(text, 2, 1), text.find('x').unwrap());
    }

    #[test]
    fn control_characters_are_escaped() {
        let e = ChartError::new(
            "src/\u{1b}[2Ja.md",
            (1, 2),
            "found \"x\r\nsrc/b.md:1:1: error: forged\u{7}\u{202e}\"".into(),
        );
        let shown = e.to_string();
        assert_eq!(shown.lines().count(), 1, "{shown}");
        assert_eq!(
            shown,
            "src/\\u{1b}[2Ja.md:1:2: error: found \"x\\r\\nsrc/b.md:1:1: error: forged\\u{7}\\u{202e}\""
        );
        assert_eq!(escape_controls("plain é"), "plain é");
    }

    #[test]
    fn a_report_shows_the_line_with_a_caret() {
        let text = "type = \"bar\"\ny = [1, \"x\u{1b}\"]\n";
        let e = BlockError::at("y[1]", 21..26, "expected a number, found a string").locate(
            "c.toml",
            |at| line_col(text, at.unwrap_or(0)),
            Some(text),
        );
        assert_eq!(
            e.report(false),
            "c.toml:2:9: error: `y[1]`: expected a number, found a string\n \
             --> c.toml:2:9\n  |\n2 | y = [1, \"x\\u{1b}\"]\n  |         ^^^^^^^^^^\n"
        );
    }

    #[test]
    fn a_coloured_report_is_styled_and_still_escapes_user_text() {
        let text = "type = \"bar\"\ny = [1, \"x\u{1b}[2J\r\u{9b}\u{202e}\"]\n";
        let e = BlockError::at("y[1]", 21..32, "found \"\u{1b}[2J\"").locate(
            "src/\u{1b}[2Ja.md",
            |at| line_col(text, at.unwrap_or(0)),
            Some(text),
        );
        let coloured = e.report(true);
        // SGR sequences (`ESC [ digits ; ... m`) are the renderer's styling: remove them.
        let mut plain = String::new();
        let mut rest = coloured.as_str();
        let mut styles = 0;
        while let Some(at) = rest.find("\u{1b}[") {
            plain.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            let end = after
                .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                .unwrap_or(after.len());
            if after[end..].starts_with('m') {
                styles += 1;
                rest = &after[end + 1..];
            } else {
                // Not styling: keep it, for the check below to find.
                plain.push_str(&rest[at..at + 2]);
                rest = after;
            }
        }
        plain.push_str(rest);
        assert!(styles > 0, "styled: {coloured:?}");
        assert!(
            !plain.chars().any(|c| c != '\n' && c.is_control()),
            "a raw control character from the chart: {plain:?}"
        );
        assert!(!plain.contains('\u{202e}'), "{plain:?}");
        assert_eq!(
            plain,
            e.report(false),
            "the same text as without colour, styling aside"
        );
        assert!(
            plain.contains("y = [1, \"x\\u{1b}[2J\\r\\u{9b}\\u{202e}\"]"),
            "{plain}"
        );
        assert!(plain.contains("--> src/\\u{1b}[2Ja.md:2:9"), "{plain}");
    }

    #[test]
    fn a_warning_is_located_and_escaped_like_an_error() {
        assert_eq!(
            warning("src/\u{1b}a.md", (3, 7), "colour \"x\u{7}\" is faint"),
            "src/\\u{1b}a.md:3:7: warning: colour \"x\\u{7}\" is faint"
        );
    }

    #[test]
    fn a_leading_bom_is_neither_counted_nor_shown() {
        let text = "\u{feff}Intro\ny = 1\n";
        let e = BlockError::at("", 8..9, "key with no value").locate(
            "c.toml",
            |at| line_col(text, at.unwrap_or(0)),
            Some(text),
        );
        assert_eq!(
            e.report(false),
            "c.toml:1:6: error: key with no value\n --> c.toml:1:6\n  |\n1 | Intro\n  |      ^\n"
        );
    }

    #[test]
    fn following_errors_are_one_line_each() {
        let mut e = ChartError::new("a.md", (1, 1), "first".into());
        e.following
            .push(ChartError::new("a.md", (3, 4), "second".into()));
        assert_eq!(
            e.to_string(),
            "a.md:1:1: error: first\na.md:3:4: error: second"
        );
    }

    #[test]
    fn offsets_and_positions_are_inverse() {
        let text = "ab\ncdé f\nlast";
        for offset in [0, 1, 3, 5, 7, 8, 10] {
            let (line, column) = line_col(text, offset);
            assert_eq!(offset_of(text, line, column), offset, "{offset}");
        }
        assert_eq!(offset_of(text, 2, 99), 9, "clamped to the line");
        assert_eq!(offset_of(text, 9, 1), text.len(), "clamped to the text");
    }

    #[test]
    fn display_is_file_line_col() {
        let e =
            BlockError::at("y[0]", 4..5, "expected a number").locate("src/a.md", |_| (3, 9), None);
        assert_eq!(
            e.to_string(),
            "src/a.md:3:9: error: `y[0]`: expected a number"
        );
        let e = ChartError::new("a.toml", (1, 1), "too big".into());
        assert_eq!(e.to_string(), "a.toml:1:1: error: too big");
    }
}

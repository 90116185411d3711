//! A chart fence as found in a chapter: its range, its body with container prefixes removed,
//! and the map from body offsets back to chapter lines and columns.

use std::ops::Range;

use super::{CHART, INFO_SEPARATORS};
use crate::diagnostic::{LineIndex, floor_char_boundary};

/// One chart fence found in a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFence {
    /// Byte range in the chapter of the whole fenced block to replace: from the first fence
    /// character of the opening fence to the end of the closing fence line excluding its line
    /// ending (so the replacement line keeps the original line ending). For an unclosed fence
    /// that runs to the end of its container or document, to the end of the last non-blank content
    /// line (or of the opening fence line when there is none), excluding its line ending; trailing
    /// blank lines stay outside the range.
    pub range: Range<usize>,
    /// The block's text with container prefixes (block quote `>` markers, list indentation,
    /// fence indentation) removed, exactly as CommonMark defines the code block content. Line
    /// endings are `\n` even in a CRLF chapter.
    pub body: String,
    /// 1-based line in the chapter of the opening fence.
    pub line: usize,
    /// 1-based column (in characters) in the chapter of the opening fence's first character.
    pub column: usize,
    /// The remaining words of the info string after `chart`, trimmed (e.g. `chart  foo=bar` and
    /// `chart,foo=bar` both give `foo=bar`).
    pub info_rest: String,
    /// What must be written at the start of a continuation line so it stays inside the same
    /// containers (e.g. `"> "` in a block quote, `"   "` in a list item `"1. "`, `">   "` for a
    /// fence in a list inside a block quote). `>` markers are kept, tabs are expanded to 4-column
    /// tab stops and every other character becomes a space.
    pub continuation: String,
    /// Length of the block's text in bytes; `body` holds only the first MiB of a larger block.
    pub body_len: usize,
    /// Body-to-chapter position anchors, sorted by body offset; the first one is at body offset 0.
    anchors: Vec<Anchor>,
    /// Whether the block after the fence (if any) is in the same innermost container, so that a
    /// non-blank line right after the fence would be swallowed by an HTML block replacing it.
    pub(super) same_container_follows: bool,
}

/// Where a piece of the body comes from in the chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    /// Byte offset in the body where the piece starts.
    body: usize,
    /// 1-based chapter line of the piece's first character.
    line: usize,
    /// 1-based chapter column (in characters) of the piece's first character.
    column: usize,
    /// Whether the piece is a verbatim copy of the chapter text (so columns advance with it).
    /// Synthetic pieces (spaces from partially consumed tabs, normalised line endings) map every
    /// offset to the anchor's position.
    verbatim: bool,
}

impl ChartFence {
    /// Map a byte offset inside `body` to the 1-based (line, column) in the chapter, the column
    /// counted in characters.
    ///
    /// An offset inside a multi-byte character is rounded down to that character. Offsets at or
    /// past the end map to the end of the last body line (the position of its line ending, or just
    /// past its last character when there is none). For an empty body they map to the line after
    /// the opening fence, at the opening fence's column.
    pub fn source_position(&self, body_offset: usize) -> (usize, usize) {
        let Some(first) = self.anchors.first() else {
            return (self.line + 1, self.column);
        };
        let mut offset = body_offset;
        if offset >= self.body.len() {
            offset = self.body.len();
            if self.body.ends_with('\n') {
                offset -= 1;
            }
        }
        let offset = floor_char_boundary(&self.body, offset);
        let index = self.anchors.partition_point(|a| a.body <= offset);
        let anchor = index
            .checked_sub(1)
            .and_then(|i| self.anchors.get(i))
            .unwrap_or(first);
        if !anchor.verbatim {
            return (anchor.line, anchor.column);
        }
        let advance = self
            .body
            .get(anchor.body..offset)
            .map_or(0, |s| s.chars().count());
        (anchor.line, anchor.column + advance)
    }
}

/// A chart fence whose `Text` events are being collected.
pub(super) struct Pending {
    /// Byte offset of the opening fence's first character.
    fence_start: usize,
    /// The fence character (`` ` `` or `~`).
    fence_char: u8,
    /// See [`ChartFence::info_rest`].
    info_rest: String,
    /// See [`ChartFence::body`].
    body: String,
    /// (body offset, chapter offset, verbatim) for each piece of the body.
    pieces: Vec<(usize, usize, bool)>,
    /// Chapter offset of the last non-whitespace character of the body, if any.
    last_content: Option<usize>,
    /// Bytes of body text seen, kept or not (see [`BODY_KEPT`]).
    seen: usize,
}

/// Body bytes kept per fence. Past this the block is too large to be a chart anyway (the spec
/// rejects blocks over 512 KiB); only its extent is tracked, so a huge block is rejected
/// without building per-line position tables for it.
pub(super) const BODY_KEPT: usize = 1024 * 1024;

impl Pending {
    /// Start collecting a fenced code block starting near `start` with (decoded) info string
    /// `info`, if it is a chart fence.
    pub(super) fn start(chapter: &str, start: usize, info: &str) -> Option<Self> {
        let info_rest = chart_info_rest(info)?;
        let bytes = chapter.as_bytes();
        // The event range starts at the fence; be lenient about leading indentation anyway.
        let skipped = bytes
            .get(start..)?
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let fence_start = start + skipped;
        let fence_char = *bytes.get(fence_start)?;
        if fence_char != b'`' && fence_char != b'~' {
            return None;
        }
        let line = chapter.get(fence_start..line_end(chapter, fence_start))?;
        let raw_info = line.trim_start_matches(char::from(fence_char));
        chart_info_rest(raw_info)?;
        Some(Self {
            fence_start,
            fence_char,
            info_rest,
            body: String::new(),
            pieces: Vec::new(),
            last_content: None,
            seen: 0,
        })
    }

    /// Append one `Text` event of the code block.
    pub(super) fn push(&mut self, chapter: &str, text: &str, range: Range<usize>) {
        if text.is_empty() {
            return;
        }
        self.seen += text.len();
        // Where the block's content ends is tracked over all of it; only the first BODY_KEPT
        // bytes are kept (with their position anchors).
        let last = text
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_whitespace())
            .map(|(i, _)| i);
        let keep = floor_char_boundary(text, BODY_KEPT.saturating_sub(self.body.len()));
        if keep == 0 {
            if let Some(i) = last {
                self.last_content = Some(range.start + i);
            }
            return;
        }
        let kept = &text[..keep];
        let body_start = self.body.len();
        self.body.push_str(kept);
        let verbatim = chapter.get(range.clone()) == Some(text);
        if !verbatim {
            self.pieces.push((body_start, range.start, false));
            if last.is_some() {
                self.last_content = Some(range.start);
            }
            return;
        }
        // A lone "\n" for a CRLF line ending: point at the "\r" so the column is the line's end.
        let source = if text.starts_with('\n') && range.start > 0 {
            match chapter.as_bytes().get(range.start - 1) {
                Some(b'\r') => range.start - 1,
                _ => range.start,
            }
        } else {
            range.start
        };
        self.pieces.push((body_start, source, true));
        for (i, _) in kept.match_indices('\n') {
            if i + 1 < kept.len() {
                self.pieces
                    .push((body_start + i + 1, range.start + i + 1, true));
            }
        }
        if let Some(i) = last {
            self.last_content = Some(range.start + i);
        }
    }

    /// Complete the fence; `block_end` is the end of the code block's event range and `follows`
    /// whether the next event starts a block in the same container.
    pub(super) fn finish(
        self,
        chapter: &str,
        lines: &LineIndex,
        block_end: usize,
        follows: bool,
    ) -> ChartFence {
        let opening_end = line_end(chapter, self.fence_start);
        let content_end = self
            .last_content
            .map_or(opening_end, |p| line_end(chapter, p))
            .max(opening_end);
        // Between the last content line and the end of the block there are only blank lines and
        // container prefixes, plus the closing fence if there is one.
        let block_end = block_end.min(chapter.len());
        let closing = chapter
            .as_bytes()
            .get(content_end..block_end)
            .and_then(|tail| tail.iter().rposition(|&b| b == self.fence_char));
        let end = match closing {
            Some(i) => line_end(chapter, content_end + i),
            None => content_end,
        };
        let (line, column) = lines.line_col(chapter, self.fence_start);
        let anchors = self
            .pieces
            .iter()
            .map(|&(body, source, verbatim)| {
                let (line, column) = lines.line_col(chapter, source);
                Anchor {
                    body,
                    line,
                    column,
                    verbatim,
                }
            })
            .collect();
        let line_start = lines.line_start(chapter, self.fence_start);
        let prefix = chapter.get(line_start..self.fence_start).unwrap_or("");
        ChartFence {
            range: self.fence_start..end,
            body: self.body,
            line,
            column,
            info_rest: self.info_rest,
            continuation: continuation_from_prefix(prefix),
            anchors,
            same_container_follows: follows,
            body_len: self.seen,
        }
    }
}

/// If `info`'s first token is `chart`, the rest of the info string (trimmed).
fn chart_info_rest(info: &str) -> Option<String> {
    let info = info.trim_start_matches(INFO_SEPARATORS);
    let token_end = info.find(INFO_SEPARATORS).unwrap_or(info.len());
    let (token, rest) = info.split_at_checked(token_end)?;
    (token == CHART).then(|| {
        rest.trim_start_matches(INFO_SEPARATORS)
            .trim_end()
            .to_owned()
    })
}

/// Turn the text before a fence on its line into a continuation prefix.
fn continuation_from_prefix(prefix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 4);
    let mut column = 0;
    for c in prefix.chars() {
        match c {
            '\u{feff}' => {}
            '>' => {
                out.push('>');
                column += 1;
            }
            '\t' => {
                let width = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', width));
                column += width;
            }
            _ => {
                out.push(' ');
                column += 1;
            }
        }
    }
    out
}

/// Byte offset of the end of the line containing `pos`, excluding its line ending (`\n` or
/// `\r\n`); the chapter's length for the last line.
pub(super) fn line_end(chapter: &str, pos: usize) -> usize {
    let bytes = chapter.as_bytes();
    let Some(tail) = bytes.get(pos..) else {
        return chapter.len();
    };
    match tail.iter().position(|&b| b == b'\n') {
        Some(i) if i > 0 && tail[i - 1] == b'\r' => pos + i - 1,
        Some(i) => pos + i,
        None => chapter.len(),
    }
}

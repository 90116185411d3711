//! Finding `chart` fenced code blocks in a chapter and splicing replacements back in.
//!
//! # Approach
//!
//! The chapter is parsed with pulldown-cmark using exactly the block-level options mdBook 0.5
//! uses ([`markdown_options`]), so a fence is a chart fence here exactly when mdBook would render
//! it as a code block with language `chart`. Only the *positions* reported by
//! [`Parser::into_offset_iter`] are used; the chapter text itself is never re-serialised, so every
//! byte outside the replaced ranges is preserved verbatim by [`splice`].
//!
//! For each fenced code block whose info string's first token is `chart` we record:
//!
//! * the byte range to replace (see [`ChartFence::range`]), computed from the event ranges and then
//!   normalised so that it always starts at the first fence character and never includes a line
//!   ending, and so that trailing blank lines of an unclosed fence stay outside of it;
//! * the body, i.e. the concatenation of the code block's `Text` events. Inside containers
//!   (block quotes, list items, footnotes, definitions) pulldown-cmark emits one `Text` event per
//!   line (or per run of lines), each with its own source range, with the container prefixes
//!   already removed. These ranges are turned into a compact list of anchors (one per body line,
//!   plus one per synthetic piece) that [`ChartFence::source_position`] uses to map body offsets
//!   (e.g. from TOML error spans) back to chapter lines and columns;
//! * the `continuation` prefix that keeps a new line inside the same containers, and whether the
//!   next line after the fence belongs to the same container (used by [`splice`]).
//!
//! # Decisions
//!
//! * **Language token.** The info string is split like mdBook's HTML renderer does (on spaces,
//!   tabs and commas); the first token must be exactly `chart` (case-sensitive). Hence
//!   `chart foo=bar` and `chart,foo=bar` are chart fences (mdBook would give both the class
//!   `language-chart`), while `chart{...}`, `Chart` and `charts` are not. The token must also be
//!   spelled literally in the source: an info string such as `&#99;hart` (which CommonMark decodes
//!   to `chart`) is not a chart fence. This keeps [`may_contain_chart`] a sound pre-check.
//! * **BOM.** mdBook strips a UTF-8 BOM when loading chapters, but pulldown-cmark does not, so a
//!   leading BOM would stop a fence on the first line from being recognised. A leading BOM is
//!   therefore skipped for parsing (offsets are shifted back); it is not counted in columns and it
//!   is preserved by [`splice`].
//! * **Lines and columns.** Lines are separated by `\n` (a `\r` before it is part of the line
//!   ending). Columns are 1-based and count characters (a tab is one character).
//! * **Continuation.** Derived from the text between the start of the opening fence's line and the
//!   fence: `>` stays `>`, tabs are expanded to spaces up to the next multiple of 4 columns (as
//!   CommonMark does), and every other character (list markers, footnote labels, `:` of a
//!   definition, indentation) becomes one space.
//! * **Where the replacement goes.** A fenced code block is always the first block content on its
//!   line, so the replacement is written exactly where the opening fence started: container
//!   markers and the fence's own indentation (0–3 spaces, which an HTML block also allows) are kept
//!   before it. A `<figure>` (or `<div>`) line starts an HTML block of CommonMark type 6, which may
//!   interrupt a paragraph or a table, so no blank line is needed *before* the replacement.
//! * **After the replacement.** An HTML block only ends at a blank line, so when the line after the
//!   fence is a non-blank line *in the same container* (decided from the original parse: the next
//!   event after the code block is not the end of a container), [`splice`] inserts a line ending
//!   plus `continuation.trim_end()` (an empty line inside the same containers). Inside a tight list
//!   this makes the list loose, which cannot be avoided. Lines that already belong to an enclosing
//!   or sibling container (e.g. the next list item) get no blank line, so tight lists stay tight.
//!
//! # Invariants
//!
//! * No function here panics, whatever the input (all slicing is checked).
//! * `splice(c, &find_chart_fences(c), r)` leaves every byte of `c` outside the fence ranges
//!   unchanged and in order; it only adds bytes at the end of a range.
//! * Ranges returned by [`find_chart_fences`] are in document order, non-overlapping, on character
//!   boundaries, and never contain the line ending that follows the fence.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The UTF-8 byte order mark.
const BOM: &str = "\u{feff}";

/// The language token that marks a chart fence.
const CHART: &str = "chart";

/// Characters that separate the tokens of an info string (as in mdBook's HTML renderer).
const INFO_SEPARATORS: [char; 3] = [' ', '\t', ','];

/// The pulldown-cmark options mdBook 0.5 parses chapters with (the ones that affect block
/// structure), so that chart fences are found exactly where mdBook sees code blocks.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

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
    same_container_follows: bool,
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

/// Cheap pre-check used to skip parsing chapters that cannot contain a chart fence.
///
/// Conservative: a chart fence's info string must spell `chart` literally, so this is never
/// `false` for a chapter in which [`find_chart_fences`] finds something.
pub fn may_contain_chart(chapter: &str) -> bool {
    // memmem's searcher is several times faster than `str::contains` on long prose; this runs
    // on every chapter of every build (and on the whole book's JSON). A fence's info string
    // starts right after the fence characters (and optional spaces), so an occurrence of
    // "chart" counts only when three or more backticks or tildes stand just before it: prose
    // that merely mentions charts costs no Markdown parse.
    let bytes = chapter.as_bytes();
    memchr::memmem::find_iter(bytes, CHART.as_bytes()).any(|at| {
        let before = &bytes[..at];
        let trimmed = before.len()
            - before
                .iter()
                .rev()
                .take_while(|b| **b == b' ' || **b == b'\t')
                .count();
        let fence = &before[..trimmed];
        match fence.last() {
            Some(&c @ (b'`' | b'~')) => fence.iter().rev().take_while(|b| **b == c).count() >= 3,
            _ => false,
        }
    })
}

/// Find every chart fence, in document order.
///
/// Fences are found wherever CommonMark (as configured by mdBook) puts a fenced code block: at top
/// level, in list items, block quotes, footnote definitions, definition lists and any nesting of
/// these. Indented code blocks, fences shown inside longer fences, raw HTML blocks and inline code
/// are not chart fences.
pub fn find_chart_fences(chapter: &str) -> Vec<ChartFence> {
    let mut fences = Vec::new();
    if !may_contain_chart(chapter) {
        return fences;
    }
    let base = if chapter.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let text = chapter.get(base..).unwrap_or_default();
    let mut lines: Option<LineIndex> = None;
    let mut current: Option<Pending> = None;
    let mut events = Parser::new_ext(text, markdown_options())
        .into_offset_iter()
        .peekable();
    while let Some((event, range)) = events.next() {
        let range = range.start + base..range.end + base;
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Pending::start(chapter, range.start, &info);
            }
            Event::Text(piece) => {
                if let Some(pending) = current.as_mut() {
                    pending.push(chapter, &piece, range);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(pending) = current.take() {
                    let follows = events
                        .peek()
                        .is_some_and(|(next, _)| !matches!(next, Event::End(_)));
                    let lines = lines.get_or_insert_with(|| LineIndex::new(chapter));
                    fences.push(pending.finish(chapter, lines, range.end, follows));
                }
            }
            _ => {}
        }
    }
    fences
}

/// Replace each fence's range by its replacement line (`replacements[i]` for `fences[i]`).
///
/// * The replacement is written exactly where the opening fence started, so container markers and
///   indentation before it on the same line are kept, and the fence's original line ending
///   follows it.
/// * A replacement should be one line. If it contains line breaks anyway, each break is written
///   as the chapter's line ending followed by the fence's `continuation`, so every line stays in
///   the fence's containers (a blank line inside it would still end an HTML block).
/// * If the line right after a fence is a non-blank line of the same container, a line ending plus
///   `continuation.trim_end()` is inserted after the replacement so that the following Markdown
///   does not become part of the HTML block (a raw HTML block only ends at a blank line).
/// * The line ending used is the one ending the fence's last line (CRLF if that is `\r\n`); for a
///   fence at the end of the chapter, the one ending the opening fence line, else `\n`.
///
/// Fences are expected in document order, as returned by [`find_chart_fences`] for the same
/// chapter. A fence whose range is out of bounds, not on character boundaries or overlapping an
/// earlier fence is left untouched, as are fences without a replacement (and replacements without
/// a fence are ignored).
pub fn splice(chapter: &str, fences: &[ChartFence], replacements: &[String]) -> String {
    let extra: usize = replacements.iter().map(|r| r.len() + 8).sum();
    let mut out = String::with_capacity(chapter.len() + extra);
    let mut cursor = 0;
    for (fence, replacement) in fences.iter().zip(replacements) {
        let Range { start, end } = fence.range.clone();
        if start < cursor || start > end || chapter.get(start..end).is_none() {
            continue;
        }
        let (Some(before), Some(after)) = (chapter.get(cursor..start), chapter.get(end..)) else {
            continue;
        };
        out.push_str(before);
        let eol = line_ending_at(after)
            .or_else(|| line_ending_at(chapter.get(line_end(chapter, start)..).unwrap_or("")))
            .unwrap_or("\n");
        push_replacement(&mut out, replacement, eol, &fence.continuation);
        if fence.same_container_follows
            && let Some(ending) = line_ending_at(after)
        {
            let next = after.get(ending.len()..).unwrap_or("");
            let next_line = next.split('\n').next().unwrap_or("");
            let markers = fence.continuation.matches('>').count();
            if !is_blank_in_container(next_line, markers) {
                out.push_str(eol);
                out.push_str(fence.continuation.trim_end());
            }
        }
        cursor = end;
    }
    out.push_str(chapter.get(cursor..).unwrap_or(""));
    out
}

/// Write `replacement`, turning any line break in it into `eol` + `continuation`.
fn push_replacement(out: &mut String, replacement: &str, eol: &str, continuation: &str) {
    if memchr::memchr2(b'\n', b'\r', replacement.as_bytes()).is_none() {
        out.push_str(replacement);
        return;
    }
    let mut lines = replacement
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    for line in lines {
        out.push_str(eol);
        out.push_str(continuation);
        out.push_str(line);
    }
}

/// The line ending `text` starts with, if any.
fn line_ending_at(text: &str) -> Option<&'static str> {
    if text.starts_with("\r\n") {
        Some("\r\n")
    } else if text.starts_with('\n') {
        Some("\n")
    } else {
        None
    }
}

/// Whether `line` is blank once up to `markers` block quote markers (each optionally preceded by
/// indentation) are removed, i.e. whether it would end an HTML block in the same containers.
fn is_blank_in_container(line: &str, markers: usize) -> bool {
    let mut rest = line;
    for _ in 0..markers {
        match rest.trim_start_matches([' ', '\t']).strip_prefix('>') {
            Some(stripped) => rest = stripped,
            None => break,
        }
    }
    rest.trim().is_empty()
}

/// A chart fence whose `Text` events are being collected.
struct Pending {
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
const BODY_KEPT: usize = 1024 * 1024;

impl Pending {
    /// Start collecting a fenced code block starting near `start` with (decoded) info string
    /// `info`, if it is a chart fence.
    fn start(chapter: &str, start: usize, info: &str) -> Option<Self> {
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
    fn push(&mut self, chapter: &str, text: &str, range: Range<usize>) {
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
        let mut keep = text.len().min(BODY_KEPT.saturating_sub(self.body.len()));
        while !text.is_char_boundary(keep) {
            keep -= 1;
        }
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
    fn finish(
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
        let (line, column) = lines.position(chapter, self.fence_start);
        let anchors = self
            .pieces
            .iter()
            .map(|&(body, source, verbatim)| {
                let (line, column) = lines.position(chapter, source);
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
fn line_end(chapter: &str, pos: usize) -> usize {
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

/// The largest character boundary of `text` not after `index`.
fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Start offsets of the chapter's lines, for offset-to-position conversion.
struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the lines (separated by `\n`) of `chapter`.
    fn new(chapter: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(chapter.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// 0-based line number and start offset of the line containing `offset`.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let index = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        (index, self.starts.get(index).copied().unwrap_or(0))
    }

    /// Byte offset of the start of the line containing `offset`, after a leading BOM.
    fn line_start(&self, chapter: &str, offset: usize) -> usize {
        let (_, start) = self.line_of(offset);
        if start == 0 && chapter.starts_with(BOM) {
            BOM.len().min(offset)
        } else {
            start
        }
    }

    /// 1-based line and 1-based column (in characters, a leading BOM not counted) of `offset`.
    fn position(&self, chapter: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(chapter, offset);
        let (line, _) = self.line_of(offset);
        let start = self.line_start(chapter, offset);
        let column = chapter.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIG: &str = r#"<figure class="svg-chart">X</figure>"#;

    #[test]
    fn huge_fence_is_replaced_whole_without_keeping_all_of_it() {
        let body = "[[series]]\ny = [1]\n".repeat(120_000); // about 2.3 MB
        let md = format!("# T\n\n```chart\n{body}```\n\nAfter.\n");
        let fences = find_chart_fences(&md);
        assert_eq!(fences.len(), 1);
        assert_eq!(fences[0].body_len, body.len());
        assert!(fences[0].body.len() <= BODY_KEPT + 64);
        let out = splice(&md, &fences, &[fig()]);
        assert_eq!(out, format!("# T\n\n{FIG}\n\nAfter.\n"));
    }

    #[test]
    fn pre_check_ignores_prose_but_never_a_fence() {
        assert!(!may_contain_chart(
            "A chart shows it; the charts below. `` chart"
        ));
        assert!(!may_contain_chart("``chart is not a fence"));
        for fence in [
            "```chart",
            "``` chart",
            "~~~\tchart",
            "> - ````chart x",
            "\\n```chart",
        ] {
            assert!(may_contain_chart(fence), "{fence}");
        }
        // Every fence the finder finds passes the pre-check.
        let md = "text chart\n\n- item\n\n  ~~~  chart\n  type='bar'\n  ~~~\n";
        assert_eq!(find_chart_fences(md).len(), 1);
        assert!(may_contain_chart(md));
    }

    fn fig() -> String {
        FIG.to_owned()
    }

    /// Splice `FIG` in for every chart fence.
    fn splice_all(chapter: &str) -> String {
        let fences = find_chart_fences(chapter);
        let replacements = vec![fig(); fences.len()];
        splice(chapter, &fences, &replacements)
    }

    /// The only fence in `chapter`.
    fn one(chapter: &str) -> ChartFence {
        let mut fences = find_chart_fences(chapter);
        assert_eq!(fences.len(), 1, "fences in {chapter:?}: {fences:#?}");
        fences.remove(0)
    }

    /// Contents of the HTML blocks and of the paragraphs (or tight-list texts) of `markdown`.
    fn blocks(markdown: &str) -> (Vec<String>, Vec<String>) {
        let mut html = Vec::new();
        let mut texts = Vec::new();
        let mut in_html = false;
        for event in Parser::new_ext(markdown, markdown_options()) {
            match event {
                Event::Start(Tag::HtmlBlock) => {
                    in_html = true;
                    html.push(String::new());
                }
                Event::End(TagEnd::HtmlBlock) => in_html = false,
                Event::Html(s) if in_html => html.last_mut().unwrap().push_str(&s),
                Event::Text(s) if !in_html => texts.push(s.into_string()),
                _ => {}
            }
        }
        (html, texts)
    }

    /// Whether `markdown` has a paragraph whose text is exactly `text`.
    fn has_paragraph(markdown: &str, text: &str) -> bool {
        let mut in_paragraph = false;
        let mut current = String::new();
        for event in Parser::new_ext(markdown, markdown_options()) {
            match event {
                Event::Start(Tag::Paragraph) => {
                    in_paragraph = true;
                    current.clear();
                }
                Event::End(TagEnd::Paragraph) => {
                    if current == text {
                        return true;
                    }
                    in_paragraph = false;
                }
                Event::Text(s) if in_paragraph => current.push_str(&s),
                _ => {}
            }
        }
        false
    }

    /// The spliced `chapter` has the figure as its own HTML block and `after` as a paragraph.
    fn assert_figure_then_paragraph(chapter: &str, after: &str) -> String {
        let out = splice_all(chapter);
        let (html, _) = blocks(&out);
        assert_eq!(html.len(), 1, "html blocks in {out:?}: {html:?}");
        assert_eq!(html[0].trim_end(), FIG, "figure block in {out:?}");
        assert!(
            has_paragraph(&out, after),
            "no paragraph {after:?} in {out:?}"
        );
        out
    }

    // --- detection -----------------------------------------------------------------------------

    #[test]
    fn top_level_backticks() {
        let f = one("# T\n\n```chart\ntype = \"bar\"\n```\n");
        assert_eq!(f.body, "type = \"bar\"\n");
        assert_eq!((f.line, f.column), (3, 1));
        assert_eq!(f.info_rest, "");
        assert_eq!(f.continuation, "");
    }

    #[test]
    fn top_level_tildes_and_long_fence() {
        let f = one("~~~~~ chart\na = 1\n~~~~~~\n");
        assert_eq!(f.body, "a = 1\n");
        assert_eq!(f.range, 0..24);
    }

    #[test]
    fn indented_fence_strips_indentation() {
        let c = "   ```chart\n   a = 1\n  b = 2\n    c = 3\n   ```\n";
        let f = one(c);
        assert_eq!(f.body, "a = 1\nb = 2\n c = 3\n");
        assert_eq!(f.range.start, 3);
        assert_eq!(f.column, 4);
        assert_eq!(f.continuation, "   ");
    }

    #[test]
    fn info_rest_words() {
        assert_eq!(one("```chart  foo=bar  \n```").info_rest, "foo=bar");
        assert_eq!(one("```chart,foo=bar\n```").info_rest, "foo=bar");
        assert_eq!(one("``` chart a b\n```").info_rest, "a b");
    }

    #[test]
    fn other_info_strings_are_not_charts() {
        for info in [
            "Chart",
            "charts",
            "chart-x",
            "chart{x}",
            "toml",
            "",
            "rust chart",
        ] {
            let c = format!("```{info}\na = 1\n```\n");
            assert!(find_chart_fences(&c).is_empty(), "{info:?}");
        }
    }

    #[test]
    fn entity_spelled_chart_is_not_a_chart() {
        assert!(find_chart_fences("```&#99;hart\na\n```\n").is_empty());
    }

    #[test]
    fn bullet_list_item() {
        let f = one("- item\n\n  ```chart\n  a = 1\n  ```\n");
        assert_eq!(f.body, "a = 1\n");
        assert_eq!(f.continuation, "  ");
        assert_eq!((f.line, f.column), (3, 3));
    }

    #[test]
    fn fence_on_list_marker_line() {
        let f = one("- ```chart\n  a = 1\n  ```\n");
        assert_eq!(f.body, "a = 1\n");
        assert_eq!(f.continuation, "  ");
        assert_eq!(f.range, 2..24);
    }

    #[test]
    fn ordered_list_item() {
        let f = one("1. ```chart\n   a = 1\n   ```\n");
        assert_eq!(f.body, "a = 1\n");
        assert_eq!(f.continuation, "   ");
        let f = one("10) ```chart\n    a = 1\n    ```\n");
        assert_eq!(f.continuation, "    ");
        assert_eq!(f.body, "a = 1\n");
    }

    #[test]
    fn nested_list_item() {
        let f = one("- a\n  - b\n\n    ```chart\n    x = 1\n      y = 2\n    ```\n");
        assert_eq!(f.body, "x = 1\n  y = 2\n");
        assert_eq!(f.continuation, "    ");
    }

    #[test]
    fn blockquote() {
        let f = one("> intro\n>\n> ```chart\n> a = 1\n>\n>   b = 2\n> ```\n");
        assert_eq!(f.body, "a = 1\n\n  b = 2\n");
        assert_eq!(f.continuation, "> ");
        assert_eq!((f.line, f.column), (3, 3));
    }

    #[test]
    fn blockquote_without_space() {
        let f = one(">```chart\n>a = 1\n>```\n");
        assert_eq!(f.body, "a = 1\n");
        assert_eq!(f.continuation, ">");
    }

    #[test]
    fn nested_blockquotes() {
        let f = one("> > ```chart\n> > a = 1\n> > ```\n");
        assert_eq!(f.body, "a = 1\n");
        assert_eq!(f.continuation, "> > ");
    }

    #[test]
    fn list_inside_blockquote() {
        let f = one("> - ```chart\n>   a = 1\n>   ```\n");
        assert_eq!(f.body, "a = 1\n");
        assert_eq!(f.continuation, ">   ");
    }

    #[test]
    fn blockquote_inside_list() {
        let f = one("1. > ```chart\n   > a = 1\n   > ```\n");
        assert_eq!(f.body, "a = 1\n");
        assert_eq!(f.continuation, "   > ");
    }

    #[test]
    fn footnote_definition() {
        let f = one("Text[^1].\n\n[^1]: ```chart\n    a = 1\n    ```\n");
        assert_eq!(f.body, "a = 1\n");
        assert_eq!(f.continuation, "      ");
    }

    #[test]
    fn definition_list() {
        let f = one("Term\n: ```chart\n  a = 1\n  ```\n");
        assert_eq!(f.body, "a = 1\n");
        assert_eq!(f.continuation, "  ");
    }

    #[test]
    fn indented_code_block_is_not_a_chart() {
        assert!(find_chart_fences("    ```chart\n    a = 1\n    ```\n").is_empty());
        assert!(find_chart_fences("\t```chart\n\ta = 1\n\t```\n").is_empty());
    }

    #[test]
    fn chart_inside_longer_fence_is_not_a_chart() {
        let c = "````markdown\n```chart\na = 1\n```\n````\n";
        assert!(find_chart_fences(c).is_empty());
        let c = "~~~\n```chart\na = 1\n```\n~~~\n";
        assert!(find_chart_fences(c).is_empty());
    }

    #[test]
    fn chart_inside_html_block_is_not_a_chart() {
        assert!(find_chart_fences("<div>\n```chart\na = 1\n```\n</div>\n").is_empty());
    }

    #[test]
    fn chart_in_inline_code_is_not_a_chart() {
        assert!(find_chart_fences("Use `` ```chart `` blocks.\n").is_empty());
        assert!(find_chart_fences("Text ```chart a``` more\n").is_empty());
    }

    #[test]
    fn documents_without_chart() {
        assert!(!may_contain_chart("# Title\n\n```toml\na = 1\n```\n"));
        assert!(find_chart_fences("# Title\n\n```toml\na = 1\n```\n").is_empty());
        assert!(find_chart_fences("").is_empty());
        assert!(may_contain_chart("```chart\n```"));
    }

    #[test]
    fn many_fences_in_order() {
        let c = "```chart\na=1\n```\n\n- ```chart\n  b=2\n  ```\n\n> ```chart\n> c=3\n> ```\n";
        let f = find_chart_fences(c);
        let bodies: Vec<_> = f.iter().map(|f| f.body.as_str()).collect();
        assert_eq!(bodies, ["a=1\n", "b=2\n", "c=3\n"]);
        assert!(f.windows(2).all(|w| w[0].range.end <= w[1].range.start));
    }

    #[test]
    fn empty_chart_block() {
        let c = "```chart\n```\n";
        let f = one(c);
        assert_eq!(f.body, "");
        assert_eq!(f.range, 0..12);
        assert_eq!(f.source_position(0), (2, 1));
        assert_eq!(splice_all(c), format!("{FIG}\n"));
    }

    #[test]
    fn crlf_body_and_range() {
        let c = "x\r\n\r\n```chart\r\na = 1\r\nb = 2\r\n```\r\nafter\r\n";
        let f = one(c);
        assert_eq!(f.body, "a = 1\nb = 2\n");
        assert_eq!(&c[f.range.clone()], "```chart\r\na = 1\r\nb = 2\r\n```");
        assert_eq!(f.source_position(6), (5, 1));
        // The "\n" of a CRLF line ending maps to the "\r", i.e. the end of the line.
        assert_eq!(f.source_position(5), (4, 6));
    }

    #[test]
    fn bom_at_file_start() {
        let c = "\u{feff}```chart\na = 1\n```\n";
        let f = one(c);
        assert_eq!(f.range, 3..c.len() - 1);
        assert_eq!((f.line, f.column), (1, 1));
        assert_eq!(f.continuation, "");
        assert_eq!(f.source_position(0), (2, 1));
        assert_eq!(splice_all(c), format!("\u{feff}{FIG}\n"));
    }

    #[test]
    fn fence_at_eof_without_newline() {
        let c = "text\n\n```chart\na = 1\n```";
        let f = one(c);
        assert_eq!(f.range, 6..c.len());
        assert_eq!(splice_all(c), format!("text\n\n{FIG}"));
    }

    #[test]
    fn unclosed_fence_at_eof() {
        let c = "```chart\na = 1\n\n\n";
        let f = one(c);
        assert_eq!(f.body, "a = 1\n\n\n");
        assert_eq!(&c[f.range.clone()], "```chart\na = 1");
        assert_eq!(splice_all(c), format!("{FIG}\n\n\n"));
    }

    #[test]
    fn unclosed_fence_without_newline() {
        let c = "```chart\na = 1";
        assert_eq!(one(c).range, 0..c.len());
        assert_eq!(splice_all(c), FIG);
        let c = "```chart";
        assert_eq!(one(c).body, "");
        assert_eq!(splice_all(c), FIG);
    }

    #[test]
    fn unclosed_fence_ends_with_container() {
        let c = "> ```chart\n> a = 1\n>\n\nafter\n";
        let f = one(c);
        assert_eq!(&c[f.range.clone()], "```chart\n> a = 1");
        let out = assert_figure_then_paragraph(c, "after");
        assert_eq!(out, format!("> {FIG}\n>\n\nafter\n"));

        let c = "- ```chart\n  a = 1\n- b\n";
        let f = one(c);
        assert_eq!(&c[f.range.clone()], "```chart\n  a = 1");
        assert_eq!(splice_all(c), format!("- {FIG}\n- b\n"));
    }

    #[test]
    fn closing_fence_with_trailing_spaces() {
        let c = "```chart\na\n```   \nx\n";
        assert_eq!(&c[one(c).range.clone()], "```chart\na\n```   ");
    }

    #[test]
    fn body_with_fence_like_content_line() {
        // Four spaces of indentation: not a closing fence, so the block is unclosed.
        let c = "```chart\na\n    ```\n";
        let f = one(c);
        assert_eq!(f.body, "a\n    ```\n");
        assert_eq!(&c[f.range.clone()], "```chart\na\n    ```");
    }

    #[test]
    fn tab_indentation_in_list() {
        let c = "-\t```chart\n\t\ta = 1\n\t```\n";
        let f = one(c);
        assert_eq!(f.body, "\ta = 1\n");
        assert_eq!(f.continuation, "    ");
        assert_eq!(f.source_position(1), (2, 3));
    }

    #[test]
    fn partial_tab_maps_to_its_line() {
        // The tab is partly consumed by the list indentation; pulldown-cmark emits a synthetic
        // space with an empty range.
        let c = "1. x\n\n   ```chart\n   a\n\tb = 1\n   ```";
        let f = one(c);
        assert_eq!(f.body, "a\n b = 1\n");
        assert_eq!(f.source_position(2), (5, 2));
        assert_eq!(f.source_position(3), (5, 2));
        assert_eq!(f.source_position(5), (5, 4));
    }

    // --- positions -----------------------------------------------------------------------------

    #[test]
    fn source_position_in_blockquote_in_list() {
        let c = "- item\n\n  > ```chart\n  > type = \"bar\"\n  > title = \"t\"\n  >   key = 3\n  > ```\n";
        let f = one(c);
        assert_eq!(f.body, "type = \"bar\"\ntitle = \"t\"\n  key = 3\n");
        assert_eq!((f.line, f.column), (3, 5));
        assert_eq!(f.continuation, "  > ");
        let key = f.body.find("key").unwrap();
        assert_eq!(f.source_position(key), (6, 7));
        assert_eq!(f.source_position(key + 6), (6, 13));
        assert_eq!(f.source_position(0), (4, 5));
    }

    #[test]
    fn source_position_past_end() {
        let f = one("> ```chart\n> a = 1\n> bc\n> ```\n");
        assert_eq!(f.source_position(f.body.len()), (3, 5));
        assert_eq!(f.source_position(usize::MAX), (3, 5));
    }

    #[test]
    fn source_position_counts_chars() {
        let f = one("```chart\ntitle = \"ünï\" x\n```\n");
        let x = f.body.find('x').unwrap();
        assert_eq!(f.source_position(x), (2, 15));
        // Inside a multi-byte character: rounded down.
        let u = f.body.find('ü').unwrap();
        assert_eq!(f.source_position(u + 1), (2, 10));
    }

    #[test]
    fn multiline_top_level_positions() {
        let f = one("\n\n```chart\na = 1\n\nb = 2\n```\n");
        assert_eq!(f.source_position(0), (4, 1));
        assert_eq!(f.source_position(6), (5, 1));
        assert_eq!(f.source_position(9), (6, 3));
    }

    // --- splice --------------------------------------------------------------------------------

    #[test]
    fn splice_top_level() {
        let c = "# T\n\n```chart\na = 1\n```\n\nafter\n";
        let out = assert_figure_then_paragraph(c, "after");
        assert_eq!(out, format!("# T\n\n{FIG}\n\nafter\n"));
    }

    #[test]
    fn splice_blockquote_keeps_marker() {
        let c = "> ```chart\n> a = 1\n> ```\n";
        assert_eq!(splice_all(c), format!("> {FIG}\n"));
    }

    #[test]
    fn splice_list_item() {
        let c = "1. one\n\n   ```chart\n   a = 1\n   ```\n2. two\n";
        let out = splice_all(c);
        assert_eq!(out, format!("1. one\n\n   {FIG}\n2. two\n"));
        let (html, _) = blocks(&out);
        assert_eq!(html, [format!("{FIG}\n")]);
    }

    #[test]
    fn text_after_fence_top_level() {
        let c = "```chart\na = 1\n```\nafter\n";
        let out = assert_figure_then_paragraph(c, "after");
        assert_eq!(out, format!("{FIG}\n\nafter\n"));
    }

    #[test]
    fn text_after_fence_in_blockquote() {
        let c = "> ```chart\n> a = 1\n> ```\n> after\n";
        let out = assert_figure_then_paragraph(c, "after");
        assert_eq!(out, format!("> {FIG}\n>\n> after\n"));
    }

    #[test]
    fn text_after_fence_in_list_item() {
        let c = "- ```chart\n  a = 1\n  ```\n  after\n- next\n";
        let out = assert_figure_then_paragraph(c, "after");
        assert_eq!(out, format!("- {FIG}\n\n  after\n- next\n"));
    }

    #[test]
    fn text_after_fence_in_list_in_blockquote() {
        let c = "> - ```chart\n>   a = 1\n>   ```\n>   after\n";
        let out = assert_figure_then_paragraph(c, "after");
        assert_eq!(out, format!("> - {FIG}\n>\n>   after\n"));
    }

    #[test]
    fn text_after_fence_in_footnote() {
        let c = "T[^n].\n\n[^n]: ```chart\n    a = 1\n    ```\n    after\n";
        assert_figure_then_paragraph(c, "after");
    }

    #[test]
    fn text_after_fence_in_definition() {
        let c = "Term\n: ```chart\n  a = 1\n  ```\n  after\n";
        assert_figure_then_paragraph(c, "after");
    }

    #[test]
    fn nested_blockquote_after_fence() {
        let c = "> ```chart\n> ```\n> > after\n";
        let out = assert_figure_then_paragraph(c, "after");
        assert_eq!(out, format!("> {FIG}\n>\n> > after\n"));
    }

    #[test]
    fn following_sibling_item_gets_no_blank_line() {
        let c = "- ```chart\n  a = 1\n  ```\n- next\n";
        let out = splice_all(c);
        assert_eq!(out, format!("- {FIG}\n- next\n"));
        let list_is_tight = Parser::new_ext(&out, markdown_options())
            .all(|e| !matches!(e, Event::Start(Tag::Paragraph)));
        assert!(list_is_tight);
    }

    #[test]
    fn following_outer_text_gets_no_blank_line() {
        let c = "> ```chart\n> ```\nafter\n";
        let out = assert_figure_then_paragraph(c, "after");
        assert_eq!(out, format!("> {FIG}\nafter\n"));
    }

    #[test]
    fn fence_interrupting_paragraph_and_table() {
        let c = "before\n```chart\na\n```\nafter\n";
        let out = assert_figure_then_paragraph(c, "after");
        assert!(has_paragraph(&out, "before"));
        let c = "| a |\n|---|\n| 1 |\n```chart\na\n```\n";
        let (html, _) = blocks(&splice_all(c));
        assert_eq!(html, [format!("{FIG}\n")]);
    }

    #[test]
    fn splice_crlf() {
        let c = "a\r\n\r\n> ```chart\r\n> x = 1\r\n> ```\r\n> after\r\n";
        let out = assert_figure_then_paragraph(c, "after");
        assert_eq!(out, format!("a\r\n\r\n> {FIG}\r\n>\r\n> after\r\n"));
    }

    #[test]
    fn splice_eof_after_text() {
        let c = "```chart\na = 1\n```\nafter";
        assert_eq!(splice_all(c), format!("{FIG}\n\nafter"));
    }

    #[test]
    fn splice_many_fences() {
        let c =
            "```chart\na\n```\nx\n\n- ```chart\n  b\n  ```\n- y\n\n> ```chart\n> c\n> ```\n> z\n";
        let fences = find_chart_fences(c);
        assert_eq!(fences.len(), 3);
        let reps: Vec<String> = (0..3).map(|i| format!("<figure>{i}</figure>")).collect();
        let out = splice(c, &fences, &reps);
        assert_eq!(
            out,
            "<figure>0</figure>\n\nx\n\n- <figure>1</figure>\n- y\n\n> <figure>2</figure>\n>\n> z\n"
        );
    }

    #[test]
    fn splice_unclosed_fence() {
        let c = "text\n\n```chart\na = 1\n";
        assert_eq!(splice_all(c), format!("text\n\n{FIG}\n"));
    }

    #[test]
    fn splice_preserves_bytes_outside_ranges() {
        let c = "é\r\n> - ```chart x\r\n>   a\r\n>   ```\r\n> b\r\n\n~~~chart\n~~~\nz\n```chart\n";
        let fences = find_chart_fences(c);
        assert_eq!(fences.len(), 3);
        let out = splice(c, &fences, &vec![String::new(); fences.len()]);
        // Removing what splice added gives back exactly the bytes outside the ranges.
        let mut outside = String::new();
        let mut cursor = 0;
        for f in &fences {
            outside.push_str(&c[cursor..f.range.start]);
            cursor = f.range.end;
        }
        outside.push_str(&c[cursor..]);
        assert_eq!(out.replace("\n\n", "\n"), outside.replace("\n\n", "\n"));
        assert_eq!(out, "é\r\n> - \r\n> b\r\n\n\n\nz\n\n");
    }

    #[test]
    fn splice_multiline_replacement_stays_in_container() {
        let c = "> ```chart\n> ```\n";
        let fences = find_chart_fences(c);
        let out = splice(c, &fences, &["<figure>\r\n</figure>".to_owned()]);
        assert_eq!(out, "> <figure>\n> </figure>\n");
    }

    #[test]
    fn splice_ignores_bad_input() {
        let c = "```chart\na\n```\n";
        let mut fences = find_chart_fences(c);
        assert_eq!(splice(c, &fences, &[]), c);
        fences[0].range = 5..500;
        assert_eq!(splice(c, &fences, &[fig()]), c);
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 3..1;
        fences[0].range = reversed;
        assert_eq!(splice(c, &fences, &[fig()]), c);
        let c2 = "é```chart\n```";
        let mut f2 = find_chart_fences("```chart\n```");
        f2[0].range = 1..3;
        assert_eq!(splice(c2, &f2, &[fig()]), c2);
    }

    #[test]
    fn no_panic_on_odd_inputs() {
        let inputs = [
            "\u{feff}",
            "\u{feff}chart",
            "```chart\r",
            "```chart\ra\r```\r",
            "> ```chart\n>\u{feff}\t\tx\n",
            "- \t```chart\n \t a\n",
            "```chart\n\t\t\n```",
            ">\t```chart\n>\t\tz\n",
            "* > 1. ```chart\n  >    ü\n",
            "[^x]:\t```chart\n\tx\n",
            "```chart\n```\n```chart\n```\n```chart",
        ];
        for c in inputs {
            let fences = find_chart_fences(c);
            for f in &fences {
                for i in 0..=f.body.len() + 2 {
                    let _ = f.source_position(i);
                }
            }
            let _ = splice(c, &fences, &vec![fig(); fences.len()]);
        }
    }
}

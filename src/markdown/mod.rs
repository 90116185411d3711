//! Finding `chart` fenced code blocks in a chapter and splicing replacements back in.
//!
//! # Approach
//!
//! The chapter is parsed with pulldown-cmark using exactly the block-level options mdBook 0.5
//! uses ([`markdown_options`]), so a fence is a chart fence here exactly when mdBook would render
//! it as a code block with language `chart`. Only the *positions* reported by
//! [`Parser::into_offset_iter`] are used; the chapter text itself is never re-serialised, so every
//! byte outside the replaced ranges is preserved verbatim by [`splice()`].
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
//!   next line after the fence belongs to the same container (used by [`splice()`]).
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
//!   is preserved by [`splice()`].
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
//!   event after the code block is not the end of a container), [`splice()`] inserts a line ending
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

mod fence;
mod splicing;
#[cfg(test)]
mod tests;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{BOM, LineIndex};

pub use fence::ChartFence;
use fence::Pending;
pub use splicing::splice;

/// The language token that marks a chart fence.
pub(crate) const CHART: &str = "chart";

/// Characters that separate the tokens of an info string (as in mdBook's HTML renderer).
pub(crate) const INFO_SEPARATORS: [char; 3] = [' ', '\t', ','];

/// The pulldown-cmark options mdBook 0.5 parses chapters with (the ones that affect block
/// structure), so that chart fences are found exactly where mdBook sees code blocks.
pub fn markdown_options() -> Options {
    Dialect::Mdbook05.options()
}

/// Which mdBook's Markdown a chapter is read as: 0.4 has no definition lists and no GitHub
/// block-quote tags, so `: ```chart` after a term is a paragraph there, not a fence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// mdBook 0.4.x.
    Mdbook04,
    /// mdBook 0.5.x (and the default when the version is unknown).
    #[default]
    Mdbook05,
}

impl Dialect {
    /// The dialect of mdBook `version` (`"0.4.52"`); 0.5 when it cannot be read.
    pub(crate) fn of_version(version: &str) -> Dialect {
        match semver::Version::parse(version) {
            Ok(v) if v.major == 0 && v.minor < 5 => Dialect::Mdbook04,
            _ => Dialect::Mdbook05,
        }
    }

    /// The pulldown-cmark options that mdBook version parses with (block structure only).
    pub(crate) fn options(self) -> Options {
        let common = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        match self {
            Dialect::Mdbook04 => common,
            Dialect::Mdbook05 => common | Options::ENABLE_DEFINITION_LIST | Options::ENABLE_GFM,
        }
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
    find_chart_fences_in(chapter, Dialect::Mdbook05)
}

/// [`find_chart_fences`] as the given mdBook version would see them.
pub(crate) fn find_chart_fences_in(chapter: &str, dialect: Dialect) -> Vec<ChartFence> {
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
    let mut events = Parser::new_ext(text, dialect.options())
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

//! Putting replacement lines where the chart fences were, keeping every other byte.

use std::ops::Range;

use super::ChartFence;
use super::fence::line_end;

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
/// Fences are expected in document order, as returned by [`find_chart_fences`](super::find_chart_fences) for the same
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

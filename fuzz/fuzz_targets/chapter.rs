//! A whole chapter through the preprocessor: never a panic; each chart fence becomes exactly one
//! figure or error line and every byte outside the fences is kept.
#![no_main]

use std::ops::Range;

use libfuzzer_sys::fuzz_target;
use mdbook_svg_charts::markdown::find_chart_fences;
use mdbook_svg_charts::{Config, process_chapter};

fuzz_target!(|data: &[u8]| {
    let Ok(chapter) = std::str::from_utf8(data) else {
        return;
    };
    let fences: Vec<Range<usize>> = find_chart_fences(chapter)
        .into_iter()
        .map(|f| f.range)
        .collect();
    let out = process_chapter(chapter, "src/f.md", 0, &Config::default());
    assert_eq!(out.charts, fences.len());
    let Some(content) = out.content else {
        assert!(fences.is_empty());
        return;
    };
    assert!(
        matches(&content, chapter, &fences, 0),
        "output is not the chapter with each fence replaced by one line"
    );
});

/// Whether `rest` is `chapter[cursor..]` with each of `fences` replaced by one figure or error
/// line, optionally followed by the blank line splice inserts (a line ending and container
/// markers) when text follows a fence directly.
fn matches(rest: &str, chapter: &str, fences: &[Range<usize>], cursor: usize) -> bool {
    let Some((fence, later)) = fences.split_first() else {
        return rest == &chapter[cursor..];
    };
    let keep = &chapter[cursor..fence.start];
    let Some(rest) = rest.strip_prefix(keep) else {
        return false;
    };
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let line = &rest[..end];
    let figure = line.starts_with("<figure class=\"svg-chart\"") && line.ends_with("</figure>");
    let error = line.starts_with("<div class=\"svg-chart-error\"") && line.ends_with("</div>");
    if !figure && !error {
        return false;
    }
    let rest = &rest[end..];
    if matches(rest, chapter, later, fence.end) {
        return true;
    }
    let Some(after) = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
    else {
        return false;
    };
    let markers = after.len() - after.trim_start_matches(['>', ' ']).len();
    (0..=markers).any(|k| matches(&after[k..], chapter, later, fence.end))
}

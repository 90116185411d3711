//! The replay of mdBook's `{{#include}}` expansion that records where every byte came from:
//! [`Traced`] text made of [`Segment`]s, and [`Replay`], which expands a chapter the way mdBook
//! does (line ranges, anchors, nested includes) while keeping the segments.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use super::directives::*;
use super::*;

/// A run of text and where it came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Segment {
    /// Its start in the text it belongs to.
    pub(super) at: usize,
    pub(super) len: usize,
    /// Index in the replay's files.
    pub(super) file: usize,
    /// Where it starts in that file.
    pub(super) offset: usize,
    /// A copy of the file's bytes from `offset`; otherwise text mdBook made up, which stands for
    /// the position `offset`.
    pub(super) copied: bool,
}

/// Text with the origin of every byte: segments cover it from start to end, in order.
#[derive(Debug, Default)]
pub(super) struct Traced {
    pub(super) text: String,
    pub(super) segments: Vec<Segment>,
}

impl Traced {
    pub(super) fn push(&mut self, s: &str, file: usize, offset: usize, copied: bool) {
        if s.is_empty() {
            return;
        }
        let at = self.text.len();
        self.text.push_str(s);
        if let Some(last) = self.segments.last_mut()
            && last.file == file
            && last.copied == copied
            && (if copied {
                last.offset + last.len == offset
            } else {
                last.offset == offset
            })
        {
            last.len += s.len();
            return;
        }
        self.segments.push(Segment {
            at,
            len: s.len(),
            file,
            offset,
            copied,
        });
    }

    /// Appends `from.text[range]` with its origins.
    pub(super) fn push_slice(&mut self, from: &Traced, range: Range<usize>) {
        let first = from
            .segments
            .partition_point(|s| s.at + s.len <= range.start);
        for seg in &from.segments[first..] {
            if seg.at >= range.end {
                break;
            }
            let start = seg.at.max(range.start);
            let end = (seg.at + seg.len).min(range.end);
            let offset = if seg.copied {
                seg.offset + (start - seg.at)
            } else {
                seg.offset
            };
            self.push(&from.text[start..end], seg.file, offset, seg.copied);
        }
    }

    pub(super) fn append(&mut self, other: &Traced) {
        self.push_slice(other, 0..other.text.len());
    }

    /// The file and offset byte `at` came from (the end of the text: where its last byte ends).
    pub(super) fn origin(&self, at: usize) -> Option<(usize, usize)> {
        let i = self
            .segments
            .partition_point(|s| s.at <= at)
            .checked_sub(1)?;
        let seg = &self.segments[i];
        let offset = if seg.copied {
            seg.offset + (at - seg.at).min(seg.len)
        } else {
            seg.offset
        };
        Some((seg.file, offset))
    }
}

/// The expansion replayed, mirroring `replace_all` and `take_lines.rs` of mdBook's `links`
/// preprocessor (0.5), with origins.
pub(super) struct Replay {
    pub(super) files: Vec<SourceFile>,
}

/// What a directive becomes, and where the directives inside that are resolved from (on disk,
/// and for names).
type Rendered = (Traced, Option<(PathBuf, PathBuf)>);

impl Replay {
    /// `replace_all`: `input` with its directives replaced, resolved from `base` (on disk) and
    /// named from `names`.
    pub(super) fn expand(
        &mut self,
        input: &Traced,
        base: &Path,
        names: &Path,
        depth: usize,
    ) -> Traced {
        let mut out = Traced::default();
        let mut previous_end = 0;
        for link in find_links(&input.text) {
            out.push_slice(input, previous_end..link.start);
            match self.render(&link, input, base, names) {
                Some((content, nested)) => {
                    // Past the depth limit mdBook logs an error and drops the content.
                    if depth < MAX_DEPTH {
                        match nested {
                            Some((base, names)) => {
                                let inner = self.expand(&content, &base, &names, depth + 1);
                                out.append(&inner);
                            }
                            None => out.append(&content),
                        }
                    }
                    previous_end = link.end;
                }
                // A file that cannot be read leaves the directive as it is.
                None => previous_end = link.start,
            }
        }
        out.push_slice(input, previous_end..input.text.len());
        out
    }

    /// `Link::render_with_path`.
    pub(super) fn render(
        &mut self,
        link: &Link<'_>,
        input: &Traced,
        base: &Path,
        names: &Path,
    ) -> Option<Rendered> {
        let path = match &link.directive {
            Directive::Escaped => {
                let mut t = Traced::default();
                t.push_slice(input, link.start + 1..link.end);
                return Some((t, None));
            }
            Directive::Title => return Some((Traced::default(), None)),
            Directive::Include(p, _)
            | Directive::RustdocInclude(p, _)
            | Directive::Playground(p, _) => *p,
        };
        let target = base.join(path);
        let text = std::fs::read_to_string(&target).ok()?;
        let name = join_names(names, Path::new(path));
        let file = self.file(name.display().to_string(), text);
        let text = &self.files[file].text;
        let content = match &link.directive {
            Directive::Include(_, Lines::Range(range)) => joined(
                numbered_lines(text)
                    .filter(|(i, ..)| range.contains(*i))
                    .map(|(_, offset, line)| (false, offset, line)),
                file,
            ),
            Directive::Include(_, Lines::Anchor(anchor)) => {
                joined(anchored_lines(text, anchor), file)
            }
            Directive::RustdocInclude(_, Lines::Range(range)) => joined(
                numbered_lines(text).map(|(i, offset, line)| (!range.contains(i), offset, line)),
                file,
            ),
            Directive::RustdocInclude(_, Lines::Anchor(anchor)) => {
                joined(rustdoc_anchored_lines(text, anchor), file)
            }
            Directive::Playground(_, attrs) => {
                let (at_file, at) = input.origin(link.start)?;
                let mut t = Traced::default();
                let ftype = if attrs.is_empty() { "rust" } else { "rust," };
                t.push(
                    &format!("```{ftype}{}\n", attrs.join(",")),
                    at_file,
                    at,
                    false,
                );
                t.push(text, file, 0, true);
                if !text.ends_with('\n') {
                    t.push("\n", file, text.len(), false);
                }
                t.push("```\n", at_file, at, false);
                t
            }
            Directive::Escaped | Directive::Title => return None,
        };
        let nested_base = target.parent()?.to_path_buf();
        let nested_names = name.parent().unwrap_or(Path::new("")).to_path_buf();
        Some((content, Some((nested_base, nested_names))))
    }

    /// The index of a file, added when new.
    pub(super) fn file(&mut self, name: String, text: String) -> usize {
        if let Some(i) = self
            .files
            .iter()
            .position(|f| f.name == name && f.text == text)
        {
            return i;
        }
        self.files.push(SourceFile { name, text });
        self.files.len() - 1
    }
}

/// `names` joined with `path`, `.` and `..` resolved lexically.
pub(super) fn join_names(names: &Path, path: &Path) -> PathBuf {
    let mut out = if path.has_root() {
        PathBuf::new()
    } else {
        names.to_path_buf()
    };
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The lines of `text` as mdBook takes them (`str::lines`): index, byte offset, line.
pub(super) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let start = text.as_ptr() as usize;
    text.lines()
        .enumerate()
        .map(move |(i, line)| (i, line.as_ptr() as usize - start, line))
}

/// Included lines joined by `\n` (`join("\n")` in mdBook); each is `(hidden, offset, line)`,
/// where a hidden line gets `# ` before it.
pub(super) fn joined<'a>(
    lines: impl Iterator<Item = (bool, usize, &'a str)>,
    file: usize,
) -> Traced {
    let mut t = Traced::default();
    let mut previous_end = None;
    for (hidden, offset, line) in lines {
        if let Some(end) = previous_end {
            t.push("\n", file, end, false);
        }
        if hidden {
            t.push("# ", file, offset, false);
        }
        t.push(line, file, offset, true);
        previous_end = Some(offset + line.len());
    }
    t
}

/// `take_anchored_lines`: the lines between `ANCHOR: anchor` and `ANCHOR_END: anchor`, without
/// the marker lines of other anchors.
pub(super) fn anchored_lines<'a>(
    text: &'a str,
    anchor: &'a str,
) -> impl Iterator<Item = (bool, usize, &'a str)> + 'a {
    let mut found = false;
    numbered_lines(text)
        .map_while(move |(_, offset, line)| {
            if found {
                match marker(line, "ANCHOR_END:") {
                    Some(name) if name == anchor => None,
                    Some(_) => Some(None),
                    None if marker(line, "ANCHOR:").is_some() => Some(None),
                    None => Some(Some((false, offset, line))),
                }
            } else {
                if marker(line, "ANCHOR:") == Some(anchor) {
                    found = true;
                }
                Some(None)
            }
        })
        .flatten()
}

/// `take_rustdoc_include_anchored_lines`: every line but the markers; those outside the anchor
/// hidden.
pub(super) fn rustdoc_anchored_lines<'a>(
    text: &'a str,
    anchor: &'a str,
) -> impl Iterator<Item = (bool, usize, &'a str)> + 'a {
    let mut within = false;
    numbered_lines(text).filter_map(move |(_, offset, line)| {
        if within {
            match marker(line, "ANCHOR_END:") {
                Some(name) => {
                    if name == anchor {
                        within = false;
                    }
                    None
                }
                None if marker(line, "ANCHOR:").is_some() => None,
                None => Some((false, offset, line)),
            }
        } else if let Some(name) = marker(line, "ANCHOR:") {
            if name == anchor {
                within = true;
            }
            None
        } else if marker(line, "ANCHOR_END:").is_some() {
            None
        } else {
            Some((true, offset, line))
        }
    })
}

/// The anchor name after the first `ANCHOR:` (or `ANCHOR_END:`) of `line` that has one:
/// mdBook's `ANCHOR:\s*([\w_-]+)` (`\w` approximated by alphanumeric characters; a difference
/// only shows as a replay that does not match, hence no map).
pub(super) fn marker<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = line[from..].find(marker) {
        let rest = line[from + i + marker.len()..].trim_start();
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if len > 0 {
            return Some(&rest[..len]);
        }
        from += i + 1;
    }
    None
}

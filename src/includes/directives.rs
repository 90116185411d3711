//! mdBook's link directives as its `links` preprocessor reads them: `{{#include file:lines}}`,
//! anchors, escapes; found in a text and parsed, for the replay.

/// A directive found in a text.
#[derive(Debug, PartialEq)]
pub(super) struct Link<'a> {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) directive: Directive<'a>,
}

#[derive(Debug, PartialEq)]
pub(super) enum Directive<'a> {
    /// `\{{#…}}`: written without the backslash.
    Escaped,
    /// `{{#title …}}`: removed.
    Title,
    Include(&'a str, Lines<'a>),
    RustdocInclude(&'a str, Lines<'a>),
    /// `{{#playground FILE ATTR…}}` (or the old `playpen`).
    Playground(&'a str, Vec<&'a str>),
}

#[derive(Debug, PartialEq)]
pub(super) enum Lines<'a> {
    Range(LineRange),
    Anchor(&'a str),
}

/// 0-based line indexes `start..end`; `None` is unbounded.
#[derive(Debug, PartialEq)]
pub(super) struct LineRange {
    pub(super) start: Option<usize>,
    pub(super) end: Option<usize>,
}

impl LineRange {
    pub(super) fn contains(&self, i: usize) -> bool {
        self.start.is_none_or(|s| i >= s) && self.end.is_none_or(|e| i < e)
    }
}

/// `parse_range_or_anchor`: what follows `FILE:` (`9:14`, `9:`, `:14`, `5`, `name`, nothing).
pub(super) fn parse_lines(spec: Option<&str>) -> Lines<'_> {
    let mut parts = spec.unwrap_or("").splitn(3, ':');
    let first = parts.next();
    let start = match first {
        Some(s) => match s.parse::<usize>() {
            Ok(n) => Some(n.saturating_sub(1)),
            Err(_) if s.is_empty() => None,
            Err(_) => return Lines::Anchor(s),
        },
        None => None,
    };
    let end = parts.next().map(str::parse::<usize>);
    let (start, end) = match (start, end) {
        (Some(s), Some(Ok(e))) => (Some(s), Some(e)),
        (Some(s), Some(Err(_))) => (Some(s), None),
        (Some(s), None) => (Some(s), Some(s + 1)),
        (None, Some(Ok(e))) => (None, Some(e)),
        (None, None | Some(Err(_))) => (None, None),
    };
    Lines::Range(LineRange { start, end })
}

/// `FILE` or `FILE:LINES` of an include.
pub(super) fn parse_include(arg: &str) -> (&str, Lines<'_>) {
    let mut parts = arg.splitn(2, ':');
    let path = parts.next().unwrap_or("");
    (path, parse_lines(parts.next()))
}

/// The directives of `s`, in order: the matches of mdBook's link pattern
///
/// ```text
/// \\\{\{\#.*\}\}  |  \{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}
/// ```
///
/// found left to right without overlap, keeping those `Link::from_capture` accepts (a match of
/// an unknown type is skipped whole, as there).
pub(super) fn find_links(s: &str) -> Vec<Link<'_>> {
    let bytes = s.as_bytes();
    let mut links = Vec::new();
    let mut from = 0;
    // The first `}` at or after a position, remembered between candidates: a long run of `{{#x `
    // without a `}` costs one scan, not one per candidate.
    let mut close: Option<(usize, Option<usize>)> = None;
    let mut last_escaped_close = None;
    let mut next_close = |at: usize| -> Option<usize> {
        match close {
            Some((asked, found)) if asked <= at && found.is_none_or(|f| f >= at) => found,
            _ => {
                let found = memchr::memchr(b'}', &bytes[at..]).map(|i| at + i);
                close = Some((at, found));
                found
            }
        }
    };
    'search: while from < bytes.len() {
        for at in memchr::memchr2_iter(b'\\', b'{', &bytes[from..]).map(|i| from + i) {
            let found = if bytes[at] == b'\\' {
                escaped_end(s, at, &mut last_escaped_close)
                    .map(|end| (end, Some(Directive::Escaped)))
            } else {
                directive_at(s, at, &mut next_close)
            };
            if let Some((end, directive)) = found {
                if let Some(directive) = directive {
                    links.push(Link {
                        start: at,
                        end,
                        directive,
                    });
                }
                from = end;
                continue 'search;
            }
        }
        break;
    }
    links
}

/// The end of `\{{#.*}}` at `at`: the last `}}` on the line. `line` remembers the end of the
/// line last asked about and where its last `}}` starts.
pub(super) fn escaped_end(
    s: &str,
    at: usize,
    line: &mut Option<(usize, Option<usize>)>,
) -> Option<usize> {
    if !s[at..].starts_with("\\{{#") {
        return None;
    }
    let body = at + 4;
    let close = match *line {
        // Candidates come in order: `body` is on the line last asked about.
        Some((end, close)) if body <= end => close,
        _ => {
            let end = memchr::memchr(b'\n', &s.as_bytes()[body..]).map_or(s.len(), |i| body + i);
            let close = memchr::memmem::rfind(&s.as_bytes()[body..end], b"}}").map(|i| body + i);
            *line = Some((end, close));
            close
        }
    };
    close.filter(|&c| c >= body).map(|c| c + 2)
}

/// `{{\s*#TYPE\s+ARGS}}` at `at`: its end, and the directive when the type is one mdBook knows.
pub(super) fn directive_at<'a>(
    s: &'a str,
    at: usize,
    next_close: &mut impl FnMut(usize) -> Option<usize>,
) -> Option<(usize, Option<Directive<'a>>)> {
    let mut q = at + 2;
    if !s[at..].starts_with("{{") {
        return None;
    }
    q += leading_space(&s[q..]).0;
    if !s[q..].starts_with('#') {
        return None;
    }
    q += 1;
    let kind_len = s[q..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if kind_len == 0 {
        return None;
    }
    let kind = &s[q..q + kind_len];
    q += kind_len;
    let (space, last_space) = leading_space(&s[q..]);
    if space == 0 {
        return None;
    }
    let args_from = q + space;
    // `\s+` is greedy, `[^}]+` takes the rest up to the first `}`, which must start `}}`; when
    // nothing but `}` follows the space, `\s+` gives its last character to `[^}]+`.
    let (args, end) = if args_from < s.len() && s.as_bytes()[args_from] != b'}' {
        let close = next_close(args_from)?;
        (&s[args_from..close], close)
    } else if space > last_space {
        (&s[args_from - last_space..args_from], args_from)
    } else {
        return None;
    };
    if !s[end..].starts_with("}}") {
        return None;
    }
    let directive = if kind == "title" {
        Some(Directive::Title)
    } else {
        let mut words = args.split_whitespace();
        match (kind, words.next()) {
            ("include", Some(path)) => {
                let (path, lines) = parse_include(path);
                Some(Directive::Include(path, lines))
            }
            ("rustdoc_include", Some(path)) => {
                let (path, lines) = parse_include(path);
                Some(Directive::RustdocInclude(path, lines))
            }
            ("playground" | "playpen", Some(path)) => {
                Some(Directive::Playground(path, words.collect()))
            }
            _ => None,
        }
    };
    Some((end + 2, directive))
}

/// The length in bytes of the white space `s` starts with, and of its last character.
pub(super) fn leading_space(s: &str) -> (usize, usize) {
    let mut len = 0;
    let mut last = 0;
    for c in s.chars().take_while(|c| c.is_whitespace()) {
        len += c.len_utf8();
        last = c.len_utf8();
    }
    (len, last)
}

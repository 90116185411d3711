//! A small, fast SVG writer: compact numbers, escaped text, one line of output.
//!
//! Invariants: every user string goes through [`Svg::text`] or [`Svg::attr`], which escape XML
//! metacharacters, drop characters XML forbids, and turn line breaks into spaces (text) or
//! `&#10;` (attributes) so the figure stays on one line of HTML.

use super::font::{self, Weight};

/// Horizontal text alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Anchor {
    /// Text starts at x.
    Start,
    /// Text is centred on x.
    Middle,
    /// Text ends at x.
    End,
}

/// Appends the decimal digits of `n` (no `core::fmt`: this runs for every coordinate).
fn push_u64(buf: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in &digits[i..] {
        buf.push(char::from(*d));
    }
}

/// Appends `v` rounded to 0.1 (what the eye can see at 1x–4x zoom) without trailing zeros.
pub(super) fn push_num(buf: &mut String, v: f64) {
    let tenths = (v * 10.0).round();
    if !tenths.is_finite() || tenths == 0.0 {
        buf.push('0');
        return;
    }
    let tenths = tenths.clamp(-1e12, 1e12) as i64;
    if tenths < 0 {
        buf.push('-');
    }
    let a = tenths.unsigned_abs();
    push_u64(buf, a / 10);
    if !a.is_multiple_of(10) {
        buf.push('.');
        buf.push(char::from(b'0' + (a % 10) as u8));
    }
}

/// True when `s` has a byte that escaping must look at: XML metacharacters, controls, or the
/// lead bytes of the C1 controls (U+0080–U+009F) and of U+FFFE/U+FFFF. Most labels have none
/// and are copied whole.
fn needs_escaping(s: &str, quotes: bool) -> bool {
    s.bytes().any(|b| {
        matches!(b, b'&' | b'<' | b'>' | 0..=0x1f | 0x7f | 0xc2 | 0xef)
            || (quotes && (b == b'"' || b == b'\''))
    })
}

/// Writes escaped text content: `& < >` become entities, line breaks become spaces,
/// and characters XML 1.0 forbids are dropped.
pub(super) fn push_text(buf: &mut String, s: &str) {
    if !needs_escaping(s, false) {
        buf.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => buf.push_str("&amp;"),
            '<' => buf.push_str("&lt;"),
            '>' => buf.push_str("&gt;"),
            '\n' | '\r' | '\t' => buf.push(' '),
            c if forbidden(c) => {}
            c => buf.push(c),
        }
    }
}

/// Writes an escaped attribute value (for use between double quotes).
pub(super) fn push_attr(buf: &mut String, s: &str) {
    if !needs_escaping(s, true) {
        buf.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => buf.push_str("&amp;"),
            '<' => buf.push_str("&lt;"),
            '>' => buf.push_str("&gt;"),
            '"' => buf.push_str("&quot;"),
            '\'' => buf.push_str("&#39;"),
            '\n' => buf.push_str("&#10;"),
            '\r' | '\t' => buf.push(' '),
            c if forbidden(c) => {}
            c => buf.push(c),
        }
    }
}

/// Characters that may not appear in XML 1.0 documents, even escaped, plus the C1 controls.
fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// An SVG document under construction.
#[derive(Default)]
pub(super) struct Svg {
    /// The markup so far.
    pub buf: String,
    /// Author text that had no room to be drawn at all (not even as `…`), since the last
    /// [`Svg::take_dropped`]: the figure lists it in the `<title>` of the panel it belongs to, so
    /// nothing the author wrote disappears silently.
    dropped: Vec<String>,
    /// Marks get tooltips (not in the phone layout: a touch screen has no hover).
    pub tooltips: bool,
}

impl Svg {
    /// A writer with room for a typical chart.
    pub(super) fn new() -> Self {
        Svg {
            buf: String::with_capacity(8 * 1024),
            dropped: Vec::new(),
            tooltips: true,
        }
    }

    /// Records author text that could not be drawn (see [`Svg::take_dropped`]).
    pub(super) fn drop_text(&mut self, s: &str) {
        if !s.trim().is_empty() {
            self.dropped.push(s.to_string());
        }
    }

    /// The author text recorded as not drawn since the last call.
    pub(super) fn take_dropped(&mut self) -> Vec<String> {
        std::mem::take(&mut self.dropped)
    }

    /// Raw markup (must be trusted, never user text).
    pub(super) fn raw(&mut self, s: &str) -> &mut Self {
        self.buf.push_str(s);
        self
    }

    /// A number.
    pub(super) fn num(&mut self, v: f64) -> &mut Self {
        push_num(&mut self.buf, v);
        self
    }

    /// ` name="number"`.
    pub(super) fn attr_num(&mut self, name: &str, v: f64) -> &mut Self {
        self.buf.push(' ');
        self.buf.push_str(name);
        self.buf.push_str("=\"");
        push_num(&mut self.buf, v);
        self.buf.push('"');
        self
    }

    /// ` name="escaped value"`.
    pub(super) fn attr(&mut self, name: &str, value: &str) -> &mut Self {
        self.buf.push(' ');
        self.buf.push_str(name);
        self.buf.push_str("=\"");
        push_attr(&mut self.buf, value);
        self.buf.push('"');
        self
    }

    /// Whether the SVG is already past [`MAX_SVG_BYTES`](super::MAX_SVG_BYTES): the figure will
    /// be refused, so loops over many marks stop writing (time and memory stay bounded).
    pub(super) fn full(&self) -> bool {
        self.buf.len() > super::MAX_SVG_BYTES
    }

    /// Closes the open tag of a mark with a native tooltip: `><title>text</title></tag>`.
    /// Browsers show the title when the pointer rests on the mark; no script is involved.
    pub(super) fn tooltip(&mut self, tag: &str, text: &str) -> &mut Self {
        if !self.tooltips {
            self.buf.push_str("/>");
            return self;
        }
        self.buf.push_str("><title>");
        push_text(&mut self.buf, text);
        self.buf.push_str("</title></");
        self.buf.push_str(tag);
        self.buf.push('>');
        self
    }

    /// Escaped text content.
    pub(super) fn text(&mut self, s: &str) -> &mut Self {
        push_text(&mut self.buf, s);
        self
    }

    /// A `<text>` element. `size` and `weight` are written only when they differ from the
    /// defaults set on the root (12 px, regular).
    pub(super) fn label(
        &mut self,
        x: f64,
        y: f64,
        anchor: Anchor,
        size: f64,
        weight: Weight,
        s: &str,
    ) {
        self.text_element(x, y, anchor, size, weight, s, None);
    }

    /// A label that fits `max_width`: shortened with an ellipsis when needed, in which case the
    /// full text is kept in a `<title>` child so it shows on hover and reaches screen readers.
    /// When not even `…` fits, nothing is written, the text is recorded as dropped (see
    /// [`Svg::take_dropped`]) and `false` is returned.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn fitted_label(
        &mut self,
        x: f64,
        y: f64,
        anchor: Anchor,
        size: f64,
        weight: Weight,
        s: &str,
        max_width: f64,
    ) -> bool {
        let drawn = self.fitted_tick_label(x, y, anchor, size, weight, s, max_width);
        if !drawn {
            self.drop_text(s);
        }
        drawn
    }

    /// [`Svg::fitted_label`] for text the reader does not lose when it is left out (tick labels:
    /// the axis still shows its range): not recorded as dropped.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn fitted_tick_label(
        &mut self,
        x: f64,
        y: f64,
        anchor: Anchor,
        size: f64,
        weight: Weight,
        s: &str,
        max_width: f64,
    ) -> bool {
        let shown = font::truncate_to_width(s, max_width, size, weight);
        // A NaN width limit fits nothing.
        if max_width.is_nan() || font::text_width(&shown, size, weight) > max_width + 1e-9 {
            return false;
        }
        let full = (shown.as_ref() != s).then_some(s);
        self.text_element(x, y, anchor, size, weight, &shown, full);
        true
    }

    /// A `<text>` showing `shown`, with `full` (what it stands for) in a `<title>` child.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn titled_label(
        &mut self,
        x: f64,
        y: f64,
        anchor: Anchor,
        size: f64,
        weight: Weight,
        shown: &str,
        full: &str,
    ) {
        self.text_element(x, y, anchor, size, weight, shown, Some(full));
    }

    #[allow(clippy::too_many_arguments)]
    fn text_element(
        &mut self,
        x: f64,
        y: f64,
        anchor: Anchor,
        size: f64,
        weight: Weight,
        shown: &str,
        full: Option<&str>,
    ) {
        self.buf.push_str("<text");
        self.attr_num("x", x).attr_num("y", y);
        match anchor {
            Anchor::Start => {}
            Anchor::Middle => self.buf.push_str(" text-anchor=\"middle\""),
            Anchor::End => self.buf.push_str(" text-anchor=\"end\""),
        }
        if size != DEFAULT_FONT_SIZE {
            self.attr_num("font-size", size);
        }
        if weight == Weight::Bold {
            self.buf.push_str(" font-weight=\"bold\"");
        }
        self.buf.push('>');
        if let Some(full) = full {
            self.buf.push_str("<title>");
            push_text(&mut self.buf, full);
            self.buf.push_str("</title>");
        }
        push_text(&mut self.buf, shown);
        self.buf.push_str("</text>");
    }
}

/// Font size set on the root `<svg>`; labels at this size omit the attribute.
pub(super) const DEFAULT_FONT_SIZE: f64 = 12.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f64) -> String {
        let mut s = String::new();
        push_num(&mut s, v);
        s
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.06), "12.1");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-3.25), "-3.3");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(1e300), "100000000000");
        assert_eq!(num(1234567.89), "1234567.9");
        assert_eq!(num(-0.5), "-0.5");
    }

    #[test]
    fn text_is_escaped_and_single_line() {
        let mut s = String::new();
        push_text(&mut s, "a</svg><script>&\n\u{1}b");
        assert_eq!(s, "a&lt;/svg&gt;&lt;script&gt;&amp; b");
        let mut a = String::new();
        push_attr(&mut a, "x\"'<\ny");
        assert_eq!(a, "x&quot;&#39;&lt;&#10;y");
        let mut c = String::new();
        push_text(&mut c, "plain label é 漢 \u{85}x\u{fffe}");
        assert_eq!(c, "plain label é 漢 x");
        let mut d = String::new();
        push_text(&mut d, "no escaping needed: 12.5 ms");
        assert_eq!(d, "no escaping needed: 12.5 ms");
    }
}

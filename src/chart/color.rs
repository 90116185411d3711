//! Colours an author may write: `#rgb`, `#rrggbb` or a CSS colour name.

use std::fmt;

/// An opaque sRGB colour, written to SVG as `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Color(pub u8, pub u8, pub u8);

/// CSS names accepted in chart blocks (a common subset; anything else is written as hex).
const NAMES: &[(&str, Color)] = &[
    ("black", Color(0x00, 0x00, 0x00)),
    ("white", Color(0xff, 0xff, 0xff)),
    ("gray", Color(0x80, 0x80, 0x80)),
    ("grey", Color(0x80, 0x80, 0x80)),
    ("silver", Color(0xc0, 0xc0, 0xc0)),
    ("red", Color(0xff, 0x00, 0x00)),
    ("darkred", Color(0x8b, 0x00, 0x00)),
    ("green", Color(0x00, 0x80, 0x00)),
    ("darkgreen", Color(0x00, 0x64, 0x00)),
    ("lime", Color(0x00, 0xff, 0x00)),
    ("blue", Color(0x00, 0x00, 0xff)),
    ("navy", Color(0x00, 0x00, 0x80)),
    ("steelblue", Color(0x46, 0x82, 0xb4)),
    ("teal", Color(0x00, 0x80, 0x80)),
    ("cyan", Color(0x00, 0xff, 0xff)),
    ("orange", Color(0xff, 0xa5, 0x00)),
    ("gold", Color(0xff, 0xd7, 0x00)),
    ("yellow", Color(0xff, 0xff, 0x00)),
    ("purple", Color(0x80, 0x00, 0x80)),
    ("magenta", Color(0xff, 0x00, 0xff)),
    ("pink", Color(0xff, 0xc0, 0xcb)),
    ("brown", Color(0xa5, 0x2a, 0x2a)),
    ("tomato", Color(0xff, 0x63, 0x47)),
    ("crimson", Color(0xdc, 0x14, 0x3c)),
];

/// The CSS colour names a block may use (lower case; any case is accepted).
pub(crate) fn names() -> Vec<&'static str> {
    NAMES.iter().map(|(name, _)| *name).collect()
}

impl Color {
    /// Parses `#rgb`, `#rrggbb` or a CSS colour name (case-insensitive).
    pub(crate) fn parse(text: &str) -> Option<Color> {
        let t = text.trim();
        if let Some(hex) = t.strip_prefix('#') {
            let digit = |i: usize| {
                hex.as_bytes()
                    .get(i)
                    .and_then(|b| (*b as char).to_digit(16))
                    .map(|d| d as u8)
            };
            return match hex.len() {
                3 => Some(Color(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
                6 => Some(Color(
                    digit(0)? * 16 + digit(1)?,
                    digit(2)? * 16 + digit(3)?,
                    digit(4)? * 16 + digit(5)?,
                )),
                _ => None,
            };
        }
        NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(t))
            .map(|(_, c)| *c)
    }

    /// Relative luminance (WCAG), 0 for black to 1 for white.
    pub(crate) fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_and_names() {
        assert_eq!(Color::parse("#3498db"), Some(Color(0x34, 0x98, 0xdb)));
        assert_eq!(Color::parse("#fff"), Some(Color(255, 255, 255)));
        assert_eq!(Color::parse("Red"), Some(Color(255, 0, 0)));
        assert_eq!(Color::parse("#12345"), None);
        assert_eq!(Color::parse("#ggg"), None);
        assert_eq!(Color::parse("url(#x)"), None);
        assert_eq!(Color::parse("#é12"), None);
    }

    #[test]
    fn display_is_lowercase_hex() {
        assert_eq!(Color(0xAB, 0, 0x0C).to_string(), "#ab000c");
    }
}

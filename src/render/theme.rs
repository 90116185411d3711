//! Colours: the mdBook theme's ink for text and axes, and the series palette.
//!
//! Theme colours are written as a literal presentation attribute plus a `style` property with a
//! CSS variable, once per group so children inherit: browsers prefer the style (and follow the
//! mdBook theme: light, rust, coal, navy, ayu), while renderers without CSS variables (rsvg,
//! many EPUB and PDF tools) use the literal. Never a `<style>` element: it would leak into the page.

use crate::chart::Color;

/// Group attributes for text: fill with the theme's foreground.
pub const TEXT_GROUP: &str = "<g fill=\"#333\" style=\"fill:var(--fg,#333)\">";
/// Group attributes for axis lines and ticks.
pub const AXIS_GROUP: &str =
    "<g fill=\"none\" stroke=\"#333\" style=\"stroke:var(--fg,#333)\" stroke-width=\"1\">";
/// Group attributes for grid lines: the foreground, faint, so it suits light and dark themes.
pub const GRID_GROUP: &str = "<g fill=\"none\" stroke=\"#333\" style=\"stroke:var(--fg,#333)\" stroke-opacity=\".14\" stroke-width=\"1\">";
/// Group attributes for leader lines from labels to what they name.
pub const LEADER_GROUP: &str = "<g fill=\"none\" stroke=\"#333\" style=\"stroke:var(--fg,#333)\" stroke-opacity=\".55\" stroke-width=\"1\">";
/// Attributes that outline shapes with the page background (slice separators, marker halos).
pub const PAPER_STROKE: &str = " stroke=\"#fff\" style=\"stroke:var(--bg,#fff)\"";

/// The default series palette: Okabe & Ito's colour-blind-safe set, ordered for contrast on both
/// light and dark pages (black is left out: it vanishes on dark themes).
pub const DEFAULT_PALETTE: &[Color] = &[
    Color(0x00, 0x72, 0xb2), // blue
    Color(0xe6, 0x9f, 0x00), // orange
    Color(0x00, 0x9e, 0x73), // bluish green
    Color(0xd5, 0x5e, 0x00), // vermillion
    Color(0xcc, 0x79, 0xa7), // reddish purple
    Color(0x56, 0xb4, 0xe9), // sky blue
    Color(0xf0, 0xe4, 0x42), // yellow
];

/// The colour of series `i` in `palette`, or the default palette when empty. Past the end of
/// the palette the colours come round again, alternately darker and lighter, so that no two
/// series (or neighbouring pie slices) share a colour.
pub fn series_color(palette: &[Color], i: usize) -> Color {
    let p = if palette.is_empty() {
        DEFAULT_PALETTE
    } else {
        palette
    };
    let base = p[i % p.len()];
    let round = i / p.len();
    if round == 0 {
        return base;
    }
    let amount = (0.3 * round.div_ceil(2) as f64).min(0.75);
    let toward = if round % 2 == 1 { 0.0 } else { 255.0 };
    let mix = |c: u8| (f64::from(c) + (toward - f64::from(c)) * amount).round() as u8;
    Color(mix(base.0), mix(base.1), mix(base.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_past_the_palette_differ() {
        let all: Vec<Color> = (0..21).map(|i| series_color(&[], i)).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(series_color(&[], 0), DEFAULT_PALETTE[0]);
    }
}

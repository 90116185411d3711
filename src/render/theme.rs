//! Colours: the mdBook theme's ink for text and axes, and the series palette.
//!
//! Theme colours are written as a literal presentation attribute plus a `style` property with a
//! CSS variable, once per group so children inherit: browsers prefer the style (and follow the
//! mdBook theme: light, rust, coal, navy, ayu), while renderers without CSS variables (rsvg,
//! many EPUB and PDF tools) use the literal. Never a `<style>` element: it would leak into the page.

use crate::chart::{Color, Dash};

/// Group attributes for text: fill with the theme's foreground.
pub(super) const TEXT_GROUP: &str = "<g fill=\"#333\" style=\"fill:var(--fg,#333)\">";
/// Group attributes for axis lines and ticks.
pub(super) const AXIS_GROUP: &str =
    "<g fill=\"none\" stroke=\"#333\" style=\"stroke:var(--fg,#333)\" stroke-width=\"1\">";
/// Group attributes for grid lines: the foreground, faint, so it suits light and dark themes.
pub(super) const GRID_GROUP: &str = "<g fill=\"none\" stroke=\"#333\" style=\"stroke:var(--fg,#333)\" stroke-opacity=\".14\" stroke-width=\"1\">";
/// Group attributes for leader lines from labels to what they name.
pub(super) const LEADER_GROUP: &str = "<g fill=\"none\" stroke=\"#333\" style=\"stroke:var(--fg,#333)\" stroke-opacity=\".55\" stroke-width=\"1\">";
/// Attributes that outline shapes with the page background (slice separators, marker halos).
pub(super) const PAPER_STROKE: &str = " stroke=\"#fff\" style=\"stroke:var(--bg,#fff)\"";

/// The page backgrounds of mdBook's five themes (`--bg`; `html.light`, `html.rust`, ...), as
/// sRGB: light `#fff`, rust `hsl(60,9%,87%)`, coal `hsl(200,7%,8%)`, navy `hsl(226,23%,11%)`,
/// ayu `hsl(210,25%,8%)`, each rounded to 8 bits a channel as browsers compute them.
pub(crate) const THEME_BACKGROUNDS: [(&str, Color); 5] = [
    ("light", Color(0xff, 0xff, 0xff)),
    ("rust", Color(0xe1, 0xe1, 0xdb)),
    ("coal", Color(0x13, 0x15, 0x16)),
    ("navy", Color(0x16, 0x19, 0x23)),
    ("ayu", Color(0x0f, 0x14, 0x1a)),
];

/// WCAG 2.1 asks 3:1 for graphics needed to understand content (success criterion 1.4.11).
pub(crate) const MIN_GRAPHIC_CONTRAST: f64 = 3.0;
/// WCAG 2.1 asks 4.5:1 for text (success criterion 1.4.3): labels written on pie slices.
pub(crate) const MIN_TEXT_CONTRAST: f64 = 4.5;

/// The default series palette: six colours that keep at least 3:1 against the page background
/// in all five mdBook themes at once, so one literal colour serves every theme and every
/// renderer, CSS or not. The trick is their relative luminance, 0.139 to 0.204: anything from
/// about 0.13 (3:1 on navy, the lightest dark theme) to 0.216 (3:1 on rust, the darkest light
/// one) stands out on all five. Within that band the hues were chosen for colour-blind readers:
/// simulated protanopia, deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009,
/// severity 1) keep every pair at least 11.9 CIEDE2000 apart (Okabe & Ito's palette, which this
/// one replaces because four of its colours fall below 3:1 on light or rust, has 10.9), and
/// normal vision 23.8. The tests below check all of this. Ordered so that the first colours
/// are the most distinct in every simulation.
pub(crate) const DEFAULT_PALETTE: &[Color] = &[
    Color(0x05, 0x7b, 0xeb), // blue
    Color(0xe8, 0x22, 0x1a), // red
    Color(0x00, 0x7a, 0x74), // teal
    Color(0xc9, 0x0f, 0x6d), // magenta
    Color(0x77, 0x7e, 0x49), // olive
    Color(0x8a, 0x72, 0xa4), // lavender
];

/// The WCAG 2 contrast ratio of two colours, 1 (same luminance) to 21 (black on white).
pub(crate) fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (a.luminance(), b.luminance());
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The themes on whose background `color` has less than 3:1 contrast, with the ratio.
pub(crate) fn low_contrast_themes(color: Color) -> Vec<(&'static str, f64)> {
    THEME_BACKGROUNDS
        .iter()
        .map(|(name, bg)| (*name, contrast(color, *bg)))
        .filter(|(_, c)| *c < MIN_GRAPHIC_CONTRAST)
        .collect()
}

/// The ink for text written on a shape filled with `fill`: white when it has 4.5:1 against the
/// fill, otherwise black, which then has at least 4.66:1 (the two meet at a luminance of
/// 0.179, where both have 4.58:1), so every fill gets readable text.
pub(crate) fn ink_on(fill: Color) -> Color {
    const WHITE: Color = Color(0xff, 0xff, 0xff);
    if contrast(WHITE, fill) >= MIN_TEXT_CONTRAST {
        WHITE
    } else {
        Color(0, 0, 0)
    }
}

/// sRGB component → linear light.
fn to_linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Linear light → sRGB component.
fn from_linear(v: f64) -> u8 {
    let v = v.clamp(0.0, 1.0);
    let c = if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    };
    (c * 255.0).round() as u8
}

/// The relative luminance whose worst contrast over the five themes is highest (3.65:1): the
/// geometric middle between rust (the darkest light background) and navy (the lightest dark
/// one). Colours past the end of a palette move toward a grey of this luminance.
const MIDDLE_LUMINANCE: f64 = 0.169;

/// The colour of series `i` in `palette`, or the default palette when empty. Past the end of the
/// palette the colours come round again, mixed (in linear light) more and more with a grey of
/// [`MIDDLE_LUMINANCE`]: so no two series (nor neighbouring pie slices) share a colour unless
/// the palette holds that grey itself, and since luminance is linear in linear light, a mix is
/// never harder to see in its worst theme than the palette colour it came from (the default
/// palette's mixes all keep 3:1 in every theme). Lines past the palette also differ by dash
/// ([`series_dash`]).
pub(super) fn series_color(palette: &[Color], i: usize) -> Color {
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
    // 45%, 70%, 83%, ... grey: every round a different colour, none reaching the grey.
    let amount = 1.0 - 0.55_f64.powi(i32::try_from(round).unwrap_or(i32::MAX));
    let mix = |c: u8| from_linear(to_linear(c) * (1.0 - amount) + MIDDLE_LUMINANCE * amount);
    Color(mix(base.0), mix(base.1), mix(base.2))
}

/// The dash of line series `i` that sets none, given a palette of `palette_len` colours (the
/// default palette when 0): solid in the first round of the palette, then dashed, dotted,
/// dashed, ..., so that lines past the palette's distinct hues differ by dash as well as by the
/// muted colour [`series_color`] gives them.
pub(crate) fn series_dash(palette_len: usize, i: usize) -> Dash {
    let len = if palette_len == 0 {
        DEFAULT_PALETTE.len()
    } else {
        palette_len
    };
    match i / len {
        0 => Dash::Solid,
        r if r % 2 == 1 => Dash::Dashed,
        _ => Dash::Dotted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default palette and every colour it comes round to in the first three rounds.
    fn default_colours() -> Vec<Color> {
        (0..DEFAULT_PALETTE.len() * 4)
            .map(|i| series_color(&[], i))
            .collect()
    }

    /// `hsl(h, s%, l%)` as browsers compute it, rounded to 8 bits a channel.
    fn hsl(h: f64, s: f64, l: f64) -> Color {
        let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
        let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
        let (r, g, b) = match (h / 60.0) as u32 {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        let m = l - c / 2.0;
        let byte = |v: f64| ((v + m) * 255.0).round() as u8;
        Color(byte(r), byte(g), byte(b))
    }

    #[test]
    fn theme_backgrounds_are_mdbooks() {
        let from_css = [
            ("light", Color(255, 255, 255)),
            ("rust", hsl(60.0, 0.09, 0.87)),
            ("coal", hsl(200.0, 0.07, 0.08)),
            ("navy", hsl(226.0, 0.23, 0.11)),
            ("ayu", hsl(210.0, 0.25, 0.08)),
        ];
        assert_eq!(THEME_BACKGROUNDS, from_css);
    }

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast(Color(0, 0, 0), Color(255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast(Color(0x77, 0x77, 0x77), Color(255, 255, 255)) - 4.48).abs() < 0.01);
        // Okabe & Ito's yellow on the rust theme: the measurement that took it out of the palette.
        let yellow = Color(0xf0, 0xe4, 0x42);
        assert!((contrast(yellow, THEME_BACKGROUNDS[1].1) - 1.01).abs() < 0.01);
    }

    #[test]
    fn every_default_colour_has_3_to_1_on_every_theme() {
        for c in default_colours() {
            for (theme, bg) in THEME_BACKGROUNDS {
                let ratio = contrast(c, bg);
                assert!(ratio >= 3.0, "{c} on {theme} ({bg}): {ratio:.2}");
            }
            assert!(low_contrast_themes(c).is_empty(), "{c}");
        }
        // The palette itself keeps a margin (3.15), so rounding in a browser cannot tip it.
        for &c in DEFAULT_PALETTE {
            let worst = THEME_BACKGROUNDS
                .iter()
                .map(|(_, bg)| contrast(c, *bg))
                .fold(f64::INFINITY, f64::min);
            assert!(worst >= 3.15, "{c}: {worst:.2}");
        }
    }

    #[test]
    fn low_contrast_themes_names_the_themes() {
        let yellow = Color(0xf0, 0xe4, 0x42);
        let names: Vec<_> = low_contrast_themes(yellow).iter().map(|t| t.0).collect();
        assert_eq!(names, ["light", "rust"]);
        let navy = Color(0x00, 0x00, 0x80);
        let names: Vec<_> = low_contrast_themes(navy).iter().map(|t| t.0).collect();
        assert_eq!(names, ["coal", "navy", "ayu"]);
    }

    #[test]
    fn slice_ink_has_4_5_to_1_on_every_fill() {
        for c in default_colours() {
            let ratio = contrast(ink_on(c), c);
            assert!(
                ratio >= MIN_TEXT_CONTRAST,
                "{} on {c}: {ratio:.2}",
                ink_on(c)
            );
        }
        // Any fill at all: every 15th level of each channel.
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    let c = Color(r, g, b);
                    assert!(contrast(ink_on(c), c) >= MIN_TEXT_CONTRAST, "{c}");
                }
            }
        }
        // White where it reads: on a dark blue, but black on the palette's light blue.
        assert_eq!(ink_on(Color(0, 0, 0x80)), Color(255, 255, 255));
        assert_eq!(ink_on(DEFAULT_PALETTE[0]), Color(0, 0, 0));
        assert_eq!(ink_on(DEFAULT_PALETTE[3]), Color(255, 255, 255));
    }

    #[test]
    fn colours_past_the_palette_differ() {
        let all: Vec<Color> = (0..24).map(|i| series_color(&[], i)).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(series_color(&[], 0), DEFAULT_PALETTE[0]);
        // An author palette comes round the same way, and its colours are used as written.
        let author = [Color(0xff, 0xff, 0), Color(0, 0, 0)];
        assert_eq!(series_color(&author, 1), author[1]);
        assert_ne!(series_color(&author, 2), author[0]);
        // Mixing moves toward the middle grey: the worst theme contrast of yellow only improves.
        let worst = |c: Color| {
            THEME_BACKGROUNDS
                .iter()
                .map(|(_, bg)| contrast(c, *bg))
                .fold(f64::INFINITY, f64::min)
        };
        assert!(worst(series_color(&author, 2)) > worst(author[0]));
    }

    #[test]
    fn lines_past_the_palette_are_dashed() {
        let n = DEFAULT_PALETTE.len();
        assert_eq!(series_dash(0, 0), Dash::Solid);
        assert_eq!(series_dash(0, n - 1), Dash::Solid);
        assert_eq!(series_dash(0, n), Dash::Dashed);
        assert_eq!(series_dash(0, 2 * n), Dash::Dotted);
        assert_eq!(series_dash(0, 3 * n), Dash::Dashed);
        assert_eq!(series_dash(2, 1), Dash::Solid);
        assert_eq!(series_dash(2, 2), Dash::Dashed);
    }

    // --- colour-vision deficiency ---------------------------------------------------------------

    /// Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of
    /// Color Vision Deficiency", severity 1.0 matrices, applied to linear RGB.
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152_286, 1.052_583, -0.204_868],
        [0.114_503, 0.786_281, 0.099_216],
        [-0.003_882, -0.048_116, 1.051_998],
    ];
    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367_322, 0.860_646, -0.227_968],
        [0.280_085, 0.672_501, 0.047_413],
        [-0.011_820, 0.042_940, 0.968_881],
    ];
    const TRITANOPIA: [[f64; 3]; 3] = [
        [1.255_528, -0.076_749, -0.178_779],
        [-0.078_411, 0.930_809, 0.147_602],
        [0.004_733, 0.691_367, 0.303_900],
    ];
    const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

    /// CIELAB (D65) of `c` as seen through `m`.
    fn lab(c: Color, m: &[[f64; 3]; 3]) -> [f64; 3] {
        let rgb = [to_linear(c.0), to_linear(c.1), to_linear(c.2)];
        let v: Vec<f64> = m
            .iter()
            .map(|row| (0..3).map(|j| row[j] * rgb[j]).sum::<f64>().clamp(0.0, 1.0))
            .collect();
        let x = 0.4124 * v[0] + 0.3576 * v[1] + 0.1805 * v[2];
        let y = 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
        let z = 0.0193 * v[0] + 0.1192 * v[1] + 0.9505 * v[2];
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x / 0.95047), f(y), f(z / 1.08883));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// CIEDE2000 colour difference (Sharma, Wu & Dalal 2005).
    fn ciede2000(a: [f64; 3], b: [f64; 3]) -> f64 {
        let [l1, a1, b1] = a;
        let [l2, a2, b2] = b;
        let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
        let pow7 = |c: f64| c.powi(7) / (c.powi(7) + 25f64.powi(7));
        let g = 0.5 * (1.0 - pow7(c_bar).sqrt());
        let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
        let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
        let hue = |b: f64, a: f64| {
            if b == 0.0 && a == 0.0 {
                0.0
            } else {
                b.atan2(a).to_degrees().rem_euclid(360.0)
            }
        };
        let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));
        let dl = l2 - l1;
        let dc = c2p - c1p;
        let dh = if c1p * c2p == 0.0 {
            0.0
        } else if (h2p - h1p).abs() <= 180.0 {
            h2p - h1p
        } else if h2p - h1p > 180.0 {
            h2p - h1p - 360.0
        } else {
            h2p - h1p + 360.0
        };
        let dhh = 2.0 * (c1p * c2p).sqrt() * (dh / 2.0).to_radians().sin();
        let l_bar = (l1 + l2) / 2.0;
        let cp_bar = (c1p + c2p) / 2.0;
        let h_bar = if c1p * c2p == 0.0 {
            h1p + h2p
        } else if (h1p - h2p).abs() <= 180.0 {
            (h1p + h2p) / 2.0
        } else if h1p + h2p < 360.0 {
            (h1p + h2p + 360.0) / 2.0
        } else {
            (h1p + h2p - 360.0) / 2.0
        };
        let cos = |d: f64| d.to_radians().cos();
        let t = 1.0 - 0.17 * cos(h_bar - 30.0)
            + 0.24 * cos(2.0 * h_bar)
            + 0.32 * cos(3.0 * h_bar + 6.0)
            - 0.20 * cos(4.0 * h_bar - 63.0);
        let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
        let rc = 2.0 * pow7(cp_bar).sqrt();
        let sl = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
        let sc = 1.0 + 0.045 * cp_bar;
        let sh = 1.0 + 0.015 * cp_bar * t;
        let rt = -(2.0 * d_theta).to_radians().sin() * rc;
        ((dl / sl).powi(2) + (dc / sc).powi(2) + (dhh / sh).powi(2) + rt * (dc / sc) * (dhh / sh))
            .sqrt()
    }

    #[test]
    fn ciede2000_matches_sharmas_test_data() {
        let cases = [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
            (
                [60.2574, -34.0099, 36.2677],
                [60.4626, -34.1751, 39.4387],
                1.2644,
            ),
            (
                [2.0776, 0.0795, -1.1350],
                [0.9033, -0.0636, -0.5514],
                0.9082,
            ),
        ];
        for (a, b, expected) in cases {
            let d = ciede2000(a, b);
            assert!(
                (d - expected).abs() < 1e-4,
                "{a:?} {b:?}: {d} != {expected}"
            );
        }
    }

    /// The smallest CIEDE2000 difference between two colours of `palette` as seen through `m`.
    fn min_difference(palette: &[Color], m: &[[f64; 3]; 3]) -> f64 {
        let labs: Vec<_> = palette.iter().map(|c| lab(*c, m)).collect();
        let mut min = f64::INFINITY;
        for (i, a) in labs.iter().enumerate() {
            for b in &labs[i + 1..] {
                min = min.min(ciede2000(*a, *b));
            }
        }
        min
    }

    /// The criterion: every pair of palette colours at least 20 CIEDE2000 apart in normal vision
    /// and at least 10 apart in each simulated dichromacy (protanopia, deuteranopia,
    /// tritanopia; a difference of about 10 reads as a different colour at a glance). Okabe &
    /// Ito's palette, the usual reference for colour-blind-safe charts, meets the same bar.
    #[test]
    fn the_palette_stays_distinct_for_colour_blind_readers() {
        let okabe_ito = [
            Color(0x00, 0x72, 0xb2),
            Color(0xe6, 0x9f, 0x00),
            Color(0x00, 0x9e, 0x73),
            Color(0xd5, 0x5e, 0x00),
            Color(0xcc, 0x79, 0xa7),
            Color(0x56, 0xb4, 0xe9),
            Color(0xf0, 0xe4, 0x42),
        ];
        for (vision, m, bar) in [
            ("normal vision", &IDENTITY, 20.0),
            ("protanopia", &PROTANOPIA, 10.0),
            ("deuteranopia", &DEUTERANOPIA, 10.0),
            ("tritanopia", &TRITANOPIA, 10.0),
        ] {
            let ours = min_difference(DEFAULT_PALETTE, m);
            assert!(ours >= bar, "{vision}: two colours only {ours:.1} apart");
            let theirs = min_difference(&okabe_ito, m);
            assert!(theirs >= bar, "{vision}: Okabe-Ito {theirs:.1}");
        }
        // A palette that is not colour-blind safe fails: red and green, same lightness.
        let red_green = [Color(0xd0, 0x40, 0x40), Color(0x40, 0x90, 0x40)];
        assert!(min_difference(&red_green, &IDENTITY) >= 20.0);
        assert!(min_difference(&red_green, &DEUTERANOPIA) < 10.0);
    }
}

//! How numbers are written: tick labels ([`TickFormat`]), data labels ([`format_value`],
//! [`format_plain`]), exact values for data tables and descriptions ([`format_exact`]), shares
//! of a whole ([`format_percent`], [`format_share_label`]) and the percentiles of a nines axis
//! ([`format_nines`]). Every number a reader sees goes through this module.

/// How numbers on an axis (and in data labels) are written.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct NumberFormat {
    /// Text written before each number (e.g. `$`).
    pub prefix: String,
    /// Text written after each number (e.g. ` ms`).
    pub suffix: String,
    /// Multiply by 100 and add `%`.
    pub percent: bool,
    /// Use `k`, `M`, `G` for large numbers (on by default).
    pub si: bool,
}

impl NumberFormat {
    /// The format an axis has when the block sets nothing: plain numbers with k/M/G.
    pub(crate) fn default_axis() -> Self {
        NumberFormat {
            si: true,
            ..NumberFormat::default()
        }
    }

    /// Fractions written as percentages (0.25 → 25%).
    pub(crate) fn percent() -> Self {
        NumberFormat {
            percent: true,
            ..NumberFormat::default()
        }
    }
}

/// A tick-label writer for one axis: fixes the unit suffix (k, M, G) and decimals once for all
/// ticks so they read consistently.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TickFormat {
    divisor: f64,
    unit: &'static str,
    decimals: usize,
    scientific: bool,
    trim: bool,
    format: NumberFormat,
    /// Labels chosen elsewhere for exact tick values (a time axis's calendar labels).
    fixed: Vec<(f64, String)>,
}

impl TickFormat {
    /// The format for ticks spaced `step` apart with the largest magnitude `max_abs`.
    pub(crate) fn new(step: f64, max_abs: f64, format: &NumberFormat) -> Self {
        let pct = if format.percent { 100.0 } else { 1.0 };
        let (divisor, unit) = if format.si && !format.percent {
            match max_abs {
                m if m >= 1e13 => (1e12, "T"),
                m if m >= 1e10 => (1e9, "G"),
                m if m >= 1e7 => (1e6, "M"),
                m if m >= 1e4 => (1e3, "k"),
                _ => (1.0, ""),
            }
        } else {
            (1.0, "")
        };
        let scaled = step * pct / divisor;
        let scientific = scaled < 1e-4 || max_abs * pct / divisor >= 1e15;
        // Scientific notation carries its own magnitude: no k/M/G on top of it.
        let (divisor, unit, scaled) = if scientific {
            (1.0, "", step * pct)
        } else {
            (divisor, unit, scaled)
        };
        TickFormat {
            divisor: divisor / pct,
            unit,
            decimals: decimals_for(scaled),
            scientific,
            trim: false,
            format: format.clone(),
            fixed: Vec::new(),
        }
    }

    /// The number format this writer was made from.
    pub(crate) fn number_format(&self) -> &NumberFormat {
        &self.format
    }

    /// A writer that labels each of `ticks` with its own text (a time axis's calendar labels);
    /// other values are written as numbers.
    pub(crate) fn with_labels(mut self, ticks: &[f64], labels: &[String]) -> Self {
        self.fixed = ticks.iter().copied().zip(labels.iter().cloned()).collect();
        self
    }

    /// Writes one value.
    pub(crate) fn format(&self, v: f64) -> String {
        if let Some((_, label)) = self.fixed.iter().find(|(t, _)| *t == v) {
            return label.clone();
        }
        if v == 0.0 {
            let mut out = String::with_capacity(8);
            out.push_str(&self.format.prefix);
            out.push('0');
            if self.format.percent {
                out.push('%');
            }
            out.push_str(&self.format.suffix);
            return out;
        }
        let scaled = v / self.divisor;
        let mut body = if self.scientific {
            let s = format!("{scaled:.1e}");
            s.replace(".0e", "e")
        } else {
            format!("{:.*}", self.decimals, scaled)
        };
        if self.trim && !self.scientific {
            let t = without_trailing_zeros(&body).len();
            body.truncate(t);
        }
        if body.starts_with('-') {
            if body[1..].chars().all(|c| c == '0' || c == '.') {
                body.remove(0);
            } else {
                body.replace_range(0..1, "\u{2212}");
            }
        }
        let mut out = String::with_capacity(body.len() + 8);
        out.push_str(&self.format.prefix);
        out.push_str(&body);
        out.push_str(self.unit);
        if self.format.percent {
            out.push('%');
        }
        out.push_str(&self.format.suffix);
        out
    }
}

/// The fewest decimals (up to 6) that write multiples of `step` exactly.
fn decimals_for(step: f64) -> usize {
    if step.is_nan() || step <= 0.0 || !step.is_finite() {
        return 0;
    }
    (0..6)
        .find(|d| {
            let s = step * 10f64.powi(*d as i32);
            (s - s.round()).abs() < 1e-6 * s.max(1.0)
        })
        .unwrap_or(6)
}

/// Writes a single data value (for labels and descriptions): up to 3 significant decimals.
/// Three significant digits; with `si` (and |v| ≥ 10,000) in k, M, G like the axis: 264k.
pub(crate) fn format_value(v: f64, format: &NumberFormat) -> String {
    let si = format.si && v.abs() >= 1e4;
    let step = if v == 0.0 {
        1.0
    } else {
        let s = 10f64.powf((v.abs().log10() - 2.0).floor());
        if si { s } else { s.min(1.0) }
    };
    let mut f = format.clone();
    f.si = si;
    let mut f = TickFormat::new(step, v.abs(), &f);
    f.trim = true;
    f.format(v)
}

/// A data value as exactly as a reader needs it (data tables, descriptions): six significant
/// digits, shortest form. Rounded arithmetically and printed with the shortest round-trip
/// formatter: `format!("{:.N}")` falls back to slow big-number code for many values.
pub(crate) fn format_exact(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return (v as i64).to_string();
    }
    if !v.is_finite() || v.abs() < 1e-6 || v.abs() >= 1e15 {
        return format!("{v:e}");
    }
    let magnitude = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(5 - magnitude);
    let r = (v * scale).round() / scale;
    format!("{r}")
}

/// A number as data labels write it with no unit or prefix: three significant digits, 7.35.
pub(crate) fn format_plain(v: f64) -> String {
    format_value(v, &NumberFormat::default())
}

/// The shortest text that reads back as `n`: integers without a fraction (`12`, not `12.0`),
/// others in Rust's shortest round-trip form. Data-file numbers used as text (category labels)
/// are written this way.
pub(crate) fn format_canonical(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n:?}")
    }
}

/// A percentage with `decimals` decimals: `12.5%` (pie shares in tables and descriptions).
pub(crate) fn format_percent(pct: f64, decimals: usize) -> String {
    format!("{pct:.decimals$}%")
}

/// A slice's share of the pie (0..=1) as its label writes it: whole percents, with one decimal
/// only for small shares that are not whole (`4.5%`, `12%`).
pub(crate) fn format_share_label(share: f64) -> String {
    let pct = share * 100.0;
    if (pct - pct.round()).abs() < 0.05 || pct >= 10.0 {
        format_percent(pct, 0)
    } else {
        format_percent(pct, 1)
    }
}

/// The percentile at `t` nines on a nines axis (`t` = 2 is 99%, 3 is 99.9%): as many decimals
/// as the nines need, no trailing zeros.
pub(crate) fn format_nines(t: f64) -> String {
    let p = 100.0 * (1.0 - 10f64.powf(-t));
    let decimals = (t.ceil() as i64 - 2).clamp(0, 12) as usize;
    let text = format!("{p:.decimals$}");
    format!("{}%", without_trailing_zeros(&text))
}

/// A value to three significant digits at most, for the ends of a colour bar: `5e-324`,
/// `1.23e-310`, `0.5`, `12.3k`.
pub(crate) fn format_three_digits(v: f64) -> String {
    if v == 0.0 || (1e-3..1e15).contains(&v.abs()) {
        return format_value(v, &NumberFormat::default_axis());
    }
    // The shortest form that reads back as `v`, unless it needs more than three digits.
    let short = format!("{v:e}");
    let digits = short
        .split('e')
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .count();
    if digits <= 3 {
        return short;
    }
    let rounded = format!("{v:.2e}");
    match rounded.split_once('e') {
        Some((m, e)) => format!("{}e{e}", without_trailing_zeros(m)),
        None => rounded,
    }
}

/// `text` without the zeros that end its fraction (and without the point when none is left);
/// a number without a point as it is.
fn without_trailing_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_digits_at_most() {
        assert_eq!(format_three_digits(5e-324), "5e-324");
        assert_eq!(format_three_digits(1e-320), "1e-320");
        assert_eq!(format_three_digits(1.234_567e-310), "1.23e-310");
        assert_eq!(format_three_digits(-2.5e-308), "-2.5e-308");
        assert_eq!(format_three_digits(0.5), "0.5");
        assert_eq!(format_three_digits(0.0), "0");
        assert_eq!(format_three_digits(1e300), "1e300");
    }

    #[test]
    fn tick_labels() {
        let si = NumberFormat::default_axis();
        let f = TickFormat::new(2000.0, 10000.0, &si);
        assert_eq!(f.format(10000.0), "10k");
        assert_eq!(f.format(2000.0), "2k");
        assert_eq!(f.format(0.0), "0");
        let f = TickFormat::new(0.25, 1.0, &si);
        assert_eq!(f.format(0.5), "0.50");
        assert_eq!(f.format(-0.25), "\u{2212}0.25");
        let pct = NumberFormat::percent();
        assert_eq!(TickFormat::new(0.2, 1.0, &pct).format(0.4), "40%");
        let ms = NumberFormat {
            suffix: " ms".into(),
            si: true,
            ..NumberFormat::default()
        };
        assert_eq!(TickFormat::new(10.0, 50.0, &ms).format(20.0), "20 ms");
    }

    #[test]
    fn exact_values_for_tables() {
        assert_eq!(format_exact(264000.0), "264000");
        assert_eq!(format_exact(6.8), "6.8");
        assert_eq!(format_exact(49.515151515), "49.5152");
        assert_eq!(format_exact(-0.000123456789), "-0.000123457");
    }

    #[test]
    fn values() {
        let f = NumberFormat::default();
        assert_eq!(format_value(6.8, &f), "6.8");
        assert_eq!(format_value(2.48, &f), "2.48");
        assert_eq!(format_value(20.16129, &f), "20.2");
        assert_eq!(format_value(1000.0, &f), "1000");
        assert_eq!(
            format_value(264000.0, &NumberFormat::default_axis()),
            "264k"
        );
        assert_eq!(
            format_value(263512.0, &NumberFormat::default_axis()),
            "264k"
        );
        assert_eq!(format_value(9038.4, &NumberFormat::default_axis()), "9038");
        assert_eq!(format_value(0.0, &f), "0");
    }

    #[test]
    fn canonical_numbers_read_back() {
        assert_eq!(format_canonical(12.0), "12");
        assert_eq!(format_canonical(1.5), "1.5");
        assert_eq!(format_canonical(1e16), "1e16");
        assert_eq!(format_canonical(-0.25), "-0.25");
        assert_eq!(format_plain(20.16129), "20.2");
    }
}

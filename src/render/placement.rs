//! Placing point labels so that they neither overlap each other nor leave the figure.

use super::font::{self, Weight};
use super::geometry::Rect;
use super::obstacles::Obstacles;
use super::svg::Anchor;

/// A label placed next to its point.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PlacedLabel {
    /// Text anchor position (baseline).
    pub x: f64,
    /// Baseline y.
    pub y: f64,
    /// Horizontal alignment at `x`.
    pub anchor: Anchor,
    /// The text's box.
    pub rect: Rect,
    /// The label sits away from its point and needs a line to it.
    pub leader: bool,
}

/// Places `labels[i]` next to `points[i]` (viewBox units), avoiding `obstacles` (markers,
/// lines, text placed before) and staying inside `bounds`. Candidates are tried in
/// reading-friendly order (above, below, right, left, then diagonals, then the same ring further
/// out, with a leader line); when none is free, the one covering the least of the marks is used
/// — but never one over text: a label with no spot clear of every other label (and of the text
/// placed before, which `obstacles` holds first, `text_obstacles` of them) is `None`, and the
/// caller lists it in the panel's `<title>`.
pub(super) fn place(
    points: &[(f64, f64)],
    labels: &[String],
    gaps: &[f64],
    size: f64,
    bounds: Rect,
    obstacles: &mut Obstacles,
    text_obstacles: &[Rect],
) -> Vec<Option<PlacedLabel>> {
    let h = font::ascent(size) + font::descent(size);
    let mut texts: Vec<Rect> = text_obstacles.to_vec();
    // Crowded points first: they have the fewest free spots, and greedy placement is fairest
    // when the hardest cases choose first. Ties keep data order (stable sort), so output is
    // deterministic.
    let n = points.len().min(labels.len()).min(gaps.len());
    let reach = 5.0 * h;
    let crowd: Vec<usize> = (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| {
                    j != i
                        && (points[i].0 - points[j].0).abs() < reach * 2.0
                        && (points[i].1 - points[j].1).abs() < reach
                })
                .count()
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(crowd[i]));
    let mut out: Vec<Option<PlacedLabel>> = vec![None; n];
    for i in order {
        let ((px, py), text, marker) = (points[i], &labels[i], gaps[i]);
        let gap = marker + 3.0;
        let w = font::text_width(text, size, Weight::Regular);
        // Only text within reach of the farthest candidate can matter: filter once per label.
        // (The obstacles' index finds the marks and lines near each candidate.)
        let reach = gap + 8.0 * (h + 2.0) + w + 1.0;
        let near_text: Vec<Rect> = texts
            .iter()
            .filter(|o| {
                o.right() >= px - reach
                    && o.x <= px + reach
                    && o.bottom() >= py - reach
                    && o.y <= py + reach
            })
            .copied()
            .collect();
        let mut best: Option<(f64, PlacedLabel)> = None;
        'search: for k in 0..8 {
            // Ring k: the same eight positions pushed k label-heights further out.
            let d = k as f64 * (h + 2.0);
            let candidates = [
                (px - w / 2.0, py - gap - h - d),             // above
                (px - w / 2.0, py + gap + d),                 // below
                (px + gap + d * 0.5, py - h / 2.0),           // right
                (px - gap - w - d * 0.5, py - h / 2.0),       // left
                (px + gap * 0.7, py - gap * 0.7 - h - d),     // above right
                (px - gap * 0.7 - w, py - gap * 0.7 - h - d), // above left
                (px + gap * 0.7, py + gap * 0.7 + d),         // below right
                (px - gap * 0.7 - w, py + gap * 0.7 + d),     // below left
                (px + gap + d * 0.5, py - h),                 // right, raised
                (px - gap - w - d * 0.5, py - h),             // left, raised
                (px + gap + d * 0.5, py),                     // right, lowered
                (px - gap - w - d * 0.5, py),                 // left, lowered
            ];
            for (x, y) in candidates {
                let rect = Rect::new(x, y, w, h).clamped_into(bounds);
                if near_text.iter().any(|t| rect.overlap_area(t) > 0.0) {
                    continue;
                }
                // A sum that reaches the best so far can stop: that spot is not chosen.
                let limit = best.as_ref().map_or(f64::INFINITY, |(o, _)| *o);
                let overlap = obstacles.overlap_below(&rect, limit);
                let placed = PlacedLabel {
                    x: rect.x,
                    y: rect.y + font::ascent(size),
                    anchor: Anchor::Start,
                    rect,
                    leader: k > 0,
                };
                if overlap == 0.0 {
                    best = Some((0.0, placed));
                    break 'search;
                }
                if best.as_ref().is_none_or(|(o, _)| overlap < *o) {
                    best = Some((overlap, placed));
                }
            }
        }
        if let Some((_, p)) = best {
            obstacles.push(p.rect);
            texts.push(p.rect);
            out[i] = Some(p);
        }
    }
    out
}

/// Draws a line from each far-placed label to its point (nearest edge of the label's box).
pub(super) fn draw_leaders(
    svg: &mut super::svg::Svg,
    points: &[(f64, f64)],
    placed: &[Option<PlacedLabel>],
) {
    let mut d = String::new();
    for (&(px, py), p) in points.iter().zip(placed) {
        let Some(p) = p else {
            continue;
        };
        if !p.leader {
            continue;
        }
        let x = px.clamp(p.rect.x, p.rect.right());
        let y = py.clamp(p.rect.y, p.rect.bottom());
        d.push('M');
        super::svg::push_num(&mut d, px);
        d.push(',');
        super::svg::push_num(&mut d, py);
        d.push('L');
        super::svg::push_num(&mut d, x);
        d.push(',');
        super::svg::push_num(&mut d, y);
    }
    if !d.is_empty() {
        svg.raw(super::theme::LEADER_GROUP)
            .raw("<path d=\"")
            .raw(&d)
            .raw("\"/></g>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_with_no_clear_spot_is_left_out_not_drawn_over_text() {
        // A plot one label high and barely wider than two labels: ten labels cannot all fit.
        let bounds = Rect::new(0.0, 0.0, 120.0, 16.0);
        let points: Vec<(f64, f64)> = (0..10).map(|i| (10.0 + i as f64 * 10.0, 8.0)).collect();
        let labels: Vec<String> = (0..10).map(|i| format!("Name {i}")).collect();
        let placed = place(
            &points,
            &labels,
            &[3.0; 10],
            11.0,
            bounds,
            &mut Obstacles::new(bounds),
            &[],
        );
        let shown: Vec<&PlacedLabel> = placed.iter().flatten().collect();
        assert!(shown.len() < 10 && !shown.is_empty(), "{}", shown.len());
        for (i, a) in shown.iter().enumerate() {
            for b in &shown[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn crowded_labels_do_not_overlap() {
        let points: Vec<(f64, f64)> = (0..6).map(|i| (100.0 + i as f64 * 8.0, 100.0)).collect();
        let labels: Vec<String> = (0..6).map(|i| format!("Label {i}")).collect();
        let bounds = Rect::new(0.0, 0.0, 400.0, 300.0);
        let mut obstacles = Obstacles::new(bounds);
        let placed: Vec<PlacedLabel> = place(
            &points,
            &labels,
            &[3.0; 6],
            11.0,
            bounds,
            &mut obstacles,
            &[],
        )
        .into_iter()
        .flatten()
        .collect();
        assert_eq!(placed.len(), 6);
        for (i, a) in placed.iter().enumerate() {
            assert!(bounds.contains(&a.rect));
            for b in &placed[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn labels_stay_inside_bounds() {
        let bounds = Rect::new(0.0, 0.0, 200.0, 100.0);
        let placed = place(
            &[(2.0, 2.0)],
            &["A long label at the corner".into()],
            &[3.0],
            11.0,
            bounds,
            &mut Obstacles::new(bounds),
            &[],
        );
        assert!(bounds.contains(&placed[0].as_ref().unwrap().rect));
    }
}

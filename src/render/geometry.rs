//! Rectangles in viewBox units: what layout measures, places and tests for overlap.

/// An axis-aligned rectangle in viewBox units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// A rectangle from its left, top, width and height.
    pub(super) fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect {
            x,
            y,
            w: w.max(0.0),
            h: h.max(0.0),
        }
    }

    /// Right edge.
    pub(super) fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    pub(super) fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// True when the two rectangles share any area.
    pub(super) fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// The area the two rectangles share (0 when they only touch).
    pub(super) fn overlap_area(&self, other: &Rect) -> f64 {
        let w = self.right().min(other.right()) - self.x.max(other.x);
        let h = self.bottom().min(other.bottom()) - self.y.max(other.y);
        if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
    }

    /// True when every edge is a finite number.
    pub(super) fn is_finite(&self) -> bool {
        self.x.is_finite()
            && self.y.is_finite()
            && self.right().is_finite()
            && self.bottom().is_finite()
    }

    /// This rectangle moved inside `bounds` (as far as it fits: a wider or taller one keeps
    /// to the left or top edge).
    pub(super) fn clamped_into(self, bounds: Rect) -> Rect {
        let x = self.x.min(bounds.right() - self.w).max(bounds.x);
        let y = self.y.min(bounds.bottom() - self.h).max(bounds.y);
        Rect::new(x, y, self.w, self.h)
    }

    /// True when `other` lies entirely inside `self`.
    pub(super) fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x - 1e-9
            && other.y >= self.y - 1e-9
            && other.right() <= self.right() + 1e-9
            && other.bottom() <= self.bottom() + 1e-9
    }
}

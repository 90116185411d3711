//! What text placed on a plot keeps clear of (marks, lines, text placed before), and the index
//! that finds the obstacles near a box without scanning them all.
//!
//! A line is an obstacle as a row of small boxes along each segment, one every 5 px (at most
//! 400 per segment) whose centre is inside the plot. Beyond a few thousand, the boxes are not
//! stored: a line of a million points jumping across a 4000-px plot would be hundreds of
//! millions of them. A query works out the few boxes of each nearby segment that can reach the
//! queried box.
//!
//! [`Obstacles::overlap_below`] sums the area a box shares with every obstacle in the order the
//! obstacles were added, exactly as a plain scan of all of them sums it: the index only leaves
//! out terms that are 0, and adding 0 changes no sum. So the index changes no label's place.
//! (It may stop once the sum reaches a given limit: the terms are never negative, so the whole
//! would reach it too, and a caller looking for the least overlap rejects that box either way.)
//!
//! **The index**, built at the first query, is a uniform grid of cells over the plot (cells at
//! its border also take everything beyond it). Each cell lists, in the order they were added,
//! the obstacles that may reach into it: a rectangle in every cell it covers, a line's segment
//! in the cells along its path. A query gathers the lists of the cells its box covers, sorts
//! them and drops repeats. The cells' width and height are chosen from the obstacles added
//! before the first query: as small as a few million entries allow (memory stays bounded
//! whatever the lines), taller than wide when the lines are mostly steep (a noisy series), and
//! so on. A plot of few obstacles (at most [`FLAT_LIMIT`] boxes and rectangles) gets no grid:
//! going through the list of them all costs a query less than finding the near ones.

use super::geometry::Rect;

/// Along a line's segment, a box every this many pixels...
const BOX_SPACING: f64 = 5.0;
/// ...but at most this many steps per segment.
const MAX_STEPS: f64 = 400.0;
/// Smallest cell side, in pixels: about a label's height.
const MIN_CELL: f64 = 16.0;
/// Most entries the index holds (4 bytes each)...
const ENTRY_BUDGET: f64 = 4_000_000.0;
/// ...and most cells (24 bytes each, and their entries).
const MAX_CELLS: f64 = 262_144.0;
/// The box a query is costed for when choosing cells: a short label.
const TYPICAL_QUERY: (f64, f64) = (64.0, 16.0);
/// With at most this many rectangles and boxes of lines, the first query lists them all, in
/// order, and every query goes through the whole list: cheaper than finding the few near it.
const FLAT_LIMIT: usize = 8192;
/// Pixels added around a segment's path when finding its cells, so that rounding in where its
/// boxes are computed never puts one outside them.
const SLACK: f64 = 1.0;
/// Pixels added around a queried box when finding the steps of a segment whose boxes can reach
/// it: far more than rounding moves a box (a millionth of a pixel; coordinates stay within
/// ±10,000, where a double is exact to about 2e-12).
const STEP_SLACK: f64 = 1e-6;

/// A run of obstacles added one after the other: rectangles, or the segments of a polyline.
#[derive(Clone, Copy, Debug)]
enum Item {
    /// Rectangles from `rects[start]` on, one per slot.
    Rects { start: usize },
    /// Segments from `points[first]` on (each point to the next), one per slot, their boxes
    /// `2 × half` wide centred inside the plot.
    Line { first: usize, half: f64 },
}

/// The obstacles of one plot, in the order they were added. Each rectangle, and each segment of
/// a line, is one slot: slots number the obstacles in that order.
pub(super) struct Obstacles {
    /// The plot the index is laid over.
    area: Rect,
    /// Each run of obstacles with its first slot.
    items: Vec<(usize, Item)>,
    /// Every rectangle.
    rects: Vec<Rect>,
    /// The points of every line.
    points: Vec<(f64, f64)>,
    /// The steps of the segment from each point to the next (0 after a line's last point).
    steps: Vec<u16>,
    /// Slots so far.
    slots: usize,
    /// Built at the first query (for few obstacles, the list of them all instead); then kept up
    /// to date.
    grid: Option<Grid>,
    flat: Option<Vec<Rect>>,
    /// [`FLAT_LIMIT`] (tests try others).
    flat_limit: usize,
    /// The slots a query gathers, and a bitmap that orders them (kept to reuse their memory).
    found: Vec<u32>,
    bits: Vec<u64>,
}

/// Where the grid's cells are: `columns × rows` cells of `width × height` from `(x, y)`.
#[derive(Clone, Copy, Debug)]
struct Layout {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    columns: usize,
    rows: usize,
}

/// The grid of cells, each listing the slots that may reach into it in increasing order.
struct Grid {
    at: Layout,
    cells: Vec<Vec<u32>>,
    /// Rectangles with an edge that is not a finite number: the plain overlap sum counts them
    /// against any box (`f64::min` and `max` pass over a NaN), so every query takes them.
    everywhere: Vec<u32>,
}

/// The steps of a segment from `a` to `b`: it has a box at each of `0..=steps`.
fn steps(a: (f64, f64), b: (f64, f64)) -> u16 {
    let len = (b.0 - a.0).hypot(b.1 - a.1);
    (len / BOX_SPACING).ceil().clamp(1.0, MAX_STEPS) as u16
}

/// Box `k` of the segment from `a` to `b` in `steps` steps, if its centre is inside `plot`.
#[inline]
fn segment_box(
    a: (f64, f64),
    b: (f64, f64),
    steps: usize,
    k: usize,
    half: f64,
    plot: &Rect,
) -> Option<Rect> {
    let t = k as f64 / steps as f64;
    let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
    (x >= plot.x && x <= plot.right() && y >= plot.y && y <= plot.bottom())
        .then(|| Rect::new(x - half, y - half, 2.0 * half, 2.0 * half))
}

/// The part of the segment from `a` to `b` inside `r` (Liang–Barsky), if any.
fn clip(a: (f64, f64), b: (f64, f64), r: &Rect) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - r.x),
        (dx, r.right() - a.0),
        (-dy, a.1 - r.y),
        (dy, r.bottom() - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((
        (a.0 + dx * t0, a.1 + dy * t0),
        (a.0 + dx * t1, a.1 + dy * t1),
    ))
}

/// The steps `k` of the segment from `a` to `b` (finite points) whose box (`2 × half` wide)
/// may overlap `r` (finite): every one whose centre is within `half` (and a little slack) of
/// `r` along the axis the segment runs furthest on, found from where it enters and leaves that
/// reach. (Along the other axis the segment moves less per step: a caller has checked that it
/// comes near `r` at all.)
#[inline]
fn reaching(
    a: (f64, f64),
    b: (f64, f64),
    steps: usize,
    half: f64,
    r: &Rect,
) -> std::ops::Range<usize> {
    let reach = half + STEP_SLACK;
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (start, delta, lo, hi) = if dx.abs() >= dy.abs() {
        (a.0, dx, r.x - reach, r.right() + reach)
    } else {
        (a.1, dy, r.y - reach, r.bottom() + reach)
    };
    if delta == 0.0 {
        // A point: its boxes are all there.
        return if start < lo || start > hi {
            0..0
        } else {
            0..steps + 1
        };
    }
    // Where the centre is at `lo` and at `hi`, in steps. Multiplying by the reciprocal rounds
    // differently from dividing, by far less than the slack. (A NaN, from a delta so small that
    // its reciprocal is infinite, fails every comparison and narrows nothing.)
    let n = steps as f64;
    let per = n / delta;
    let (u, v) = ((lo - start) * per, (hi - start) * per);
    let (u, v) = if per > 0.0 { (u, v) } else { (v, u) };
    let (mut k0, mut k1) = (0.0, n);
    if u > k0 {
        k0 = u;
    }
    if v < k1 {
        k1 = v;
    }
    if k0 > k1 {
        return 0..0;
    }
    // 0 <= k0 <= k1 <= n: the casts round down; the last step rounds up.
    let first = k0 as usize;
    let last = k1 as usize;
    let last = if (last as f64) < k1 { last + 1 } else { last };
    first..last.min(steps) + 1
}

impl Layout {
    // Below 0 (and NaN) is the first cell; the cast of what is left rounds down.
    fn column(&self, x: f64) -> usize {
        (((x - self.x) / self.width).max(0.0) as usize).min(self.columns - 1)
    }

    fn row(&self, y: f64) -> usize {
        (((y - self.y) / self.height).max(0.0) as usize).min(self.rows - 1)
    }

    /// Calls `f` with each cell `r` covers.
    fn cells_of(&self, r: &Rect, mut f: impl FnMut(usize)) {
        let (c0, c1) = (self.column(r.x), self.column(r.right()));
        for row in self.row(r.y)..=self.row(r.bottom()) {
            for c in c0..=c1 {
                f(row * self.columns + c);
            }
        }
    }

    /// Calls `f` with each cell within `reach` of the segment from `a` to `b` (finite points),
    /// column by column.
    fn cells_along(&self, a: (f64, f64), b: (f64, f64), reach: f64, mut f: impl FnMut(usize)) {
        let (a, b) = if a.0 <= b.0 { (a, b) } else { (b, a) };
        let dx = b.0 - a.0;
        for c in self.column(a.0 - reach)..=self.column(b.0 + reach) {
            // The column's strip; the border columns reach to infinity.
            let left = if c == 0 {
                f64::NEG_INFINITY
            } else {
                self.x + c as f64 * self.width
            };
            let right = if c + 1 == self.columns {
                f64::INFINITY
            } else {
                self.x + (c + 1) as f64 * self.width
            };
            // Where the segment is within `reach` of the strip.
            let (t0, t1) = if dx > 0.0 {
                let t0 = ((left - reach - a.0) / dx).max(0.0);
                let t1 = ((right + reach - a.0) / dx).min(1.0);
                if t0 > t1 {
                    continue;
                }
                (t0, t1)
            } else {
                (0.0, 1.0)
            };
            let (y0, y1) = (a.1 + (b.1 - a.1) * t0, a.1 + (b.1 - a.1) * t1);
            for row in self.row(y0.min(y1) - reach)..=self.row(y0.max(y1) + reach) {
                f(row * self.columns + c);
            }
        }
    }
}

/// What the entries of a grid depend on, summed over the obstacles (sizes capped to the grid).
#[derive(Default)]
struct Extent {
    /// Rectangles: how many, their widths, heights and areas.
    rects: f64,
    widths: f64,
    heights: f64,
    areas: f64,
    /// Segments: how many, how far across and how far down they run.
    segments: f64,
    across: f64,
    down: f64,
}

impl Extent {
    /// About how many entries cells of `w × h` take: a rectangle covers about
    /// `(width / w + 1) (height / h + 1)` cells, a segment `|dx| / w + |dy| / h + 1`.
    fn entries(&self, w: f64, h: f64) -> f64 {
        self.areas / (w * h)
            + (self.widths + self.across) / w
            + (self.heights + self.down) / h
            + self.rects
            + self.segments
    }
}

impl Obstacles {
    /// No obstacles yet, on `plot` (obstacles may lie anywhere; the index covers the plot).
    pub(super) fn new(plot: Rect) -> Self {
        Obstacles {
            area: plot,
            items: Vec::new(),
            rects: Vec::new(),
            points: Vec::new(),
            steps: Vec::new(),
            slots: 0,
            grid: None,
            flat: None,
            flat_limit: FLAT_LIMIT,
            found: Vec::new(),
            bits: Vec::new(),
        }
    }

    /// Obstacles added so far: a mark to pass to [`Obstacles::rects_from`].
    pub(super) fn len(&self) -> usize {
        self.slots
    }

    /// Each run of obstacles: its first slot, the slot after its last, and what it is.
    fn runs(&self) -> impl Iterator<Item = (usize, usize, Item)> + '_ {
        self.items.iter().enumerate().map(|(i, &(slot, item))| {
            let end = self.items.get(i + 1).map_or(self.slots, |next| next.0);
            (slot, end, item)
        })
    }

    /// The rectangles added since `mark` (lines are left out).
    pub(super) fn rects_from(&self, mark: usize) -> Vec<Rect> {
        let mut out = Vec::new();
        for (first, end, item) in self.runs() {
            if let Item::Rects { start } = item
                && end > mark
            {
                let skip = mark.saturating_sub(first);
                out.extend_from_slice(&self.rects[start + skip..start + (end - first)]);
            }
        }
        out
    }

    /// Adds a rectangle.
    pub(super) fn push(&mut self, r: Rect) {
        let slot = self.slots;
        if !matches!(self.items.last(), Some((_, Item::Rects { .. }))) {
            let start = self.rects.len();
            self.items.push((slot, Item::Rects { start }));
        }
        self.rects.push(r);
        self.slots += 1;
        if let Some(flat) = &mut self.flat {
            flat.push(r);
        }
        if let Some(grid) = &mut self.grid {
            let at = grid.at;
            rect_cells(&at, &r, slot, &mut |c, s| grid.push(c, s));
        }
    }

    /// Adds rectangles, in order.
    pub(super) fn extend(&mut self, rects: impl IntoIterator<Item = Rect>) {
        let rects = rects.into_iter();
        // Room for them all at once: a million markers' boxes would otherwise pass through a
        // copy of half of them when the list grows.
        self.rects.reserve_exact(rects.size_hint().0);
        for r in rects {
            self.push(r);
        }
    }

    /// Adds a polyline drawn `width` wide, so that labels keep clear of the line itself: small
    /// boxes along it, those centred inside the plot.
    pub(super) fn line(&mut self, points: &[(f64, f64)], width: f64) {
        if points.len() < 2 {
            return;
        }
        let first = self.points.len();
        self.points.extend_from_slice(points);
        self.steps
            .extend(points.windows(2).map(|pair| steps(pair[0], pair[1])));
        self.steps.push(0);
        let slot = self.slots;
        let half = width / 2.0 + 0.5;
        let item = Item::Line { first, half };
        self.items.push((slot, item));
        self.slots += points.len() - 1;
        if let Some(mut flat) = self.flat.take() {
            self.line_boxes(item, points.len() - 1, &mut flat);
            self.flat = Some(flat);
        }
        if let Some(mut grid) = self.grid.take() {
            let at = grid.at;
            self.line_cells(&at, slot, item, points.len() - 1, &mut |c, s| {
                grid.push(c, s)
            });
            self.grid = Some(grid);
        }
    }

    /// Calls `f` with each cell (and the slot) each of `count` segments of line `item` (from
    /// `slot`) may reach.
    fn line_cells(
        &self,
        at: &Layout,
        slot: usize,
        item: Item,
        count: usize,
        f: &mut impl FnMut(usize, u32),
    ) {
        let Item::Line { first, half } = item else {
            return;
        };
        let plot = self.area;
        // Only boxes centred inside the plot exist: the part of a segment outside it has none.
        let inside = Rect::new(
            plot.x - SLACK,
            plot.y - SLACK,
            plot.w + 2.0 * SLACK,
            plot.h + 2.0 * SLACK,
        );
        let within = |p: (f64, f64)| {
            p.0 >= inside.x && p.0 <= inside.right() && p.1 >= inside.y && p.1 <= inside.bottom()
        };
        for j in 0..count {
            let (a, b) = (self.points[first + j], self.points[first + j + 1]);
            if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
                // No box of such a segment is inside the plot.
                continue;
            }
            let (a, b) = if within(a) && within(b) {
                (a, b)
            } else {
                match clip(a, b, &inside) {
                    Some(part) => part,
                    None => continue,
                }
            };
            let s = (slot + j) as u32;
            at.cells_along(a, b, half + SLACK, |c| f(c, s));
        }
    }

    /// Appends the boxes of `count` segments of line `item`, in order.
    fn line_boxes(&self, item: Item, count: usize, out: &mut Vec<Rect>) {
        let Item::Line { first, half } = item else {
            return;
        };
        for at in first..first + count {
            let (a, b) = (self.points[at], self.points[at + 1]);
            let steps = usize::from(self.steps[at]);
            out.extend((0..=steps).filter_map(|k| segment_box(a, b, steps, k, half, &self.area)));
        }
    }

    /// Calls `f` with each cell (and the slot) of every obstacle so far.
    fn all_cells(&self, at: &Layout, f: &mut impl FnMut(usize, u32)) {
        for (slot, end, item) in self.runs() {
            match item {
                Item::Rects { start } => {
                    for (k, r) in self.rects[start..start + (end - slot)].iter().enumerate() {
                        rect_cells(at, r, slot + k, f);
                    }
                }
                Item::Line { .. } => self.line_cells(at, slot, item, end - slot, f),
            }
        }
    }

    /// Lays the grid over the plot, its cells the size that costs a typical query least within
    /// the entry budget, and lists every obstacle so far.
    fn build(&mut self) {
        let boxes: usize = self.steps.iter().map(|&s| usize::from(s) + 1).sum();
        if boxes + self.rects.len() <= self.flat_limit {
            let mut flat = Vec::with_capacity(boxes + self.rects.len());
            for (slot, end, item) in self.runs() {
                match item {
                    Item::Rects { start } => {
                        flat.extend_from_slice(&self.rects[start..start + (end - slot)]);
                    }
                    Item::Line { .. } => self.line_boxes(item, end - slot, &mut flat),
                }
            }
            self.flat = Some(flat);
            return;
        }
        let area = Rect::new(
            self.area.x - MIN_CELL,
            self.area.y - MIN_CELL,
            self.area.w + 2.0 * MIN_CELL,
            self.area.h + 2.0 * MIN_CELL,
        );
        let area = if area.is_finite() {
            area
        } else {
            Rect::new(0.0, 0.0, 1.0, 1.0)
        };
        let mut extent = Extent::default();
        for r in self.rects.iter().filter(|r| r.is_finite()) {
            let (w, h) = (r.w.min(area.w), r.h.min(area.h));
            extent.rects += 1.0;
            extent.widths += w;
            extent.heights += h;
            extent.areas += w * h;
        }
        for (slot, end, item) in self.runs() {
            if let Item::Line { first, .. } = item {
                for pair in self.points[first..=first + (end - slot)].windows(2) {
                    let dx = (pair[1].0 - pair[0].0).abs();
                    let dy = (pair[1].1 - pair[0].1).abs();
                    if dx.is_finite() && dy.is_finite() {
                        extent.across += dx.min(area.w);
                        extent.down += dy.min(area.h);
                    }
                }
                extent.segments += (end - slot) as f64;
            }
        }
        // Cell sides from MIN_CELL doubling up to the whole area; a query of the typical box
        // scans about `entries × (box width + w) (box height + h) / area` entries.
        let sides = |whole: f64| {
            std::iter::successors(Some(MIN_CELL), move |s| (*s < whole).then_some(s * 2.0))
        };
        let (qw, qh) = TYPICAL_QUERY;
        let mut best: Option<(bool, f64, f64, f64)> = None;
        for w in sides(area.w) {
            for h in sides(area.h) {
                let cells = (area.w / w).ceil() * (area.h / h).ceil();
                let entries = extent.entries(w, h);
                // Within the budget first; then the cheapest query.
                let over = entries > ENTRY_BUDGET || cells > MAX_CELLS;
                let cost = entries * (qw + w) * (qh + h);
                let better = match best {
                    None => true,
                    Some((b_over, b_cost, ..)) => {
                        (!over && b_over) || (over == b_over && cost < b_cost)
                    }
                };
                if better {
                    best = Some((over, cost, w, h));
                }
            }
        }
        let (width, height) = best.map_or((area.w, area.h), |(_, _, w, h)| (w, h));
        let columns = ((area.w / width).ceil() as usize).max(1);
        let rows = ((area.h / height).ceil() as usize).max(1);
        let at = Layout {
            x: area.x,
            y: area.y,
            width,
            height,
            columns,
            rows,
        };
        // Counted first, so that each cell's list takes just the memory it needs.
        let mut counts = vec![0u32; columns * rows];
        let mut everywhere = 0;
        self.all_cells(&at, &mut |c, _| match counts.get_mut(c) {
            Some(n) => *n += 1,
            None => everywhere += 1,
        });
        let mut grid = Grid {
            at,
            cells: counts
                .into_iter()
                .map(|n| Vec::with_capacity(n as usize))
                .collect(),
            everywhere: Vec::with_capacity(everywhere),
        };
        self.all_cells(&at, &mut |c, s| grid.push(c, s));
        self.grid = Some(grid);
    }

    /// The area `r` shares with every obstacle (with a line's boxes one by one), summed in the
    /// order the obstacles were added: what summing over all of them in a plain loop gives.
    #[cfg(test)]
    fn overlap(&mut self, r: &Rect) -> f64 {
        self.overlap_below(r, f64::INFINITY)
    }

    /// The area `r` shares with every obstacle, summed in the order the obstacles were added;
    /// or, as soon as the sum reaches `limit` (it only grows), the sum so far: then the whole is
    /// at least `limit` too.
    pub(super) fn overlap_below(&mut self, r: &Rect, limit: f64) -> f64 {
        if !r.is_finite() {
            // Such a box is not where the grid can find what it touches (`f64::min` and `max`
            // pass over a NaN): every box of every obstacle.
            let (mut sum, mut item) = (0.0, 0);
            for slot in 0..self.slots {
                (item, sum) = self.add_slot(sum, slot, item, r, false);
                if sum >= limit {
                    break;
                }
            }
            return sum;
        }
        if self.grid.is_none() && self.flat.is_none() {
            self.build();
        }
        if let Some(flat) = &self.flat {
            return flat_overlap(flat, r, limit);
        }
        let Some(grid) = &self.grid else {
            return 0.0;
        };
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        grid.at
            .cells_of(r, |c| found.extend_from_slice(&grid.cells[c]));
        found.extend_from_slice(&grid.everywhere);
        in_order(&mut found, &mut self.bits);
        let (mut sum, mut item) = (0.0, 0);
        for &slot in &found {
            (item, sum) = self.add_slot(sum, slot as usize, item, r, true);
            if sum >= limit {
                break;
            }
        }
        self.found = found;
        sum
    }

    /// `sum` plus the area `r` shares with the obstacle of `slot` (box by box for a segment:
    /// only those that can reach `r` when `near`, which needs `r` finite), and the item of the
    /// slot, looked for from item `from` on.
    fn add_slot(&self, sum: f64, slot: usize, from: usize, r: &Rect, near: bool) -> (usize, f64) {
        // The slots of a query come in increasing order: its item is this one, the next, or
        // one further on.
        let i = if self
            .items
            .get(from + 1)
            .is_none_or(|(first, _)| *first > slot)
        {
            from
        } else {
            from + self.items[from..].partition_point(|(first, _)| *first <= slot) - 1
        };
        let (first, item) = &self.items[i];
        let sum = match item {
            Item::Rects { start } => sum + r.overlap_area(&self.rects[start + slot - first]),
            Item::Line { first: p, half } => {
                let at = p + slot - first;
                let (a, b) = (self.points[at], self.points[at + 1]);
                let steps = usize::from(self.steps[at]);
                let ks = if !near {
                    0..steps + 1
                } else if a.0.max(b.0) + half + STEP_SLACK < r.x
                    || a.0.min(b.0) - half - STEP_SLACK > r.right()
                    || a.1.max(b.1) + half + STEP_SLACK < r.y
                    || a.1.min(b.1) - half - STEP_SLACK > r.bottom()
                {
                    // Too far to reach: no box can.
                    0..0
                } else {
                    reaching(a, b, steps, *half, r)
                };
                let mut sum = sum;
                for k in ks {
                    if let Some(o) = segment_box(a, b, steps, k, *half, &self.area) {
                        sum += r.overlap_area(&o);
                    }
                }
                sum
            }
        };
        (i, sum)
    }
}

/// The area `r` shares with each of `flat`, summed in order; or, once the sum has reached
/// `limit`, the sum so far. (Checked every few terms: the sum only grows, so one taken later is
/// as good.)
#[inline(never)]
fn flat_overlap(flat: &[Rect], r: &Rect, limit: f64) -> f64 {
    let mut sum = 0.0;
    for chunk in flat.chunks(16) {
        for o in chunk {
            sum += r.overlap_area(o);
        }
        if sum >= limit {
            break;
        }
    }
    sum
}

/// Sorts `slots` and drops repeats. Those of one query mostly lie in a short range (the
/// segments of a line near one spot): a bitmap of that range sorts them in linear time.
fn in_order(slots: &mut Vec<u32>, bits: &mut Vec<u64>) {
    let (Some(&lo), Some(&hi)) = (slots.iter().min(), slots.iter().max()) else {
        return;
    };
    let words = (hi - lo) as usize / 64 + 1;
    if words > 4 * slots.len() {
        slots.sort_unstable();
        slots.dedup();
        return;
    }
    bits.clear();
    bits.resize(words, 0);
    for &s in slots.iter() {
        let i = (s - lo) as usize;
        bits[i / 64] |= 1 << (i % 64);
    }
    slots.clear();
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            let bit = word.trailing_zeros();
            slots.push(lo + (w * 64) as u32 + bit);
            word &= word - 1;
        }
    }
}

/// Calls `f` with each cell `r` covers and `slot`; a rectangle with an edge that is not a finite
/// number goes in no cell but to every query (the cell number past the grid's last).
fn rect_cells(at: &Layout, r: &Rect, slot: usize, f: &mut impl FnMut(usize, u32)) {
    let s = slot as u32;
    if r.is_finite() {
        at.cells_of(r, |c| f(c, s));
    } else {
        f(at.columns * at.rows, s);
    }
}

impl Grid {
    /// Lists `slot` in cell `c` (past the last cell: for every query).
    fn push(&mut self, c: usize, slot: u32) {
        match self.cells.get_mut(c) {
            // Slots come in increasing order, so a repeat can only be the last entry.
            Some(list) if list.last() != Some(&slot) => list.push(slot),
            Some(_) => {}
            None => self.everywhere.push(slot),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The obstacles as they were kept before the index: every box of every line, in a list.
    fn plain_line(points: &[(f64, f64)], width: f64, plot: Rect, out: &mut Vec<Rect>) {
        let half = width / 2.0 + 0.5;
        for pair in points.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            let len = (x1 - x0).hypot(y1 - y0);
            let steps = (len / 5.0).ceil().clamp(1.0, 400.0) as usize;
            for k in 0..=steps {
                let t = k as f64 / steps as f64;
                let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
                if x >= plot.x && x <= plot.right() && y >= plot.y && y <= plot.bottom() {
                    out.push(Rect::new(x - half, y - half, 2.0 * half, 2.0 * half));
                }
            }
        }
    }

    /// The overlap sum as it was computed before the index: over every box, in order.
    fn plain_overlap(r: &Rect, obstacles: &[Rect]) -> f64 {
        obstacles
            .iter()
            .map(|o| {
                let w = r.right().min(o.right()) - r.x.max(o.x);
                let h = r.bottom().min(o.bottom()) - r.y.max(o.y);
                if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
            })
            .sum()
    }

    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// Uniform in `lo..hi`.
        fn between(&mut self, lo: f64, hi: f64) -> f64 {
            lo + (hi - lo) * (self.next() % 1_000_000) as f64 / 1_000_000.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// A random rectangle around `plot`: mostly label-sized, some large, some far outside, a
    /// few with an edge that is not a finite number.
    fn random_rect(g: &mut Random, plot: &Rect) -> Rect {
        let x = g.between(plot.x - 60.0, plot.right() + 60.0);
        let y = g.between(plot.y - 60.0, plot.bottom() + 60.0);
        match g.below(40) {
            0 => Rect::new(f64::NAN, y, 30.0, 12.0),
            1 => Rect::new(x, f64::INFINITY, 30.0, 12.0),
            2 => Rect::new(-20_000.0, y, 5.0, 5.0),
            3..=6 => Rect::new(x, y, g.between(0.0, plot.w), g.between(0.0, 40.0)),
            7 => Rect::new(x, y, 0.0, 10.0),
            // On the grid's lines, so that edges meet exactly.
            8..=11 => Rect::new(x.round(), y.round(), 16.0, 16.0),
            _ => Rect::new(x, y, g.between(1.0, 80.0), g.between(1.0, 20.0)),
        }
    }

    /// A random polyline: a noisy line across the plot, or a scatter of jumps, some points
    /// outside the plot (up to the ±10,000 that drawing clamps to).
    fn random_line(g: &mut Random, plot: &Rect) -> Vec<(f64, f64)> {
        let n = 2 + g.below(40) as usize;
        let noisy = g.below(2) == 0;
        (0..n)
            .map(|i| {
                if g.below(40) == 0 {
                    let far = [-10_000.0, 10_000.0][g.below(2) as usize];
                    return (g.between(plot.x, plot.right()), far);
                }
                let x = if noisy {
                    plot.x + plot.w * i as f64 / n as f64
                } else {
                    g.between(plot.x - 40.0, plot.right() + 40.0)
                };
                (x, g.between(plot.y - 40.0, plot.bottom() + 40.0))
            })
            .collect()
    }

    /// Same numbers, or both 0 (of either sign: every caller compares with `==` and `<`).
    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a == 0.0 && b == 0.0)
    }

    #[test]
    fn indexed_overlap_is_the_plain_sum() {
        let mut g = Random(0x2545_f491_4f6c_dd1d);
        for round in 0..12 {
            let plot = match round % 4 {
                0 => Rect::new(50.0, 30.0, 570.0, 340.0),
                1 => Rect::new(40.5, 20.25, 3900.0, 3900.0),
                2 => Rect::new(10.0, 10.0, 130.0, 60.0),
                _ => Rect::new(-3.0, 7.0, 1000.0, 200.0),
            };
            // The list of them all, and the grid.
            let mut setups = [usize::MAX, 0].map(|flat_limit| {
                let mut index = Obstacles::new(plot);
                index.flat_limit = flat_limit;
                index
            });
            let mut plain = Vec::new();
            let add = |g: &mut Random, setups: &mut [Obstacles], plain: &mut Vec<Rect>| {
                if g.below(4) == 0 {
                    let line = random_line(g, &plot);
                    let width = [1.5, 2.0, 3.0][g.below(3) as usize];
                    for index in setups.iter_mut() {
                        index.line(&line, width);
                    }
                    plain_line(&line, width, plot, plain);
                } else {
                    let r = random_rect(g, &plot);
                    for index in setups.iter_mut() {
                        index.push(r);
                    }
                    plain.push(r);
                }
            };
            for _ in 0..g.below(120) {
                add(&mut g, &mut setups, &mut plain);
            }
            // Queries, with more obstacles added between them (as placed labels are).
            for q in 0..100 {
                if q % 10 == 9 {
                    add(&mut g, &mut setups, &mut plain);
                }
                let r = match g.below(50) {
                    0 => Rect::new(f64::NAN, 5.0, 20.0, 10.0),
                    1 => plot,
                    _ => random_rect(&mut g, &plot),
                };
                let b = plain_overlap(&r, &plain);
                let limit = b * g.between(0.0, 2.0);
                for (setup, index) in setups.iter_mut().enumerate() {
                    let a = index.overlap(&r);
                    assert!(
                        same(a, b),
                        "round {round}, query {q}, setup {setup}, {r:?}: {a} indexed, {b} plain"
                    );
                    // Stopped at a limit: the whole sum below it, else at least the limit.
                    let c = index.overlap_below(&r, limit);
                    assert!(
                        if b < limit { same(c, b) } else { c >= limit },
                        "round {round}, query {q}, setup {setup}, {r:?}: {c} below {limit}, {b} plain"
                    );
                }
            }
        }
    }

    #[test]
    fn a_dense_line_is_found_box_by_box() {
        // Many long segments crossing one spot: every box is counted, each once.
        let plot = Rect::new(0.0, 0.0, 4000.0, 4000.0);
        let line: Vec<(f64, f64)> = (0..2000)
            .map(|i| (i as f64 * 2.0, if i % 2 == 0 { 0.0 } else { 4000.0 }))
            .collect();
        let mut index = Obstacles::new(plot);
        index.line(&line, 2.0);
        let mut plain = Vec::new();
        plain_line(&line, 2.0, plot, &mut plain);
        for r in [
            Rect::new(100.0, 1990.0, 60.0, 15.0),
            Rect::new(3990.0, 3990.0, 30.0, 30.0),
            Rect::new(0.0, 0.0, 4000.0, 14.0),
        ] {
            let (a, b) = (index.overlap(&r), plain_overlap(&r, &plain));
            assert!(a > 0.0 && same(a, b), "{r:?}: {a} indexed, {b} plain");
        }
    }

    #[test]
    fn a_box_overlapped_by_a_hair_is_counted() {
        // Queries that overlap one box of a line by a billionth of a pixel on each side.
        let plot = Rect::new(0.0, 0.0, 4000.0, 3000.0);
        let mut g = Random(0x9e37_79b9_7f4a_7c15);
        for _ in 0..200 {
            let line: Vec<(f64, f64)> = (0..3)
                .map(|_| (g.between(-50.0, 4050.0), g.between(-50.0, 3050.0)))
                .collect();
            // On the grid (few as they are).
            let mut setups = [0].map(|flat_limit| {
                let mut index = Obstacles::new(plot);
                index.flat_limit = flat_limit;
                index.line(&line, 2.0);
                index
            });
            let mut plain = Vec::new();
            plain_line(&line, 2.0, plot, &mut plain);
            let Some(o) = plain
                .get(g.below(plain.len().max(1) as u64) as usize)
                .copied()
            else {
                continue;
            };
            let hair = 1e-9;
            // Long across the other way, so that the hair decides which steps are near.
            for r in [
                Rect::new(o.right() - hair, o.y - 1000.0, 10.0, 2000.0),
                Rect::new(o.x - 10.0 + hair, o.y - 1000.0, 10.0, 2000.0),
                Rect::new(o.x - 1000.0, o.bottom() - hair, 2000.0, 10.0),
                Rect::new(o.x - 1000.0, o.y - 10.0 + hair, 2000.0, 10.0),
            ] {
                let b = plain_overlap(&r, &plain);
                for index in &mut setups {
                    let a = index.overlap(&r);
                    assert!(
                        b > 0.0 && same(a, b),
                        "{line:?}, {r:?}: {a} indexed, {b} plain"
                    );
                }
            }
        }
    }

    #[test]
    fn slots_come_sorted_once_each() {
        let mut g = Random(7);
        let mut bits = Vec::new();
        for n in [0, 1, 2, 10, 300, 5000] {
            for spread in [1, 64, 1_000, 1_000_000] {
                let mut slots: Vec<u32> =
                    (0..n).map(|_| 4_000_000 + g.below(spread) as u32).collect();
                let mut expected = slots.clone();
                expected.sort_unstable();
                expected.dedup();
                in_order(&mut slots, &mut bits);
                assert_eq!(slots, expected, "{n} slots over {spread}");
            }
        }
    }

    #[test]
    fn the_rectangles_since_a_mark_leave_lines_out() {
        let plot = Rect::new(0.0, 0.0, 100.0, 100.0);
        let r = |i: usize| Rect::new(i as f64, 0.0, 1.0, 1.0);
        let mut index = Obstacles::new(plot);
        index.extend([r(0), r(1)]);
        index.line(&[(0.0, 0.0), (50.0, 50.0), (60.0, 0.0)], 2.0);
        index.push(r(2));
        let mark = index.len();
        index.push(r(3));
        index.line(&[(0.0, 0.0), (50.0, 50.0)], 2.0);
        index.extend([r(4), r(5)]);
        assert_eq!(index.rects_from(mark), [r(3), r(4), r(5)]);
        assert_eq!(index.rects_from(0), (0..6).map(r).collect::<Vec<_>>());
        assert_eq!(index.rects_from(index.len()), []);
    }
}

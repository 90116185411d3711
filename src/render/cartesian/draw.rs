//! Drawing a laid-out frame: grid, axes, tick and category labels, titles.

use super::*;

impl Frame {
    /// Grid lines, drawn under the data.
    pub(in crate::render) fn draw_grid(&self, svg: &mut Svg) {
        let mut d = String::new();
        if let (AxisScale::Value(s, _), true) = (&self.y, self.y_axis.grid) {
            for t in &s.ticks {
                let y = self.tick_y(*t);
                d.push('M');
                crate::render::svg::push_num(&mut d, self.plot.x);
                d.push(',');
                crate::render::svg::push_num(&mut d, y);
                d.push('h');
                crate::render::svg::push_num(&mut d, self.plot.w);
            }
        }
        if let (AxisScale::Value(s, _), true) = (&self.x, self.x_axis.grid) {
            for t in &s.ticks {
                let x = self.tick_x(*t);
                d.push('M');
                crate::render::svg::push_num(&mut d, x);
                d.push(',');
                crate::render::svg::push_num(&mut d, self.plot.y);
                d.push('v');
                crate::render::svg::push_num(&mut d, self.plot.h);
            }
        }
        if !d.is_empty() {
            svg.raw(theme::GRID_GROUP)
                .raw("<path d=\"")
                .raw(&d)
                .raw("\"/></g>");
        }
    }

    /// Axis lines, ticks, tick labels and titles, drawn over the data.
    pub(in crate::render) fn draw_axes(&self, svg: &mut Svg) {
        let p = self.plot;
        let mut d = String::new();
        let seg = |d: &mut String, x: f64, y: f64, dx: f64, dy: f64| {
            d.push('M');
            crate::render::svg::push_num(d, x);
            d.push(',');
            crate::render::svg::push_num(d, y);
            if dx != 0.0 {
                d.push('h');
                crate::render::svg::push_num(d, dx);
            } else {
                d.push('v');
                crate::render::svg::push_num(d, dy);
            }
        };
        let (x_shown, y_shown) = (!self.x_axis.hidden, !self.y_axis.hidden);
        // Axis lines: bottom and left edges, plus a zero line when zero is inside a value range.
        if x_shown {
            seg(&mut d, p.x, p.bottom(), p.w, 0.0);
        }
        if y_shown {
            seg(&mut d, p.x, p.y, 0.0, p.h);
        }
        if let AxisScale::Value(s, _) = &self.y
            && y_shown
            && !s.log
            && s.lo < 0.0
            && s.hi > 0.0
        {
            seg(&mut d, p.x, self.py(0.0), p.w, 0.0);
        }
        if let AxisScale::Value(s, _) = &self.x
            && x_shown
            && !s.log
            && s.lo < 0.0
            && s.hi > 0.0
        {
            seg(&mut d, self.px(0.0), p.y, 0.0, p.h);
        }
        if let (AxisScale::Value(s, _), true) = (&self.y, self.parts.y_labels) {
            for t in &s.ticks {
                seg(&mut d, p.x - TICK, self.tick_y(*t), TICK, 0.0);
            }
        }
        if let (AxisScale::Value(s, _), true) = (&self.x, self.parts.x_labels) {
            for t in &s.ticks {
                seg(&mut d, self.tick_x(*t), p.bottom(), 0.0, TICK);
            }
        }
        if !d.is_empty() {
            svg.raw(theme::AXIS_GROUP)
                .raw("<path d=\"")
                .raw(&d)
                .raw("\"/></g>");
        }

        svg.raw(theme::TEXT_GROUP);
        if self.parts.y_labels {
            self.draw_y_labels(svg);
        }
        if self.parts.x_labels {
            self.draw_x_labels(svg);
        }
        self.draw_titles(svg);
        svg.raw("</g>");
    }

    fn draw_y_labels(&self, svg: &mut Svg) {
        let size = sizes::LABEL;
        let x = self.plot.x - TICK - GAP;
        let half_cap = font::cap_height(size) / 2.0;
        match &self.y {
            AxisScale::Value(s, f) => {
                for t in &s.ticks {
                    svg.fitted_tick_label(
                        x,
                        self.tick_y(*t) + half_cap,
                        Anchor::End,
                        size,
                        Weight::Regular,
                        &tick_label(s, f, *t),
                        self.left_label_width,
                    );
                }
            }
            AxisScale::Band(c, lo, hi) => {
                let n = c.len();
                let band = self.plot.h / (hi - lo).max(1.0);
                let lh = line_height(size);
                // Labels closer than a line would collide: every few are written, the others
                // listed as not drawn.
                let every = if band < lh {
                    (lh / band).ceil().max(1.0) as usize
                } else {
                    1
                };
                for (i, name) in c.iter().enumerate() {
                    if i % every != 0 {
                        svg.drop_text(name);
                        continue;
                    }
                    // Kept inside the panel: the first and last band may be thinner than a line.
                    let y = (self.py((n - i) as f64 - 0.5) + half_cap)
                        .min(self.area.bottom() - font::descent(size))
                        .max(self.area.y + font::ascent(size));
                    svg.fitted_label(
                        x,
                        y,
                        Anchor::End,
                        size,
                        Weight::Regular,
                        name,
                        self.left_label_width,
                    );
                }
            }
        }
    }

    fn draw_x_labels(&self, svg: &mut Svg) {
        let size = sizes::LABEL;
        let lh = line_height(size);
        let top = self.plot.bottom() + TICK + GAP;
        let baseline = top + font::ascent(size);
        let area = self.area;
        match (&self.x, &self.bottom) {
            (AxisScale::Value(s, f), _) => {
                let labels: Vec<String> = s.ticks.iter().map(|t| tick_label(s, f, *t)).collect();
                // Labels wider than the space between ticks: every few are written.
                let spacing = match s.ticks.as_slice() {
                    [a, b, ..] => (self.tick_x(*b) - self.tick_x(*a)).abs(),
                    _ => f64::INFINITY,
                };
                let widest = widest(&labels);
                let every = if widest + X_TICK_LABEL_CLEARANCE > spacing && spacing > 0.0 {
                    ((widest + X_TICK_LABEL_CLEARANCE) / spacing).ceil() as usize
                } else {
                    1
                };
                for (t, label) in s.ticks.iter().zip(&labels).step_by(every.max(1)) {
                    let shown = font::truncate_to_width(label, area.w, size, Weight::Regular);
                    let w = font::text_width(&shown, size, Weight::Regular);
                    // Kept inside the panel: an end label is moved in rather than cut off.
                    let x = self
                        .tick_x(*t)
                        .min(area.right() - w / 2.0)
                        .max(area.x + w / 2.0);
                    svg.fitted_tick_label(
                        x,
                        baseline,
                        Anchor::Middle,
                        size,
                        Weight::Regular,
                        label,
                        area.w,
                    );
                }
            }
            (AxisScale::Band(..), BottomLabels::Wrapped(lines)) => {
                for (i, label_lines) in lines.iter().enumerate() {
                    let x = self.px(i as f64 + 0.5);
                    for (j, line) in label_lines.iter().enumerate() {
                        svg.label(
                            x,
                            baseline + j as f64 * lh,
                            Anchor::Middle,
                            size,
                            Weight::Regular,
                            line,
                        );
                    }
                }
            }
            (AxisScale::Band(c, ..), BottomLabels::Rotated { angle, every }) => {
                let max_w = max_rotated_width(area);
                let cos = angle.to_radians().cos();
                let ellipsis = font::text_width("\u{2026}", size, Weight::Regular);
                let (reach_left, reach_right, _) = rotated_reach(*angle, 0.0);
                let (least_left, ..) = rotated_reach(*angle, ellipsis);
                for (i, name) in c.iter().enumerate() {
                    if i % every != 0 || area.w < least_left + reach_right {
                        svg.drop_text(name);
                        continue;
                    }
                    // Kept inside the panel: the slant reaches left of the anchor, so a label
                    // near the left edge is shortened, and one with no room at all moved right.
                    let x = self
                        .px(i as f64 + 0.5)
                        .min(area.right() - reach_right)
                        .max(area.x + least_left);
                    let room = if cos > 1e-9 {
                        (x - area.x - reach_left) / cos
                    } else {
                        f64::INFINITY
                    };
                    let y = top + font::cap_height(size) * 0.5;
                    svg.raw("<g transform=\"rotate(-");
                    svg.num(*angle).raw(" ").num(x).raw(" ").num(y).raw(")\">");
                    svg.fitted_label(
                        x,
                        y + font::cap_height(size) / 2.0,
                        Anchor::End,
                        size,
                        Weight::Regular,
                        name,
                        max_w.min(room),
                    );
                    svg.raw("</g>");
                }
            }
        }
    }

    fn draw_titles(&self, svg: &mut Svg) {
        let size = sizes::AXIS_TITLE;
        let area = self.area;
        let last = self.title.len().saturating_sub(1);
        for (i, t) in self.title.iter().enumerate() {
            let y = area.y
                + font::ascent(sizes::PANEL_TITLE)
                + i as f64 * line_height(sizes::PANEL_TITLE);
            let x = area.x + area.w / 2.0;
            match &self.title_full {
                Some(full) if i == last => {
                    let shown =
                        font::truncate_to_width(t, area.w, sizes::PANEL_TITLE, Weight::Regular);
                    if font::text_width(&shown, sizes::PANEL_TITLE, Weight::Regular) > area.w {
                        svg.drop_text(full);
                        continue;
                    }
                    svg.titled_label(
                        x,
                        y,
                        Anchor::Middle,
                        sizes::PANEL_TITLE,
                        Weight::Regular,
                        &shown,
                        full,
                    );
                }
                _ => {
                    svg.fitted_label(
                        x,
                        y,
                        Anchor::Middle,
                        sizes::PANEL_TITLE,
                        Weight::Regular,
                        t,
                        area.w,
                    );
                }
            }
        }
        if self.title.is_empty()
            && let Some(full) = &self.title_full
        {
            svg.drop_text(full);
        }
        if let Some(t) = &self.x_axis.title {
            if self.parts.x_title {
                let y = area.bottom() - font::descent(size) - 1.0;
                let cx = self.plot.x + self.plot.w / 2.0;
                svg.fitted_label(
                    cx,
                    y,
                    Anchor::Middle,
                    size,
                    Weight::Regular,
                    t,
                    2.0 * (cx - area.x).min(area.right() - cx),
                );
            } else {
                svg.drop_text(t);
            }
        }
        if let Some(t) = &self.y_axis.title {
            if self.parts.y_title {
                let x = area.x + font::ascent(size);
                let y = self.plot.y + self.plot.h / 2.0;
                svg.raw("<g transform=\"rotate(-90 ");
                svg.num(x).raw(" ").num(y).raw(")\">");
                svg.fitted_label(
                    x,
                    y,
                    Anchor::Middle,
                    size,
                    Weight::Regular,
                    t,
                    (self.plot.h + 40.0).min(2.0 * (y - area.y).min(area.bottom() - y)),
                );
                svg.raw("</g>");
            } else {
                svg.drop_text(t);
            }
        }
    }
}

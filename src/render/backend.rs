//! A plotters [`DrawingBackend`] that writes compact SVG geometry.
//!
//! plotters computes where things go (coordinate mapping, tick positions, series geometry);
//! this backend writes the shapes it is handed as bare SVG elements with no colour: styling
//! lives on the enclosing `<g>` written by the chart modules, so a series' colour appears once
//! rather than on every element, and theme colours can use CSS variables.
//!
//! plotters works in integer pixels. To keep sub-pixel precision the backend runs at
//! [`SCALE`]× the viewBox size and divides on output (coordinates come out with one decimal).

use std::fmt;

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

use super::svg::push_num;

/// Backend units per viewBox unit.
pub const SCALE: f64 = 10.0;

/// Converts a viewBox coordinate to backend units.
pub fn to_backend(v: f64) -> i32 {
    (v * SCALE).round().clamp(-1e9, 1e9) as i32
}

/// The backend never fails; this type exists to satisfy the trait.
#[derive(Debug)]
pub struct NoError;

impl fmt::Display for NoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("svg backend error")
    }
}

impl std::error::Error for NoError {}

/// Writes plotters' primitives into an SVG buffer.
pub struct SvgBackend<'a> {
    out: &'a mut String,
    size: (u32, u32),
}

impl<'a> SvgBackend<'a> {
    /// A backend covering a `width` × `height` viewBox, appending to `out`.
    pub fn new(out: &'a mut String, width: f64, height: f64) -> Self {
        SvgBackend {
            out,
            size: (
                (width * SCALE).round().max(1.0) as u32,
                (height * SCALE).round().max(1.0) as u32,
            ),
        }
    }

    fn point(&mut self, p: BackendCoord) {
        push_num(self.out, f64::from(p.0) / SCALE);
        self.out.push(',');
        push_num(self.out, f64::from(p.1) / SCALE);
    }

    fn path_data<I: IntoIterator<Item = BackendCoord>>(&mut self, points: I) -> usize {
        let mut n = 0;
        for p in points {
            self.out.push(if n == 0 { 'M' } else { 'L' });
            self.point(p);
            n += 1;
        }
        n
    }
}

type Result = std::result::Result<(), DrawingErrorKind<NoError>>;

impl DrawingBackend for SvgBackend<'_> {
    type ErrorType = NoError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, _color: BackendColor) -> Result {
        self.draw_rect(
            point,
            (point.0 + SCALE as i32, point.1 + SCALE as i32),
            &BackendColor {
                alpha: 1.0,
                rgb: (0, 0, 0),
            },
            true,
        )
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        _style: &S,
    ) -> Result {
        self.draw_path([from, to], _style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        _style: &S,
        _fill: bool,
    ) -> Result {
        let (x0, x1) = (
            upper_left.0.min(bottom_right.0),
            upper_left.0.max(bottom_right.0),
        );
        let (y0, y1) = (
            upper_left.1.min(bottom_right.1),
            upper_left.1.max(bottom_right.1),
        );
        self.out.push_str("<rect x=\"");
        push_num(self.out, f64::from(x0) / SCALE);
        self.out.push_str("\" y=\"");
        push_num(self.out, f64::from(y0) / SCALE);
        self.out.push_str("\" width=\"");
        push_num(self.out, f64::from(x1 - x0) / SCALE);
        self.out.push_str("\" height=\"");
        push_num(self.out, f64::from(y1 - y0) / SCALE);
        self.out.push_str("\"/>");
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        _style: &S,
    ) -> Result {
        let start = self.out.len();
        self.out.push_str("<path d=\"");
        if self.path_data(path) < 2 {
            self.out.truncate(start);
            return Ok(());
        }
        self.out.push_str("\"/>");
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        _style: &S,
        _fill: bool,
    ) -> Result {
        self.out.push_str("<circle cx=\"");
        push_num(self.out, f64::from(center.0) / SCALE);
        self.out.push_str("\" cy=\"");
        push_num(self.out, f64::from(center.1) / SCALE);
        self.out.push_str("\" r=\"");
        push_num(self.out, f64::from(radius) / SCALE);
        self.out.push_str("\"/>");
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        _style: &S,
    ) -> Result {
        let start = self.out.len();
        self.out.push_str("<path d=\"");
        if self.path_data(vert) < 3 {
            self.out.truncate(start);
            return Ok(());
        }
        self.out.push_str("Z\"/>");
        Ok(())
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        _text: &str,
        _style: &TStyle,
        _pos: BackendCoord,
    ) -> Result {
        // Text is laid out and written by the chart modules (they measure with embedded Open Sans
        // metrics, wrap, rotate and escape); plotters' own text drawing is not used.
        Ok(())
    }
}

//! What line and scatter panels share: framing numeric or category x values.

use super::axis::Framing;
use super::cartesian::{AxisInput, Frame};
use super::layout::Rect;
use crate::spec::{Panel, Series, XValues};

/// The panel's categories when its x values are names (first series' order, then new names
/// in order of appearance), or `None` for numeric x.
pub fn categories(panel: &Panel) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut any = false;
    for s in &panel.series {
        if let XValues::Categories(c) = &s.x {
            any = true;
            for name in c {
                if !out.contains(name) {
                    out.push(name.clone());
                }
            }
        }
    }
    any.then_some(out)
}

/// The x coordinate of each point of `series`: its number, or its category's band centre.
pub fn x_positions(series: &Series, categories: Option<&[String]>) -> Vec<f64> {
    match (&series.x, categories) {
        (XValues::Numbers(n), None) => n.clone(),
        (XValues::Categories(c), Some(all)) => c
            .iter()
            .map(|name| all.iter().position(|a| a == name).unwrap_or(0) as f64 + 0.5)
            .collect(),
        // Mixed numeric and category series: place numbers by index.
        (XValues::Numbers(n), Some(_)) => (0..n.len()).map(|i| i as f64 + 0.5).collect(),
        (XValues::Categories(c), None) => (0..c.len()).map(|i| i as f64).collect(),
    }
}

fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// Lays out the frame for a line or scatter panel. `pad` is the fraction of the data span
/// added around the data (markers need room; lines run edge to edge in x).
pub fn frame(panel: &Panel, area: Rect, cats: Option<&[String]>, x_pad: f64, y_pad: f64) -> Frame {
    let (ylo, yhi) = extent(panel.series.iter().flat_map(|s| s.y.iter().copied()));
    let y = AxisInput::Value {
        lo: ylo,
        hi: yhi,
        framing: Framing {
            include_zero: false,
            snap_to_ticks: y_pad == 0.0,
            pad: y_pad,
        },
    };
    match cats {
        Some(c) => Frame::layout(
            area,
            panel.title.as_deref(),
            AxisInput::Band(c),
            &panel.x_axis,
            y,
            &panel.y_axis,
        ),
        None => {
            let (xlo, xhi) = extent(panel.series.iter().flat_map(|s| x_positions(s, None)));
            let x = AxisInput::Value {
                lo: xlo,
                hi: xhi,
                framing: Framing {
                    include_zero: false,
                    snap_to_ticks: false,
                    pad: x_pad,
                },
            };
            Frame::layout(
                area,
                panel.title.as_deref(),
                x,
                &panel.x_axis,
                y,
                &panel.y_axis,
            )
        }
    }
}

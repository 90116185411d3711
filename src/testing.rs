//! Not API: what the integration tests need to measure output as the renderer lays it out, and
//! the limits the worst-case test builds its cases from. Hidden from the documentation and free
//! to change in any release.

pub use crate::render::font::{Weight, ascent, descent, text_width};

/// The chart language's limits (`crate::chart::limits` and the error list's), for tests that
/// build cases at them.
pub mod limits {
    pub use crate::chart::limits::{
        MAX_ANNOTATIONS, MAX_BINS, MAX_BLOCK_BYTES, MAX_FIGURE_POINTS, MAX_FILE_ROWS,
        MAX_HEAT_CELLS, MAX_HEAT_SIDE, MAX_LABELS, MAX_MARKS, MAX_PANELS, MAX_POINTS,
        MAX_REFERENCES, MAX_SERIES, MAX_TEXT_CHARS,
    };
    pub use crate::diagnostic::MAX_ERRORS_PER_BLOCK;
}

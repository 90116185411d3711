//! Not API: what the integration tests need to measure output as the renderer lays it out, and
//! the limits the worst-case test builds its cases from. Hidden from the documentation and free
//! to change in any release.

pub use crate::render::font::{Weight, ascent, descent, text_width};

/// The chart language's limits (`crate::chart::limits` and the error list's), for tests that
/// build cases at them.
pub mod limits {
    use crate::chart::limits as l;

    /// Most values one array written in a block may hold.
    pub const MAX_POINTS: usize = l::MAX_POINTS;
    /// Most points written in the block one figure may hold.
    pub const MAX_FIGURE_POINTS: usize = l::MAX_FIGURE_POINTS;
    /// Most rows read from a data file.
    pub const MAX_FILE_ROWS: usize = l::MAX_FILE_ROWS;
    /// Largest chart block read.
    pub const MAX_BLOCK_BYTES: usize = l::MAX_BLOCK_BYTES;
    /// Most panels one figure may hold.
    pub const MAX_PANELS: usize = l::MAX_PANELS;
    /// Most series one panel may hold.
    pub const MAX_SERIES: usize = l::MAX_SERIES;
    /// Most point labels one panel may hold.
    pub const MAX_LABELS: usize = l::MAX_LABELS;
    /// Most annotations one panel may hold.
    pub const MAX_ANNOTATIONS: usize = l::MAX_ANNOTATIONS;
    /// Most reference lines one panel may hold.
    pub const MAX_REFERENCES: usize = l::MAX_REFERENCES;
    /// Most bins a histogram draws.
    pub const MAX_BINS: usize = l::MAX_BINS;
    /// Most rows, and most columns, of a heatmap.
    pub const MAX_HEAT_SIDE: usize = l::MAX_HEAT_SIDE;
    /// Most cells of a given heatmap matrix.
    pub const MAX_HEAT_CELLS: usize = l::MAX_HEAT_CELLS;
    /// Percentiles a histogram or CDF panel may mark.
    pub const MAX_MARKS: usize = l::MAX_MARKS;
    /// Longest text value, in characters.
    pub const MAX_TEXT_CHARS: usize = l::MAX_TEXT_CHARS;
    /// Most errors reported for one block.
    pub const MAX_ERRORS_PER_BLOCK: usize = crate::diagnostic::MAX_ERRORS_PER_BLOCK;
}

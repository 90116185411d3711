//! The chart language's size limits, checked while reading so that nothing beyond them reaches
//! the expensive work. Those that are `pub` are re-exported by `testing::limits` for the tests
//! that build cases at them.

use crate::diagnostic::BlockError;

/// Longest text value (a title, a name, a label), in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// Most values one array written in a chart block may hold (a series' points, its labels,
/// sizes, …): larger data belongs in a data file.
pub const MAX_POINTS: usize = 10_000;
/// Most rows read from a data file, so most points of a series whose values come from one.
pub const MAX_FILE_ROWS: usize = 1_000_000;
/// Most cells (rows × columns) read from a data file: each costs 8 bytes in memory, text cells
/// their text and 8 bytes more.
pub(crate) const MAX_FILE_CELLS: usize = 4_000_000;
/// Largest CSV or TSV data file. It is read as a stream: memory grows with the cells kept, not
/// with the file.
pub(crate) const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest JSON data file: it is parsed into a tree first, which costs up to about 100 bytes
/// of memory per byte of a file of short records (`[1],` is 4 bytes and two values).
pub(crate) const MAX_JSON_BYTES: u64 = 1024 * 1024;
/// Most values one figure takes from data files: the rows of every column it reads (`x`, `y`,
/// `sizes`, `color-values`, `labels`, …) added up, counted before each column is copied out.
pub(crate) const MAX_FIGURE_FILE_VALUES: usize = 2_000_000;
/// Most rows of a data column read as text (categories, labels): every cell becomes a string.
/// Numbers and times are read up to [`MAX_FILE_ROWS`].
pub(crate) const MAX_TEXT_ROWS: usize = MAX_POINTS;
/// Largest chart block read: parsing is linear but not free, and larger data belongs in a data
/// file. Checked before parsing, so an oversized block is rejected at once.
pub const MAX_BLOCK_BYTES: usize = 512 * 1024;
/// Most point labels one panel may hold (placement avoids every other label).
pub const MAX_LABELS: usize = 500;
/// Most points written in the block one figure may hold, all panels and series together: more
/// could not be written within `render`'s SVG size limit anyway, and is refused before
/// it is drawn. Points from data files count against `MAX_FIGURE_FILE_VALUES` instead.
pub const MAX_FIGURE_POINTS: usize = 100_000;
/// Most point labels one figure may hold (small panels crowd labels: placement gets slower).
pub(crate) const MAX_FIGURE_LABELS: usize = 1_000;
/// Most slices one pie may have.
pub(crate) const MAX_SLICES: usize = 1_000;
/// Most annotations one panel may hold.
pub const MAX_ANNOTATIONS: usize = 100;
/// Most reference lines one panel may hold.
pub const MAX_REFERENCES: usize = 50;
/// The most bins a histogram draws (a `bin-width` that would make more is an error).
pub const MAX_BINS: usize = 1000;
/// Most rows, and most columns, of a heatmap (a given `z`, `x-bins`, `y-bins`, and the
/// automatic bins): at most 200 × 200 cells are drawn.
pub const MAX_HEAT_SIDE: usize = 200;
/// Most cells of a given heatmap matrix (200 × 50, 100 × 100, …), so that its SVG stays well
/// under the figure's size limit. (Samples draw only non-empty cells: at most one per sample.)
pub const MAX_HEAT_CELLS: usize = 10_000;
/// Most outliers a box plot draws per box (the data table lists them all).
pub(crate) const MAX_OUTLIERS_DRAWN: usize = 200;
/// Smallest drawing width (`width`, in CSS pixels): room for a panel's axes and some plot.
pub(crate) const MIN_WIDTH: f64 = 120.0;
/// Smallest drawing height (`height`), written or derived (a pie's default height follows its
/// width, but not below this).
pub(crate) const MIN_HEIGHT: f64 = 100.0;
/// Largest drawing width and height.
pub(crate) const MAX_SIZE: f64 = 4000.0;
/// Percentiles a histogram or CDF panel may mark.
pub const MAX_MARKS: usize = 20;

/// The message for a block of `len` bytes over [`MAX_BLOCK_BYTES`].
pub(crate) fn block_size_message(len: usize) -> String {
    format!(
        "the chart block is {len} bytes; at most {MAX_BLOCK_BYTES} bytes ({} KiB) are read (put large data in a data file: data = \"file.csv\")",
        MAX_BLOCK_BYTES / 1024
    )
}

/// Rejects a block larger than [`MAX_BLOCK_BYTES`].
pub(crate) fn check_block_size(text: &str) -> Result<(), BlockError> {
    if text.len() > MAX_BLOCK_BYTES {
        return Err(BlockError::at("", 0..0, block_size_message(text.len())));
    }
    Ok(())
}

/// What a coordinate may be, for messages.
pub(crate) const COORDINATE: &str = "a finite number between -1e300 and 1e300 (data units)";

/// A coordinate that can be drawn.
pub(crate) fn finite(v: f64) -> bool {
    v.is_finite() && v.abs() <= super::fields::MAX_MAGNITUDE
}

/// Most panels one figure may hold.
pub const MAX_PANELS: usize = 12;
/// Most series one panel may hold.
pub const MAX_SERIES: usize = 64;

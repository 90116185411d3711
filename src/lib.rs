//! # mdbook-svg-charts
//!
//! An mdBook preprocessor that turns fenced `chart` blocks (TOML) into static, theme-aware,
//! accessible inline SVG at build time. The binary `mdbook-svg-charts` is what books use; this
//! library is the same code for embedding and testing.
//!
//! ## Public API
//!
//! | item | what it does |
//! |---|---|
//! | [`render_standalone`], [`render_standalone_in`] | one chart block (TOML) → a standalone SVG document, or a located [`ChartError`] |
//! | [`process_chapter`], [`process_chapter_in`] → [`ChapterOutput`] | every chart fence of one chapter's Markdown → the chapter with one line of HTML per chart |
//! | [`SvgCharts`], [`NAME`] | the in-process [`Preprocessor`](mdbook_preprocessor::Preprocessor) for `mdbook-driver`, and its name (`svg-charts`, the `[preprocessor.svg-charts]` table) |
//! | [`protocol`] | the JSON protocol the binary speaks with mdBook (`[context, book]` in, book out): `run` → `Outcome`, `Reply`, `Summary`, `ProtocolError`, `TESTED_MDBOOK` |
//! | [`Config`], [`OnError`], [`ConfigError`] | the `[preprocessor.svg-charts]` table of `book.toml` |
//! | [`DataContext`] | where a chart's data files are looked up, and the directory they may not leave |
//! | [`ChartError`] | a bad chart, located: `FILE:LINE:COL: error: `key`: message` |
//! | [`markdown`]: [`find_chart_fences`](markdown::find_chart_fences) → [`ChartFence`](markdown::ChartFence), [`splice`](markdown::splice), [`may_contain_chart`](markdown::may_contain_chart), [`markdown_options`](markdown::markdown_options) | where the chart fences of a chapter are, as mdBook's Markdown parser (with its options) sees them; writing replacements back |
//! | [`commands`]: `check`, `install` (`edit`, `Installed`, `STYLESHEET`), `render`, `preprocess`, `schema`, [`models`](commands::models), [`CommandError`](commands::CommandError) | the command-line tools, as the binary runs them |
//!
//! `testing` is public but hidden: text metrics the integration tests use, not API.
//!
//! Everything else is private to the crate. Public types that will grow are `#[non_exhaustive]`.
//!
//! ## How it works
//!
//! A one-way pipeline, one module per stage: `markdown` (find chart fences) → `chart` (TOML →
//! typed chart, asking `data` for columns and `models` for parameter tables through traits it
//! defines) → `models` (series from formulas) → `render` (layout and SVG) → back into the
//! chapter as one line of HTML. `pipeline` is the one place that runs the stages in order.
//! `ARCHITECTURE.md` draws the module graph and lists the invariants.

#![warn(unreachable_pub)]

mod chart;
pub mod commands;
mod config;
mod data;
mod diagnostic;
mod format;
mod includes;
pub mod markdown;
mod models;
mod pipeline;
mod preprocessor;
mod render;
mod stats;
mod suggest;
#[doc(hidden)]
pub mod testing;
mod textfile;
mod time;

pub use config::{Config, ConfigError, OnError};
pub use data::DataContext;
pub use diagnostic::ChartError;
pub use pipeline::chapter::{ChapterOutput, process_chapter, process_chapter_in};
pub use preprocessor::{NAME, SvgCharts, protocol};

/// Renders one chart block (the TOML of a `chart` fence) to a standalone SVG document, with the
/// default settings. Errors are located in `text` and name the file `<chart>`; a block that names
/// a data file gets an error (see [`render_standalone_in`]).
pub fn render_standalone(text: &str) -> Result<String, ChartError> {
    pipeline::render_standalone(text, "<chart>", None)
}

/// [`render_standalone`] for a chart read from `file` (the name errors give), with its data files
/// looked up through `data`.
pub fn render_standalone_in(
    text: &str,
    file: &str,
    data: Option<&DataContext>,
) -> Result<String, ChartError> {
    pipeline::render_standalone(text, file, data)
}

//! # mdbook-svg-charts
//!
//! An mdBook preprocessor that turns fenced `chart` blocks (TOML) into static, theme-aware,
//! accessible inline SVG at build time. The crate is a pipeline, one module per stage:
//!
//! `preprocessor` (mdBook protocol, config) → [`markdown`] (find chart fences) → [`spec`] (TOML →
//! typed chart) → [`render`] (layout and SVG) → back into the chapter as one line of HTML.
//!
//! See `ARCHITECTURE.md` for the codemap and invariants.

pub mod commands;
pub mod data;
pub mod markdown;
pub mod model;
pub mod preprocessor;
pub mod render;
pub mod spec;

pub use preprocessor::{Config, ConfigError, OnError, SvgCharts};

/// An error from [`render_standalone`], located in the chart text.
#[derive(Clone, Debug, PartialEq)]
pub struct StandaloneError {
    /// 1-based line in the chart text.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The error.
    pub error: spec::SpecError,
}

impl std::fmt::Display for StandaloneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for StandaloneError {}

/// Renders one chart spec (the TOML of a `chart` block) to a standalone SVG document.
pub fn render_standalone(text: &str) -> Result<String, StandaloneError> {
    render_standalone_in(text, None)
}

/// [`render_standalone`] with a place to find data files.
pub fn render_standalone_in(
    text: &str,
    data: Option<&data::DataContext>,
) -> Result<String, StandaloneError> {
    let figure = data::load_for(text, data)
        .and_then(|loaded| spec::parse_with_data(text, &spec::ParseOptions::default(), &loaded))
        .and_then(|mut f| model::apply(&mut f).map(|()| f))
        .map_err(|error| {
            let at = error.span.as_ref().map_or(0, |s| s.start).min(text.len());
            let before = text.get(..at).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            StandaloneError {
                line,
                column,
                error,
            }
        })?;
    let svg = render::svg(
        &figure,
        &render::RenderOptions {
            id: "chart",
            palette: render::DEFAULT_PALETTE,
            data_table: false,
        },
    );
    match render::too_large(svg.len()) {
        Some(message) => Err(StandaloneError {
            line: 1,
            column: 1,
            error: spec::SpecError {
                key: String::new(),
                message,
                span: None,
            },
        }),
        None => Ok(svg),
    }
}

//! Not API: what the integration tests need to measure output as the renderer lays it out.
//! Hidden from the documentation and free to change in any release.

pub use crate::render::font::{Weight, ascent, descent, text_width};

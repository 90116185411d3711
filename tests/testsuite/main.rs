//! The integration tests of `mdbook-svg-charts`: one test binary, one module per area. They use
//! the library's public API and the built binary only.
//!
//! ```sh
//! cargo test --test testsuite                      # all of them
//! cargo test --test testsuite -- protocol::        # one module
//! cargo test --release --test testsuite -- --ignored --nocapture limits   # timing report
//! ```

mod common;

mod architecture;
mod commands;
mod data_files;
mod distributions;
mod edge_cases;
mod frame;
mod heatmap_box;
mod include_agreement;
mod injection;
mod limits;
mod lines;
mod mdbook_build;
mod models;
mod properties;
mod protocol;
mod protocol_books;
mod render;
mod schema;
mod seed_figures;
mod uncertainty;
mod workflows;
mod worst_cases;

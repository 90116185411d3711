//! The JSON protocol mdBook speaks with a preprocessor binary.
//!
//! mdBook writes `[context, book]` to stdin and reads the book back from stdout. mdBook 0.5
//! sends `{"items": [...]}`; 0.4 sends `{"sections": [...], "__non_exhaustive": null}` and
//! rejects a reply without that key. We work on the JSON tree itself rather than on typed
//! structs: only `content` strings of chapters with a chart fence are touched, so any shape
//! and any unknown field goes back exactly as it came, and chart-free books cost little more
//! than reading and writing the JSON.

use std::fmt;

use serde_json::Value;
use serde_json::value::RawValue;

use super::{NAME, display_path, process_all, source_dir};
use crate::config::{Config, ConfigError, OnError};

pub use super::Summary;

/// mdBook versions this release was tested with; others get a warning, not a failure.
pub const TESTED_MDBOOK: &str = ">=0.4.40, <0.6.0";

/// Why a run failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ProtocolError {
    /// stdin was not `[context, book]` JSON.
    Input(String),
    /// `[preprocessor.svg-charts]` is wrong.
    Config(ConfigError),
    /// Writing the reply failed.
    Output(std::io::Error),
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::Input(m) => write!(f, "invalid input from mdbook: {m}"),
            ProtocolError::Config(e) => e.fmt(f),
            ProtocolError::Output(e) => write!(f, "could not write the book to stdout: {e}"),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// A warning for the log when the calling mdBook is outside the tested range.
pub(crate) fn version_warning(version: &str) -> Option<String> {
    let req = semver::VersionReq::parse(TESTED_MDBOOK).ok()?;
    match semver::Version::parse(version) {
        Ok(v) if req.matches(&v) => None,
        Ok(v) => Some(format!(
            "warning: mdbook {v} is outside the versions mdbook-svg-charts was tested with ({TESTED_MDBOOK}); continuing"
        )),
        Err(_) => Some(format!(
            "warning: cannot read the mdbook version {version:?}; continuing"
        )),
    }
}

/// A chapter's `content` to process: where it is in the tree and what to call it.
struct ContentSlot<'a> {
    content: &'a mut Value,
    file: String,
    source: Option<String>,
}

fn collect<'a>(items: &'a mut Value, src: &str, jobs: &mut Vec<ContentSlot<'a>>) {
    let Some(items) = items.as_array_mut() else {
        return;
    };
    for item in items {
        let Some(ch) = item.get_mut("Chapter").and_then(Value::as_object_mut) else {
            continue;
        };
        // Draft chapters (no path) have no content to render.
        let draft = ch.get("path").is_none_or(Value::is_null);
        let name = ch
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let source = ch
            .get("source_path")
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut sub = None;
        let mut content = None;
        for (k, v) in ch.iter_mut() {
            match k.as_str() {
                "sub_items" => sub = Some(v),
                "content" if !draft && v.is_string() => content = Some(v),
                _ => {}
            }
        }
        if let Some(content) = content
            && content
                .as_str()
                .is_some_and(crate::markdown::may_contain_chart)
        {
            jobs.push(ContentSlot {
                content,
                file: display_path(src, source.as_deref(), &name),
                source: source.clone(),
            });
        }
        if let Some(sub) = sub {
            collect(sub, src, jobs);
        }
    }
}

/// Runs the preprocessor over `[context, book]` JSON. Warnings and chart errors are returned
/// for the caller to print; nothing is printed here.
pub fn run(input: &str) -> Result<Outcome<'_>, ProtocolError> {
    // The book is first kept as raw JSON: a book without the word "chart" anywhere is returned
    // as the very bytes it came in, without building (or writing) a JSON tree for it.
    let pair: Vec<&RawValue> =
        serde_json::from_str(input).map_err(|e| ProtocolError::Input(e.to_string()))?;
    if pair.len() != 2 {
        return Err(ProtocolError::Input(format!(
            "expected a JSON array [context, book], found an array of {} element(s)",
            pair.len()
        )));
    }
    let context: Value =
        serde_json::from_str(pair[0].get()).map_err(|e| ProtocolError::Input(e.to_string()))?;
    let raw_book = pair[1].get();
    let mut warnings = Vec::new();
    match context.get("mdbook_version").and_then(Value::as_str) {
        Some(v) => warnings.extend(version_warning(v)),
        None => warnings.push("warning: mdbook did not say its version; continuing".into()),
    }
    let cfg = context.get("config");
    let table = cfg
        .and_then(|c| c.get("preprocessor"))
        .and_then(|p| p.get(NAME));
    let mut config = Config::from_json(table).map_err(ProtocolError::Config)?;
    if let Some(v) = context.get("mdbook_version").and_then(Value::as_str) {
        config.markdown = crate::markdown::Dialect::of_version(v);
    }
    if let Some(renderer) = context.get("renderer").and_then(Value::as_str) {
        config = config.for_renderer(renderer);
    }
    let src = source_dir(cfg);
    let shaped = raw_book.starts_with('{')
        && (memchr::memmem::find(raw_book.as_bytes(), b"\"items\"").is_some()
            || memchr::memmem::find(raw_book.as_bytes(), b"\"sections\"").is_some());
    if shaped && !crate::markdown::may_contain_chart(raw_book) {
        return Ok(Outcome {
            reply: Some(Reply::Unchanged(raw_book)),
            summary: Summary::default(),
            warnings,
        });
    }
    let mut book: Value =
        serde_json::from_str(raw_book).map_err(|e| ProtocolError::Input(e.to_string()))?;

    let mut jobs = Vec::new();
    {
        let Some(obj) = book.as_object_mut() else {
            return Err(ProtocolError::Input("the book is not a JSON object".into()));
        };
        let key = if obj.contains_key("items") {
            "items"
        } else {
            "sections"
        };
        match obj.get_mut(key) {
            Some(items) if items.is_array() => collect(items, &src, &mut jobs),
            _ => {
                return Err(ProtocolError::Input(
                    "the book has neither `items` (mdbook 0.5) nor `sections` (mdbook 0.4)".into(),
                ));
            }
        }
    }
    let root = context
        .get("root")
        .and_then(Value::as_str)
        .map(std::path::PathBuf::from);
    // One data context for the book: every chapter's shares its file cache.
    let book_data = root
        .as_deref()
        .map(|r| crate::data::DataContext::new(r, r).with_source_dir(r.join(&src)));
    let inputs: Vec<super::ChapterJob<'_>> = jobs
        .iter()
        .enumerate()
        .map(|(seq, j)| super::ChapterJob {
            content: j.content.as_str().unwrap_or(""),
            file: j.file.clone(),
            seq,
            data: book_data
                .as_ref()
                .and_then(|b| super::data_context(b, &src, j.source.as_deref())),
        })
        .collect();
    let outputs = process_all(&inputs, &config);
    drop(inputs);
    let mut summary = Summary::default();
    for (job, mut out) in jobs.into_iter().zip(outputs) {
        if let (Some(root), Some(source), Some(received)) =
            (root.as_deref(), job.source.as_deref(), job.content.as_str())
        {
            super::relocate_errors(&mut out, received, root, &src, source, &job.file);
        }
        summary.charts += out.charts;
        summary.errors.extend(out.errors);
        if let Some(c) = out.content {
            summary.chapters += 1;
            *job.content = Value::String(c);
        }
    }
    let failed = config.on_error == OnError::Fail && !summary.errors.is_empty();
    let reply = (!failed).then_some(Reply::Changed(book));
    Ok(Outcome {
        reply,
        summary,
        warnings,
    })
}

/// The book to send back.
#[derive(Debug)]
#[non_exhaustive]
pub enum Reply<'a> {
    /// No chapter could hold a chart: the book exactly as it came.
    Unchanged(&'a str),
    /// The book with its chart blocks replaced.
    Changed(Value),
}

impl Reply<'_> {
    /// Writes the reply as JSON (streamed: no second copy of the book in memory).
    pub fn write_to(&self, out: impl std::io::Write) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
        match self {
            Reply::Unchanged(raw) => out.write_all(raw.as_bytes())?,
            Reply::Changed(book) => {
                serde_json::to_writer(&mut out, book).map_err(std::io::Error::other)?
            }
        }
        out.flush()
    }

    /// The reply as a JSON string (for tests and callers that want it in memory).
    pub fn into_string(self) -> String {
        match self {
            Reply::Unchanged(raw) => raw.to_string(),
            Reply::Changed(book) => book.to_string(),
        }
    }
}

/// The result of a run.
#[derive(Debug)]
#[non_exhaustive]
pub struct Outcome<'a> {
    /// The book to write to stdout; `None` when charts failed under `on-error = "fail"`.
    pub reply: Option<Reply<'a>>,
    /// Totals and chart errors.
    pub summary: Summary,
    /// Warnings to print (version mismatch).
    pub warnings: Vec<String>,
}

//! One chart block to one line of HTML, or one located error. This is the only place where the
//! stages are called in order — read the block (with data files and the model catalogue) →
//! evaluate models → lay out and write SVG — and where a panic while doing so is caught. The
//! preprocessor, `check` and `render` all come through [`render_block`]; [`chapter`] does the
//! same for every chart fence of a chapter.

pub(crate) mod chapter;
mod guard;

use crate::chart::{self, Sources};
use crate::config::Config;
use crate::data::{BlockFiles, DataContext};
use crate::diagnostic::{BlockError, ChartError};
use crate::render::{self, RenderOptions};

/// One chart block and where it came from.
pub(crate) struct Block<'a> {
    /// The block's TOML (a fence's body, or a chart file).
    pub text: &'a str,
    /// Its full length in bytes (a fence keeps only the first MiB of a larger body in `text`).
    pub len: usize,
    /// The file errors name.
    pub file: &'a str,
    /// Maps a byte offset in `text` to a line and column in `file` (`None`: the block's start).
    pub position: &'a dyn Fn(Option<usize>) -> (usize, usize),
    /// The text those lines are counted in (the chapter, or the chart file), for the snippet
    /// under an error message.
    pub source: Option<&'a str>,
    /// Where its data files are found; `None` where there are none to find.
    pub data: Option<&'a DataContext>,
}

/// What to make of a block.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Output<'a> {
    /// The `<figure>` line that replaces a fence (with the data table when configured); `id`
    /// prefixes every id in it and must be unique in the book.
    Figure { id: &'a str },
    /// A standalone SVG document (ids prefixed `chart`, no data table).
    Svg,
}

/// The message shown when drawing a chart panicked.
pub(crate) const INTERNAL_ERROR: &str =
    "internal error while drawing this chart (please report it with the chart block)";

/// Renders one block, or says exactly where and why it cannot be rendered.
pub(crate) fn render_block(
    block: &Block<'_>,
    config: &Config,
    output: Output<'_>,
) -> Result<String, ChartError> {
    render_block_with(block, config, output, render_figure)
}

/// A chart file (or a block on its own) to a standalone SVG with the default settings, its
/// errors located in `text`.
pub(crate) fn render_standalone(
    text: &str,
    file: &str,
    data: Option<&DataContext>,
) -> Result<String, ChartError> {
    let position = |at: Option<usize>| crate::diagnostic::line_col(text, at.unwrap_or(0));
    let block = Block {
        text,
        len: text.len(),
        file,
        position: &position,
        source: Some(text),
        data,
    };
    render_block(&block, &Config::default(), Output::Svg)
}

/// [`render_block`] with the drawing step given (tests pass one that panics).
fn render_block_with(
    block: &Block<'_>,
    config: &Config,
    output: Output<'_>,
    draw: fn(&chart::Figure, &Config, Output<'_>) -> String,
) -> Result<String, ChartError> {
    let at_start = || ChartError::new(block.file, (block.position)(None), String::new());
    if block.len > chart::limits::MAX_BLOCK_BYTES {
        return Err(ChartError {
            message: chart::limits::block_size_message(block.len),
            ..at_start()
        });
    }
    let files = block.data.map(BlockFiles::new);
    let sources = Sources {
        files: files.as_ref().map(|f| f as &dyn chart::columns::DataFiles),
        models: &crate::models::CATALOG,
    };
    let result = guard::catch(|| -> Result<String, Vec<BlockError>> {
        let mut figure = chart::read(block.text, &config.parse, sources)?;
        crate::models::apply(&mut figure).map_err(|e| vec![e])?;
        let out = draw(&figure, config, output);
        match render::too_large(out.len()) {
            Some(message) => Err(vec![BlockError::whole(message)]),
            None => Ok(out),
        }
    });
    match result {
        Some(Ok(out)) => Ok(out),
        Some(Err(errors)) => {
            let mut located = errors
                .into_iter()
                .map(|e| e.locate(block.file, block.position, block.source));
            let mut first = located.next().unwrap_or_else(|| ChartError {
                message: "the chart could not be read".into(),
                ..at_start()
            });
            first.following = located.collect();
            Err(first)
        }
        None => Err(ChartError {
            message: INTERNAL_ERROR.into(),
            ..at_start()
        }),
    }
}

/// The drawing step: the figure as the requested output.
fn render_figure(figure: &chart::Figure, config: &Config, output: Output<'_>) -> String {
    match output {
        Output::Figure { id } => render::figure_html(
            figure,
            &RenderOptions {
                id,
                palette: &config.palette,
                data_table: config.data_table,
                link_files: config.link_data_files,
                every_point: false,
            },
        ),
        Output::Svg => render::svg_document(
            figure,
            &RenderOptions {
                id: "chart",
                palette: &config.palette,
                data_table: false,
                link_files: true,
                every_point: false,
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panics(_: &chart::Figure, _: &Config, _: Output<'_>) -> String {
        panic!("a bug while drawing")
    }

    #[test]
    fn a_panic_while_drawing_is_a_located_error() {
        let text = "type = \"bar\"\ny = [1, 2]\n";
        let position = |at: Option<usize>| at.map_or((7, 1), |o| (7 + o, 2));
        let block = Block {
            text,
            len: text.len(),
            file: "src/a.md",
            position: &position,
            source: None,
            data: None,
        };
        for output in [Output::Svg, Output::Figure { id: "x" }] {
            let e = render_block_with(&block, &Config::default(), output, panics).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("src/a.md:7:1: error: {INTERNAL_ERROR}")
            );
        }
        // The same block without the injected bug renders.
        assert!(render_block(&block, &Config::default(), Output::Svg).is_ok());
    }

    #[test]
    fn errors_are_located_through_the_position_map() {
        let text = "type = \"bar\"\ny = [1, \"x\"]\n";
        let position =
            |at: Option<usize>| at.map_or((1, 1), |o| crate::diagnostic::line_col(text, o));
        let block = Block {
            text,
            len: text.len(),
            file: "c.toml",
            position: &position,
            source: None,
            data: None,
        };
        let e = render_block(&block, &Config::default(), Output::Svg).unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.toml:2:9: error: `y[1]`: expected a number, found a string"
        );
    }

    fn standalone_errors(text: &str) -> Vec<String> {
        let e = render_standalone(text, "c.toml", None).unwrap_err();
        e.to_string().lines().map(str::to_string).collect()
    }

    #[test]
    fn every_error_of_a_block_in_source_order() {
        let text = "type = \"bar\"\nx = [\"a\", \"b\"]\ny = [1, 2]\nwidth = 5\ncolors = [\"nope\"]\n\ntitel = \"x\"\n[y-axis]\nformat = \"roman\"\n";
        assert_eq!(
            standalone_errors(text),
            [
                "c.toml:4:9: error: `width`: expected a number from 120 to 4000, found 5",
                "c.toml:5:11: error: `colors[0]`: expected a colour like \"#3498db\", \"#39d\" or \"steelblue\", found \"nope\"",
                "c.toml:7:1: error: `titel`: unknown key; did you mean `title`?",
                "c.toml:9:10: error: `y-axis.format`: expected one of \"auto\", \"plain\", \"percent\", found \"roman\"",
            ]
        );
    }

    #[test]
    fn a_wrong_required_value_is_reported_once() {
        assert_eq!(
            standalone_errors("type = \"bars\"\ny = [1]\n"),
            [
                "c.toml:1:8: error: `type`: expected one of \"bar\", \"line\", \"scatter\", \"pie\", \"histogram\", \"cdf\", \"heatmap\", \"box\", found \"bars\" (did you mean \"bar\"?)"
            ]
        );
    }

    #[test]
    fn at_most_ten_errors_a_block() {
        let text: String = std::iter::once("type = \"bar\"\ny = [1]\n".to_string())
            .chain((0..30).map(|i| format!("unknown{i} = 1\n")))
            .collect();
        let lines = standalone_errors(&text);
        assert_eq!(lines.len(), crate::diagnostic::MAX_ERRORS_PER_BLOCK);
        assert!(
            lines[0].starts_with("c.toml:3:1: error: `unknown0`"),
            "{lines:?}"
        );
    }

    #[test]
    fn the_first_toml_mistake_is_the_one_reported() {
        // The unclosed string on line 1 makes the array on line 2 look unclosed too.
        assert_eq!(
            standalone_errors("title = \"x\ny = [1,\n2\n"),
            ["c.toml:1:11: error: invalid TOML: invalid basic string, expected `\"`"]
        );
    }

    #[test]
    fn an_oversized_block_is_refused_before_reading() {
        let position = |_: Option<usize>| (3, 1);
        let block = Block {
            text: "not even TOML",
            len: chart::limits::MAX_BLOCK_BYTES + 1,
            file: "src/a.md",
            position: &position,
            source: None,
            data: None,
        };
        let e = render_block(&block, &Config::default(), Output::Svg).unwrap_err();
        assert_eq!(
            e.to_string(),
            "src/a.md:3:1: error: the chart block is 524289 bytes; at most 524288 bytes (512 KiB) are read (put large data in a data file: data = \"file.csv\")"
        );
        assert!(e.following.is_empty(), "one error, nothing parsed");
    }
}

//! `{{#include}}` and mdBook's other link directives: a chapter expanded exactly as the build
//! expands it, and a map from the expanded text back to the files the author edits.
//!
//! mdBook's `links` preprocessor runs before ours (`after = ["links"]`), so a chart can reach a
//! chapter through `{{#include FILE}}`, a line range (`FILE:9:14`, `FILE:9:`, `FILE::14`,
//! `FILE:5`), an anchor (`FILE:name`), `{{#rustdoc_include …}}` or `{{#playground …}}`, nested,
//! inside a fence or outside one. Two jobs, kept apart:
//!
//! * [`expand`] makes the text: it runs mdBook's own `LinkPreprocessor` on an in-memory book of
//!   one chapter, so `check` sees byte for byte what the build renders.
//! * [`SourceMap`] says where each byte of that text came from. mdBook does not tell, so
//!   [`SourceMap::new`] replays the expansion while recording, for every piece, the file and
//!   offset it was copied from, and keeps the record only when the replay reproduces mdBook's
//!   text exactly. When it does not (a form the replay gets wrong, a file changed in between),
//!   there is no map and callers keep the location in the expanded chapter: a location is either
//!   right or not given, never wrong.
//!
//! # Decisions
//!
//! * **File names.** An included file is named from the name of the file that includes it: its
//!   directory joined with the directive's path, `.` and `..` resolved without the disk
//!   (`src/guide/a.md` including `../parts.txt` names `src/parts.txt`).
//! * **Lines and columns** are 1-based, columns count characters and a leading BOM is not counted,
//!   as in [`crate::markdown`]. mdBook drops the `\r` of included lines (it splits them with
//!   `str::lines`), which does not move a column. Text mdBook makes up stands for the place it
//!   comes from: the line break joining two included lines is the end of the first, the `# ` of a
//!   hidden `rustdoc_include` line is the start of that line, and the fence lines `playground`
//!   writes are its directive.
//! * **Data files** named by an included chart (`data = "x.csv"`) are relative to the *chapter*,
//!   not to the included file, in `check` as in the build: `{{#include}}` is a textual insertion
//!   (mdBook's docs), so the build only ever sees the expanded chapter and where it lives.

use std::path::{Path, PathBuf};

use mdbook_driver::builtin_preprocessors::LinkPreprocessor;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

use crate::diagnostic::{ChartError, line_col, offset_of};

mod directives;
mod replay;

use replay::{Replay, Traced};

/// mdBook's limit on nested includes (`MAX_LINK_NESTED_DEPTH` in its `links` preprocessor).
const MAX_DEPTH: usize = 10;

/// Whether `text` may hold a link directive: every one contains `{{` (`\{{#` when escaped; mdBook
/// also accepts space between `{{` and `#`).
pub(crate) fn may_contain_directive(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"{{").is_some()
}

/// `content`, the text of the chapter `source_path` (relative to the book's source directory
/// `src_dir`), as mdBook's `links` preprocessor expands it.
pub(crate) fn expand(src_dir: &Path, source_path: &Path, content: &str) -> String {
    if !may_contain_directive(content) || source_path.parent().is_none() {
        return content.to_string();
    }
    let mut config = mdbook_preprocessor::config::Config::default();
    config.book.src = PathBuf::new();
    let ctx = PreprocessorContext::new(src_dir.to_path_buf(), config, "html".to_string());
    let chapter = Chapter::new("", content.to_string(), source_path, Vec::new());
    let book = Book::new_with_items(vec![BookItem::Chapter(chapter)]);
    let chapter = LinkPreprocessor::new()
        .run(&ctx, book)
        .ok()
        .and_then(|book| book.items.into_iter().next());
    match chapter {
        Some(BookItem::Chapter(ch)) => ch.content,
        _ => content.to_string(),
    }
}

/// Where each position of an expanded chapter came from.
#[derive(Debug)]
pub(crate) struct SourceMap {
    /// The chapter (first) and every file included into it.
    files: Vec<SourceFile>,
    /// The expanded text and where its pieces came from.
    traced: Traced,
}

#[derive(Debug)]
struct SourceFile {
    /// As messages name it.
    name: String,
    text: String,
}

impl SourceMap {
    /// The map of `expanded`, mdBook's expansion of `original` (the chapter as on disk, without
    /// its BOM), whose file is `chapter` on disk and is called `name` in messages; `None` when
    /// the replay does not reproduce `expanded` exactly.
    pub(crate) fn new(
        original: &str,
        expanded: &str,
        chapter: &Path,
        name: &str,
    ) -> Option<SourceMap> {
        let mut replay = Replay {
            files: vec![SourceFile {
                name: name.to_string(),
                text: original.to_string(),
            }],
        };
        let mut input = Traced::default();
        input.push(original, 0, 0, true);
        let base = chapter.parent()?;
        let names = Path::new(name).parent().unwrap_or(Path::new(""));
        let traced = replay.expand(&input, base, names, 0);
        (traced.text == expanded).then_some(SourceMap {
            files: replay.files,
            traced,
        })
    }

    /// The file, line and column that `line`:`column` of the expanded text came from.
    pub(crate) fn locate(&self, line: usize, column: usize) -> (&str, usize, usize) {
        let at = offset_of(&self.traced.text, line, column);
        match self.traced.origin(at) {
            Some((file, offset)) => {
                let file = &self.files[file];
                let (line, column) = line_col(&file.text, offset);
                (&file.name, line, column)
            }
            None => (&self.files[0].name, line, column),
        }
    }

    /// Moves `error` and the errors following it (located in the expanded chapter) to where
    /// their text came from. The snippet keeps its line (the same text) and moves its caret
    /// with the column.
    pub(crate) fn relocate(&self, error: &mut ChartError) {
        let (file, line, column) = self.locate(error.line, error.column);
        if let Some(snippet) = &mut error.snippet
            && column != error.column
        {
            let width = snippet.columns.len();
            snippet.columns = column..column + width;
        }
        error.file = file.to_string();
        error.line = line;
        error.column = column;
        for e in &mut error.following {
            self.relocate(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book source directory holding `files`, with the chapter `ch.md` (or `sub/ch.md`).
    struct Case {
        dir: tempfile::TempDir,
        chapter: PathBuf,
        text: String,
        expanded: String,
        map: Option<SourceMap>,
    }

    fn case_at(chapter: &str, text: &str, files: &[(&str, &str)]) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        for (name, body) in files.iter().chain([&(chapter, text)]) {
            let path = src.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, body).unwrap();
        }
        let expanded = expand(&src, Path::new(chapter), text);
        let name = format!("src/{chapter}");
        let map = SourceMap::new(text, &expanded, &src.join(chapter), &name);
        Case {
            chapter: src.join(chapter),
            dir,
            text: text.to_string(),
            expanded,
            map,
        }
    }

    fn case(text: &str, files: &[(&str, &str)]) -> Case {
        case_at("ch.md", text, files)
    }

    impl Case {
        /// Where the first `needle` of the expansion (its `nth` character) came from, as
        /// `FILE:LINE:COL`.
        fn origin(&self, needle: &str) -> String {
            let at = self
                .expanded
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not in {:?}", self.expanded));
            let (line, column) = line_col(&self.expanded, at);
            let map = self.map.as_ref().expect("the replay matches mdBook");
            let (file, line, column) = map.locate(line, column);
            format!("{file}:{line}:{column}")
        }
    }

    const PARTS: &str = "one\ntwo\n```chart\ntype = \"bar\"\nx = 1\n```\nseven\neight\nnine\nten\n";

    #[test]
    fn line_ranges() {
        let c = case(
            "# T\n\n{{#include parts.txt:3:6}}\n\nafter\n",
            &[("parts.txt", PARTS)],
        );
        assert!(
            c.expanded.starts_with("# T\n\n```chart\ntype"),
            "{}",
            c.expanded
        );
        assert_eq!(c.origin("# T"), "src/ch.md:1:1");
        assert_eq!(c.origin("```chart"), "src/parts.txt:3:1");
        assert_eq!(c.origin("= \"bar\""), "src/parts.txt:4:6");
        assert_eq!(c.origin("after"), "src/ch.md:5:1");
        // `:9:` to the end, `::2` from the start, `:8` one line, no range: the whole file.
        for (spec, needle, at) in [
            (":9:", "nine", "src/parts.txt:9:1"),
            (":9:", "ten", "src/parts.txt:10:1"),
            ("::2", "two", "src/parts.txt:2:1"),
            (":8", "eight", "src/parts.txt:8:1"),
            ("", "seven", "src/parts.txt:7:1"),
        ] {
            let text = format!("x {{{{#include parts.txt{spec}}}}} y\n");
            let c = case(&text, &[("parts.txt", PARTS)]);
            assert_eq!(c.origin(needle), at, "{spec}");
            let after = format!("src/ch.md:1:{}", text.find(" y").unwrap() + 1);
            assert_eq!(c.origin(" y"), after, "{spec}: {}", c.expanded);
        }
        let c = case("{{#include parts.txt:8}}|", &[("parts.txt", PARTS)]);
        assert_eq!(c.expanded, "eight|");
        assert_eq!(c.origin("|"), "src/ch.md:1:25");
    }

    #[test]
    fn anchors_drop_the_marker_lines_of_nested_anchors() {
        let parts = "intro\n// ANCHOR: outer\nfirst\n// ANCHOR: inner\nsecond\n// ANCHOR_END: inner\nthird\n// ANCHOR_END: outer\n";
        let c = case("{{#include parts.rs:outer}}\n", &[("parts.rs", parts)]);
        assert_eq!(c.expanded, "first\nsecond\nthird\n");
        assert_eq!(c.origin("first"), "src/parts.rs:3:1");
        assert_eq!(c.origin("second"), "src/parts.rs:5:1");
        assert_eq!(c.origin("hird"), "src/parts.rs:7:2");
        let c = case("{{#include parts.rs:inner}}", &[("parts.rs", parts)]);
        assert_eq!(c.expanded, "second");
        assert_eq!(c.origin("ec"), "src/parts.rs:5:2");
    }

    #[test]
    fn nested_includes_name_the_innermost_file() {
        let c = case_at(
            "guide/ch.md",
            "# G\n{{#include ../shared/outer.md}}\nend\n",
            &[
                (
                    "shared/outer.md",
                    "outer 1\nsee {{#include inner/x.toml:2}} here\nouter 3\n",
                ),
                ("shared/inner/x.toml", "a = 1\nb = 2\n"),
            ],
        );
        // Included lines are joined by `\n`: the file's last line break is not included.
        assert_eq!(c.expanded, "# G\nouter 1\nsee b = 2 here\nouter 3\nend\n");
        assert_eq!(c.origin("outer 1"), "src/shared/outer.md:1:1");
        assert_eq!(c.origin("see"), "src/shared/outer.md:2:1");
        assert_eq!(c.origin("= 2"), "src/shared/inner/x.toml:2:3");
        assert_eq!(c.origin(" here"), "src/shared/outer.md:2:32");
        assert_eq!(c.origin("outer 3"), "src/shared/outer.md:3:1");
        assert_eq!(c.origin("end"), "src/guide/ch.md:3:1");
    }

    #[test]
    fn directives_inside_a_list_item_and_a_block_quote() {
        let c = case(
            "- item\n\n  {{#include parts.txt:3:6}}\n\n> {{#include parts.txt:4:5}}\n",
            &[("parts.txt", PARTS)],
        );
        // Only the first included line follows the container prefix, exactly as mdBook does it.
        assert!(c.expanded.contains("  ```chart\ntype"), "{}", c.expanded);
        assert_eq!(c.origin("```chart"), "src/parts.txt:3:1");
        assert_eq!(c.origin("> type"), "src/ch.md:5:1");
        let quoted = c.expanded.find("> type").unwrap() + 2;
        let (line, column) = line_col(&c.expanded, quoted);
        assert_eq!(column, 3);
        assert_eq!(
            c.map.as_ref().unwrap().locate(line, column),
            ("src/parts.txt", 4, 1)
        );
        assert_eq!(
            c.map.as_ref().unwrap().locate(line + 1, 5),
            ("src/parts.txt", 5, 5)
        );
    }

    #[test]
    fn crlf_files() {
        let parts = "one\r\n```chart\r\ntype = \"bar\"\r\n```\r\n";
        let c = case(
            "# T\r\n\r\n{{#include parts.txt:2:4}}\r\nlast\r\n",
            &[("parts.txt", parts)],
        );
        // mdBook drops the `\r` of included lines and keeps the chapter's.
        assert_eq!(
            c.expanded,
            "# T\r\n\r\n```chart\ntype = \"bar\"\n```\r\nlast\r\n"
        );
        assert_eq!(c.origin("= \"bar\""), "src/parts.txt:3:6");
        assert_eq!(c.origin("```\r"), "src/parts.txt:4:1");
        assert_eq!(c.origin("last"), "src/ch.md:4:1");
        // The end of an included line (its `\n` made up by mdBook) is the end of that line.
        let (line, _) = line_col(&c.expanded, c.expanded.find("type").unwrap());
        assert_eq!(
            c.map.as_ref().unwrap().locate(line, 99),
            ("src/parts.txt", 3, 13)
        );
    }

    #[test]
    fn a_missing_file_leaves_the_directive() {
        let c = case(
            "a {{#include nowhere.txt}} b {{#include parts.txt:1}} c\n",
            &[("parts.txt", PARTS)],
        );
        assert_eq!(c.expanded, "a {{#include nowhere.txt}} b one c\n");
        assert_eq!(c.origin("nowhere"), "src/ch.md:1:14");
        assert_eq!(c.origin("one"), "src/parts.txt:1:1");
        assert_eq!(c.origin(" c"), "src/ch.md:1:54");
    }

    #[test]
    fn other_directives() {
        let parts = "fn main() {\n    // ANCHOR: body\n    run();\n    // ANCHOR_END: body\n}\n";
        let c = case(
            "{{#title New}}\\{{#include x}}\n{{ #rustdoc_include parts.rs:body }}\n{{#playground parts.rs editable}}",
            &[("parts.rs", parts)],
        );
        assert_eq!(
            c.expanded,
            "{{#include x}}\n# fn main() {\n    run();\n# }\n```rust,editable\nfn main() {\n    // ANCHOR: body\n    run();\n    // ANCHOR_END: body\n}\n```\n"
        );
        assert_eq!(c.origin("{{#include x}}"), "src/ch.md:1:16");
        assert_eq!(c.origin("# fn"), "src/parts.rs:1:1");
        assert_eq!(c.origin("fn main"), "src/parts.rs:1:1");
        assert_eq!(c.origin("run"), "src/parts.rs:3:5");
        assert_eq!(c.origin("# }"), "src/parts.rs:5:1");
        assert_eq!(c.origin("```rust,"), "src/ch.md:3:1");
        let copied = c.expanded.find("editable\n").unwrap() + "editable\n".len();
        let (line, column) = line_col(&c.expanded, copied + 4);
        assert_eq!(
            c.map.as_ref().unwrap().locate(line, column),
            ("src/parts.rs", 1, 5)
        );
    }

    #[test]
    fn the_replay_reproduces_mdbook_on_odd_directives() {
        let files: &[(&str, &str)] = &[
            ("a.txt", "A1\nA2\nA3\n"),
            ("b.txt", "B1 {{#include a.txt:2}}\r\nB2\n"),
            ("loop.txt", "L {{#include loop.txt}}\n"),
            ("bom.txt", "\u{feff}bom\n"),
            ("u.txt", "// ANCHOR: é-1\nunicode\n// ANCHOR_END: é-1\n"),
        ];
        for text in [
            "{{#include a.txt}}}",
            "{{#include  }}",
            "{{#include }}}",
            "{{#include\t\t}}",
            "{{#foo {{#include a.txt}} x",
            "{{#unknown a.txt}} {{#include a.txt}}",
            "{{{#include a.txt}}",
            "{{\n #include\na.txt:2\n}}",
            "{{#include a.txt:}} {{#include a.txt::}} {{#include a.txt:0}} {{#include a.txt:3:1}}",
            "{{#include a.txt:+2}} {{#include a.txt:x:y}} {{#include a.txt:2:x}} {{#include a.txt:x}}",
            "{{#include a.txt:1:2:3}} {{#include a.txt extra words}}",
            "{{#include\u{a0}a.txt}} {{#include\u{2003}a.txt}}",
            "\\{{#include a.txt}} {{#include a.txt}} \\{{#include}} \\{{# x }}}}",
            "\\{{#include a.txt \n}}{{#include a.txt}}",
            "{{#include b.txt}} and {{#rustdoc_include b.txt:1}}",
            "{{#include loop.txt}}",
            "{{#include bom.txt}}",
            "{{#include u.txt:é-1}}",
            "{{#include ./a.txt}} {{#include ../src/a.txt:3}}",
            "{{#title}} {{#title   }} {{#title x}}y",
            "{{#playground a.txt}} {{#playpen a.txt x y}}",
            "{{#include .}} {{#include /}} {{#include nowhere}}",
            "",
        ] {
            let c = case(text, files);
            assert!(
                c.map.is_some(),
                "replay differs from mdBook for {text:?}: mdBook gave {:?}",
                c.expanded
            );
        }
        let c = case("{{#include loop.txt}}", files);
        assert_eq!(c.expanded.matches("L ").count(), 10, "{}", c.expanded);
        let c = case("{{#include bom.txt}}", files);
        assert_eq!(c.origin("bom"), "src/bom.txt:1:1");
        assert_eq!(c.text, "{{#include bom.txt}}");
    }

    #[test]
    fn no_map_when_the_expansion_is_not_mdbooks() {
        let c = case("{{#include parts.txt:3}}", &[("parts.txt", PARTS)]);
        assert!(c.map.is_some());
        assert!(SourceMap::new(&c.text, "```chart\nchanged", &c.chapter, "src/ch.md").is_none());
        assert!(c.dir.path().exists());
    }

    #[test]
    fn positions_outside_the_text_are_clamped() {
        let c = case("ab\n{{#include parts.txt:1}}", &[("parts.txt", PARTS)]);
        let map = c.map.as_ref().unwrap();
        assert_eq!(map.locate(1, 50), ("src/ch.md", 1, 3));
        assert_eq!(map.locate(2, 50), ("src/parts.txt", 1, 4));
        assert_eq!(map.locate(9, 1), ("src/parts.txt", 1, 4));
    }
}

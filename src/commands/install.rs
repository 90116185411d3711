//! `mdbook-svg-charts install [BOOK_DIR]`: adds `[preprocessor.svg-charts]` to `book.toml` and
//! the phone-layout stylesheet (`svg-charts.css`, listed in `[output.html] additional-css`),
//! keeping the file's comments and layout, and does nothing when all is already there.

use std::path::Path;

use toml_edit::{Array, DocumentMut, Item, Table, value};

use super::{CommandError, book_toml, invalid_toml};
use crate::diagnostic::{BOM, escape_controls};

/// What `install` did.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Installed {
    /// The table was added.
    Added,
    /// The table existed; `after` gained `"links"`.
    AddedAfterLinks,
    /// The preprocessor was set up; the stylesheet was added to `additional-css`.
    AddedStylesheet,
    /// Nothing to do.
    AlreadyInstalled,
}

/// The stylesheet's file name, beside `book.toml`.
pub const STYLESHEET: &str = "svg-charts.css";

/// Edits `book.toml` text; returns the new text and what changed. A byte-order mark and CRLF
/// line ends are kept as the file had them.
pub fn edit(text: &str) -> Result<(String, Installed), String> {
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => ("", text),
    };
    let crlf = body.contains("\r\n");
    let (new, outcome) = edit_body(body)?;
    let new = if crlf {
        // toml_edit keeps the lines it did not touch (CRLF included) and writes new ones with LF.
        new.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        new
    };
    Ok((format!("{bom}{new}"), outcome))
}

fn edit_body(text: &str) -> Result<(String, Installed), String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| invalid_toml(text, e.span(), e.message()))?;
    let pre = doc
        .entry("preprocessor")
        .or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_mut()
        .ok_or("`preprocessor` in book.toml is not a table")?;
    let outcome = match pre.get_mut("svg-charts") {
        None => {
            let mut t = Table::new();
            let mut after = Array::new();
            after.push("links");
            t.insert("after", value(after));
            pre.insert("svg-charts", Item::Table(t));
            Installed::Added
        }
        Some(item) => {
            let t = item
                .as_table_like_mut()
                .ok_or("`preprocessor.svg-charts` in book.toml is not a table")?;
            match t.get_mut("after") {
                None => {
                    let mut after = Array::new();
                    after.push("links");
                    t.insert("after", value(after));
                    Installed::AddedAfterLinks
                }
                Some(a) => {
                    let arr = a
                        .as_array_mut()
                        .ok_or("`preprocessor.svg-charts.after` in book.toml is not an array")?;
                    if arr.iter().any(|v| v.as_str() == Some("links")) {
                        Installed::AlreadyInstalled
                    } else {
                        arr.push("links");
                        Installed::AddedAfterLinks
                    }
                }
            }
        }
    };
    let css = add_stylesheet(&mut doc)?;
    let outcome = match outcome {
        Installed::AlreadyInstalled if css => Installed::AddedStylesheet,
        other => other,
    };
    Ok((doc.to_string(), outcome))
}

/// Lists [`STYLESHEET`] in `[output.html] additional-css` (creating what is missing); `true`
/// when it was not there.
fn add_stylesheet(doc: &mut DocumentMut) -> Result<bool, String> {
    let output = doc
        .entry("output")
        .or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_like_mut()
        .ok_or("`output` in book.toml is not a table")?;
    let html = output
        .entry("html")
        .or_insert(Item::Table(Table::new()))
        .as_table_like_mut()
        .ok_or("`output.html` in book.toml is not a table")?;
    match html.get_mut("additional-css") {
        None => {
            let mut list = Array::new();
            list.push(STYLESHEET);
            html.insert("additional-css", value(list));
            Ok(true)
        }
        Some(item) => {
            let list = item
                .as_array_mut()
                .ok_or("`output.html.additional-css` in book.toml is not an array")?;
            if list.iter().any(|v| v.as_str() == Some(STYLESHEET)) {
                Ok(false)
            } else {
                list.push(STYLESHEET);
                Ok(true)
            }
        }
    }
}

/// Writes the stylesheet beside `book.toml` unless it is there as this version writes it;
/// returns what it did, for the message.
fn write_stylesheet(dir: &Path) -> Result<Option<String>, CommandError> {
    let path = dir.join(STYLESHEET);
    let css = crate::render::STYLESHEET_CSS;
    match std::fs::read_to_string(&path) {
        Ok(old) if old == css => Ok(None),
        old => {
            std::fs::write(&path, css)
                .map_err(|e| CommandError::new(format!("{}: cannot write: {e}", path.display())))?;
            Ok(Some(format!(
                "{}: {} (the phone layout of every chart)",
                escape_controls(&path.display().to_string()),
                if old.is_ok() { "updated" } else { "written" }
            )))
        }
    }
}

/// Runs `install` on the book in `dir`; returns the message to print (control characters in
/// the book's path escaped).
pub fn run(dir: &Path) -> Result<String, CommandError> {
    let path = book_toml(dir)?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| CommandError::new(format!("{}: cannot read: {e}", path.display())))?;
    let (new, outcome) =
        edit(&text).map_err(|e| CommandError::new(format!("{}: {e}", path.display())))?;
    // The message is printed as it is: the path (an argument) escaped here.
    let shown = path.display().to_string();
    let shown = escape_controls(&shown);
    let css = write_stylesheet(path.parent().unwrap_or(dir))?;
    let message = match outcome {
        Installed::AlreadyInstalled => {
            format!("{shown}: [preprocessor.svg-charts] is already set up; nothing changed")
        }
        changed => {
            std::fs::write(&path, new)
                .map_err(|e| CommandError::new(format!("{}: cannot write: {e}", path.display())))?;
            match changed {
                Installed::Added => format!(
                    "{shown}: added [preprocessor.svg-charts] with after = [\"links\"], and \"{STYLESHEET}\" to [output.html] additional-css"
                ),
                Installed::AddedStylesheet => {
                    format!("{shown}: added \"{STYLESHEET}\" to [output.html] additional-css")
                }
                _ => format!(
                    "{shown}: added \"links\" to [preprocessor.svg-charts] after, so included charts render"
                ),
            }
        }
    };
    Ok(match css {
        Some(css) => format!("{message}\n{css}"),
        None => message,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn crlf_and_a_bom_are_kept() {
        let text = "\u{feff}[book]\r\ntitle = \"x\" # keep\r\n";
        let (new, outcome) = super::edit(text).unwrap();
        assert_eq!(outcome, super::Installed::Added);
        assert!(
            new.starts_with("\u{feff}[book]\r\ntitle = \"x\" # keep\r\n"),
            "{new:?}"
        );
        assert!(
            !new.replace("\r\n", "").contains('\n'),
            "only CRLF: {new:?}"
        );
        assert!(
            new.contains("[preprocessor.svg-charts]\r\nafter = [\"links\"]\r\n"),
            "{new:?}"
        );
        let (again, outcome) = super::edit(&new).unwrap();
        assert_eq!(outcome, super::Installed::AlreadyInstalled);
        assert_eq!(again, new);
        let (lf, _) = super::edit("[book]\ntitle = \"x\"\n").unwrap();
        assert!(!lf.contains('\r'));
    }

    use super::*;

    #[test]
    fn adds_the_table_and_keeps_comments() {
        let text = "# My book\n[book]\ntitle = \"T\" # the title\n\n[output.html]\n";
        let (new, what) = edit(text).unwrap();
        assert_eq!(what, Installed::Added);
        assert!(new.starts_with("# My book\n[book]\ntitle = \"T\" # the title\n"));
        assert!(
            new.contains("[preprocessor.svg-charts]\nafter = [\"links\"]\n"),
            "{new}"
        );
        let (again, what) = edit(&new).unwrap();
        assert_eq!(what, Installed::AlreadyInstalled);
        assert_eq!(again, new);
    }

    #[test]
    fn adds_links_to_an_existing_table() {
        let (new, what) = edit("[preprocessor.svg-charts]\non-error = \"fail\"\n").unwrap();
        assert_eq!(what, Installed::AddedAfterLinks);
        assert!(new.contains("on-error = \"fail\"") && new.contains("after = [\"links\"]"));
        let (new, what) = edit("[preprocessor.svg-charts]\nafter = [\"index\"]\n").unwrap();
        assert_eq!(what, Installed::AddedAfterLinks);
        assert!(new.contains("after = [\"index\", \"links\"]"), "{new}");
    }

    #[test]
    fn rejects_broken_files() {
        assert!(edit("[book\n").is_err());
        assert!(edit("preprocessor = 3\n").is_err());
    }
}

//! The module graph stays one-way and stays as drawn: `ARCHITECTURE.md` lists the crate's modules
//! from the bottom of the pipeline up with the modules each one uses, and these tests read that
//! table and the code. No module may use one listed above it, and a row's "uses" column must be
//! exactly what its code uses (rows marked "all above" may use any module below them).
//!
//! The code is read as Rust tokens (`proc-macro2`'s lexer), so comments and strings never count,
//! paths inside function bodies and macro calls do, `use crate::{a::{b}, c}` groups are opened,
//! and `super::` is resolved against the module the code is in (inline `mod x { .. }` too).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One row of the module-order table.
struct Row {
    module: String,
    /// `None`: "all above".
    uses: Option<BTreeSet<String>>,
}

/// The rows between the `module-order` markers of ARCHITECTURE.md, bottom layer first.
fn documented_rows() -> Vec<Row> {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let start = doc
        .find("<!-- module-order -->")
        .expect("ARCHITECTURE.md has a <!-- module-order --> block");
    let end = doc[start..]
        .find("<!-- /module-order -->")
        .expect("the module-order block is closed")
        + start;
    doc[start..end]
        .lines()
        .filter_map(|l| {
            // Rows look like `| 3 | `markdown` | its job | diagnostic, format |`.
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            match cells.as_slice() {
                ["", layer, module, _job, uses, ""] if layer.parse::<usize>().is_ok() => {
                    Some(Row {
                        module: module.trim_matches('`').to_string(),
                        uses: (*uses != "all above").then(|| {
                            uses.split(',')
                                .map(|u| u.trim().trim_matches('`').to_string())
                                .filter(|u| !u.is_empty())
                                .collect()
                        }),
                    })
                }
                _ => None,
            }
        })
        .collect()
}

/// Top-level modules declared in `src/lib.rs`.
fn declared_modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(Path::new(ROOT).join("src/lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("pub(crate) mod "))
                .or_else(|| l.strip_prefix("mod "))?;
            Some(rest.trim_end_matches(';').to_string())
        })
        .collect()
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for e in entries {
            rust_files(&e, out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The source files of top-level module `name`.
fn files_of(name: &str) -> Vec<PathBuf> {
    let src = Path::new(ROOT).join("src");
    let mut out = Vec::new();
    rust_files(&src.join(format!("{name}.rs")), &mut out);
    rust_files(&src.join(name), &mut out);
    out
}

/// The module path of a source file: `src/chart/reader/panel.rs` → `chart::reader::panel`,
/// `src/chart/mod.rs` → `chart`.
fn module_path(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(Path::new(ROOT).join("src")).unwrap();
    let mut path: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if path.last().is_some_and(|l| l == "mod") {
        path.pop();
    }
    path
}

/// What the code of one file names outside its own module.
#[derive(Default)]
struct Uses {
    /// Top-level modules named through `crate::` or `super::`.
    modules: BTreeSet<String>,
    /// Things the checker cannot follow (`use crate as c`, `super` past the crate root).
    problems: Vec<String>,
}

/// Reads `code` (the file of module `path`) as Rust tokens.
fn uses_of(code: &str, path: &[String]) -> Uses {
    let tokens = TokenStream::from_str(code).expect("the file lexes as Rust");
    let mut uses = Uses::default();
    walk(tokens, path, &mut uses);
    uses
}

fn is_ident(t: Option<&TokenTree>, word: &str) -> bool {
    matches!(t, Some(TokenTree::Ident(i)) if i == word)
}

fn is_path_sep(tokens: &[TokenTree], at: usize) -> bool {
    matches!(
        (tokens.get(at), tokens.get(at + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && b.as_char() == ':'
    )
}

/// The first segment of every item of a `{a::b, c, d::{e}}` group.
fn group_heads(group: TokenStream) -> Vec<String> {
    let mut heads = Vec::new();
    let mut at_item_start = true;
    for t in group {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' => at_item_start = true,
            TokenTree::Ident(i) if at_item_start => {
                heads.push(i.to_string());
                at_item_start = false;
            }
            _ => at_item_start = false,
        }
    }
    heads
}

fn walk(stream: TokenStream, path: &[String], uses: &mut Uses) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            // `mod name { ... }`: the inside is module `path::name`.
            TokenTree::Ident(id)
                if id == "mod"
                    && matches!(
                        tokens.get(i + 2),
                        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace
                    ) =>
            {
                if let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(body))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    let mut inner = path.to_vec();
                    inner.push(name.to_string());
                    walk(body.stream(), &inner, uses);
                    i += 3;
                    continue;
                }
            }
            TokenTree::Ident(id) if id == "crate" && is_ident(tokens.get(i + 1), "as") => {
                uses.problems
                    .push("`crate as ...` hides which module is used".to_string());
            }
            TokenTree::Ident(id)
                if (id == "crate" || id == "super") && is_path_sep(&tokens, i + 1) =>
            {
                // Where the path starts: the crate root, or `path` less one module per `super`.
                let mut at = path.len();
                let mut j = i;
                if id == "crate" {
                    at = 0;
                    j += 3;
                } else {
                    while is_ident(tokens.get(j), "super") && is_path_sep(&tokens, j + 1) {
                        if at == 0 {
                            uses.problems
                                .push("`super` past the crate root".to_string());
                            break;
                        }
                        at -= 1;
                        j += 3;
                    }
                }
                if at == 0 {
                    match tokens.get(j) {
                        Some(TokenTree::Ident(name)) => {
                            uses.modules.insert(name.to_string());
                        }
                        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                            uses.modules.extend(group_heads(g.stream()));
                        }
                        _ => {}
                    }
                } else {
                    uses.modules.insert(path[0].clone());
                }
                i = j;
                continue;
            }
            TokenTree::Group(g) => walk(g.stream(), path, uses),
            _ => {}
        }
        i += 1;
    }
}

/// The top-level modules each module's code uses (itself left out), with any problems.
fn actual_uses(modules: &[String]) -> BTreeMap<String, Uses> {
    modules
        .iter()
        .map(|module| {
            let files = files_of(module);
            assert!(!files.is_empty(), "no source for module `{module}`");
            let mut all = Uses::default();
            for file in files {
                let code = std::fs::read_to_string(&file).unwrap();
                let found = uses_of(&code, &module_path(&file));
                let shown = file
                    .strip_prefix(ROOT)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                all.problems
                    .extend(found.problems.into_iter().map(|p| format!("{shown}: {p}")));
                all.modules.extend(found.modules);
            }
            all.modules.remove(module);
            (module.clone(), all)
        })
        .collect()
}

#[test]
fn architecture_lists_every_module_once() {
    let rows = documented_rows();
    let listed: BTreeSet<String> = rows.iter().map(|r| r.module.clone()).collect();
    assert_eq!(listed.len(), rows.len(), "a module is listed twice");
    assert_eq!(
        listed,
        declared_modules(),
        "ARCHITECTURE.md's module order and src/lib.rs's modules differ"
    );
}

#[test]
fn no_module_uses_one_above_it_and_each_row_says_what_it_uses() {
    let rows = documented_rows();
    let order: Vec<String> = rows.iter().map(|r| r.module.clone()).collect();
    let layer = |name: &str| order.iter().position(|m| m == name);
    let actual = actual_uses(&order);
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let found = &actual[&row.module];
        problems.extend(found.problems.iter().cloned());
        for used in &found.modules {
            match layer(used) {
                Some(j) if j < i => {}
                Some(_) => problems.push(format!(
                    "`{}` uses `{used}`, which is listed above it",
                    row.module
                )),
                None => problems.push(format!(
                    "`{}` uses `crate::{used}`, which is not a module listed in ARCHITECTURE.md \
                     (import items through their module, not the crate root)",
                    row.module
                )),
            }
        }
        if let Some(documented) = &row.uses
            && documented != &found.modules
        {
            problems.push(format!(
                "ARCHITECTURE.md says `{}` uses [{}] but its code uses [{}]",
                row.module,
                documented.iter().cloned().collect::<Vec<_>>().join(", "),
                found.modules.iter().cloned().collect::<Vec<_>>().join(", "),
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_sees_every_way_of_naming_a_module() {
    let names = |code: &str, path: &[&str]| -> Vec<String> {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        uses_of(code, &path).modules.into_iter().collect()
    };
    assert_eq!(
        names(
            "use crate::{stats::{mean, max}, render};\nfn f() { crate::format::x(); }",
            &["chart"]
        ),
        ["format", "render", "stats"]
    );
    // Comments and strings do not count; macro arguments do.
    assert_eq!(
        names(
            "// crate::render\n/// [`crate::data`]\nlet s = \"http://x crate::time\"; crate::stats::f();\nformat!(\"{}\", crate::models::X);",
            &["chart"]
        ),
        ["models", "stats"]
    );
    // `super` is resolved against the module the code is in.
    assert_eq!(names("use super::render::x;", &["chart"]), ["render"]);
    assert_eq!(
        names("use super::super::{render, data::X};", &["chart", "reader"]),
        ["data", "render"]
    );
    assert_eq!(
        names("use super::fields::F;", &["chart", "reader"]),
        ["chart"]
    );
    assert_eq!(
        names("mod tests { use super::super::time::T; }", &["chart"]),
        ["time"]
    );
    assert_eq!(names("mod tests { use super::x; }", &["chart"]), ["chart"]);
    let aliased = uses_of(
        "use crate as c; fn f() { c::render::x(); }",
        &["chart".into()],
    );
    assert_eq!(aliased.problems.len(), 1);
}

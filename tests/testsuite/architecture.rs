//! The module graph stays one-way: `ARCHITECTURE.md` lists the crate's modules from the bottom
//! of the pipeline up, and no module may name (`crate::x`) one listed above it. The list is read
//! from `ARCHITECTURE.md` itself, so the picture and the code cannot drift apart.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The module order between the `module-order` markers of ARCHITECTURE.md, bottom first.
fn documented_order() -> Vec<String> {
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
            // Rows look like `| 3 | markdown | ... |`.
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            match cells.as_slice() {
                ["", layer, module, ..] if layer.parse::<usize>().is_ok() => {
                    Some(module.trim_matches('`').to_string())
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

/// The code of a file without comments (so docs may mention any module).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::name` a file's code names, with `crate::{a, b::c}` groups opened.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for item in inner.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
        rest = after;
    }
    out
}

#[test]
fn architecture_lists_every_module_once() {
    let order = documented_order();
    let listed: BTreeSet<String> = order.iter().cloned().collect();
    assert_eq!(
        listed.len(),
        order.len(),
        "a module is listed twice: {order:?}"
    );
    assert_eq!(
        listed,
        declared_modules(),
        "ARCHITECTURE.md's module order and src/lib.rs's modules differ"
    );
}

#[test]
fn no_module_imports_one_above_it() {
    let order = documented_order();
    let layer = |name: &str| order.iter().position(|m| m == name);
    let mut violations = Vec::new();
    for (i, module) in order.iter().enumerate() {
        let files = files_of(module);
        assert!(!files.is_empty(), "no source for module `{module}`");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for used in crate_paths(&code(&text)) {
                if used == *module {
                    continue;
                }
                match layer(&used) {
                    Some(j) if j < i => {}
                    Some(_) => violations.push(format!(
                        "{}: `{module}` uses `crate::{used}`, which is listed above it",
                        file.strip_prefix(ROOT).unwrap_or(&file).display()
                    )),
                    None => violations.push(format!(
                        "{}: `{module}` uses `crate::{used}`, which is not a module listed in \
                         ARCHITECTURE.md (import items through their module, not the crate root)",
                        file.strip_prefix(ROOT).unwrap_or(&file).display()
                    )),
                }
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_checker_sees_grouped_and_nested_paths() {
    let found = crate_paths("use crate::{chart::Figure, format};\nlet x = crate::render::svg();");
    assert_eq!(
        found,
        ["chart", "format", "render"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert_eq!(code("let a = 1; // crate::render"), "let a = 1; ");
}

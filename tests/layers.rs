//! The layers of `src/` import only downward (issue 24).
//!
//! Every top-level module of the crate (`src/<name>.rs` or `src/<name>/`)
//! has a layer in [`LAYERS`]; a `crate::` or `super::` path in a module's
//! code may name only modules of a lower layer. Test code is not checked
//! (each file is read up to its first `#[cfg(test)]`, as
//! `../shared/tools/modcycles.py` does), nor comments. Today's upward
//! imports are listed in [`EXCEPTIONS`], each with why: the list must only
//! shrink, and the test fails when an exception is no longer needed.
//!
//! docs/design.md's Layout section shows the same table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layer by top-level module, bottom first. A module imports only from
/// lower layers (never from its own: modules of one layer are peers that
/// do not know each other).
const LAYERS: &[(u32, &[&str])] = &[
    // Texts in three languages, school-year arithmetic, the rule codes, the
    // process's memory.
    (0, &["lang", "calendar", "code", "memory"]),
    // One parser per value type and the masking; the canonical fields; the
    // operating system's errors in words; the spool's byte format.
    (1, &["values", "field", "os_error", "codec"]),
    // Typed rows and requests; the input and upload schemas.
    (2, &["model", "schema"]),
    // Records with positions; the regulation as data; which rule stops which.
    (3, &["reader", "regulation", "relations"]),
    // The SQLite ledger (inside: lock below store, one way).
    (4, &["ledger"]),
    // The batch state: the compact index of typed requests, its groups and
    // the findings (data the X rules read, no rule logic).
    (5, &["state"]),
    // The rules (one file each, the registry) and the report's figures.
    (6, &["rules", "figures"]),
    // Each row as checked, in a temporary file.
    (7, &["spool"]),
    // The engine: the one read, the rules over rows, then the batch rules.
    (8, &["validate"]),
    // The row view the writers consume (Verdict, Brief, SheetRow).
    (9, &["view"]),
    // The sinks: uploads, rejected.csv/.xlsx, report.json/.html, publish.
    (10, &["writer"]),
    // The error that stops a run: it wraps every layer's error, the
    // publish's `OutDirError` included.
    (11, &["error"]),
    // The replay of the spool through the view into the writers' lines, on
    // worker threads; the ledger's recording thread.
    (12, &["assemble", "record"]),
    // Read, check, render, publish with the ledger.
    (13, &["pipeline"]),
    // The library's front door; the command line's helpers.
    (14, &["api", "human", "inputs", "progress", "template"]),
    // The command line.
    (15, &["cli"]),
];

/// Top-level modules compiled only for the tests.
const TEST_ONLY: &[&str] = &["every_text"];

/// Today's upward imports, as (importing module, imported module, why).
/// Fix one and take it off: the test fails while an exception is listed
/// that the code no longer needs.
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    // The reader raises the F rules (F001-F007: `rules::file`'s `Fatal` and
    // its constructors). The F rules import only layers 0-2, so this is no
    // cycle; they should move below the reader (or the reader return its
    // own error that `rules::file` words).
    ("reader", "rules", "the F rules the reader raises"),
];

/// The crate's roots: they declare the modules, and may name any of them.
const ROOTS: &[&str] = &["lib", "main"];

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("entry of src/").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b/mod.rs` -> `[a, b]`, `src/a/c.rs` -> `[a, c]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src/").with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The file's code: up to its first `#[cfg(test)]` line, without comments.
fn code_of(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("read a source file");
    let mut code = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let line = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    code
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifier at the start of `text`.
fn ident(text: &str) -> &str {
    let end = text.find(|c: char| !is_ident(c)).unwrap_or(text.len());
    &text[..end]
}

/// The top-level modules that the `crate::` and `super::` paths of `code`
/// (in the module at `me`) name.
fn targets(me: &[String], code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::").into_iter().chain(rest.find("super::")).min() {
        let before_ok = rest[..at].chars().next_back().is_none_or(|c| !is_ident(c));
        if rest[at..].starts_with("crate::") {
            let name = ident(&rest[at + "crate::".len()..]);
            if before_ok && !name.is_empty() {
                out.insert(name.to_string());
            }
            rest = &rest[at + "crate::".len()..];
        } else {
            // `super::super::x`: each `super` goes up one from this file's module.
            let mut ups = 0;
            let mut tail = &rest[at..];
            while let Some(t) = tail.strip_prefix("super::") {
                ups += 1;
                tail = t;
            }
            if before_ok {
                let base = &me[..me.len().saturating_sub(ups)];
                let name = match base.first() {
                    Some(top) => top.as_str(),
                    None => ident(tail),
                };
                if !name.is_empty() {
                    out.insert(name.to_string());
                }
            }
            rest = tail;
        }
    }
    out
}

/// Every (importing, imported) pair of top-level modules, with the files.
fn imports() -> BTreeMap<(String, String), BTreeSet<String>> {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let me = module_path(&src, &file);
        let top = me[0].clone();
        if ROOTS.contains(&top.as_str()) || TEST_ONLY.contains(&top.as_str()) {
            continue;
        }
        for target in targets(&me, &code_of(&file)) {
            if target != top && !ROOTS.contains(&target.as_str()) {
                let shown = file.strip_prefix(&src).unwrap_or(&file).display().to_string();
                edges.entry((top.clone(), target)).or_default().insert(shown);
            }
        }
    }
    edges
}

fn layer_of(module: &str) -> Option<u32> {
    LAYERS
        .iter()
        .find(|(_, names)| names.contains(&module))
        .map(|(n, _)| *n)
}

fn top_level_modules() -> BTreeSet<String> {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.iter().map(|f| module_path(&src, f)[0].clone()).collect()
}

#[test]
fn every_top_level_module_has_one_layer() {
    let mut missing = Vec::new();
    for module in top_level_modules() {
        let placed = LAYERS
            .iter()
            .filter(|(_, names)| names.contains(&module.as_str()))
            .count();
        let known = ROOTS.contains(&module.as_str()) || TEST_ONLY.contains(&module.as_str());
        if placed + usize::from(known) != 1 {
            missing.push(module);
        }
    }
    assert!(
        missing.is_empty(),
        "give each of these modules exactly one layer in tests/layers.rs (and docs/design.md's Layout): {missing:?}"
    );
    let modules = top_level_modules();
    for (_, names) in LAYERS {
        for name in *names {
            assert!(
                modules.contains(*name),
                "tests/layers.rs names a module src/ lacks: {name}"
            );
        }
    }
}

#[test]
fn modules_import_only_from_lower_layers() {
    let mut upward = Vec::new();
    for ((from, to), files) in imports() {
        let (Some(a), Some(b)) = (layer_of(&from), layer_of(&to)) else {
            continue; // every_top_level_module_has_one_layer says which
        };
        if b >= a && !EXCEPTIONS.iter().any(|(f, t, _)| *f == from && *t == to) {
            upward.push(format!("{from} (layer {a}) imports {to} (layer {b}) in {files:?}"));
        }
    }
    assert!(
        upward.is_empty(),
        "imports that do not go down the layers (move the item below, or, with a reason, list it in EXCEPTIONS):\n{}",
        upward.join("\n")
    );
}

#[test]
fn every_exception_is_still_needed() {
    let edges = imports();
    let stale: Vec<_> = EXCEPTIONS
        .iter()
        .filter(|(from, to, _)| !edges.contains_key(&(from.to_string(), to.to_string())))
        .collect();
    assert!(
        stale.is_empty(),
        "these imports are gone: take them off EXCEPTIONS: {stale:?}"
    );
}

#[test]
fn the_paths_are_read_as_the_compiler_resolves_them() {
    let me = ["rules".to_string(), "batch".to_string(), "x301".to_string()];
    let code = "use crate::state::Findings;\nuse super::super::Rule;\nuse super::bron;\nlet x = my_crate::z;";
    let found: Vec<String> = targets(&me, code).into_iter().collect();
    assert_eq!(found, ["rules", "state"]);
    let me = ["model".to_string()];
    let found: Vec<String> = targets(&me, "use super::codec::Encoder;").into_iter().collect();
    assert_eq!(found, ["codec"]);
}

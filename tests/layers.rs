//! The source's shape, read as text. The core's folders are layers (see `src/core/mod.rs` and ARCHITECTURE.md):
//! a module imports only from its own folder or from the layers below, and
//! no two modules import each other, even through others. Read from the
//! source as text, so that a new import that breaks the design fails here
//! with the path that broke it, before anyone has to untangle it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each folder (or root file) of `src/core` and its height: a module may
/// import from its own height or below, never above.
const LAYERS: &[(&str, u8)] = &[
    ("order", 0),
    ("date", 0),
    ("french", 0),
    ("plan", 1),
    ("record", 2),
    ("files", 3),
    ("view", 4),
    ("briefing", 5),
    ("wording", 6),
];

/// `plan::search` for `src/core/plan/search.rs`, `plan` for its `mod.rs`.
fn core_modules() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    sources("core")
        .into_iter()
        .filter_map(|(path, text)| {
            let relative = path.strip_prefix(&root).unwrap().with_extension("");
            let mut segments: Vec<String> =
                relative.iter().map(|s| s.to_str().unwrap().to_owned()).collect();
            if segments.last().is_some_and(|s| s == "mod") {
                segments.pop();
            }
            // core/mod.rs itself only declares the folders.
            (!segments.is_empty()).then(|| (segments.join("::"), text))
        })
        .collect()
}

/// The code of a file without its comments and its test module: what it
/// really depends on.
fn code(source: &str) -> String {
    let source = source.split("#[cfg(test)]").next().unwrap();
    source.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The core modules a module's code names, each with the path it wrote.
fn imports(source: &str, modules: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let code = code(source);
    let mut out = BTreeMap::new();
    for (at, _) in code.match_indices("crate::core::") {
        let rest = &code[at + "crate::core::".len()..];
        let path: String =
            rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
        let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let target = (1..=segments.len())
            .rev()
            .map(|n| segments[..n].join("::"))
            .find(|candidate| modules.contains_key(candidate));
        if let Some(target) = target {
            out.entry(target).or_insert(path);
        }
    }
    out
}

fn layer(module: &str) -> u8 {
    let top = module.split("::").next().unwrap();
    LAYERS
        .iter()
        .find(|(name, _)| *name == top)
        .unwrap_or_else(|| panic!("src/core/{top} is in no layer: add it to LAYERS"))
        .1
}

#[test]
fn the_core_names_its_neighbours_by_their_full_path() {
    // `super::` hides which layer an import comes from; a test module's
    // `use super::*` is not counted (code() drops test modules).
    for (module, source) in core_modules() {
        let code = code(&source);
        assert!(!code.contains("super::"), "core::{module} imports through `super::`");
        assert!(!code.contains("crate::core::{"), "core::{module} groups core paths in braces");
        assert!(!code.contains("crate::ui"), "core::{module} reaches into the ui");
    }
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let modules = core_modules();
    let mut wrong = Vec::new();
    for (module, source) in &modules {
        for (target, path) in imports(source, &modules) {
            if layer(&target) > layer(module) {
                wrong.push(format!("core::{module} → crate::core::{path}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports from a higher layer:\n{}", wrong.join("\n"));
}

#[test]
fn no_two_modules_import_each_other_even_through_others() {
    let modules = core_modules();
    let graph: BTreeMap<&str, BTreeSet<String>> = modules
        .iter()
        .map(|(m, source)| {
            (m.as_str(), imports(source, &modules).into_keys().filter(|t| t != m).collect())
        })
        .collect();
    // Depth-first search; a module met again while still on the path is a circle.
    fn visit<'a>(
        module: &'a str,
        graph: &'a BTreeMap<&str, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| *m == module) {
            let mut circle: Vec<String> = path[at..].iter().map(|m| m.to_string()).collect();
            circle.push(module.to_owned());
            return Some(circle);
        }
        if !done.insert(module) {
            return None;
        }
        path.push(module);
        for next in &graph[module] {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(circle) = visit(module, &graph, &mut Vec::new(), &mut done) {
            panic!("a circle of imports: {}", circle.join(" → "));
        }
    }
}

#[test]
fn every_folder_of_the_core_has_a_layer() {
    for module in core_modules().keys() {
        layer(module);
    }
}

/// Every `.rs` file below `src/<dir>`, with its text.
fn sources(dir: &str) -> Vec<(std::path::PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(std::path::PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir), &mut out);
    assert!(out.len() > 10, "src/{dir} holds {} files", out.len());
    out
}

/// Every link of the views is built from a `Route`: a hand-written `"#/…"`
/// would break silently when a route changes.
#[test]
fn no_view_writes_a_link_by_hand() {
    for (path, text) in sources("ui") {
        for (i, line) in text.lines().enumerate() {
            assert!(!line.contains("\"#/"), "{}:{}: {line}", path.display(), i + 1);
        }
    }
}

/// The screens go through the frame for the outside world: only
/// `ui/storage.rs` touches local storage, only `ui/router.rs` reads the
/// address.
#[test]
fn one_module_owns_storage_and_one_the_address() {
    for (path, text) in sources("ui") {
        let name = path.file_name().unwrap().to_str().unwrap();
        if name != "storage.rs" {
            assert!(!text.contains("local_storage"), "{} touches local storage", path.display());
        }
        if name != "router.rs" {
            assert!(!text.contains(".hash()"), "{} reads the address", path.display());
        }
    }
}

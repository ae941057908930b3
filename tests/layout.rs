//! The layout's invariants as checks: the top-level modules form layers
//! without circles, only the RDF and store layers name Oxigraph, and no CJK
//! words stand in non-test code outside the script module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers in order, as the crate documentation lists them: a module uses only
/// modules before it.
const LAYERS: &[&str] = &[
    "model",
    "error",
    "script",
    "data",
    "ner",
    "resources",
    "stages",
    "pipeline",
    "training",
    "rdf",
    "store",
    "graph",
    "output",
    "ingest",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`src/stages/read.rs` → `stages`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file before its test module, without comments.
fn code(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .take_while(|(_, l)| !l.starts_with("#[cfg(test)]"))
        .map(|(i, l)| {
            let t = l.trim_start();
            let code = if t.starts_with("//") {
                ""
            } else {
                l.split(" //").next().unwrap_or(l)
            };
            (i + 1, code.to_string())
        })
        .collect()
}

fn all_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    files(&src(), &mut out);
    out.sort();
    out
}

/// Which top-level modules each module's non-test code uses.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in all_files() {
        let m = module_of(&path);
        for (_, line) in code(&path) {
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name != m && LAYERS.contains(&name.as_str()) {
                    out.entry(m.clone()).or_default().insert(name);
                }
            }
        }
    }
    out
}

#[test]
fn modules_use_only_the_layers_before_them() {
    let uses = uses();
    assert!(uses.get("stages").is_some_and(|u| u.contains("model")));
    let mut wrong = Vec::new();
    for (m, used) in &uses {
        let Some(at) = LAYERS.iter().position(|l| l == m) else {
            continue;
        };
        for u in used {
            let upto = LAYERS.iter().position(|l| l == u).unwrap();
            if upto >= at {
                wrong.push(format!("{m} uses {u}"));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken: {wrong:?}");
}

#[test]
fn only_rdf_and_store_name_oxigraph() {
    let mut wrong = Vec::new();
    for path in all_files() {
        let m = module_of(&path);
        if m == "rdf" || m == "store" {
            continue;
        }
        for (n, line) in code(&path) {
            if line.contains("oxigraph::") || line.contains("oxrdf::") {
                wrong.push(format!("{}:{n}", path.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "Oxigraph named outside rdf/ and store/: {wrong:?}"
    );
}

#[test]
fn no_cjk_words_in_code_outside_the_script_module() {
    let script = src().join("script.rs");
    let mut wrong = Vec::new();
    for path in all_files().into_iter().filter(|p| *p != script) {
        for (n, line) in code(&path) {
            if line.chars().any(zhikg::script::is_cjk) {
                wrong.push(format!("{}:{n}: {}", path.display(), line.trim()));
            }
        }
    }
    assert!(wrong.is_empty(), "CJK text in code: {wrong:#?}");
    let script_lines = code(&script).iter().filter(|(_, l)| !l.is_ascii()).count();
    assert!(
        script_lines <= 10,
        "the script module grew: {script_lines} lines"
    );
}

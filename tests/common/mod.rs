//! Helpers shared by the command-line tests.

#![allow(dead_code)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The binary under test.
pub fn zhikg() -> Command {
    Command::cargo_bin("zhikg").unwrap()
}

/// The bundled sample corpus.
pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sample")
}

/// The development articles of the shared material, when it is beside the
/// checkout (`ZHIKG_SHARED_DIR` elsewhere): `None` where it is not.
pub fn dev_article(name: &str) -> Option<PathBuf> {
    let shared = std::env::var_os("ZHIKG_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    Some(shared.join("corpus/dev/articles").join(name)).filter(|p| p.is_file())
}

/// A temporary store with the bundled sample ingested.
pub fn sample_store() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for f in ["essay.md", "interview.md", "news.md"] {
        std::fs::copy(sample_dir().join(f), docs.join(f)).unwrap();
    }
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("ingest")
        .arg(&docs)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ingested 3 files (0 unchanged, 0 failed): 3 documents",
        ));
    (tmp, store)
}

/// Runs `zhikg --store STORE ARGS…`.
fn output(store: &Path, args: &[&str]) -> std::process::Output {
    zhikg()
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .unwrap()
}

/// Runs `zhikg --store STORE ARGS…` and returns status, stdout and stderr.
pub fn run_status(store: &Path, args: &[&str]) -> (i32, String, String) {
    let out = output(store, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `zhikg --store STORE ARGS…`, which must succeed, and returns its stdout.
pub fn run(store: &Path, args: &[&str]) -> Vec<u8> {
    let out = output(store, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A query's W3C JSON results.
pub fn query_json(store: &Path, sparql: &str) -> serde_json::Value {
    serde_json::from_slice(&run(store, &["query", "--format", "json", sparql])).unwrap()
}

/// The number a `SELECT (COUNT(…) AS ?n)` query returns.
pub fn count(store: &Path, sparql: &str) -> usize {
    query_json(store, sparql)["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// The store's quads as sorted N-Quads lines.
pub fn sorted_nquads(store: &Path) -> Vec<String> {
    let out = run(store, &["export", "--format", "nquads"]);
    let mut lines: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// A port on the loopback that nothing listens on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A server process a test started, stopped by its PID when dropped.
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

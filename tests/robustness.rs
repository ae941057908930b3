//! Commands end quietly on a closed pipe, and a query's own dataset clause
//! replaces the union default graph.

mod common;

use common::sample_store;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

/// Runs a command, reads one line of its output, closes the pipe and
/// returns the exit status.
fn first_line_then_close(store: &std::path::Path, args: &[&str]) -> (String, i32) {
    let bin = assert_cmd::cargo::cargo_bin("zhikg");
    let mut child = std::process::Command::new(bin)
        .arg("--store")
        .arg(store)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.is_empty(), "{args:?}: {stderr}");
    (line, out.status.code().unwrap_or(-1))
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let (_tmp, store) = sample_store();
    let everything = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }";
    for args in [
        &["export", "--format", "nquads"][..],
        &["export", "--format", "turtle"],
        &["export", "--format", "graphml", "--top", "1000"],
        &["query", "--format", "table", everything],
        &["query", "--format", "csv", everything],
        &["query", "--format", "json", everything],
        &["stats"],
        &["analyze", "--top", "1000"],
        &["query", "--name", "people"],
    ] {
        let (line, code) = first_line_then_close(&store, args);
        assert!(!line.is_empty(), "{args:?} printed nothing");
        assert_eq!(code, 0, "{args:?}");
    }
}

#[test]
fn from_replaces_the_union_default_graph() {
    let (_tmp, store) = sample_store();
    let count = |q: &str| common::count(&store, q);
    let all = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    let entities =
        count("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/zhikg/entities> WHERE { ?s ?p ?o }");
    let in_graph = count(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/zhikg/entities> { ?s ?p ?o } }",
    );
    assert_eq!(entities, in_graph);
    assert!(0 < entities && entities < all, "{entities} of {all}");
    assert_eq!(
        count("SELECT (COUNT(*) AS ?n) FROM <urn:nonexistent> WHERE { ?s ?p ?o }"),
        0
    );
    let named = count(
        "SELECT (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/zhikg/entities> WHERE { GRAPH ?g { ?s ?p ?o } }",
    );
    assert_eq!(named, entities);
}

//! `zhikg push` against a real Virtuoso 7 started for the test on a
//! temporary database and ports, stopped by its PID: counts agree, a typed
//! relation is there, a re-push doubles nothing, a removed document's graph
//! goes, and a wrong password is refused. The store holds the bundled sample
//! and, where the shared material is beside the checkout, two development
//! articles.

mod common;

use common::{Running, free_port, sample_store, zhikg};
use predicates::prelude::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const VIRTUOSO: &str = "/usr/bin/virtuoso-t";
const INI: &str = "/usr/share/virtuoso-opensource-7/virtuoso.ini";

/// A running Virtuoso (stopped by its PID when dropped), its HTTP port and
/// database folder.
struct Virtuoso {
    _process: Running,
    http: u16,
    _dir: tempfile::TempDir,
}

/// Its own database in a temporary folder, on free ports.
fn start() -> Virtuoso {
    assert!(
        std::path::Path::new(VIRTUOSO).exists(),
        "the push test needs Virtuoso 7: run `bash .ci/setup`"
    );
    let dir = tempfile::TempDir::new().unwrap();
    let (sql, http) = (free_port(), free_port());
    let mut section = String::new();
    let ini: Vec<String> = std::fs::read_to_string(INI)
        .unwrap()
        .replace(
            "/var/lib/virtuoso-opensource-7/db/",
            &format!("{}/", dir.path().display()),
        )
        .lines()
        .map(|l| {
            if l.starts_with('[') {
                section = l.to_string();
            }
            if l.starts_with("ServerPort") {
                let port = if section == "[Parameters]" { sql } else { http };
                format!("ServerPort = {port}")
            } else {
                l.to_string()
            }
        })
        .collect();
    let ini_path = dir.path().join("virtuoso.ini");
    std::fs::write(&ini_path, ini.join("\n")).unwrap();
    let child = Command::new(VIRTUOSO)
        .arg("+configfile")
        .arg(&ini_path)
        .arg("+foreground")
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let v = Virtuoso {
        _process: Running(child),
        http,
        _dir: dir,
    };
    let started = Instant::now();
    while ask(&v, "ASK {}").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "Virtuoso did not start"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    v
}

/// The boolean a server's /sparql answers to an ASK, if it answers.
fn ask(v: &Virtuoso, query: &str) -> Option<bool> {
    let url = format!("http://127.0.0.1:{}/sparql", v.http);
    let out = Command::new("curl")
        .args(["-s", "-f", "-G", &url, "--data-urlencode"])
        .arg(format!("query={query}"))
        .args(["--data-urlencode", "format=json"])
        .output()
        .ok()?;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    json["boolean"].as_bool()
}

fn push(store: &std::path::Path, v: &Virtuoso, password: &str) -> assert_cmd::assert::Assert {
    push_with(store, v, password, &[])
}

fn push_with(
    store: &std::path::Path,
    v: &Virtuoso,
    password: &str,
    extra: &[&str],
) -> assert_cmd::assert::Assert {
    zhikg()
        .arg("--store")
        .arg(store)
        .arg("push")
        .arg("--to")
        .arg(format!(
            "http://127.0.0.1:{}/sparql-graph-crud-auth",
            v.http
        ))
        .args(["--user", "dba", "--retries", "2"])
        .arg("--sparql")
        .arg(format!("http://127.0.0.1:{}/sparql", v.http))
        .args(extra)
        .env("ZHIKG_PUSH_PASSWORD", password)
        .assert()
}

#[test]
fn push_to_virtuoso() {
    let v = start();
    let (_tmp, store) = sample_store();
    let articles: Vec<_> = ["gov20.md", "gov13.md"]
        .iter()
        .filter_map(|f| common::dev_article(f))
        .collect();
    if articles.is_empty() {
        eprintln!(
            "push test: no shared development articles beside the checkout; pushing the sample only"
        );
    }
    for a in &articles {
        common::run(&store, &["ingest", a.to_str().unwrap()]);
    }
    push(&store, &v, "dba")
        .success()
        .stdout(predicate::str::contains("the server holds the same"));
    assert_eq!(
        ask(
            &v,
            "ASK { GRAPH ?g { ?a <https://w3id.org/zhikg/ontology#predicate> <https://w3id.org/zhikg/ontology#affiliatedWith> } }"
        ),
        Some(true)
    );
    if !articles.is_empty() {
        // A typed relation of a development article, through the server's own
        // endpoint: the white paper's publisher.
        assert_eq!(
            ask(
                &v,
                "ASK { GRAPH ?g { ?s <https://w3id.org/zhikg/ontology#released> ?o } \
                 GRAPH ?h { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } \
                 FILTER(STR(?l) = \"国务院新闻办公室\") }"
            ),
            Some(true)
        );
    }
    // Again: the count check fails if anything doubled.
    push(&store, &v, "dba")
        .success()
        .stdout(predicate::str::contains("the server holds the same"));
    // A document removed here goes from the server too.
    let news = store.parent().unwrap().join("docs/news.md");
    common::run(&store, &["remove", news.to_str().unwrap()]);
    push(&store, &v, "dba")
        .success()
        .stdout(predicate::str::contains("deleted 1 graph the store"));
    let title = "2025人工智能安全治理论坛在京举行";
    assert_eq!(
        ask(
            &v,
            &format!(
                "ASK {{ GRAPH ?g {{ ?d <http://purl.org/dc/terms/title> ?t FILTER(STR(?t) = \"{title}\") }} }}"
            )
        ),
        Some(false)
    );
    // The other documents are still there.
    assert_eq!(
        ask(
            &v,
            "ASK { GRAPH ?g { ?d <http://purl.org/dc/terms/title> ?t } }"
        ),
        Some(true)
    );
    // Only what changed since the last push: nothing, then one new document,
    // then that document removed again.
    push_with(&store, &v, "dba", &["--changed"])
        .success()
        .stdout(predicate::str::contains("pushed 0 graphs ("))
        .stdout(predicate::str::contains("the server holds the same"));
    common::run(&store, &["ingest", news.to_str().unwrap()]);
    let out = push_with(&store, &v, "dba", &["--changed"]).success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("the server holds the same"), "{text}");
    let sent: usize = text
        .split("pushed ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!((1..=3).contains(&sent), "{text}");
    common::run(&store, &["remove", news.to_str().unwrap()]);
    push_with(&store, &v, "dba", &["--changed"])
        .success()
        .stdout(predicate::str::contains("deleted 1 graph the store"))
        .stdout(predicate::str::contains("the server holds the same"));
    push(&store, &v, "wrong")
        .failure()
        .stderr(predicate::str::contains("refused user dba"));
}

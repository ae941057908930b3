//! `zhikg serve` answered over HTTP as a SPARQL client would ask it: the
//! protocol's GET and POST forms, content negotiation, CORS, refused updates,
//! errors, and the browser page in headless Chromium when it is installed.

mod common;

use common::{Running, free_port, sample_store};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A running `zhikg serve` and its port.
struct Server {
    _process: Running,
    port: u16,
}

fn serve(store: &std::path::Path) -> Server {
    serve_with(store, &[])
}

fn serve_with(store: &std::path::Path, extra: &[&str]) -> Server {
    let port = free_port();
    let child = Command::new(assert_cmd::cargo::cargo_bin("zhikg"))
        .arg("--store")
        .arg(store)
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--max-mb",
            "1",
        ])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Server {
        _process: Running(child),
        port,
    }
}

/// Sends one HTTP/1.0 request; returns status, headers and body.
fn http(port: u16, request: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_string())
}

fn get(port: u16, path: &str, accept: &str) -> (u16, String, String) {
    http(
        port,
        &format!("GET {path} HTTP/1.0\r\nHost: x\r\nAccept: {accept}\r\n\r\n"),
    )
}

fn post(port: u16, content_type: &str, accept: &str, body: &str) -> (u16, String, String) {
    http(
        port,
        &format!(
            "POST /query HTTP/1.0\r\nHost: x\r\nContent-Type: {content_type}\r\nAccept: {accept}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

const PERSONS: &str = "SELECT ?l WHERE { ?p a <https://w3id.org/zhikg/ontology#Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l";

#[test]
fn the_sparql_protocol_over_http() {
    let (_tmp, store) = sample_store();
    let s = serve(&store);
    // GET with results as JSON, the default.
    let (status, head, body) = get(s.port, &format!("/query?query={}", encode(PERSONS)), "*/*");
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("application/sparql-results+json"));
    assert!(head.contains("access-control-allow-origin: *"));
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let persons = json["results"]["bindings"].as_array().unwrap().len();
    assert!(persons >= 3, "{body}");
    // POST of the query itself, as CSV and as TSV.
    let (status, head, body) = post(s.port, "application/sparql-query", "text/csv", PERSONS);
    assert_eq!(status, 200);
    assert!(head.contains("text/csv"));
    assert_eq!(body.lines().count(), persons + 1, "{body}");
    let (_, head, _) = post(
        s.port,
        "application/sparql-query",
        "text/tab-separated-values",
        PERSONS,
    );
    assert!(head.contains("text/tab-separated-values"));
    // A form body, results as XML.
    let form = format!("query={}", encode(PERSONS));
    let (status, head, body) = post(
        s.port,
        "application/x-www-form-urlencoded",
        "application/sparql-results+xml",
        &form,
    );
    assert_eq!(status, 200);
    assert!(head.contains("application/sparql-results+xml"));
    assert!(body.contains("<sparql"));
    // CONSTRUCT as Turtle and as N-Triples.
    let construct =
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/zhikg/ontology#Person> ; ?p ?o }";
    let (status, head, _) = post(s.port, "application/sparql-query", "text/turtle", construct);
    assert_eq!(status, 200);
    assert!(head.contains("text/turtle"));
    let (_, head, body) = post(
        s.port,
        "application/sparql-query",
        "application/n-triples",
        construct,
    );
    assert!(head.contains("application/n-triples"));
    assert!(body.lines().all(|l| l.ends_with(" .")), "{body}");
    // A query on one line whose prefix IRI holds a `#`.
    let one_line = "PREFIX zk: <https://w3id.org/zhikg/ontology#> CONSTRUCT { ?s a zk:Person } WHERE { ?s a zk:Person }";
    let (status, head, _) = post(
        s.port,
        "application/sparql-query",
        "application/n-triples",
        one_line,
    );
    assert_eq!(status, 200);
    assert!(head.contains("application/n-triples"));
    // Updates are refused and change nothing.
    let (status, _, _) = post(
        s.port,
        "application/sparql-update",
        "*/*",
        "DELETE WHERE { ?s ?p ?o }",
    );
    assert_eq!(status, 403);
    let (status, _, _) = post(
        s.port,
        "application/x-www-form-urlencoded",
        "*/*",
        &format!("update={}", encode("DELETE WHERE { ?s ?p ?o }")),
    );
    assert_eq!(status, 403);
    let (_, _, body) = post(s.port, "application/sparql-query", "text/csv", PERSONS);
    assert_eq!(body.lines().count(), persons + 1);
    // Errors: bad syntax, a format the query cannot give, a too large answer,
    // an unknown page; a CORS preflight.
    let (status, _, body) = get(s.port, "/query?query=SELEC", "*/*");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("SPARQL syntax error"));
    let (status, _, _) = post(s.port, "application/sparql-query", "text/turtle", PERSONS);
    assert_eq!(status, 406);
    let big = "SELECT ?s ?p ?o ?x WHERE { ?s ?p ?o . ?x ?y ?z }";
    let (status, _, body) = post(s.port, "application/sparql-query", "text/csv", big);
    assert_eq!(status, 413, "{body}");
    let (status, _, _) = get(s.port, "/nowhere", "*/*");
    assert_eq!(status, 404);
    let (status, head, _) = http(
        s.port,
        "OPTIONS /query HTTP/1.0\r\nHost: x\r\nOrigin: http://example.org\r\n\r\n",
    );
    assert_eq!(status, 204);
    assert!(head.contains("access-control-allow-methods"));
    // The page and the named queries it offers.
    let (status, head, body) = get(s.port, "/", "text/html");
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    assert!(body.contains("<textarea"));
    let (_, _, body) = get(s.port, "/queries", "application/json");
    let queries: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(
        queries
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["name"] == "people")
    );
}

#[test]
fn many_readers_at_once() {
    let (_tmp, store) = sample_store();
    let s = serve(&store);
    let port = s.port;
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|_| {
                scope.spawn(move || post(port, "application/sparql-query", "text/csv", PERSONS).0)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|&a| a == 200), "{answers:?}");
}

#[test]
fn the_page_in_headless_chromium() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        std::path::Path::new("/usr/bin/chromium").exists()
            && dir.join("node_modules/playwright-core").exists(),
        "the browser test needs Chromium and playwright-core: run `bash .ci/setup`"
    );
    let (tmp, store) = sample_store();
    let s = serve(&store);
    let shot = tmp.path().join("page.png");
    let out = Command::new("node")
        .arg(dir.join("page.mjs"))
        .arg(format!("http://127.0.0.1:{}/", s.port))
        .arg("韩知远")
        .arg(&shot)
        .output()
        .unwrap();
    let seen = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{seen}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value = serde_json::from_str(seen.trim()).unwrap();
    // The entity page: its class, and its relations with the sentence behind each.
    assert!(
        seen["entityText"].as_str().unwrap().contains("zk:Person"),
        "{seen}"
    );
    let relations = seen["relationsText"].as_str().unwrap();
    assert!(
        relations.contains("affiliatedWith") && relations.contains("中国信息通信研究院"),
        "{seen}"
    );
    assert!(
        relations.contains("院长韩知远"),
        "no provenance sentence: {seen}"
    );
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
}

#[test]
fn a_slow_query_is_stopped_by_the_timeout() {
    let (_tmp, store) = sample_store();
    let s = serve_with(&store, &["--timeout", "1"]);
    let started = Instant::now();
    let (status, _, body) = post(
        s.port,
        "application/sparql-query",
        "*/*",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    );
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("time limit"), "{body}");
    assert!(started.elapsed() < Duration::from_secs(20));
    // The server still answers.
    let (status, _, _) = post(s.port, "application/sparql-query", "text/csv", PERSONS);
    assert_eq!(status, 200);
}

/// A Python with rdflib: Debian's first, then the one on the path.
fn rdflib_python() -> &'static str {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|py| {
            Command::new(py)
                .args(["-c", "import rdflib"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .expect("rdflib is not installed: run .ci/setup (Debian: apt-get install python3-rdflib)")
}

/// How many rows or triples rdflib reads in `body` as `format`.
fn rdflib_count(python: &str, format: &str, body: &str) -> usize {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), body).unwrap();
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readers/rdflib_read.py");
    let out = Command::new(python)
        .arg(script)
        .arg(format)
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "rdflib cannot read {format}: {}\n{body}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn every_answer_format_is_read_by_an_independent_reader() {
    let python = rdflib_python();
    let (_tmp, store) = sample_store();
    let s = serve(&store);
    let (_, _, body) = post(
        s.port,
        "application/sparql-query",
        "application/sparql-results+json",
        PERSONS,
    );
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let persons = json["results"]["bindings"].as_array().unwrap().len();
    assert!(persons >= 3, "{body}");
    for (accept, format) in [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ] {
        let (status, head, body) = post(s.port, "application/sparql-query", accept, PERSONS);
        assert_eq!(status, 200, "{accept}: {body}");
        assert!(head.contains(accept), "{head}");
        assert_eq!(rdflib_count(python, format, &body), persons, "{accept}");
    }
    // Graphs: every triple of the entities' descriptions, in both syntaxes.
    let construct =
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/zhikg/ontology#Person> ; ?p ?o }";
    let (_, _, nt) = post(
        s.port,
        "application/sparql-query",
        "application/n-triples",
        construct,
    );
    let triples = nt.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(triples > persons, "{nt}");
    assert_eq!(rdflib_count(python, "nt", &nt), triples);
    let (status, _, ttl) = post(s.port, "application/sparql-query", "text/turtle", construct);
    assert_eq!(status, 200);
    assert_eq!(rdflib_count(python, "turtle", &ttl), triples);
    // ASK answers a boolean in JSON and XML.
    let ask = "ASK { ?p a <https://w3id.org/zhikg/ontology#Person> }";
    let (_, _, body) = post(
        s.port,
        "application/sparql-query",
        "application/sparql-results+json",
        ask,
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["boolean"],
        true
    );
    assert_eq!(rdflib_count(python, "json", &body), 1);
}

/// Sends `method path` with a body of `content_type`.
fn send(port: u16, method: &str, path: &str, content_type: &str, body: &str) -> (u16, String) {
    let (status, _, body) = http(
        port,
        &format!(
            "{method} {path} HTTP/1.0\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    (status, body)
}

const SAME_AS: &str = "https://w3id.org/zhikg/links";

#[test]
fn updates_and_the_graph_store_when_allowed() {
    let (_tmp, store) = sample_store();
    let links = format!("/store?graph={}", encode(SAME_AS));
    let triple = "<https://w3id.org/zhikg/id/x> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q148> .\n";
    let count = |port: u16| -> usize {
        let q = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SAME_AS}> {{ ?s ?p ?o }} }}");
        let (_, _, body) = post(port, "application/sparql-query", "text/csv", &q);
        body.lines().nth(1).unwrap().trim().parse().unwrap()
    };
    {
        // Read-only: graphs are read, nothing is written.
        let s = serve(&store);
        let (status, _, body) = get(
            s.port,
            "/store?graph=https%3A%2F%2Fw3id.org%2Fzhikg%2Fontology",
            "text/turtle",
        );
        assert_eq!(status, 200);
        assert!(body.contains("Person"), "{body}");
        assert_eq!(
            send(s.port, "PUT", &links, "application/n-triples", triple).0,
            403
        );
        assert_eq!(
            send(
                s.port,
                "POST",
                "/update",
                "application/sparql-update",
                "CLEAR ALL"
            )
            .0,
            403
        );
        assert_eq!(get(s.port, &links, "text/turtle").0, 404);
    }
    let s = serve_with(&store, &["--allow-update"]);
    // PUT creates the graph, a second PUT replaces it, POST adds to it.
    assert_eq!(
        send(s.port, "PUT", &links, "application/n-triples", triple).0,
        201
    );
    assert_eq!(
        send(s.port, "PUT", &links, "application/n-triples", triple).0,
        204
    );
    assert_eq!(count(s.port), 1);
    let more = "@prefix owl: <http://www.w3.org/2002/07/owl#> . <https://w3id.org/zhikg/id/y> owl:sameAs <http://www.wikidata.org/entity/Q30> .";
    assert_eq!(send(s.port, "POST", &links, "text/turtle", more).0, 204);
    assert_eq!(count(s.port), 2);
    let (status, _, body) = get(s.port, &links, "application/n-triples");
    assert_eq!(status, 200);
    assert_eq!(body.lines().count(), 2, "{body}");
    // A bad body changes nothing.
    let (status, body) = send(s.port, "PUT", &links, "text/turtle", "<a> <b> .");
    assert_eq!(status, 400, "{body}");
    assert_eq!(count(s.port), 2);
    // SPARQL 1.1 Update, as a body and as a form field.
    let insert = format!(
        "INSERT DATA {{ GRAPH <{SAME_AS}> {{ <https://w3id.org/zhikg/id/z> owl:sameAs <http://www.wikidata.org/entity/Q1> }} }}"
    );
    assert_eq!(
        send(
            s.port,
            "POST",
            "/update",
            "application/sparql-update",
            &insert
        )
        .0,
        204
    );
    assert_eq!(count(s.port), 3);
    let delete = format!(
        "update={}",
        encode(&format!(
            "DELETE WHERE {{ GRAPH <{SAME_AS}> {{ <https://w3id.org/zhikg/id/z> ?p ?o }} }}"
        ))
    );
    assert_eq!(
        send(
            s.port,
            "POST",
            "/query",
            "application/x-www-form-urlencoded",
            &delete
        )
        .0,
        204
    );
    assert_eq!(count(s.port), 2);
    assert_eq!(
        send(
            s.port,
            "POST",
            "/update",
            "application/sparql-update",
            "INSERT DATA {"
        )
        .0,
        400
    );
    // DELETE drops the graph; the documents are untouched.
    assert_eq!(send(s.port, "DELETE", &links, "text/plain", "").0, 204);
    assert_eq!(send(s.port, "DELETE", &links, "text/plain", "").0, 404);
    assert_eq!(count(s.port), 0);
    let (_, _, body) = post(s.port, "application/sparql-query", "text/csv", PERSONS);
    assert!(body.lines().count() > 3, "{body}");
}

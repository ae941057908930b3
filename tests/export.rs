//! Every export format checked by an independent reader: GraphViz for DOT,
//! NetworkX for GraphML, an RDF parser for JSON-LD, Turtle, TriG and N-Quads,
//! Neo4j's header conventions for CSV.

mod common;

use common::{sample_store, zhikg};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::{Quad, Triple};
use std::collections::BTreeSet;
use std::path::Path;

fn export(store: &Path, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    common::run(store, &all)
}

fn quads(bytes: &[u8], format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .map(|q| q.unwrap_or_else(|e| panic!("{format:?} does not parse: {e}")))
        .collect()
}

/// The quads as sorted N-Quads lines.
fn lines(qs: &[Quad]) -> BTreeSet<String> {
    qs.iter().map(|q| q.to_string()).collect()
}

/// Runs python3 (with rdflib and networkx, which `make test` installs) and
/// returns what it printed; it must succeed.
fn python3(args: &[&std::ffi::OsStr]) -> String {
    let out = std::process::Command::new("python3")
        .args(args)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "python3 {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The triples without blank nodes (which get new names in each syntax).
fn named(qs: &[Quad]) -> BTreeSet<String> {
    qs.iter()
        .map(|q| Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone()).to_string())
        .filter(|t| !t.contains("_:"))
        .collect()
}

#[test]
fn rdf_syntaxes_parse_back_to_the_same_graph() {
    let (_tmp, store) = sample_store();
    let nquads = quads(&export(&store, &["--format", "nquads"]), RdfFormat::NQuads);
    assert!(nquads.len() > 1000);
    let trig = quads(&export(&store, &["--format", "trig"]), RdfFormat::TriG);
    assert_eq!(lines(&trig), lines(&nquads), "TriG and N-Quads differ");
    let jsonld = quads(
        &export(&store, &["--format", "jsonld"]),
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    );
    assert_eq!(named(&jsonld), named(&nquads), "JSON-LD differs");
    // Compacted with the prefixes, and read the same by an independent reader.
    let tmp = tempfile::TempDir::new().unwrap();
    let file = tmp.path().join("g.jsonld");
    std::fs::write(&file, export(&store, &["--format", "jsonld"])).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with(r#"{"@context":{"zk":"https://w3id.org/zhikg/ontology#""#));
    assert!(
        text.contains(r#""zk:mentionOf":[{"@id":"id:"#),
        "keys and ids compacted"
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readers/rdflib_read.py");
    let out = python3(&[script.as_os_str(), "json-ld".as_ref(), file.as_os_str()]);
    let read: usize = out.trim().parse().unwrap();
    assert_eq!(read, nquads.len(), "rdflib reads another number of quads");
    let turtle = quads(&export(&store, &["--format", "turtle"]), RdfFormat::Turtle);
    assert_eq!(named(&turtle), named(&nquads), "Turtle differs");
}

#[test]
fn dot_is_accepted_by_graphviz() {
    let (tmp, store) = sample_store();
    let dot = tmp.path().join("g.dot");
    std::fs::write(&dot, export(&store, &["--format", "dot", "--clusters"])).unwrap();
    let status = std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot)
        .arg("-o")
        .arg(tmp.path().join("g.svg"))
        .status()
        .expect("GraphViz dot must be installed (make test installs it)");
    assert!(status.success());
    let svg = std::fs::read_to_string(tmp.path().join("g.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("清华大学"));
    // svg through the export command itself.
    let out = tmp.path().join("pic/graph.svg");
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["export", "--format", "svg", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out).unwrap().contains("<svg"));
}

#[test]
fn graphml_is_read_by_networkx_with_its_attributes() {
    let (tmp, store) = sample_store();
    // A label with every XML special character and one XML cannot carry.
    common::run(
        &store,
        &[
            "update",
            "INSERT DATA { GRAPH <https://w3id.org/zhikg/entities> { <https://w3id.org/zhikg/id/institution/x> a zk:Institution ; rdfs:label \"A&B <\\\"C\\\"> 'D'\\u0001\" ; zk:partOf <https://w3id.org/zhikg/id/institution/清华大学> } }",
        ],
    );
    let path = tmp.path().join("g.graphml");
    std::fs::write(&path, export(&store, &["--format", "graphml"])).unwrap();
    let script = r#"
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
assert g.number_of_nodes() > 10, g.number_of_nodes()
labels = {d["label"]: d for _, d in g.nodes(data=True)}
assert "A&B <\"C\"> 'D'" in labels, sorted(labels)
n = labels["清华大学"]
assert n["type"] == "Institution" and isinstance(n["pagerank"], float) and isinstance(n["community"], int), n
assert any(d["predicate"] == "partOf" and d["label"] == "隶属于" for _, _, d in g.edges(data=True))
print("ok", g.number_of_nodes(), g.number_of_edges())
"#;
    python3(&["-c".as_ref(), script.as_ref(), path.as_os_str()]);
}

#[test]
fn csv_follows_neo4j_import_headers() {
    let (tmp, store) = sample_store();
    let dir = tmp.path().join("neo4j");
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["export", "--format", "csv", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let nodes = std::fs::read_to_string(dir.join("nodes.csv")).unwrap();
    let rels = std::fs::read_to_string(dir.join("relationships.csv")).unwrap();
    let header: Vec<&str> = nodes.lines().next().unwrap().split(',').collect();
    assert_eq!(header.first(), Some(&"id:ID"));
    assert_eq!(header.last(), Some(&":LABEL"));
    assert!(rels.starts_with(":START_ID,:END_ID,:TYPE,"));
    let ids: BTreeSet<&str> = nodes
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    for l in rels.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        assert!(ids.contains(f[0]) && ids.contains(f[1]), "{l}");
    }
    // Ids are the entities' IRIs: another export names the same node alike.
    assert!(
        ids.iter()
            .all(|id| id.starts_with("https://w3id.org/zhikg/id/")),
        "{ids:?}"
    );
    let people = tmp.path().join("people");
    zhikg()
        .arg("--store")
        .arg(&store)
        .args([
            "export",
            "--format",
            "csv",
            "--types",
            "Person,Institution",
            "--out",
        ])
        .arg(&people)
        .assert()
        .success();
    let other = std::fs::read_to_string(people.join("nodes.csv")).unwrap();
    let shared: Vec<&str> = other
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .filter(|id| ids.contains(id))
        .collect();
    assert!(!shared.is_empty() && shared.len() == other.lines().count() - 1);
}

#[test]
fn all_exports_every_entity_and_the_default_says_what_it_shows() {
    let (_tmp, store) = sample_store();
    let count = |args: &[&str]| -> (usize, String) {
        let out = zhikg()
            .arg("--store")
            .arg(&store)
            .args(["export", "--format", "graphml"])
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        (
            text.matches("<node ").count(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (default, said) = count(&[]);
    assert!(said.contains("--all for every entity"), "{said}");
    let (all, _) = count(&["--all"]);
    let entities = common::count(
        &store,
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { VALUES ?c { <https://w3id.org/zhikg/ontology#Person> <https://w3id.org/zhikg/ontology#Institution> <https://w3id.org/zhikg/ontology#Initiative> <https://w3id.org/zhikg/ontology#Concept> <https://w3id.org/zhikg/ontology#Place> } ?e a ?c }",
    );
    assert!(default < all, "{default} {all}");
    assert_eq!(all, entities);
}

#[test]
fn selections_focus_types_top_and_construct() {
    let (tmp, store) = sample_store();
    let g = String::from_utf8(export(
        &store,
        &["--format", "graphml", "--focus", "清华大学", "--depth", "1"],
    ))
    .unwrap();
    assert!(g.contains("清华大学算法治理研究院") && !g.contains("华东政法大学"));
    let g = String::from_utf8(export(
        &store,
        &["--format", "graphml", "--types", "Person,Institution"],
    ))
    .unwrap();
    assert!(!g.contains(">Initiative<") && g.contains(">Person<"));
    let g = String::from_utf8(export(&store, &["--format", "graphml", "--top", "3"])).unwrap();
    assert_eq!(g.matches("<node ").count(), 3);
    let q = tmp.path().join("q.rq");
    std::fs::write(
        &q,
        "CONSTRUCT { ?s zk:partOf ?o } WHERE { ?s zk:partOf ?o }",
    )
    .unwrap();
    let g = String::from_utf8(export(
        &store,
        &["--format", "graphml", "--construct", q.to_str().unwrap()],
    ))
    .unwrap();
    assert!(g.contains("partOf") && !g.contains("affiliatedWith"));
    let nt = String::from_utf8(export(
        &store,
        &["--format", "ntriples", "--construct", q.to_str().unwrap()],
    ))
    .unwrap();
    assert!(nt.lines().all(|l| l.contains("ontology#partOf")), "{nt}");
}

#[test]
fn analyze_prints_and_writes_measures() {
    let (_tmp, store) = sample_store();
    let out = zhikg()
        .arg("--store")
        .arg(&store)
        .args(["analyze", "--top", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("pagerank") && text.contains("communities"),
        "{text}"
    );
    let out = zhikg()
        .arg("--store")
        .arg(&store)
        .args([
            "query",
            "--format",
            "csv",
            "SELECT ?l ?pr WHERE { GRAPH <https://w3id.org/zhikg/analysis> { ?e zk:pagerank ?pr } ?e rdfs:label ?l } ORDER BY DESC(?pr) LIMIT 1",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
}

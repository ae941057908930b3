//! Every `zk:` term the code, the queries and the rule data use is declared in
//! the ontology.

mod common;

use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::BTreeSet;
use std::path::Path;

const ZK: &str = "https://w3id.org/zhikg/ontology#";

fn declared() -> BTreeSet<String> {
    let ttl =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/zhikg.ttl")).unwrap();
    let mut out = BTreeSet::new();
    for q in RdfParser::from_format(RdfFormat::Turtle).for_slice(&ttl) {
        let q = q.unwrap();
        if q.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
            && let Some(local) = q
                .subject
                .to_string()
                .trim_matches(['<', '>'])
                .strip_prefix(ZK)
        {
            out.insert(local.to_string());
        }
    }
    out
}

fn files(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// Local names after `zk:` or inside `zk("…")`.
fn used_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (marker, end) in [("zk:", None), ("zk(\"", Some('"'))] {
        for (i, _) in text.match_indices(marker) {
            let rest = &text[i + marker.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let closed = end.is_none_or(|e| rest[name.len()..].starts_with(e));
            let before = text[..i].chars().last();
            if !name.is_empty() && closed && !before.is_some_and(|c| c.is_ascii_alphanumeric()) {
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn every_used_term_is_declared() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let declared = declared();
    assert!(declared.contains("Person") && declared.contains("affiliatedWith"));
    let mut paths = Vec::new();
    files(&root.join("src"), "rs", &mut paths);
    files(&root.join("queries"), "rq", &mut paths);
    let mut used = BTreeSet::new();
    for p in &paths {
        for name in used_in(&std::fs::read_to_string(p).unwrap()) {
            used.insert((name, p.display().to_string()));
        }
    }
    // Predicates named by the trigger table.
    let triggers = std::fs::read_to_string(root.join("ontology/rules/triggers.tsv")).unwrap();
    for line in triggers
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let p = line.split('\t').nth(1).unwrap().trim().to_string();
        used.insert((p, "ontology/rules/triggers.tsv".into()));
    }
    // Predicates written as plain strings: `predicate: "…"` in the code and
    // the predicate list of the graph layer.
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap();
        for (i, _) in text.match_indices("predicate: \"") {
            let name: String = text[i + 12..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            used.insert((name, p.display().to_string()));
        }
    }
    for p in zhikg::graph::PREDICATES {
        used.insert((p.to_string(), "src/graph/mod.rs".into()));
    }
    // Classes named by the model.
    for t in zhikg::model::EntityType::ALL {
        used.insert((t.name().to_string(), "src/model/mod.rs".into()));
    }
    let missing: Vec<_> = used.iter().filter(|(n, _)| !declared.contains(n)).collect();
    assert!(missing.is_empty(), "undeclared zk: terms: {missing:?}");
    assert!(used.len() > 30, "too few uses found: {}", used.len());
}

#[test]
fn a_store_keeps_to_the_domains_and_ranges_of_the_ontology() {
    let (tmp, store) = common::sample_store();
    // One more source with a supported institution and a country as agent.
    let extra = tmp.path().join("extra.txt");
    std::fs::write(
        &extra,
        "中方支持联合国在全球治理中发挥核心作用。中国提出全球发展倡议。2025世界人工智能大会发布了《全球人工智能治理行动计划》。\n",
    )
    .unwrap();
    common::run(&store, &["ingest", extra.to_str().unwrap()]);
    let violations = |store: &Path| -> Vec<String> {
        let check = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/violations.rq");
        let out = common::run(
            store,
            &[
                "query",
                "--format",
                "csv",
                "--file",
                check.to_str().unwrap(),
            ],
        );
        String::from_utf8(out)
            .unwrap()
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect()
    };
    let supported = common::count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?a zk:supports ?i . ?i a zk:Institution }",
    );
    assert!(supported >= 1, "no institution supported");
    let by_event = common::count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?e zk:released ?i . ?e a zk:Initiative }",
    );
    assert!(by_event >= 1, "no event released anything");
    assert_eq!(violations(&store), Vec::<String>::new());
    // An initiative is a plan, a written work or an event.
    let kinds = common::count(
        &store,
        "SELECT (COUNT(?k) AS ?n) WHERE { zk:Initiative rdfs:subClassOf/owl:unionOf/rdf:rest*/rdf:first ?k }",
    );
    assert_eq!(kinds, 3);
    // A quote affiliated with something is caught.
    common::run(
        &store,
        &[
            "update",
            "INSERT DATA { GRAPH <https://w3id.org/zhikg/test> { <https://w3id.org/zhikg/id/q> a zk:Quote ; zk:affiliatedWith <https://w3id.org/zhikg/id/r> } }",
        ],
    );
    let found = violations(&store);
    assert!(
        found
            .iter()
            .any(|l| l.starts_with("https://w3id.org/zhikg/ontology#affiliatedWith,domain,1,")),
        "{found:?}"
    );
}

//! The command line as a user runs it, in temporary directories.

mod common;

use common::{query_json, sample_dir, sample_store, sorted_nquads, zhikg};
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn labels(store: &Path, class: &str) -> Vec<String> {
    let q = format!(
        "PREFIX zk: <https://w3id.org/zhikg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT DISTINCT ?l WHERE {{ ?e a zk:{class} ; rdfs:label ?l }} ORDER BY ?l"
    );
    query_json(store, &q)["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["l"]["value"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ingest_query_and_reingest() {
    let (tmp, store) = sample_store();
    let people = labels(&store, "Person");
    for p in ["林志远", "周敏", "陈立", "王静", "张维钧"] {
        assert!(
            people.contains(&p.to_string()),
            "{p} missing from {people:?}"
        );
    }
    // Unchanged files are skipped and change nothing.
    let before = query_json(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    );
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("ingest")
        .arg(tmp.path().join("docs"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "(3 unchanged, 0 failed): 0 documents",
        ));
    let after = query_json(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    );
    assert_eq!(before, after);
    // A changed file replaces what it asserted.
    let essay = tmp.path().join("docs/essay.md");
    std::fs::write(
        &essay,
        "# 新标题\n\n作者 赵 明\n\n复旦大学发布《数据治理白皮书》。\n",
    )
    .unwrap();
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("ingest")
        .arg(&essay)
        .assert()
        .success();
    let people = labels(&store, "Person");
    assert!(people.contains(&"赵明".to_string()));
    assert!(!people.contains(&"陈立".to_string()), "{people:?}");
}

#[test]
fn timings_give_every_stage_its_share_of_the_cpu() {
    let tmp = TempDir::new().unwrap();
    let out = zhikg()
        .arg("--store")
        .arg(tmp.path().join("store"))
        .args(["ingest", "--timings"])
        .arg(sample_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<(String, f64, f64)> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("stage "))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (
                f[0].to_string(),
                f[1].parse().unwrap(),
                f[3].trim_end_matches('%').parse().unwrap(),
            )
        })
        .collect();
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "read",
            "decode",
            "normalise",
            "structure",
            "segment",
            "tag",
            "extract",
            "resolve",
            "rdf",
            "write",
            "store"
        ],
        "{stdout}"
    );
    assert!(rows.iter().all(|r| r.1 >= 0.0 && r.2 >= 0.0), "{stdout}");
    let shares: f64 = rows.iter().map(|r| r.2).sum();
    assert!((shares - 100.0).abs() < 1.0, "{stdout}");
    let cpu = stdout.lines().find(|l| l.starts_with("cpu ")).unwrap();
    assert!(cpu.contains(" s of CPU in "), "{stdout}");
}

#[test]
fn every_named_query_runs_on_the_sample() {
    let (_tmp, store) = sample_store();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 6);
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# "),
            "{} lacks a comment header",
            path.display()
        );
        let mut cmd = zhikg();
        cmd.arg("--store")
            .arg(&store)
            .args(["query", "--format", "json", "--file"])
            .arg(&path);
        for line in text.lines().filter_map(|l| l.strip_prefix("# example: ")) {
            cmd.args(line.split_whitespace());
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rows = v["results"]["bindings"].as_array().unwrap();
        assert!(!rows.is_empty(), "{} returned no rows", path.display());
    }
}

#[test]
fn query_by_name_in_each_format() {
    let (_tmp, store) = sample_store();
    for (format, needle) in [
        ("table", "林志远"),
        ("csv", "person,institution"),
        ("tsv", "?person"),
        ("xml", "<sparql"),
    ] {
        zhikg()
            .arg("--store")
            .arg(&store)
            .args(["query", "--name", "people", "--format", format])
            .assert()
            .success()
            .stdout(predicate::str::contains(needle));
    }
    zhikg()
        .arg("--store")
        .arg(&store)
        .args([
            "query",
            "--format",
            "turtle",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s a zk:Person ; ?p ?o } LIMIT 3",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("@prefix zk:"));
}

#[test]
fn export_dot_and_stats() {
    let (tmp, store) = sample_store();
    let dot = tmp.path().join("g/graph.dot");
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["export", "--format", "dot", "--out"])
        .arg(&dot)
        .assert()
        .success();
    let text = std::fs::read_to_string(&dot).unwrap();
    assert!(text.starts_with("digraph zhikg {"));
    assert!(text.contains("cluster_legend") && text.contains("清华大学"));
    // The legend says what size and arrow labels mean.
    assert!(text.contains("legend_size [label=\"字越大，PageRank 越高"));
    assert!(text.contains("legend_edges [label=\"箭头上的词是关系"));
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("Person").and(predicate::str::contains("affiliatedWith")));
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["export", "--format", "nquads"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "<https://w3id.org/zhikg/ontology#Document>",
        ));
}

#[test]
fn extract_offsets_point_into_the_input() {
    let file = sample_dir().join("essay.md");
    let text: Vec<char> = std::fs::read_to_string(&file).unwrap().chars().collect();
    let out = zhikg()
        .args(["extract", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entities = v["entities"].as_array().unwrap();
    assert!(!entities.is_empty());
    for e in entities {
        let label = e["label"].as_str().unwrap();
        let aliases: Vec<&str> = e["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        for m in e["mentions"].as_array().unwrap() {
            let (s, t) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let surface: String = text[s..t]
                .iter()
                .filter(|c| !c.is_whitespace() && !"“”《》".contains(**c))
                .collect();
            assert!(
                surface == label || aliases.contains(&surface.as_str()),
                "{label}: {surface:?} at {s}..{t}"
            );
        }
    }
    assert_eq!(v["documents"][0]["creators"][0], "陈立");
}

#[test]
fn bad_inputs_fail_clearly() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = tmp.path().join("blob.txt");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 1, 2, 0xff]).unwrap();
    let good = tmp.path().join("good.txt");
    std::fs::write(&good, "国家互联网信息办公室发布《网络数据安全管理条例》。").unwrap();
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("ingest")
        .args([&empty, &binary, &good])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("1 document,"))
        .stderr(predicate::str::contains("empty.txt: empty file"))
        .stderr(predicate::str::contains("blob.txt: binary file"));
    // Malformed SPARQL: one line with line and column.
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["query", "SELECT ?x WHERE {\n  ?x ?y }}"])
        .assert()
        .code(1)
        .stderr(predicate::str::is_match(r"SPARQL syntax error: .*2:\d+").unwrap());
    // A slash in a prefixed name: where the parser stopped, not its character classes.
    let out = zhikg()
        .arg("--store")
        .arg(&store)
        .args([
            "update",
            "INSERT DATA { id:institution/x a zk:Institution }",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("unexpected text at `/x a zk:Institution"),
        "{err}"
    );
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["query", "--name", "nosuchquery"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown query name \"nosuchquery\"",
        ));
    // A store path that is a file.
    zhikg()
        .arg("--store")
        .arg(&good)
        .arg("ingest")
        .arg(&good)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("exists and is not a directory"));
    zhikg()
        .arg("--store")
        .arg(tmp.path().join("missing"))
        .arg("ingest")
        .arg(tmp.path().join("nope.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nope.txt: no such file"));
}

#[test]
fn gbk_file_ingests_with_its_names() {
    let tmp = TempDir::new().unwrap();
    let file = tmp.path().join("gbk.txt");
    let (bytes, _, _) =
        encoding_rs::GB18030.encode("# 会见\n\n国务院总理朱镕基会见了联合国秘书长。王珺参加。\n");
    std::fs::write(&file, &bytes).unwrap();
    let store = tmp.path().join("store");
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("ingest")
        .arg(&file)
        .assert()
        .success();
    let people = labels(&store, "Person");
    assert!(people.contains(&"朱镕基".to_string()), "{people:?}");
}

#[test]
fn stdin_and_environment_store() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("envstore");
    zhikg()
        .env("ZHIKG_STORE", &store)
        .args(["ingest", "-"])
        .write_stdin("# 标题\n\n清华大学发布《人工智能伦理指南》。\n")
        .assert()
        .success();
    assert!(labels(&store, "Institution").contains(&"清华大学".to_string()));
}

/// Three documents naming one body three ways: 国家互联网信息办公室, 国家网信办, 网信办.
fn merge_docs(dir: &Path) -> Vec<PathBuf> {
    let texts = [
        (
            "a.md",
            "# 甲\n\n国家互联网信息办公室发布《网络数据安全管理条例》。\n",
        ),
        ("b.md", "# 乙\n\n国家网信办副主任李明远出席会议。\n"),
        ("c.md", "# 丙\n\n网信办表示，将开展清朗系列专项行动。\n"),
    ];
    texts
        .iter()
        .map(|(name, text)| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect()
}

#[test]
fn one_node_across_documents_and_remove_keeps_the_rest() {
    let tmp = TempDir::new().unwrap();
    let docs = merge_docs(tmp.path());
    let store = tmp.path().join("store");
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("ingest")
        .args(&docs)
        .assert()
        .success();
    let q = "SELECT DISTINCT ?e ?alias WHERE { ?e rdfs:label \"国家互联网信息办公室\" . OPTIONAL { ?e skos:altLabel ?alias } }";
    let v = query_json(&store, q);
    let rows = v["results"]["bindings"].as_array().unwrap();
    let iris: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r["e"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(iris.len(), 1, "{rows:?}");
    let aliases: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["alias"]["value"].as_str())
        .collect();
    assert!(
        aliases.contains(&"国家网信办") && aliases.contains(&"网信办"),
        "{aliases:?}"
    );
    // Removing the first document keeps the entity (still named by the others)
    // and drops only what the first document asserted.
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("remove")
        .arg(&docs[0])
        .assert()
        .success();
    assert!(labels(&store, "Institution").contains(&"国家互联网信息办公室".to_string()));
    let released = query_json(&store, "ASK { ?s zk:released ?o }");
    assert_eq!(released["boolean"], false);
    let affiliated = query_json(
        &store,
        "ASK { ?p zk:affiliatedWith ?o . ?o rdfs:label \"国家互联网信息办公室\" }",
    );
    assert_eq!(affiliated["boolean"], true);
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["remove", "https://w3id.org/zhikg/id/doc/none/0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no such document"));
}

#[test]
fn ingesting_in_any_order_gives_identical_nquads() {
    let tmp = TempDir::new().unwrap();
    let docs = merge_docs(tmp.path());
    let mut dumps = Vec::new();
    for (i, order) in [[0, 1, 2], [2, 0, 1]].iter().enumerate() {
        let store = tmp.path().join(format!("store{i}"));
        for &d in order {
            zhikg()
                .arg("--store")
                .arg(&store)
                .arg("ingest")
                .arg(&docs[d])
                .assert()
                .success();
        }
        // Ingesting everything again changes nothing.
        zhikg()
            .arg("--store")
            .arg(&store)
            .arg("ingest")
            .args(&docs)
            .assert()
            .success();
        let out = zhikg()
            .arg("--store")
            .arg(&store)
            .args(["export", "--format", "nquads"])
            .output()
            .unwrap();
        assert!(out.status.success());
        dumps.push(out.stdout);
    }
    assert!(!dumps[0].is_empty());
    assert!(dumps[0] == dumps[1], "the two stores differ");
}

#[test]
fn provenance_and_explain_lead_to_the_sentence() {
    let (_tmp, store) = sample_store();
    let out = zhikg()
        .arg("--store")
        .arg(&store)
        .args([
            "query",
            "--format",
            "json",
            "--name",
            "provenance",
            "--param",
            "label=工业和信息化部",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["results"]["bindings"].as_array().unwrap();
    let released = rows
        .iter()
        .find(|r| r["relation"]["value"] == "released")
        .expect("a released edge");
    assert!(
        released["sentence"]["value"]
            .as_str()
            .unwrap()
            .contains("印发")
    );
    assert!(
        released["rule"]["value"]
            .as_str()
            .unwrap()
            .starts_with("trigger:")
    );
    let start: usize = released["start"]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let end: usize = released["end"]["value"].as_str().unwrap().parse().unwrap();
    let text: Vec<char> = std::fs::read_to_string(sample_dir().join("interview.md"))
        .unwrap()
        .chars()
        .collect();
    let span: String = text[start..end].iter().collect();
    assert!(span.starts_with("印发"), "{span}");
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["explain", "工业和信息化部"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("-released-> 可信人工智能产业发展行动计划")
                .and(predicate::str::contains("rule trigger:")),
        );
}

#[test]
fn query_output_into_a_closed_pipe_ends_quietly() {
    let (_tmp, store) = sample_store();
    let bin = assert_cmd::cargo::cargo_bin("zhikg");
    for format in ["table", "csv", "json"] {
        // `zhikg query … | head -1`: the reader leaves after one line.
        let script = format!(
            "{} --store {} query --format {format} 'SELECT * WHERE {{ ?s ?p ?o }}' | head -1 >/dev/null; exit ${{PIPESTATUS[0]}}",
            bin.display(),
            store.display()
        );
        let status = std::process::Command::new("bash")
            .arg("-c")
            .arg(&script)
            .status()
            .unwrap();
        assert!(status.success(), "{format}: {status}");
    }
}

#[test]
fn tables_shorten_iris_with_declared_prefixes() {
    let (_tmp, store) = sample_store();
    let out = zhikg()
        .arg("--store")
        .arg(&store)
        .args([
            "query",
            "SELECT ?p WHERE { ?e a zk:Person ; ?p ?l FILTER(?p = rdf:type) } LIMIT 1",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("rdf:type"), "{text}");
    // Every prefix a table prints can be used in a query without declaring it.
    zhikg()
        .arg("--store")
        .arg(&store)
        .args([
            "query",
            "ASK { ?d a zk:Document . FILTER(STRSTARTS(STR(?d), STR(id:))) }",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("true"));
}

#[test]
fn shards_loaded_equal_one_ingest() {
    let tmp = TempDir::new().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for f in ["essay.md", "interview.md", "news.md"] {
        std::fs::copy(sample_dir().join(f), docs.join(f)).unwrap();
    }
    // Two shards, extracted apart, as two jobs of a scheduler would.
    let shards = [
        (vec!["essay.md", "interview.md"], "a.nq"),
        (vec!["news.md"], "b.nq"),
    ];
    for (files, shard) in &shards {
        let out = zhikg()
            .args(["extract", "--format", "nquads"])
            .args(files.iter().map(|f| docs.join(f)))
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(!out.stdout.is_empty());
        std::fs::write(tmp.path().join(shard), out.stdout).unwrap();
    }
    let loaded = tmp.path().join("loaded");
    zhikg()
        .arg("--store")
        .arg(&loaded)
        .arg("load")
        .arg(tmp.path().join("a.nq"))
        .arg(tmp.path().join("b.nq"))
        .assert()
        .success()
        .stdout(predicate::str::contains("loaded"));
    let ingested = tmp.path().join("ingested");
    zhikg()
        .arg("--store")
        .arg(&ingested)
        .arg("ingest")
        .arg(&docs)
        .assert()
        .success();
    let (a, b) = (sorted_nquads(&loaded), sorted_nquads(&ingested));
    assert!(a.len() > 500, "{} quads", a.len());
    assert_eq!(a, b);
    // The loaded store knows its sources: ingesting them again changes nothing.
    zhikg()
        .arg("--store")
        .arg(&loaded)
        .arg("ingest")
        .arg(&docs)
        .assert()
        .success()
        .stdout(predicate::str::contains("(3 unchanged, 0 failed)"));
}

#[test]
fn a_bad_shard_is_refused_with_its_line_and_nothing_stored() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let shard = tmp.path().join("bad.nq");
    std::fs::write(
        &shard,
        "<https://w3id.org/zhikg/x> <https://w3id.org/zhikg/p> \"1\" <https://w3id.org/zhikg/g> .\nnot a quad\n",
    )
    .unwrap();
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("load")
        .arg(&shard)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.nq").and(predicate::str::contains("line 2")));
    let out = zhikg()
        .arg("--store")
        .arg(&store)
        .args([
            "query",
            "--format",
            "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/zhikg/g> { ?s ?p ?o } }",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("\n0"),
        "{out:?}"
    );
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["load", "x.xyz"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("x.xyz: unknown RDF syntax"));
}

#[test]
fn update_mends_the_graph_and_ingest_points_rdf_to_load() {
    let (tmp, store) = sample_store();
    let link = "INSERT DATA { GRAPH <https://w3id.org/zhikg/links> { <https://w3id.org/zhikg/id/x> owl:sameAs <http://www.wikidata.org/entity/Q148> } }";
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["update", link])
        .assert()
        .success()
        .stdout(predicate::str::contains("updated"));
    let ask = "ASK { ?s owl:sameAs <http://www.wikidata.org/entity/Q148> }";
    assert_eq!(query_json(&store, ask)["boolean"], true);
    // From stdin; then a query and a broken update are refused and change nothing.
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("update")
        .write_stdin("DELETE WHERE { GRAPH <https://w3id.org/zhikg/links> { ?s ?p ?o } }")
        .assert()
        .success();
    assert_eq!(query_json(&store, ask)["boolean"], false);
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["update", "SELECT * WHERE { ?s ?p ?o }"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not an update"));
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["update", "INSERT DATA { oops"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("SPARQL syntax error"));
    let ttl = tmp.path().join("links.ttl");
    std::fs::write(&ttl, "<https://w3id.org/zhikg/id/x> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q148> .\n").unwrap();
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("ingest")
        .arg(&ttl)
        .assert()
        .failure()
        .stderr(predicate::str::contains("load it with `zhikg load"));
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["load", "--graph", "https://w3id.org/zhikg/links"])
        .arg(&ttl)
        .assert()
        .success();
    assert_eq!(query_json(&store, ask)["boolean"], true);
}

#[test]
fn a_query_read_from_stdin() {
    let (_tmp, store) = sample_store();
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["query", "--format", "csv", "-"])
        .write_stdin("SELECT (COUNT(*) AS ?n) WHERE { ?p a zk:Person }")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("n\r\n"));
}

#[test]
fn rdf_xml_loads_into_the_graph_given() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let file = tmp.path().join("links.rdf");
    std::fs::write(
        &file,
        r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:owl="http://www.w3.org/2002/07/owl#">
  <rdf:Description rdf:about="https://w3id.org/zhikg/id/x">
    <owl:sameAs rdf:resource="http://www.wikidata.org/entity/Q148"/>
  </rdf:Description>
</rdf:RDF>
"#,
    )
    .unwrap();
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["load", "--graph", "https://w3id.org/zhikg/links"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("(1 quad)"));
    let json = query_json(
        &store,
        "SELECT ?o WHERE { GRAPH <https://w3id.org/zhikg/links> { ?s owl:sameAs ?o } }",
    );
    assert_eq!(
        json["results"]["bindings"][0]["o"]["value"],
        "http://www.wikidata.org/entity/Q148"
    );
}

#[test]
fn a_user_lexicon_teaches_a_name_and_the_store_records_it() {
    let tmp = TempDir::new().unwrap();
    let text = tmp.path().join("t.txt");
    std::fs::write(&text, "我们今天访问了星河智研院，见到了该院院长。\n").unwrap();
    let lexicon = tmp.path().join("mine.tsv");
    std::fs::write(&lexicon, "# my names\n星河智研院\tInstitution\t星河院\n").unwrap();
    let labels = |out: &[u8]| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_slice(out).unwrap();
        json["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{}:{}",
                    e["type"].as_str().unwrap(),
                    e["label"].as_str().unwrap()
                )
            })
            .collect()
    };
    let plain = zhikg()
        .args(["extract", "--format", "json"])
        .arg(&text)
        .output()
        .unwrap();
    assert!(!labels(&plain.stdout).contains(&"Institution:星河智研院".to_string()));
    let taught = zhikg()
        .arg("--lexicon")
        .arg(&lexicon)
        .args(["extract", "--format", "json"])
        .arg(&text)
        .output()
        .unwrap();
    assert!(labels(&taught.stdout).contains(&"Institution:星河智研院".to_string()));
    // The same from the environment.
    let env = zhikg()
        .env("ZHIKG_LEXICON", &lexicon)
        .args(["extract", "--format", "json"])
        .arg(&text)
        .output()
        .unwrap();
    assert_eq!(env.stdout, taught.stdout);
    // The store says which lexicons built it; without the lexicon the file is
    // extracted again.
    let store = tmp.path().join("store");
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("--lexicon")
        .arg(&lexicon)
        .arg("ingest")
        .arg(&text)
        .assert()
        .success();
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("user lexicons:"))
        .stdout(predicate::str::contains("mine.tsv (1 document)"));
    zhikg()
        .arg("--store")
        .arg(&store)
        .arg("ingest")
        .arg(&text)
        .assert()
        .success()
        .stdout(predicate::str::contains("(0 unchanged, 0 failed)"));
    // A bad line names its file and line.
    let bad = tmp.path().join("bad.tsv");
    std::fs::write(&bad, "# c\n星河智研院\tInstitutio\t\n").unwrap();
    zhikg()
        .arg("--lexicon")
        .arg(&bad)
        .args(["extract", "--format", "json"])
        .arg(&text)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.tsv:2: unknown type \"Institutio\"",
        ));
}

#[test]
fn a_data_folder_replaces_the_built_in_data() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("ontology");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology");
    for sub in ["lexicon", "rules", "model"] {
        std::fs::create_dir_all(data.join(sub)).unwrap();
        for e in std::fs::read_dir(root.join(sub)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, data.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    let article = sample_dir().join("news.md");
    let with_data = |file: &Path| {
        zhikg()
            .arg("--data")
            .arg(&data)
            .args(["extract", "--format", "json"])
            .arg(file)
            .assert()
    };
    let built_in = zhikg()
        .args(["extract", "--format", "json"])
        .arg(&article)
        .output()
        .unwrap();
    let from_folder = zhikg()
        .arg("--data")
        .arg(&data)
        .args(["extract", "--format", "json"])
        .arg(&article)
        .output()
        .unwrap();
    assert!(from_folder.status.success());
    assert_eq!(from_folder.stdout, built_in.stdout);
    // One more institution in the folder's own lexicon.
    let mut text = std::fs::read_to_string(data.join("lexicon/companies.tsv")).unwrap();
    text.push_str("星河智研院\tInstitution\t\n");
    std::fs::write(data.join("lexicon/companies.tsv"), text).unwrap();
    let one = tmp.path().join("t.txt");
    std::fs::write(&one, "我们今天访问了星河智研院。\n").unwrap();
    with_data(&one)
        .success()
        .stdout(predicate::str::contains("星河智研院"));
    // Keyword weights out of order are refused, naming file and line.
    let idf = data.join("model/idf.tsv");
    let text = std::fs::read_to_string(&idf).unwrap();
    let first = text.lines().position(|l| !l.starts_with('#')).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.swap(first, first + 1);
    std::fs::write(&idf, lines.join("\n")).unwrap();
    with_data(&one)
        .code(1)
        .stderr(predicate::str::contains(format!(
            "idf.tsv:{}: words must be sorted",
            first + 2
        )));
    std::fs::write(&idf, text).unwrap();
    // A folder without a rule file is refused, naming it.
    std::fs::remove_file(data.join("rules/surnames.txt")).unwrap();
    with_data(&article)
        .code(1)
        .stderr(predicate::str::contains("rules/surnames.txt is missing"));
}

#[test]
fn wrong_input_is_refused_with_the_valid_values_and_exit_2() {
    let (tmp, store) = sample_store();
    let s = store.to_str().unwrap();
    let refused = |args: &[&str], says: &str| {
        let out = zhikg().args(["--store", s]).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    };
    refused(
        &["export", "--format", "dot", "--predicates", "bogus"],
        "valid: all, affiliatedWith",
    );
    refused(
        &["export", "--format", "graphml", "--types", "Persn"],
        "valid: Person, Institution",
    );
    refused(
        &["export", "--format", "svg", "--focus", "不存在"],
        "--focus 不存在",
    );
    refused(&["analyze", "--predicates", "bogus"], "no such predicate");
    refused(
        &[
            "query",
            "--format",
            "turtle",
            "SELECT ?s WHERE { ?s a zk:Person }",
        ],
        "use table, csv, tsv, json or xml",
    );
    refused(
        &[
            "query",
            "--format",
            "csv",
            "CONSTRUCT { ?s a zk:Person } WHERE { ?s a zk:Person }",
        ],
        "json (JSON-LD)",
    );
    // `all` names every predicate.
    zhikg()
        .args([
            "--store",
            s,
            "export",
            "--format",
            "dot",
            "--predicates",
            "all",
        ])
        .assert()
        .success();
    // CONSTRUCT as JSON gives JSON-LD.
    let out = zhikg()
        .args([
            "--store",
            s,
            "query",
            "--format",
            "json",
            "CONSTRUCT { ?s a zk:Person } WHERE { ?s a zk:Person }",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["@context"]["zk"], "https://w3id.org/zhikg/ontology#");
    let nodes = json["@graph"].as_array().unwrap();
    assert!(!nodes.is_empty());
    assert!(
        nodes
            .iter()
            .all(|n| n["@id"].is_string() && n["rdf:type"].is_array())
    );
    // A folder that holds files but no store gets nothing written into it.
    let foreign = tmp.path().join("papers");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "x").unwrap();
    for args in [
        &["stats"][..],
        &["ingest", sample_dir().join("news.md").to_str().unwrap()],
    ] {
        let out = zhikg()
            .arg("--store")
            .arg(&foreign)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("is not a zhikg store"));
    }
    assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);
}

#[test]
fn messages_name_what_is_wrong_in_one_line() {
    let (_tmp, store) = sample_store();
    let s = store.to_str().unwrap();
    let out = zhikg()
        .args(["--store", s, "query", "SELECT ?s WHERE { ?s a foo:Bar }"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("prefix foo: is not declared"), "{err}");
    assert!(err.contains("built in: zk: id: rdf: rdfs:"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    zhikg()
        .args([
            "--store",
            s,
            "query",
            "SELECT ?p WHERE { ?p a zk:Person } LIMIT 1",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("(1 row)"));
    let tmp = TempDir::new().unwrap();
    zhikg()
        .arg("--store")
        .arg(tmp.path().join("one"))
        .arg("ingest")
        .arg(sample_dir().join("news.md"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ingested 1 file (0 unchanged, 0 failed): 1 document,",
        ));
}

#[test]
fn completions_man_pages_and_quiet_or_verbose_stderr() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = zhikg().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("zhikg") && script.contains("ingest"),
            "{shell}"
        );
        assert!(script.contains("lexicon"), "{shell}");
    }
    let out = zhikg().arg("man").output().unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH zhikg 1"),
        "{page}"
    );
    assert!(
        page.contains(".SH SUBCOMMANDS") || page.contains("ingest"),
        "{page}"
    );
    let tmp = TempDir::new().unwrap();
    zhikg()
        .args(["man", "--out"])
        .arg(tmp.path())
        .assert()
        .success();
    for page in ["zhikg.1", "zhikg-ingest.1", "zhikg-serve.1"] {
        assert!(tmp.path().join(page).is_file(), "{page}");
    }
    // Help shows examples.
    zhikg()
        .args(["export", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
    // -q keeps stderr to errors; -v says each file; RUST_LOG overrides.
    let ingest = |flags: &[&str], env: Option<&str>| {
        let store = TempDir::new().unwrap();
        let mut cmd = zhikg();
        cmd.arg("--store")
            .arg(store.path().join("s"))
            .args(flags)
            .arg("ingest")
            .arg(sample_dir());
        if let Some(e) = env {
            cmd.env("RUST_LOG", e);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let verbose = ingest(&["-v"], None);
    assert!(
        verbose.contains("ingested ") && verbose.contains("news.md"),
        "{verbose}"
    );
    let quiet = ingest(&["-q"], None);
    assert!(quiet.is_empty(), "{quiet}");
    let logged = ingest(&["-q"], Some("debug"));
    assert!(logged.contains("news.md"), "{logged}");
}

#[test]
fn the_help_in_the_readme_is_the_real_output() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let shown = readme
        .split("$ zhikg --help\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README shows `zhikg --help`");
    let mut cmd = zhikg();
    for (k, _) in std::env::vars() {
        if k.starts_with("ZHIKG_") {
            cmd.env_remove(k);
        }
    }
    let out = cmd.arg("--help").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), shown);
}

#[test]
fn a_query_file_of_dash_is_read_from_stdin() {
    let (_tmp, store) = sample_store();
    zhikg()
        .arg("--store")
        .arg(&store)
        .args(["query", "--format", "csv", "--file", "-"])
        .write_stdin("SELECT (COUNT(*) AS ?n) WHERE { ?p a zk:Person }")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("n\r\n"));
}

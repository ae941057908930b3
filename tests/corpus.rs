//! A store that holds a corpus: many documents naming the same entities.
//! Each entity is described once, whatever the number of documents naming it,
//! and removing documents one by one takes an entity away only with the last.

mod common;

use common::{count, query_json, run, sorted_nquads, zhikg};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const ENTITIES_GRAPH: &str = "https://w3id.org/zhikg/entities";

/// Sentences that name shared entities in different forms.
const SENTENCES: &[&str] = &[
    "国家互联网信息办公室发布《网络数据安全管理条例》。",
    "国家网信办副主任李明远出席会议并讲话。",
    "网信办表示，将开展清朗系列专项行动。",
    "清华大学公共管理学院教授周立群认为，数据安全需要多方协同。",
    "中国与东盟国家共同举办数字经济合作论坛。",
    "工业和信息化部印发《可信人工智能产业发展行动计划》。",
    "北京大学与清华大学联合发布人工智能治理报告。",
];

/// Writes `n` documents, each a different selection of the sentences.
fn corpus(dir: &Path, n: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    (0..n)
        .map(|i| {
            let mut text = format!("# 报道第{}篇\n\n", i + 1);
            for k in 0..4 {
                text.push_str(SENTENCES[(i * 3 + k * (i % 3 + 1)) % SENTENCES.len()]);
            }
            text.push('\n');
            let p = dir.join(format!("d{i:02}.md"));
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect()
}

fn ingest(store: &Path, paths: &[PathBuf], extra: &[&str]) {
    let mut cmd = zhikg();
    cmd.arg("--store")
        .arg(store)
        .arg("ingest")
        .args(paths)
        .args(extra);
    cmd.assert().success();
}

fn select(store: &Path, sparql: &str) -> Vec<BTreeMap<String, String>> {
    query_json(store, sparql)["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v["value"].as_str().unwrap().to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn one_description_per_entity_across_documents() {
    let tmp = TempDir::new().unwrap();
    let docs = corpus(&tmp.path().join("docs"), 12);
    let store = tmp.path().join("store");
    ingest(&store, &docs, &[]);
    for class in ["Person", "Institution", "Initiative", "Place", "Concept"] {
        let rows = count(
            &store,
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ ?e a zk:{class} ; rdfs:label ?l }}"),
        );
        let distinct = count(
            &store,
            &format!(
                "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE {{ ?e a zk:{class} ; rdfs:label ?l }}"
            ),
        );
        assert_eq!(rows, distinct, "{class}: labels repeated");
    }
    let persons = count(&store, "SELECT (COUNT(*) AS ?n) WHERE { ?p a zk:Person }");
    assert!(persons >= 2, "{persons} persons");
    // An entity named by many documents is still one row per alias.
    let rows = select(
        &store,
        "SELECT ?e ?a WHERE { ?e rdfs:label \"国家互联网信息办公室\" . OPTIONAL { ?e skos:altLabel ?a } }",
    );
    let aliases: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.get("a").map(String::as_str))
        .collect();
    assert_eq!(rows.len(), aliases.len().max(1), "{rows:?}");
    assert!(aliases.contains(&"网信办"), "{aliases:?}");
    // Every entity a document graph names is described in the entities graph,
    // and descriptions live nowhere else.
    let undescribed = count(
        &store,
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?d {{ ?m zk:mentionOf ?e }}
               FILTER NOT EXISTS {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e a ?c ; rdfs:label ?l }} }} }}"
        ),
    );
    assert_eq!(undescribed, 0);
    let elsewhere = count(
        &store,
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?e rdfs:label ?l }}
               FILTER(?g != <{ENTITIES_GRAPH}> && ?g != <https://w3id.org/zhikg/ontology>) }}"
        ),
    );
    assert_eq!(elsewhere, 0);
    let related = count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?d { ?s zk:relatedTo ?o } FILTER NOT EXISTS { ?s rdfs:label ?l } }",
    );
    assert_eq!(related, 0);
    // The commands that read the whole graph work on it.
    let analysis = String::from_utf8(run(&store, &["analyze", "--top", "3"])).unwrap();
    assert!(analysis.contains("pagerank"), "{analysis}");
    let graphml = String::from_utf8(run(&store, &["export", "--format", "graphml"])).unwrap();
    assert!(graphml.contains("国家互联网信息办公室"), "{graphml}");
    let stats = String::from_utf8(run(&store, &["stats"])).unwrap();
    assert!(stats.contains("Document           12"), "{stats}");
}

#[test]
fn a_shared_entity_goes_with_the_last_document_naming_it() {
    let tmp = TempDir::new().unwrap();
    let docs = corpus(&tmp.path().join("docs"), 9);
    let store = tmp.path().join("store");
    ingest(&store, &docs, &[]);
    let naming = |store: &Path| {
        count(
            store,
            "SELECT (COUNT(?d) AS ?n) WHERE { ?e rdfs:label \"清华大学\" . GRAPH ?d { ?m zk:mentionOf ?e } }",
        )
    };
    let described = |store: &Path| {
        count(
            store,
            "SELECT (COUNT(*) AS ?n) WHERE { ?e a ?c ; rdfs:label \"清华大学\" }",
        )
    };
    assert!(
        naming(&store) >= 3,
        "清华大学 named by {} documents",
        naming(&store)
    );
    for d in &docs {
        run(&store, &["remove", d.to_str().unwrap()]);
        let left = naming(&store);
        assert_eq!(
            described(&store),
            usize::from(left > 0),
            "after removing {}",
            d.display()
        );
    }
    assert_eq!(
        count(
            &store,
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/zhikg/ontology>) }"
        ),
        0
    );
}

#[test]
fn removing_a_document_gives_the_store_without_it() {
    for provenance in ["compact", "full"] {
        let tmp = TempDir::new().unwrap();
        let docs = corpus(&tmp.path().join("docs"), 8);
        let (a, b) = docs.split_at(5);
        let both = tmp.path().join("both");
        ingest(&both, a, &["--provenance", provenance]);
        ingest(&both, b, &["--provenance", provenance]);
        for d in b {
            run(&both, &["remove", d.to_str().unwrap()]);
        }
        let only = tmp.path().join("only");
        ingest(&only, a, &["--provenance", provenance]);
        assert_eq!(sorted_nquads(&both), sorted_nquads(&only), "{provenance}");
    }
}

#[test]
fn full_provenance_keeps_every_mention() {
    let tmp = TempDir::new().unwrap();
    let docs = corpus(&tmp.path().join("docs"), 3);
    let compact = tmp.path().join("compact");
    let full = tmp.path().join("full");
    ingest(&compact, &docs, &[]);
    ingest(&full, &docs, &["--provenance", "full"]);
    let spans = |store: &Path| -> usize {
        select(store, "SELECT ?s WHERE { ?m zk:spans ?s }")
            .iter()
            .map(|r| r["s"].split(' ').count())
            .sum()
    };
    let occurrences = count(
        &full,
        "SELECT (COUNT(*) AS ?n) WHERE { ?m zk:occurrence ?o . ?o zk:rule ?r ; zk:start ?s ; zk:sentence/zk:text ?t }",
    );
    assert_eq!(spans(&compact), spans(&full));
    // Mention records are typed where the store keeps full provenance.
    let records = |store: &Path, pattern: &str| {
        count(
            store,
            &format!("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m zk:mentionOf ?e {pattern} }}"),
        )
    };
    assert!(records(&full, "") > 10);
    assert_eq!(records(&full, ". ?m a zk:Mention"), records(&full, ""));
    assert_eq!(records(&compact, ". ?m a zk:Mention"), 0);
    assert!(occurrences >= spans(&full), "{occurrences} occurrences");
    let lean = count(
        &compact,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    );
    let rich = count(
        &full,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    );
    assert!(lean < rich, "{lean} vs {rich}");
}

/// Extracts `docs` in four shards at once, as a scheduler runs such jobs,
/// loads the shards into a store and checks it equals one ingest of all.
fn four_shards_equal_one_ingest(tmp: &Path, docs: &[PathBuf]) -> usize {
    let jobs: Vec<_> = (0..4)
        .map(|k| {
            let shard = tmp.join(format!("part{k}.nq"));
            let files: Vec<&PathBuf> = docs.iter().skip(k).step_by(4).collect();
            let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("zhikg"))
                .args(["extract", "--format", "nquads"])
                .args(files)
                .stdout(std::fs::File::create(&shard).unwrap())
                .spawn()
                .unwrap();
            (child, shard)
        })
        .collect();
    let mut shards = Vec::new();
    for (mut child, shard) in jobs {
        assert!(child.wait().unwrap().success());
        shards.push(shard);
    }
    let loaded = tmp.join("loaded");
    zhikg()
        .arg("--store")
        .arg(&loaded)
        .arg("load")
        .args(&shards)
        .assert()
        .success();
    let ingested = tmp.join("ingested");
    ingest(&ingested, docs, &[]);
    let (a, b) = (sorted_nquads(&loaded), sorted_nquads(&ingested));
    assert_eq!(a.len(), b.len());
    assert!(a == b, "the loaded shards differ from one ingest");
    // Each entity is described once in the loaded store too.
    let rows = select(
        &loaded,
        "SELECT ?l WHERE { ?p a <https://w3id.org/zhikg/ontology#Institution> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
    );
    let mut labels: Vec<&String> = rows.iter().map(|r| &r["l"]).collect();
    let n = labels.len();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), n);
    a.len()
}

#[test]
fn four_shards_extracted_in_parallel_load_into_one_ingest() {
    let tmp = TempDir::new().unwrap();
    let docs = corpus(&tmp.path().join("docs"), 24);
    let quads = four_shards_equal_one_ingest(tmp.path(), &docs);
    assert!(quads > 1000, "{quads} quads");
}

/// A 2 MB corpus of real paragraphs: the shared benchmark generator when it is
/// beside the checkout (`ZHIKG_BENCH_DIR` elsewhere), else the same recipe over
/// the bundled sample's paragraphs (a title and 8 to 40 paragraphs a file,
/// drawn with a fixed seed).
fn generated_corpus(dir: &Path, mb: usize) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bench = std::env::var_os("ZHIKG_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/bench"));
    let generator = bench.join("make_corpus.py");
    if generator.is_file() {
        let status = std::process::Command::new("python3")
            .arg(&generator)
            .arg(dir)
            .args(["--mb", &mb.to_string()])
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{} failed", generator.display());
    } else {
        let mut paragraphs = Vec::new();
        for f in ["essay.md", "interview.md", "news.md"] {
            let text = std::fs::read_to_string(root.join("tests/sample").join(f)).unwrap();
            paragraphs.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| l.chars().count() >= 20 && !l.starts_with('#'))
                    .map(str::to_string),
            );
        }
        std::fs::create_dir_all(dir).unwrap();
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let (mut written, mut i) = (0, 0);
        while written < mb << 20 {
            let mut text = format!("# 文档{i}\n\n");
            for _ in 0..8 + next(33) {
                text.push_str(&paragraphs[next(paragraphs.len())]);
                text.push_str("\n\n");
            }
            written += text.len();
            std::fs::write(dir.join(format!("doc{i:06}.md")), text).unwrap();
            i += 1;
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn a_generated_two_megabyte_corpus_in_four_shards_equals_one_ingest() {
    let tmp = TempDir::new().unwrap();
    let docs = generated_corpus(&tmp.path().join("docs"), 2);
    assert!(docs.len() > 100, "{} files", docs.len());
    let quads = four_shards_equal_one_ingest(tmp.path(), &docs);
    assert!(quads > 50_000, "{quads} quads");
    // Merging the ingest's sorted files leaves fewer files and the same quads.
    let store = tmp.path().join("ingested");
    let files = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "sst")
            })
            .count()
    };
    let (before, quads_before) = (files(&store), sorted_nquads(&store));
    let out = run(&store, &["optimize"]);
    let said = String::from_utf8(out).unwrap();
    assert!(said.starts_with("optimized in "), "{said}");
    assert!(files(&store) < before, "{said}");
    assert!(
        sorted_nquads(&store) == quads_before,
        "optimize changed the quads"
    );
}

#[test]
fn a_large_ingest_suggests_optimize_until_it_has_run() {
    let tmp = TempDir::new().unwrap();
    let docs = generated_corpus(&tmp.path().join("docs"), 5);
    let store = tmp.path().join("store");
    let ingest_note = || {
        let out = zhikg()
            .arg("--store")
            .arg(&store)
            .arg("ingest")
            .arg(tmp.path().join("docs"))
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    let first = ingest_note();
    assert!(
        first.contains("`zhikg optimize` merges them"),
        "{} files: {first}",
        docs.len()
    );
    run(&store, &["optimize"]);
    let again = ingest_note();
    assert!(!again.contains("optimize"), "{again}");
}

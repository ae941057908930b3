//! The relation test set of `tests/cases/relation_set.tsv`: sentences written
//! for the project, by category, with every typed relation each states.
//! Precision and recall over the whole set must reach 0.9 and 0.8.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;
use zhikg::resources::Resources;

/// The typed relations the set is scored on: all but the weighted ones.
fn typed(predicate: &str) -> bool {
    zhikg::graph::PREDICATES.contains(&predicate) && !matches!(predicate, "discusses" | "relatedTo")
}

fn res() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| Resources::load(true).expect("resources"))
}

type Triple = (String, String, String);

/// The typed relations found in `text`, and each surface form's label.
fn found(text: &str) -> (BTreeSet<Triple>, HashMap<String, String>) {
    let article = format!("# 例句\n\n{}\n", text.replace("\\n", "\n"));
    let source = zhikg::stages::read::decode("case.md", article.as_bytes()).unwrap();
    let set = zhikg::pipeline::process(source, res());
    let mut labels = HashMap::new();
    let mut triples = BTreeSet::new();
    for a in &set.articles {
        for e in &a.entities {
            for alias in &e.aliases {
                labels.insert(alias.clone(), e.label.clone());
            }
        }
        for r in a.relations.iter().filter(|r| typed(&r.predicate)) {
            triples.insert((r.subject.1.clone(), r.predicate.clone(), r.object.1.clone()));
        }
    }
    (triples, labels)
}

/// The label a surface form in the expected column stands for.
fn label(surface: &str, labels: &HashMap<String, String>) -> String {
    labels
        .get(surface)
        .cloned()
        .or_else(|| res().lexicon.get(surface).map(|e| e.label.clone()))
        .unwrap_or_else(|| surface.to_string())
}

#[test]
fn relation_set_precision_and_recall() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/relation_set.tsv");
    let table = std::fs::read_to_string(path).unwrap();
    let (mut tp, mut fp, mut fnn) = (0usize, 0usize, 0usize);
    let mut by_category: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut cases = 0;
    for (i, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "{path}:{}: expected 3 fields", i + 1);
        cases += 1;
        let (got, labels) = found(f[1]);
        let mut want = BTreeSet::new();
        if f[2] != "-" {
            for t in f[2].split(" ; ") {
                let parts: Vec<&str> = t.splitn(3, ' ').collect();
                assert_eq!(parts.len(), 3, "{path}:{}: bad triple {t:?}", i + 1);
                assert!(typed(parts[1]), "{path}:{}: predicate {}", i + 1, parts[1]);
                want.insert((
                    label(parts[0], &labels),
                    parts[1].to_string(),
                    label(parts[2], &labels),
                ));
            }
        }
        let hit = got.intersection(&want).count();
        let c = by_category.entry(f[0]).or_default();
        c.0 += hit;
        c.1 += got.len() - hit;
        c.2 += want.len() - hit;
        tp += hit;
        fp += got.len() - hit;
        fnn += want.len() - hit;
        if got != want {
            wrong.push(format!(
                "{path}:{}: missed {:?}, extra {:?}",
                i + 1,
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fnn).max(1) as f64;
    for (c, (t, p, n)) in &by_category {
        println!("{c}: tp={t} fp={p} fn={n}");
    }
    println!("relation set: P={precision:.3} R={recall:.3} (tp={tp} fp={fp} fn={fnn})");
    assert!(
        by_category.len() >= 12 && cases >= 150,
        "{cases} cases in {} categories",
        by_category.len()
    );
    assert!(
        precision >= 0.9 && recall >= 0.8,
        "P={precision:.3} R={recall:.3} below 0.9/0.8:\n{}",
        wrong.join("\n")
    );
}

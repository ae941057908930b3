//! The relation and quote cases of `tests/cases/relations.tsv`: small
//! examples written for the project, by family.

use std::sync::OnceLock;
use zhikg::model::DocumentSet;
use zhikg::resources::Resources;

fn res() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| Resources::load(true).expect("resources"))
}

fn run(text: &str) -> DocumentSet {
    let source = zhikg::stages::read::decode("example.md", text.as_bytes()).unwrap();
    zhikg::pipeline::process(source, res())
}

/// `subject predicate object` lines, with the role in brackets when there is one.
fn relations(text: &str) -> Vec<String> {
    let set = run(text);
    let mut out: Vec<String> = set
        .articles
        .iter()
        .flat_map(|a| &a.relations)
        .filter(|r| r.predicate != "relatedTo")
        .map(|r| {
            let role = r
                .role
                .as_ref()
                .map(|x| format!(" [{x}]"))
                .unwrap_or_default();
            format!("{} {} {}{role}", r.subject.1, r.predicate, r.object.1)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Why the case of `kind` and `expected` fails on `text`, or `None`.
fn check(kind: &str, expected: &str, text: &str) -> Option<String> {
    let set = run(text);
    let ok = match kind {
        "relation" => relations(text).iter().any(|r| r == expected),
        "weight" => set.articles.iter().flat_map(|a| &a.relations).any(|r| {
            format!(
                "{} {} {} {}",
                r.subject.1,
                r.predicate,
                r.object.1,
                r.weight.unwrap_or(0)
            ) == expected
        }),
        "quote" => set
            .articles
            .iter()
            .flat_map(|a| &a.quotes)
            .any(|q| format!("{}：{}", q.speaker.1, q.text) == expected),
        "no-quote" => set.articles.iter().all(|a| a.quotes.is_empty()),
        "no-relation" => !relations(text)
            .iter()
            .any(|r| r == expected || r.starts_with(&format!("{expected} ["))),
        other => return Some(format!("unknown kind {other:?}")),
    };
    (!ok).then(|| {
        format!(
            "{kind} {expected:?} fails on {text:?}: {:?}",
            relations(text)
        )
    })
}

#[test]
fn relation_cases_hold() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/relations.tsv");
    let table = std::fs::read_to_string(path).unwrap();
    let mut families = std::collections::BTreeSet::new();
    let mut failed = Vec::new();
    let mut n = 0;
    for (i, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "{path}:{}: expected 4 fields", i + 1);
        families.insert(f[0]);
        n += 1;
        let text = format!("{}\n", f[3].replace("\\n", "\n"));
        if let Some(why) = check(f[1], f[2], &text) {
            failed.push(format!("{path}:{}: {}: {why}", i + 1, f[0]));
        }
    }
    assert!(
        n > 20 && families.len() >= 10,
        "{n} cases in {} families",
        families.len()
    );
    assert!(
        failed.is_empty(),
        "{} cases failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

//! Snapshots of structure and extraction on the bundled sample: a change in
//! what zhikg finds shows up as a readable diff.

use std::fmt::Write;
use std::path::Path;
use zhikg::model::{BlockKind, DocumentSet};
use zhikg::resources::Resources;

fn process(name: &str, res: &Resources) -> DocumentSet {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sample")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let source = zhikg::stages::read::decode(name, &bytes).unwrap();
    zhikg::pipeline::process(source, res)
}

/// The structure: title, byline, paragraph kinds and speakers, sentence counts.
fn structure(set: &DocumentSet) -> String {
    let mut s = String::new();
    for ex in &set.articles {
        let a = &ex.article;
        writeln!(
            s,
            "article {}: {}",
            a.index,
            a.title.as_deref().unwrap_or("-")
        )
        .unwrap();
        for (role, list) in [
            ("creator", &a.creators),
            ("host", &a.hosts),
            ("guest", &a.guests),
        ] {
            for b in list {
                let units: Vec<String> = b
                    .units
                    .iter()
                    .map(|u| format!("{} ({})", u.unit, u.role.as_deref().unwrap_or("-")))
                    .collect();
                writeln!(s, "  {role}: {} | {}", b.name, units.join("; ")).unwrap();
            }
        }
        for p in &a.paragraphs {
            let head: String = p.text.text.chars().take(16).collect();
            let kind = match p.kind {
                BlockKind::Title => "title",
                BlockKind::Heading => "heading",
                BlockKind::Byline => "byline",
                BlockKind::Body => "body",
            };
            writeln!(
                s,
                "  [{kind}] speaker={} sentences={} {head}…",
                p.speaker.as_deref().unwrap_or("-"),
                p.sentences.len()
            )
            .unwrap();
        }
    }
    s
}

/// What was extracted: entities by class, relations, quotes.
fn extraction(set: &DocumentSet) -> String {
    let mut s = String::new();
    for ex in &set.articles {
        for e in &ex.entities {
            let rules: std::collections::BTreeSet<String> = e
                .mentions
                .iter()
                .map(|&i| ex.mentions[i].rule.to_string())
                .collect();
            writeln!(
                s,
                "{:<11} {} {:?} {:?}",
                e.entity_type.name(),
                e.label,
                e.aliases,
                rules
            )
            .unwrap();
        }
        for r in &ex.relations {
            writeln!(
                s,
                "relation {} {} {}{} [{}]",
                r.subject.1,
                r.predicate,
                r.object.1,
                r.role
                    .as_ref()
                    .map(|x| format!(" ({x})"))
                    .unwrap_or_default(),
                r.rule
            )
            .unwrap();
        }
        for q in &ex.quotes {
            writeln!(s, "quote {}: {}", q.speaker.1, q.text).unwrap();
        }
    }
    s
}

#[test]
fn sample_structure_and_extraction() {
    let res = Resources::load(true).unwrap();
    for name in ["interview.md", "essay.md", "news.md"] {
        let set = process(name, &res);
        insta::assert_snapshot!(format!("structure_{name}"), structure(&set));
        insta::assert_snapshot!(format!("extraction_{name}"), extraction(&set));
    }
}

//! The entity cases of `tests/cases/entities.tsv` (small examples written for
//! the project, by rule family), and the check that the lexicons load without
//! duplicates or conflicts.

use std::sync::OnceLock;
use zhikg::model::EntityType;
use zhikg::resources::Resources;

fn res() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| Resources::load(true).expect("resources"))
}

/// (class, label, rules) of every entity found in `text`.
fn entities(text: &str) -> Vec<(EntityType, String, Vec<String>)> {
    let source = zhikg::stages::read::decode("example.md", text.as_bytes()).unwrap();
    let set = zhikg::pipeline::process(source, res());
    let mut out = Vec::new();
    for ex in &set.articles {
        for e in &ex.entities {
            let mut rules: Vec<String> = e
                .mentions
                .iter()
                .map(|&i| ex.mentions[i].rule.to_string())
                .collect();
            rules.sort();
            rules.dedup();
            out.push((e.entity_type, e.label.clone(), rules));
        }
    }
    out
}

/// The surface forms of the mentions of `class` in `text`.
fn surfaces(text: &str, class: EntityType) -> Vec<String> {
    let source = zhikg::stages::read::decode("example.md", text.as_bytes()).unwrap();
    let set = zhikg::pipeline::process(source, res());
    let mut out: Vec<String> = set
        .articles
        .iter()
        .flat_map(|ex| ex.mentions.iter())
        .filter(|m| m.entity_type == class)
        .map(|m| m.surface.clone())
        .collect();
    out.sort();
    out
}

#[test]
fn lexicons_load_without_duplicates_or_conflicts() {
    let lexicon = zhikg::data::load_lexicon().expect("lexicons load");
    assert!(lexicon.entries().len() > 2000);
    // Abbreviations resolve to the full name.
    assert_eq!(
        lexicon.get("国家网信办").map(|e| e.label.as_str()),
        Some("国家互联网信息办公室")
    );
    assert!(zhikg::data::load_rules().is_ok());
}

/// One row of the case table.
struct Case {
    family: String,
    expect: String,
    class: Option<EntityType>,
    label: String,
    text: String,
    note: String,
}

fn cases() -> Vec<Case> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/entities.tsv");
    let table = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for (i, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() >= 5, "{path}:{}: expected 5 or 6 fields", i + 1);
        let class = (!f[2].is_empty()).then(|| {
            EntityType::ALL
                .into_iter()
                .find(|t| t.name() == f[2])
                .unwrap_or_else(|| panic!("{path}:{}: no class {}", i + 1, f[2]))
        });
        out.push(Case {
            family: f[0].into(),
            expect: f[1].into(),
            class,
            label: f[3].into(),
            text: format!("# 甲\n\n{}\n", f[4].replace("\\n", "\n")),
            note: f.get(5).unwrap_or(&"").to_string(),
        });
    }
    out
}

/// Why `case` fails, or `None` when it holds.
fn check(case: &Case) -> Option<String> {
    let got = entities(&case.text);
    let class = case.class;
    let ok = match case.expect.as_str() {
        "has" => got
            .iter()
            .any(|(c, l, _)| Some(*c) == class && *l == case.label),
        "lacks" => !got.iter().any(|(_, l, _)| *l == case.label),
        "rules" => got.iter().any(|(c, l, rules)| {
            Some(*c) == class && *l == case.label && rules.join(",") == case.note
        }),
        "surface" => class.is_some_and(|c| surfaces(&case.text, c).contains(&case.label)),
        "no-class-containing" => !got
            .iter()
            .any(|(c, l, _)| Some(*c) == class && l.contains(&case.label)),
        other => return Some(format!("unknown expectation {other:?}")),
    };
    (!ok).then(|| {
        format!(
            "{} {} {:?}: got {got:?}",
            case.expect, case.label, case.text
        )
    })
}

#[test]
fn entity_cases_hold() {
    let cases = cases();
    assert!(cases.len() > 50, "too few cases: {}", cases.len());
    let families: std::collections::BTreeSet<&str> =
        cases.iter().map(|c| c.family.as_str()).collect();
    assert!(families.len() > 15, "too few families: {families:?}");
    let failed: Vec<String> = cases
        .iter()
        .filter_map(|c| check(c).map(|why| format!("{}: {why}", c.family)))
        .collect();
    assert!(
        failed.is_empty(),
        "{} cases failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

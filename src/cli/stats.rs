//! `zhikg stats`: the store → counts of documents, entities, relations and triples.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::*;

/// Runs `zhikg stats`.
pub fn run(store: &Path) -> Result<ExitCode> {
    let store = open_reader(store)?;
    print_stats(&store)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) const STATS_CLASSES: &str = "SELECT ?class (COUNT(?e) AS ?n) WHERE {
  VALUES ?c { zk:Document zk:Person zk:Institution zk:Initiative zk:Concept zk:Place zk:Quote }
  ?e a ?c .
  BIND(STRAFTER(STR(?c), \"#\") AS ?class)
} GROUP BY ?class ORDER BY ?class";

/// The user lexicons documents were extracted with, and how many each.
pub(super) const STATS_LEXICONS: &str = "SELECT ?lexicon (COUNT(DISTINCT ?d) AS ?n) WHERE {
  ?d zk:userLexicon ?lexicon
} GROUP BY ?lexicon ORDER BY ?lexicon";

/// Distinct edges per predicate: an edge several documents assert counts once.
pub(super) fn stats_relations() -> String {
    let preds: Vec<String> = zhikg::graph::PREDICATES
        .iter()
        .map(|p| format!("zk:{p}"))
        .collect();
    format!(
        "SELECT ?predicate (COUNT(*) AS ?n) WHERE {{
  SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {} }} ?s ?p ?o }}
}} GROUP BY (STRAFTER(STR(?p), \"#\") AS ?predicate) ORDER BY ?predicate",
        preds.join(" ")
    )
}

pub(super) fn print_stats(store: &Store) -> Result<()> {
    let (_, classes) = store.select(STATS_CLASSES)?;
    let (_, preds) = store.select(&stats_relations())?;
    let cell = |r: &Vec<Option<String>>, i: usize| r.get(i).cloned().flatten().unwrap_or_default();
    say!("classes:");
    for r in &classes {
        say!("  {:<12} {:>8}", cell(r, 0), cell(r, 1));
    }
    say!("relations:");
    for r in &preds {
        say!("  {:<16} {:>8}", cell(r, 0), cell(r, 1));
    }
    let (_, lexicons) = store.select(STATS_LEXICONS)?;
    if !lexicons.is_empty() {
        say!("user lexicons:");
        for r in &lexicons {
            say!(
                "  {} ({})",
                cell(r, 0),
                counted(cell(r, 1).parse().unwrap_or(0), "document", "documents")
            );
        }
    }
    say!("triples: {}", store.len()?);
    Ok(())
}

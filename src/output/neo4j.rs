//! Neo4j bulk-import CSV of an entity graph (`neo4j-admin database import`).
//!
//! Input: a selected and measured entity graph.
//! Output: the contents of `nodes.csv` and `relationships.csv`.
//! Invariant: a node's id is its entity IRI, so the files of two exports
//! merge; fields are quoted as CSV needs (the `csv` crate); arrays are
//! `;`-separated.

use crate::graph::EntityGraph;
use crate::model::Labels;
use petgraph::visit::EdgeRef;

/// Rows as CSV text.
fn csv_text(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Neo4j bulk-import CSV (`neo4j-admin database import`): `nodes.csv` and
/// `relationships.csv` contents, arrays separated by `;`.
pub fn neo4j_csv(g: &EntityGraph, labels: &Labels) -> (String, String) {
    let nodes = csv_text(
        &[
            "id:ID",
            "label",
            "aliases:string[]",
            "degree:int",
            "pagerank:double",
            "betweenness:double",
            "community:int",
            "component:int",
            ":LABEL",
        ],
        g.node_indices().map(|i| {
            let n = &g[i];
            let m = n.measures;
            vec![
                n.iri.clone(),
                n.label.clone(),
                n.aliases.join(";"),
                m.degree.to_string(),
                format!("{:.6}", m.pagerank),
                format!("{:.6}", m.betweenness),
                m.community.to_string(),
                m.component.to_string(),
                n.class.clone(),
            ]
        }),
    );
    let rels = csv_text(
        &[":START_ID", ":END_ID", ":TYPE", "label", "weight:double"],
        g.edge_references().map(|e| {
            let w = e.weight();
            vec![
                g[e.source()].iri.clone(),
                g[e.target()].iri.clone(),
                w.predicate.clone(),
                labels.get(&w.predicate).to_string(),
                w.weight.to_string(),
            ]
        }),
    );
    (nodes, rels)
}

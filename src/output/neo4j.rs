//! Neo4j bulk-import CSV of an entity graph (`neo4j-admin database import`).
//!
//! Input: a selected and measured entity graph.
//! Output: the contents of `nodes.csv` and `relationships.csv`.
//! Invariant: fields are quoted where CSV needs it; arrays are `;`-separated.

use crate::graph::EntityGraph;
use crate::model::Labels;
use petgraph::visit::EdgeRef;
use std::fmt::Write as _;

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Neo4j bulk-import CSV (`neo4j-admin database import`): `nodes.csv` and
/// `relationships.csv` contents, arrays separated by `;`.
pub fn neo4j_csv(g: &EntityGraph, labels: &Labels) -> (String, String) {
    let mut nodes = String::from(
        "id:ID,label,aliases:string[],iri,degree:int,pagerank:double,betweenness:double,community:int,component:int,:LABEL\n",
    );
    for i in g.node_indices() {
        let n = &g[i];
        let m = n.measures;
        let _ = writeln!(
            nodes,
            "n{},{},{},{},{},{:.6},{:.6},{},{},{}",
            i.index(),
            csv_field(&n.label),
            csv_field(&n.aliases.join(";")),
            csv_field(&n.iri),
            m.degree,
            m.pagerank,
            m.betweenness,
            m.community,
            m.component,
            csv_field(&n.class)
        );
    }
    let mut rels = String::from(":START_ID,:END_ID,:TYPE,label,weight:double\n");
    for e in g.edge_references() {
        let w = e.weight();
        let _ = writeln!(
            rels,
            "n{},n{},{},{},{}",
            e.source().index(),
            e.target().index(),
            csv_field(&w.predicate),
            csv_field(labels.get(&w.predicate)),
            w.weight
        );
    }
    (nodes, rels)
}

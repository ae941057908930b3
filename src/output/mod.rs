//! Output formats: rows and graphs → text for people and other tools.
//!
//! Input: query rows, extractions and entity graphs.
//! Output: terminal tables, extraction JSON, DOT, GraphML, Neo4j CSV and
//! pictures rendered by GraphViz.
//! Invariant: no store access; the same value gives the same text.

pub mod dot;
pub mod graphml;
pub mod json;
pub mod neo4j;
pub mod render;
pub mod table;

pub use dot::dot;
pub use graphml::graphml;
pub use neo4j::neo4j_csv;
pub use render::render;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::EntityGraph;
    use crate::graph::{Edge, Node, NodeMeasures};

    fn sample() -> EntityGraph {
        let mut g = EntityGraph::new();
        let node = |iri: &str, class: &str, label: &str| Node {
            iri: iri.into(),
            class: class.into(),
            label: label.into(),
            aliases: vec!["别名,甲".into()],
            measures: NodeMeasures::default(),
        };
        let a = g.add_node(node("a", "Person", "薛\"澜"));
        let b = g.add_node(node("b", "Institution", "清华<大学>"));
        g.add_edge(
            a,
            b,
            Edge {
                predicate: "affiliatedWith".into(),
                weight: 1.0,
            },
        );
        crate::graph::measure(g)
    }

    #[test]
    fn formats_escape_and_carry_attributes() {
        let g = sample();
        let labels = crate::graph::labels().unwrap();
        let d = dot(&g, &labels, true);
        assert!(d.contains("label=\"薛\\\"澜\" shape=ellipse") && d.contains("label=\"任职于\""));
        assert!(d.contains("cluster_0") && d.contains("cluster_legend"));
        let x = graphml(&g, &labels);
        assert!(x.contains("清华&lt;大学&gt;") && x.contains("<data key=\"e1\">任职于</data>"));
        let (nodes, rels) = neo4j_csv(&g, &labels);
        assert!(nodes.starts_with("id:ID,label,aliases:string[]"));
        assert!(nodes.contains("\"别名,甲\""));
        assert_eq!(rels.lines().nth(1), Some("a,b,affiliatedWith,任职于,1"));
    }
}

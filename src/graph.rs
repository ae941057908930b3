//! The entity graph: typed relations read from the store → a petgraph graph,
//! and its GraphViz DOT picture.
//!
//! Input: rows of (subject, class, label, predicate, object, class, label).
//! Output: a `petgraph` graph of entities and labelled edges; DOT text with a
//! colour and shape per class, Chinese labels and a legend.
//! Invariant: deterministic: nodes and edges are ordered by IRI, so the same
//! store always gives the same DOT.

use crate::error::Result;
use crate::rdf::ZK;
use crate::store::Store;
use petgraph::dot::{Config, Dot};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A node of the entity graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub iri: String,
    pub class: String,
    pub label: String,
}

/// An edge: the `zk:` predicate's local name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub predicate: String,
}

/// The entity graph.
pub type EntityGraph = DiGraph<Node, Edge>;

/// The query reading every relation between entities.
const EDGES: &str = "PREFIX zk: <https://w3id.org/zhikg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?st ?sl ?p ?o ?ot ?ol WHERE {
  ?s ?p ?o .
  ?s a ?st ; rdfs:label ?sl .
  ?o a ?ot ; rdfs:label ?ol .
    FILTER(STRSTARTS(STR(?p), STR(zk:)) && ?p != zk:relatedTo)
  FILTER(?st IN (zk:Person, zk:Institution, zk:Initiative, zk:Concept, zk:Place))
  FILTER(?ot IN (zk:Person, zk:Institution, zk:Initiative, zk:Concept, zk:Place))
} ORDER BY ?s ?p ?o";

/// Reads the entity graph from the store.
pub fn load(store: &Store) -> Result<EntityGraph> {
    let (_, rows) = store.select(EDGES)?;
    let mut g = EntityGraph::new();
    let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
    let local = |s: &str| s.strip_prefix(ZK).unwrap_or(s).to_string();
    for r in rows {
        let get = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
        let mut node = |iri: String, class: String, label: String, g: &mut EntityGraph| {
            *index.entry(iri.clone()).or_insert_with(|| {
                g.add_node(Node {
                    iri,
                    class: local(&class),
                    label,
                })
            })
        };
        let s = node(get(0), get(1), get(2), &mut g);
        let o = node(get(4), get(5), get(6), &mut g);
        let predicate = local(&get(3));
        if !g
            .edges_connecting(s, o)
            .any(|e| e.weight().predicate == predicate)
        {
            g.add_edge(s, o, Edge { predicate });
        }
    }
    Ok(g)
}

/// Keeps the `top` nodes with the highest degree (ties by IRI) and the edges
/// among them.
pub fn top(g: &EntityGraph, top: usize) -> EntityGraph {
    let mut nodes: Vec<NodeIndex> = g.node_indices().collect();
    nodes.sort_by(|&a, &b| {
        let da = g.neighbors_undirected(a).count();
        let db = g.neighbors_undirected(b).count();
        db.cmp(&da).then(g[a].iri.cmp(&g[b].iri))
    });
    let keep: std::collections::HashSet<NodeIndex> = nodes.into_iter().take(top).collect();
    g.filter_map(
        |i, n| keep.contains(&i).then(|| n.clone()),
        |_, e| Some(e.clone()),
    )
}

/// Chinese name, colour and shape of each class.
const STYLE: &[(&str, &str, &str, &str)] = &[
    ("Person", "人物", "#F4A261", "ellipse"),
    ("Institution", "机构", "#2A9D8F", "box"),
    ("Initiative", "倡议/规划/法律/会议", "#E9C46A", "hexagon"),
    ("Concept", "概念", "#A8DADC", "note"),
    ("Place", "地点", "#B5838D", "house"),
];

/// Chinese labels of the predicates.
const PREDICATES: &[(&str, &str)] = &[
    ("affiliatedWith", "任职于"),
    ("partOf", "隶属于"),
    ("proposed", "提出"),
    ("released", "发布"),
    ("hosted", "主办"),
    ("presided", "主持"),
    ("attended", "出席"),
    ("supports", "支持"),
    ("advocates", "倡导"),
    ("establishedUnder", "框架下设立"),
    ("discusses", "谈及"),
    ("relatedTo", "相关"),
];

fn style(class: &str) -> (&'static str, &'static str) {
    STYLE
        .iter()
        .find(|s| s.0 == class)
        .map_or(("#DDDDDD", "ellipse"), |s| (s.2, s.3))
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Renders the graph as DOT with a legend.
pub fn dot(g: &EntityGraph) -> String {
    let node_attr = |_: &EntityGraph, (_, n): (NodeIndex, &Node)| {
        let (fill, shape) = style(&n.class);
        format!(
            "label=\"{}\" shape={shape} style=filled fillcolor=\"{fill}\" tooltip=\"{}\"",
            escape(&n.label),
            escape(&n.iri)
        )
    };
    let edge_attr = |_: &EntityGraph, e: petgraph::graph::EdgeReference<'_, Edge>| {
        let p = &e.weight().predicate;
        let zh = PREDICATES
            .iter()
            .find(|x| x.0 == p)
            .map_or(p.as_str(), |x| x.1);
        format!("label=\"{}\"", escape(zh))
    };
    let body = format!(
        "{:?}",
        Dot::with_attr_getters(
            g,
            &[Config::EdgeNoLabel, Config::NodeNoLabel],
            &edge_attr,
            &node_attr
        )
    );
    let mut head = String::new();
    let font = "Noto Sans CJK SC,WenQuanYi Micro Hei,Source Han Sans SC,sans-serif";
    let _ = writeln!(
        head,
        "    graph [rankdir=LR fontname=\"{font}\" overlap=false splines=true]"
    );
    let _ = writeln!(head, "    node [fontname=\"{font}\" fontsize=11]");
    let _ = writeln!(
        head,
        "    edge [fontname=\"{font}\" fontsize=9 color=\"#555555\"]"
    );
    let mut legend = String::from("    subgraph cluster_legend {\n        label=\"图例 Legend\"\n");
    for (class, zh, fill, shape) in STYLE {
        let _ = writeln!(
            legend,
            "        legend_{class} [label=\"{zh} {class}\" shape={shape} style=filled fillcolor=\"{fill}\"]"
        );
    }
    legend.push_str("    }\n");
    let body = body.replacen("digraph {\n", &format!("digraph {{\n{head}"), 1);
    match body.rfind('}') {
        Some(end) => format!("{}{legend}}}\n", &body[..end]),
        None => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_has_styles_labels_and_legend() {
        let mut g = EntityGraph::new();
        let a = g.add_node(Node {
            iri: "a".into(),
            class: "Person".into(),
            label: "薛澜".into(),
        });
        let b = g.add_node(Node {
            iri: "b".into(),
            class: "Institution".into(),
            label: "清华大学".into(),
        });
        g.add_edge(
            a,
            b,
            Edge {
                predicate: "affiliatedWith".into(),
            },
        );
        let d = dot(&g);
        assert!(d.contains("label=\"薛澜\" shape=ellipse"));
        assert!(
            d.contains("0 -> 1 [ label=\"任职于\"") || d.contains("0 -> 1 [label=\"任职于\""),
            "{d}"
        );
        assert!(d.contains("cluster_legend"));
        assert!(d.trim_end().ends_with('}'));
    }
}

//! The entity graph: relations read from the store → a petgraph graph, with
//! selection (types, predicates, document, weight, ego graph, top by PageRank)
//! and the analytics measures of every node.
//!
//! Input: the store (or the triples of a CONSTRUCT query) and a [`Selection`].
//! Output: an [`EntityGraph`] whose nodes carry class, label, aliases and
//! measures, and whose edges carry the `zk:` predicate and a weight.
//! Invariant: deterministic: nodes are added in IRI order and edges in
//! (subject, predicate, object) order, so the same store and selection always
//! give the same graph.

pub mod analysis;

use crate::error::Result;
pub use crate::model::{Labels, NodeMeasures};
use crate::rdf::vocab::{ENTITIES_GRAPH, ZK, sparql_prefixes};
use crate::store::Store;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};

/// A node of the entity graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub iri: String,
    pub class: String,
    pub label: String,
    pub aliases: Vec<String>,
    pub measures: NodeMeasures,
}

/// An edge: the `zk:` predicate's local name and its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub predicate: String,
    pub weight: f64,
}

/// The entity graph.
pub type EntityGraph = DiGraph<Node, Edge>;

/// Which part of the graph to take.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Entity classes to keep (empty: all).
    pub types: Vec<String>,
    /// Predicates to keep (empty: every predicate but `relatedTo`).
    pub predicates: Vec<String>,
    /// Only what this document asserted (a source path or a document IRI).
    pub document: Option<String>,
    /// Drop edges lighter than this.
    pub min_weight: f64,
    /// Keep the neighbourhood of the entity with this label.
    pub focus: Option<String>,
    /// Depth of that neighbourhood.
    pub depth: usize,
    /// Keep the `top` nodes by PageRank.
    pub top: Option<usize>,
    /// Keep entities without an edge in the selection too.
    pub isolated: bool,
}

const CLASSES: &str = "zk:Person, zk:Institution, zk:Initiative, zk:Concept, zk:Place";

/// A `VALUES` block binding `var` to IRIs.
fn values(var: &str, iris: &[String]) -> String {
    let list: Vec<String> = iris.iter().map(|i| format!("<{i}>")).collect();
    format!("VALUES ?{var} {{ {} }}", list.join(" "))
}

/// Edges between entities: each (subject, predicate, object) with the
/// documents asserting it. Every document graph states an edge once, so the
/// rows are read once each, whatever the corpus size.
fn edges_query(predicates: &[String], graphs: Option<&[String]>) -> String {
    let graphs = graphs.map(|g| values("g", g)).unwrap_or_default();
    format!(
        "SELECT ?s ?p ?o (COUNT(?g) AS ?n) WHERE {{
  {} {graphs}
  GRAPH ?g {{ ?s ?p ?o }}
}} GROUP BY ?s ?p ?o",
        values("p", predicates)
    )
}

/// Weights a document gives its edges (co-occurrence counts, how often a
/// speaker discusses a topic); an edge without one weighs 1.
fn weights_query(predicates: &[String], graphs: Option<&[String]>) -> String {
    let graphs = graphs.map(|g| values("g", g)).unwrap_or_default();
    format!(
        "{}SELECT ?g ?s ?p ?o (MAX(?w) AS ?weight) WHERE {{
  {} {graphs}
  GRAPH ?g {{ ?a zk:predicate ?p ; zk:weight ?w ; zk:subject ?s ; zk:object ?o }}
}} GROUP BY ?g ?s ?p ?o",
        sparql_prefixes(),
        values("p", predicates)
    )
}

/// Classes, labels and aliases of entities, from the entities graph.
fn nodes_query() -> String {
    format!(
        "{}SELECT ?e ?c ?l ?alias WHERE {{
  GRAPH <{ENTITIES_GRAPH}> {{
    ?e a ?c ; rdfs:label ?l .
    FILTER(?c IN ({CLASSES}))
    OPTIONAL {{ ?e skos:altLabel ?alias }}
  }}
}}",
        sparql_prefixes()
    )
}

/// Class, label and aliases of each entity, by IRI.
type Entities = BTreeMap<String, (String, String, Vec<String>)>;

/// Labels of every entity, by IRI.
fn entities(store: &Store) -> Result<Entities> {
    let (_, rows) = store.select(&nodes_query())?;
    let mut out: Entities = BTreeMap::new();
    for r in rows {
        let get = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
        let e = out
            .entry(get(0))
            .or_insert_with(|| (local(&get(1)), get(2), Vec::new()));
        let alias = get(3);
        if !alias.is_empty() && !e.2.contains(&alias) {
            e.2.push(alias);
        }
    }
    for e in out.values_mut() {
        e.2.sort();
    }
    Ok(out)
}

fn local(s: &str) -> String {
    s.strip_prefix(ZK).unwrap_or(s).to_string()
}

/// Builds a graph from weighted (subject, predicate, object) IRIs.
fn build(
    edges: impl IntoIterator<Item = (String, String, String, f64)>,
    entities: &Entities,
    sel: &Selection,
) -> EntityGraph {
    let keep_pred = |p: &str| {
        if sel.predicates.is_empty() {
            p != "relatedTo"
        } else {
            sel.predicates.iter().any(|x| x == p)
        }
    };
    let keep_class =
        |c: &str| sel.types.is_empty() || sel.types.iter().any(|t| t.eq_ignore_ascii_case(c));
    let mut kept: Vec<(String, String, String, f64)> = edges
        .into_iter()
        .filter(|(s, p, o, w)| {
            keep_pred(p)
                && *w >= sel.min_weight
                && entities.get(s).is_some_and(|e| keep_class(&e.0))
                && entities.get(o).is_some_and(|e| keep_class(&e.0))
        })
        .collect();
    kept.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
    let mut iris: BTreeSet<&String> = kept.iter().flat_map(|(s, _, o, _)| [s, o]).collect();
    if sel.isolated {
        iris.extend(
            entities
                .iter()
                .filter(|(_, e)| keep_class(&e.0))
                .map(|(iri, _)| iri),
        );
    }
    let mut g = EntityGraph::new();
    let mut index: BTreeMap<&String, NodeIndex> = BTreeMap::new();
    for iri in iris {
        let (class, label, aliases) = entities[iri].clone();
        index.insert(
            iri,
            g.add_node(Node {
                iri: iri.clone(),
                class,
                label,
                aliases,
                measures: NodeMeasures::default(),
            }),
        );
    }
    for (s, p, o, w) in &kept {
        g.add_edge(
            index[s],
            index[o],
            Edge {
                predicate: p.clone(),
                weight: *w,
            },
        );
    }
    g
}

/// Reads the entity graph from the store, selects, and measures it.
pub fn load(store: &Store, sel: &Selection) -> Result<EntityGraph> {
    let predicates: Vec<String> = if sel.predicates.is_empty() {
        PREDICATES
            .iter()
            .filter(|p| **p != "relatedTo")
            .map(|p| format!("{ZK}{p}"))
            .collect()
    } else {
        sel.predicates.iter().map(|p| format!("{ZK}{p}")).collect()
    };
    let graphs = match &sel.document {
        Some(d) => Some(
            store
                .document_graphs(d)?
                .into_iter()
                .map(|g| g.as_str().to_string())
                .collect::<Vec<_>>(),
        ),
        None => None,
    };
    if graphs.as_ref().is_some_and(|g| g.is_empty()) {
        return Ok(EntityGraph::new());
    }
    let cell = |r: &[Option<String>], i: usize| r.get(i).cloned().flatten().unwrap_or_default();
    let mut weights: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    let (_, rows) = store.select(&edges_query(&predicates, graphs.as_deref()))?;
    for r in rows {
        let n: f64 = cell(&r, 3).parse().unwrap_or(1.0);
        weights.insert((cell(&r, 0), local(&cell(&r, 1)), cell(&r, 2)), n);
    }
    // A weighted edge counts its weight, not 1, for the document giving it.
    let (_, rows) = store.select(&weights_query(&predicates, graphs.as_deref()))?;
    for r in rows {
        let w: f64 = cell(&r, 4).parse().unwrap_or(1.0);
        if let Some(total) = weights.get_mut(&(cell(&r, 1), local(&cell(&r, 2)), cell(&r, 3))) {
            *total += w - 1.0;
        }
    }
    let edges = weights.into_iter().map(|((s, p, o), w)| (s, p, o, w));
    let g = build(edges, &entities(store)?, sel);
    Ok(select(g, sel))
}

/// Builds the graph of the entity-to-entity `zk:` triples of a CONSTRUCT result.
pub fn from_triples(
    store: &Store,
    triples: &[(String, String, String)],
    sel: &Selection,
) -> Result<EntityGraph> {
    let entities = entities(store)?;
    let edges = triples
        .iter()
        .filter(|(_, p, _)| p.starts_with(ZK))
        .map(|(s, p, o)| (s.clone(), local(p), o.clone(), 1.0));
    Ok(select(build(edges, &entities, sel), sel))
}

/// Applies the ego and top-N selections and measures the result.
fn select(g: EntityGraph, sel: &Selection) -> EntityGraph {
    let mut g = measure(g);
    if let Some(label) = &sel.focus {
        let starts: Vec<NodeIndex> = g
            .node_indices()
            .filter(|&i| g[i].label == *label || g[i].aliases.contains(label))
            .collect();
        let mut seen: HashSet<NodeIndex> = starts.iter().copied().collect();
        let mut queue: VecDeque<(NodeIndex, usize)> = starts.into_iter().map(|i| (i, 0)).collect();
        while let Some((i, d)) = queue.pop_front() {
            if d >= sel.depth {
                continue;
            }
            let mut next: Vec<NodeIndex> = g.neighbors_undirected(i).collect();
            next.sort();
            for n in next {
                if seen.insert(n) {
                    queue.push_back((n, d + 1));
                }
            }
        }
        g = measure(keep(&g, &seen));
    }
    if let Some(top) = sel.top {
        let mut nodes: Vec<NodeIndex> = g.node_indices().collect();
        nodes.sort_by(|&a, &b| {
            g[b].measures
                .pagerank
                .total_cmp(&g[a].measures.pagerank)
                .then(g[a].iri.cmp(&g[b].iri))
        });
        let chosen: HashSet<NodeIndex> = nodes.into_iter().take(top).collect();
        g = measure(keep(&g, &chosen));
    }
    g
}

/// The subgraph on `nodes`, in the original order.
fn keep(g: &EntityGraph, nodes: &HashSet<NodeIndex>) -> EntityGraph {
    g.filter_map(
        |i, n| nodes.contains(&i).then(|| n.clone()),
        |_, e| Some(e.clone()),
    )
}

/// Computes every node's measures.
pub fn measure(mut g: EntityGraph) -> EntityGraph {
    let edges: Vec<(usize, usize, f64)> = g
        .edge_references()
        .map(|e| (e.source().index(), e.target().index(), e.weight().weight))
        .collect();
    let m = analysis::analyse(g.node_count(), &edges);
    for i in g.node_indices() {
        let k = i.index();
        g[i].measures = NodeMeasures {
            degree: m.degree[k],
            pagerank: m.pagerank[k],
            betweenness: m.betweenness[k],
            community: m.community[k],
            component: m.component[k],
        };
    }
    g
}

/// The predicates between entities, typed relations first.
pub const PREDICATES: &[&str] = &[
    "affiliatedWith",
    "partOf",
    "proposed",
    "released",
    "hosted",
    "presided",
    "attended",
    "supports",
    "advocates",
    "establishedUnder",
    "discusses",
    "relatedTo",
];

/// The labels pictures and exports show: the ontology's `@zh` labels and
/// the picture words of the data.
pub fn labels() -> Result<Labels> {
    let mut labels = crate::rdf::labels(crate::data::ONTOLOGY_TTL, "ontology/zhikg.ttl")?;
    for (key, label) in crate::data::picture_labels()? {
        labels.insert(key, label);
    }
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities() -> Entities {
        [
            ("a", "Person", "甲"),
            ("b", "Institution", "乙"),
            ("c", "Initiative", "丙"),
            ("d", "Person", "丁"),
        ]
        .into_iter()
        .map(|(i, c, l)| (i.to_string(), (c.to_string(), l.to_string(), Vec::new())))
        .collect()
    }

    fn edges() -> Vec<(String, String, String, f64)> {
        [
            ("a", "affiliatedWith", "b", 1.0),
            ("b", "released", "c", 2.0),
            ("d", "relatedTo", "a", 3.0),
        ]
        .into_iter()
        .map(|(s, p, o, w)| (s.to_string(), p.to_string(), o.to_string(), w))
        .collect()
    }

    #[test]
    fn selection_by_predicate_type_weight_focus_and_top() {
        let all = build(edges(), &entities(), &Selection::default());
        assert_eq!((all.node_count(), all.edge_count()), (3, 2));
        let related = Selection {
            predicates: vec!["relatedTo".into()],
            ..Selection::default()
        };
        assert_eq!(build(edges(), &entities(), &related).edge_count(), 1);
        let people = Selection {
            types: vec!["Person".into(), "Institution".into()],
            ..Selection::default()
        };
        assert_eq!(build(edges(), &entities(), &people).edge_count(), 1);
        let heavy = Selection {
            min_weight: 2.0,
            ..Selection::default()
        };
        assert_eq!(build(edges(), &entities(), &heavy).edge_count(), 1);
        let ego = Selection {
            focus: Some("甲".into()),
            depth: 1,
            ..Selection::default()
        };
        let g = select(build(edges(), &entities(), &ego), &ego);
        let labels: Vec<&str> = g.node_indices().map(|i| g[i].label.as_str()).collect();
        assert_eq!(labels, vec!["甲", "乙"]);
        let top = Selection {
            top: Some(1),
            ..Selection::default()
        };
        let g = select(build(edges(), &entities(), &top), &top);
        let everything = Selection {
            isolated: true,
            ..Selection::default()
        };
        assert!(build(edges(), &entities(), &everything).node_count() >= all.node_count());
        assert_eq!(g[NodeIndex::new(0)].label, "乙");
    }
}

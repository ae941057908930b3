//! GraphML of an entity graph, with the node and edge attributes NetworkX,
//! Gephi and yEd read.
//!
//! Input: a selected and measured entity graph.
//! Output: GraphML text.
//! Invariant: deterministic output; text is XML-escaped and control
//! characters XML cannot carry are dropped.

use crate::graph::EntityGraph;
use crate::model::Labels;
use petgraph::visit::EdgeRef;
use std::fmt::Write as _;

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// GraphML with node and edge attributes that NetworkX, Gephi and yEd read.
pub fn graphml(g: &EntityGraph, labels: &Labels) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, for_, name, ty) in [
        ("d0", "node", "type", "string"),
        ("d1", "node", "label", "string"),
        ("d2", "node", "aliases", "string"),
        ("d3", "node", "iri", "string"),
        ("d4", "node", "degree", "int"),
        ("d5", "node", "pagerank", "double"),
        ("d6", "node", "betweenness", "double"),
        ("d7", "node", "community", "int"),
        ("d8", "node", "component", "int"),
        ("e0", "edge", "predicate", "string"),
        ("e1", "edge", "label", "string"),
        ("e2", "edge", "weight", "double"),
    ] {
        let _ = writeln!(
            s,
            "  <key id=\"{id}\" for=\"{for_}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    s.push_str("  <graph id=\"zhikg\" edgedefault=\"directed\">\n");
    for i in g.node_indices() {
        let n = &g[i];
        let m = n.measures;
        let _ = writeln!(s, "    <node id=\"n{}\">", i.index());
        for (key, value) in [
            ("d0", n.class.clone()),
            ("d1", n.label.clone()),
            ("d2", n.aliases.join(";")),
            ("d3", n.iri.clone()),
            ("d4", m.degree.to_string()),
            ("d5", format!("{:.6}", m.pagerank)),
            ("d6", format!("{:.6}", m.betweenness)),
            ("d7", m.community.to_string()),
            ("d8", m.component.to_string()),
        ] {
            let _ = writeln!(s, "      <data key=\"{key}\">{}</data>", xml_escape(&value));
        }
        s.push_str("    </node>\n");
    }
    for (k, e) in g.edge_references().enumerate() {
        let w = e.weight();
        let _ = writeln!(
            s,
            "    <edge id=\"e{k}\" source=\"n{}\" target=\"n{}\">\n      <data key=\"e0\">{}</data>\n      <data key=\"e1\">{}</data>\n      <data key=\"e2\">{}</data>\n    </edge>",
            e.source().index(),
            e.target().index(),
            xml_escape(&w.predicate),
            xml_escape(labels.get(&w.predicate)),
            w.weight
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

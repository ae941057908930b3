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
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::io;

/// `s` without the control characters XML 1.0 cannot carry.
fn xml_text(s: &str) -> String {
    s.chars()
        .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The attribute keys: id, what they belong to, name and type.
const KEYS: [(&str, &str, &str, &str); 12] = [
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
];

/// GraphML with node and edge attributes that NetworkX, Gephi and yEd read.
pub fn graphml(g: &EntityGraph, labels: &Labels) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into memory cannot fail.
    let _ = write(&mut w, g, labels);
    let mut out = String::from_utf8(w.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

fn write(w: &mut Writer<Vec<u8>>, g: &EntityGraph, labels: &Labels) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("graphml")
        .with_attributes([
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ])
        .write_inner_content(|w| {
            for (id, for_, name, ty) in KEYS {
                w.create_element("key")
                    .with_attributes([
                        ("id", id),
                        ("for", for_),
                        ("attr.name", name),
                        ("attr.type", ty),
                    ])
                    .write_empty()?;
            }
            w.create_element("graph")
                .with_attributes([("id", "zhikg"), ("edgedefault", "directed")])
                .write_inner_content(|w| {
                    for i in g.node_indices() {
                        let n = &g[i];
                        let m = n.measures;
                        let data = [
                            ("d0", n.class.clone()),
                            ("d1", n.label.clone()),
                            ("d2", n.aliases.join(";")),
                            ("d3", n.iri.clone()),
                            ("d4", m.degree.to_string()),
                            ("d5", format!("{:.6}", m.pagerank)),
                            ("d6", format!("{:.6}", m.betweenness)),
                            ("d7", m.community.to_string()),
                            ("d8", m.component.to_string()),
                        ];
                        w.create_element("node")
                            .with_attribute(("id", format!("n{}", i.index()).as_str()))
                            .write_inner_content(|w| write_data(w, &data))?;
                    }
                    for (k, e) in g.edge_references().enumerate() {
                        let edge = e.weight();
                        let data = [
                            ("e0", edge.predicate.clone()),
                            ("e1", labels.get(&edge.predicate).to_string()),
                            ("e2", edge.weight.to_string()),
                        ];
                        w.create_element("edge")
                            .with_attributes([
                                ("id", format!("e{k}").as_str()),
                                ("source", format!("n{}", e.source().index()).as_str()),
                                ("target", format!("n{}", e.target().index()).as_str()),
                            ])
                            .write_inner_content(|w| write_data(w, &data))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn write_data(w: &mut Writer<Vec<u8>>, data: &[(&str, String)]) -> io::Result<()> {
    for (key, value) in data {
        w.create_element("data")
            .with_attribute(("key", *key))
            .write_text_content(BytesText::new(&xml_text(value)))?;
    }
    Ok(())
}

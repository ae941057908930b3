//! Graph exports: an [`EntityGraph`] → GraphViz DOT, GraphML, Neo4j import
//! CSV, and SVG/PNG through the GraphViz programs.
//!
//! Input: a selected and measured entity graph.
//! Output: text in each format (the CSV as two files' contents).
//! Invariant: deterministic output for the same graph; labels are escaped for
//! each format; every node carries its class, label, aliases and measures.

use crate::error::{Error, Result};
use crate::graph::{EntityGraph, predicate_zh};
use petgraph::visit::EdgeRef;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// Chinese name, colour and shape of each class.
const STYLE: &[(&str, &str, &str, &str)] = &[
    ("Person", "人物", "#F4A261", "ellipse"),
    ("Institution", "机构", "#2A9D8F", "box"),
    ("Initiative", "倡议/规划/法律/会议", "#E9C46A", "hexagon"),
    ("Concept", "概念", "#A8DADC", "note"),
    ("Place", "地点", "#B5838D", "house"),
];

/// Fonts able to draw Chinese, best first.
const FONT: &str = "Noto Sans CJK SC,WenQuanYi Micro Hei,Source Han Sans SC,sans-serif";

fn style(class: &str) -> (&'static str, &'static str) {
    STYLE
        .iter()
        .find(|s| s.0 == class)
        .map_or(("#DDDDDD", "ellipse"), |s| (s.2, s.3))
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// GraphViz DOT: colour and shape per class, node size by PageRank, Chinese
/// edge labels, a legend, and with `clusters` one box per community.
pub fn dot(g: &EntityGraph, clusters: bool) -> String {
    let mut s = String::from("digraph zhikg {\n");
    let _ = writeln!(
        s,
        "    graph [rankdir=LR fontname=\"{FONT}\" overlap=false splines=true]"
    );
    let _ = writeln!(s, "    node [fontname=\"{FONT}\" fontsize=11 style=filled]");
    let _ = writeln!(
        s,
        "    edge [fontname=\"{FONT}\" fontsize=9 color=\"#555555\"]"
    );
    let max_pr = g
        .node_weights()
        .map(|n| n.measures.pagerank)
        .fold(0.0f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let node_line = |i: petgraph::graph::NodeIndex| {
        let n = &g[i];
        let (fill, shape) = style(&n.class);
        let size = 10.0 + 10.0 * (n.measures.pagerank / max_pr);
        format!(
            "n{} [label=\"{}\" shape={shape} fillcolor=\"{fill}\" fontsize={size:.1} tooltip=\"{}\"]",
            i.index(),
            dot_escape(&n.label),
            dot_escape(&n.iri)
        )
    };
    if clusters {
        let mut communities: Vec<usize> = g.node_weights().map(|n| n.measures.community).collect();
        communities.sort_unstable();
        communities.dedup();
        for c in communities {
            let _ = writeln!(
                s,
                "    subgraph cluster_{c} {{\n        label=\"社区 {c}\" style=dashed color=\"#999999\""
            );
            for i in g.node_indices().filter(|&i| g[i].measures.community == c) {
                let _ = writeln!(s, "        {}", node_line(i));
            }
            s.push_str("    }\n");
        }
    } else {
        for i in g.node_indices() {
            let _ = writeln!(s, "    {}", node_line(i));
        }
    }
    for e in g.edge_references() {
        let _ = writeln!(
            s,
            "    n{} -> n{} [label=\"{}\"]",
            e.source().index(),
            e.target().index(),
            dot_escape(predicate_zh(&e.weight().predicate))
        );
    }
    s.push_str("    subgraph cluster_legend {\n        label=\"图例 Legend\" style=solid color=\"#333333\"\n");
    for (class, zh, fill, shape) in STYLE {
        let _ = writeln!(
            s,
            "        legend_{class} [label=\"{zh} {class}\" shape={shape} fillcolor=\"{fill}\"]"
        );
    }
    s.push_str("    }\n}\n");
    s
}

/// Renders DOT to SVG or PNG with GraphViz (`dot`, or `sfdp` for large graphs).
pub fn render(dot_text: &str, format: &str, nodes: usize, out: &Path) -> Result<()> {
    let program = if nodes > 200 { "sfdp" } else { "dot" };
    let mut child = Command::new(program)
        .arg(format!("-T{format}"))
        .arg("-o")
        .arg(out)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|_| {
            Error::Invalid(format!(
                "GraphViz `{program}` is not installed: install it (Debian: apt-get install graphviz fonts-noto-cjk) to write {format}"
            ))
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(dot_text.as_bytes())
            .map_err(|e| Error::Invalid(format!("{program}: {e}")))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| Error::Invalid(format!("{program}: {e}")))?;
    if !output.status.success() {
        return Err(Error::Invalid(format!(
            "{program} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(())
}

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
pub fn graphml(g: &EntityGraph) -> String {
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
            xml_escape(predicate_zh(&w.predicate)),
            w.weight
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Neo4j bulk-import CSV (`neo4j-admin database import`): `nodes.csv` and
/// `relationships.csv` contents, arrays separated by `;`.
pub fn neo4j_csv(g: &EntityGraph) -> (String, String) {
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
            csv_field(predicate_zh(&w.predicate)),
            w.weight
        );
    }
    (nodes, rels)
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let d = dot(&g, true);
        assert!(d.contains("label=\"薛\\\"澜\" shape=ellipse") && d.contains("label=\"任职于\""));
        assert!(d.contains("cluster_0") && d.contains("cluster_legend"));
        let x = graphml(&g);
        assert!(x.contains("清华&lt;大学&gt;") && x.contains("<data key=\"e1\">任职于</data>"));
        let (nodes, rels) = neo4j_csv(&g);
        assert!(nodes.starts_with("id:ID,label,aliases:string[]"));
        assert!(nodes.contains("\"别名,甲\""));
        assert_eq!(rels.lines().nth(1), Some("n0,n1,affiliatedWith,任职于,1"));
    }
}

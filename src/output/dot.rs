//! GraphViz DOT of an entity graph: colour and shape per class, node size by
//! PageRank, Chinese edge labels, a legend, and optional community boxes.
//!
//! Input: a selected and measured entity graph.
//! Output: DOT text.
//! Invariant: deterministic output for the same graph; labels are escaped.

use crate::graph::EntityGraph;
use crate::model::Labels;
use petgraph::visit::EdgeRef;
use std::fmt::Write as _;

/// Colour and shape of each class.
const STYLE: &[(&str, &str, &str)] = &[
    ("Person", "#F4A261", "ellipse"),
    ("Institution", "#2A9D8F", "box"),
    ("Initiative", "#E9C46A", "hexagon"),
    ("Concept", "#A8DADC", "note"),
    ("Place", "#B5838D", "house"),
];

/// Fonts able to draw Chinese, best first.
const FONT: &str = "Noto Sans CJK SC,WenQuanYi Micro Hei,Source Han Sans SC,sans-serif";

fn style(class: &str) -> (&'static str, &'static str) {
    STYLE
        .iter()
        .find(|s| s.0 == class)
        .map_or(("#DDDDDD", "ellipse"), |s| (s.1, s.2))
}

/// A DOT quoted string's content: backslashes and quotes escaped (so label
/// escapes such as `\n` cannot arise), line breaks and other control
/// characters as spaces.
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// GraphViz DOT: colour and shape per class, node size by PageRank, Chinese
/// edge labels, a legend, and with `clusters` one box per community.
pub fn dot(g: &EntityGraph, labels: &Labels, clusters: bool) -> String {
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
                "    subgraph cluster_{c} {{\n        label=\"{} {c}\" style=dashed color=\"#999999\"",
                dot_escape(labels.get("community"))
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
            dot_escape(labels.get(&e.weight().predicate))
        );
    }
    let _ = writeln!(
        s,
        "    subgraph cluster_legend {{\n        label=\"{}\" style=solid color=\"#333333\"",
        dot_escape(labels.get("legend"))
    );
    for (class, fill, shape) in STYLE {
        let _ = writeln!(
            s,
            "        legend_{class} [label=\"{} {class}\" shape={shape} fillcolor=\"{fill}\"]",
            dot_escape(labels.get(class))
        );
    }
    // What size and arrows mean, as two lines of text.
    for key in ["legend_size", "legend_edges"] {
        let _ = writeln!(
            s,
            "        {key} [label=\"{}\" shape=plaintext style=\"\"]",
            dot_escape(labels.get(key))
        );
    }
    s.push_str("    }\n}\n");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoted_strings_hold_no_line_breaks_or_escapes() {
        assert_eq!(super::dot_escape("a\"b\\nc\nd\te"), "a\\\"b\\\\nc d e");
    }
}

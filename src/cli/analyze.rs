//! `zhikg analyze`: the entity graph → its measures, printed and written to the analysis graph.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// How many entities to list per measure.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

/// Runs `zhikg analyze`.
pub fn run(store: &Path, args: Args) -> Result<ExitCode> {
    let Args { selection, top } = args;
    analyze(store, &selection, top)
}

pub(super) fn analyze(store_dir: &Path, selection: &SelectionArgs, top: usize) -> Result<ExitCode> {
    let sel = selection.selection(None)?;
    let store = open_existing(store_dir)?;
    let steps = spinner("reading and measuring the graph");
    let g = zhikg::graph::load(&store, &sel)?;
    steps.finish_and_clear();
    check_focus(&sel, &g)?;
    let nodes: Vec<&zhikg::graph::Node> = g.node_weights().collect();
    let mut out = std::io::stdout().lock();
    let components: std::collections::BTreeSet<usize> =
        nodes.iter().map(|n| n.measures.component).collect();
    let communities: std::collections::BTreeSet<usize> =
        nodes.iter().map(|n| n.measures.community).collect();
    writeln!(
        out,
        "{} entities, {} edges, {} components, {} communities",
        g.node_count(),
        g.edge_count(),
        components.len(),
        communities.len()
    )?;
    type Measure = fn(&zhikg::graph::NodeMeasures) -> f64;
    let measures: [(&str, Measure); 3] = [
        ("pagerank", |m| m.pagerank),
        ("betweenness", |m| m.betweenness),
        ("degree", |m| m.degree as f64),
    ];
    for (name, f) in measures {
        let mut ranked: Vec<&&zhikg::graph::Node> = nodes.iter().collect();
        ranked.sort_by(|a, b| {
            f(&b.measures)
                .total_cmp(&f(&a.measures))
                .then(a.iri.cmp(&b.iri))
        });
        writeln!(out, "\n{name}")?;
        for n in ranked.into_iter().take(top) {
            writeln!(out, "  {:<12.6} {} ({})", f(&n.measures), n.label, n.class)?;
        }
    }
    writeln!(out, "\ncommunities")?;
    for c in communities.iter().take(top) {
        let mut members: Vec<&&zhikg::graph::Node> = nodes
            .iter()
            .filter(|n| n.measures.community == *c)
            .collect();
        members.sort_by(|a, b| b.measures.pagerank.total_cmp(&a.measures.pagerank));
        let names: Vec<&str> = members.iter().take(8).map(|n| n.label.as_str()).collect();
        writeln!(
            out,
            "  {c}: {} entities: {}",
            members.len(),
            names.join("、")
        )?;
    }
    let steps = spinner("writing the analysis graph");
    store.replace_graph(
        zhikg::rdf::ANALYSIS_GRAPH,
        &zhikg::rdf::analysis_quads(g.node_weights().map(|n| (n.iri.as_str(), n.measures))),
    )?;
    steps.finish_and_clear();
    writeln!(out, "\nwritten to graph <{}>", zhikg::rdf::ANALYSIS_GRAPH)?;
    Ok(ExitCode::SUCCESS)
}

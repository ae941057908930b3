//! `zhikg export`: the store → an RDF dump, or the entity graph as DOT, SVG, PNG, GraphML or Neo4j CSV.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The output: dot, svg, png (a picture of the 60 entities of highest
    /// PageRank and their typed relations unless --top, --predicates or
    /// --focus say otherwise), graphml, csv (Neo4j import files; the whole
    /// entity graph), or an RDF dump (jsonld, turtle, trig, nquads, ntriples).
    #[arg(long, value_enum, default_value = "dot")]
    pub format: ExportFormat,
    /// Write here instead of stdout (a folder for csv).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Keep the N entities with the highest PageRank (default 60 for
    /// dot, svg and png, all otherwise).
    #[arg(long)]
    pub top: Option<usize>,
    /// Export exactly the graph this CONSTRUCT query returns.
    #[arg(long)]
    pub construct: Option<PathBuf>,
    /// For dot, svg and png: one box per community.
    #[arg(long)]
    pub clusters: bool,
    /// Everything: every entity (those without relations too) and every
    /// predicate, no --top.
    #[arg(long, conflicts_with_all = ["top", "predicates", "focus"])]
    pub all: bool,
}

/// Runs `zhikg export`.
pub fn run(store_dir: &Path, args: Args) -> Result<ExitCode> {
    let Args {
        format,
        out,
        selection,
        top,
        construct,
        clusters,
        all,
    } = args;
    let selection = &if all {
        SelectionArgs {
            predicates: vec!["all".into()],
            ..selection
        }
    } else {
        selection
    };
    let picture = matches!(
        format,
        ExportFormat::Dot | ExportFormat::Svg | ExportFormat::Png
    );
    let defaults = top.is_none() && selection.predicates.is_empty() && selection.focus.is_none();
    let top = if all {
        None
    } else {
        top.or(picture.then_some(60))
    };
    let mut sel = selection.selection(top)?;
    sel.isolated = all;
    let store = open_reader(store_dir)?;
    let triples = match &construct {
        Some(path) => {
            let q = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
            Some(store.construct(&q)?)
        }
        None => None,
    };
    let rdf = match format {
        ExportFormat::Jsonld => Some(Syntax::JsonLd),
        ExportFormat::Turtle => Some(Syntax::Turtle),
        ExportFormat::Trig => Some(Syntax::TriG),
        ExportFormat::Nquads => Some(Syntax::NQuads),
        ExportFormat::Ntriples => Some(Syntax::NTriples),
        _ => None,
    };
    if let Some(f) = rdf {
        let steps = spinner("writing the dump");
        // Dumps stream: a corpus-sized store is never held in memory.
        let mut w: Box<dyn Write> = match &out {
            Some(path) => Box::new(std::io::BufWriter::new(create_file(path)?)),
            None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
        };
        match (&triples, &selection.document) {
            (Some(t), _) => Store::write_triples(t, f, &mut w)?,
            (None, Some(doc)) => {
                let key =
                    std::fs::canonicalize(doc).map_or(doc.clone(), |p| p.display().to_string());
                store.dump_document(&key, f, &mut w)?
            }
            (None, None) => store.dump(f, &mut w)?,
        }
        w.flush().with_context(|| {
            out.as_ref()
                .map_or("stdout".into(), |p| p.display().to_string())
        })?;
        steps.finish_and_clear();
        return Ok(ExitCode::SUCCESS);
    }
    // A picture shows the typed relations unless asked for more: the many
    // speaker-topic and co-occurrence edges would bury them.
    if picture && sel.predicates.is_empty() {
        sel.predicates = zhikg::graph::PREDICATES
            .iter()
            .map(|p| p.to_string())
            .filter(|p| p != "discusses" && p != "relatedTo")
            .collect();
    }
    let steps = spinner("reading and measuring the graph");
    let g = match &triples {
        Some(t) => zhikg::graph::from_triples(&store, &t.edges(), &sel)?,
        None => zhikg::graph::load(&store, &sel)?,
    };
    steps.set_message("writing");
    check_focus(&sel, &g)?;
    if defaults && construct.is_none() {
        log::info!(
            "{}: {} entities, {} edges ({}; --all for every entity and relation)",
            if picture { "picture" } else { "export" },
            g.node_count(),
            g.edge_count(),
            if picture {
                "the 60 entities of highest PageRank with typed relations"
            } else {
                "entities with a relation other than relatedTo"
            }
        );
    }
    let written = match format {
        ExportFormat::Dot => emit(
            out.as_deref(),
            zhikg::output::dot(&g, &zhikg::graph::labels()?, clusters).as_bytes(),
        ),
        ExportFormat::Svg | ExportFormat::Png => {
            let ext = if matches!(format, ExportFormat::Svg) {
                "svg"
            } else {
                "png"
            };
            let path = out.unwrap_or_else(|| PathBuf::from(format!("output/graph.{ext}")));
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
            }
            zhikg::output::render(
                &zhikg::output::dot(&g, &zhikg::graph::labels()?, clusters),
                ext,
                g.node_count(),
                &path,
            )?;
            log::info!(
                "wrote {} ({} entities, {} edges)",
                path.display(),
                g.node_count(),
                g.edge_count()
            );
            Ok(ExitCode::SUCCESS)
        }
        ExportFormat::Graphml => emit(
            out.as_deref(),
            zhikg::output::graphml(&g, &zhikg::graph::labels()?).as_bytes(),
        ),
        ExportFormat::Csv => {
            let dir = out.unwrap_or_else(|| PathBuf::from("output/neo4j"));
            let (nodes, rels) = zhikg::output::neo4j_csv(&g, &zhikg::graph::labels()?);
            write_file(&dir.join("nodes.csv"), nodes.as_bytes())?;
            write_file(&dir.join("relationships.csv"), rels.as_bytes())?;
            log::info!("wrote {}/nodes.csv and relationships.csv", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        _ => unreachable!("RDF formats are handled above"),
    };
    steps.finish_and_clear();
    written
}

/// Writes to a file, or to stdout without one.
pub(super) fn emit(out: Option<&Path>, bytes: &[u8]) -> Result<ExitCode> {
    match out {
        Some(path) => write_file(path, bytes)?,
        None => std::io::stdout().lock().write_all(bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(super) enum ExportFormat {
    Dot,
    Svg,
    Png,
    Graphml,
    Jsonld,
    Turtle,
    Trig,
    Nquads,
    Ntriples,
    /// Neo4j import files nodes.csv and relationships.csv in a folder.
    Csv,
}

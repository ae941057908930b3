//! Command-line parsing and the commands.
//!
//! Input: `std::env::args` (and `ZHIKG_STORE`).
//! Output: each command's effect; errors as `anyhow` errors with context.
//! Invariant: jieba is loaded only by commands that segment (ingest, extract, demo).

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use zhikg::ingest::{self, Input, Summary};
use zhikg::rdf::Provenance;
use zhikg::resources::Resources;
use zhikg::store::{ResultFormat, Store, Syntax};

/// Writes a line to stdout; a closed pipe becomes an error that ends the
/// command quietly instead of a panic.
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*)?
    };
}

/// Named queries shipped with the binary (`queries/*.rq`).
const QUERIES: &[(&str, &str)] = &[
    ("document", include_str!("../../queries/document.rq")),
    ("initiatives", include_str!("../../queries/initiatives.rq")),
    (
        "neighbourhood",
        include_str!("../../queries/neighbourhood.rq"),
    ),
    ("people", include_str!("../../queries/people.rq")),
    ("provenance", include_str!("../../queries/provenance.rq")),
    ("quotes", include_str!("../../queries/quotes.rq")),
    (
        "speaker_topics",
        include_str!("../../queries/speaker_topics.rq"),
    ),
];

/// The bundled sample corpus.
const SAMPLE: &[(&str, &str)] = &[
    (
        "sample/essay.md",
        include_str!("../../tests/sample/essay.md"),
    ),
    (
        "sample/interview.md",
        include_str!("../../tests/sample/interview.md"),
    ),
    ("sample/news.md", include_str!("../../tests/sample/news.md")),
];

/// Chinese text in, RDF knowledge graph out.
#[derive(Parser, Debug)]
#[command(name = "zhikg", version, about, long_about = None)]
struct Args {
    /// The store directory (Oxigraph on RocksDB).
    #[arg(
        long,
        global = true,
        env = "ZHIKG_STORE",
        default_value = "output/store"
    )]
    store: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest .txt/.md files or folders (recursively); `-` reads stdin.
    Ingest {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// How much provenance of each mention to keep: `compact` (one
        /// record per entity and document, its offsets as one list) or
        /// `full` (every mention its own node, with sentence and rule).
        #[arg(long, value_enum, default_value = "compact")]
        provenance: ProvenanceArg,
        /// Also print the time spent in each stage (summed over threads).
        #[arg(long)]
        timings: bool,
    },
    /// Run a SPARQL query over the union of all graphs.
    Query {
        /// The query text.
        sparql: Option<String>,
        /// Read the query from a file.
        #[arg(long, conflicts_with_all = ["sparql", "name"])]
        file: Option<PathBuf>,
        /// Run queries/NAME.rq.
        #[arg(long, conflicts_with = "sparql")]
        name: Option<String>,
        /// Bind a variable to a string: NAME=VALUE (repeatable).
        #[arg(long = "param", value_parser = parse_param)]
        params: Vec<(String, String)>,
        #[arg(long, value_enum, default_value = "table")]
        format: QueryFormat,
        /// Stop the query after this many seconds (0: no limit).
        #[arg(long, default_value_t = 60.0, value_name = "SECONDS")]
        timeout: f64,
    },
    /// Run the pipeline on one file without a store and print the result.
    Extract {
        file: PathBuf,
        #[arg(long, value_enum, default_value = "json")]
        format: ExtractFormat,
    },
    /// Export the graph.
    Export {
        #[arg(long, value_enum, default_value = "dot")]
        format: ExportFormat,
        /// Write here instead of stdout (a folder for csv).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        selection: SelectionArgs,
        /// Keep the N entities with the highest PageRank (default 60 for
        /// dot, svg and png, all otherwise).
        #[arg(long)]
        top: Option<usize>,
        /// Export exactly the graph this CONSTRUCT query returns.
        #[arg(long)]
        construct: Option<PathBuf>,
        /// For dot, svg and png: one box per community.
        #[arg(long)]
        clusters: bool,
    },
    /// Degree, PageRank, betweenness, components and communities of the
    /// entity graph: printed, and written to the store's analysis graph.
    Analyze {
        #[command(flatten)]
        selection: SelectionArgs,
        /// How many entities to list per measure.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Counts: documents, entities per class, relations per predicate, triples.
    Stats,
    /// Why each edge of an entity exists: rule, confidence, source and sentence.
    Explain {
        /// The entity's label (rdfs:label).
        label: String,
    },
    /// Remove what one document asserted (a source path or a document IRI).
    Remove {
        #[arg(required = true)]
        docs: Vec<String>,
    },
    /// Train the name tagger on a People's Daily style corpus (`word/tag`, `[…]nt`).
    TrainNer {
        corpus: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "ontology/model/ner.bin")]
        out: PathBuf,
        #[arg(long, default_value_t = 6)]
        epochs: usize,
        /// Feature hash buckets (a power of two).
        #[arg(long, default_value_t = zhikg::ner::DEFAULT_BUCKETS)]
        buckets: usize,
        /// Every Nth sentence is held out and scored, not trained on (0: none).
        #[arg(long, default_value_t = 20)]
        holdout: usize,
        /// Also score the model on a character-per-line BIO corpus.
        #[arg(long)]
        eval: Option<PathBuf>,
        /// Also train on a character-per-line BIO corpus (repeatable).
        #[arg(long)]
        bio: Vec<PathBuf>,
        /// How many times each --bio sentence is seen per epoch (in-domain
        /// data weighs more than the POS corpus).
        #[arg(long, default_value_t = 1)]
        bio_weight: usize,
        /// Do not train: load this model and score it (with --eval).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Write the --eval sentences the model gets wrong (gold, then
        /// predicted, names in brackets) to this file.
        #[arg(long)]
        errors: Option<PathBuf>,
    },
    /// Ingest the bundled sample, print stats, run two queries, draw the graph.
    Demo {
        /// Where graph.dot (and graph.svg) go.
        #[arg(long, default_value = "output")]
        out: PathBuf,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ProvenanceArg {
    Compact,
    Full,
}

impl From<ProvenanceArg> for Provenance {
    fn from(p: ProvenanceArg) -> Provenance {
        match p {
            ProvenanceArg::Compact => Provenance::Compact,
            ProvenanceArg::Full => Provenance::Full,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ExtractFormat {
    Json,
    Turtle,
    Nquads,
    /// Each paragraph's words with their part-of-speech tags.
    Tokens,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ExportFormat {
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

/// Which part of the graph to export or analyse.
#[derive(clap::Args, Debug, Clone)]
struct SelectionArgs {
    /// The neighbourhood of the entity with this label.
    #[arg(long)]
    focus: Option<String>,
    /// Depth of the neighbourhood.
    #[arg(long, default_value_t = 1)]
    depth: usize,
    /// Entity classes to keep, comma-separated (Person,Institution,…).
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,
    /// Predicates to keep, comma-separated (default: all but relatedTo).
    #[arg(long, value_delimiter = ',')]
    predicates: Vec<String>,
    /// Only what this document asserted (its source path or IRI).
    #[arg(long)]
    document: Option<String>,
    /// Drop edges lighter than this.
    #[arg(long, default_value_t = 0.0)]
    min_weight: f64,
}

impl SelectionArgs {
    fn selection(&self, top: Option<usize>) -> zhikg::graph::Selection {
        zhikg::graph::Selection {
            types: self.types.clone(),
            predicates: self.predicates.clone(),
            document: self
                .document
                .as_ref()
                .map(|d| std::fs::canonicalize(d).map_or(d.clone(), |p| p.display().to_string())),
            min_weight: self.min_weight,
            focus: self.focus.clone(),
            depth: self.depth,
            top,
        }
    }
}

fn parse_param(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("expected NAME=VALUE, got {s:?}"))
}

/// Parses arguments and runs the command.
pub fn run() -> Result<ExitCode> {
    let args = Args::parse();
    match args.command {
        Command::Ingest {
            paths,
            provenance,
            timings,
        } => {
            let (inputs, unreadable) = ingest::collect(&paths);
            if inputs.is_empty() {
                for f in &unreadable {
                    eprintln!("zhikg: {f}");
                }
                bail!("no .txt or .md files under {}", show(&paths));
            }
            let store = open(&args.store)?;
            let res = resources()?;
            let mut summary = run_ingest(&inputs, &store, res, provenance.into())?;
            for f in &unreadable {
                eprintln!("zhikg: {f}");
            }
            summary.files += unreadable.len();
            summary.failures.extend(unreadable);
            print_summary(&summary)?;
            if timings {
                let total: f64 = summary.stages.rows().iter().map(|r| r.1).sum();
                for (name, secs) in summary.stages.rows() {
                    say!(
                        "stage {name:<9} {secs:8.2} s {:5.1}%",
                        100.0 * secs / total.max(1e-9)
                    );
                }
            }
            Ok(exit(&summary))
        }
        Command::Query {
            sparql,
            file,
            name,
            params,
            format,
            timeout,
        } => {
            let text = match (sparql, file, name) {
                (Some(q), _, _) => q,
                (_, Some(f), _) => {
                    std::fs::read_to_string(&f).with_context(|| f.display().to_string())?
                }
                (_, _, Some(n)) => named_query(&n)?,
                _ => bail!("give a query, --file F.rq or --name NAME"),
            };
            if !(timeout.is_finite() && timeout >= 0.0) {
                bail!("--timeout {timeout}: give a number of seconds, 0 for no limit");
            }
            let timeout = (timeout > 0.0).then(|| std::time::Duration::from_secs_f64(timeout));
            let store = open_reader(&args.store)?.with_timeout(timeout);
            if let Some(limit) = timeout {
                // Evaluation stops itself when it next reads the store; a
                // query busy in memory (a cross product) is stopped here.
                std::thread::spawn(move || {
                    std::thread::sleep(limit + std::time::Duration::from_millis(500));
                    eprintln!("zhikg: {}", zhikg::Error::Timeout(limit.as_secs_f64()));
                    std::process::exit(1);
                });
            }
            let format = match format {
                QueryFormat::Table => ResultFormat::Table,
                QueryFormat::Csv => ResultFormat::Csv,
                QueryFormat::Tsv => ResultFormat::Tsv,
                QueryFormat::Json => ResultFormat::Json,
                QueryFormat::Xml => ResultFormat::Xml,
                QueryFormat::Turtle => ResultFormat::Turtle,
                QueryFormat::Ntriples => ResultFormat::NTriples,
            };
            let mut out = std::io::stdout().lock();
            if let Some((names, rows)) = store.query(&text, &params, format, &mut out)? {
                zhikg::output::table::write(&mut out, &names, &rows)?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract { file, format } => {
            let bytes = std::fs::read(&file).with_context(|| file.display().to_string())?;
            let res = resources()?;
            let source = zhikg::stages::read::decode(&file.display().to_string(), &bytes)?;
            for w in &source.warnings {
                eprintln!("zhikg: warning: {w}");
            }
            let set = zhikg::pipeline::process(source, res);
            let mut out = std::io::stdout().lock();
            match format {
                ExtractFormat::Json => writeln!(out, "{}", zhikg::output::json::render(&set))?,
                ExtractFormat::Tokens => {
                    let jieba = res.jieba.as_ref().context("segmenter not loaded")?;
                    for ex in &set.articles {
                        for p in &ex.article.paragraphs {
                            let words: Vec<String> =
                                zhikg::stages::segment::segment(jieba, &p.text.text)
                                    .into_iter()
                                    .map(|t| format!("{}/{}", t.word, t.tag))
                                    .collect();
                            writeln!(out, "{}", words.join(" "))?;
                        }
                    }
                }
                ExtractFormat::Turtle | ExtractFormat::Nquads => {
                    let store = Store::in_memory()?;
                    let key = set.source.path.clone();
                    store.replace_source(
                        &key,
                        &zhikg::rdf::quads(
                            &set,
                            &key,
                            &zhikg::data::extraction_version(),
                            Provenance::Compact,
                        ),
                    )?;
                    let f = match format {
                        ExtractFormat::Turtle => Syntax::Turtle,
                        _ => Syntax::NQuads,
                    };
                    store.dump(f, &mut out)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            format,
            out,
            selection,
            top,
            construct,
            clusters,
        } => export(
            &args.store,
            format,
            out,
            &selection,
            top,
            construct,
            clusters,
        ),
        Command::Analyze { selection, top } => analyze(&args.store, &selection, top),
        Command::Stats => {
            let store = open_reader(&args.store)?;
            print_stats(&store)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { out } => demo(&args.store, &out),
        Command::Explain { label } => {
            let store = open_reader(&args.store)?;
            let (vars, rows) = store.select_with(
                &named_query("provenance")?,
                &[("label".into(), label.clone())],
            )?;
            if rows.is_empty() {
                bail!("no edges for {label:?}");
            }
            let col = |r: &Vec<Option<String>>, name: &str| {
                vars.iter()
                    .position(|v| v == name)
                    .and_then(|i| r[i].clone())
                    .unwrap_or_default()
            };
            let mut out = std::io::stdout().lock();
            for r in &rows {
                writeln!(
                    out,
                    "{} -{}-> {}\n    rule {} (confidence {}), {}:{}-{}\n    {}",
                    col(r, "subject"),
                    col(r, "relation"),
                    col(r, "object"),
                    col(r, "rule"),
                    col(r, "confidence"),
                    col(r, "source"),
                    col(r, "start"),
                    col(r, "end"),
                    match col(r, "sentence") {
                        s if s.is_empty() => String::new(),
                        s => format!("“{s}”"),
                    },
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Remove { docs } => {
            let store = open_existing(&args.store)?;
            let mut missing = false;
            for doc in docs {
                let key =
                    std::fs::canonicalize(&doc).map_or(doc.clone(), |p| p.display().to_string());
                let n = store.remove(&key)?;
                if n == 0 {
                    eprintln!("zhikg: {doc}: no such document in the store");
                    missing = true;
                } else {
                    say!("removed {doc} ({n} document graphs)");
                }
            }
            Ok(if missing {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::TrainNer {
            corpus,
            out,
            epochs,
            buckets,
            holdout,
            eval,
            model: existing,
            bio,
            bio_weight,
            errors,
        } => {
            if !buckets.is_power_of_two() {
                bail!("--buckets must be a power of two");
            }
            let file =
                std::fs::File::open(&corpus).with_context(|| corpus.display().to_string())?;
            let res = Resources::load_with(true, false)?;
            let ctx = zhikg::ner::Context {
                lexicon: &res.lexicon,
                rules: &res.rules,
                jieba: res.jieba.as_ref(),
            };
            let examples = zhikg::training::read_pos_corpus(
                std::io::BufReader::new(file),
                &corpus.display().to_string(),
                &ctx,
            )?;
            let (test, train): (Vec<_>, Vec<_>) = examples
                .into_iter()
                .enumerate()
                .partition(|(i, _)| holdout > 0 && i % holdout == 0);
            let mut train: Vec<_> = train.into_iter().map(|(_, e)| e).collect();
            for path in &bio {
                let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
                let examples = zhikg::training::read_bio_corpus(
                    std::io::BufReader::new(file),
                    &path.display().to_string(),
                )?;
                for _ in 0..bio_weight {
                    train.extend(examples.iter().cloned());
                }
            }
            let test: Vec<_> = test.into_iter().map(|(_, e)| e).collect();
            let dev = match &eval {
                Some(path) => {
                    let file =
                        std::fs::File::open(path).with_context(|| path.display().to_string())?;
                    zhikg::training::read_bio_corpus(
                        std::io::BufReader::new(file),
                        &path.display().to_string(),
                    )?
                }
                None => Vec::new(),
            };
            let dev_name = eval
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            eprintln!(
                "training on {} sentences, holding out {}",
                train.len(),
                test.len()
            );
            let model = match &existing {
                Some(path) => {
                    let file =
                        std::fs::File::open(path).with_context(|| path.display().to_string())?;
                    zhikg::ner::Tagger::load(
                        std::io::BufReader::new(file),
                        &path.display().to_string(),
                    )?
                }
                None => {
                    zhikg::training::train(
                        &train,
                        &ctx,
                        epochs,
                        buckets,
                        &mut |e, acc, snapshot| {
                            eprintln!("epoch {e}: label accuracy {acc:.4}");
                            if !dev.is_empty() {
                                // A closed output only loses this progress line.
                                let _ = print_score(
                                    &format!("  epoch {e} {dev_name}"),
                                    zhikg::training::evaluate(snapshot, &dev, &ctx),
                                );
                            }
                        },
                    )
                }
            };
            if !test.is_empty() {
                print_score("held out", zhikg::training::evaluate(&model, &test, &ctx))?;
            }
            if !dev.is_empty() {
                print_score(&dev_name, zhikg::training::evaluate(&model, &dev, &ctx))?;
            }
            if let Some(path) = &errors {
                let mut text = String::new();
                for (gold, got) in zhikg::training::errors(&model, &dev, &ctx) {
                    text.push_str(&format!("gold {gold}\ngot  {got}\n\n"));
                }
                write_file(path, text.as_bytes())?;
            }
            if existing.is_some() {
                return Ok(ExitCode::SUCCESS);
            }
            let mut bytes = Vec::new();
            model.save(&mut bytes)?;
            write_file(&out, &bytes)?;
            say!("wrote {} ({} bytes)", out.display(), bytes.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn export(
    store_dir: &Path,
    format: ExportFormat,
    out: Option<PathBuf>,
    selection: &SelectionArgs,
    top: Option<usize>,
    construct: Option<PathBuf>,
    clusters: bool,
) -> Result<ExitCode> {
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
        return Ok(ExitCode::SUCCESS);
    }
    let picture = matches!(
        format,
        ExportFormat::Dot | ExportFormat::Svg | ExportFormat::Png
    );
    let top = top.or(picture.then_some(60));
    let mut sel = selection.selection(top);
    // A picture shows the typed relations unless asked for more: the many
    // speaker-topic and co-occurrence edges would bury them.
    if picture && sel.predicates.is_empty() {
        sel.predicates = zhikg::graph::PREDICATES
            .iter()
            .map(|p| p.to_string())
            .filter(|p| p != "discusses" && p != "relatedTo")
            .collect();
    }
    let g = match &triples {
        Some(t) => zhikg::graph::from_triples(&store, &t.edges(), &sel)?,
        None => zhikg::graph::load(&store, &sel)?,
    };
    match format {
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
            eprintln!(
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
            eprintln!("wrote {}/nodes.csv and relationships.csv", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        _ => unreachable!("RDF formats are handled above"),
    }
}

/// Writes to a file, or to stdout without one.
fn emit(out: Option<&Path>, bytes: &[u8]) -> Result<ExitCode> {
    match out {
        Some(path) => write_file(path, bytes)?,
        None => std::io::stdout().lock().write_all(bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn analyze(store_dir: &Path, selection: &SelectionArgs, top: usize) -> Result<ExitCode> {
    let store = open_existing(store_dir)?;
    let g = zhikg::graph::load(&store, &selection.selection(None))?;
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
    store.replace_graph(
        zhikg::rdf::ANALYSIS_GRAPH,
        &zhikg::rdf::analysis_quads(g.node_weights().map(|n| (n.iri.as_str(), n.measures))),
    )?;
    writeln!(out, "\nwritten to graph <{}>", zhikg::rdf::ANALYSIS_GRAPH)?;
    Ok(ExitCode::SUCCESS)
}

fn show(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn open(dir: &Path) -> Result<Store> {
    Ok(Store::open(dir)?)
}

/// Opens a store that must already exist, to change it (remove, analyze).
fn open_existing(dir: &Path) -> Result<Store> {
    must_exist(dir)?;
    open(dir)
}

/// Opens a store that must already exist, to read it (query, export, stats,
/// explain): readers take no lock, so they run while an ingest writes.
fn open_reader(dir: &Path) -> Result<Store> {
    must_exist(dir)?;
    Ok(Store::open_read_only(dir)?)
}

fn must_exist(dir: &Path) -> Result<()> {
    if !dir.exists() {
        bail!(
            "store {}: does not exist (run `zhikg ingest` first)",
            dir.display()
        );
    }
    Ok(())
}

fn named_query(name: &str) -> Result<String> {
    let path = Path::new("queries").join(format!("{name}.rq"));
    if path.is_file() {
        return std::fs::read_to_string(&path).with_context(|| path.display().to_string());
    }
    match QUERIES.iter().find(|(n, _)| *n == name) {
        Some((_, q)) => Ok(q.to_string()),
        None => bail!(
            "unknown query name {name:?}; known: {}",
            QUERIES
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The resources, loaded once for the rest of the process: the memory goes
/// back to the system at exit, which is faster than freeing it piece by piece.
fn resources() -> Result<&'static Resources> {
    Ok(Box::leak(Box::new(Resources::load(true)?)))
}

/// Creates `path`, and the folders above it.
fn create_file(path: &Path) -> Result<std::fs::File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    }
    std::fs::File::create(path).with_context(|| path.display().to_string())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    create_file(path)?
        .write_all(bytes)
        .with_context(|| path.display().to_string())
}

fn run_ingest(
    inputs: &[Input],
    store: &Store,
    res: &Resources,
    provenance: Provenance,
) -> Result<Summary> {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(inputs.len() as u64),
        if std::io::stderr().is_terminal() {
            indicatif::ProgressDrawTarget::stderr()
        } else {
            indicatif::ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} {elapsed} {per_sec} eta {eta} {wide_msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // The first SIGINT or SIGTERM stops the run at the next source, after
    // committing what is done; a second one ends the process at once.
    static STOP: AtomicBool = AtomicBool::new(false);
    let _ = ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
    });
    let summary = ingest::ingest(inputs, store, res, provenance, &STOP, &|path| {
        bar.inc(1);
        bar.set_message(path.to_string());
    })?;
    bar.finish_and_clear();
    for w in &summary.warnings {
        eprintln!("zhikg: warning: {w}");
    }
    for f in &summary.failures {
        eprintln!("zhikg: {f}");
    }
    Ok(summary)
}

/// Prints a tagger score: overall and per class.
fn print_score(
    name: &str,
    (all, per): (zhikg::training::Score, [zhikg::training::Score; 3]),
) -> Result<()> {
    let (p, r, f) = all.prf();
    let classes: Vec<String> = ["Person", "Place", "Institution"]
        .iter()
        .zip(per)
        .map(|(c, s)| format!("{c}={:.3}", s.prf().2))
        .collect();
    say!(
        "{name}: P={p:.3} R={r:.3} F1={f:.3} ({})",
        classes.join(" ")
    );
    Ok(())
}

fn print_summary(s: &Summary) -> Result<()> {
    let mb = s.bytes as f64 / 1_000_000.0;
    say!(
        "ingested {} files ({} unchanged, {} failed): {} documents, {} entities, {} relations, {} quotes, {} triples in {:.2} s ({:.2} MB/s)",
        s.files,
        s.unchanged,
        s.failures.len(),
        s.documents,
        s.entities,
        s.relations,
        s.quotes,
        s.triples,
        s.seconds,
        if s.seconds > 0.0 { mb / s.seconds } else { 0.0 }
    );
    Ok(())
}

fn exit(s: &Summary) -> ExitCode {
    if let Some(e) = &s.error {
        eprintln!("zhikg: {e}; the documents counted above were committed");
        return ExitCode::from(1);
    }
    if s.interrupted {
        eprintln!(
            "zhikg: interrupted: {} files not started; the documents counted above were committed; run the same command again to go on",
            s.skipped
        );
        return ExitCode::from(130);
    }
    if s.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

const STATS_CLASSES: &str = "SELECT ?class (COUNT(?e) AS ?n) WHERE {
  VALUES ?c { zk:Document zk:Person zk:Institution zk:Initiative zk:Concept zk:Place zk:Quote }
  ?e a ?c .
  BIND(STRAFTER(STR(?c), \"#\") AS ?class)
} GROUP BY ?class ORDER BY ?class";

/// Distinct edges per predicate: an edge several documents assert counts once.
fn stats_relations() -> String {
    let preds: Vec<String> = zhikg::graph::PREDICATES
        .iter()
        .map(|p| format!("zk:{p}"))
        .collect();
    format!(
        "SELECT ?predicate (COUNT(*) AS ?n) WHERE {{
  SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {} }} ?s ?p ?o }}
}} GROUP BY (STRAFTER(STR(?p), \"#\") AS ?predicate) ORDER BY ?predicate",
        preds.join(" ")
    )
}

fn print_stats(store: &Store) -> Result<()> {
    let (_, classes) = store.select(STATS_CLASSES)?;
    let (_, preds) = store.select(&stats_relations())?;
    let cell = |r: &Vec<Option<String>>, i: usize| r.get(i).cloned().flatten().unwrap_or_default();
    say!("classes:");
    for r in &classes {
        say!("  {:<12} {:>8}", cell(r, 0), cell(r, 1));
    }
    say!("relations:");
    for r in &preds {
        say!("  {:<16} {:>8}", cell(r, 0), cell(r, 1));
    }
    say!("triples: {}", store.len()?);
    Ok(())
}

fn demo(store_dir: &Path, out: &Path) -> Result<ExitCode> {
    let store = open(store_dir)?;
    let res = resources()?;
    let inputs: Vec<Input> = SAMPLE
        .iter()
        .map(|(name, text)| Input::Memory(name.to_string(), text.as_bytes().to_vec()))
        .collect();
    let summary = run_ingest(&inputs, &store, res, Provenance::Compact)?;
    print_summary(&summary)?;
    say!();
    print_stats(&store)?;
    let mut stdout = std::io::stdout().lock();
    for name in ["people", "initiatives"] {
        writeln!(stdout, "\n== queries/{name}.rq ==")?;
        let (names, rows) = store.select(&named_query(name)?)?;
        zhikg::output::table::write(&mut stdout, &names, &rows)?;
    }
    let sel = zhikg::graph::Selection {
        top: Some(60),
        predicates: zhikg::graph::PREDICATES
            .iter()
            .map(|p| p.to_string())
            .filter(|p| p != "discusses" && p != "relatedTo")
            .collect(),
        ..zhikg::graph::Selection::default()
    };
    let g = zhikg::graph::load(&store, &sel)?;
    let dot_path = out.join("graph.dot");
    write_file(
        &dot_path,
        zhikg::output::dot(&g, &zhikg::graph::labels()?, false).as_bytes(),
    )?;
    writeln!(stdout, "\nwrote {}", dot_path.display())?;
    let svg = out.join("graph.svg");
    match std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot_path)
        .arg("-o")
        .arg(&svg)
        .status()
    {
        Ok(s) if s.success() => writeln!(stdout, "wrote {}", svg.display())?,
        Ok(s) => eprintln!("zhikg: dot exited with {s}; {} not written", svg.display()),
        Err(_) => eprintln!(
            "zhikg: GraphViz `dot` not found; install it (apt-get install graphviz) to get {}",
            svg.display()
        ),
    }
    Ok(exit(&summary))
}

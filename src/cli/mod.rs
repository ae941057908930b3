//! Command-line parsing and the commands, one file per command: each parses
//! its arguments into an `Args` value, checks them, and calls the library.
//!
//! Input: `std::env::args` (and `ZHIKG_STORE`).
//! Output: each command's effect; errors as `anyhow` errors with context.
//! Invariant: jieba is loaded only by the commands that segment (ingest,
//! extract, demo) and by train-ner, whose corpus reader asks it for words.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use zhikg::ingest::{Input, Options, Summary};
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

mod analyze;
mod completions;
mod demo;
mod explain;
mod export;
mod extract;
mod ingest;
mod load;
mod optimize;
mod push;
mod query;
mod remove;
mod serve;
mod stats;
mod train_ner;
mod update;

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
    /// A user lexicon read beside the built-in ones (label<TAB>type<TAB>aliases,
    /// as ontology/lexicon/*.tsv); repeatable, or `:`-separated in ZHIKG_LEXICON.
    /// Its entries win over built-in ones sharing a form.
    #[arg(
        long,
        global = true,
        env = "ZHIKG_LEXICON",
        value_delimiter = ':',
        value_name = "FILE"
    )]
    lexicon: Vec<PathBuf>,
    /// An ontology/-shaped folder (lexicon/*.tsv, rules/, model/) read
    /// instead of the built-in data.
    #[arg(long, global = true, env = "ZHIKG_DATA", value_name = "DIR")]
    data: Option<PathBuf>,
    /// Print only errors on stderr: no progress, notes or warnings.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more on stderr: -v each file as it is done, -vv everything
    /// (RUST_LOG, as `RUST_LOG=debug`, overrides both).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest .txt/.md files or folders (recursively); `-` reads stdin.
    #[command(after_help = include_str!("help/ingest.txt"))]
    Ingest(ingest::Args),
    /// Run a SPARQL query over the union of all graphs.
    #[command(after_help = include_str!("help/query.txt"))]
    Query(query::Args),
    /// Run the pipeline on one file without a store and print the result;
    /// with `--format nquads`, on files and folders, as a shard for `load`.
    #[command(after_help = include_str!("help/extract.txt"))]
    Extract(extract::Args),
    /// Serve the store: the SPARQL 1.1 Protocol at /query, the Graph Store
    /// protocol at /store and a browser page at /; read-only unless
    /// --allow-update.
    #[command(after_help = include_str!("help/serve.txt"))]
    Serve(serve::Args),
    /// Run a SPARQL 1.1 Update (an argument, --file or stdin) on the store.
    #[command(after_help = include_str!("help/update.txt"))]
    Update(update::Args),
    /// Send the store's graphs to a SPARQL server (Graph Store Protocol PUT).
    #[command(after_help = include_str!("help/push.txt"))]
    Push(push::Args),
    /// Bulk-load RDF files (shards from `extract --format nquads`, Turtle,
    /// TriG, N-Triples, JSON-LD, RDF/XML) into the store.
    #[command(after_help = include_str!("help/load.txt"))]
    Load(load::Args),
    /// Export the graph.
    #[command(after_help = include_str!("help/export.txt"))]
    Export(export::Args),
    /// Degree, PageRank, betweenness, components and communities of the
    /// entity graph: printed, and written to the store's analysis graph.
    #[command(after_help = include_str!("help/analyze.txt"))]
    Analyze(analyze::Args),
    /// Counts: documents, entities per class, relations per predicate, triples.
    #[command(after_help = include_str!("help/stats.txt"))]
    Stats,
    /// Why each edge of an entity exists: rule, confidence, source and sentence.
    #[command(after_help = include_str!("help/explain.txt"))]
    Explain(explain::Args),
    /// Remove what one document asserted (a source path or a document IRI).
    #[command(after_help = include_str!("help/remove.txt"))]
    Remove(remove::Args),
    /// Merge the sorted files bulk loads leave, so reads seek fewer files.
    #[command(after_help = include_str!("help/optimize.txt"))]
    Optimize,
    /// Train the name tagger on a People's Daily style corpus (`word/tag`, `[…]nt`).
    #[command(after_help = include_str!("help/train-ner.txt"))]
    TrainNer(train_ner::Args),
    /// Ingest the bundled sample, print stats, run two queries, draw the graph.
    #[command(after_help = include_str!("help/demo.txt"))]
    Demo(demo::Args),
    /// Print a completion script for bash, zsh, fish, elvish or powershell.
    #[command(after_help = include_str!("help/completions.txt"))]
    Completions(completions::CompletionArgs),
    /// Print the man page (or write one per command with --out DIR).
    #[command(after_help = include_str!("help/man.txt"))]
    Man(completions::ManArgs),
}

/// Parses arguments and runs the command.
pub fn run() -> Result<ExitCode> {
    let args = Args::parse();
    init_logging(args.quiet, args.verbose);
    if args.data.is_some() || args.lexicon.iter().any(|f| !f.as_os_str().is_empty()) {
        let data = read_data(args.data.as_deref(), &args.lexicon)?;
        // Set once, before any command reads it.
        let _ = DATA.set(data);
    }
    match args.command {
        Command::Ingest(a) => ingest::run(&args.store, a),
        Command::Query(a) => query::run(&args.store, a),
        Command::Extract(a) => extract::run(a),
        Command::Load(a) => load::run(&args.store, a),
        Command::Serve(a) => serve::run(&args.store, a),
        Command::Push(a) => push::run(&args.store, a),
        Command::Update(a) => update::run(&args.store, a),
        Command::Export(a) => export::run(&args.store, a),
        Command::Analyze(a) => analyze::run(&args.store, a),
        Command::Stats => stats::run(&args.store),
        Command::Explain(a) => explain::run(&args.store, a),
        Command::Remove(a) => remove::run(&args.store, a),
        Command::Optimize => optimize::run(&args.store),
        Command::TrainNer(a) => train_ner::run(a),
        Command::Demo(a) => demo::run(&args.store, a),
        Command::Completions(a) => completions::completions(a),
        Command::Man(a) => completions::man(a),
    }
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
    /// Predicates to keep, comma-separated, or `all` (default: all but
    /// relatedTo; for pictures the typed relations only).
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
    /// The selection, its classes and predicates checked against the
    /// vocabulary (`all` names every predicate).
    fn selection(&self, top: Option<usize>) -> Result<zhikg::graph::Selection> {
        const CLASSES: &[&str] = &["Person", "Institution", "Initiative", "Concept", "Place"];
        let preds = zhikg::graph::PREDICATES;
        if let Some(bad) = self.types.iter().find(|t| !CLASSES.contains(&t.as_str())) {
            return Err(usage(format!(
                "--types {bad}: no such class (valid: {})",
                CLASSES.join(", ")
            )));
        }
        if let Some(bad) = self
            .predicates
            .iter()
            .find(|p| p.as_str() != "all" && !preds.contains(&p.as_str()))
        {
            return Err(usage(format!(
                "--predicates {bad}: no such predicate (valid: all, {})",
                preds.join(", ")
            )));
        }
        let predicates = if self.predicates.iter().any(|p| p == "all") {
            preds.iter().map(|p| p.to_string()).collect()
        } else {
            self.predicates.clone()
        };
        Ok(zhikg::graph::Selection {
            types: self.types.clone(),
            predicates,
            document: self
                .document
                .as_ref()
                .map(|d| std::fs::canonicalize(d).map_or(d.clone(), |p| p.display().to_string())),
            min_weight: self.min_weight,
            focus: self.focus.clone(),
            depth: self.depth,
            top,
            isolated: false,
        })
    }
}

/// An error in how the command was called (exit status 2), as clap's own.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

fn usage(message: impl Into<String>) -> anyhow::Error {
    Usage(message.into()).into()
}

/// Refuses a focus that matched nothing: an empty picture says nothing.
fn check_focus(sel: &zhikg::graph::Selection, g: &zhikg::graph::EntityGraph) -> Result<()> {
    match &sel.focus {
        Some(label) if g.node_count() == 0 => Err(usage(format!(
            "--focus {label}: no entity with this label or alias in the selected graph"
        ))),
        _ => Ok(()),
    }
}

/// `n` with its noun, singular for one: "1 graph", "3 graphs".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn show(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn open(dir: &Path) -> Result<Store> {
    Store::open(dir).map_err(store_error)
}

/// How many sorted files a store may hold before a bulk load suggests
/// merging them: reads look into each one.
const UNMERGED_FILES: usize = 40;
/// Files smaller than this on average are a bulk load's batches: merged
/// files are written up to 64 MB each.
const BATCH_FILE_BYTES: u64 = 10_000_000;

/// After a bulk load, and before serving: a note suggesting `optimize` when
/// the store holds many small sorted files (a large store, merged, holds
/// many large ones).
fn suggest_optimize(store: &Store) {
    let usage = store.disk_usage();
    if usage.files >= UNMERGED_FILES && usage.bytes / (usage.files as u64) < BATCH_FILE_BYTES {
        log::info!(
            "note: the store holds {} sorted files; `zhikg optimize` merges them and makes reads several times faster",
            usage.files
        );
    }
}

/// A folder that is not a store is a usage error: another `--store` fixes it.
fn store_error(e: zhikg::Error) -> anyhow::Error {
    match e {
        e @ zhikg::Error::NotAStore { .. } => usage(e.to_string()),
        e => e.into(),
    }
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
    Store::open_read_only(dir).map_err(store_error)
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

/// Messages on stderr go through the `log` facade: errors always, notes and
/// warnings unless `-q`, per-file detail with `-v`; `RUST_LOG` wins.
fn init_logging(quiet: bool, verbose: u8) {
    let level = match (quiet, verbose) {
        (true, _) => log::LevelFilter::Error,
        (false, 0) => log::LevelFilter::Info,
        (false, 1) => log::LevelFilter::Debug,
        _ => log::LevelFilter::Trace,
    };
    let mut builder = env_logger::Builder::new();
    builder
        .filter_level(level)
        .format(|f, record| match record.level() {
            log::Level::Info => writeln!(f, "{}", record.args()),
            log::Level::Warn => writeln!(f, "zhikg: warning: {}", record.args()),
            _ => writeln!(f, "zhikg: {}", record.args()),
        });
    if let Ok(filters) = std::env::var("RUST_LOG") {
        builder.parse_filters(&filters);
    }
    let _ = builder.try_init();
}

/// Whether progress bars may be drawn: stderr is a terminal and `-q` was
/// not given.
fn show_progress() -> bool {
    std::io::stderr().is_terminal() && log::log_enabled!(log::Level::Info)
}

/// How long a command runs before its spinner is drawn.
const SPINNER_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// A spinner on stderr naming the step under way and the time spent, drawn
/// only once the command has run [`SPINNER_AFTER`] (never with `-q` or off a
/// terminal). `finish_and_clear` it when the command is done.
pub(super) fn spinner(step: &'static str) -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
        bar.set_style(style);
    }
    bar.set_message(step);
    if show_progress() {
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(SPINNER_AFTER);
            if !shown.is_finished() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(120));
            }
        });
    }
    bar
}

/// The data the command line named (`--data`, `--lexicon`), when it named any.
static DATA: std::sync::OnceLock<zhikg::data::Data> = std::sync::OnceLock::new();

/// The data files `--data DIR` and `--lexicon FILE…` name, read whole: every
/// rule file of the built-in data must be in `DIR/rules/`; `DIR/lexicon/*.tsv`
/// are the lexicons; `DIR/model/ner.bin` and `DIR/model/idf.tsv`, when present,
/// the tagger model and the keyword weights.
fn read_data(dir: Option<&Path>, lexicons: &[PathBuf]) -> Result<zhikg::data::Data> {
    use std::borrow::Cow;
    let read = |path: &Path| -> Result<String> {
        let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
        String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "{}: not UTF-8 text (byte {})",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })
    };
    let mut data = zhikg::data::Data::builtin();
    if let Some(dir) = dir {
        if !dir.is_dir() {
            bail!("--data {}: not a folder", dir.display());
        }
        let lexicon_dir = dir.join("lexicon");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&lexicon_dir)
            .with_context(|| format!("--data: {}", lexicon_dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
            .collect();
        files.sort();
        data.lexicons = files
            .iter()
            .map(|f| Ok((f.display().to_string(), Cow::Owned(read(f)?))))
            .collect::<Result<_>>()?;
        data.rules = zhikg::data::Data::rule_names()
            .map(|name| {
                let f = dir.join("rules").join(name);
                if !f.is_file() {
                    bail!(
                        "--data: {} is missing (the folder holds every rule file of ontology/rules/)",
                        f.display()
                    );
                }
                Ok((f.display().to_string(), Cow::Owned(read(&f)?)))
            })
            .collect::<Result<_>>()?;
        let model = dir.join("model").join("ner.bin");
        if model.is_file() {
            data.model =
                Cow::Owned(std::fs::read(&model).with_context(|| model.display().to_string())?);
            data.model_name = model.display().to_string();
        }
        let idf = dir.join("model").join("idf.tsv");
        if idf.is_file() {
            data.idf = (idf.display().to_string(), Cow::Owned(read(&idf)?));
        }
    }
    // An empty ZHIKG_LEXICON names no file.
    for f in lexicons.iter().filter(|f| !f.as_os_str().is_empty()) {
        data.user_lexicons
            .push((f.display().to_string(), Cow::Owned(read(f)?)));
    }
    Ok(data)
}

/// The resources, loaded once for the rest of the process: the memory goes
/// back to the system at exit, which is faster than freeing it piece by piece.
fn resources() -> Result<&'static Resources> {
    let res = match DATA.get() {
        Some(data) => Resources::load_from(data, true, true)?,
        None => Resources::load(true)?,
    };
    Ok(Box::leak(Box::new(res)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_argument_and_command_is_described_and_has_examples() {
        let cmd = Args::command();
        cmd.clone().debug_assert();
        let mut bare = Vec::new();
        for arg in cmd.get_arguments() {
            if arg.get_help().is_none() && !matches!(arg.get_id().as_str(), "help" | "version") {
                bare.push(format!("zhikg --{}", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() {
                bare.push(format!("zhikg {}", sub.get_name()));
            }
            if sub
                .get_after_help()
                .is_none_or(|h| !h.to_string().contains("zhikg "))
            {
                bare.push(format!("zhikg {}: no examples", sub.get_name()));
            }
            for arg in sub.get_arguments() {
                if arg.get_help().is_none() && arg.get_id() != "help" {
                    bare.push(format!("zhikg {} {}", sub.get_name(), arg.get_id()));
                }
            }
        }
        assert!(bare.is_empty(), "undescribed: {bare:#?}");
    }
}

//! `zhikg load`: RDF files (shards of `extract --format nquads`, Turtle,
//! TriG, N-Triples, JSON-LD, RDF/XML) → the store, each in one atomic bulk commit.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: every file's syntax is known before the store is touched; a
//! file with a syntax error is reported with its line and nothing of it is
//! stored.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// RDF files; the syntax comes from the extension (.nq .trig .ttl .nt .jsonld .rdf .owl).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The syntax of every file, whatever its extension.
    #[arg(long, value_enum)]
    pub format: Option<LoadFormat>,
    /// The named graph that receives triples of a syntax without graphs.
    #[arg(long)]
    pub graph: Option<String>,
}

/// Runs `zhikg load`.
pub fn run(store: &Path, args: Args) -> Result<ExitCode> {
    let Args {
        files,
        format,
        graph,
    } = args;
    let mut plan = Vec::new();
    for f in &files {
        let syntax = format.map(Syntax::from).or_else(|| Syntax::from_path(f));
        let Some(syntax) = syntax else {
            bail!(
                "{}: unknown RDF syntax (use .nq, .trig, .ttl, .nt, .jsonld, .rdf or .owl, or --format)",
                f.display()
            );
        };
        plan.push((f, syntax));
    }
    let store = open(store)?;
    store.load_ontology(zhikg::data::ONTOLOGY_TTL)?;
    let mut failed = false;
    for (f, syntax) in plan {
        let name = f.display().to_string();
        let loaded = std::fs::File::open(f)
            .with_context(|| name.clone())
            .and_then(|file| {
                Ok(store.load_file(
                    &name,
                    std::io::BufReader::new(file),
                    syntax,
                    graph.as_deref(),
                )?)
            });
        match loaded {
            Ok(n) => say!("loaded {name} ({})", counted(n, "quad", "quads")),
            Err(e) => {
                eprintln!("zhikg: {e:#}");
                failed = true;
            }
        }
    }
    store.flush()?;
    suggest_optimize(&store);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The RDF syntaxes `load` reads.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum LoadFormat {
    Nquads,
    Trig,
    Turtle,
    Ntriples,
    Jsonld,
    Rdfxml,
}

impl From<LoadFormat> for Syntax {
    fn from(f: LoadFormat) -> Syntax {
        match f {
            LoadFormat::Nquads => Syntax::NQuads,
            LoadFormat::Trig => Syntax::TriG,
            LoadFormat::Turtle => Syntax::Turtle,
            LoadFormat::Ntriples => Syntax::NTriples,
            LoadFormat::Jsonld => Syntax::JsonLd,
            LoadFormat::Rdfxml => Syntax::RdfXml,
        }
    }
}

//! `zhikg extract`: one file → its extraction as JSON, RDF or tokens, without a
//! store; with `--format nquads`, files and folders → the graphs ingest would
//! store, as one stream of N-Quads (a shard for `zhikg load`).
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The file; with `--format nquads`, any number of files and folders.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// What to print: json (entities with character offsets, relations,
    /// documents, quotes), turtle, tokens, or nquads (the graphs ingest would
    /// store, for `load`).
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExtractFormat,
    /// With `--format nquads`: how much provenance of each mention to keep,
    /// as for `ingest`.
    #[arg(long, value_enum, default_value = "compact")]
    pub provenance: super::ingest::ProvenanceArg,
    /// A file larger than this many megabytes fails alone, unread.
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub max_source_mb: u64,
}

/// Runs `zhikg extract`.
pub fn run(args: Args) -> Result<ExitCode> {
    let Args {
        files,
        format,
        provenance,
        max_source_mb,
    } = args;
    let options = Options {
        provenance: provenance.into(),
        max_source_bytes: max_source_mb.saturating_mul(1024 * 1024),
    };
    if let ExtractFormat::Nquads = format {
        return shard(&files, options);
    }
    let [file] = &files[..] else {
        bail!("this format takes one file; only --format nquads takes several");
    };
    let file = file.clone();
    if std::fs::metadata(&file).is_ok_and(|m| m.len() > options.max_source_bytes) {
        bail!(zhikg::ingest::too_large(
            &file.display().to_string(),
            options.max_source_bytes
        ));
    }
    let bytes = std::fs::read(&file).with_context(|| file.display().to_string())?;
    let res = resources()?;
    let source = zhikg::stages::read::decode(&file.display().to_string(), &bytes)?;
    for w in &source.warnings {
        log::warn!("{w}");
    }
    let warned = source.warnings.len();
    let set = zhikg::pipeline::process(source, res);
    for w in &set.source.warnings[warned..] {
        log::warn!("{w}");
    }
    let mut out = std::io::stdout().lock();
    match format {
        ExtractFormat::Json => writeln!(out, "{}", zhikg::output::json::render(&set))?,
        ExtractFormat::Tokens => {
            let jieba = res.jieba.as_ref().context("segmenter not loaded")?;
            for ex in &set.articles {
                for p in &ex.article.paragraphs {
                    let words: Vec<String> = zhikg::stages::segment::segment(jieba, &p.text.text)
                        .into_iter()
                        .map(|t| format!("{}/{}", t.word, t.tag))
                        .collect();
                    writeln!(out, "{}", words.join(" "))?;
                }
            }
        }
        ExtractFormat::Turtle => {
            let store = Store::in_memory()?;
            let key = set.source.path.clone();
            store.replace_source(
                &key,
                &zhikg::rdf::quads(&set, &key, &res.build, Provenance::Compact),
            )?;
            store.dump(Syntax::Turtle, &mut out)?;
        }
        // Written by `shard` above.
        ExtractFormat::Nquads => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// The graphs of every source under `paths`, streamed as N-Quads with the IRIs
/// ingest would give them. A source that fails is reported and skipped.
fn shard(paths: &[PathBuf], options: Options) -> Result<ExitCode> {
    let (inputs, unreadable) = zhikg::ingest::collect(paths);
    let res = resources()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = unreadable.len();
    for f in &unreadable {
        eprintln!("zhikg: {f}");
    }
    zhikg::ingest::extract_graphs(&inputs, res, options, &mut |result| match result {
        Ok(graphs) => zhikg::store::write_nquads(&graphs, &mut out),
        Err(msg) => {
            eprintln!("zhikg: {msg}");
            failed += 1;
            Ok(())
        }
    })?;
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(super) enum ExtractFormat {
    Json,
    Turtle,
    Nquads,
    /// Each paragraph's words with their part-of-speech tags.
    Tokens,
}

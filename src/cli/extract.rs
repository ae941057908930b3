//! `zhikg extract`: one file → its extraction as JSON, RDF or tokens, without a store.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExtractFormat,
}

/// Runs `zhikg extract`.
pub fn run(args: Args) -> Result<ExitCode> {
    let Args { file, format } = args;
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
                    let words: Vec<String> = zhikg::stages::segment::segment(jieba, &p.text.text)
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

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(super) enum ExtractFormat {
    Json,
    Turtle,
    Nquads,
    /// Each paragraph's words with their part-of-speech tags.
    Tokens,
}

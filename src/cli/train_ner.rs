//! `zhikg train-ner`: a tagged corpus → a name-tagger model, with its scores.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A segmented, POS-tagged corpus in the People's Daily format.
    pub corpus: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "ontology/model/ner.bin")]
    pub out: PathBuf,
    /// Passes of the perceptron over the corpus.
    #[arg(long, default_value_t = 6)]
    pub epochs: usize,
    /// Feature hash buckets (a power of two).
    #[arg(long, default_value_t = zhikg::ner::DEFAULT_BUCKETS)]
    pub buckets: usize,
    /// Every Nth sentence is held out and scored, not trained on (0: none).
    #[arg(long, default_value_t = 20)]
    pub holdout: usize,
    /// Also score the model on a character-per-line BIO corpus.
    #[arg(long)]
    pub eval: Option<PathBuf>,
    /// Also train on a character-per-line BIO corpus (repeatable).
    #[arg(long)]
    pub bio: Vec<PathBuf>,
    /// How many times each --bio sentence is seen per epoch (in-domain
    /// data weighs more than the POS corpus).
    #[arg(long, default_value_t = 1)]
    pub bio_weight: usize,
    /// Do not train: load this model and score it (with --eval).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write the --eval sentences the model gets wrong (gold, then
    /// predicted, names in brackets) to this file.
    #[arg(long)]
    pub errors: Option<PathBuf>,
}

/// Runs `zhikg train-ner`.
pub fn run(args: Args) -> Result<ExitCode> {
    let Args {
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
    } = args;
    if !buckets.is_power_of_two() {
        bail!("--buckets must be a power of two");
    }
    let file = std::fs::File::open(&corpus).with_context(|| corpus.display().to_string())?;
    let res = Resources::load_with(true, false)?;
    let ctx = zhikg::ner::Context {
        lexicon: &res.lexicon,
        rules: &res.rules,
        jieba: res.jieba.as_ref(),
        matches: None,
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
            let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
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
            let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
            zhikg::ner::Tagger::load(std::io::BufReader::new(file), &path.display().to_string())?
        }
        None => {
            zhikg::training::train(&train, &ctx, epochs, buckets, &mut |e, acc, snapshot| {
                log::info!("epoch {e}: label accuracy {acc:.4}");
                if !dev.is_empty() {
                    // A closed output only loses this progress line.
                    let _ = print_score(
                        &format!("  epoch {e} {dev_name}"),
                        zhikg::training::evaluate(snapshot, &dev, &ctx),
                    );
                }
            })
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

/// Prints a tagger score: overall and per class.
pub(super) fn print_score(
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

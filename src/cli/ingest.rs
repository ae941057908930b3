//! `zhikg ingest`: files and folders → the store, with a progress bar and a summary.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files and folders (.txt, .md, searched recursively); `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// How much provenance of each mention to keep: `compact` (one
    /// record per entity and document, its offsets as one list) or
    /// `full` (every mention its own node, with sentence and rule).
    #[arg(long, value_enum, default_value = "compact")]
    pub provenance: ProvenanceArg,
    /// A file larger than this many megabytes fails alone, unread.
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub max_source_mb: u64,
    /// Also print the CPU time spent in each stage, summed over threads.
    #[arg(long)]
    pub timings: bool,
}

/// Runs `zhikg ingest`.
pub fn run(store: &Path, args: Args) -> Result<ExitCode> {
    let Args {
        paths,
        provenance,
        max_source_mb,
        timings,
    } = args;
    let (inputs, unreadable) = zhikg::ingest::collect(&paths);
    if inputs.is_empty() {
        for f in &unreadable {
            eprintln!("zhikg: {f}");
        }
        bail!("no .txt or .md files under {}", show(&paths));
    }
    let store = open(store)?;
    let res = resources()?;
    let options = Options {
        provenance: provenance.into(),
        max_source_bytes: max_source_mb.saturating_mul(1024 * 1024),
    };
    let mut summary = run_ingest(&inputs, &store, res, options)?;
    for f in &unreadable {
        eprintln!("zhikg: {f}");
    }
    summary.files += unreadable.len();
    summary.failures.extend(unreadable);
    print_summary(&summary)?;
    suggest_optimize(&store);
    if timings {
        let total: f64 = summary.stages.rows().iter().map(|r| r.1).sum();
        for (name, secs) in summary.stages.rows() {
            say!(
                "stage {name:<9} {secs:8.2} s {:5.1}%",
                100.0 * secs / total.max(1e-9)
            );
        }
        say!(
            "cpu {total:.2} s of CPU in {:.2} s: {:.1} cores busy",
            summary.seconds,
            total / summary.seconds.max(1e-9)
        );
    }
    Ok(exit(&summary))
}

pub(super) fn run_ingest(
    inputs: &[Input],
    store: &Store,
    res: &Resources,
    options: Options,
) -> Result<Summary> {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(inputs.len() as u64),
        if show_progress() {
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
    let summary = zhikg::ingest::ingest(inputs, store, res, options, &STOP, &|path| {
        log::debug!("ingested {path}");
        bar.inc(1);
        bar.set_message(path.to_string());
    })?;
    bar.finish_and_clear();
    for w in &summary.warnings {
        log::warn!("{w}");
    }
    for f in &summary.failures {
        log::error!("{f}");
    }
    Ok(summary)
}

pub(super) fn print_summary(s: &Summary) -> Result<()> {
    let mb = s.bytes as f64 / 1_000_000.0;
    say!(
        "ingested {} ({} unchanged, {} failed): {}, {}, {}, {}, {} in {:.2} s ({:.2} MB/s)",
        counted(s.files, "file", "files"),
        s.unchanged,
        s.failures.len(),
        counted(s.documents, "document", "documents"),
        counted(s.entities, "entity", "entities"),
        counted(s.relations, "relation", "relations"),
        counted(s.quotes, "quote", "quotes"),
        counted(s.triples, "triple", "triples"),
        s.seconds,
        if s.seconds > 0.0 { mb / s.seconds } else { 0.0 }
    );
    Ok(())
}

pub(super) fn exit(s: &Summary) -> ExitCode {
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

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(super) enum ProvenanceArg {
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

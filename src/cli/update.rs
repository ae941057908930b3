//! `zhikg update`: a SPARQL 1.1 Update (an argument, `--file` or stdin) → the
//! store changed in one transaction.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: the update is parsed before the store is written; it applies
//! wholly or not at all.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The update; without it and without --file, read from stdin.
    pub sparql: Option<String>,
    /// Read the update from this file.
    #[arg(long, conflicts_with = "sparql")]
    pub file: Option<PathBuf>,
}

/// Runs `zhikg update`.
pub fn run(store: &Path, args: Args) -> Result<ExitCode> {
    let Args { sparql, file } = args;
    let text = match (sparql, file) {
        (Some(q), _) => q,
        (_, Some(f)) => std::fs::read_to_string(&f).with_context(|| f.display().to_string())?,
        (None, None) => {
            let mut q = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut q).context("stdin")?;
            q
        }
    };
    let store = open(store)?;
    let before = store.len()?;
    store.update(&text)?;
    store.flush()?;
    let after = store.len()?;
    say!("updated: {before} → {after} quads");
    Ok(ExitCode::SUCCESS)
}

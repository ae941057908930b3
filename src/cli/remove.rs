//! `zhikg remove`: documents → removed from the store with what only they asserted.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Documents to remove: source paths as ingested, or document IRIs.
    #[arg(required = true)]
    pub docs: Vec<String>,
}

/// Runs `zhikg remove`.
pub fn run(store: &Path, args: Args) -> Result<ExitCode> {
    let Args { docs } = args;
    let store = open_existing(store)?;
    let mut missing = false;
    for doc in docs {
        let key = std::fs::canonicalize(&doc).map_or(doc.clone(), |p| p.display().to_string());
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

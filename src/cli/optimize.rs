//! `zhikg optimize`: a store → the same quads with its sorted files merged.
//!
//! Input: the parsed arguments.
//! Output: the command's effect and one line saying what it merged; an error
//! with context otherwise.
//! Invariant: the store must exist; what queries return does not change.

use super::*;

/// Runs `zhikg optimize`.
pub fn run(store: &Path) -> Result<ExitCode> {
    let store = open_existing(store)?;
    let before = store.disk_usage();
    let started = std::time::Instant::now();
    store.optimize()?;
    let after = store.disk_usage();
    say!(
        "optimized in {:.2} s: {}, {:.1} MB → {}, {:.1} MB",
        started.elapsed().as_secs_f64(),
        counted(before.files, "sorted file", "sorted files"),
        megabytes(before.bytes),
        counted(after.files, "file", "files"),
        megabytes(after.bytes),
    );
    Ok(ExitCode::SUCCESS)
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

//! The `zhikg` binary: arguments → validated configuration → library calls.
//!
//! Input: the command line and `ZHIKG_STORE`.
//! Output: results on stdout, progress and one-line errors on stderr.
//! Invariant: exit status 0 on success (a closed pipe included), 1 when an
//! input, a query or the store failed, 2 for usage errors (clap's), 130 when
//! an ingest was interrupted.

mod cli;

use std::process::ExitCode;

/// Extraction makes and drops many small strings and vectors per sentence;
/// mimalloc serves them from per-thread pages. It also takes the place of
/// the C allocator, so memory RocksDB allocates and Rust frees (an error
/// message, say) goes back to the allocator that gave it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The stack of the thread that runs the command: deep enough for any query
/// within the store's nesting limit.
const STACK: usize = 256 << 20;

fn main() -> ExitCode {
    let run = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(cli::run)
        .map_err(anyhow::Error::from)
        .and_then(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
    match run {
        Ok(code) => code,
        // A closed pipe (`zhikg … | head`) ends the output, not in error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("zhikg: {e:#}");
            // A call that cannot be right exits as clap's own usage errors do.
            ExitCode::from(if e.downcast_ref::<cli::Usage>().is_some() {
                2
            } else {
                1
            })
        }
    }
}

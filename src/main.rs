//! The `zhikg` binary: arguments → validated configuration → library calls.
//!
//! Input: the command line and `ZHIKG_STORE`.
//! Output: results on stdout, progress and one-line errors on stderr.
//! Invariant: exit status 0 on success, 1 when an input or query failed,
//! 2 for usage errors.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
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
            ExitCode::from(1)
        }
    }
}

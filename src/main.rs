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
        Err(e) => {
            eprintln!("zhikg: {e:#}");
            ExitCode::from(1)
        }
    }
}

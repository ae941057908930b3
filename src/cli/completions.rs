//! `zhikg completions SHELL` and `zhikg man`: the command line's own
//! description → a shell completion script or a man page, on stdout.
//!
//! Input: the parsed arguments and clap's description of every command.
//! Output: the script or the page (roff), written whole.
//! Invariant: both are generated from the same `Args` the binary parses, so
//! they never drift from it.

use super::*;
use clap::CommandFactory;

/// The arguments of `completions`.
#[derive(clap::Args, Debug)]
pub struct CompletionArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The arguments of `man`.
#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// Write one page per command (zhikg.1, zhikg-ingest.1, …) into this
    /// folder instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs `zhikg completions`.
pub fn completions(args: CompletionArgs) -> Result<ExitCode> {
    let mut cmd = Args::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "zhikg", &mut out);
    std::io::stdout().lock().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `zhikg man`.
pub fn man(args: ManArgs) -> Result<ExitCode> {
    let cmd = Args::command();
    match args.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
            clap_mangen::generate_to(cmd, &dir).with_context(|| dir.display().to_string())?;
            say!("wrote the man pages into {}", dir.display());
        }
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            std::io::stdout().lock().write_all(&out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `zhikg demo`: the bundled sample → a store, stats, two queries and a picture.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::ingest::{exit, print_summary, run_ingest};
use super::stats::print_stats;
use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where graph.dot (and graph.svg) go.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
}

/// Runs `zhikg demo`.
pub fn run(store: &Path, args: Args) -> Result<ExitCode> {
    let Args { out } = args;
    demo(store, &out)
}

pub(super) fn demo(store_dir: &Path, out: &Path) -> Result<ExitCode> {
    let store = open(store_dir)?;
    let res = resources()?;
    let inputs: Vec<Input> = SAMPLE
        .iter()
        .map(|(name, text)| Input::Memory(name.to_string(), text.as_bytes().to_vec()))
        .collect();
    let summary = run_ingest(&inputs, &store, res, Options::default())?;
    print_summary(&summary)?;
    say!();
    print_stats(&store)?;
    let mut stdout = std::io::stdout().lock();
    for name in ["people", "initiatives"] {
        writeln!(stdout, "\n== queries/{name}.rq ==")?;
        let (names, rows) = store.select(&named_query(name)?)?;
        zhikg::output::table::write(&mut stdout, &names, &rows)?;
    }
    let sel = zhikg::graph::Selection {
        top: Some(60),
        predicates: zhikg::graph::PREDICATES
            .iter()
            .map(|p| p.to_string())
            .filter(|p| p != "discusses" && p != "relatedTo")
            .collect(),
        ..zhikg::graph::Selection::default()
    };
    let g = zhikg::graph::load(&store, &sel)?;
    let dot_path = out.join("graph.dot");
    write_file(
        &dot_path,
        zhikg::output::dot(&g, &zhikg::graph::labels()?, false).as_bytes(),
    )?;
    writeln!(stdout, "\nwrote {}", dot_path.display())?;
    let svg = out.join("graph.svg");
    match std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot_path)
        .arg("-o")
        .arg(&svg)
        .status()
    {
        Ok(s) if s.success() => writeln!(stdout, "wrote {}", svg.display())?,
        Ok(s) => eprintln!("zhikg: dot exited with {s}; {} not written", svg.display()),
        Err(_) => eprintln!(
            "zhikg: GraphViz `dot` not found; install it (apt-get install graphviz) to get {}",
            svg.display()
        ),
    }
    Ok(exit(&summary))
}

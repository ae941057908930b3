//! `zhikg explain`: an entity label → the provenance of each of its edges.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The entity's label (rdfs:label).
    pub label: String,
}

/// Runs `zhikg explain`.
pub fn run(store: &Path, args: Args) -> Result<ExitCode> {
    let Args { label } = args;
    let store = open_reader(store)?;
    let (vars, rows) = store.select_with(
        &named_query("provenance")?,
        &[("label".into(), label.clone())],
    )?;
    if rows.is_empty() {
        bail!("no edges for {label:?}");
    }
    let col = |r: &Vec<Option<String>>, name: &str| {
        vars.iter()
            .position(|v| v == name)
            .and_then(|i| r[i].clone())
            .unwrap_or_default()
    };
    let mut out = std::io::stdout().lock();
    for r in &rows {
        writeln!(
            out,
            "{} -{}-> {}\n    rule {} (confidence {}), {}:{}-{}\n    {}",
            col(r, "subject"),
            col(r, "relation"),
            col(r, "object"),
            col(r, "rule"),
            col(r, "confidence"),
            col(r, "source"),
            col(r, "start"),
            col(r, "end"),
            match col(r, "sentence") {
                s if s.is_empty() => String::new(),
                s => format!("“{s}”"),
            },
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

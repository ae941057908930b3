//! `zhikg query`: a SPARQL query, given, from a file or by name → results on stdout.
//!
//! Input: the parsed arguments.
//! Output: the command's effect; an error with context otherwise.
//! Invariant: arguments are checked before the store is touched.

use super::*;

/// The arguments of the command.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The query text; `-` reads it from stdin.
    pub sparql: Option<String>,
    /// Read the query from a file (`-` for stdin).
    #[arg(long, conflicts_with_all = ["sparql", "name"])]
    pub file: Option<PathBuf>,
    /// Run queries/NAME.rq.
    #[arg(long, conflicts_with = "sparql")]
    pub name: Option<String>,
    /// Bind a variable to a string: NAME=VALUE (repeatable).
    #[arg(long = "param", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// How to print the results: SELECT and ASK as table, csv, tsv, json or
    /// xml (W3C result formats); CONSTRUCT and DESCRIBE as turtle, ntriples,
    /// json (JSON-LD), xml (RDF/XML) or table (Turtle).
    #[arg(long, value_enum, default_value = "table")]
    pub format: QueryFormat,
    /// Stop the query after this many seconds (0: no limit).
    #[arg(long, default_value_t = 60.0, value_name = "SECONDS")]
    pub timeout: f64,
}

/// Runs `zhikg query`.
pub fn run(store: &Path, args: Args) -> Result<ExitCode> {
    let Args {
        sparql,
        file,
        name,
        params,
        format,
        timeout,
    } = args;
    let text = match (sparql, file, name) {
        (Some(q), _, _) if q == "-" => {
            let mut q = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut q).context("stdin")?;
            q
        }
        (Some(q), _, _) => q,
        (_, Some(f), _) if f.as_os_str() == "-" => {
            let mut q = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut q).context("stdin")?;
            q
        }
        (_, Some(f), _) => std::fs::read_to_string(&f).with_context(|| f.display().to_string())?,
        (_, _, Some(n)) => named_query(&n)?,
        _ => bail!("give a query, --file F.rq or --name NAME"),
    };
    if !(timeout.is_finite() && timeout >= 0.0) {
        bail!("--timeout {timeout}: give a number of seconds, 0 for no limit");
    }
    let timeout = (timeout > 0.0).then(|| std::time::Duration::from_secs_f64(timeout));
    let store = open_reader(store)?.with_timeout(timeout);
    if let Some(limit) = timeout {
        // Evaluation stops itself when it next reads the store; a
        // query busy in memory (a cross product) is stopped here.
        std::thread::spawn(move || {
            std::thread::sleep(limit + std::time::Duration::from_millis(500));
            eprintln!("zhikg: {}", zhikg::Error::Timeout(limit.as_secs_f64()));
            std::process::exit(1);
        });
    }
    let format = match format {
        QueryFormat::Table => ResultFormat::Table,
        QueryFormat::Csv => ResultFormat::Csv,
        QueryFormat::Tsv => ResultFormat::Tsv,
        QueryFormat::Json => ResultFormat::Json,
        QueryFormat::Xml => ResultFormat::Xml,
        QueryFormat::Turtle => ResultFormat::Turtle,
        QueryFormat::Ntriples => ResultFormat::NTriples,
    };
    let mut out = std::io::stdout().lock();
    let answered = store
        .query(&text, &params, format, &mut out)
        .map_err(|e| match e {
            zhikg::Error::WrongFormat(m) => usage(m),
            e => e.into(),
        })?;
    if let Some((names, rows)) = answered {
        zhikg::output::table::write(&mut out, &names, &rows)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(super) enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
}

pub(super) fn parse_param(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("expected NAME=VALUE, got {s:?}"))
}

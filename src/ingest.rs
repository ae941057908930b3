//! Ingest driver: paths → files → pipeline (in parallel) → store (one writer).
//!
//! Input: files and folders (recursively, `.txt` and `.md`), or `-` for stdin.
//! Output: each source's articles in the store, one named graph per article,
//! and a summary.
//! Invariant: memory holds at most a few sources at a time (a bounded channel
//! between the parallel workers and the single writer); an unchanged source is
//! skipped; a source that fails is reported and the others still ingest.

use crate::error::{Error, Result};
use crate::model::DocumentSet;
use crate::pipeline::process;
use crate::rdf::{self, Provenance};
use crate::read::decode;
use crate::resources::{ONTOLOGY_TTL, Resources};
use crate::store::Store;
use oxrdf::{NamedNode, Quad};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

/// What an ingest run did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    pub files: usize,
    pub unchanged: usize,
    pub documents: usize,
    pub entities: usize,
    pub relations: usize,
    pub quotes: usize,
    pub triples: usize,
    pub bytes: usize,
    pub seconds: f64,
    /// One line per source that failed.
    pub failures: Vec<String>,
}

/// A source to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
    /// Text held in memory (the bundled sample), under a name.
    Memory(String, Vec<u8>),
}

/// Expands folders (recursively, sorted) into `.txt` and `.md` files.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            walk(p, &mut out)?;
        } else if p.exists() {
            out.push(Input::File(p.clone()));
        } else {
            return Err(Error::Io {
                path: p.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such file or directory",
                ),
            });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Input>) -> Result<()> {
    let io = |e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(io)?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")) {
            out.push(Input::File(p));
        }
    }
    Ok(())
}

/// A processed source ready to write, or why it could not be.
enum Outcome {
    Ready(Box<Ready>),
    Unchanged,
    Failed(String),
}

/// A processed source and its quads.
struct Ready {
    key: String,
    /// The store already holds an older version of this source.
    replaces: bool,
    set: DocumentSet,
    graphs: Vec<(NamedNode, Vec<Quad>)>,
}

/// Quads gathered before one bulk commit: bounds memory and amortises commits.
const BATCH_QUADS: usize = 200_000;

/// Reads and processes one input.
fn work(input: &Input, store: &Store, res: &Resources, provenance: Provenance) -> Outcome {
    let (path, key, bytes) = match input {
        Input::Stdin => {
            let mut b = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut b) {
                return Outcome::Failed(format!("-: {e}"));
            }
            ("-".to_string(), None, b)
        }
        Input::Memory(name, b) => (name.clone(), Some(name.clone()), b.clone()),
        Input::File(p) => match std::fs::read(p) {
            Ok(b) => {
                let key = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                (p.display().to_string(), Some(key.display().to_string()), b)
            }
            Err(e) => return Outcome::Failed(format!("{}: {e}", p.display())),
        },
    };
    let mut source = match decode(&path, &bytes) {
        Ok(s) => s,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let key = key.unwrap_or_else(|| format!("stdin:{}", source.hash));
    let replaces = match store.stored_hash(&key) {
        Ok(Some(h)) if h == source.hash => return Outcome::Unchanged,
        Ok(old) => old.is_some(),
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    source.path = key.clone();
    let set = process(source, res);
    let graphs = rdf::quads(&set, &key, provenance);
    Outcome::Ready(Box::new(Ready {
        key,
        replaces,
        set,
        graphs,
    }))
}

/// Ingests `inputs` into `store`, calling `progress` after each source.
pub fn ingest(
    inputs: &[Input],
    store: &Store,
    res: &Resources,
    provenance: Provenance,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Summary> {
    let started = Instant::now();
    store.load_ontology(ONTOLOGY_TTL)?;
    let mut summary = Summary {
        files: inputs.len(),
        ..Summary::default()
    };
    let mut entities = BTreeSet::new();
    let mut pending: Vec<(NamedNode, Vec<Quad>)> = Vec::new();
    let mut pending_quads = 0usize;
    let (tx, rx) = sync_channel::<Outcome>(rayon::current_num_threads().max(1) * 2);
    let result: Result<()> = std::thread::scope(|scope| {
        scope.spawn(move || {
            inputs.par_iter().for_each_with(tx, |tx, input| {
                let _ = tx.send(work(input, store, res, provenance));
            });
        });
        for outcome in rx {
            match outcome {
                Outcome::Unchanged => summary.unchanged += 1,
                Outcome::Failed(msg) => summary.failures.push(msg),
                Outcome::Ready(ready) => {
                    let Ready {
                        key,
                        replaces,
                        set,
                        graphs,
                    } = *ready;
                    if replaces {
                        // Keep the order of writes: what is pending goes first.
                        summary.triples += store.load_new(&pending)?;
                        pending.clear();
                        pending_quads = 0;
                        summary.triples += store.replace_source(&key, &graphs)?;
                    } else {
                        pending_quads += graphs.iter().map(|g| g.1.len()).sum::<usize>();
                        pending.extend(graphs);
                        if pending_quads >= BATCH_QUADS {
                            summary.triples += store.load_new(&pending)?;
                            pending.clear();
                            pending_quads = 0;
                        }
                    }
                    summary.bytes += set.source.text.len();
                    summary.documents += set.articles.len();
                    for ex in &set.articles {
                        summary.relations += ex.relations.len();
                        summary.quotes += ex.quotes.len();
                        entities
                            .extend(ex.entities.iter().map(|e| (e.entity_type, e.label.clone())));
                    }
                    progress(&set.source.path);
                }
            }
        }
        summary.triples += store.load_new(&pending)?;
        Ok(())
    });
    result?;
    store.flush()?;
    summary.entities = entities.len();
    summary.failures.sort();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

//! Ingest driver: paths → files → pipeline (in parallel) → store (one writer).
//!
//! Input: files and folders (recursively, `.txt` and `.md`), or `-` for stdin.
//! Output: each source's articles in the store, one named graph per article,
//! and a summary.
//! Invariant: memory holds at most a few sources at a time (a bounded channel
//! between the parallel workers and the single writer); an unchanged source is
//! skipped; a source that fails is reported and the others still ingest.

use crate::data::ONTOLOGY_TTL;
use crate::error::Result;
use crate::model::{DocumentSet, Source, Stage};
use crate::pipeline::{process, process_with};
use crate::rdf::{self, NamedNode, Provenance, Quad};
use crate::resources::Resources;
use crate::stages::read::decode;
use crate::store::{Sources, Store, Stored};

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

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
    /// One line per repair made while reading a source.
    pub warnings: Vec<String>,
    /// Sources not started because the run was asked to stop.
    pub skipped: usize,
    /// The run was asked to stop, and ended after committing what it had.
    pub interrupted: bool,
    /// The store failure that ended the run; what the summary counts was
    /// committed before it.
    pub error: Option<String>,
    /// Time spent in each stage, summed over the workers.
    pub stages: Stages,
}

/// CPU seconds spent in each stage of an ingest, summed over the threads
/// that ran it; together they are the process's CPU time over the run. On
/// systems that do not count a thread's CPU time they are wall-clock time,
/// and the writer's includes the store's.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Stages {
    /// Reading files and checking whether the store already has them.
    pub read: f64,
    /// Decoding bytes to text.
    pub decode: f64,
    /// The pipeline's stages, in the order of [`Stage::ALL`].
    pub pipeline: [f64; Stage::ALL.len()],
    /// Building quads.
    pub rdf: f64,
    /// The writer thread: gathering batches, keeping each entity's first
    /// description, handing batches to the store and committing them.
    pub write: f64,
    /// The rest of the process's CPU time: the database sorting and writing
    /// its files in its own threads.
    pub store: f64,
}

impl Summary {
    /// Adds the counts of committed sources in `other` to this summary.
    fn add(&mut self, other: &Summary) {
        self.documents += other.documents;
        self.relations += other.relations;
        self.quotes += other.quotes;
        self.bytes += other.bytes;
        self.warnings.extend(other.warnings.iter().cloned());
    }
}

impl Stages {
    /// Each stage's name and seconds, in pipeline order.
    pub fn rows(&self) -> Vec<(&'static str, f64)> {
        let mut rows = vec![("read", self.read), ("decode", self.decode)];
        rows.extend(Stage::ALL.iter().map(|s| s.name()).zip(self.pipeline));
        rows.extend([
            ("rdf", self.rdf),
            ("write", self.write),
            ("store", self.store),
        ]);
        rows
    }
}

/// CPU nanoseconds per stage, added to by the workers.
#[derive(Default)]
struct Clock {
    read: AtomicU64,
    decode: AtomicU64,
    pipeline: [AtomicU64; Stage::ALL.len()],
    rdf: AtomicU64,
}

/// When the process first asked for the time, for systems that do not
/// count a thread's CPU time.
static FIRST_ASKED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// CPU time of the calling thread; where the system does not count it, the
/// time since the process first asked.
fn thread_cpu() -> Duration {
    #[cfg(unix)]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: the call writes one timespec, which lives on this stack.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0 {
            return Duration::new(t.tv_sec as u64, t.tv_nsec as u32);
        }
    }
    FIRST_ASKED.get_or_init(Instant::now).elapsed()
}

/// CPU time of the whole process, user and system, where the system counts it.
fn process_cpu() -> Option<Duration> {
    #[cfg(unix)]
    {
        // SAFETY: an all-zero rusage is a valid value of the plain C struct.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: the call writes one rusage, which lives on this stack.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } == 0 {
            let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
            return Some(time(u.ru_utime) + time(u.ru_stime));
        }
    }
    None
}

/// Adds the thread's CPU time since `since` to `counter`; returns the time now.
fn tick(counter: &AtomicU64, since: Duration) -> Duration {
    let now = thread_cpu();
    counter.fetch_add(
        now.saturating_sub(since).as_nanos() as u64,
        Ordering::Relaxed,
    );
    now
}

fn seconds(counter: &AtomicU64) -> f64 {
    counter.load(Ordering::Relaxed) as f64 / 1e9
}

/// A source to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
    /// Text held in memory (the bundled sample), under a name.
    Memory(String, Vec<u8>),
}

/// Extensions of RDF files, which `load` reads and `ingest` refuses.
const RDF_EXTENSIONS: &[&str] = &["nq", "nt", "ttl", "trig", "jsonld", "rdf", "owl", "n3"];

/// Expands folders (recursively, sorted) into `.txt` and `.md` files. A path
/// that cannot be read, or an RDF file, becomes one line in the second list,
/// naming it; the other paths are still collected.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut out = Vec::new();
    let mut failures = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            walk(p, &mut out, &mut failures);
        } else if p.exists()
            && RDF_EXTENSIONS.contains(&p.extension().and_then(|e| e.to_str()).unwrap_or(""))
        {
            failures.push(format!(
                "{}: an RDF file, not text; load it with `zhikg load {}`",
                p.display(),
                p.display()
            ));
        } else if p.exists() {
            out.push(Input::File(p.clone()));
        } else {
            failures.push(format!("{}: no such file or directory", p.display()));
        }
    }
    (out, failures)
}

fn walk(dir: &Path, out: &mut Vec<Input>, failures: &mut Vec<String>) {
    let entries: std::io::Result<Vec<PathBuf>> =
        std::fs::read_dir(dir).and_then(|rd| rd.map(|e| e.map(|e| e.path())).collect());
    let mut entries = match entries {
        Ok(e) => e,
        Err(e) => {
            failures.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out, failures);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")) {
            out.push(Input::File(p));
        }
    }
}

/// A processed source ready to write, or why it could not be.
enum Outcome {
    Ready(Box<Ready>),
    Unchanged,
    /// Not started: the run was asked to stop.
    Skipped,
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

/// How each source of an ingest or a shard is treated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// How much provenance of each mention to keep.
    pub provenance: Provenance,
    /// A source larger than this many bytes fails alone, unread.
    pub max_source_bytes: u64,
}

/// The default per-source limit: 64 MB.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

impl Default for Options {
    fn default() -> Options {
        Options {
            provenance: Provenance::Compact,
            max_source_bytes: MAX_SOURCE_BYTES,
        }
    }
}

/// The one-line failure of a source over the limit.
pub fn too_large(path: &str, limit: u64) -> String {
    format!(
        "{path}: larger than the per-source limit of {} (--max-source-mb); nothing of it was stored",
        megabytes(limit)
    )
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// Quads gathered before they go to the background loader as one batch:
/// bounds memory and keeps the number of sorted files small.
const BATCH_QUADS: usize = 160_000;

/// The first batch of a run: batches start small and double up to
/// [`BATCH_QUADS`], so the loader starts early and the batch left to load
/// after the last source is small, while a large run still makes few files.
const FIRST_BATCH_QUADS: usize = 50_000;

/// The smallest batch handed on as a run nears its end: batches are kept
/// under half the quads the sources left are expected to give, so the loader
/// has little to do once the last source is processed.
const LAST_BATCH_QUADS: usize = 25_000;

/// Reads and decodes one source; returns the key the store files it under
/// (its canonical path) and the source, or the one-line failure. A source
/// over `limit` bytes is refused before it is read whole.
fn read_input(
    input: &Input,
    limit: u64,
    clock: &Clock,
) -> std::result::Result<(String, Source), String> {
    let t = thread_cpu();
    let (path, key, bytes) = match input {
        Input::Stdin => {
            let mut b = Vec::new();
            std::io::stdin()
                .take(limit.saturating_add(1))
                .read_to_end(&mut b)
                .map_err(|e| format!("-: {e}"))?;
            ("-".to_string(), None, b)
        }
        Input::Memory(name, b) => (name.clone(), Some(name.clone()), b.clone()),
        Input::File(p) => {
            if std::fs::metadata(p).is_ok_and(|m| m.len() > limit) {
                return Err(too_large(&p.display().to_string(), limit));
            }
            let b = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let key = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            (p.display().to_string(), Some(key.display().to_string()), b)
        }
    };
    if bytes.len() as u64 > limit {
        return Err(too_large(&path, limit));
    }
    let t = tick(&clock.read, t);
    let source = decode(&path, &bytes).map_err(|e| e.to_string())?;
    tick(&clock.decode, t);
    let key = key.unwrap_or_else(|| format!("stdin:{}", source.hash));
    Ok((key, source))
}

/// The graphs of one source, or why it failed.
pub type Extracted = std::result::Result<Vec<(NamedNode, Vec<Quad>)>, String>;

/// How many sources are extracted in parallel before their graphs are handed on.
const CHUNK: usize = 64;

/// Keeps in the entities graph of `graphs` only the quads not in
/// `described`, and adds them to it: an entity is described once per run.
fn first_descriptions(graphs: &mut [(NamedNode, Vec<Quad>)], described: &mut FxHashSet<Quad>) {
    for (g, quads) in graphs {
        if g.as_str() == rdf::ENTITIES_GRAPH {
            // Most descriptions repeat an earlier one: look before copying.
            quads.retain(|q| !described.contains(q) && described.insert(q.clone()));
        }
    }
}

/// The graphs `ingest` would write for each of `inputs`, with the same IRIs,
/// handed to `emit` in input order (a failed source as its message). Each
/// entity is described once over the whole call, as ingest stores it once.
pub fn extract_graphs(
    inputs: &[Input],
    res: &Resources,
    options: Options,
    emit: &mut dyn FnMut(Extracted) -> Result<()>,
) -> Result<()> {
    let build = &res.build;
    let clock = Clock::default();
    let mut described: FxHashSet<Quad> = FxHashSet::default();
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<_> = chunk
            .par_iter()
            .map(|input| {
                let (key, mut source) = read_input(input, options.max_source_bytes, &clock)?;
                source.path = key.clone();
                let set = process(source, res);
                Ok(rdf::quads(&set, &key, build, options.provenance))
            })
            .collect();
        for result in results {
            let result = result.map(|mut graphs: Vec<(NamedNode, Vec<Quad>)>| {
                first_descriptions(&mut graphs, &mut described);
                graphs
            });
            emit(result)?;
        }
    }
    Ok(())
}

fn work(
    input: &Input,
    stored: &Sources,
    res: &Resources,
    options: Options,
    clock: &Clock,
) -> Outcome {
    // Reading and decoding count themselves.
    let (key, mut source) = match read_input(input, options.max_source_bytes, clock) {
        Ok(read) => read,
        Err(msg) => return Outcome::Failed(msg),
    };
    let replaces = match stored.state(&key, &source.hash, &res.build.version) {
        Stored::Current => return Outcome::Unchanged,
        Stored::Stale => true,
        Stored::Absent => false,
    };
    source.path = key.clone();
    let mut t = thread_cpu();
    let set = process_with(source, res, &mut |stage| {
        t = tick(&clock.pipeline[stage as usize], t);
    });
    let graphs = rdf::quads(&set, &key, &res.build, options.provenance);
    tick(&clock.rdf, t);
    Outcome::Ready(Box::new(Ready {
        key,
        replaces,
        set,
        graphs,
    }))
}

/// Batches handed to the background loader and what the summary gains once
/// they are committed.
struct Loading<'s> {
    store: &'s Store,
    loader: crate::store::Loader<'s>,
    gain: Summary,
    entities: BTreeSet<(crate::model::EntityType, String)>,
}

impl<'s> Loading<'s> {
    fn new(store: &'s Store) -> Loading<'s> {
        Loading {
            store,
            loader: store.loader(),
            gain: Summary::default(),
            entities: BTreeSet::new(),
        }
    }

    /// Hands what is pending to the loader, to be written `alongside` the
    /// batch before it or after it.
    fn hand(&mut self, pending: &mut Pending, alongside: bool) -> Result<()> {
        let p = std::mem::take(pending);
        if alongside {
            self.loader.add_alongside(p.graphs)?;
        } else {
            self.loader.add(p.graphs)?;
        }
        self.gain.add(&p.gain);
        self.entities.extend(p.entities);
        Ok(())
    }

    /// Commits what is pending and loading; the summary counts it only
    /// once it is stored.
    fn commit(
        &mut self,
        pending: &mut Pending,
        summary: &mut Summary,
        entities: &mut BTreeSet<(crate::model::EntityType, String)>,
    ) -> Result<()> {
        self.hand(pending, true)?;
        let done = std::mem::replace(self, Loading::new(self.store));
        summary.triples += done.loader.commit()?;
        summary.add(&done.gain);
        entities.extend(done.entities);
        Ok(())
    }
}

/// Documents and counts gathered before they go to the loader as one batch.
#[derive(Default)]
struct Pending {
    graphs: Vec<(NamedNode, Vec<Quad>)>,
    quads: usize,
    /// What the summary gains once these graphs are committed.
    gain: Summary,
    entities: BTreeSet<(crate::model::EntityType, String)>,
}

/// Ingests `inputs` into `store`, calling `progress` after each source.
///
/// When `stop` is set (by a signal handler, say) no further source is
/// started, and what is processed is committed before returning. A store
/// failure (a full disk) ends the run: the summary counts what was
/// committed before it, and `error` says what failed.
pub fn ingest(
    inputs: &[Input],
    store: &Store,
    res: &Resources,
    options: Options,
    stop: &AtomicBool,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Summary> {
    let started = Instant::now();
    let cpu_at_start = process_cpu();
    let writer_at_start = thread_cpu();
    store.load_ontology(ONTOLOGY_TTL)?;
    let stored = &store.sources()?;
    let mut summary = Summary {
        files: inputs.len(),
        ..Summary::default()
    };
    let mut entities = BTreeSet::new();
    let clock = Clock::default();
    let clock = &clock;
    let mut described: FxHashSet<Quad> = FxHashSet::default();
    let mut pending = Pending::default();
    let mut batch = FIRST_BATCH_QUADS;
    // The quads of the batch handed to the loader last.
    let mut handed = 0usize;
    // Sources whose outcome has arrived, and the quads they gave.
    let (mut received, mut received_quads) = (0usize, 0usize);
    // Batches handed to the background loader, counted once committed.
    let mut loading = Loading::new(store);
    let (tx, rx) = sync_channel::<Outcome>(rayon::current_num_threads().max(1) * 2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            inputs.par_iter().for_each_with(tx, |tx, input| {
                let outcome = if stop.load(Ordering::Relaxed) {
                    Outcome::Skipped
                } else {
                    work(input, stored, res, options, clock)
                };
                let _ = tx.send(outcome);
            });
        });
        for outcome in rx {
            received += 1;
            if summary.error.is_some() {
                // Drain the workers; nothing more is written.
                continue;
            }
            let written = match outcome {
                Outcome::Unchanged => {
                    summary.unchanged += 1;
                    Ok(())
                }
                Outcome::Skipped => {
                    summary.skipped += 1;
                    Ok(())
                }
                Outcome::Failed(msg) => {
                    summary.failures.push(msg);
                    Ok(())
                }
                Outcome::Ready(ready) => {
                    let Ready {
                        key,
                        replaces,
                        set,
                        mut graphs,
                    } = *ready;
                    // An entity described by an earlier source of this run
                    // need not be written again.
                    first_descriptions(&mut graphs, &mut described);
                    let mut gain = Summary {
                        bytes: set.source.text.len(),
                        documents: set.articles.len(),
                        warnings: set.source.warnings.clone(),
                        ..Summary::default()
                    };
                    let mut named = BTreeSet::new();
                    for ex in &set.articles {
                        gain.relations += ex.relations.len();
                        gain.quotes += ex.quotes.len();
                        named.extend(ex.entities.iter().map(|e| (e.entity_type, e.label.clone())));
                    }
                    progress(&set.source.path);
                    if replaces {
                        // Keep the order of writes: what is pending goes first.
                        loading
                            .commit(&mut pending, &mut summary, &mut entities)
                            .and_then(|()| {
                                summary.triples += store.replace_source(&key, &graphs)?;
                                summary.add(&gain);
                                entities.extend(named);
                                Ok(())
                            })
                    } else {
                        let quads = graphs.iter().map(|g| g.1.len()).sum::<usize>();
                        received_quads += quads;
                        pending.quads += quads;
                        pending.graphs.extend(graphs);
                        pending.gain.add(&gain);
                        pending.entities.extend(named);
                        let expected =
                            received_quads / received * inputs.len().saturating_sub(received);
                        let closing = (expected / 2).max(LAST_BATCH_QUADS);
                        if pending.quads >= batch.min(closing) {
                            // Near the end batches shrink and follow each
                            // other closely: each is written alongside the
                            // one before rather than after it, when the two
                            // together are no larger than a full batch.
                            let alongside =
                                closing < batch && pending.quads + handed <= BATCH_QUADS;
                            handed = pending.quads;
                            batch = (batch * 2).min(BATCH_QUADS);
                            loading.hand(&mut pending, alongside)
                        } else {
                            Ok(())
                        }
                    }
                }
            };
            if let Err(e) = written {
                summary.error = Some(e.to_string());
                stop.store(true, Ordering::Relaxed);
            }
        }
        if summary.error.is_none()
            && let Err(e) = loading.commit(&mut pending, &mut summary, &mut entities)
        {
            summary.error = Some(e.to_string());
        }
    });
    if summary.error.is_none()
        && let Err(e) = store.flush()
    {
        summary.error = Some(e.to_string());
    }
    summary.interrupted = summary.skipped > 0 && summary.error.is_none();
    let mut stages = Stages {
        read: seconds(&clock.read),
        decode: seconds(&clock.decode),
        pipeline: clock.pipeline.each_ref().map(seconds),
        rdf: seconds(&clock.rdf),
        write: thread_cpu().saturating_sub(writer_at_start).as_secs_f64(),
        store: 0.0,
    };
    let counted: f64 = stages.rows().iter().map(|r| r.1).sum();
    if let (Some(a), Some(b)) = (cpu_at_start, process_cpu()) {
        stages.store = (b.saturating_sub(a).as_secs_f64() - counted).max(0.0);
    }
    summary.stages = stages;
    summary.entities = entities.len();
    summary.failures.sort();
    summary.warnings.sort();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

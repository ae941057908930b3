//! The store: the only module that touches Oxigraph.
//!
//! Input: quads per document graph, SPARQL queries, export requests.
//! Output: an on-disk RocksDB store; query results in W3C formats; dumps.
//! Invariant: a source file's graphs are replaced in one transaction, so a
//! failure leaves what was stored before intact; queries see the union of all
//! graphs as their default graph.

use crate::error::{Error, Result};
use crate::rdf::jsonld::Compactor;
use crate::rdf::vocab::{ENTITIES_GRAPH, ONTOLOGY_GRAPH, PREFIXES, zk};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{BlankNode, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

mod graph_store;
pub use graph_store::Graph;

/// How to print query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    NTriples,
}

/// What a store holds of one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// Nothing.
    Absent,
    /// All of it, from the same bytes and extraction version.
    Current,
    /// Some or all of it, from other bytes or another version.
    Stale,
}

/// What a store held of every source when it was read: per source path,
/// the content hash, extraction version and article count of each of its
/// documents.
#[derive(Debug, Default)]
pub struct Sources {
    docs: rustc_hash::FxHashMap<String, Vec<[Option<String>; 3]>>,
}

impl Sources {
    /// Whether the store holds the source at `source_path` as the bytes
    /// hashing to `hash` extracted by `version` would give: every article of
    /// it, each stored with that hash and version.
    pub fn state(&self, source_path: &str, hash: &str, version: &str) -> Stored {
        let Some(docs) = self.docs.get(source_path).filter(|d| !d.is_empty()) else {
            return Stored::Absent;
        };
        let count = docs.len().to_string();
        let current = docs.iter().all(|[h, v, c]| {
            h.as_deref() == Some(hash)
                && v.as_deref() == Some(version)
                && c.as_deref() == Some(count.as_str())
        });
        if current {
            Stored::Current
        } else {
            Stored::Stale
        }
    }
}

/// An open store.
pub struct Store {
    inner: oxigraph::store::Store,
    path: String,
    /// The file naming this process as the store's writer, removed on drop.
    writer: Option<std::path::PathBuf>,
    /// How long a query may run before it is stopped.
    timeout: Option<std::time::Duration>,
}

/// A syntax error of `sparql`: an undeclared prefix by its name and the
/// built-in ones, else the parser's message.
fn syntax_error(sparql: &str, message: &str) -> Error {
    match undeclared_prefix(sparql) {
        Some(p) => Error::Sparql(format!(
            "prefix {p}: is not declared: add PREFIX {p}: <…> (built in: {})",
            PREFIXES
                .iter()
                .map(|(p, _)| format!("{p}:"))
                .collect::<Vec<_>>()
                .join(" ")
        )),
        // The parser lists every character class it would accept; past a
        // line that helps nobody, so say where it stopped and what is there.
        None if message.contains('\n') || message.chars().count() > 200 => {
            let at = message.split(": expected").next().unwrap_or(message);
            let position = at.strip_prefix("error at ").and_then(|p| {
                let (line, column) = p.split_once(':')?;
                Some((line.parse::<usize>().ok()?, column.parse::<usize>().ok()?))
            });
            match position.and_then(|(l, c)| sparql.lines().nth(l.checked_sub(1)?).map(|t| (t, c)))
            {
                Some((line, column)) => {
                    let near: String = line
                        .chars()
                        .skip(column.saturating_sub(1))
                        .take(24)
                        .collect();
                    Error::Sparql(format!("{at}: unexpected text at `{}`", near.trim_end()))
                }
                None => Error::Sparql(at.to_string()),
            }
        }
        None => Error::Sparql(message.to_string()),
    }
}

/// The first prefix of a prefixed name in `sparql` that neither a `PREFIX`
/// of the query nor the built-in table declares; IRIs, strings and comments
/// are skipped.
fn undeclared_prefix(sparql: &str) -> Option<String> {
    let chars: Vec<char> = sparql.chars().collect();
    let mut used: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '<' if chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != '=') =>
            {
                while i < chars.len() && chars[i] != '>' {
                    i += 1;
                }
            }
            '"' | '\'' => {
                i += 1;
                while i < chars.len() && chars[i] != c {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            c if c.is_alphabetic()
                && (i == 0
                    || !(chars[i - 1].is_alphanumeric()
                        || matches!(chars[i - 1], '_' | '?' | '$' | '@' | '-' | '.' | ':'))) =>
            {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | '.'))
                {
                    i += 1;
                }
                if chars.get(i) == Some(&':') {
                    used.push((chars[start..i].iter().collect(), start));
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let declared: Vec<&String> = used
        .iter()
        .filter(|(_, at)| {
            let before: String = chars[..*at].iter().collect();
            before.trim_end().to_ascii_uppercase().ends_with("PREFIX")
        })
        .map(|(p, _)| p)
        .collect();
    used.iter()
        .map(|(p, _)| p)
        .find(|p| !declared.contains(p) && !PREFIXES.iter().any(|(b, _)| b == p))
        .cloned()
}

/// How deep a query may nest groups, brackets and lists. Parsing and
/// evaluation recurse on nesting, so deeper queries are refused before either.
pub const MAX_QUERY_DEPTH: usize = 500;

/// The deepest nesting of `{`, `(` and `[` in `sparql`, outside string literals.
fn nesting_depth(sparql: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in sparql.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '{' | '(' | '[' => {
                depth += 1;
                max = max.max(depth);
            }
            '}' | ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// How often a reader tries to open a store that a writer is compacting.
const READ_ONLY_ATTEMPTS: u64 = 8;

/// The sorted files of a store folder ([`Store::disk_usage`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiskUsage {
    pub files: usize,
    pub bytes: u64,
}

/// The file in a store folder holding the id of the process writing it.
const WRITER_FILE: &str = "zhikg-writer.pid";

/// What a storage failure means for the store in `dir`, in one line.
fn explain(dir: &Path, raw: &str) -> String {
    let lower = raw.to_lowercase();
    if lower.contains("lock") && lower.contains("temporarily unavailable") {
        let pid = std::fs::read_to_string(dir.join(WRITER_FILE))
            .ok()
            .and_then(|p| p.trim().parse::<u32>().ok());
        return match pid {
            Some(pid) => format!(
                "is being written by another zhikg process (pid {pid}); try again when it ends"
            ),
            None => "is being written by another process; try again when it ends".into(),
        };
    }
    if lower.contains("no space left") {
        return "no space left on the device: this write was not committed, and what the store held before is kept".into();
    }
    if lower.contains("read-only file system") {
        return "is on a read-only file system: only commands that read (query, export, stats, explain) can use it".into();
    }
    if lower.contains("permission denied") {
        return "permission denied: nothing was written; check who owns the store folder".into();
    }
    if lower.contains("current") && lower.contains("no such file") {
        return "is not a zhikg store (no database in this folder)".into();
    }
    raw.to_string()
}

/// The sorted files in `dir`, the store's own and a bulk load's.
fn sorted_files(dir: &Path) -> impl Iterator<Item = std::fs::DirEntry> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".sst"))
}

/// The sorted files a bulk load writes in `dir` before it commits them.
fn bulk_files(dir: &Path) -> impl Iterator<Item = std::path::PathBuf> {
    sorted_files(dir)
        .filter(|e| e.file_name().to_string_lossy().starts_with("bulk-"))
        .map(|e| e.path())
}

/// Removes what an interrupted bulk load left in `dir`: no writer is
/// running, since the caller holds the store's lock.
fn remove_leftovers(dir: &Path) {
    for file in bulk_files(dir) {
        let _ = std::fs::remove_file(file);
    }
}

/// Asks the system to read the sorted files in `dir` back into memory in
/// the background: they leave the page cache as they are written, and the
/// commit copies them into the database.
#[cfg(target_os = "linux")]
fn read_back(dir: &Path) {
    for file in bulk_files(dir) {
        use std::os::fd::AsRawFd;
        if let Ok(f) = std::fs::File::open(file) {
            // SAFETY: advice on an open descriptor; it changes no data.
            unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED) };
        }
    }
}

/// Elsewhere the files are left to the system's cache.
#[cfg(not(target_os = "linux"))]
fn read_back(_dir: &Path) {}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(file) = &self.writer {
            let _ = std::fs::remove_file(file);
        }
    }
}

/// Rows of a SELECT query as plain strings (IRIs, literal values).
pub type Rows = Vec<Vec<Option<String>>>;

/// What a query gave: a SELECT's table when asked for one, and whether it
/// wrote triples.
type Answer = (Option<(Vec<String>, Rows)>, bool);

/// The RDF syntaxes the store writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    JsonLd,
    Turtle,
    TriG,
    NQuads,
    NTriples,
    RdfXml,
}

impl Syntax {
    fn format(self) -> RdfFormat {
        match self {
            Syntax::JsonLd => RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
            Syntax::Turtle => RdfFormat::Turtle,
            Syntax::TriG => RdfFormat::TriG,
            Syntax::NQuads => RdfFormat::NQuads,
            Syntax::NTriples => RdfFormat::NTriples,
            Syntax::RdfXml => RdfFormat::RdfXml,
        }
    }

    /// The syntax a media type names (`text/turtle`, `application/n-triples`,
    /// `application/rdf+xml`, …), parameters ignored.
    pub fn from_media_type(media_type: &str) -> Option<Syntax> {
        Some(match RdfFormat::from_media_type(media_type)? {
            RdfFormat::JsonLd { .. } => Syntax::JsonLd,
            RdfFormat::Turtle => Syntax::Turtle,
            RdfFormat::TriG => Syntax::TriG,
            RdfFormat::NQuads => Syntax::NQuads,
            RdfFormat::NTriples => Syntax::NTriples,
            RdfFormat::RdfXml => Syntax::RdfXml,
            _ => return None,
        })
    }

    /// The media type of the syntax.
    pub fn media_type(self) -> &'static str {
        self.format().media_type()
    }

    /// Whether the syntax holds graph names (N-Quads, TriG).
    pub fn has_graphs(self) -> bool {
        self.format().supports_datasets()
    }
}

/// The triples a CONSTRUCT or DESCRIBE query gave.
#[derive(Debug, Clone, Default)]
pub struct Triples(Vec<oxigraph::model::Triple>);

impl Triples {
    /// The triples between two IRIs, as (subject, predicate, object) IRIs.
    pub fn edges(&self) -> Vec<(String, String, String)> {
        self.0
            .iter()
            .filter_map(|t| match (&t.subject, &t.object) {
                (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) => Some((
                    s.as_str().to_string(),
                    t.predicate.as_str().to_string(),
                    o.as_str().to_string(),
                )),
                _ => None,
            })
            .collect()
    }
}

impl Store {
    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        let path = dir.display().to_string();
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Store {
                path,
                message: "exists and is not a directory".into(),
            });
        }
        // A folder holding other files is the user's, not a store to write into.
        let foreign = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
            && !dir.join("CURRENT").exists();
        if foreign {
            return Err(Error::NotAStore {
                path,
                message: "is not a zhikg store (the folder holds other files); give a new or empty folder".into(),
            });
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::Store {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let inner = oxigraph::store::Store::open(dir).map_err(|e| Error::Store {
            path: path.clone(),
            message: explain(dir, &e.to_string()),
        })?;
        remove_leftovers(dir);
        let writer = dir.join(WRITER_FILE);
        let writer = std::fs::write(&writer, std::process::id().to_string())
            .is_ok()
            .then_some(writer);
        Ok(Store {
            inner,
            path,
            writer,
            timeout: None,
        })
    }

    /// Opens the existing store in `dir` for reading only: it takes no lock,
    /// so it works while another process writes the store (seeing what was
    /// committed when it opened) and on a read-only file system.
    pub fn open_read_only(dir: &Path) -> Result<Store> {
        let path = dir.display().to_string();
        // A writer may compact the store between the moment a reader reads
        // its manifest and the moment it opens the files the manifest
        // names; a new attempt reads the new manifest.
        let mut attempts = 0;
        let foreign = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
            && !dir.join("CURRENT").exists();
        if foreign {
            return Err(Error::NotAStore {
                path,
                message: "is not a zhikg store (no database in this folder)".into(),
            });
        }
        let inner = loop {
            match oxigraph::store::Store::open_read_only(dir) {
                Ok(inner) => break inner,
                Err(e) => {
                    let message = e.to_string();
                    attempts += 1;
                    if attempts < READ_ONLY_ATTEMPTS
                        && dir.join("CURRENT").exists()
                        && message.contains("No such file")
                    {
                        std::thread::sleep(std::time::Duration::from_millis(50 * attempts));
                        continue;
                    }
                    return Err(Error::Store {
                        path,
                        message: explain(dir, &message),
                    });
                }
            }
        };
        Ok(Store {
            inner,
            path,
            writer: None,
            timeout: None,
        })
    }

    /// A store in memory, for tests and `extract`.
    pub fn in_memory() -> Result<Store> {
        let inner = oxigraph::store::Store::new().map_err(|e| Error::Store {
            path: ":memory:".into(),
            message: e.to_string(),
        })?;
        Ok(Store {
            inner,
            path: ":memory:".into(),
            writer: None,
            timeout: None,
        })
    }

    /// The same store, with queries stopped after `timeout`.
    pub fn with_timeout(mut self, timeout: Option<std::time::Duration>) -> Store {
        self.timeout = timeout;
        self
    }

    /// An evaluation failure, or the time limit reached.
    fn eval_err(&self, e: impl std::fmt::Display) -> Error {
        let message = e.to_string();
        match self.timeout {
            Some(t) if message.contains("has been cancelled") => Error::Timeout(t.as_secs_f64()),
            _ => Error::Evaluation(message),
        }
    }

    fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::Store {
            path: self.path.clone(),
            message: explain(Path::new(&self.path), &e.to_string()),
        }
    }

    /// Loads the ontology into its own graph, replacing an older version.
    pub fn load_ontology(&self, ttl: &str) -> Result<()> {
        let graph = NamedNode::new_unchecked(ONTOLOGY_GRAPH);
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(graph.as_ref())
            .map_err(|e| self.err(e))?;
        let parser = RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph.clone());
        // Blank nodes get names by order of appearance, so every store holds
        // the same quads.
        let mut names: std::collections::HashMap<BlankNode, BlankNode> =
            std::collections::HashMap::new();
        let mut rename = |b: &BlankNode| {
            let n = names.len();
            names
                .entry(b.clone())
                .or_insert_with(|| BlankNode::new_unchecked(format!("ontology{n}")))
                .clone()
        };
        for q in parser.for_slice(ttl.as_bytes()) {
            let mut q = q.map_err(|e| Error::Data {
                file: "ontology/zhikg.ttl".into(),
                line: 0,
                message: e.to_string(),
            })?;
            if let NamedOrBlankNode::BlankNode(b) = &q.subject {
                q.subject = rename(b).into();
            }
            if let Term::BlankNode(b) = &q.object {
                q.object = rename(b).into();
            }
            tx.insert(q.as_ref());
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// What the store holds of every source, read in one pass over each of
    /// the four properties that say it, so ingest asks nothing more of the
    /// store per file.
    pub fn sources(&self) -> Result<Sources> {
        let mut facts: rustc_hash::FxHashMap<NamedNode, [Option<String>; 3]> = Default::default();
        for (k, property) in ["contentHash", "extractionVersion", "articleCount"]
            .into_iter()
            .enumerate()
        {
            let property = zk(property);
            for q in self
                .inner
                .quads_for_pattern(None, Some(property.as_ref()), None, None)
            {
                let q = q.map_err(|e| self.err(e))?;
                if let (NamedOrBlankNode::NamedNode(doc), Term::Literal(l)) = (q.subject, q.object)
                {
                    facts.entry(doc).or_default()[k].get_or_insert_with(|| l.value().to_string());
                }
            }
        }
        let mut docs: rustc_hash::FxHashMap<String, std::collections::BTreeSet<NamedNode>> =
            Default::default();
        let source_path = zk("sourcePath");
        for q in self
            .inner
            .quads_for_pattern(None, Some(source_path.as_ref()), None, None)
        {
            let q = q.map_err(|e| self.err(e))?;
            if let (NamedOrBlankNode::NamedNode(doc), Term::Literal(l)) = (q.subject, q.object) {
                docs.entry(l.value().to_string()).or_default().insert(doc);
            }
        }
        let docs = docs
            .into_iter()
            .map(|(path, set)| {
                let states = set
                    .iter()
                    .map(|d| facts.get(d).cloned().unwrap_or_default())
                    .collect();
                (path, states)
            })
            .collect();
        Ok(Sources { docs })
    }

    /// Documents whose `zk:sourcePath` is `source_path`.
    fn documents_of(&self, source_path: &str) -> Result<Vec<NamedNode>> {
        let lit = oxigraph::model::Literal::new_simple_literal(source_path);
        let mut out = Vec::new();
        for q in self.inner.quads_for_pattern(
            None,
            Some(zk("sourcePath").as_ref()),
            Some(lit.as_ref().into()),
            None,
        ) {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) =
                q.map_err(|e| self.err(e))?.subject
            {
                out.push(n);
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Replaces everything the source at `source_path` asserted with `graphs`,
    /// in one transaction. Returns the number of quads written.
    pub fn replace_source(
        &self,
        source_path: &str,
        graphs: &[(NamedNode, Vec<Quad>)],
    ) -> Result<usize> {
        let old = self.documents_of(source_path)?;
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        let affected = self.mentioned_in(&tx, &old)?;
        for g in &old {
            tx.remove_named_graph(g.as_ref()).map_err(|e| self.err(e))?;
        }
        let mut n = 0;
        for (_, quads) in graphs {
            for q in quads {
                tx.insert(q.as_ref());
                n += 1;
            }
        }
        self.refresh_entities(&mut tx, &affected)?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(n)
    }

    /// The entities that the mention records of `graphs` name.
    fn mentioned_in(
        &self,
        tx: &oxigraph::store::Transaction<'_>,
        graphs: &[NamedNode],
    ) -> Result<Vec<NamedNode>> {
        let mention_of = zk("mentionOf");
        let mut out = Vec::new();
        for g in graphs {
            for q in tx.quads_for_pattern(
                None,
                Some(mention_of.as_ref()),
                None,
                Some(g.as_ref().into()),
            ) {
                if let Term::NamedNode(e) = q.map_err(|e| self.err(e))?.object {
                    out.push(e);
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Brings the descriptions of `entities` in line with the documents that
    /// still name them: an entity no document mentions any more loses its
    /// description, and its other forms are those the remaining documents use.
    fn refresh_entities(
        &self,
        tx: &mut oxigraph::store::Transaction<'_>,
        entities: &[NamedNode],
    ) -> Result<()> {
        let graph = NamedNode::new_unchecked(ENTITIES_GRAPH);
        let (mention_of, form, alt) = (zk("mentionOf"), zk("form"), crate::rdf::alt_label());
        for e in entities {
            let records: Vec<Quad> = tx
                .quads_for_pattern(
                    None,
                    Some(mention_of.as_ref()),
                    Some(e.as_ref().into()),
                    None,
                )
                .collect::<Result<_, _>>()
                .map_err(|e| self.err(e))?;
            let mut forms = std::collections::HashSet::new();
            for r in &records {
                for f in tx.quads_for_pattern(
                    Some(r.subject.as_ref()),
                    Some(form.as_ref()),
                    None,
                    Some(r.graph_name.as_ref()),
                ) {
                    forms.insert(f.map_err(|e| self.err(e))?.object);
                }
            }
            let described: Vec<Quad> = tx
                .quads_for_pattern(
                    Some(e.as_ref().into()),
                    None,
                    None,
                    Some(graph.as_ref().into()),
                )
                .collect::<Result<_, _>>()
                .map_err(|e| self.err(e))?;
            for q in described {
                let stale =
                    records.is_empty() || (q.predicate == alt && !forms.contains(&q.object));
                if stale {
                    tx.remove(q.as_ref());
                }
            }
        }
        Ok(())
    }

    /// A bulk load of sources new to the store: what is added is sorted and
    /// written in the background while the caller goes on, and becomes
    /// visible, all at once, on [`Loader::commit`].
    pub fn loader(&self) -> Loader<'_> {
        Loader {
            store: self,
            inner: None,
            quads: 0,
        }
    }

    /// The graphs of the source at path `doc`, or the document graph with IRI `doc`.
    pub fn document_graphs(&self, doc: &str) -> Result<Vec<NamedNode>> {
        let mut graphs = self.documents_of(doc)?;
        if let Ok(n) = NamedNode::new(doc)
            && self
                .inner
                .contains_named_graph(n.as_ref())
                .map_err(|e| self.err(e))?
        {
            graphs.push(n);
        }
        Ok(graphs)
    }

    /// Removes every graph of the document `iri` or of the source at that
    /// path, and the entities no other document names, in one transaction.
    pub fn remove(&self, doc: &str) -> Result<usize> {
        let graphs = self.document_graphs(doc)?;
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        let affected = self.mentioned_in(&tx, &graphs)?;
        for g in &graphs {
            tx.remove_named_graph(g.as_ref()).map_err(|e| self.err(e))?;
        }
        self.refresh_entities(&mut tx, &affected)?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(graphs.len())
    }

    /// Evaluates a query over the union of all graphs, with `params` bound
    /// as plain literals.
    fn evaluate_with(
        &self,
        sparql: &str,
        params: &[(String, String)],
    ) -> Result<QueryResults<'static>> {
        let depth = nesting_depth(sparql);
        if depth > MAX_QUERY_DEPTH {
            return Err(Error::Invalid(format!(
                "the query nests {depth} levels deep; the limit is {MAX_QUERY_DEPTH}"
            )));
        }
        let mut evaluator = SparqlEvaluator::new();
        if let Some(timeout) = self.timeout {
            let token = oxigraph::sparql::CancellationToken::new();
            evaluator = evaluator.with_cancellation_token(token.clone());
            std::thread::spawn(move || {
                std::thread::sleep(timeout);
                token.cancel();
            });
        }
        for (prefix, ns) in PREFIXES {
            evaluator = evaluator
                .with_prefix(*prefix, *ns)
                .map_err(|e| Error::Sparql(e.to_string()))?;
        }
        let mut prepared = evaluator.parse_query(sparql).map_err(|e| {
            if SparqlEvaluator::new().parse_update(sparql).is_ok() {
                Error::Invalid(
                    "this is a SPARQL Update: `query` only reads the store and runs no updates"
                        .into(),
                )
            } else {
                syntax_error(sparql, &e.to_string())
            }
        })?;
        // A query's own FROM / FROM NAMED replaces the union default graph.
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        let mut bound = prepared.on_store(&self.inner);
        for (name, value) in params {
            let var = oxigraph::sparql::Variable::new(name.trim_start_matches(['?', '$']))
                .map_err(|e| Error::Invalid(format!("parameter {name}: {e}")))?;
            bound =
                bound.substitute_variable(var, oxigraph::model::Literal::new_simple_literal(value));
        }
        bound.execute().map_err(|e| self.eval_err(e))
    }

    /// Runs a SELECT query and returns its rows as strings.
    pub fn select(&self, sparql: &str) -> Result<(Vec<String>, Rows)> {
        self.select_with(sparql, &[])
    }

    /// Runs a SELECT query with variables bound to strings.
    pub fn select_with(
        &self,
        sparql: &str,
        params: &[(String, String)],
    ) -> Result<(Vec<String>, Rows)> {
        match self.evaluate_with(sparql, params)? {
            QueryResults::Solutions(solutions) => {
                let vars: Vec<String> = solutions
                    .variables()
                    .iter()
                    .map(|v| v.as_str().to_string())
                    .collect();
                let mut rows = Vec::new();
                for s in solutions {
                    let s = s.map_err(|e| self.eval_err(e))?;
                    rows.push(
                        vars.iter()
                            .map(|v| s.get(v.as_str()).map(term_value))
                            .collect(),
                    );
                }
                Ok((vars, rows))
            }
            _ => Err(Error::Invalid("expected a SELECT query".into())),
        }
    }

    /// Runs any query and writes its results in `format`; for
    /// [`ResultFormat::Table`] a SELECT's rows are returned instead, for the
    /// caller to lay out.
    pub fn query(
        &self,
        sparql: &str,
        params: &[(String, String)],
        format: ResultFormat,
        out: &mut dyn Write,
    ) -> Result<Option<(Vec<String>, Rows)>> {
        // Triples as the format asked for, as Oxigraph's own CLI does: JSON
        // is JSON-LD, XML is RDF/XML, a table is Turtle.
        let graph = match format {
            ResultFormat::NTriples => Some(RdfFormat::NTriples),
            ResultFormat::Json => Some(Syntax::JsonLd.format()),
            ResultFormat::Xml => Some(RdfFormat::RdfXml),
            ResultFormat::Table | ResultFormat::Turtle => Some(RdfFormat::Turtle),
            ResultFormat::Csv | ResultFormat::Tsv => None,
        };
        self.answer(sparql, params, format, graph, out)
            .map(|(rows, _)| rows)
    }

    /// Runs any query, writing solutions and booleans in `results` and the
    /// triples of CONSTRUCT and DESCRIBE in `graph`; says which it was
    /// (`true` for triples), so the caller can name the format it got.
    pub fn query_either(
        &self,
        sparql: &str,
        results: ResultFormat,
        graph: ResultFormat,
        out: &mut dyn Write,
    ) -> Result<bool> {
        let graph = match graph {
            ResultFormat::NTriples => RdfFormat::NTriples,
            _ => RdfFormat::Turtle,
        };
        self.answer(sparql, &[], results, Some(graph), out)
            .map(|(_, triples)| triples)
    }

    fn answer(
        &self,
        sparql: &str,
        params: &[(String, String)],
        format: ResultFormat,
        graph: Option<RdfFormat>,
        out: &mut dyn Write,
    ) -> Result<Answer> {
        let io = Error::Output;
        let results = self.evaluate_with(sparql, params)?;
        let rformat = match format {
            ResultFormat::Csv => Some(QueryResultsFormat::Csv),
            ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
            ResultFormat::Json => Some(QueryResultsFormat::Json),
            ResultFormat::Xml => Some(QueryResultsFormat::Xml),
            _ => None,
        };
        let solutions_only = || {
            Error::WrongFormat(format!(
                "this query gives solutions: --format {} is for CONSTRUCT and DESCRIBE (use table, csv, tsv, json or xml)",
                if format == ResultFormat::Turtle {
                    "turtle"
                } else {
                    "ntriples"
                }
            ))
        };
        match results {
            QueryResults::Boolean(_) | QueryResults::Solutions(_)
                if matches!(format, ResultFormat::Turtle | ResultFormat::NTriples) =>
            {
                return Err(solutions_only());
            }
            QueryResults::Boolean(b) => match rformat {
                Some(f) => {
                    QueryResultsSerializer::from_format(f)
                        .serialize_boolean_to_writer(out, b)
                        .map_err(io)?;
                }
                None => writeln!(out, "{b}").map_err(io)?,
            },
            QueryResults::Solutions(solutions) => {
                let vars = solutions.variables().to_vec();
                match rformat {
                    Some(f) => {
                        let mut w = QueryResultsSerializer::from_format(f)
                            .serialize_solutions_to_writer(out, vars)
                            .map_err(io)?;
                        for s in solutions {
                            let s = s.map_err(|e| self.eval_err(e))?;
                            w.serialize(&s).map_err(io)?;
                        }
                        w.finish().map_err(io)?;
                    }
                    None => {
                        let names: Vec<String> =
                            vars.iter().map(|v| v.as_str().to_string()).collect();
                        let mut rows = Vec::new();
                        for s in solutions {
                            let s = s.map_err(|e| self.eval_err(e))?;
                            rows.push(vars.iter().map(|v| s.get(v).map(term_value)).collect());
                        }
                        return Ok((Some((names, rows)), false));
                    }
                }
            }
            QueryResults::Graph(triples) => {
                let Some(f) = graph else {
                    return Err(Error::WrongFormat(
                        "this query gives triples: use --format turtle, ntriples, json (JSON-LD), xml (RDF/XML) or table (Turtle)".into(),
                    ));
                };
                write_rdf(f, out, |w| {
                    for t in triples {
                        let t = t.map_err(|e| self.eval_err(e))?;
                        w.serialize_triple(&t).map_err(io)?;
                    }
                    Ok(())
                })?;
                return Ok((None, true));
            }
        }
        Ok((None, false))
    }

    /// Writes every quad (all graphs) in a dataset format, or the union as
    /// triples, streaming in the store's own order, which depends only on
    /// what it holds.
    pub fn dump(&self, syntax: Syntax, out: &mut dyn Write) -> Result<()> {
        write_quads(
            self.inner.iter().map(|q| q.map_err(|e| self.err(e))),
            syntax.format(),
            out,
        )
    }

    /// Runs a CONSTRUCT or DESCRIBE query and returns its triples.
    pub fn construct(&self, sparql: &str) -> Result<Triples> {
        match self.evaluate_with(sparql, &[])? {
            QueryResults::Graph(triples) => triples
                .map(|t| t.map_err(|e| Error::Evaluation(e.to_string())))
                .collect::<Result<Vec<_>>>()
                .map(Triples),
            _ => Err(Error::Invalid(
                "expected a CONSTRUCT or DESCRIBE query".into(),
            )),
        }
    }

    /// Writes triples in an RDF syntax, sorted and without repeats.
    pub fn write_triples(triples: &Triples, syntax: Syntax, out: &mut dyn Write) -> Result<()> {
        let mut sorted: Vec<&oxigraph::model::Triple> = triples.0.iter().collect();
        sorted.sort_by_cached_key(|t| t.to_string());
        sorted.dedup();
        write_rdf(syntax.format(), out, |w| {
            for t in sorted {
                w.serialize_triple(t).map_err(Error::Output)?;
            }
            Ok(())
        })
    }

    /// Replaces one named graph with `quads`, in one transaction.
    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> Result<()> {
        let g = NamedNode::new(graph).map_err(|e| Error::Invalid(e.to_string()))?;
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(g.as_ref()).map_err(|e| self.err(e))?;
        for q in quads {
            tx.insert(q.as_ref());
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Writes the quads of the named graphs of one source (path) or document (IRI).
    pub fn dump_document(&self, doc: &str, syntax: Syntax, out: &mut dyn Write) -> Result<()> {
        let format = syntax.format();
        let graphs = self.document_graphs(doc)?;
        if graphs.is_empty() {
            return Err(Error::Invalid(format!(
                "{doc}: no such document in the store"
            )));
        }
        let quads = graphs.iter().flat_map(|g| {
            self.inner
                .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
                .map(|q| q.map_err(|e| self.err(e)))
        });
        write_quads(quads, format, out)
    }

    /// Number of quads.
    pub fn len(&self) -> Result<usize> {
        self.inner.len().map_err(|e| self.err(e))
    }

    /// Whether the store holds no quads.
    pub fn is_empty(&self) -> Result<bool> {
        self.inner.is_empty().map_err(|e| self.err(e))
    }

    /// Flushes writes to disk.
    pub fn flush(&self) -> Result<()> {
        self.inner.flush().map_err(|e| self.err(e))
    }

    /// Merges the store's sorted files. A bulk load (`ingest`, `load`) adds
    /// one file per index for each of its batches, and every read seeks
    /// them all; once merged, a read seeks one. The quads do not change.
    pub fn optimize(&self) -> Result<()> {
        self.inner.optimize().map_err(|e| self.err(e))
    }

    /// The sorted files of the store folder and their bytes.
    pub fn disk_usage(&self) -> DiskUsage {
        let mut usage = DiskUsage::default();
        for entry in sorted_files(Path::new(&self.path)) {
            usage.files += 1;
            usage.bytes += entry.metadata().map_or(0, |m| m.len());
        }
        usage
    }

    /// Whether the named graph exists.
    pub fn has_graph(&self, iri: &str) -> Result<bool> {
        let n = NamedNodeRef::new(iri).map_err(|e| Error::Invalid(e.to_string()))?;
        self.inner.contains_named_graph(n).map_err(|e| self.err(e))
    }
}

/// A serializer for `format` that knows the built-in prefixes: Turtle and
/// TriG shorten IRIs with them and RDF/XML declares them.
fn serializer(format: RdfFormat) -> Result<RdfSerializer> {
    let mut ser = RdfSerializer::from_format(format);
    for (prefix, ns) in PREFIXES {
        ser = ser
            .with_prefix(*prefix, *ns)
            .map_err(|e| Error::Invalid(e.to_string()))?;
    }
    Ok(ser)
}

/// Writes quads as they come in a dataset syntax, or as their distinct
/// triples. Memory stays small: a triple already written is remembered by a
/// 128-bit digest.
fn write_quads(
    quads: impl Iterator<Item = Result<Quad>>,
    format: RdfFormat,
    out: &mut dyn Write,
) -> Result<()> {
    write_rdf(format, out, |w| {
        let mut seen = rustc_hash::FxHashSet::default();
        for q in quads {
            let q = q?;
            if format.supports_datasets() {
                w.serialize_quad(&q).map_err(Error::Output)?;
                continue;
            }
            let t = oxigraph::model::TripleRef::new(&q.subject, &q.predicate, &q.object);
            let digest: [u8; 16] = Sha256::digest(t.to_string().as_bytes())[..16]
                .try_into()
                .unwrap_or_default();
            if seen.insert(digest) {
                w.serialize_triple(t).map_err(Error::Output)?;
            }
        }
        Ok(())
    })
}

/// Writes in `format` what `body` hands the serializer, with the project's
/// prefixes: JSON-LD compacted with them, the other syntaxes declaring them.
fn write_rdf(
    format: RdfFormat,
    out: &mut dyn Write,
    body: impl FnOnce(&mut WriterQuadSerializer<&mut dyn Write>) -> Result<()>,
) -> Result<()> {
    if matches!(format, RdfFormat::JsonLd { .. }) {
        // The serializer writes expanded JSON-LD in small pieces; they are
        // gathered before the compactor parses and shortens them.
        let mut compactor = Compactor::new(std::io::BufWriter::new(out));
        let mut batched = std::io::BufWriter::with_capacity(1 << 16, &mut compactor);
        let mut w = RdfSerializer::from_format(format).for_writer(&mut batched as &mut dyn Write);
        body(&mut w)?;
        w.finish().map_err(Error::Output)?;
        batched.flush().map_err(Error::Output)?;
        drop(batched);
        compactor
            .finish()
            .and_then(|mut out| out.flush())
            .map_err(Error::Output)?;
        return Ok(());
    }
    let mut w = serializer(format)?.for_writer(out);
    body(&mut w)?;
    w.finish().map_err(Error::Output)?;
    Ok(())
}

/// The plain value of a term: an IRI, a literal's lexical form, a blank node id.
fn term_value(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// How many parsed quads are handed to the bulk loader at once.
const LOAD_BATCH: usize = 100_000;

/// Writes `graphs` as N-Quads, in order.
pub fn write_nquads(graphs: &[(NamedNode, Vec<Quad>)], out: &mut dyn Write) -> Result<()> {
    write_quads(
        graphs.iter().flat_map(|(_, q)| q.iter().cloned().map(Ok)),
        RdfFormat::NQuads,
        out,
    )
}

impl Syntax {
    /// The syntax a file name's extension names (`.nq`, `.trig`, `.ttl`,
    /// `.nt`, `.jsonld`, `.rdf`/`.owl`/`.xml` for RDF/XML).
    pub fn from_path(path: &Path) -> Option<Syntax> {
        match path.extension()?.to_str()? {
            "nq" => Some(Syntax::NQuads),
            "trig" => Some(Syntax::TriG),
            "ttl" => Some(Syntax::Turtle),
            "nt" => Some(Syntax::NTriples),
            "jsonld" => Some(Syntax::JsonLd),
            "rdf" | "owl" | "xml" => Some(Syntax::RdfXml),
            _ => None,
        }
    }
}

impl Store {
    /// Bulk-loads the RDF file `name` read from `reader` in one atomic commit;
    /// the triples of a syntax without graphs go to `graph` (else the default
    /// graph). A syntax error names the file and line, and nothing of the file
    /// is stored. Returns the number of quads read.
    pub fn load_file(
        &self,
        name: &str,
        reader: impl std::io::Read,
        syntax: Syntax,
        graph: Option<&str>,
    ) -> Result<usize> {
        let mut parser = RdfParser::from_format(syntax.format());
        if let Some(g) = graph {
            let g = NamedNode::new(g).map_err(|e| Error::Invalid(format!("{g}: {e}")))?;
            parser = parser.with_default_graph(g);
        }
        let mut loader = self
            .inner
            .bulk_loader()
            .with_max_memory_size_in_megabytes(96);
        // Quads go to the loader in batches, so memory stays bounded; the
        // loader makes them visible only on commit.
        let mut batch = Vec::with_capacity(LOAD_BATCH);
        let mut n = 0;
        for q in parser.for_reader(reader) {
            batch.push(q.map_err(|e| Error::Invalid(format!("{name}: {e}")))?);
            if batch.len() == LOAD_BATCH {
                n += batch.len();
                loader
                    .load_quads(std::mem::take(&mut batch))
                    .map_err(|e| self.err(e))?;
            }
        }
        n += batch.len();
        loader.load_quads(batch).map_err(|e| self.err(e))?;
        loader.commit().map_err(|e| self.err(e))?;
        Ok(n)
    }
}

impl Store {
    /// The IRIs of the named graphs, sorted.
    pub fn graph_names(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for g in self.inner.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g.map_err(|e| self.err(e))? {
                out.push(n.into_string());
            }
        }
        out.sort();
        Ok(out)
    }

    /// Writes the triples of the named graph `iri` as N-Triples; returns how
    /// many.
    pub fn write_graph(&self, iri: &str, out: &mut dyn Write) -> Result<usize> {
        let g = NamedNodeRef::new(iri).map_err(|e| Error::Invalid(e.to_string()))?;
        let mut n = 0;
        let quads = self
            .inner
            .quads_for_pattern(None, None, None, Some(g.into()))
            .map(|q| {
                n += 1;
                q.map_err(|e| self.err(e))
            });
        write_quads(quads, RdfFormat::NTriples, out)?;
        Ok(n)
    }
}

impl Store {
    /// Runs a SPARQL 1.1 Update (the store's prefixes declared), atomically.
    pub fn update(&self, sparql: &str) -> Result<()> {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, ns) in PREFIXES {
            evaluator = evaluator
                .with_prefix(*prefix, *ns)
                .map_err(|e| Error::Sparql(e.to_string()))?;
        }
        let prepared = evaluator.parse_update(sparql).map_err(|e| {
            if SparqlEvaluator::new().parse_query(sparql).is_ok() {
                Error::Invalid("this is a query, not an update: run it with `zhikg query`".into())
            } else {
                syntax_error(sparql, &e.to_string())
            }
        })?;
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| self.eval_err(e))
    }
}

/// A bulk load in progress (see [`Store::loader`]). Each call of
/// [`Loader::add`] is one batch (or several, past a million quads), written
/// by one background thread while the next is gathered; dropping the loader
/// without committing discards it.
pub struct Loader<'a> {
    store: &'a Store,
    inner: Option<oxigraph::store::BulkLoader<'a>>,
    quads: usize,
}

/// Quads the background thread sorts at once: a batch of `ingest` fits, so
/// each batch makes one sorted file per index, not one per few thousand
/// quads for the database to merge later.
const LOADER_BATCH_QUADS: usize = 1_000_000;

impl Loader<'_> {
    /// Hands `graphs` to the background writer; waits while an earlier
    /// batch is still being written.
    pub fn add(&mut self, graphs: Vec<(NamedNode, Vec<Quad>)>) -> Result<()> {
        self.add_with(graphs, 1)
    }

    /// Hands `graphs` to a second background thread, which writes them
    /// alongside the batch before them: for the last batches of a run, when
    /// little else is left to do. The sorted files written so far are read
    /// back into memory meanwhile, for the commit to copy.
    pub fn add_alongside(&mut self, graphs: Vec<(NamedNode, Vec<Quad>)>) -> Result<()> {
        read_back(Path::new(&self.store.path));
        self.add_with(graphs, 2)
    }

    /// Hands `graphs` on once fewer than `threads` batches are being written.
    fn add_with(&mut self, graphs: Vec<(NamedNode, Vec<Quad>)>, threads: usize) -> Result<()> {
        let n: usize = graphs.iter().map(|g| g.1.len()).sum();
        if n == 0 {
            return Ok(());
        }
        let store = self.store;
        let loader = match self.inner.take() {
            Some(loader) => loader,
            None => store
                .inner
                .bulk_loader()
                .with_max_memory_size_in_megabytes(LOADER_BATCH_QUADS / 1000),
        };
        let loader = self.inner.insert(loader.with_num_threads(threads));
        loader
            .load_quads(graphs.into_iter().flat_map(|(_, q)| q))
            .map_err(|e| store.err(e))?;
        self.quads += n;
        Ok(())
    }

    /// Makes everything added visible in one atomic step; returns the number
    /// of quads written.
    pub fn commit(self) -> Result<usize> {
        if let Some(loader) = self.inner {
            loader.commit().map_err(|e| self.store.err(e))?;
        }
        Ok(self.quads)
    }
}

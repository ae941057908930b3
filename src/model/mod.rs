//! Shared plain data passed between pipeline stages.
//!
//! Input: nothing (this module depends on no other module of the crate).
//! Output: the types every stage reads and writes.
//! Invariant: every offset is a character (not byte) offset into the original
//! decoded text of the source file, end exclusive.

pub mod rule;

pub use rule::{RECOGNISERS, Recogniser, RecogniserInfo, Rule};
use serde::Serialize;
use std::fmt;

/// The five entity classes of the ontology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum EntityType {
    Person,
    Institution,
    Initiative,
    Concept,
    Place,
}

impl EntityType {
    /// All classes, in a fixed order.
    pub const ALL: [EntityType; 5] = [
        EntityType::Person,
        EntityType::Institution,
        EntityType::Initiative,
        EntityType::Concept,
        EntityType::Place,
    ];

    /// The local name of the class in the `zk:` vocabulary.
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Institution => "Institution",
            EntityType::Initiative => "Initiative",
            EntityType::Concept => "Concept",
            EntityType::Place => "Place",
        }
    }

    /// Parses a class name as written in lexicons and on the command line.
    pub fn parse(name: &str) -> Option<EntityType> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }

    /// Whether an entity of this class can act: propose, host, release, support.
    pub fn is_agent(self) -> bool {
        matches!(
            self,
            EntityType::Person | EntityType::Institution | EntityType::Place
        )
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A half-open range of character offsets into the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Decoded text of one source, before any normalisation.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as given by the user, or `-` for standard input.
    pub path: String,
    /// The decoded text.
    pub text: String,
    /// Name of the encoding the bytes were decoded from.
    pub encoding: &'static str,
    /// Hex SHA-256 of the raw bytes.
    pub hash: String,
    /// What decoding had to repair, one line each, naming the file.
    pub warnings: Vec<String>,
}

/// A piece of cleaned text with, for each of its characters, the offset of that
/// character in the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    /// `map[i]` is the original offset of character `i`; one extra entry holds the
    /// original offset just past the last character.
    pub map: Vec<usize>,
}

impl Text {
    /// Number of characters.
    pub fn len(&self) -> usize {
        self.map.len().saturating_sub(1)
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The original span of the cleaned character range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        if start >= end || end > self.len() {
            let at = self.map.get(start).copied().unwrap_or(0);
            return Span { start: at, end: at };
        }
        Span {
            start: self.map[start],
            end: self.map[end - 1] + 1,
        }
    }

    /// The characters `start..end` of the cleaned text.
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.text
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect()
    }
}

/// What a paragraph is in the layout of its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BlockKind {
    /// The article title.
    Title,
    /// A section heading (`## …`).
    Heading,
    /// A byline line (嘉宾, 主持人, 作者, 作者单位).
    Byline,
    /// Running text.
    Body,
}

/// A paragraph of an article after layout repair.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub kind: BlockKind,
    pub text: Text,
    /// Who speaks, for a paragraph inside an interview turn.
    pub speaker: Option<String>,
    /// Characters at the start of `text` that name the speaker (`薛澜：`).
    pub speaker_prefix: usize,
    /// Sentence ranges in characters of `text`.
    pub sentences: Vec<(usize, usize)>,
}

impl Paragraph {
    /// The index of the sentence holding character `i` (0 when none does).
    pub fn sentence_at(&self, i: usize) -> usize {
        self.sentences
            .iter()
            .position(|&(s, e)| i >= s && i < e)
            .unwrap_or(0)
    }
}

/// A unit and the post held there, as printed next to a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Affiliation {
    pub unit: String,
    pub role: Option<String>,
    /// Where the unit stands in the original text.
    pub span: Span,
}

/// A person named in an article's byline, with the units and posts printed there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Byline {
    pub name: String,
    pub units: Vec<Affiliation>,
    /// Where the name stands in the original text.
    pub span: Span,
}

/// One article: a file holds one or more.
#[derive(Debug, Clone)]
pub struct Article {
    /// Index of the article within its source file, from 0.
    pub index: usize,
    pub title: Option<String>,
    pub title_span: Option<Span>,
    pub creators: Vec<Byline>,
    pub hosts: Vec<Byline>,
    pub guests: Vec<Byline>,
    pub paragraphs: Vec<Paragraph>,
}

/// A segmented word with its part-of-speech tag, in characters of its paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub word: String,
    pub tag: String,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The word's length in characters: its span, without counting them.
    pub fn char_len(&self) -> usize {
        self.end - self.start
    }
}

/// The words of an article: the tokens of each paragraph, in paragraph
/// order, and the article's keywords.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmented {
    pub tokens: Vec<Vec<Token>>,
    pub keywords: Vec<String>,
}

/// One occurrence of an entity in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub entity_type: EntityType,
    /// The canonical label the extractor proposes.
    pub label: String,
    /// The surface form as written (after normalisation).
    pub surface: String,
    /// Index of the paragraph in its article.
    pub paragraph: usize,
    /// Index of the sentence in its paragraph.
    pub sentence: usize,
    /// Characters of the paragraph text.
    pub start: usize,
    pub end: usize,
    /// Original span.
    pub span: Span,
    /// The rule or lexicon that found it.
    pub rule: Rule,
}

/// A typed relation between two entities, identified by label and type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Relation {
    pub subject: (EntityType, String),
    pub predicate: String,
    pub object: (EntityType, String),
    /// A post held, for `affiliatedWith`.
    pub role: Option<String>,
    /// Where the evidence stands: paragraph and sentence, or `None` for the byline.
    pub paragraph: Option<usize>,
    pub sentence: Option<usize>,
    pub span: Span,
    pub rule: String,
    /// Confidence in thousandths.
    pub confidence: u16,
    /// How often the relation was seen, for aggregated relations (`discusses`).
    pub weight: Option<u32>,
}

/// Direct speech attributed to a speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub speaker: (EntityType, String),
    pub text: String,
    pub paragraph: usize,
    pub sentence: usize,
    pub span: Span,
    pub rule: String,
}

/// An entity after resolution within one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub entity_type: EntityType,
    pub label: String,
    /// Other surface forms seen for it.
    pub aliases: Vec<String>,
    /// Indices into the article's mentions.
    pub mentions: Vec<usize>,
}

/// Everything extracted from one article.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub article: Article,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    pub quotes: Vec<Quote>,
    /// What extraction had to leave out (mentions past a cap), one line each.
    pub warnings: Vec<String>,
}

/// Everything extracted from one source file.
#[derive(Debug, Clone)]
pub struct DocumentSet {
    pub source: Source,
    pub articles: Vec<Extraction>,
}

/// The stages of the pipeline, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Normalise,
    Structure,
    Segment,
    Tag,
    Extract,
    Resolve,
}

impl Stage {
    /// Every stage, in the order they run.
    pub const ALL: [Stage; 6] = [
        Stage::Normalise,
        Stage::Structure,
        Stage::Segment,
        Stage::Tag,
        Stage::Extract,
        Stage::Resolve,
    ];

    /// The stage's name, in lower case.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Normalise => "normalise",
            Stage::Structure => "structure",
            Stage::Segment => "segment",
            Stage::Tag => "tag",
            Stage::Extract => "extract",
            Stage::Resolve => "resolve",
        }
    }
}

/// What analytics say about a node of the entity graph.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NodeMeasures {
    pub degree: usize,
    pub pagerank: f64,
    pub betweenness: f64,
    pub community: usize,
    pub component: usize,
}

/// Chinese labels of the vocabulary's terms and of the other words pictures
/// show, by local name (`hosted` → 举办).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels(std::collections::BTreeMap<String, String>);

impl Labels {
    /// Adds or replaces the label of `key`.
    pub fn insert(&mut self, key: impl Into<String>, label: impl Into<String>) {
        self.0.insert(key.into(), label.into());
    }

    /// The label of `key`, or `key` itself when it has none.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }
}

/// What built a graph: the extraction version and the user lexicons read
/// beside the built-in ones (their file names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Build {
    pub version: String,
    pub user_lexicons: Vec<String>,
}

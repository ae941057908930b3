//! The data under `ontology/`, compiled into the binary: the ontology, the
//! lexicons, the rule lists and the name-tagger model.
//!
//! Input: the files under `ontology/`.
//! Output: their text, the loaded [`Lexicon`] and [`Rules`], and the
//! extraction version that digests them all.
//! Invariant: loading never panics; malformed data is an error naming file and line.

pub mod idf;
pub mod lexicon;
pub mod rules;

pub use idf::Idf;
pub use lexicon::Lexicon;
pub use rules::{
    BylineRole, Ordinals, Rules, TurnRole, WordList, load_rules, load_rules_from, looks_like_name,
};

use crate::error::{Error, Result};
use std::borrow::Cow;

/// The ontology in Turtle.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/zhikg.ttl");

/// Words on pictures that are not terms of the ontology.
pub const PICTURE_LABELS: (&str, &str) = (
    "ontology/labels/pictures.tsv",
    include_str!("../../ontology/labels/pictures.tsv"),
);

/// Lexicon files, in the order they are loaded.
pub(crate) const LEXICONS: &[(&str, &str)] = &[
    (
        "ontology/lexicon/persons.tsv",
        include_str!("../../ontology/lexicon/persons.tsv"),
    ),
    (
        "ontology/lexicon/places.tsv",
        include_str!("../../ontology/lexicon/places.tsv"),
    ),
    (
        "ontology/lexicon/international_organisations.tsv",
        include_str!("../../ontology/lexicon/international_organisations.tsv"),
    ),
    (
        "ontology/lexicon/state_bodies.tsv",
        include_str!("../../ontology/lexicon/state_bodies.tsv"),
    ),
    (
        "ontology/lexicon/universities.tsv",
        include_str!("../../ontology/lexicon/universities.tsv"),
    ),
    (
        "ontology/lexicon/media.tsv",
        include_str!("../../ontology/lexicon/media.tsv"),
    ),
    (
        "ontology/lexicon/companies.tsv",
        include_str!("../../ontology/lexicon/companies.tsv"),
    ),
    (
        "ontology/lexicon/parties_and_bodies.tsv",
        include_str!("../../ontology/lexicon/parties_and_bodies.tsv"),
    ),
    (
        "ontology/lexicon/laws.tsv",
        include_str!("../../ontology/lexicon/laws.tsv"),
    ),
    (
        "ontology/lexicon/initiatives.tsv",
        include_str!("../../ontology/lexicon/initiatives.tsv"),
    ),
    (
        "ontology/lexicon/concepts.tsv",
        include_str!("../../ontology/lexicon/concepts.tsv"),
    ),
];

macro_rules! rule_file {
    ($name:literal) => {
        (
            concat!("ontology/rules/", $name),
            include_str!(concat!("../../ontology/rules/", $name)),
        )
    };
}

/// Every rule file under `ontology/rules/`, by name.
pub(crate) const RULE_FILES: &[(&str, &str)] = &[
    rule_file!("abbreviation_markers.txt"),
    rule_file!("attributive_particles.txt"),
    rule_file!("author_unit_markers.txt"),
    rule_file!("administrative_suffixes.txt"),
    rule_file!("bylines.tsv"),
    rule_file!("concept_suffixes.txt"),
    rule_file!("continuations.txt"),
    rule_file!("coordinators.txt"),
    rule_file!("dateline_markers.txt"),
    rule_file!("determiners.txt"),
    rule_file!("entity_stopwords.txt"),
    rule_file!("event_agents.txt"),
    rule_file!("event_references.tsv"),
    rule_file!("event_verbs.txt"),
    rule_file!("frames.tsv"),
    rule_file!("generic_bodies.txt"),
    rule_file!("government_heads.txt"),
    rule_file!("honorifics.txt"),
    rule_file!("initiative_suffixes.txt"),
    rule_file!("institution_suffixes.txt"),
    rule_file!("japanese_surnames.txt"),
    rule_file!("keyword_tags.txt"),
    rule_file!("loanwords.txt"),
    rule_file!("name_conjunctions.txt"),
    rule_file!("name_openers.txt"),
    rule_file!("name_parts.txt"),
    rule_file!("not_heads.txt"),
    rule_file!("not_name_endings.txt"),
    rule_file!("not_name_parts.txt"),
    rule_file!("not_names.txt"),
    rule_file!("not_speakers.txt"),
    rule_file!("numerals.txt"),
    rule_file!("ordinals.tsv"),
    rule_file!("person_noun_suffixes.txt"),
    rule_file!("person_pronouns.txt"),
    rule_file!("person_titles.txt"),
    rule_file!("place_abbreviation_nouns.txt"),
    rule_file!("place_abbreviation_verbs.txt"),
    rule_file!("place_abbreviations.tsv"),
    rule_file!("place_suffixes.txt"),
    rule_file!("prepositions.txt"),
    rule_file!("principle_heads.txt"),
    rule_file!("principle_openers.txt"),
    rule_file!("principle_words.txt"),
    rule_file!("references.tsv"),
    rule_file!("region_words.txt"),
    rule_file!("relation_words.tsv"),
    rule_file!("simplified_exceptions.txt"),
    rule_file!("speech_verbs.txt"),
    rule_file!("structure_verbs.tsv"),
    rule_file!("surnames.txt"),
    rule_file!("transliteration_chars.txt"),
    rule_file!("triggers.tsv"),
    rule_file!("turn_labels.tsv"),
    rule_file!("verb_heads.txt"),
    rule_file!("world_regions.txt"),
];

/// The data files the pipeline reads: the built-in ones, or those of an
/// `ontology/`-shaped folder, plus user lexicons. Texts are read by the
/// caller; this value only holds them, so loading stays free of I/O.
#[derive(Debug, Clone)]
pub struct Data {
    /// Lexicon files (name, text), in load order.
    pub lexicons: Vec<(String, Cow<'static, str>)>,
    /// User lexicon files (name, text): an entry here replaces a built-in
    /// entry that shares one of its forms.
    pub user_lexicons: Vec<(String, Cow<'static, str>)>,
    /// Rule files (name, text); every file of `ontology/rules/` is present.
    pub rules: Vec<(String, Cow<'static, str>)>,
    /// The name-tagger model and its file name.
    pub model: Cow<'static, [u8]>,
    pub model_name: String,
    /// The keyword weights (file name, text).
    pub idf: (String, Cow<'static, str>),
}

impl Data {
    /// The files compiled into the binary.
    pub fn builtin() -> Data {
        let own = |files: &[(&'static str, &'static str)]| {
            files
                .iter()
                .map(|(f, t)| (f.to_string(), Cow::Borrowed(*t)))
                .collect()
        };
        Data {
            lexicons: own(LEXICONS),
            user_lexicons: Vec::new(),
            rules: own(RULE_FILES),
            model: Cow::Borrowed(NER_MODEL),
            model_name: "ontology/model/ner.bin".into(),
            idf: (IDF.0.into(), Cow::Borrowed(IDF.1)),
        }
    }

    /// The file names of the rule files an `ontology/`-shaped folder must
    /// hold under `rules/`.
    pub fn rule_names() -> impl Iterator<Item = &'static str> {
        RULE_FILES
            .iter()
            .map(|(f, _)| f.rsplit('/').next().unwrap_or(f))
    }

    /// The rule file called `name`.
    pub(crate) fn rule(&self, name: &str) -> Result<(&str, &str)> {
        self.rules
            .iter()
            .find(|(file, _)| file.rsplit('/').next() == Some(name))
            .map(|(f, t)| (f.as_str(), t.as_ref()))
            .ok_or_else(|| Error::Data {
                file: format!("ontology/rules/{name}"),
                line: 0,
                message: "no such rule file".into(),
            })
    }

    /// The version of the extraction: the crate version and a digest of
    /// every data file read. A source stored under another version is
    /// processed again.
    pub fn version(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let files = self
            .lexicons
            .iter()
            .chain(&self.rules)
            .map(|(f, t)| (f.rsplit('/').next().unwrap_or(f), t.as_bytes()));
        // User lexicons count by their text only, wherever they are.
        let users = self
            .user_lexicons
            .iter()
            .map(|(_, t)| ("user lexicon", t.as_bytes()));
        let models = [
            ("ner.bin", self.model.as_ref()),
            ("idf.tsv", self.idf.1.as_bytes()),
        ];
        for (file, bytes) in files.chain(users).chain(models) {
            h.update(file.as_bytes());
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        let digest: String = h.finalize()[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{}+{digest}", env!("CARGO_PKG_VERSION"))
    }
}

/// The version of the built-in extraction (see [`Data::version`]).
pub fn extraction_version() -> String {
    Data::builtin().version()
}

/// The shipped name-tagger model (`zhikg train-ner` writes it).
pub const NER_MODEL: &[u8] = include_bytes!("../../ontology/model/ner.bin");

/// The keyword weights: inverse document frequencies of the words that can
/// become keywords.
pub const IDF: (&str, &str) = (
    "ontology/model/idf.tsv",
    include_str!("../../ontology/model/idf.tsv"),
);

/// Loads the built-in lexicons.
pub fn load_lexicon() -> Result<Lexicon> {
    load_lexicon_from(&Data::builtin())
}

/// Loads the lexicons of `data`, user lexicons last and overriding.
pub fn load_lexicon_from(data: &Data) -> Result<Lexicon> {
    let load = |files: &[(String, Cow<'static, str>)]| -> Result<Vec<_>> {
        files
            .iter()
            .map(|(file, text)| Ok((file.clone(), lexicon::load_entries(text.as_bytes(), file)?)))
            .collect()
    };
    Lexicon::build_with(load(&data.lexicons)?, load(&data.user_lexicons)?)
}

/// The labels pictures show: the ontology's, and the other words of
/// `ontology/labels/pictures.tsv`.
pub fn picture_labels() -> Result<Vec<(String, String)>> {
    lexicon::load_pairs(PICTURE_LABELS.1.as_bytes(), PICTURE_LABELS.0)
}

//! The immutable resources every stage reads: lexicons, rule lists, ontology
//! and, for commands that segment, the jieba segmenter.
//!
//! Input: the data files under `ontology/`, compiled into the binary.
//! Output: one [`Resources`] value, built once and passed by reference.
//! Invariant: loading never panics; malformed data is an error naming file and line.

use crate::error::{Error, Result};
use crate::lexicon::{self, Lexicon};
use crate::model::EntityType;
use crate::tagger::Tagger;
use jieba_rs::Jieba;
use std::collections::HashSet;

/// The ontology in Turtle.
pub const ONTOLOGY_TTL: &str = include_str!("../ontology/zhikg.ttl");

/// Lexicon files, in the order they are loaded.
const LEXICONS: &[(&str, &str)] = &[
    (
        "ontology/lexicon/persons.tsv",
        include_str!("../ontology/lexicon/persons.tsv"),
    ),
    (
        "ontology/lexicon/places.tsv",
        include_str!("../ontology/lexicon/places.tsv"),
    ),
    (
        "ontology/lexicon/international_organisations.tsv",
        include_str!("../ontology/lexicon/international_organisations.tsv"),
    ),
    (
        "ontology/lexicon/state_bodies.tsv",
        include_str!("../ontology/lexicon/state_bodies.tsv"),
    ),
    (
        "ontology/lexicon/universities.tsv",
        include_str!("../ontology/lexicon/universities.tsv"),
    ),
    (
        "ontology/lexicon/media.tsv",
        include_str!("../ontology/lexicon/media.tsv"),
    ),
    (
        "ontology/lexicon/companies.tsv",
        include_str!("../ontology/lexicon/companies.tsv"),
    ),
    (
        "ontology/lexicon/parties_and_bodies.tsv",
        include_str!("../ontology/lexicon/parties_and_bodies.tsv"),
    ),
    (
        "ontology/lexicon/laws.tsv",
        include_str!("../ontology/lexicon/laws.tsv"),
    ),
    (
        "ontology/lexicon/initiatives.tsv",
        include_str!("../ontology/lexicon/initiatives.tsv"),
    ),
    (
        "ontology/lexicon/concepts.tsv",
        include_str!("../ontology/lexicon/concepts.tsv"),
    ),
];

macro_rules! rule_file {
    ($name:literal) => {
        (
            concat!("ontology/rules/", $name),
            include_str!(concat!("../ontology/rules/", $name)),
        )
    };
}

/// Who a byline marker introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BylineRole {
    Creator,
    Host,
    Guest,
}

/// Characters that let a number word open a name, or forbid it.
#[derive(Debug, Clone, Default)]
pub struct Ordinals {
    pub prefix: Vec<char>,
    pub suffix: Vec<char>,
    pub not_prefix: Vec<char>,
    pub not_suffix: Vec<char>,
}

/// Rule lists: the linguistic knowledge the patterns use.
#[derive(Debug, Clone)]
pub struct Rules {
    pub surnames: HashSet<String>,
    /// Posts and titles, longest first.
    pub titles: Vec<String>,
    /// Institution heads, longest first.
    pub institution_suffixes: Vec<String>,
    /// Initiative heads, longest first.
    pub initiative_suffixes: Vec<String>,
    /// Concept heads, longest first.
    pub concept_suffixes: Vec<String>,
    /// Speech verbs, longest first.
    pub speech_verbs: Vec<String>,
    /// Trigger verb and predicate, longest verb first.
    pub triggers: Vec<(String, String)>,
    /// Byline markers, longest first.
    pub bylines: Vec<(String, BylineRole)>,
    /// Phrases placing what follows under an institution (`框架下`).
    pub frames: Vec<String>,
    /// Verbs that set something up (`建立`).
    pub establish_verbs: Vec<String>,
    pub continuations: Vec<String>,
    /// Prepositions after which a name is not a subject (在, 于).
    pub prepositions: Vec<String>,
    /// Words allowed inside grown names whatever their tag.
    pub name_parts: HashSet<String>,
    /// Words that never stand inside a body's name (荣获, 日电).
    pub not_name_parts: HashSet<String>,
    /// Words ending with a one-character head that name no body (干部).
    pub not_heads: HashSet<String>,
    /// Words that open the name of a national or international body.
    pub name_openers: HashSet<String>,
    /// One-character place abbreviations and the places they stand for.
    pub place_abbreviations: std::collections::HashMap<char, String>,
    /// Characters that form a word with a following place abbreviation (访华).
    pub abbreviation_verbs: HashSet<char>,
    /// Characters that form a word with a preceding place abbreviation (中方).
    pub abbreviation_nouns: HashSet<char>,
    /// Common nouns that name one particular body when they stand alone (市委).
    pub generic_bodies: HashSet<String>,
    /// Characters that end nouns but not personal names (鲁棒性).
    pub not_name_endings: HashSet<char>,
    /// Characters that end the names of administrative units (镇, 县).
    pub administrative_suffixes: HashSet<char>,
    /// Words after a place name that say "the region of" (地区).
    pub region_words: Vec<String>,
    /// Japanese family names (桥本, 久间).
    pub japanese_surnames: HashSet<String>,
    /// Words that join the members of a list (、, 和).
    pub coordinators: HashSet<String>,
    /// Words that refer to an entity without naming it (我国 → 中国).
    pub references: Vec<(String, String)>,
    /// Words after a place that make a phrase for its government (中国政府).
    pub government_heads: Vec<String>,
    /// Words after a one-character surname that refer to a person (陈老师).
    pub honorifics: HashSet<String>,
    /// Characters typical of transliterated foreign names.
    pub transliteration: HashSet<char>,
    /// Words introducing a short form defined in brackets (以下简称), longest first.
    pub abbreviation_markers: Vec<String>,
    /// Words before a colon that name no speaker (来源：).
    pub not_speakers: HashSet<String>,
    /// Verbs stating a post held (现任), longest first.
    pub post_verbs: Vec<String>,
    /// Verbs stating a sub-unit (下设), longest first.
    pub unit_verbs: Vec<String>,
    /// How number words may open names (第, 届) or not (条, 个).
    pub ordinals: Ordinals,
    /// Heads of place names.
    pub place_suffixes: Vec<String>,
    pub determiners: HashSet<String>,
    /// Phrases that name nothing specific (有关部门), loanwords (尼古丁) and
    /// words the dictionary tags as names (牟利).
    pub entity_stopwords: HashSet<String>,
}

/// Everything the pipeline reads, loaded once.
pub struct Resources {
    pub lexicon: Lexicon,
    pub rules: Rules,
    /// The segmenter, present only when loaded for a command that segments.
    pub jieba: Option<Jieba>,
    /// The name tagger, loaded with the segmenter when a model is shipped.
    pub tagger: Option<Tagger>,
    /// Keyword weighting (jieba's IDF table), loaded with the segmenter.
    pub tfidf: Option<jieba_rs::TfIdf>,
}

/// The shipped name-tagger model (`zhikg train-ner` writes it).
const NER_MODEL: &[u8] = include_bytes!("../ontology/model/ner.bin");

fn longest_first(mut v: Vec<String>) -> Vec<String> {
    v.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    v.dedup();
    v
}

fn list((file, text): (&str, &str)) -> Result<Vec<String>> {
    lexicon::load_list(text.as_bytes(), file)
}

/// A rule list as a set of words.
fn set(file: (&str, &str)) -> Result<HashSet<String>> {
    Ok(list(file)?.into_iter().collect())
}

/// A rule list of one character per line, as a set of characters.
fn chars(file: (&str, &str)) -> Result<HashSet<char>> {
    Ok(list(file)?
        .iter()
        .filter_map(|w| w.chars().next())
        .collect())
}

/// Loads the rule lists.
pub fn load_rules() -> Result<Rules> {
    let triggers_file = rule_file!("triggers.tsv");
    let mut triggers = lexicon::load_pairs(triggers_file.1.as_bytes(), triggers_file.0)?;
    triggers.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
    let bylines_file = rule_file!("bylines.tsv");
    let mut bylines = Vec::new();
    for (i, (marker, role)) in lexicon::load_pairs(bylines_file.1.as_bytes(), bylines_file.0)?
        .into_iter()
        .enumerate()
    {
        let role = match role.as_str() {
            "creator" => BylineRole::Creator,
            "host" => BylineRole::Host,
            "guest" => BylineRole::Guest,
            other => {
                return Err(Error::Data {
                    file: bylines_file.0.into(),
                    line: i + 1,
                    message: format!("unknown byline role {other:?}"),
                });
            }
        };
        bylines.push((marker, role));
    }
    bylines.sort_by_key(|b| std::cmp::Reverse(b.0.chars().count()));
    let abbr_file = rule_file!("place_abbreviations.tsv");
    let mut place_abbreviations = std::collections::HashMap::new();
    for (i, (a, place)) in lexicon::load_pairs(abbr_file.1.as_bytes(), abbr_file.0)?
        .into_iter()
        .enumerate()
    {
        let mut chars = a.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => {
                place_abbreviations.insert(c, place);
            }
            _ => {
                return Err(Error::Data {
                    file: abbr_file.0.into(),
                    line: i + 1,
                    message: format!("{a:?} is not one character"),
                });
            }
        }
    }
    let structure_file = rule_file!("structure_verbs.tsv");
    let structure = lexicon::load_pairs(structure_file.1.as_bytes(), structure_file.0)?;
    let verbs_of = |kind: &str| {
        longest_first(
            structure
                .iter()
                .filter(|(_, k)| k == kind)
                .map(|(w, _)| w.clone())
                .collect(),
        )
    };
    let ordinals_file = rule_file!("ordinals.tsv");
    let mut ordinals = Ordinals::default();
    for (i, (c, kind)) in lexicon::load_pairs(ordinals_file.1.as_bytes(), ordinals_file.0)?
        .into_iter()
        .enumerate()
    {
        let list = match kind.as_str() {
            "prefix" => &mut ordinals.prefix,
            "suffix" => &mut ordinals.suffix,
            "not-prefix" => &mut ordinals.not_prefix,
            "not-suffix" => &mut ordinals.not_suffix,
            other => {
                return Err(Error::Data {
                    file: ordinals_file.0.into(),
                    line: i + 1,
                    message: format!("unknown position {other:?}"),
                });
            }
        };
        list.extend(c.chars());
    }
    let frames_file = rule_file!("frames.tsv");
    let frames = lexicon::load_pairs(frames_file.1.as_bytes(), frames_file.0)?;
    let pick = |kind: &str| {
        longest_first(
            frames
                .iter()
                .filter(|(_, k)| k == kind)
                .map(|(w, _)| w.clone())
                .collect(),
        )
    };
    Ok(Rules {
        frames: pick("frame"),
        establish_verbs: pick("verb"),
        surnames: set(rule_file!("surnames.txt"))?,
        titles: longest_first(list(rule_file!("person_titles.txt"))?),
        institution_suffixes: longest_first(list(rule_file!("institution_suffixes.txt"))?),
        initiative_suffixes: longest_first(list(rule_file!("initiative_suffixes.txt"))?),
        concept_suffixes: longest_first(list(rule_file!("concept_suffixes.txt"))?),
        speech_verbs: longest_first(list(rule_file!("speech_verbs.txt"))?),
        triggers,
        bylines,
        continuations: longest_first(list(rule_file!("continuations.txt"))?),
        prepositions: list(rule_file!("prepositions.txt"))?,
        name_openers: set(rule_file!("name_openers.txt"))?,
        place_abbreviations,
        ordinals,
        post_verbs: verbs_of("post"),
        unit_verbs: verbs_of("unit"),
        not_speakers: set(rule_file!("not_speakers.txt"))?,
        abbreviation_markers: longest_first(list(rule_file!("abbreviation_markers.txt"))?),
        transliteration: list(rule_file!("transliteration_chars.txt"))?
            .iter()
            .flat_map(|l| l.chars())
            .collect(),
        government_heads: longest_first(list(rule_file!("government_heads.txt"))?),
        honorifics: set(rule_file!("honorifics.txt"))?,
        references: {
            let f = rule_file!("references.tsv");
            lexicon::load_pairs(f.1.as_bytes(), f.0)?
        },
        abbreviation_verbs: chars(rule_file!("place_abbreviation_verbs.txt"))?,
        abbreviation_nouns: chars(rule_file!("place_abbreviation_nouns.txt"))?,
        generic_bodies: set(rule_file!("generic_bodies.txt"))?,
        not_name_endings: chars(rule_file!("not_name_endings.txt"))?,
        administrative_suffixes: chars(rule_file!("administrative_suffixes.txt"))?,
        region_words: list(rule_file!("region_words.txt"))?,
        japanese_surnames: set(rule_file!("japanese_surnames.txt"))?,
        coordinators: set(rule_file!("coordinators.txt"))?,
        name_parts: set(rule_file!("name_parts.txt"))?,
        not_name_parts: set(rule_file!("not_name_parts.txt"))?,
        not_heads: set(rule_file!("not_heads.txt"))?,
        place_suffixes: longest_first(list(rule_file!("place_suffixes.txt"))?),
        determiners: set(rule_file!("determiners.txt"))?,
        entity_stopwords: list(rule_file!("entity_stopwords.txt"))?
            .into_iter()
            .chain(list(rule_file!("loanwords.txt"))?)
            .chain(list(rule_file!("not_names.txt"))?)
            .collect(),
    })
}

/// Loads the lexicons.
pub fn load_lexicon() -> Result<Lexicon> {
    let mut files = Vec::new();
    for (file, text) in LEXICONS {
        files.push((
            file.to_string(),
            lexicon::load_entries(text.as_bytes(), file)?,
        ));
    }
    Lexicon::build(files)
}

/// The jieba tag a lexicon entry of this class gets in the user dictionary.
fn pos_tag(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "nr",
        EntityType::Institution => "nt",
        EntityType::Place => "ns",
        EntityType::Initiative => "nz",
        EntityType::Concept => "n",
    }
}

impl Resources {
    /// Loads lexicons and rules; with `segment`, also jieba with a user
    /// dictionary built from the lexicons.
    pub fn load(segment: bool) -> Result<Resources> {
        Resources::load_with(segment, segment)
    }

    /// As [`Resources::load`], with the shipped name tagger only when `tagger`
    /// (training a new one does without it).
    pub fn load_with(segment: bool, tagger: bool) -> Result<Resources> {
        let lexicon = load_lexicon()?;
        let rules = load_rules()?;
        let jieba = segment.then(|| {
            let mut jieba = Jieba::new();
            for e in lexicon.entries() {
                for form in std::iter::once(&e.label).chain(e.aliases.iter()) {
                    if !form.is_ascii() {
                        jieba.add_word(form, None, Some(pos_tag(e.entity_type)));
                    }
                }
            }
            for t in &rules.titles {
                jieba.add_word(t, None, Some("n"));
            }
            jieba
        });
        let tagger = match (tagger, NER_MODEL.is_empty()) {
            (true, false) => Some(Tagger::load(NER_MODEL, "ontology/model/ner.bin")?),
            _ => None,
        };
        let tfidf = segment.then(jieba_rs::TfIdf::default);
        Ok(Resources {
            lexicon,
            rules,
            jieba,
            tagger,
            tfidf,
        })
    }
}

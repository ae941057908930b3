//! Rule lists: the word lists and small tables the patterns read.
//!
//! Input: the rule files under `ontology/rules/`, by name.
//! Output: one [`Rules`] value.
//! Invariant: every list is read through a loader that reports file and line.

use super::lexicon;
use crate::error::{Error, Result};
use crate::script::is_cjk;
/// Sets and maps of short words hash with FxHash: they are read for every
/// character and word of the text.
type HashSet<T> = rustc_hash::FxHashSet<T>;

/// Who a byline marker introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BylineRole {
    Creator,
    Host,
    Guest,
}

/// Whom a speaker-turn label stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnRole {
    /// The host of an interview (主持人).
    Host,
    /// A reporter asking (记者).
    Reporter,
    /// A question turn (问).
    Question,
    /// An answer turn (答).
    Answer,
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
    /// The surnames of one character, looked up by character.
    pub surname_chars: HashSet<char>,
    /// Posts and titles, longest first.
    pub titles: WordList,
    /// Institution heads, longest first.
    pub institution_suffixes: WordList,
    /// Initiative heads, longest first.
    pub initiative_suffixes: WordList,
    /// Concept heads, longest first.
    pub concept_suffixes: WordList,
    /// Speech verbs, longest first.
    pub speech_verbs: WordList,
    /// Pronouns that stand for a person named before (他, 她).
    pub person_pronouns: HashSet<String>,
    /// Trigger verb and predicate, longest verb first.
    pub triggers: Vec<(String, String)>,
    /// Per first character, the positions in `triggers` of the verbs
    /// beginning with it, longest first.
    pub trigger_initials: rustc_hash::FxHashMap<char, Vec<usize>>,
    /// Per last character, the positions in `triggers` of the verbs ending
    /// with it, longest first.
    pub trigger_finals: rustc_hash::FxHashMap<char, Vec<usize>>,
    /// Per trigger verb, the first position in `triggers` of its rows and
    /// their number (rows of one verb sort together).
    trigger_rows: rustc_hash::FxHashMap<String, (usize, usize)>,
    /// Byline markers, longest first.
    pub bylines: Vec<(String, BylineRole)>,
    /// Phrases placing what follows under an institution (`框架下`).
    pub frames: WordList,
    /// Verbs that set something up (`建立`).
    pub establish_verbs: WordList,
    pub continuations: WordList,
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
    pub place_abbreviations: rustc_hash::FxHashMap<char, String>,
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
    pub coordinators: WordList,
    /// Words that refer to an entity without naming it (我国 → 中国).
    pub references: Vec<(String, String)>,
    /// Words after a place that make a phrase for its government (中国政府).
    pub government_heads: WordList,
    /// Words after a one-character surname that refer to a person (陈老师).
    pub honorifics: HashSet<String>,
    /// Characters typical of transliterated foreign names.
    pub transliteration: HashSet<char>,
    /// Words introducing a short form defined in brackets (以下简称), longest first.
    pub abbreviation_markers: WordList,
    /// Words before a colon that name no speaker (来源：).
    pub not_speakers: HashSet<String>,
    /// Verbs stating a post held (现任), longest first.
    pub post_verbs: WordList,
    /// Verbs stating a sub-unit (下设), longest first.
    pub unit_verbs: WordList,
    /// How number words may open names (第, 届) or not (条, 个).
    pub ordinals: Ordinals,
    /// Heads of place names.
    pub place_suffixes: WordList,
    pub determiners: HashSet<String>,
    /// Phrases that name nothing specific (有关部门), loanwords (尼古丁) and
    /// words the dictionary tags as names (牟利).
    pub entity_stopwords: HashSet<String>,
    /// Labels of speaker turns (主持人, 问) and whom they stand for.
    pub turn_labels: Vec<(String, TurnRole)>,
    /// Words opening a note on the authors' unit (作者单位).
    pub author_unit_markers: Vec<String>,
    /// Words ending a dateline before its bracketed reporters (电).
    pub dateline_markers: Vec<String>,
    /// Particles joining a modifier to its noun (的).
    pub attributive_particles: HashSet<char>,
    /// Chinese numeral characters.
    pub numerals: HashSet<char>,
    /// Conjunctions that may join plain nouns inside an institution's name.
    pub name_conjunctions: HashSet<String>,
    /// Endings of words for kinds of people (负责人).
    pub person_noun_suffixes: Vec<String>,
    /// Every character of a coordinator (、, 和, 以 and 及 of 以及).
    pub coordinator_chars: HashSet<char>,
    /// The coordinators of one character.
    pub single_coordinators: HashSet<char>,
    /// Adverbs between coordinated agents and their verb (共同), longest first.
    pub joint_adverbs: WordList,
    /// Words marking the agents of a verb whose object comes first (由).
    pub passive_markers: Vec<String>,
    /// Words closing a list of objects (等), longest first.
    pub list_ends: WordList,
    /// Nouns closing a list of principles (理念).
    pub principle_heads: HashSet<String>,
    /// Heads of initiative names that are also verbs (倡议, 计划).
    pub verb_heads: HashSet<String>,
    /// Part-of-speech tags a principle never starts with.
    pub principle_openers: HashSet<String>,
    /// Words that open a principle whatever their tag (多边参与).
    pub principle_words: HashSet<String>,
    /// Words standing for an event named before (开幕式), longest first.
    pub event_references: WordList,
    /// Heads of event names (论坛), longest first.
    pub event_heads: WordList,
    /// Relations an event may be the subject of (大会发布《…》).
    pub event_agents: HashSet<String>,
    /// Trigger verbs whose object must be an event (开展“…”专项行动).
    pub event_verbs: HashSet<String>,
    /// Part-of-speech tags of the words that may be keywords.
    pub keyword_tags: HashSet<String>,
    /// Words joining a second verb of the same subject (并), longest first.
    pub sequels: WordList,
    /// Regions of the world, which are never agents (非洲).
    pub world_regions: HashSet<String>,
    /// Verbs of playing a role (发挥): 支持联合国发挥作用 supports 联合国.
    pub role_verbs: Vec<String>,
    /// Copulas linking a name to what it is (是).
    pub copulas: HashSet<String>,
    /// Words of means before a verb (通过开展…), longest first.
    pub means_words: WordList,
    /// Words closing a prepositional frame (在…领导下), longest first.
    pub localizers: WordList,
    /// Verbs of urging another to act (呼吁各方…), longest first.
    pub urge_words: WordList,
    /// Aspect particles after a verb (了).
    pub aspect_particles: HashSet<char>,
    /// Characters joining two posts of one person (兼).
    pub post_joiners: HashSet<char>,
}

impl Rules {
    /// The trigger verbs that end with `c`, longest first.
    pub fn triggers_ending_with(&self, c: char) -> impl Iterator<Item = &String> {
        self.trigger_finals
            .get(&c)
            .into_iter()
            .flatten()
            .map(|&k| &self.triggers[k].0)
    }

    /// The predicates `word` is a trigger verb of.
    pub fn predicates(&self, word: &str) -> impl Iterator<Item = &str> {
        let (first, n) = self.trigger_rows.get(word).copied().unwrap_or((0, 0));
        self.triggers[first..first + n]
            .iter()
            .map(|(_, p)| p.as_str())
    }

    /// The role a speaker-turn label stands for, if `word` is one.
    pub fn turn_label(&self, word: &str) -> Option<TurnRole> {
        self.turn_labels
            .iter()
            .find(|(w, _)| w == word)
            .map(|&(_, role)| role)
    }
}

fn longest_first(v: Vec<String>) -> WordList {
    WordList::new(v)
}

/// The words of a rule list, longest first for matching at a position, and
/// hashed for asking whether a word is one of them.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    words: Vec<String>,
    set: HashSet<String>,
    /// Per last character, the positions in `words` of the words ending with it.
    by_last: rustc_hash::FxHashMap<char, Vec<usize>>,
    /// Per first character, the positions in `words` of the words starting with it.
    by_first: rustc_hash::FxHashMap<char, Vec<usize>>,
}

impl WordList {
    /// The list of `words`, sorted longest first (then in code-point order).
    pub fn new(mut words: Vec<String>) -> WordList {
        words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        words.dedup();
        let set = words.iter().cloned().collect();
        let by_last = positions_by(&words, |w| w.chars().next_back());
        let by_first = positions_by(&words, |w| w.chars().next());
        WordList {
            words,
            set,
            by_last,
            by_first,
        }
    }

    /// The words ending with character `c`, in list order.
    pub fn ending_with(&self, c: char) -> impl Iterator<Item = &String> {
        self.indexed(&self.by_last, c)
    }

    /// The words of the list `word` ends with, in list order (longest first).
    pub fn suffixes_of<'a>(&'a self, word: &'a str) -> impl Iterator<Item = &'a String> {
        word.chars()
            .next_back()
            .into_iter()
            .flat_map(|c| self.ending_with(c))
            .filter(move |s| word.ends_with(s.as_str()))
    }

    /// The words starting with character `c`, in list order.
    pub fn starting_with(&self, c: char) -> impl Iterator<Item = &String> {
        self.indexed(&self.by_first, c)
    }

    /// The words `index` lists under character `c`, in list order.
    fn indexed<'a>(
        &'a self,
        index: &'a rustc_hash::FxHashMap<char, Vec<usize>>,
        c: char,
    ) -> impl Iterator<Item = &'a String> {
        index.get(&c).into_iter().flatten().map(|&k| &self.words[k])
    }

    /// Whether `word` is in the list.
    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }
}

impl std::ops::Deref for WordList {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.words
    }
}

impl<'a> IntoIterator for &'a WordList {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.words.iter()
    }
}

/// Per character `key` gives of a word, the positions of the words it gives
/// it for, in order.
fn positions_by<'a>(
    words: impl IntoIterator<Item = &'a String>,
    key: fn(&str) -> Option<char>,
) -> rustc_hash::FxHashMap<char, Vec<usize>> {
    let mut index = rustc_hash::FxHashMap::<char, Vec<usize>>::default();
    for (k, w) in words.into_iter().enumerate() {
        if let Some(c) = key(w) {
            index.entry(c).or_default().push(k);
        }
    }
    index
}

fn list((file, text): (&str, &str)) -> Result<Vec<String>> {
    lexicon::load_list(text.as_bytes(), file)
}

/// A `word<TAB>kind` rule table whose kinds are all among `allowed`.
fn kinds((file, text): (&str, &str), allowed: &[&str]) -> Result<lexicon::Kinds> {
    lexicon::load_kinds(text.as_bytes(), file, allowed)
}

/// A rule list whose every word passes `known`; another is an error naming
/// file and line and saying it is no `what` of triggers.tsv.
fn known_list(
    (file, text): (&str, &str),
    known: impl Fn(&str) -> bool,
    what: &str,
) -> Result<HashSet<String>> {
    let mut out = HashSet::default();
    for (line, word) in lexicon::data_lines(text.as_bytes(), file)? {
        let word = word.trim();
        if !known(word) {
            return Err(Error::Data {
                file: file.to_string(),
                line,
                message: format!("{word:?} is no {what} of triggers.tsv"),
            });
        }
        out.insert(word.to_string());
    }
    Ok(out)
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

/// Loads the built-in rule lists.
pub fn load_rules() -> Result<Rules> {
    load_rules_from(&super::Data::builtin())
}

/// Loads the rule lists of `data`.
pub fn load_rules_from(data: &super::Data) -> Result<Rules> {
    let rule = |name: &str| data.rule(name);
    let triggers_file = rule("triggers.tsv")?;
    let mut triggers = lexicon::load_pairs(triggers_file.1.as_bytes(), triggers_file.0)?;
    triggers.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
    let bylines_file = rule("bylines.tsv")?;
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
    let abbr_file = rule("place_abbreviations.tsv")?;
    let mut place_abbreviations = rustc_hash::FxHashMap::default();
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
    let structure = kinds(rule("structure_verbs.tsv")?, &["post", "unit"])?;
    let ordinals_file = rule("ordinals.tsv")?;
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
    let frames = kinds(rule("frames.tsv")?, &["frame", "verb"])?;
    let turns_file = rule("turn_labels.tsv")?;
    let mut turn_labels = Vec::new();
    for (i, (word, role)) in lexicon::load_pairs(turns_file.1.as_bytes(), turns_file.0)?
        .into_iter()
        .enumerate()
    {
        let role = match role.as_str() {
            "host" => TurnRole::Host,
            "reporter" => TurnRole::Reporter,
            "question" => TurnRole::Question,
            "answer" => TurnRole::Answer,
            other => {
                return Err(Error::Data {
                    file: turns_file.0.into(),
                    line: i + 1,
                    message: format!("unknown turn role {other:?}"),
                });
            }
        };
        turn_labels.push((word, role));
    }
    let coordinators: HashSet<String> = set(rule("coordinators.txt")?)?;
    let events = kinds(rule("event_references.tsv")?, &["reference", "head"])?;
    let words = kinds(
        rule("relation_words.tsv")?,
        &[
            "joint",
            "passive",
            "list-end",
            "post-joiner",
            "means",
            "localizer",
            "urge",
            "sequel",
            "aspect",
            "role",
            "copula",
        ],
    )?;
    let first_chars = |kind: &str| -> HashSet<char> {
        words
            .words(kind)
            .iter()
            .filter_map(|w| w.chars().next())
            .collect()
    };
    let surnames: HashSet<String> = set(rule("surnames.txt")?)?;
    Ok(Rules {
        surname_chars: surnames
            .iter()
            .filter_map(|w| {
                let mut cs = w.chars();
                cs.next().filter(|_| cs.next().is_none())
            })
            .collect(),
        turn_labels,
        author_unit_markers: list(rule("author_unit_markers.txt")?)?,
        dateline_markers: list(rule("dateline_markers.txt")?)?,
        attributive_particles: chars(rule("attributive_particles.txt")?)?,
        numerals: chars(rule("numerals.txt")?)?,
        name_conjunctions: set(rule("name_conjunctions.txt")?)?,
        person_noun_suffixes: list(rule("person_noun_suffixes.txt")?)?,
        coordinator_chars: coordinators.iter().flat_map(|w| w.chars()).collect(),
        single_coordinators: coordinators
            .iter()
            .filter(|w| w.chars().count() == 1)
            .filter_map(|w| w.chars().next())
            .collect(),
        joint_adverbs: longest_first(words.words("joint")),
        passive_markers: words.words("passive"),
        list_ends: longest_first(words.words("list-end")),
        sequels: longest_first(words.words("sequel")),
        role_verbs: words.words("role"),
        copulas: words.words("copula").into_iter().collect(),
        means_words: longest_first(words.words("means")),
        localizers: longest_first(words.words("localizer")),
        urge_words: longest_first(words.words("urge")),
        world_regions: set(rule("world_regions.txt")?)?,
        aspect_particles: first_chars("aspect"),
        post_joiners: first_chars("post-joiner"),
        event_references: longest_first(events.words("reference")),
        event_heads: longest_first(events.words("head")),
        principle_heads: set(rule("principle_heads.txt")?)?,
        verb_heads: set(rule("verb_heads.txt")?)?,
        principle_openers: set(rule("principle_openers.txt")?)?,
        principle_words: set(rule("principle_words.txt")?)?,
        frames: longest_first(frames.words("frame")),
        establish_verbs: longest_first(frames.words("verb")),
        surnames,
        titles: longest_first(list(rule("person_titles.txt")?)?),
        institution_suffixes: longest_first(list(rule("institution_suffixes.txt")?)?),
        initiative_suffixes: longest_first(list(rule("initiative_suffixes.txt")?)?),
        concept_suffixes: longest_first(list(rule("concept_suffixes.txt")?)?),
        speech_verbs: longest_first(list(rule("speech_verbs.txt")?)?),
        person_pronouns: set(rule("person_pronouns.txt")?)?,
        event_agents: known_list(
            rule("event_agents.txt")?,
            |w| triggers.iter().any(|(_, p)| p == w),
            "relation",
        )?,
        event_verbs: known_list(
            rule("event_verbs.txt")?,
            |w| triggers.iter().any(|(v, _)| v == w),
            "verb",
        )?,
        trigger_initials: positions_by(triggers.iter().map(|(w, _)| w), |w| w.chars().next()),
        trigger_finals: positions_by(triggers.iter().map(|(w, _)| w), |w| w.chars().next_back()),
        trigger_rows: triggers.iter().enumerate().fold(
            rustc_hash::FxHashMap::<String, (usize, usize)>::default(),
            |mut m, (k, (w, _))| {
                m.entry(w.clone()).or_insert((k, 0)).1 += 1;
                m
            },
        ),
        keyword_tags: set(rule("keyword_tags.txt")?)?,
        triggers,
        bylines,
        continuations: longest_first(list(rule("continuations.txt")?)?),
        prepositions: list(rule("prepositions.txt")?)?,
        name_openers: set(rule("name_openers.txt")?)?,
        place_abbreviations,
        ordinals,
        post_verbs: longest_first(structure.words("post")),
        unit_verbs: longest_first(structure.words("unit")),
        not_speakers: set(rule("not_speakers.txt")?)?,
        abbreviation_markers: longest_first(list(rule("abbreviation_markers.txt")?)?),
        transliteration: list(rule("transliteration_chars.txt")?)?
            .iter()
            .flat_map(|l| l.chars())
            .collect(),
        government_heads: longest_first(list(rule("government_heads.txt")?)?),
        honorifics: set(rule("honorifics.txt")?)?,
        references: {
            let f = rule("references.tsv")?;
            lexicon::load_pairs(f.1.as_bytes(), f.0)?
        },
        abbreviation_verbs: chars(rule("place_abbreviation_verbs.txt")?)?,
        abbreviation_nouns: chars(rule("place_abbreviation_nouns.txt")?)?,
        generic_bodies: set(rule("generic_bodies.txt")?)?,
        not_name_endings: chars(rule("not_name_endings.txt")?)?,
        administrative_suffixes: chars(rule("administrative_suffixes.txt")?)?,
        region_words: list(rule("region_words.txt")?)?,
        japanese_surnames: set(rule("japanese_surnames.txt")?)?,
        coordinators: longest_first(coordinators.into_iter().collect()),
        name_parts: set(rule("name_parts.txt")?)?,
        not_name_parts: set(rule("not_name_parts.txt")?)?,
        not_heads: set(rule("not_heads.txt")?)?,
        place_suffixes: longest_first(list(rule("place_suffixes.txt")?)?),
        determiners: set(rule("determiners.txt")?)?,
        entity_stopwords: list(rule("entity_stopwords.txt")?)?
            .into_iter()
            .chain(list(rule("loanwords.txt")?)?)
            .chain(list(rule("not_names.txt")?)?)
            .collect(),
    })
}

/// Whether `name` looks like a Chinese personal name.
pub fn looks_like_name(name: &str, rules: &Rules) -> bool {
    let chars: Vec<char> = name.chars().collect();
    if chars.contains(&'·') {
        return chars.len() >= 3 && chars.iter().all(|&c| is_cjk(c) || c == '·');
    }
    if !(2..=4).contains(&chars.len()) || !chars.iter().all(|&c| is_cjk(c)) {
        return false;
    }
    let first: String = chars[..1].iter().collect();
    let first2: String = chars[..2].iter().collect();
    (rules.surnames.contains(&first2) && chars.len() >= 3) || rules.surnames.contains(&first)
}

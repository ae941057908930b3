//! Entity mentions: one paragraph's text and tokens → mentions of the five classes.
//!
//! Every recogniser has one signature ([`Recognise`]: a [`Para`] in,
//! candidates out) and each family lives in a file of its own; [`mentions`]
//! runs them in order, then selection.
//!
//! Input: a paragraph, its tokens, the names in the article's byline, the
//! lexicons and the rule lists.
//! Output: mentions with the rule that found each; nested institution names
//! (the university inside `某大学某学院`) are kept as mentions of their own.
//! Invariant: apart from nested institutions, mentions do not overlap; longer
//! candidates win, then the more trusted rule.

mod fixed;
mod heads;
mod lexicon;
mod marks;
mod model;
mod persons;
mod places;
mod pos;
mod principles;
mod references;
mod select;

pub use fixed::{keywords, unit};
use select::defer_to_model;
pub use select::select;

use crate::model::{EntityType, Recogniser, Rule, Token};
use crate::resources::Resources;
use crate::script::is_cjk;
use crate::stages::tag::Tagged;
use heads::*;
use lexicon::*;
use marks::*;
use model::*;
use persons::*;
use places::*;
use pos::*;
use principles::*;
use references::*;

/// A candidate mention in characters of the paragraph text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    pub entity_type: EntityType,
    pub label: String,
    pub rule: Rule,
    /// A name nested at the start of a longer institution name.
    pub nested: bool,
}

impl Cand {
    /// A person found by `rule`.
    fn person(start: usize, end: usize, label: String, recogniser: Recogniser) -> Cand {
        Cand {
            start,
            end,
            entity_type: EntityType::Person,
            label,
            rule: Rule::new(recogniser),
            nested: false,
        }
    }
}

/// Whether `w` ends as an abstract or collective noun does (鲁棒性, 官员).
pub(super) fn noun_ending(w: &str, r: &crate::data::Rules) -> bool {
    w.chars()
        .last()
        .is_some_and(|c| r.not_name_endings.contains(&c))
}

/// Quotation and title marks stripped from labels.
pub(super) const MARKS: &[char] = &['“', '”', '‘', '’', '《', '》', '"', '「', '」'];

/// Punctuation that never occurs inside a name.
pub(super) fn is_break(c: char) -> bool {
    !(is_cjk(c) || c.is_ascii_alphanumeric() || c == '·' || c == '-')
}

/// The label of a surface form: without quotation marks or spaces.
pub fn label_of(surface: &str) -> String {
    surface
        .chars()
        .filter(|c| !MARKS.contains(c) && !c.is_whitespace())
        .collect()
}

/// One paragraph, as every recogniser reads it.
pub struct Para<'a> {
    pub text: &'a str,
    pub chars: Vec<char>,
    pub tokens: &'a [Token],
    /// Names the article introduces itself (byline people, turn speakers).
    pub names: &'a [String],
    pub res: &'a Resources,
    /// The lexicon's matches in the text, found by the tag stage.
    pub matches: &'a [crate::data::lexicon::LexMatch<'a>],
    /// The trained tagger's names in the text, from the tag stage.
    pub model_names: &'a [(usize, usize, EntityType)],
}

/// A recogniser: a paragraph in, candidates out.
pub type Recognise = fn(&Para<'_>, &mut Vec<Cand>);

/// The recognisers, in the order they run; one family per file.
const RECOGNISE: &[Recognise] = &[
    lexicon,
    known_names,
    marked,
    grown,
    tagged,
    tagged_by_model,
    abbreviations,
    surname_titles,
    references,
    foreign_names,
    titled_names,
    posted_names,
    split_names,
    japanese_names,
    concepts,
    principles,
];

/// The mentions of one paragraph, `tagged` by the tag stage: every
/// recogniser's candidates and the `fixed` ones, place spans adjusted, then
/// selected, then the names listed beside a chosen person added.
pub fn mentions(
    text: &str,
    tokens: &[Token],
    tagged: &Tagged<'_>,
    names: &[String],
    fixed: Vec<Cand>,
    res: &Resources,
) -> Vec<Cand> {
    let p = Para {
        text,
        chars: text.chars().collect(),
        tokens,
        names,
        res,
        matches: &tagged.matches,
        model_names: &tagged.names,
    };
    let mut cands = fixed;
    for recognise in RECOGNISE {
        recognise(&p, &mut cands);
    }
    place_spans(&p, &mut cands);
    defer_to_model(&mut cands);
    let mut chosen = select(cands);
    coordinated(&p, &mut chosen);
    chosen
}

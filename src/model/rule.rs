//! The recognisers of entity mentions, in one table with their priority and
//! trust.
//!
//! Input: nothing.
//! Output: [`Recogniser`], its [`RECOGNISERS`] row, and the [`Rule`] a
//! mention records (recogniser, what it matched on, suffix taken in).
//! Invariant: selection reads `priority` and resolution reads `trust` from
//! this one table; a rule's name as written in RDF and JSON comes from it too.

use serde::{Serialize, Serializer};
use std::fmt;

/// A family of entity recognisers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Recogniser {
    Byline,
    BylineUnit,
    Lexicon,
    Reference,
    TitleMarks,
    QuotedTerm,
    Nested,
    Head,
    TitleName,
    SurnameTitle,
    Abbreviation,
    ForeignName,
    JapaneseName,
    Model,
    Pos,
    SplitName,
    Coordinated,
    ConceptHead,
    Principle,
    Keyword,
    DefinedAlias,
    Propagated,
}

/// One row of the rule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecogniserInfo {
    pub recogniser: Recogniser,
    /// The name written in provenance (`zk:rule`) and JSON.
    pub name: &'static str,
    /// Which of two overlapping candidates of equal length is kept.
    pub priority: u8,
    /// How much a mention's class counts when mentions of a label disagree.
    pub trust: u32,
}

const fn row(
    recogniser: Recogniser,
    name: &'static str,
    priority: u8,
    trust: u32,
) -> RecogniserInfo {
    RecogniserInfo {
        recogniser,
        name,
        priority,
        trust,
    }
}

/// The rule table. Mentions made after selection (defined aliases, names
/// propagated through the article) take no part in it and have priority 0.
pub const RECOGNISERS: &[RecogniserInfo] = &[
    row(Recogniser::Byline, "byline", 100, 100),
    row(Recogniser::BylineUnit, "byline-unit", 95, 40),
    row(Recogniser::Lexicon, "lexicon", 90, 90),
    row(Recogniser::Reference, "reference", 88, 40),
    row(Recogniser::TitleMarks, "title-marks", 85, 85),
    row(Recogniser::QuotedTerm, "quoted-term", 80, 80),
    row(Recogniser::Nested, "nested", 75, 75),
    row(Recogniser::Head, "head", 70, 70),
    row(Recogniser::TitleName, "title-name", 65, 40),
    row(Recogniser::SurnameTitle, "surname-title", 62, 40),
    row(Recogniser::Abbreviation, "abbreviation", 60, 40),
    row(Recogniser::ForeignName, "foreign-name", 60, 60),
    row(Recogniser::JapaneseName, "japanese-name", 58, 40),
    row(Recogniser::Model, "model:ner", 55, 40),
    row(Recogniser::Pos, "pos", 50, 50),
    row(Recogniser::SplitName, "split-name", 45, 40),
    row(Recogniser::Coordinated, "coordinated", 40, 40),
    row(Recogniser::ConceptHead, "concept-head", 40, 40),
    row(Recogniser::Principle, "principle", 38, 40),
    row(Recogniser::Keyword, "keyword", 35, 40),
    row(Recogniser::DefinedAlias, "defined-alias", 0, 40),
    row(Recogniser::Propagated, "propagated", 0, 40),
];

impl Recogniser {
    /// This recogniser's row of [`RECOGNISERS`], which lists them in the
    /// enum's order (a test).
    pub fn info(self) -> &'static RecogniserInfo {
        &RECOGNISERS[self as usize]
    }

    pub fn priority(self) -> u8 {
        self.info().priority
    }

    pub fn trust(self) -> u32 {
        self.info().trust
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }
}

/// The rule behind a mention: its recogniser, what it matched on (the
/// lexicon file, the head word, the part-of-speech tag), and whether a place
/// suffix written apart was taken in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rule {
    pub recogniser: Recogniser,
    pub detail: Option<String>,
    pub suffixed: bool,
}

impl Rule {
    /// The rule of `recogniser` alone.
    pub fn new(recogniser: Recogniser) -> Rule {
        Rule {
            recogniser,
            detail: None,
            suffixed: false,
        }
    }

    /// The rule of `recogniser` matching on `detail`.
    pub fn with(recogniser: Recogniser, detail: impl Into<String>) -> Rule {
        Rule {
            recogniser,
            detail: Some(detail.into()),
            suffixed: false,
        }
    }

    /// Whether the mention was found by `recogniser`.
    pub fn is(&self, recogniser: Recogniser) -> bool {
        self.recogniser == recogniser
    }
}

impl From<Recogniser> for Rule {
    fn from(recogniser: Recogniser) -> Rule {
        Rule::new(recogniser)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.recogniser.name())?;
        if let Some(d) = &self.detail {
            write!(f, ":{d}")?;
        }
        if self.suffixed {
            f.write_str("+suffix")?;
        }
        Ok(())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_recogniser_has_one_row_and_names_are_unique() {
        let mut names: Vec<&str> = RECOGNISERS.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), RECOGNISERS.len());
        for (i, r) in RECOGNISERS.iter().enumerate() {
            assert_eq!(r.recogniser as usize, i, "{} out of order", r.name);
            assert_eq!(r.recogniser.info(), r);
        }
    }

    #[test]
    fn rules_print_as_provenance_names() {
        let mut r = Rule::with(Recogniser::Lexicon, "ontology/lexicon/places.tsv");
        assert_eq!(r.to_string(), "lexicon:ontology/lexicon/places.tsv");
        r.suffixed = true;
        assert_eq!(r.to_string(), "lexicon:ontology/lexicon/places.tsv+suffix");
        assert_eq!(Rule::new(Recogniser::Model).to_string(), "model:ner");
    }
}

//! The immutable resources every stage reads: lexicons, rule lists and, for
//! commands that segment, the jieba segmenter and the name tagger.
//!
//! Input: the loaded data of [`crate::data`].
//! Output: one [`Resources`] value, built once and passed by reference.
//! Invariant: loading never panics; malformed data is an error naming file and line.

use crate::data::{Data, Idf, Lexicon, Rules, load_lexicon_from, load_rules_from};
use crate::error::Result;
use crate::model::{Build, EntityType};
use crate::ner::Tagger;
use jieba_rs::Jieba;

/// Everything the pipeline reads, loaded once.
pub struct Resources {
    pub lexicon: Lexicon,
    pub rules: Rules,
    /// The segmenter, present only when loaded for a command that segments.
    pub jieba: Option<Jieba>,
    /// The name tagger, loaded with the segmenter when a model is shipped.
    pub tagger: Option<Tagger>,
    /// Keyword weights, loaded with the segmenter.
    pub idf: Option<Idf>,
    /// The extraction version these resources give (see [`Data::version`])
    /// and the user lexicons they hold.
    pub build: Build,
}

/// Two characters an empty segmenter does not know.
const WARM_UP: &str = "\u{4e00}\u{4e01}";

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
        Resources::load_from(&Data::builtin(), segment, tagger)
    }

    /// As [`Resources::load_with`], from `data` instead of the built-in files.
    pub fn load_from(data: &Data, segment: bool, tagger: bool) -> Result<Resources> {
        // The segmenter's dictionary, the longest step, and everything else
        // (text data, tagger, keyword weights, the version digest) are
        // independent: they are built side by side, and the lexicon's forms
        // join the segmenter at the end.
        let (lexicon, rules, tagger, idf, version, jieba) = std::thread::scope(|scope| {
            let text = scope.spawn(|| -> Result<_> {
                let lexicon = load_lexicon_from(data)?;
                let rules = load_rules_from(data)?;
                let tagger = match (tagger, data.model.is_empty()) {
                    (true, false) => Some(Tagger::load(data.model.as_ref(), &data.model_name)?),
                    _ => None,
                };
                let idf = match segment {
                    true => {
                        // jieba reads its part-of-speech model when a word it
                        // does not know is first tagged; tagging one here
                        // takes that off the first article's path.
                        Jieba::empty().tag(WARM_UP, true);
                        Some(Idf::new(data.idf.1.clone(), &data.idf.0)?)
                    }
                    false => None,
                };
                Ok((lexicon, rules, tagger, idf, data.version()))
            });
            let jieba = segment.then(Jieba::new);
            let text = text.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            let (lexicon, rules, tagger, idf, version) = text?;
            let jieba = jieba.map(|mut jieba| {
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
            Ok::<_, crate::error::Error>((lexicon, rules, tagger, idf, version, jieba))
        })?;
        Ok(Resources {
            lexicon,
            rules,
            jieba,
            tagger,
            idf,
            build: Build {
                version,
                user_lexicons: data.user_lexicons.iter().map(|(f, _)| f.clone()).collect(),
            },
        })
    }
}

//! Tagging: an article's paragraphs and tokens → the lexicon's matches and
//! the trained tagger's names in each paragraph.
//!
//! Input: a structured [`Article`], its [`Segmented`] tokens and the loaded
//! [`Resources`].
//! Output: one [`Tagged`] per paragraph, in paragraph order: the lexicon
//! entries found in its text and the name spans the tagger labels, in
//! characters, end exclusive.
//! Invariant: the tagger reads the tokens already segmented and the matches
//! found here; extraction reads both and finds neither again.

use crate::data::lexicon::LexMatch;
use crate::model::{Article, EntityType, Segmented};
use crate::ner::Context;
use crate::resources::Resources;

/// One paragraph's lexicon matches and tagged names.
#[derive(Debug, Default)]
pub struct Tagged<'r> {
    /// The lexicon's matches in the paragraph text.
    pub matches: Vec<LexMatch<'r>>,
    /// The trained tagger's names: start, end and class.
    pub names: Vec<(usize, usize, EntityType)>,
}

/// Tags every paragraph of `article`, whose tokens are `words`.
pub fn tag<'r>(article: &Article, words: &Segmented, res: &'r Resources) -> Vec<Tagged<'r>> {
    article
        .paragraphs
        .iter()
        .zip(&words.tokens)
        .map(|(p, tokens)| {
            let text = &p.text.text;
            let matches = res.lexicon.find(text);
            let names = match &res.tagger {
                Some(tagger) => {
                    let chars: Vec<char> = text.chars().collect();
                    let words: Vec<(usize, usize, &str)> = tokens
                        .iter()
                        .map(|t| (t.start, t.end, t.tag.as_str()))
                        .collect();
                    let ctx = Context {
                        lexicon: &res.lexicon,
                        rules: &res.rules,
                        jieba: res.jieba.as_ref(),
                        matches: Some(&matches),
                    };
                    tagger.tag(&chars, &ctx, &words)
                }
                None => Vec::new(),
            };
            Tagged { matches, names }
        })
        .collect()
}

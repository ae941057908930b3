//! Segmentation: paragraph text → words with part-of-speech tags.
//!
//! Input: a paragraph's cleaned text and the jieba segmenter (with the
//! lexicon's user dictionary).
//! Output: [`Token`]s with character offsets into that text.
//! Invariant: tokens are in order, do not overlap and cover the text.

use crate::model::Token;
use jieba_rs::Jieba;

/// Segments and tags `text`.
pub fn segment(jieba: &Jieba, text: &str) -> Vec<Token> {
    jieba
        .tag(text, true)
        .into_iter()
        .map(|t| Token {
            word: t.word.to_string(),
            tag: t.tag.to_string(),
            start: t.start,
            end: t.end,
        })
        .collect()
}

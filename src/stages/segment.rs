//! Segmentation: an article → the words of each paragraph, with
//! part-of-speech tags, and the article's keywords.
//!
//! Input: a structured [`Article`] and the resources with the jieba segmenter
//! (whose user dictionary holds the lexicon's forms).
//! Output: [`Segmented`]: [`Token`]s per paragraph, in characters of the
//! paragraph text, and the TF-IDF keywords of the body, counted over those
//! same words.
//! Invariant: tokens are in order, do not overlap and cover the text; without
//! a segmenter there are no tokens and no keywords.

use crate::model::{Article, BlockKind, EntityType, Segmented, Token};
use crate::resources::Resources;
use jieba_rs::Jieba;
use rustc_hash::FxHashMap as HashMap;

/// How many keywords of an article become concepts.
const KEYWORDS: usize = 6;

/// Segments every paragraph of `article` and finds its keywords.
pub fn segment_article(article: &Article, res: &Resources) -> Segmented {
    let tokens: Vec<Vec<Token>> = article
        .paragraphs
        .iter()
        .map(|p| match &res.jieba {
            Some(j) => segment(j, &p.text.text),
            None => Vec::new(),
        })
        .collect();
    let keywords = keywords(article, &tokens, res);
    Segmented { tokens, keywords }
}

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

/// The article's most characteristic nouns by TF-IDF.
fn keywords(article: &Article, tokens: &[Vec<Token>], res: &Resources) -> Vec<String> {
    let (Some(jieba), Some(idf)) = (&res.jieba, &res.idf) else {
        return Vec::new();
    };
    // Term frequencies of the body's nouns of two or more characters that
    // the dictionary knows (no words the segmenter guessed).
    let mut counts: HashMap<&str, u64> = HashMap::default();
    let body = article
        .paragraphs
        .iter()
        .zip(tokens)
        .filter(|(p, _)| p.kind == BlockKind::Body);
    for t in body.flat_map(|(_, ts)| ts) {
        if res.rules.keyword_tags.contains(&t.tag)
            && t.word.chars().nth(1).is_some()
            && jieba.has_word(&t.word)
        {
            *counts.entry(t.word.as_str()).or_default() += 1;
        }
    }
    let total: u64 = counts.values().sum();
    let mut scored: Vec<(f64, &str)> = counts
        .iter()
        .map(|(w, &tf)| (tf as f64 * idf.get(w) / total as f64, *w))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.truncate(KEYWORDS);
    scored
        .into_iter()
        .map(|(_, k)| k.to_string())
        .filter(|k| {
            k.chars().count() >= 4
                && !res.rules.entity_stopwords.contains(k)
                && !res.rules.titles.contains(k)
                && !res.rules.not_name_parts.contains(k)
                && !res
                    .rules
                    .triggers
                    .iter()
                    .any(|(w, _)| k.ends_with(w.as_str()) || k.starts_with(w.as_str()))
        })
        .filter(|k| {
            res.lexicon
                .get(k)
                .is_none_or(|e| e.entity_type == EntityType::Concept)
        })
        .collect()
}

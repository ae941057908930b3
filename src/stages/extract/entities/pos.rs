//! Candidates from the part-of-speech tags of the segmenter (`nr`, `ns`, `nt`).
//!
//! Input: a paragraph ([`Para`]): its text, tokens and the resources.
//! Output: candidates pushed onto the list.
//! Invariant: a tagged word becomes a candidate only with the context its class needs.

use super::*;
use crate::data::TurnRole;
use crate::data::looks_like_name;
use crate::model::{EntityType, Recogniser, Rule, Token};

/// Names tagged by the segmenter: persons (with context), places (with a
/// place head), organisations.
pub(super) fn tagged(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    let r = &res.rules;
    let is_title = |t: Option<&Token>| t.is_some_and(|t| r.titles.contains(&t.word));
    let is_speech = |t: Option<&Token>| t.is_some_and(|t| r.speech_verbs.contains(&t.word));
    for (k, t) in tokens.iter().enumerate() {
        let n = t.char_len();
        let prev = k.checked_sub(1).and_then(|i| tokens.get(i));
        let next = tokens.get(k + 1);
        let ty = match t.tag.as_str() {
            "nr" | "nrfg" if surname_and_title(&t.word, res) => continue,
            "nr" | "nrfg" if looks_like_name(&t.word, r) => {
                let context = is_title(prev)
                    || is_title(next)
                    || is_speech(next)
                    || prev.is_some_and(|p| {
                        p.tag == "nt"
                            || p.word == " "
                            || r.turn_label(&p.word) == Some(TurnRole::Reporter)
                    });
                let oov = n == 3 && res.jieba.as_ref().is_some_and(|j| !j.has_word(&t.word));
                if !(context || oov) || common_word_name(&t.word, res) {
                    continue;
                }
                EntityType::Person
            }
            // 严义埙/n: a three-character word the segmenter made up from a
            // surname and two characters, between words that end a name.
            "n" if n == 3
                && looks_like_name(&t.word, r)
                && res.jieba.as_ref().is_some_and(|j| !j.has_word(&t.word))
                && !noun_ending(&t.word, r)
                && !common_word_name(&t.word, res)
                && prev.is_none_or(|p| {
                    p.word.chars().any(is_break)
                        || is_title(Some(p))
                        || p.tag.starts_with('u')
                        || p.tag == "v"
                })
                && next.is_none_or(|p| {
                    p.word.chars().any(is_break)
                        || is_speech(Some(p))
                        || matches!(p.tag.as_str(), "v" | "uj" | "ul" | "p" | "c" | "d")
                }) =>
            {
                EntityType::Person
            }
            "nrt" | "nr" if n >= 2 && (is_title(prev) || is_speech(next)) => EntityType::Person,
            "nt" if n >= 3
                && r.institution_suffixes
                    .suffixes_of(&t.word)
                    .any(|s| t.char_len() > s.chars().count()) =>
            {
                EntityType::Institution
            }
            _ => continue,
        };
        if r.entity_stopwords.contains(&t.word) || res.lexicon.get(&t.word).is_some() {
            continue;
        }
        // 赵华说: a name the segmenter joined to the speech verb after it.
        let (end, label) = match r.speech_verbs.iter().find(|v| {
            t.word.ends_with(v.as_str()) && looks_like_name(&t.word[..t.word.len() - v.len()], r)
        }) {
            Some(v) => {
                let name = &t.word[..t.word.len() - v.len()];
                (t.start + name.chars().count(), name.to_string())
            }
            None => (t.end, t.word.clone()),
        };
        out.push(Cand {
            start: t.start,
            end,
            entity_type: ty,
            label,
            rule: Rule::with(Recogniser::Pos, t.tag.as_str()),
            nested: false,
        });
    }
}

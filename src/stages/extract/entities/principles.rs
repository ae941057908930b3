//! Principles: the short terms a verb of advocacy names.
//!
//! Input: a paragraph ([`Para`]): its text, tokens and the resources.
//! Output: concept candidates for each member of the list after 坚持, 秉持,
//! 倡导 (坚持伦理先行；秉持以人为本、智能向善理念).
//! Invariant: a member lies on token boundaries, holds 3 to 8 characters of
//! CJK text and does not open with a function word (a word of
//! `principle_words.txt` is none, whatever its tag) or a second verb of
//! advocacy (倡导坚持…: that verb names the list); the list ends at a clause
//! break, a list end, a copula or a principle head, or nothing is found. A single
//! principle phrased with 的 and closed by its head is one term of at most 12
//! characters (以人民为中心的发展思想).

use super::*;
use crate::model::{EntityType, Recogniser, Rule};

/// The longest list of principles looked at.
const MAX_MEMBERS: usize = 8;
/// The longest principle phrased with 的 and its head (以人民为中心的发展思想).
const MAX_HEADED_CHARS: usize = 12;

/// Concept candidates for the principles listed after a verb of advocacy.
pub(super) fn principles(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (chars, tokens, rules) = (&p.chars[..], p.tokens, &p.res.rules);
    let advocacy = |word: &str| rules.predicates(word).any(|pred| pred == "advocates");
    for (k, tok) in tokens.iter().enumerate() {
        if !advocacy(&tok.word) {
            continue;
        }
        let mut members: Vec<(usize, usize)> = Vec::new();
        let mut start = tok.end;
        let mut j = k + 1;
        let closed = loop {
            // One member: tokens up to a coordinator, a break or a head.
            let first = j;
            while j < tokens.len()
                && !tokens[j]
                    .word
                    .chars()
                    .all(|c| rules.single_coordinators.contains(&c))
                && !tokens[j].word.chars().any(is_break)
                && !rules.list_ends.contains(&tokens[j].word)
                && !rules.principle_heads.contains(&tokens[j].word)
                && !rules.copulas.contains(&tokens[j].word)
            {
                j += 1;
            }
            if j == first || first >= tokens.len() {
                break false;
            }
            let end = tokens[j - 1].end;
            let len = end - start;
            let modifier = tokens[first..j].iter().any(|t| {
                t.word
                    .chars()
                    .all(|c| rules.attributive_particles.contains(&c))
            });
            // 倡导坚持多边参与: the inner verb names the principles.
            if members.is_empty() && advocacy(&tokens[first].word) {
                break false;
            }
            let function_word = rules.principle_openers.contains(&tokens[first].tag)
                && !rules.principle_words.contains(&tokens[first].word);
            let opener = modifier
                || function_word
                || rules.prepositions.iter().any(|w| *w == tokens[first].word);
            // 坚持以人民为中心的发展思想: one principle phrased with 的 and
            // closed by its head is a term as a whole.
            let headed = tokens
                .get(j)
                .filter(|t| rules.principle_heads.contains(&t.word))
                .map(|t| t.end);
            if let Some(head_end) = headed
                && modifier
                && members.is_empty()
                && head_end - start <= MAX_HEADED_CHARS
                && !function_word
                && chars[start..head_end].iter().all(|&c| is_cjk(c))
            {
                members.push((start, head_end));
                break true;
            }
            if !(3..=8).contains(&len) || opener || !chars[start..end].iter().all(|&c| is_cjk(c)) {
                break false;
            }
            members.push((start, end));
            let Some(next) = tokens.get(j) else {
                break true;
            };
            let coordinator = next
                .word
                .chars()
                .all(|c| rules.single_coordinators.contains(&c));
            if !coordinator || members.len() == MAX_MEMBERS {
                break !coordinator;
            }
            j += 1;
            match tokens.get(j) {
                Some(t) => start = t.start,
                None => break false,
            }
        };
        if !closed {
            continue;
        }
        for (s, e) in members {
            let label: String = chars[s..e].iter().collect();
            if rules.entity_stopwords.contains(&label) {
                continue;
            }
            out.push(Cand {
                start: s,
                end: e,
                entity_type: EntityType::Concept,
                label,
                rule: Rule::with(Recogniser::Principle, tok.word.as_str()),
                nested: false,
            });
        }
    }
}

//! Names grown from their heads: institution, initiative and concept heads and the words before them.
//!
//! Input: a paragraph ([`Para`]): its text, tokens and the resources.
//! Output: candidates pushed onto the list.
//! Invariant: a grown name ends with its head and holds only name parts.

use super::*;
use crate::model::{EntityType, Recogniser, Rule, Token};
use crate::resources::Resources;

/// The class a name gets from its head word, if any.
pub(super) fn head_type(name: &str, res: &Resources) -> Option<EntityType> {
    if let Some(e) = res.lexicon.get(name) {
        return Some(e.entity_type);
    }
    let r = &res.rules;
    let inst = r.institution_suffixes.suffixes_of(name).next();
    let init = r.initiative_suffixes.suffixes_of(name).next();
    match (inst, init) {
        (Some(a), Some(b)) if a.len() >= b.len() => Some(EntityType::Institution),
        (Some(_), None) => Some(EntityType::Institution),
        (_, Some(_)) => Some(EntityType::Initiative),
        _ => None,
    }
}

/// Whether a token may stand inside a proper name grown from its head.
pub(super) fn name_part(t: &Token, res: &Resources) -> bool {
    let r = &res.rules;
    if t.word.chars().any(is_break)
        || r.determiners.contains(&t.word)
        || r.post_verbs.contains(&t.word)
        || r.unit_verbs.contains(&t.word)
        || r.predicates(&t.word).next().is_some()
        || r.speech_verbs.contains(&t.word)
        || r.not_name_parts.contains(&t.word)
    {
        return false;
    }
    if res.lexicon.get(&t.word).is_some() || res.rules.name_parts.contains(&t.word) {
        return true;
    }
    if t.tag == "m" {
        return ordinal(&t.word, &res.rules);
    }
    matches!(
        t.tag.as_str(),
        "n" | "nz"
            | "nt"
            | "ns"
            | "nr"
            | "nrt"
            | "vn"
            | "j"
            | "b"
            | "an"
            | "eng"
            | "m"
            | "q"
            | "nrfg"
    )
}

/// Whether a token is a proper element that makes a grown name specific.
pub(super) fn proper(t: &Token, res: &Resources) -> bool {
    matches!(
        t.tag.as_str(),
        "nt" | "ns" | "nz" | "nr" | "nrt" | "j" | "eng"
    ) || (t.tag == "m" && ordinal(&t.word, &res.rules))
        || res
            .lexicon
            .get(&t.word)
            .is_some_and(|e| e.entity_type != EntityType::Concept)
}

/// A number that can open a name: a year (2025), an ordinal (第二十三次, 首届, 二十届).
pub(super) fn ordinal(w: &str, rules: &crate::data::Rules) -> bool {
    let o = &rules.ordinals;
    // 第三十五条, 第二个, 一届: article numbers and counts are not part of names.
    if o.not_suffix.iter().any(|c| w.ends_with(*c))
        || o.not_prefix.iter().any(|c| w.starts_with(*c))
    {
        return false;
    }
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        || o.prefix.iter().any(|c| w.starts_with(*c))
        || o.suffix.iter().any(|c| w.ends_with(*c))
}

/// Where a head word `suffix` ending at token `k` starts: the index of the
/// token it starts at, or `k` when it ends inside token `k`.
pub(super) fn head_start(
    tokens: &[Token],
    k: usize,
    suffix: &str,
    res: &Resources,
) -> Option<usize> {
    let tok = &tokens[k];
    let n = suffix.chars().count();
    if tok.word.ends_with(suffix) {
        // 后备干部, 中南部, 交界处: the word ends as a common word does.
        let chars: Vec<char> = tok.word.chars().collect();
        let ends_as_word = (2..=3).any(|n| {
            let tail: String = chars[chars.len().saturating_sub(n)..].iter().collect();
            res.rules.not_heads.contains(&tail)
        });
        if ends_as_word {
            return None;
        }
        // 主持会议, 出席论坛: a verb of the rules with its object is no name.
        let before = &tok.word[..tok.word.len() - suffix.len()];
        let r = &res.rules;
        if !before.is_empty()
            && (r.predicates(before).next().is_some()
                || r.speech_verbs.contains(before)
                || r.post_verbs.contains(before))
        {
            return None;
        }
        if tok.word == suffix || tok.tag == "nt" {
            return Some(k);
        }
        // A longer word ending with the head must itself be a noun (not 明确规定).
        if !matches!(tok.tag.as_str(), "n" | "nz" | "nt" | "vn" | "j" | "ns") {
            return None;
        }
        if n > 1 {
            return Some(k);
        }
        // 政策法规司, 秘书局: a word of three or more ending with a one-character
        // head, unless its end is a word of its own (新格局).
        let tail: String = chars[chars.len().saturating_sub(2)..].iter().collect();
        let known = |w: &str| res.jieba.as_ref().is_some_and(|j| j.has_word(w));
        return (chars.len() >= 3 && (known(&tok.word) || !known(&tail))).then_some(k);
    }
    // A head spanning several tokens (集体 + 学习).
    let start = tok.end.checked_sub(n)?;
    let j = (0..k)
        .rev()
        .take_while(|&j| tokens[j].start >= start)
        .find(|&j| tokens[j].start == start)?;
    let joined: String = tokens[j..=k].iter().map(|t| t.word.as_str()).collect();
    (joined == suffix).then_some(j)
}

/// Whether token `i` is a one-character place abbreviation paired with the
/// place after it (中/美 in 中美对话).
fn abbreviation_pair(tokens: &[Token], i: usize, res: &Resources) -> bool {
    let abbr = |w: &str| {
        let mut cs = w.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if res.rules.place_abbreviations.contains_key(&c))
    };
    abbr(&tokens[i].word)
        && tokens
            .get(i + 1)
            .is_some_and(|n| abbr(&n.word) || (n.tag == "ns" && n.char_len() == 1))
}

/// Institutions and initiatives grown leftwards from a head word.
pub(super) fn grown(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    let r = &res.rules;
    for k in 0..tokens.len() {
        let heads = [
            (EntityType::Institution, &r.institution_suffixes),
            (EntityType::Initiative, &r.initiative_suffixes),
        ];
        // A head ends where the token ends: its last character is the token's.
        let Some(last) = tokens[k].word.chars().next_back() else {
            continue;
        };
        let found = heads.iter().find_map(|(ty, suffixes)| {
            suffixes
                .ending_with(last)
                .find_map(|s| head_start(tokens, k, s, res).map(|h| (*ty, s, h)))
        });
        let Some((ty, suffix, h)) = found else {
            continue;
        };
        // A head used as a verb (组织召开, 规定) names nothing.
        if h == k && tokens[k].word == **suffix && tokens[k].tag.starts_with('v') {
            continue;
        }
        let mut j = h;
        while j > 0 && k - j < 10 {
            let t = &tokens[j - 1];
            // 政治与国际关系学院, 党史和文献研究院: a conjunction between plain nouns.
            let conj = r.name_conjunctions.contains(&t.word)
                && ty == EntityType::Institution
                && j >= 2
                && tokens[j - 2].tag == "n"
                && tokens[j].tag == "n"
                && !r
                    .institution_suffixes
                    .iter()
                    .any(|s| tokens[j - 2].word.ends_with(s.as_str()));
            // 中国—东盟博览会: a dash between two parties.
            let dash = t
                .word
                .chars()
                .all(|c| crate::script::NAME_DASHES.contains(&c))
                && j >= 2
                && proper(&tokens[j - 2], res)
                && proper(&tokens[j], res);
            if !(conj || dash || abbreviation_pair(tokens, j - 1, res) || name_part(t, res)) {
                break;
            }
            j -= 1;
        }
        // Counters, lone characters and plain numbers cannot open a name.
        while j < h
            && (tokens[j].tag == "q"
                || (tokens[j].tag == "m" && !ordinal(&tokens[j].word, &res.rules))
                || (tokens[j].char_len() == 1
                    && !proper(&tokens[j], res)
                    && !abbreviation_pair(tokens, j, res)))
        {
            j += 1;
        }
        let start = tokens[j].start;
        let end = tokens[k].end;
        let name: String = tokens[j..=k].iter().map(|t| t.word.as_str()).collect();
        let len = end - start;
        if !(3..=30).contains(&len) || r.entity_stopwords.contains(&name) || name == *suffix {
            continue;
        }
        // 某协会倡议更多企业…: an actor followed by a head used as a verb.
        let actor_only = h == j + 1
            && r.verb_heads.contains(suffix.as_str())
            && (tokens[j].tag == "nt"
                || res
                    .lexicon
                    .get(&tokens[j].word)
                    .is_some_and(|e| e.entity_type.is_agent()))
            && tokens
                .get(k + 1)
                .is_some_and(|t| !t.word.chars().any(is_break) && t.tag != "uj");
        if actor_only && ty == EntityType::Initiative {
            continue;
        }
        // 某某办公室, 某某政府: a person's office is not an institution name.
        if h == j + 1 && matches!(tokens[j].tag.as_str(), "nr" | "nrt" | "nrfg") {
            continue;
        }
        let opened = len >= 5 && r.name_openers.contains(&tokens[j].word);
        let specific = tokens[j..=k].iter().any(|t| proper(t, res))
            || opened
            || (ty == EntityType::Initiative && len >= 6 && h >= j + 2);
        if !specific {
            continue;
        }
        let label = res
            .lexicon
            .get(&name)
            .map_or(name.clone(), |e| e.label.clone());
        out.push(Cand {
            start,
            end,
            entity_type: ty,
            label,
            rule: Rule::with(Recogniser::Head, suffix.as_str()),
            nested: false,
        });
        if ty == EntityType::Institution {
            nested_parent(&name, start, tokens, j, h, res, out);
        }
    }
}

/// The institution a sub-unit belongs to: 北京大学 in 北京大学国际关系学院.
pub(super) fn nested_parent(
    name: &str,
    start: usize,
    tokens: &[Token],
    j: usize,
    h: usize,
    res: &Resources,
    out: &mut Vec<Cand>,
) {
    let n = name.chars().count();
    let from_lexicon = res
        .lexicon
        .find(name)
        .into_iter()
        .filter(|m| m.start == 0 && m.end < n && m.entry.entity_type == EntityType::Institution)
        .max_by_key(|m| m.end)
        .map(|m| (m.end, m.entry.label.clone()));
    let from_tokens = || {
        (j..h).rev().find_map(|m| {
            let t = &tokens[m];
            let inner = t.tag == "nt"
                || res
                    .rules
                    .institution_suffixes
                    .iter()
                    .any(|s| s.chars().count() >= 2 && t.word.ends_with(s.as_str()));
            (inner && t.end - start >= 3).then(|| {
                let parent: String = tokens[j..=m].iter().map(|t| t.word.as_str()).collect();
                let label = res
                    .lexicon
                    .get(&parent)
                    .map_or(parent.clone(), |e| e.label.clone());
                (t.end - start, label)
            })
        })
    };
    if let Some((len, label)) = from_lexicon.or_else(from_tokens) {
        out.push(Cand {
            start,
            end: start + len,
            entity_type: EntityType::Institution,
            label,
            rule: Rule::new(Recogniser::Nested),
            nested: true,
        });
    }
}

/// Policy terms: a noun compound ending with a concept head.
pub(super) fn concepts(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    for (k, tok) in tokens.iter().enumerate() {
        let Some(suffix) = res.rules.concept_suffixes.suffixes_of(&tok.word).next() else {
            continue;
        };
        // A known term ending with the head (人工智能) is the lexicon's to find;
        // growing it would give 全球人工智能.
        if tok.word != *suffix && res.lexicon.get(&tok.word).is_some() {
            continue;
        }
        let mut j = k;
        while j > 0
            && k - j < 4
            && (matches!(tokens[j - 1].tag.as_str(), "n" | "vn" | "nz" | "b" | "an")
                || res.rules.name_parts.contains(&tokens[j - 1].word))
            && !tokens[j - 1].word.chars().any(is_break)
            && tok.end - tokens[j - 1].start <= 10
        {
            j -= 1;
        }
        let start = tokens[j].start;
        let len = tok.end - start;
        if !(4..=10).contains(&len) || (j == k && tok.word == *suffix) {
            continue;
        }
        let name: String = tokens[j..=k].iter().map(|t| t.word.as_str()).collect();
        if res.rules.entity_stopwords.contains(&name) {
            continue;
        }
        // 倡导人类命运共同体理念, 坚持以人为本、智能向善理念: the principles
        // listed are the concepts, not the list with its head.
        let listed = j > 0 && {
            let prev = &tokens[j - 1].word;
            res.rules
                .single_coordinators
                .iter()
                .any(|c| prev.chars().eq([*c]))
                || res.rules.predicates(prev).any(|pred| pred == "advocates")
        };
        if listed && res.rules.principle_heads.contains(suffix) {
            continue;
        }
        out.push(Cand {
            start,
            end: tok.end,
            entity_type: EntityType::Concept,
            label: name,
            rule: Rule::with(Recogniser::ConceptHead, suffix.as_str()),
            nested: false,
        });
    }
}

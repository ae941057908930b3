//! Candidates from the trained name tagger's names.
//!
//! Input: a paragraph ([`Para`]): its text, tokens, the names the tag stage
//! labelled in it, and the resources.
//! Output: candidates pushed onto the list.
//! Invariant: a name becomes a candidate only where the text and the rule
//! lists bear it out; the tagger itself ran in the tag stage.

use super::*;
use crate::data::looks_like_name;
use crate::model::{EntityType, Recogniser, Rule, Token};
use crate::resources::Resources;

/// Names the trained tagger found (persons, places, organisations) that
/// the text bears out.
pub(super) fn tagged_by_model(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (chars, tokens, res) = (&p.chars[..], p.tokens, p.res);
    for &(start, end, ty) in p.model_names {
        let surface: String = chars[start..end].iter().collect();
        // 薛埠镇: a person ending with an administrative unit is a place.
        let ty = if ty == EntityType::Person
            && end - start >= 3
            && res.rules.administrative_suffixes.contains(&chars[end - 1])
            && res
                .rules
                .institution_suffixes
                .suffixes_of(&surface)
                .next()
                .is_none()
        {
            EntityType::Place
        } else {
            ty
        };
        if res.rules.entity_stopwords.contains(&surface) {
            continue;
        }
        // 甲会同乙: a word that never stands inside a name joins two.
        if ty != EntityType::Person
            && tokens[tokens.partition_point(|t| t.start < start)..]
                .iter()
                .take_while(|t| t.end <= end)
                .any(|t| res.rules.not_name_parts.contains(&t.word))
        {
            continue;
        }
        // Foreign names and places are written in transliteration characters.
        let transliterated = surface
            .chars()
            .all(|c| res.rules.transliteration.contains(&c));
        // A one-character place is an abbreviation (美, 京) standing for a known place.
        let abbreviation = match chars[start..end] {
            [c] if ty == EntityType::Place => match res.rules.place_abbreviations.get(&c) {
                Some(place) if abbreviation_in_word(chars, tokens, start, res) => {
                    Some(place.clone())
                }
                _ => continue,
            },
            [_] => continue,
            _ => None,
        };
        // A place must be known, carry a place head, or be tagged a place name
        // by the segmenter (not 伦理, 关联).
        if ty == EntityType::Place && abbreviation.is_none() {
            let known = res
                .lexicon
                .get(&surface)
                .is_some_and(|e| e.entity_type == EntityType::Place);
            let headed = end - start >= 2
                && res
                    .rules
                    .place_suffixes
                    .iter()
                    .any(|s| surface.ends_with(s.as_str()));
            let known_word = |w: &str| res.jieba.as_ref().is_some_and(|j| j.has_word(w));
            // A two-character dictionary word the segmenter tags as a place
            // is often none (关联, 嘉宾).
            let tagged = tokens.iter().any(|t| {
                t.start < end
                    && start < t.end
                    && t.tag == "ns"
                    && (t.end - t.start >= 3 || !known_word(&t.word))
            });
            // Foreign places are written in transliteration characters (波恩, 德班).
            // 契约 is written in such characters too, but is a word.
            let foreign = transliterated && (end - start >= 3 || !known_word(&surface));
            if !(known || headed || tagged || foreign) {
                continue;
            }
        }
        // A person must look like a name, not be a common word (普惠, 科普).
        if ty == EntityType::Person && !person_evidence(&surface, start, end, tokens, res) {
            continue;
        }
        if ty == EntityType::Institution
            && let Some((n, place)) = government_phrase(&surface, res)
        {
            out.push(Cand {
                start,
                end: start + n,
                entity_type: EntityType::Place,
                label: place,
                rule: Rule::new(Recogniser::Model),
                nested: false,
            });
            continue;
        }
        // 陈老师: the model's span runs into the honorific.
        let (end, surface) = match ty {
            EntityType::Person => match res
                .rules
                .honorifics
                .iter()
                .chain(&res.rules.titles)
                .chain(&res.rules.speech_verbs)
                .find(|h| surface.ends_with(h.as_str()) && surface.len() > h.len())
            {
                // 老总: what is left is no name.
                Some(h) if surface.chars().count() < h.chars().count() + 2 => continue,
                Some(h) => {
                    let kept = &surface[..surface.len() - h.len()];
                    (start + kept.chars().count(), kept.to_string())
                }
                None => (end, surface),
            },
            _ => (end, surface),
        };
        let label = abbreviation.unwrap_or_else(|| {
            res.lexicon
                .get(&surface)
                .map_or_else(|| label_of(&surface), |e| e.label.clone())
        });
        out.push(Cand {
            start,
            end,
            entity_type: ty,
            label,
            rule: Rule::new(Recogniser::Model),
            nested: false,
        });
    }
}

/// Whether the tagger's person `surface` at `start..end` is plausible: it
/// looks like a name, the segmenter tags it as one, or a post or honorific
/// stands next to it (总理科尔, 素林外长); and it is no common word (普惠,
/// 白皮书) or noun (鲁棒性).
pub(super) fn person_evidence(
    surface: &str,
    start: usize,
    end: usize,
    tokens: &[Token],
    res: &Resources,
) -> bool {
    let r = &res.rules;
    let n = end - start;
    let word = tokens.iter().find(|t| t.start == start && t.end == end);
    let name_tag = |t: &Token| matches!(t.tag.as_str(), "nr" | "nrt" | "nrfg");
    // A name the segmenter's dictionary knows, not one it guessed (范围广).
    let known = |t: &Token| {
        name_tag(t)
            && !r.entity_stopwords.contains(&t.word)
            && res.jieba.as_ref().is_some_and(|j| j.has_word(&t.word))
    };
    let tagged_name = word.is_some_and(known)
        || (n >= 3
            && tokens
                .iter()
                .any(|t| start <= t.start && t.end <= end && t.end - t.start >= 2 && known(t)));
    let post = |t: &Token| r.titles.contains(&t.word) || r.honorifics.contains(&t.word);
    let titled = tokens
        .iter()
        .any(|t| (t.end == start || t.start == end) && post(t));
    let transliterated = surface.chars().all(|c| r.transliteration.contains(&c));
    // 张冠李戴: an idiom or set phrase is no name.
    let idiom = word.is_some_and(|t| matches!(t.tag.as_str(), "i" | "l"));
    if noun_ending(surface, r) || idiom {
        return false;
    }
    // A dictionary word of four Chinese characters after a single surname is
    // an idiom (张冠李戴, which the dictionary tags as a name), unless a post
    // vouches for it.
    let first_two: String = surface.chars().take(2).collect();
    let dictionary = res.jieba.as_ref().is_some_and(|j| j.has_word(surface));
    if n == 4 && dictionary && !transliterated && !r.surnames.contains(&first_two) && !titled {
        return false;
    }
    // 普惠繁荣: a policy word inside is no part of a name.
    let inner_stopword = tokens
        .iter()
        .any(|t| start <= t.start && t.end <= end && r.entity_stopwords.contains(&t.word));
    if inner_stopword {
        return false;
    }
    // 益普索民调, 在卡斯特利: a transliteration the dictionary does not know as
    // a name, modifying a noun or after a preposition, names a firm or place.
    if transliterated && !tagged_name && !titled && !surface.contains('·') {
        let next = tokens.iter().find(|t| t.start == end);
        let prev = tokens.iter().find(|t| t.end == start);
        let modifies = next.is_some_and(|t| matches!(t.tag.as_str(), "n" | "vn" | "nz"));
        let governed = prev.is_some_and(|t| r.prepositions.contains(&t.word));
        if modifies || governed {
            return false;
        }
    }
    let word_like = common_word_name(surface, res);
    if tagged_name && !word_like {
        return true;
    }
    // A proper-noun tag (拉宾/ns) still leaves it a name.
    let common = (word.is_some_and(|t| !matches!(t.tag.get(..2), Some("nr" | "ns" | "nz")))
        && res.jieba.as_ref().is_some_and(|j| j.has_word(surface))
        && !(n >= 3 && looks_like_name(surface, r)))
        || word_like;
    let plausible =
        looks_like_name(surface, r) || surface.contains('·') || transliterated || titled;
    !common && (plausible || n >= 3)
}

/// Whether the one character at `at` can be a place abbreviation within its
/// word: it stands alone, or next to another abbreviation (中美), after a verb
/// of visiting (访华, 在京举行), before a noun of a side (中方) or before a
/// post or government (俄总统, 俄政府), not as part of another word (加强).
pub(super) fn abbreviation_in_word(
    chars: &[char],
    tokens: &[Token],
    at: usize,
    res: &Resources,
) -> bool {
    let r = &res.rules;
    let Some(t) = tokens.iter().find(|t| t.start <= at && at < t.end) else {
        return true;
    };
    let before = (at > t.start).then(|| chars[at - 1]);
    let after = (at + 1 < t.end.min(chars.len())).then(|| chars[at + 1]);
    let abbr = |c: &char| r.place_abbreviations.contains_key(c);
    // 俄总统, 美政府: the rest of the word is a post or a government head.
    let rest: String = chars[at + 1..t.end.min(chars.len())].iter().collect();
    let headed = before.is_none()
        && !rest.is_empty()
        && (r.titles.contains(&rest) || r.government_heads.contains(&rest));
    headed
        || (before.is_none() && after.is_none())
        || before.is_some_and(|c| abbr(&c) || r.abbreviation_verbs.contains(&c))
        || after.is_some_and(|c| abbr(&c) || r.abbreviation_nouns.contains(&c))
}

//! References and abbreviations: words that stand for an entity without naming it (我国, 访华).
//!
//! Input: a paragraph ([`Para`]): its text, tokens and the resources.
//! Output: candidates pushed onto the list.
//! Invariant: a reference carries the label of the entity it stands for.

use super::*;
use crate::model::{EntityType, Recogniser, Rule};
use crate::resources::Resources;

/// Words that refer to an entity without naming it (我国, 中方): the entity,
/// marked as a reference.
pub(super) fn references(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    for t in tokens {
        let Some((_, target)) = res.rules.references.iter().find(|(w, _)| *w == t.word) else {
            continue;
        };
        let ty = res
            .lexicon
            .get(target)
            .map_or(EntityType::Place, |e| e.entity_type);
        out.push(Cand {
            start: t.start,
            end: t.end,
            entity_type: ty,
            label: res
                .lexicon
                .get(target)
                .map_or(target.clone(), |e| e.label.clone()),
            rule: Rule::new(Recogniser::Reference),
            nested: false,
        });
    }
}

/// One-character place abbreviations: in abbreviation words (中美, 印巴) and
/// after a visiting verb (访华, 在京).
pub(super) fn abbreviations(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    let r = &res.rules;
    for t in tokens {
        // Both forms are words of at most three characters.
        let n = t.char_len();
        if n > 3 {
            continue;
        }
        let mut word = ['\0'; 3];
        word.iter_mut()
            .zip(t.word.chars())
            .for_each(|(s, c)| *s = c);
        let chars = &word[..n];
        let places: Vec<usize> =
            if t.tag == "j" && chars.iter().all(|c| r.place_abbreviations.contains_key(c)) {
                (0..chars.len()).collect()
            } else if chars.len() == 2
                && r.abbreviation_verbs.contains(&chars[0])
                && r.place_abbreviations.contains_key(&chars[1])
                && t.tag.starts_with('v')
            {
                vec![1]
            } else {
                Vec::new()
            };
        for i in places {
            out.push(Cand {
                start: t.start + i,
                end: t.start + i + 1,
                entity_type: EntityType::Place,
                label: r.place_abbreviations[&chars[i]].clone(),
                rule: Rule::new(Recogniser::Abbreviation),
                nested: false,
            });
        }
    }
}

/// `中国政府`, `印度当局`: the place the phrase is about, if it is one.
pub(super) fn government_phrase(surface: &str, res: &Resources) -> Option<(usize, String)> {
    let head = res
        .rules
        .government_heads
        .iter()
        .find(|h| surface.ends_with(h.as_str()))?;
    let place = &surface[..surface.len() - head.len()];
    let n = place.chars().count();
    let label = match res.lexicon.get(place) {
        Some(e) if e.entity_type == EntityType::Place => e.label.clone(),
        _ => {
            let mut cs = place.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => res.rules.place_abbreviations.get(&c)?.clone(),
                _ => return None,
            }
        }
    };
    Some((n, label))
}

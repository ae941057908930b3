//! Place spans: region words left out, place suffixes written apart taken in.
//!
//! Input: a paragraph ([`Para`]): its text, tokens and the resources.
//! Output: candidates pushed onto the list.
//! Invariant: a grown place keeps the rule that found the name, marked as suffixed.

use super::*;
use crate::model::{EntityType, Recogniser, Rule};

/// Place mentions follow the name: a region word after it is left out
/// (亚太地区 → 亚太), and a place suffix written as a word of its own is
/// taken in (维也纳/市, 伊斯兰堡/机场). An administrative unit keeps the
/// place's label; a facility is an entity of its own.
pub(super) fn place_spans(p: &Para<'_>, cands: &mut Vec<Cand>) {
    let (chars, tokens, res) = (&p.chars[..], p.tokens, p.res);
    let r = &res.rules;
    let mut grown = Vec::new();
    for c in cands.iter_mut() {
        if c.entity_type != EntityType::Place || c.nested || c.rule.is(Recogniser::Reference) {
            continue;
        }
        let surface: String = chars[c.start..c.end].iter().collect();
        if let Some(w) = r.region_words.iter().find(|w| {
            surface.ends_with(w.as_str()) && surface.chars().count() >= w.chars().count() + 2
        }) {
            let n = w.chars().count();
            c.end -= n;
            if c.label.ends_with(w.as_str()) {
                let kept: String = c.label.chars().take(c.label.chars().count() - n).collect();
                c.label = res.lexicon.get(&kept).map_or(kept, |e| e.label.clone());
            }
            continue;
        }
        let Some(next) = tokens.iter().find(|t| t.start == c.end) else {
            continue;
        };
        let function_word = matches!(
            next.tag.get(..1),
            Some("f" | "v" | "d" | "p" | "u" | "c" | "r")
        );
        if function_word || !r.place_suffixes.contains(&next.word) {
            continue;
        }
        let administrative = next.char_len() == 1
            && next
                .word
                .chars()
                .all(|ch| r.administrative_suffixes.contains(&ch));
        let label = if administrative {
            c.label.clone()
        } else {
            chars[c.start..next.end].iter().collect()
        };
        grown.push(Cand {
            start: c.start,
            end: next.end,
            label,
            rule: Rule {
                suffixed: true,
                ..c.rule.clone()
            },
            ..c.clone()
        });
    }
    cands.extend(grown);
}

//! Candidates in title marks and quotation marks: titles (《…》) and quoted terms.
//!
//! Input: a paragraph ([`Para`]): its text, tokens and the resources.
//! Output: candidates pushed onto the list.
//! Invariant: a marked span is one candidate, typed by its head; a quoted
//! name takes the head right after it, or an event head one short word on
//! (`“算力网络”专题论坛`); a quoted term has at most 14 characters, or 24
//! when a head completes it.

use super::*;
use crate::model::{EntityType, Recogniser, Rule};

/// The longest characters a word between a quoted name and its event head
/// may have (`“算力网络”专题论坛`).
const MAX_EVENT_MODIFIER: usize = 2;
/// The longest quoted term standing alone.
const MAX_TERM: usize = 14;
/// The longest quoted name a head completes (`“清朗·2023年春节网络环境整治”专项行动`).
const MAX_HEADED_NAME: usize = 24;

/// An event head in `rest` after a short word of CJK characters: the word's
/// length in bytes and the head.
fn event_after<'r>(rest: &str, res: &'r crate::resources::Resources) -> Option<(usize, &'r str)> {
    let rules = &res.rules;
    // 在, 的, 和, 等 open a phrase or a list, not a name's modifier.
    if rules
        .prepositions
        .iter()
        .any(|w| rest.starts_with(w.as_str()))
        || rules.list_ends.iter().any(|w| rest.starts_with(w.as_str()))
    {
        return None;
    }
    let mut skip = 0;
    for c in rest.chars().take(MAX_EVENT_MODIFIER) {
        if !is_cjk(c)
            || rules.attributive_particles.contains(&c)
            || rules.single_coordinators.contains(&c)
        {
            return None;
        }
        skip += c.len_utf8();
        let after = &rest[skip..];
        if let Some(h) = res
            .rules
            .event_heads
            .iter()
            .filter(|h| h.chars().count() >= 2 && after.starts_with(h.as_str()))
            .max_by_key(|h| h.len())
        {
            return Some((skip, h.as_str()));
        }
    }
    None
}

/// Titles in 《》 and short terms in “” (not speech).
pub(super) fn marked(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (chars, res) = (&p.chars[..], p.res);
    let mut i = 0;
    while i < chars.len() {
        let (open, close) = match chars[i] {
            '《' => ('《', '》'),
            '“' => ('“', '”'),
            _ => {
                i += 1;
                continue;
            }
        };
        let Some(len) = chars[i + 1..].iter().take(40).position(|&c| c == close) else {
            i += 1;
            continue;
        };
        let inner: String = chars[i + 1..i + 1 + len].iter().collect();
        let mut end = i + len + 2;
        let n = inner.chars().count();
        if open == '《' {
            // A newspaper or journal in the lexicon keeps its class.
            let ty = res
                .lexicon
                .get(&inner)
                .map(|e| e.entity_type)
                .unwrap_or(EntityType::Initiative);
            let label = res
                .lexicon
                .get(&inner)
                .map_or(inner.clone(), |e| e.label.clone());
            if n >= 2 {
                out.push(Cand {
                    start: i,
                    end,
                    entity_type: ty,
                    label,
                    rule: Rule::new(Recogniser::TitleMarks),
                    nested: false,
                });
            }
        } else if (2..=MAX_HEADED_NAME).contains(&n) && !inner.chars().any(is_break) {
            // “十五五”规划纲要: a quoted name completed by the head after it.
            let rest: String = chars[end..chars.len().min(end + 6)].iter().collect();
            let head = res
                .rules
                .initiative_suffixes
                .iter()
                .chain(res.rules.institution_suffixes.iter())
                .filter(|s| rest.starts_with(s.as_str()))
                .max_by_key(|s| s.len());
            let mut name = inner.clone();
            if let Some(h) = head.filter(|h| h.chars().count() >= 2) {
                name.push_str(h);
                end += h.chars().count();
            } else if let Some((skip, h)) = event_after(&rest, res) {
                // “算力网络”专题论坛: a word between the mark and an event head.
                name.push_str(&rest[..skip]);
                name.push_str(h);
                end += rest[..skip].chars().count() + h.chars().count();
            } else if n > MAX_TERM {
                // A long quotation without a head is speech or a slogan.
                i += len + 2;
                continue;
            }
            let ty = head_type(&name, res).unwrap_or(EntityType::Concept);
            let label = res
                .lexicon
                .get(&name)
                .map_or(name.clone(), |e| e.label.clone());
            let stop = res.rules.entity_stopwords.contains(&name);
            if !stop
                && !name
                    .chars()
                    .all(|c| c.is_ascii_digit() || res.rules.numerals.contains(&c))
            {
                out.push(Cand {
                    start: i,
                    end,
                    entity_type: ty,
                    label,
                    rule: Rule::new(Recogniser::QuotedTerm),
                    nested: false,
                });
            }
        }
        i += len + 2;
    }
}

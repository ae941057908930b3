//! Candidates from the lexicons and from the names the article introduces itself.
//!
//! Input: a paragraph ([`Para`]): its text, tokens and the resources.
//! Output: candidates pushed onto the list.
//! Invariant: names the lexicons list, and byline and turn names, wherever they stand.

use super::*;
use crate::model::{EntityType, Recogniser, Rule};

/// Candidates from the lexicons. A short form must start and end on word
/// boundaries, so 最高法 does not match inside 最高法院, unless a post
/// contracted with it ends the word (外交部长: 外交部 and 部长).
pub(super) fn lexicon(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    let starts: rustc_hash::FxHashSet<usize> = tokens.iter().map(|t| t.start).collect();
    let ends: rustc_hash::FxHashSet<usize> = tokens.iter().map(|t| t.end).collect();
    let contracted = |m: &crate::data::lexicon::LexMatch<'_>| {
        m.entry.entity_type == EntityType::Institution
            && tokens.iter().any(|t| {
                t.start == m.start && t.end > m.end && {
                    let post: String = p.chars[m.end - 1..t.end].iter().collect();
                    res.rules.titles.contains(&post)
                }
            })
    };
    for m in p.matches {
        let short = m.end - m.start <= 4;
        let on_boundaries = starts.contains(&m.start) && ends.contains(&m.end);
        if short && !tokens.is_empty() && !on_boundaries && !contracted(m) {
            continue;
        }
        // The institution a lexicon name begins with (全国人大 in 全国人大常委会).
        if m.entry.entity_type == EntityType::Institution {
            let chars = p.chars.get(m.start..m.end).unwrap_or(&[]);
            // The rest must read as a sub-unit (常委会, 办公厅, 科技司), not as a
            // longer name that merely starts the same way.
            let sub_unit = |n: usize| {
                let rest: String = chars[n..].iter().collect();
                (2..=6).contains(&(chars.len() - n))
                    && !res.rules.institution_suffixes.contains(&rest)
            };
            let parent = (2..chars.len())
                .rev()
                .filter(|&n| sub_unit(n))
                .find_map(|n| {
                    let prefix: String = chars[..n].iter().collect();
                    res.lexicon
                        .get(&prefix)
                        .filter(|e| e.entity_type == EntityType::Institution)
                        .map(|e| (n, e.label.clone()))
                });
            if let Some((n, label)) = parent.filter(|(_, l)| *l != m.entry.label) {
                out.push(Cand {
                    start: m.start,
                    end: m.start + n,
                    entity_type: EntityType::Institution,
                    label,
                    rule: Rule::new(Recogniser::Nested),
                    nested: true,
                });
            }
        }
        out.push(Cand {
            start: m.start,
            end: m.end,
            entity_type: m.entry.entity_type,
            label: m.entry.label.clone(),
            rule: Rule::with(Recogniser::Lexicon, m.entry.source.as_str()),
            nested: false,
        });
    }
}

/// Occurrences of names known from the byline and the speaker turns.
pub(super) fn known_names(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (chars, names) = (&p.chars[..], p.names);
    for name in names {
        let n: Vec<char> = name.chars().collect();
        if n.len() < 2 {
            continue;
        }
        for i in 0..chars.len().saturating_sub(n.len() - 1) {
            if chars[i..i + n.len()] == n[..] {
                out.push(Cand {
                    start: i,
                    end: i + n.len(),
                    entity_type: EntityType::Person,
                    label: name.clone(),
                    rule: Rule::new(Recogniser::Byline),
                    nested: false,
                });
            }
        }
    }
}

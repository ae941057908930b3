//! Candidates fixed before recognition: byline units and the article's keywords.
//!
//! Input: a paragraph ([`Para`]): its text, tokens and the resources.
//! Output: candidates pushed onto the list.
//! Invariant: they take part in selection like any other candidate.

use super::*;
use crate::model::{EntityType, Recogniser, Rule, Token};
use crate::resources::Resources;

/// Occurrences of the article's keywords (by TF-IDF) as concepts.
pub fn keywords(tokens: &[Token], keywords: &[String]) -> Vec<Cand> {
    tokens
        .iter()
        .filter(|t| keywords.contains(&t.word))
        .map(|t| Cand {
            start: t.start,
            end: t.end,
            entity_type: EntityType::Concept,
            label: t.word.clone(),
            rule: Rule::new(Recogniser::Keyword),
            nested: false,
        })
        .collect()
}

/// A unit printed in a byline (`start..end` of the paragraph) and the
/// institution named at its start: a lexicon name or a quoted name
/// (`“中国搜索”数字经济联合工作组`).
pub fn unit(text: &str, start: usize, end: usize, res: &Resources) -> Vec<Cand> {
    let chars: Vec<char> = text.chars().collect();
    let surface: String = chars[start..end].iter().collect();
    let label = res
        .lexicon
        .get(&surface)
        .map_or_else(|| label_of(&surface), |e| e.label.clone());
    let ty = res
        .lexicon
        .get(&surface)
        .map_or(EntityType::Institution, |e| e.entity_type);
    if label.chars().count() < 3 && res.lexicon.get(&surface).is_none() {
        return Vec::new();
    }
    let mut out = vec![Cand {
        start,
        end,
        entity_type: ty,
        label: label.clone(),
        rule: Rule::new(Recogniser::BylineUnit),
        nested: false,
    }];
    let quoted = match chars.get(start) {
        Some('“') => chars[start..end].iter().position(|&c| c == '”'),
        Some('《') => chars[start..end].iter().position(|&c| c == '》'),
        _ => None,
    };
    let parent = match quoted {
        Some(close) if start + close + 1 < end => {
            let inner: String = chars[start + 1..start + close].iter().collect();
            Some((close + 1, inner))
        }
        _ => res
            .lexicon
            .find(&surface)
            .into_iter()
            .filter(|m| {
                m.start == 0
                    && m.end < end - start
                    && m.entry.entity_type == EntityType::Institution
            })
            .max_by_key(|m| m.end)
            .map(|m| (m.end, m.entry.label.clone())),
    };
    if ty == EntityType::Institution
        && let Some((len, parent)) = parent
    {
        out.push(Cand {
            start,
            end: start + len,
            entity_type: EntityType::Institution,
            label: parent,
            rule: Rule::new(Recogniser::Nested),
            nested: true,
        });
    }
    out
}

//! Selection: overlapping candidates → the mentions kept.
//!
//! Input: a paragraph ([`Para`]): its text, tokens and the resources.
//! Output: candidates pushed onto the list.
//! Invariant: longest first, then by the priority of the rule table.

use super::*;
use crate::model::{EntityType, Recogniser, Rule};

/// Where the name tagger found a person inside a rule's longer person, two
/// or more characters longer (罗干今天上午, 吕老去), the rule's gives way.
pub(super) fn defer_to_model(cands: &mut Vec<Cand>) {
    let model: Vec<(usize, usize)> = cands
        .iter()
        .filter(|c| c.rule.is(Recogniser::Model) && c.entity_type == EntityType::Person)
        .map(|c| (c.start, c.end))
        .collect();
    cands.retain(|c| {
        !(c.entity_type == EntityType::Person
            && (c.rule.is(Recogniser::Pos) || c.rule.is(Recogniser::TitleName))
            && model
                .iter()
                .any(|&(s, e)| c.start <= s && e <= c.end && (c.end - c.start) >= (e - s) + 2))
    });
}

/// Chooses non-overlapping candidates, longest first, then by rule priority;
/// nested institutions stay when their container was chosen.
pub fn select(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(
                b.rule
                    .recogniser
                    .priority()
                    .cmp(&a.rule.recogniser.priority()),
            )
            .then(a.start.cmp(&b.start))
            .then(a.label.cmp(&b.label))
    });
    let mut chosen: Vec<Cand> = Vec::new();
    let mut nested = Vec::new();
    let mut dropped = Vec::new();
    for c in cands {
        if c.nested {
            nested.push(c);
            continue;
        }
        if chosen.iter().all(|o| c.end <= o.start || c.start >= o.end) {
            chosen.push(c);
        } else {
            dropped.push(c);
        }
    }
    // People and places named inside a title or a term (《邓小平文选》,
    // 邓小平理论) are mentioned there too.
    let (named, dropped): (Vec<Cand>, Vec<Cand>) = dropped.into_iter().partition(|c| {
        matches!(c.entity_type, EntityType::Person | EntityType::Place)
            && (c.rule.is(Recogniser::Model) || c.rule.is(Recogniser::Lexicon))
            && chosen.iter().any(|o| {
                matches!(o.entity_type, EntityType::Concept | EntityType::Initiative)
                    // A quoted phrase (“两翼齐飞”) holds only names the lexicon knows.
                    && (!o.rule.is(Recogniser::QuotedTerm) || c.rule.is(Recogniser::Lexicon))
                    && o.start <= c.start
                    && c.end <= o.end
                    && o.end - o.start > c.end - c.start
            })
            && chosen.iter().all(|o| {
                matches!(o.entity_type, EntityType::Concept | EntityType::Initiative)
                    || c.end <= o.start
                    || c.start >= o.end
            })
    });
    for c in named {
        let taken = chosen.iter().any(|o| {
            !matches!(o.entity_type, EntityType::Concept | EntityType::Initiative)
                && o.start < c.end
                && c.start < o.end
        });
        if !taken {
            chosen.push(c);
        }
    }
    // Institutions named inside a chosen name (中共中央政治局 in …集体学习).
    let inner: Vec<Cand> = dropped
        .into_iter()
        .filter(|c| c.rule.is(Recogniser::Lexicon) && c.entity_type == EntityType::Institution)
        .filter(|c| {
            chosen.iter().any(|o| {
                (o.entity_type == EntityType::Initiative
                    || (o.entity_type == EntityType::Institution && o.start == c.start))
                    && o.start <= c.start
                    && c.end <= o.end
                    && o.end - o.start > c.end - c.start
            })
        })
        .map(|mut c| {
            c.nested = true;
            c.rule = Rule::new(Recogniser::Nested);
            c
        })
        .collect();
    for n in inner {
        if !chosen.iter().any(|o| o.start == n.start && o.end == n.end) {
            chosen.push(n);
        }
    }
    for n in nested {
        let inside = chosen.iter().any(|o| {
            o.entity_type == EntityType::Institution && o.start == n.start && o.end > n.end
        });
        let dup = chosen.iter().any(|o| o.start == n.start && o.end == n.end);
        if inside && !dup {
            chosen.push(n);
        }
    }
    chosen.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    chosen
}

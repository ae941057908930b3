//! Resolution: an article's mentions → one entity per real thing.
//!
//! Input: an [`Extraction`] with mentions, relations and quotes.
//! Output: the same extraction with `entities` filled, each mention pointing to
//! one entity, and relation and quote ends using the entity's class.
//! Invariant: one entity per label within an article; its class is the one the
//! most trusted rules gave it; aliases are the other surface forms seen.

use crate::model::{Entity, EntityType, Extraction};
use std::collections::BTreeMap;

/// Resolves the entities of one article.
pub fn resolve(mut ex: Extraction) -> Extraction {
    let mut votes: BTreeMap<String, BTreeMap<EntityType, u32>> = BTreeMap::new();
    for m in &ex.mentions {
        *votes
            .entry(m.label.clone())
            .or_default()
            .entry(m.entity_type)
            .or_default() += m.rule.recogniser.trust();
    }
    let class: BTreeMap<String, EntityType> = votes
        .into_iter()
        .map(|(label, v)| {
            let best = v
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(t, _)| t)
                .unwrap_or(EntityType::Concept);
            (label, best)
        })
        .collect();
    let mut entities: BTreeMap<String, Entity> = BTreeMap::new();
    for (i, m) in ex.mentions.iter_mut().enumerate() {
        m.entity_type = class[&m.label];
        let e = entities.entry(m.label.clone()).or_insert_with(|| Entity {
            entity_type: m.entity_type,
            label: m.label.clone(),
            aliases: Vec::new(),
            mentions: Vec::new(),
        });
        e.mentions.push(i);
        let surface: String = m
            .surface
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '《' | '》'))
            .collect();
        if surface != m.label && !e.aliases.contains(&surface) {
            e.aliases.push(surface);
        }
    }
    let retype = |end: &mut (EntityType, String)| {
        if let Some(&t) = class.get(&end.1) {
            end.0 = t;
        }
    };
    for r in &mut ex.relations {
        retype(&mut r.subject);
        retype(&mut r.object);
    }
    for q in &mut ex.quotes {
        retype(&mut q.speaker);
    }
    // A relation or quote may name a person only the byline knows.
    for (t, label) in ex
        .relations
        .iter()
        .flat_map(|r| [&r.subject, &r.object])
        .chain(ex.quotes.iter().map(|q| &q.speaker))
    {
        entities.entry(label.clone()).or_insert_with(|| Entity {
            entity_type: *t,
            label: label.clone(),
            aliases: Vec::new(),
            mentions: Vec::new(),
        });
    }
    for b in ex
        .article
        .creators
        .iter()
        .chain(&ex.article.hosts)
        .chain(&ex.article.guests)
    {
        entities.entry(b.name.clone()).or_insert_with(|| Entity {
            entity_type: EntityType::Person,
            label: b.name.clone(),
            aliases: Vec::new(),
            mentions: Vec::new(),
        });
    }
    for e in entities.values_mut() {
        e.aliases.sort();
    }
    ex.entities = entities.into_values().collect();
    ex.relations.sort();
    ex.relations.dedup_by(|a, b| {
        a.subject == b.subject
            && a.predicate == b.predicate
            && a.object == b.object
            && a.span == b.span
    });
    ex
}

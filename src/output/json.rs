//! JSON view of an extraction, for `zhikg extract --format json`.
//!
//! Input: a resolved [`DocumentSet`].
//! Output: `{"entities":[{"type","label","aliases","mentions":[{"start","end","rule"}]}],
//! "relations":[…],"documents":[…],"quotes":[…]}`.
//! Invariant: offsets are character offsets into the input text, end exclusive;
//! entities of several articles with the same class and label are merged.

use crate::model::{DocumentSet, EntityType, Recogniser};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct MentionOut {
    start: usize,
    end: usize,
    rule: String,
}

#[derive(Serialize)]
struct EntityOut {
    #[serde(rename = "type")]
    entity_type: EntityType,
    label: String,
    aliases: Vec<String>,
    mentions: Vec<MentionOut>,
    /// Words that refer to the entity without naming it (我国 for 中国).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    references: Vec<MentionOut>,
    /// Mentions inside a longer name (北京大学 in 北京大学国际关系学院):
    /// `mentions` are the flat, outermost names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    nested: Vec<MentionOut>,
}

#[derive(Serialize)]
struct RelationOut {
    subject: String,
    subject_type: EntityType,
    predicate: String,
    object: String,
    object_type: EntityType,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    start: usize,
    end: usize,
    rule: String,
    confidence: f64,
}

#[derive(Serialize)]
struct DocumentOut {
    index: usize,
    title: Option<String>,
    creators: Vec<String>,
    hosts: Vec<String>,
    guests: Vec<String>,
}

#[derive(Serialize)]
struct QuoteOut {
    speaker: String,
    text: String,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Out {
    entities: Vec<EntityOut>,
    relations: Vec<RelationOut>,
    documents: Vec<DocumentOut>,
    quotes: Vec<QuoteOut>,
}

/// Renders `set` as pretty JSON.
pub fn render(set: &DocumentSet) -> String {
    let mut entities: BTreeMap<(EntityType, String), EntityOut> = BTreeMap::new();
    let mut out = Out {
        entities: Vec::new(),
        relations: Vec::new(),
        documents: Vec::new(),
        quotes: Vec::new(),
    };
    for ex in &set.articles {
        for e in &ex.entities {
            let entry = entities
                .entry((e.entity_type, e.label.clone()))
                .or_insert_with(|| EntityOut {
                    entity_type: e.entity_type,
                    label: e.label.clone(),
                    aliases: Vec::new(),
                    mentions: Vec::new(),
                    references: Vec::new(),
                    nested: Vec::new(),
                });
            for a in &e.aliases {
                if !entry.aliases.contains(a) {
                    entry.aliases.push(a.clone());
                }
            }
            for &i in &e.mentions {
                let m = &ex.mentions[i];
                let out = MentionOut {
                    start: m.span.start,
                    end: m.span.end,
                    rule: m.rule.to_string(),
                };
                if m.rule.is(Recogniser::Reference) {
                    entry.references.push(out);
                } else if m.rule.is(Recogniser::Nested) {
                    entry.nested.push(out);
                } else {
                    entry.mentions.push(out);
                }
            }
        }
        for r in &ex.relations {
            out.relations.push(RelationOut {
                subject: r.subject.1.clone(),
                subject_type: r.subject.0,
                predicate: r.predicate.clone(),
                object: r.object.1.clone(),
                object_type: r.object.0,
                role: r.role.clone(),
                start: r.span.start,
                end: r.span.end,
                rule: r.rule.clone(),
                confidence: f64::from(r.confidence) / 1000.0,
            });
        }
        let a = &ex.article;
        let names = |v: &Vec<crate::model::Byline>| v.iter().map(|b| b.name.clone()).collect();
        out.documents.push(DocumentOut {
            index: a.index,
            title: a.title.clone(),
            creators: names(&a.creators),
            hosts: names(&a.hosts),
            guests: names(&a.guests),
        });
        for q in &ex.quotes {
            out.quotes.push(QuoteOut {
                speaker: q.speaker.1.clone(),
                text: q.text.clone(),
                start: q.span.start,
                end: q.span.end,
            });
        }
    }
    out.entities = entities
        .into_values()
        .map(|mut e| {
            e.mentions.sort_by_key(|m| (m.start, m.end));
            e.mentions.dedup_by_key(|m| (m.start, m.end));
            e.references.sort_by_key(|m| (m.start, m.end));
            e.nested.sort_by_key(|m| (m.start, m.end));
            e
        })
        .collect();
    serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

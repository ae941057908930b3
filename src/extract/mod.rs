//! Extraction: an article → mentions, relations and quotes.
//!
//! Input: one structured [`Article`] and the loaded [`Resources`] (with jieba).
//! Output: an [`Extraction`] whose `entities` are still empty (the resolve
//! stage fills them).
//! Invariant: knows nothing of RDF; every mention carries its original span,
//! paragraph, sentence and rule.

pub mod entities;
pub mod quotes;
pub mod relations;

use crate::model::{Article, Extraction, Mention};
use crate::resources::Resources;
use crate::segment::segment;

/// Names an article introduces itself: byline people and turn speakers.
fn article_names(article: &Article) -> Vec<String> {
    let mut names: Vec<String> = article
        .creators
        .iter()
        .chain(&article.hosts)
        .chain(&article.guests)
        .map(|b| b.name.clone())
        .chain(article.paragraphs.iter().filter_map(|p| p.speaker.clone()))
        .filter(|n| n != "主持人" && n != "记者" && n != "问" && n != "答")
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Extracts one article.
pub fn extract(article: Article, res: &Resources) -> Extraction {
    let names = article_names(&article);
    let mut mentions = Vec::new();
    for (pi, p) in article.paragraphs.iter().enumerate() {
        let tokens = match &res.jieba {
            Some(j) => segment(j, &p.text.text),
            None => Vec::new(),
        };
        for c in entities::mentions(&p.text.text, &tokens, &names, res) {
            let sentence = p
                .sentences
                .iter()
                .position(|&(s, e)| c.start >= s && c.start < e)
                .unwrap_or(0);
            mentions.push(Mention {
                entity_type: c.entity_type,
                label: c.label,
                surface: p.text.slice(c.start, c.end),
                paragraph: pi,
                sentence,
                start: c.start,
                end: c.end,
                span: p.text.span(c.start, c.end),
                rule: c.rule,
            });
        }
    }
    let relations = relations::relations(&article, &mentions, res);
    let quotes = quotes::quotes(&article, &mentions, res);
    Extraction {
        article,
        mentions,
        entities: Vec::new(),
        relations,
        quotes,
    }
}

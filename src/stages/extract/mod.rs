//! Extraction: an article → mentions, relations and quotes.
//!
//! Input: one structured [`Article`], its tokens and tagged names, and the
//! loaded [`Resources`] (with jieba).
//! Output: an [`Extraction`] whose `entities` are still empty (the resolve
//! stage fills them).
//! Invariant: knows nothing of RDF; every mention carries its original span,
//! paragraph, sentence and rule.

pub mod entities;
pub mod quotes;
pub mod relations;

use crate::model::{
    Article, EntityType, Extraction, Mention, Recogniser, Rule, Segmented, Text, Token,
};
use crate::resources::Resources;
use crate::stages::tag::Tagged;

/// Names an article introduces itself: byline people and turn speakers.
fn article_names(article: &Article, rules: &crate::data::Rules) -> Vec<String> {
    let mut names: Vec<String> = article
        .creators
        .iter()
        .chain(&article.hosts)
        .chain(&article.guests)
        .map(|b| b.name.clone())
        .chain(article.paragraphs.iter().filter_map(|p| p.speaker.clone()))
        .filter(|n| rules.turn_label(n).is_none())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Candidates for the units printed in the byline that stand in this paragraph.
fn byline_units(article: &Article, text: &Text, res: &Resources) -> Vec<entities::Cand> {
    let mut out = Vec::new();
    for a in article
        .creators
        .iter()
        .chain(&article.hosts)
        .chain(&article.guests)
        .flat_map(|b| &b.units)
    {
        let Ok(start) = text.map[..text.len()].binary_search(&a.span.start) else {
            continue;
        };
        let Some(end) = (start..text.len())
            .find(|&i| text.map[i] + 1 == a.span.end)
            .map(|i| i + 1)
        else {
            continue;
        };
        out.extend(entities::unit(&text.text, start, end, res));
    }
    out
}

/// Short forms defined in the text (`某机构（以下简称“某办”）`): every later
/// occurrence is a mention of the defined entity.
fn defined_aliases(article: &Article, mentions: &mut Vec<Mention>, res: &Resources) {
    let mut defined: Vec<(String, Mention)> = Vec::new();
    for m in mentions
        .iter()
        .filter(|m| m.entity_type != crate::model::EntityType::Concept)
    {
        let p = &article.paragraphs[m.paragraph];
        // Only a mention followed by an opening bracket can define a short form.
        let mut after_mention = p.text.text.chars().skip(m.end);
        if after_mention.next() != Some('（') {
            continue;
        }
        let bracketed: String = after_mention.take(23).collect();
        let inner = bracketed.as_str();
        let Some(marker) = res
            .rules
            .abbreviation_markers
            .iter()
            .find(|k| inner.starts_with(k.as_str()))
        else {
            continue;
        };
        let after = inner[marker.len()..].trim_start_matches(['：', ':', ' ']);
        let Some(close) = after.find('）') else {
            continue;
        };
        let alias: String = after[..close]
            .chars()
            .filter(|c| !matches!(c, '“' | '”' | '"'))
            .collect();
        if (2..=12).contains(&alias.chars().count()) && alias != m.label {
            defined.push((alias, m.clone()));
        }
    }
    // One definition per alias, the first; aliases by their first character.
    let mut seen = std::collections::HashSet::new();
    defined.retain(|(alias, _)| seen.insert(alias.clone()));
    let aliases: Vec<(Vec<char>, Mention)> = defined
        .into_iter()
        .map(|(alias, def)| (alias.chars().collect(), def))
        .collect();
    let mut by_first: std::collections::HashMap<char, Vec<usize>> = Default::default();
    for (k, (a, _)) in aliases.iter().enumerate() {
        by_first.entry(a[0]).or_default().push(k);
    }
    let mut added: Vec<Mention> = Vec::new();
    for (pi, p) in article.paragraphs.iter().enumerate() {
        if by_first.is_empty() {
            break;
        }
        let here = in_paragraph(mentions, pi);
        let first_added = added.len();
        let chars: Vec<char> = p.text.text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let found = by_first.get(&chars[i]).and_then(|ks| {
                ks.iter().map(|&k| &aliases[k]).find(|(a, _)| {
                    let end = i + a.len();
                    end <= chars.len()
                        && chars[i..end] == a[..]
                        && !here
                            .iter()
                            .chain(&added[first_added..])
                            .any(|m| m.start < end && i < m.end)
                })
            });
            let Some((a, def)) = found else {
                i += 1;
                continue;
            };
            let sentence = p.sentence_at(i);
            added.push(Mention {
                entity_type: def.entity_type,
                label: def.label.clone(),
                surface: a.iter().collect(),
                paragraph: pi,
                sentence,
                start: i,
                end: i + a.len(),
                span: p.text.span(i, i + a.len()),
                rule: Rule::new(Recogniser::DefinedAlias),
            });
            i += a.len();
        }
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| (m.paragraph, m.start, std::cmp::Reverse(m.end)));
}

/// The mentions of paragraph `pi`, for `mentions` sorted by paragraph.
pub(crate) fn in_paragraph(mentions: &[Mention], pi: usize) -> &[Mention] {
    let lo = mentions.partition_point(|m| m.paragraph < pi);
    let hi = mentions.partition_point(|m| m.paragraph <= pi);
    &mentions[lo..hi.max(lo)]
}

/// Whether `word` is spelled by `chars` just before `end`.
pub(crate) fn ends_with(chars: &[char], end: usize, word: &str) -> bool {
    let mut at = chars[..end.min(chars.len())].iter().rev();
    word.chars().rev().all(|c| at.next() == Some(&c))
}

/// Whether `word` is spelled by `chars` from `i` on; a mismatch in the
/// first character costs one comparison.
pub(crate) fn starts_at(chars: &[char], i: usize, word: &str) -> bool {
    let mut at = chars.get(i..).unwrap_or_default().iter();
    word.chars().all(|c| at.next() == Some(&c))
}

/// The characters of one paragraph at a time, for passes over mentions,
/// which come in paragraph order: collected again only when the paragraph
/// changes.
#[derive(Default)]
pub(crate) struct ParagraphChars {
    paragraph: Option<usize>,
    chars: Vec<char>,
}

impl ParagraphChars {
    /// The characters of paragraph `pi` of `article` (none past the last).
    pub(crate) fn of(&mut self, article: &Article, pi: usize) -> &[char] {
        if self.paragraph != Some(pi) {
            self.chars = article
                .paragraphs
                .get(pi)
                .map_or_else(Vec::new, |p| p.text.text.chars().collect());
            self.paragraph = Some(pi);
        }
        &self.chars
    }
}

/// A person the tagger cut short (韩知 in 韩知远建议) is the longer name the
/// article gives that person elsewhere, when the text goes on with it and no
/// other mention stands there.
fn complete_names(article: &Article, mentions: &mut [Mention]) {
    let mut names: Vec<(Vec<char>, String)> = mentions
        .iter()
        .filter(|m| m.entity_type == EntityType::Person)
        .map(|m| (m.surface.chars().collect(), m.label.clone()))
        .collect();
    names.sort();
    names.dedup();
    let mut text = ParagraphChars::default();
    for k in 0..mentions.len() {
        let m = &mentions[k];
        if m.entity_type != EntityType::Person || !m.rule.is(Recogniser::Model) {
            continue;
        }
        let Some(p) = article.paragraphs.get(m.paragraph) else {
            continue;
        };
        let chars = text.of(article, m.paragraph);
        let short: Vec<char> = m.surface.chars().collect();
        let longer = names.iter().find(|(name, _)| {
            name.len() > short.len()
                && name.len() <= short.len() + 2
                && name.starts_with(&short)
                && chars.get(m.start..m.start + name.len()) == Some(&name[..])
        });
        let Some((name, label)) = longer else {
            continue;
        };
        let end = m.start + name.len();
        let (pi, start, old_end) = (m.paragraph, m.start, m.end);
        let lo = mentions.partition_point(|o| o.paragraph < pi);
        let hi = mentions.partition_point(|o| o.paragraph <= pi);
        let free =
            (lo..hi).all(|j| j == k || mentions[j].end <= old_end || mentions[j].start >= end);
        if free {
            let m = &mut mentions[k];
            m.end = end;
            m.surface = name.iter().collect();
            m.label = label.clone();
            m.span = p.text.span(start, end);
        }
    }
}

/// Names the tagger found once stand wherever else the article writes them
/// as whole words: every such occurrence is a mention too.
fn propagate_names(article: &Article, tokens: &[Vec<Token>], mentions: &mut Vec<Mention>) {
    let mut found: Vec<(Vec<char>, Mention)> = Vec::new();
    for m in mentions.iter().filter(|m| m.rule.is(Recogniser::Model)) {
        let surface: Vec<char> = m.surface.chars().collect();
        if surface.len() >= 2 && !found.iter().any(|(s, _)| *s == surface) {
            found.push((surface, m.clone()));
        }
    }
    found.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    // Names by their first character, longest first.
    let mut by_first: std::collections::HashMap<char, Vec<usize>> = Default::default();
    for (k, (surface, _)) in found.iter().enumerate() {
        by_first.entry(surface[0]).or_default().push(k);
    }
    let mut added: Vec<Mention> = Vec::new();
    for (pi, p) in article.paragraphs.iter().enumerate() {
        let here = in_paragraph(mentions, pi);
        let first_added = added.len();
        let chars: Vec<char> = p.text.text.chars().collect();
        let Some(words) = tokens.get(pi) else {
            continue;
        };
        for i in 0..chars.len() {
            let Some(names) = by_first.get(&chars[i]) else {
                continue;
            };
            for &k in names {
                let (surface, def) = &found[k];
                let end = i + surface.len();
                if end > chars.len() || chars[i..end] != surface[..] {
                    continue;
                }
                let whole =
                    words.iter().any(|t| t.start == i) && words.iter().any(|t| t.end == end);
                let taken = here
                    .iter()
                    .chain(&added[first_added..])
                    .any(|m: &Mention| m.start < end && i < m.end);
                if !whole || taken {
                    continue;
                }
                let sentence = p.sentence_at(i);
                added.push(Mention {
                    paragraph: pi,
                    sentence,
                    start: i,
                    end,
                    span: p.text.span(i, end),
                    rule: Rule::new(Recogniser::Propagated),
                    ..def.clone()
                });
            }
        }
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| (m.paragraph, m.start, std::cmp::Reverse(m.end)));
}

/// Extracts one article, with its words and its paragraphs as the tag stage
/// gave them (one [`Tagged`] per paragraph; a paragraph without one has no
/// lexicon matches or tagged names).
pub fn extract(
    article: Article,
    words: &Segmented,
    tagged: &[Tagged<'_>],
    res: &Resources,
) -> Extraction {
    let names = article_names(&article, &res.rules);
    let mut mentions = Vec::new();
    let untagged = Tagged::default();
    for (pi, p) in article.paragraphs.iter().enumerate() {
        let tagged = tagged.get(pi).unwrap_or(&untagged);
        let tokens = &words.tokens[pi];
        let mut fixed = byline_units(&article, &p.text, res);
        fixed.extend(entities::keywords(tokens, &words.keywords));
        for c in entities::mentions(&p.text.text, tokens, tagged, &names, fixed, res) {
            let sentence = p.sentence_at(c.start);
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
    complete_names(&article, &mut mentions);
    propagate_names(&article, &words.tokens, &mut mentions);
    defined_aliases(&article, &mut mentions, res);
    // A name holds at least one letter or CJK character.
    mentions.retain(|m| m.label.chars().any(char::is_alphabetic));
    let warnings = cap(&mut mentions);
    let relations = relations::relations(&article, &mentions, &words.tokens, res);
    let quotes = quotes::quotes(&article, &mentions, res);
    Extraction {
        article,
        mentions,
        entities: Vec::new(),
        relations,
        quotes,
        warnings,
    }
}

/// At most this many mentions are kept of one sentence.
pub const MAX_MENTIONS_PER_SENTENCE: usize = 200;

/// At most this many mentions are kept of one article.
pub const MAX_MENTIONS_PER_ARTICLE: usize = 100_000;

/// Keeps the first mentions of each sentence and of the article up to the
/// caps, so output stays proportionate to text; says what was dropped.
fn cap(mentions: &mut Vec<Mention>) -> Vec<String> {
    let mut warnings = Vec::new();
    let before = mentions.len();
    let mut last = (usize::MAX, usize::MAX);
    let mut run = 0;
    let mut crowded = 0;
    mentions.retain(|m| {
        let here = (m.paragraph, m.sentence);
        if here != last {
            if run > MAX_MENTIONS_PER_SENTENCE {
                crowded += 1;
            }
            last = here;
            run = 0;
        }
        run += 1;
        run <= MAX_MENTIONS_PER_SENTENCE
    });
    if run > MAX_MENTIONS_PER_SENTENCE {
        crowded += 1;
    }
    if mentions.len() < before {
        let sentences = if crowded == 1 {
            "1 sentence names".to_string()
        } else {
            format!("{crowded} sentences name")
        };
        warnings.push(format!(
            "{} mentions left out: {sentences} more than {MAX_MENTIONS_PER_SENTENCE}",
            before - mentions.len()
        ));
    }
    if mentions.len() > MAX_MENTIONS_PER_ARTICLE {
        warnings.push(format!(
            "{} mentions left out: the article names more than {MAX_MENTIONS_PER_ARTICLE}",
            mentions.len() - MAX_MENTIONS_PER_ARTICLE
        ));
        mentions.truncate(MAX_MENTIONS_PER_ARTICLE);
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An article of one paragraph, `body`, and that paragraph's index.
    fn article_of(body: &str) -> (Article, usize) {
        let rules = crate::data::load_rules().unwrap();
        let text = crate::stages::normalise::normalise(&format!("# 甲\n\n{body}\n"));
        let article = crate::stages::structure::structure(&text, &rules).remove(0);
        let pi = article
            .paragraphs
            .iter()
            .position(|p| p.text.text.starts_with(body))
            .unwrap();
        (article, pi)
    }

    #[test]
    fn crowded_sentences_and_articles_are_capped_with_a_warning() {
        let mention = |paragraph: usize, sentence: usize, start: usize| Mention {
            entity_type: EntityType::Place,
            label: "x".into(),
            surface: "x".into(),
            paragraph,
            sentence,
            start,
            end: start + 1,
            span: crate::model::Span {
                start,
                end: start + 1,
            },
            rule: Rule::new(Recogniser::Lexicon),
        };
        // Two sentences of 250 mentions and one of 10.
        let mut ms: Vec<Mention> = (0..250)
            .map(|i| mention(0, 0, i))
            .chain((0..250).map(|i| mention(0, 1, 300 + i)))
            .chain((0..10).map(|i| mention(1, 0, i)))
            .collect();
        let warnings = cap(&mut ms);
        assert_eq!(ms.len(), 2 * MAX_MENTIONS_PER_SENTENCE + 10);
        assert_eq!(
            warnings,
            vec![format!(
                "100 mentions left out: 2 sentences name more than {MAX_MENTIONS_PER_SENTENCE}"
            )]
        );
        // An article of many short sentences stops at the article cap.
        let mut ms: Vec<Mention> = (0..MAX_MENTIONS_PER_ARTICLE + 7)
            .map(|i| mention(i / 100, 0, i % 100))
            .collect();
        let warnings = cap(&mut ms);
        assert_eq!(ms.len(), MAX_MENTIONS_PER_ARTICLE);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("7 mentions left out"),
            "{warnings:?}"
        );
    }

    #[test]
    fn names_found_once_are_found_again_as_whole_words() {
        let (article, pi) = article_of("塞缪尔森出席。后来塞缪尔森说，塞缪尔森式的做法不同。");
        let p = &article.paragraphs[pi];
        // Words: 塞缪尔森 出席 。 后来 塞缪尔森 说 ， 塞缪尔森式 …
        let words = [
            (0, 4),
            (4, 6),
            (6, 7),
            (7, 9),
            (9, 13),
            (13, 14),
            (14, 15),
            (15, 20),
        ];
        let mut tokens = vec![Vec::new(); article.paragraphs.len()];
        tokens[pi] = words
            .iter()
            .map(|&(start, end)| Token {
                word: p.text.text.chars().skip(start).take(end - start).collect(),
                tag: "x".into(),
                start,
                end,
            })
            .collect();
        let mut mentions = vec![Mention {
            entity_type: EntityType::Person,
            label: "塞缪尔森".into(),
            surface: "塞缪尔森".into(),
            paragraph: pi,
            sentence: 0,
            start: 0,
            end: 4,
            span: p.text.span(0, 4),
            rule: Rule::new(Recogniser::Model),
        }];
        propagate_names(&article, &tokens, &mut mentions);
        let found: Vec<(usize, &str)> = mentions
            .iter()
            .map(|m| (m.start, m.rule.recogniser.name()))
            .collect();
        // Not inside the longer word 塞缪尔森式.
        assert_eq!(found, vec![(0, "model:ner"), (9, "propagated")]);
    }

    #[test]
    fn people_cut_short_get_the_longer_name_of_the_article() {
        let (article, pi) = article_of("院长韩知远出席。韩知远建议完善机制。");
        let p = &article.paragraphs[pi];
        let person = |start: usize, end: usize, rule: Recogniser| Mention {
            entity_type: EntityType::Person,
            label: p.text.slice(start, end),
            surface: p.text.slice(start, end),
            paragraph: pi,
            sentence: 0,
            start,
            end,
            span: p.text.span(start, end),
            rule: Rule::new(rule),
        };
        // 韩知远 after the post; the tagger stops at 韩知 before 远建议.
        let mut mentions = vec![
            person(2, 5, Recogniser::TitleName),
            person(8, 10, Recogniser::Model),
        ];
        complete_names(&article, &mut mentions);
        let found: Vec<(usize, usize, &str)> = mentions
            .iter()
            .map(|m| (m.start, m.end, m.label.as_str()))
            .collect();
        assert_eq!(found, vec![(2, 5, "韩知远"), (8, 11, "韩知远")]);
    }
}

//! Quotes: an article's paragraphs and person mentions → direct speech with
//! its speaker.
//!
//! Input: the article, its mentions and the speech verbs.
//! Output: quotes whose speaker is a person named before the verb and colon
//! (`某某指出：“…”`) or right after the closing mark (`“…”，某某表示`); a
//! speaker introduced only by a title earlier in the article is resolved.
//! Invariant: a quote's text is the text inside the quotation marks.

use crate::model::{Article, BlockKind, EntityType, Mention, Quote};
use crate::resources::Resources;

/// Quotation spans: (open, close) with close the index of `”`, or the paragraph end.
fn spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut open = 0;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '“' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            '”' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((open, i));
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        out.push((open, chars.len()));
    }
    out
}

/// Finds the quotes of an article.
pub fn quotes(article: &Article, mentions: &[Mention], res: &Resources) -> Vec<Quote> {
    let mut out = Vec::new();
    // Titles seen right after a name (习近平总书记): a bare title later means that person.
    let mut titled: Vec<(String, String)> = Vec::new();
    for m in mentions
        .iter()
        .filter(|m| m.entity_type == EntityType::Person)
    {
        let p = &article.paragraphs[m.paragraph];
        let rest: String = p.text.text.chars().skip(m.end).take(8).collect();
        if let Some(t) = res
            .rules
            .titles
            .iter()
            .find(|t| rest.starts_with(t.as_str()))
        {
            titled.push((t.clone(), m.label.clone()));
        }
        // 国家数据局局长刘烈宏: the post before the name.
        let before: String = p.text.text.chars().take(m.start).collect();
        if let Some(t) = res
            .rules
            .titles
            .iter()
            .find(|t| before.trim_end().ends_with(t.as_str()))
        {
            titled.push((t.clone(), m.label.clone()));
        }
    }
    for (pi, p) in article.paragraphs.iter().enumerate() {
        if p.kind != BlockKind::Body {
            continue;
        }
        let chars: Vec<char> = p.text.text.chars().collect();
        let persons: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.paragraph == pi && m.entity_type == EntityType::Person)
            .collect();
        for (open, close) in spans(&chars) {
            let inner: String = chars[open + 1..close].iter().collect();
            if inner.chars().count() < 6 {
                continue;
            }
            let before: String = chars[..open].iter().collect();
            let before = before.trim_end();
            let mut speaker = None;
            let mut rule = "";
            let head_of = before
                .strip_suffix('：')
                .or_else(|| before.strip_suffix(':'));
            // 某单位职务某某：“…”: the name right before the colon.
            if let Some(head) = head_of
                && let Some(m) = persons.iter().find(|m| m.end == head.chars().count())
            {
                speaker = Some(m.label.clone());
                rule = "quote:name-colon";
            }
            if let Some(head) = head_of.filter(|_| speaker.is_none())
                && let Some(verb) = res
                    .rules
                    .speech_verbs
                    .iter()
                    .find(|v| head.ends_with(v.as_str()))
            {
                let verb_at = head.chars().count() - verb.chars().count();
                let clause_start = head
                    .char_indices()
                    .filter(|(_, c)| matches!(c, '。' | '！' | '？' | '；' | '”'))
                    .map(|(b, _)| head[..b].chars().count() + 1)
                    .max()
                    .unwrap_or(0)
                    .max(p.speaker_prefix);
                speaker = persons
                    .iter()
                    .find(|m| m.start >= clause_start && m.end <= verb_at)
                    .map(|m| m.label.clone())
                    .or_else(|| {
                        let h: String = head.chars().take(verb_at).collect();
                        titled
                            .iter()
                            .filter(|(t, _)| h.ends_with(t.as_str()))
                            .map(|(_, n)| n.clone())
                            .next()
                    });
                rule = "quote:verb-colon";
            }
            if speaker.is_none() && close < chars.len() {
                // “…”，某某表示。
                let mut k = close + 1;
                while k < chars.len() && matches!(chars[k], '，' | ',' | ' ') {
                    k += 1;
                }
                if let Some(m) = persons.iter().find(|m| m.start == k) {
                    let after: String = chars[m.end..].iter().take(6).collect();
                    if res
                        .rules
                        .speech_verbs
                        .iter()
                        .any(|v| after.starts_with(v.as_str()))
                    {
                        speaker = Some(m.label.clone());
                        rule = "quote:after";
                    }
                }
            }
            let Some(speaker) = speaker else { continue };
            let sentence = p.sentence_at(open);
            out.push(Quote {
                speaker: (EntityType::Person, speaker),
                text: inner,
                paragraph: pi,
                sentence,
                span: p.text.span(open + 1, close),
                rule: rule.into(),
            });
        }
    }
    out
}

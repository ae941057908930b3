//! Quotes: an article's paragraphs and person mentions → direct speech with
//! its speaker.
//!
//! Input: the article, its mentions and the speech verbs.
//! Output: quotes whose speaker is a person named before the colon, or before
//! a speech verb and a colon, a comma or the title the quote is about
//! (`某某指出，“…”`, `正如某某所指出的，“…”`, `某某直言《某法》“…”`), or in the
//! clause after the closing mark, behind a post or an adverbial
//! (`“…”，某局副局长某某表示`, `“…”某某在会上说`); a passage right after
//! another, a paragraph opening a quote the previous one left open, and a
//! quote opening a sentence after one about a person take that speaker. A
//! speaker introduced only by a title earlier, or by a pronoun (`他强调：“…”`),
//! is resolved. One short clause may stand between the verb and the mark
//! (`某某强调，做好某项工作，“…”`); single marks quote where no double one is
//! open.
//! Invariant: a quote's text is the text inside the quotation marks.

use crate::model::{Article, BlockKind, EntityType, Mention, Quote};
use crate::resources::Resources;
use crate::script::{CLAUSE_BREAKS, SENTENCE_END};

/// Quotation spans: (open, close) with close the index of `”`, or the
/// paragraph end. Single marks (`‘…’`) quote too where no double mark is
/// open; inside one they nest.
fn spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut open = 0;
    let mut single: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '“' => {
                // A single mark left open is no quotation.
                single = None;
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
            '‘' if depth == 0 && single.is_none() => single = Some(i),
            '’' if depth == 0 => {
                if let Some(o) = single.take() {
                    out.push((o, i));
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

/// Longest title a quote may be said to be about (`直言《某法》“…”`).
const MAX_TOPIC_CHARS: usize = 30;

/// `before` without the book title it ends with, if it ends with a short one.
fn before_title(before: &str) -> Option<&str> {
    let inner = before.strip_suffix('》')?;
    let open = inner.rfind('《')?;
    let title = &inner[open + '《'.len_utf8()..];
    (!title.contains(['《', '》', '。', '，']) && title.chars().count() <= MAX_TOPIC_CHARS)
        .then_some(&before[..open])
}

/// Longest clause between a speech verb and the quote it introduces
/// (`某某强调，做好某项工作，“…”`).
const MAX_BETWEEN_CHARS: usize = 16;

/// Longest clause from a speaker to the speech verb that closes it
/// (`李某在开幕式上说。`).
const MAX_ADVERBIAL_CHARS: usize = 24;

/// Whether a clause opens with a pronoun standing for one person (他强调),
/// not a plural one (他们, a determiner).
fn starts_with_pronoun(clause: &[char], rules: &crate::data::Rules) -> bool {
    let opening: String = clause
        .iter()
        .skip_while(|c| c.is_whitespace())
        .take(2)
        .collect();
    !rules.determiners.contains(&opening)
        && rules
            .person_pronouns
            .iter()
            .any(|p| opening.starts_with(p.as_str()))
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
    // The speaker of the last quote and whether it was left open at the end
    // of its paragraph (a quote running on into the next one).
    let mut last: Option<(usize, String, bool)> = None;
    for (pi, p) in article.paragraphs.iter().enumerate() {
        if p.kind != BlockKind::Body {
            continue;
        }
        let chars: Vec<char> = p.text.text.chars().collect();
        let persons: Vec<&Mention> = super::in_paragraph(mentions, pi)
            .iter()
            .filter(|m| m.entity_type == EntityType::Person)
            .collect();
        // A speech verb at `k`, past a post written after the name (习近平主席发来贺信),
        // or closing the clause after a short adverbial (李某在会上说).
        let speaks_at = |k: usize| {
            let after: String = chars[k..].iter().take(12).collect();
            let after = res
                .rules
                .titles
                .iter()
                .find(|t| after.starts_with(t.as_str()))
                .map_or(after.as_str(), |t| &after[t.len()..]);
            let clause: String = chars[k..]
                .iter()
                .take(MAX_ADVERBIAL_CHARS)
                .take_while(|c| !CLAUSE_BREAKS.contains(c) && !matches!(c, '“' | '”'))
                .collect();
            let closes = k + clause.chars().count() < chars.len()
                && res
                    .rules
                    .speech_verbs
                    .iter()
                    .any(|v| clause.ends_with(v.as_str()));
            closes
                || res
                    .rules
                    .speech_verbs
                    .iter()
                    .any(|v| after.starts_with(v.as_str()))
        };
        let mut previous: Option<(usize, String)> = None;
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
            // 某某指出：“…” or 某某指出，“…”: a speech verb before the mark.
            // 某某直言《某法》“…”: a speech verb and the title the quote is about.
            // 正如某某所指出的，“…”: the verb may close a 的 phrase.
            let verb_head = head_of
                .or_else(|| {
                    before
                        .strip_suffix('，')
                        .or_else(|| before.strip_suffix(','))
                        .or_else(|| before_title(before))
                })
                .map(|h| {
                    h.strip_suffix(|c: char| res.rules.attributive_particles.contains(&c))
                        .unwrap_or(h)
                });
            let says = |h: &str| {
                res.rules
                    .speech_verbs
                    .iter()
                    .any(|v| h.ends_with(v.as_str()))
            };
            // 某某强调，做好某项工作，“…”: one short clause between the verb and the mark.
            let verb_head = verb_head.map(|h| {
                if says(h) {
                    return h;
                }
                match h.rsplit_once('，') {
                    Some((earlier, between))
                        if says(earlier)
                            && between.chars().count() <= MAX_BETWEEN_CHARS
                            && !between.contains(['。', '！', '？', '；', '”']) =>
                    {
                        earlier
                    }
                    _ => h,
                }
            });
            if let Some(head) = verb_head.filter(|_| speaker.is_none())
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
                if speaker.is_some() {
                    rule = "quote:verb-colon";
                } else if starts_with_pronoun(&chars[clause_start..verb_at], &res.rules) {
                    // 他强调：“…”: the person named last before, in this
                    // paragraph or by the previous one's last quote.
                    speaker = persons
                        .iter()
                        .filter(|m| m.end <= clause_start)
                        .max_by_key(|m| m.end)
                        .map(|m| m.label.clone())
                        .or_else(|| {
                            last.as_ref()
                                .filter(|(lp, _, _)| lp + 1 == pi)
                                .map(|(_, who, _)| who.clone())
                        });
                    rule = "quote:pronoun";
                }
            }
            if speaker.is_none() && close < chars.len() {
                // “…”，某部某局副局长某某表示: the first person of the clause
                // after the mark who is followed by a speech verb.
                // A quote that ends its sentence may be attributed anywhere in
                // the next one (“…。”某日，某组织成立，某某发来贺信).
                let from = close + 1;
                let whole = close > open + 1 && SENTENCE_END.contains(&chars[close - 1]);
                let clause_end = (from..chars.len())
                    .find(|&k| {
                        matches!(chars[k], '。' | '！' | '？' | '；' | '“')
                            || (!whole && k > from && matches!(chars[k], '，' | ','))
                    })
                    .unwrap_or(chars.len());
                if let Some(m) = persons
                    .iter()
                    .find(|m| m.start >= from && m.end <= clause_end && speaks_at(m.end))
                {
                    speaker = Some(m.label.clone());
                    rule = "quote:after";
                }
            }
            // “…”“…”: a passage right after another has the same speaker.
            if speaker.is_none()
                && let Some((end, who)) = &previous
                && chars[*end + 1..open].iter().all(|c| c.is_whitespace())
            {
                speaker = Some(who.clone());
                rule = "quote:run-on";
            }
            // A paragraph that opens a quote the previous one left open.
            if speaker.is_none()
                && open == 0
                && let Some((lp, who, true)) = &last
                && *lp + 1 == pi
            {
                speaker = Some(who.clone());
                rule = "quote:paragraphs";
            }
            // 某某在会上介绍了…。“…”: a quote opening a sentence speaks for the
            // person the previous sentence of the paragraph is about.
            if speaker.is_none() && before.ends_with(['。', '！', '？']) {
                let si = p.sentence_at(open);
                if let Some(&(s0, s1)) = si.checked_sub(1).and_then(|i| p.sentences.get(i)) {
                    speaker = persons
                        .iter()
                        .find(|m| m.start >= s0 && m.end <= s1)
                        .map(|m| m.label.clone());
                    rule = "quote:previous-sentence";
                }
            }
            let Some(speaker) = speaker else { continue };
            previous = Some((close.min(chars.len() - 1), speaker.clone()));
            last = Some((pi, speaker.clone(), close == chars.len()));
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

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
//! open. Across paragraphs: a paragraph opening with a quote speaks for the
//! person the previous paragraph announces (`某某介绍说：`) or ends reporting
//! on; a pronoun after the mark (`“…”他说`) is the person named last; a
//! quotation running over paragraphs is attributed after its closing mark.
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

/// The person named last before position `at`.
fn named_last(persons: &[&Mention], at: usize) -> Option<String> {
    persons
        .iter()
        .filter(|m| m.end <= at)
        .max_by_key(|m| m.end)
        .map(|m| m.label.clone())
}

/// Where the pronoun a clause opens with ends, when it stands for one person
/// (他强调), not a plural one (他们, a determiner).
fn leading_pronoun(clause: &[char], rules: &crate::data::Rules) -> Option<usize> {
    let skipped = clause.iter().take_while(|c| c.is_whitespace()).count();
    let opening: String = clause[skipped..].iter().take(2).collect();
    if rules.determiners.contains(&opening) {
        return None;
    }
    rules
        .person_pronouns
        .iter()
        .find(|p| opening.starts_with(p.as_str()))
        .map(|p| skipped + p.chars().count())
}

/// Whether a speech verb stands at `k` of `chars`, past a post written after
/// the name (习近平主席发来贺信), or closes the clause after a short adverbial
/// (李某在会上说).
fn speaks_at(chars: &[char], k: usize, res: &Resources) -> bool {
    let after: String = chars[k.min(chars.len())..].iter().take(12).collect();
    let after = res
        .rules
        .titles
        .iter()
        .find(|t| after.starts_with(t.as_str()))
        .map_or(after.as_str(), |t| &after[t.len()..]);
    let clause: String = chars[k.min(chars.len())..]
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
}

/// The person a clause after a closing mark at `close` attributes the quote
/// to: the first person of the clause followed by a speech verb
/// (`“…”，某局副局长某某表示`), or `pronoun_for` when the clause opens with a
/// pronoun and a speech verb (`“…”他说`). A quote that ends its sentence may
/// be attributed anywhere in the next one.
fn attributed_after(
    chars: &[char],
    open: usize,
    close: usize,
    persons: &[&Mention],
    res: &Resources,
    pronoun_for: impl FnOnce() -> Option<String>,
) -> Option<(String, &'static str)> {
    let from = close + 1;
    if from >= chars.len() {
        return None;
    }
    let whole = close > open + 1 && SENTENCE_END.contains(&chars[close - 1]);
    let clause_end = (from..chars.len())
        .find(|&k| {
            matches!(chars[k], '。' | '！' | '？' | '；' | '“')
                || (!whole && k > from && matches!(chars[k], '，' | ','))
        })
        .unwrap_or(chars.len());
    if let Some(m) = persons
        .iter()
        .find(|m| m.start >= from && m.end <= clause_end && speaks_at(chars, m.end, res))
    {
        return Some((m.label.clone(), "quote:after"));
    }
    let from = (from..clause_end)
        .find(|&k| !matches!(chars[k], '，' | ',') && !chars[k].is_whitespace())
        .unwrap_or(clause_end);
    let after = leading_pronoun(&chars[from..clause_end], &res.rules)?;
    if !speaks_at(chars, from + after, res) {
        return None;
    }
    pronoun_for().map(|who| (who, "quote:pronoun-after"))
}

/// The person who speaks in `head`, the text before a quotation, whose
/// speech verb stands at character `verb_at`: a person named in the clause
/// from `clause_start`, or the person a title right before the verb stands
/// for (局长强调).
fn named_in_clause(
    head: &str,
    clause_start: usize,
    verb_at: usize,
    persons: &[&Mention],
    titled: &[(String, String)],
) -> Option<String> {
    persons
        .iter()
        .find(|m| m.start >= clause_start && m.end <= verb_at)
        .map(|m| m.label.clone())
        .or_else(|| {
            let h: String = head.chars().take(verb_at).collect();
            titled
                .iter()
                .find(|(t, _)| h.ends_with(t.as_str()))
                .map(|(_, n)| n.clone())
        })
}

/// Longest run of paragraphs one quotation may span.
const MAX_QUOTE_PARAGRAPHS: usize = 6;

/// A quotation opened in paragraph `pi` and left open: the paragraph after
/// it where the closing mark stands, and the index of that mark. Paragraphs
/// that reopen the quotation with a mark of their own continue it.
fn closing_paragraph(article: &Article, pi: usize) -> Option<(usize, usize)> {
    for (pj, p) in article
        .paragraphs
        .iter()
        .enumerate()
        .skip(pi + 1)
        .take(MAX_QUOTE_PARAGRAPHS)
    {
        if p.kind != BlockKind::Body {
            return None;
        }
        let mut depth = 1usize;
        for (k, c) in p.text.text.chars().enumerate() {
            match c {
                '“' if k == 0 => {}
                '“' => depth += 1,
                '”' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some((pj, k));
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// What a paragraph leaves for the quotes of the next one.
struct Leaves {
    /// The paragraph's index.
    index: usize,
    /// The speaker a closing `某某介绍说：` announces.
    announces: Option<String>,
    /// The person of the last sentence, when that sentence holds a speech
    /// verb (`某某在会上介绍了有关情况。`).
    reports: Option<String>,
    /// The last person named.
    last_person: Option<String>,
}

/// Finds the quotes of an article.
pub fn quotes(article: &Article, mentions: &[Mention], res: &Resources) -> Vec<Quote> {
    let mut out = Vec::new();
    // Titles seen right after a name (习近平总书记): a bare title later means that person.
    let mut titled: Vec<(String, String)> = Vec::new();
    let mut text = super::ParagraphChars::default();
    for m in mentions
        .iter()
        .filter(|m| m.entity_type == EntityType::Person)
    {
        let chars = text.of(article, m.paragraph);
        let rest: String = chars.iter().skip(m.end).take(8).collect();
        if let Some(t) = res
            .rules
            .titles
            .iter()
            .find(|t| rest.starts_with(t.as_str()))
        {
            titled.push((t.clone(), m.label.clone()));
        }
        // 国家数据局局长刘烈宏: the post before the name.
        let before = &chars[..m.start.min(chars.len())];
        let before = &before[..before
            .iter()
            .rposition(|c| !c.is_whitespace())
            .map_or(0, |e| e + 1)];
        if let Some(&last) = before.last()
            && let Some(t) = res
                .rules
                .titles
                .ending_with(last)
                .find(|t| super::ends_with(before, before.len(), t))
        {
            titled.push((t.clone(), m.label.clone()));
        }
    }
    // The speaker of the last quote and whether it was left open at the end
    // of its paragraph (a quote running on into the next one).
    let mut last: Option<(usize, String, bool)> = None;
    let mut leaves: Option<Leaves> = None;
    for (pi, p) in article.paragraphs.iter().enumerate() {
        if p.kind != BlockKind::Body {
            continue;
        }
        let chars: Vec<char> = p.text.text.chars().collect();
        let persons: Vec<&Mention> = super::in_paragraph(mentions, pi)
            .iter()
            .filter(|m| m.entity_type == EntityType::Person)
            .collect();
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
                speaker = named_in_clause(head, clause_start, verb_at, &persons, &titled);
                if speaker.is_some() {
                    rule = "quote:verb-colon";
                } else if leading_pronoun(&chars[clause_start..verb_at], &res.rules).is_some() {
                    // 他强调：“…”: the person named last before, in this
                    // paragraph or by the previous one's last quote.
                    speaker = named_last(&persons, clause_start).or_else(|| {
                        last.as_ref()
                            .filter(|(lp, _, _)| lp + 1 == pi)
                            .map(|(_, who, _)| who.clone())
                    });
                    rule = "quote:pronoun";
                }
            }
            if speaker.is_none() && close < chars.len() {
                // “…”，某部某局副局长某某表示, or “…”他说: the pronoun stands for
                // the person named last, here or in the previous paragraph.
                let pronoun_for = || {
                    named_last(&persons, open).or_else(|| {
                        leaves
                            .as_ref()
                            .filter(|l| l.index + 1 == pi)
                            .and_then(|l| l.last_person.clone())
                    })
                };
                if let Some((who, how)) =
                    attributed_after(&chars, open, close, &persons, res, pronoun_for)
                {
                    speaker = Some(who);
                    rule = how;
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
            // 某某介绍说：¶“…”, or 某某在会上介绍了…。¶“…”: a paragraph that
            // opens with a quote speaks for the person the previous one
            // announced or reported on.
            let opens_paragraph = chars[..open].iter().all(|c| c.is_whitespace());
            if speaker.is_none()
                && opens_paragraph
                && let Some(l) = leaves.as_ref().filter(|l| l.index + 1 == pi)
            {
                if let Some(who) = &l.announces {
                    speaker = Some(who.clone());
                    rule = "quote:announced";
                } else if let Some(who) = l.reports.as_ref().filter(|_| {
                    // Speech ends its sentence; a quoted name opening a
                    // paragraph does not.
                    close > open + 1 && SENTENCE_END.contains(&chars[close - 1])
                }) {
                    speaker = Some(who.clone());
                    rule = "quote:previous-paragraph";
                }
            }
            // “…¶…。”某某说: a quotation over paragraphs, attributed after
            // its closing mark.
            if speaker.is_none()
                && close == chars.len()
                && let Some((pj, k)) = closing_paragraph(article, pi)
            {
                let later: Vec<char> = article.paragraphs[pj].text.text.chars().collect();
                let later_persons: Vec<&Mention> = super::in_paragraph(mentions, pj)
                    .iter()
                    .filter(|m| m.entity_type == EntityType::Person)
                    .collect();
                let named_before = || named_last(&persons, open);
                if let Some((who, _)) =
                    attributed_after(&later, 0, k, &later_persons, res, named_before)
                {
                    speaker = Some(who);
                    rule = "quote:over-paragraphs";
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
        let next_opens_quote = article
            .paragraphs
            .get(pi + 1)
            .is_some_and(|n| n.text.text.trim_start().starts_with('“'));
        leaves = Some(leaves_of(
            pi,
            p,
            &chars,
            &persons,
            &titled,
            next_opens_quote,
            res,
        ));
    }
    out
}

/// What paragraph `pi` leaves for the next one's quotes.
fn leaves_of(
    pi: usize,
    p: &crate::model::Paragraph,
    chars: &[char],
    persons: &[&Mention],
    titled: &[(String, String)],
    next_opens_quote: bool,
    res: &Resources,
) -> Leaves {
    let says = |h: &str| {
        res.rules
            .speech_verbs
            .iter()
            .find(|v| h.ends_with(v.as_str()))
            .map(|v| h.chars().count() - v.chars().count())
    };
    let text: String = chars.iter().collect();
    let trimmed = text.trim_end();
    // 某某介绍说：: the name in the clause of the verb, or a title seen
    // after a name before.
    let announces = trimmed
        .strip_suffix('：')
        .or_else(|| trimmed.strip_suffix(':'))
        .and_then(|head| {
            let verb_at = says(head)?;
            let clause_start = head
                .chars()
                .take(verb_at)
                .collect::<Vec<_>>()
                .iter()
                .rposition(|c| CLAUSE_BREAKS.contains(c) || matches!(c, '”'))
                .map_or(0, |k| k + 1);
            named_in_clause(head, clause_start, verb_at, persons, titled)
        });
    // The person, outside brackets, with a speech verb close after it in
    // its clause; looked for only when the next paragraph opens with a quote.
    let reports = p
        .sentences
        .last()
        .filter(|_| next_opens_quote)
        .and_then(|&(s0, s1)| {
            let (s0, s1) = (s0.min(chars.len()), s1.min(chars.len()));
            let mut depth = 0i32;
            let mut at = s0;
            persons
                .iter()
                .filter(|m| m.start >= s0 && m.end <= s1)
                .find(|m| {
                    for c in &chars[at..m.start.max(at)] {
                        match c {
                            '（' | '(' => depth += 1,
                            '）' | ')' => depth -= 1,
                            _ => {}
                        }
                    }
                    at = at.max(m.start);
                    let clause: String = chars[m.end..s1]
                        .iter()
                        .take(MAX_ADVERBIAL_CHARS)
                        .take_while(|c| !CLAUSE_BREAKS.contains(c))
                        .collect();
                    depth == 0
                        && res
                            .rules
                            .speech_verbs
                            .iter()
                            .any(|v| clause.contains(v.as_str()))
                })
                .map(|m| m.label.clone())
        });
    Leaves {
        index: pi,
        announces,
        reports,
        last_person: persons
            .iter()
            .max_by_key(|m| m.end)
            .map(|m| m.label.clone()),
    }
}

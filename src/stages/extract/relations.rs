//! Relations: an article's mentions and text → typed relations between entities.
//!
//! Input: the article (bylines, paragraphs, speaker turns), its mentions and
//! the rule lists (trigger verbs, frames, titles).
//! Output: `affiliatedWith` (bylines and appositions, with the post),
//! `partOf` (nested names), trigger-verb relations and `establishedUnder`.
//! Invariant: subject and object are mentions of the same article, never the
//! same entity; every relation names the rule and the sentence behind it.

use crate::data::TurnRole;
use crate::model::{Article, BlockKind, EntityType, Mention, Recogniser, Relation, Span};
use crate::resources::Resources;
use crate::stages::extract::entities::label_of;

const CLAUSE_BREAKS: &[char] = &['，', '。', '；', '：', '！', '？', '\n'];

fn key(m: &Mention) -> (EntityType, String) {
    (m.entity_type, m.label.clone())
}

/// Relations from the byline: each person is affiliated with the units printed
/// next to their name.
fn bylines(article: &Article, mentions: &[Mention], res: &Resources, out: &mut Vec<Relation>) {
    for b in article
        .creators
        .iter()
        .chain(&article.hosts)
        .chain(&article.guests)
    {
        for a in &b.units {
            let unit_label = res
                .lexicon
                .get(&a.unit)
                .map_or_else(|| label_of(&a.unit), |e| e.label.clone());
            // The unit must be an institution the extractor found.
            let Some(m) = mentions
                .iter()
                .find(|m| m.entity_type == EntityType::Institution && m.label == unit_label)
            else {
                continue;
            };
            // The byline line the name stands on is the evidence.
            let line = article.paragraphs.iter().position(|p| {
                p.kind == BlockKind::Byline
                    && p.text.map.first().is_some_and(|&s| s <= b.span.start)
                    && p.text.map.last().is_some_and(|&e| b.span.end <= e)
            });
            out.push(Relation {
                subject: (EntityType::Person, b.name.clone()),
                predicate: "affiliatedWith".into(),
                object: key(m),
                role: a.role.clone(),
                paragraph: line,
                sentence: line.map(|_| 0),
                span: b.span,
                rule: "byline".into(),
                confidence: 950,
                weight: None,
            });
        }
    }
}

/// `partOf` from a sub-unit to the institution named at its start.
fn nested(mentions: &[Mention], out: &mut Vec<Relation>) {
    for inner in mentions.iter().filter(|m| m.rule.is(Recogniser::Nested)) {
        for outer in mentions.iter().filter(|o| {
            o.paragraph == inner.paragraph
                && o.start == inner.start
                && o.end > inner.end
                && o.entity_type == EntityType::Institution
                && o.label != inner.label
        }) {
            out.push(Relation {
                subject: key(outer),
                predicate: "partOf".into(),
                object: key(inner),
                role: None,
                paragraph: Some(outer.paragraph),
                sentence: Some(outer.sentence),
                span: outer.span,
                rule: "nested-name".into(),
                confidence: 900,
                weight: None,
            });
        }
    }
}

/// `机构 + 职务 + 人名`, possibly several joined by `、`
/// (`某办副主任、某局局长某某`, `某院办公厅副主任、研究员某某`): the person holds
/// each post in the institution written before it.
fn appositions(article: &Article, mentions: &[Mention], res: &Resources, out: &mut Vec<Relation>) {
    for person in mentions
        .iter()
        .filter(|m| m.entity_type == EntityType::Person)
    {
        let p = &article.paragraphs[person.paragraph];
        let chars: Vec<char> = p.text.text.chars().collect();
        let mut pos = person.start;
        if pos > 0 && chars[pos - 1] == ' ' {
            pos -= 1;
        }
        loop {
            let before: String = chars[..pos].iter().collect();
            let Some(title) = res
                .rules
                .titles
                .iter()
                .find(|t| before.ends_with(t.as_str()))
            else {
                break;
            };
            let title_start = pos - title.chars().count();
            let org = mentions.iter().find(|m| {
                m.paragraph == person.paragraph
                    && m.end == title_start
                    && m.entity_type == EntityType::Institution
                    && !m.rule.is(Recogniser::Nested)
            });
            pos = match org {
                Some(org) => {
                    out.push(Relation {
                        subject: key(person),
                        predicate: "affiliatedWith".into(),
                        object: key(org),
                        role: Some(title.clone()),
                        paragraph: Some(person.paragraph),
                        sentence: Some(person.sentence),
                        span: Span {
                            start: org.span.start,
                            end: person.span.end,
                        },
                        rule: "apposition".into(),
                        confidence: 900,
                        weight: None,
                    });
                    org.start
                }
                None => title_start,
            };
            if pos > 0 && chars[pos - 1] == '、' {
                pos -= 1;
            } else if org.is_none() {
                continue;
            } else {
                break;
            }
        }
    }
}

/// Stated structure: `某某现任某机构院长` (affiliatedWith, with the post) and
/// `某机构下设某中心` / `某机构所属的某局` (partOf).
fn stated(article: &Article, mentions: &[Mention], res: &Resources, out: &mut Vec<Relation>) {
    for (pi, p) in article.paragraphs.iter().enumerate() {
        let chars: Vec<char> = p.text.text.chars().collect();
        let ms: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.paragraph == pi && !m.rule.is(Recogniser::Nested))
            .collect();
        for (i, a) in ms.iter().enumerate() {
            let Some(b) = ms.get(i + 1) else { continue };
            let between: String = chars[a.end..b.start.max(a.end)].iter().collect();
            let between =
                between.trim_end_matches(|c| res.rules.attributive_particles.contains(&c));
            let post = res.rules.post_verbs.iter().any(|v| between == v.as_str());
            let unit = res.rules.unit_verbs.iter().any(|v| between == v.as_str());
            let span = Span {
                start: a.span.start,
                end: b.span.end,
            };
            if post
                && a.entity_type == EntityType::Person
                && b.entity_type == EntityType::Institution
            {
                let rest: String = chars[b.end..].iter().take(12).collect();
                let role = res
                    .rules
                    .titles
                    .iter()
                    .find(|t| rest.starts_with(t.as_str()))
                    .cloned();
                out.push(Relation {
                    subject: key(a),
                    predicate: "affiliatedWith".into(),
                    object: key(b),
                    role,
                    paragraph: Some(pi),
                    sentence: Some(a.sentence),
                    span,
                    rule: format!("stated:{between}"),
                    confidence: 850,
                    weight: None,
                });
            }
            if unit
                && a.entity_type == EntityType::Institution
                && b.entity_type == EntityType::Institution
            {
                out.push(Relation {
                    subject: key(b),
                    predicate: "partOf".into(),
                    object: key(a),
                    role: None,
                    paragraph: Some(pi),
                    sentence: Some(a.sentence),
                    span,
                    rule: format!("stated:{between}"),
                    confidence: 850,
                    weight: None,
                });
            }
        }
    }
}

/// Ranges of the paragraph that are inside quotation marks.
fn quoted_ranges(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '“' if open.is_none() => open = Some(i),
            '”' => {
                if let Some(s) = open.take() {
                    out.push((s, i + 1));
                }
            }
            _ => {}
        }
    }
    out
}

/// Ranges inside full-width brackets: asides such as `（记者 王静）`.
fn bracket_ranges(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '（' => open = Some(i),
            '）' => {
                if let Some(s) = open.take() {
                    out.push((s, i));
                }
            }
            _ => {}
        }
    }
    out
}

/// Objects a predicate accepts.
fn accepts(predicate: &str, m: &Mention) -> bool {
    match predicate {
        "supports" | "advocates" => {
            matches!(m.entity_type, EntityType::Initiative | EntityType::Concept)
                || (m.entity_type == EntityType::Institution && m.rule.is(Recogniser::QuotedTerm))
        }
        _ => m.entity_type == EntityType::Initiative,
    }
}

/// Trigger verbs between a subject before them and objects after them.
fn triggers(article: &Article, mentions: &[Mention], res: &Resources, out: &mut Vec<Relation>) {
    for (pi, p) in article.paragraphs.iter().enumerate() {
        if p.kind != BlockKind::Body {
            continue;
        }
        let chars: Vec<char> = p.text.text.chars().collect();
        let quotes = quoted_ranges(&chars);
        let in_quote = |i: usize| quotes.iter().any(|&(s, e)| i > s && i < e - 1);
        let brackets = bracket_ranges(&chars);
        let in_brackets = |i: usize| brackets.iter().any(|&(s, e)| i > s && i < e);
        let ms: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.paragraph == pi && !m.rule.is(Recogniser::Nested))
            .collect();
        let in_mention = |i: usize| ms.iter().any(|m| i >= m.start && i < m.end);
        for (si, &(s0, s1)) in p.sentences.iter().enumerate() {
            let mut i = s0.max(p.speaker_prefix);
            while i < s1 {
                let found = res.rules.triggers.iter().find(|(w, _)| {
                    let n = w.chars().count();
                    i + n <= s1 && chars[i..i + n].iter().copied().eq(w.chars())
                });
                let Some((word, predicate)) = found else {
                    i += 1;
                    continue;
                };
                let t0 = i;
                let t1 = i + word.chars().count();
                i = t1;
                if in_quote(t0) || in_mention(t0) {
                    continue;
                }
                // Objects: allowed mentions after the verb in the same clause.
                let clause_end = (t1..s1)
                    .find(|&k| CLAUSE_BREAKS.contains(&chars[k]))
                    .unwrap_or(s1);
                // Objects: the first one after the verb, and those coordinated
                // with it (《甲》和《乙》, “甲”“乙”).
                let mut candidates: Vec<&&Mention> = ms
                    .iter()
                    .filter(|m| m.start >= t1 && m.end <= clause_end && accepts(predicate, m))
                    .collect();
                candidates.sort_by_key(|m| m.start);
                // The first object stands close to the verb (倡导构建…, 发布《…》);
                // a distant one is the object of some other verb.
                // 支持在联合国框架下建立“…”: what is set up under a framework is
                // the object, however far from the verb.
                let framed = candidates.first().is_some_and(|m| {
                    let between: String = chars[t1..m.start].iter().collect();
                    let between = between.trim_end_matches(['“', '《']);
                    res.rules
                        .frames
                        .iter()
                        .any(|f| between.contains(f.as_str()))
                        && res
                            .rules
                            .establish_verbs
                            .iter()
                            .any(|v| between.ends_with(v.as_str()))
                });
                if !framed
                    && candidates
                        .first()
                        .is_some_and(|m| m.start - t1 > MAX_OBJECT_GAP)
                {
                    continue;
                }
                // 倡导对网络犯罪…: an object after a preposition belongs to it;
                // 尊重网络文化的多样性: a name before 的 only modifies the object.
                if let Some(first) = candidates.first().filter(|_| !framed) {
                    let between: String = chars[t1..first.start].iter().collect();
                    let governed = res
                        .rules
                        .prepositions
                        .iter()
                        .any(|p| between.contains(p.as_str()));
                    if governed
                        || chars
                            .get(first.end)
                            .is_some_and(|c| res.rules.attributive_particles.contains(c))
                    {
                        continue;
                    }
                }
                let mut objects: Vec<&&Mention> = Vec::new();
                for m in candidates {
                    let joined = objects.last().is_none_or(|prev| {
                        let between: String =
                            chars[prev.end..m.start.max(prev.end)].iter().collect();
                        between
                            .trim_matches(|c: char| matches!(c, '“' | '”' | '《' | '》' | ' '))
                            .chars()
                            .all(|c| {
                                res.rules.coordinator_chars.contains(&c)
                                    || matches!(c, '“' | '”' | '《' | '》')
                            })
                    });
                    if !joined {
                        break;
                    }
                    objects.push(m);
                }
                if objects.is_empty() {
                    continue;
                }
                // Subject: the last agent before the verb in the sentence, else the
                // speaker. Agents after a preposition (在杭州) or a trigger
                // (支持联合国) are adjuncts or objects, not subjects.
                let preceded = |m: &Mention, words: &mut dyn Iterator<Item = &String>| {
                    let before: String = chars[s0..m.start].iter().collect();
                    let mut hit = false;
                    for w in words {
                        hit |= before.ends_with(w.as_str());
                    }
                    hit
                };
                let subject = ms
                    .iter()
                    .filter(|m| {
                        m.end <= t0
                            && m.start >= s0
                            && m.entity_type.is_agent()
                            && !in_quote(m.start)
                            && !in_brackets(m.start)
                            && !preceded(m, &mut res.rules.prepositions.iter())
                            && !preceded(m, &mut res.rules.triggers.iter().map(|(w, _)| w))
                    })
                    .max_by_key(|m| m.end)
                    .map(|m| (coordinated(m, &ms, &chars, &res.rules), 800u16))
                    .or_else(|| {
                        p.speaker
                            .as_ref()
                            .filter(|s| res.rules.turn_label(s) != Some(TurnRole::Host))
                            .map(|s| (vec![(EntityType::Person, s.clone())], 600u16))
                    });
                let Some((subjects, confidence)) = subject else {
                    continue;
                };
                for (o, subject) in objects
                    .iter()
                    .flat_map(|o| subjects.iter().map(move |s| (o, s)))
                {
                    if key(o) == *subject {
                        continue;
                    }
                    out.push(Relation {
                        subject: subject.clone(),
                        predicate: predicate.clone(),
                        object: key(o),
                        role: None,
                        paragraph: Some(pi),
                        sentence: Some(si),
                        span: p.text.span(t0, o.end),
                        rule: format!("trigger:{word}"),
                        confidence,
                        weight: None,
                    });
                }
            }
        }
    }
}

/// A subject and the agents coordinated before it (`甲、乙和丙联合发布`).
fn coordinated(
    m: &Mention,
    ms: &[&Mention],
    chars: &[char],
    rules: &crate::data::Rules,
) -> Vec<(EntityType, String)> {
    let mut out = vec![key(m)];
    let mut start = m.start;
    while start > 0 && rules.single_coordinators.contains(&chars[start - 1]) {
        let Some(prev) = ms
            .iter()
            .find(|p| p.end + 1 == start && p.entity_type.is_agent())
        else {
            break;
        };
        out.push(key(prev));
        start = prev.start;
    }
    out
}

/// `在X框架下建立Y`: Y is established under X.
fn frames(article: &Article, mentions: &[Mention], res: &Resources, out: &mut Vec<Relation>) {
    for org in mentions
        .iter()
        .filter(|m| m.entity_type == EntityType::Institution)
    {
        let p = &article.paragraphs[org.paragraph];
        let chars: Vec<char> = p.text.text.chars().collect();
        let rest: String = chars[org.end..].iter().take(6).collect();
        let Some(frame) = res
            .rules
            .frames
            .iter()
            .find(|f| rest.starts_with(f.as_str()))
        else {
            continue;
        };
        let from = org.end + frame.chars().count();
        let clause_end = (from..chars.len())
            .find(|&k| CLAUSE_BREAKS.contains(&chars[k]))
            .unwrap_or(chars.len());
        let window: String = chars[from..clause_end].iter().collect();
        let Some(verb_at) = res
            .rules
            .establish_verbs
            .iter()
            .filter_map(|v| {
                window
                    .find(v.as_str())
                    .map(|b| window[..b].chars().count() + v.chars().count())
            })
            .min()
        else {
            continue;
        };
        for m in mentions.iter().filter(|m| {
            m.paragraph == org.paragraph
                && m.start >= from + verb_at
                && m.end <= clause_end
                && matches!(
                    m.entity_type,
                    EntityType::Initiative | EntityType::Institution
                )
                && !m.rule.is(Recogniser::Nested)
        }) {
            out.push(Relation {
                subject: key(m),
                predicate: "establishedUnder".into(),
                object: key(org),
                role: None,
                paragraph: Some(org.paragraph),
                sentence: Some(m.sentence),
                span: p.text.span(org.start, m.end),
                rule: format!("frame:{frame}"),
                confidence: 850,
                weight: None,
            });
        }
    }
}

/// `discusses`: a speaker and the concepts and initiatives named in their
/// turns, weighted by the number of mentions.
fn discusses(article: &Article, mentions: &[Mention], res: &Resources, out: &mut Vec<Relation>) {
    type Key = (String, (EntityType, String));
    let mut seen: std::collections::BTreeMap<Key, (u32, &Mention)> =
        std::collections::BTreeMap::new();
    for m in mentions {
        let p = &article.paragraphs[m.paragraph];
        let Some(speaker) = p
            .speaker
            .as_ref()
            .filter(|s| res.rules.turn_label(s) != Some(TurnRole::Host))
        else {
            continue;
        };
        if !matches!(m.entity_type, EntityType::Concept | EntityType::Initiative)
            || m.start < p.speaker_prefix
        {
            continue;
        }
        seen.entry((speaker.clone(), key(m))).or_insert((0, m)).0 += 1;
    }
    for ((speaker, object), (n, m)) in seen {
        out.push(Relation {
            subject: (EntityType::Person, speaker),
            predicate: "discusses".into(),
            object,
            role: None,
            paragraph: Some(m.paragraph),
            sentence: Some(m.sentence),
            span: m.span,
            rule: "turn".into(),
            confidence: 700,
            weight: Some(n),
        });
    }
}

/// How many characters may stand between a trigger verb and its first object.
const MAX_OBJECT_GAP: usize = 4;

/// Sentences naming more entities than this link only neighbouring names.
const MAX_CLIQUE: usize = 6;

/// `relatedTo`: entities named in the same sentence (not concepts), one edge
/// per pair with the number of sentences as its weight.
fn cooccurrence(mentions: &[Mention], out: &mut Vec<Relation>) {
    let mut by_sentence: std::collections::BTreeMap<(usize, usize), Vec<&Mention>> =
        std::collections::BTreeMap::new();
    // A nested name overlaps its container: it is part of it, not next to it.
    for m in mentions
        .iter()
        .filter(|m| m.entity_type != EntityType::Concept && !m.rule.is(Recogniser::Nested))
    {
        by_sentence
            .entry((m.paragraph, m.sentence))
            .or_default()
            .push(m);
    }
    type Pair = ((EntityType, String), (EntityType, String));
    let mut pairs: std::collections::BTreeMap<Pair, (u32, &Mention)> =
        std::collections::BTreeMap::new();
    for ms in by_sentence.values() {
        // Entities in the order they are first named.
        let mut keys: Vec<((EntityType, String), &Mention)> = Vec::new();
        let mut sorted: Vec<&&Mention> = ms.iter().collect();
        sorted.sort_by_key(|m| m.start);
        for m in sorted {
            if !keys.iter().any(|(k, _)| *k == key(m)) {
                keys.push((key(m), *m));
            }
        }
        // A long enumeration (a list of countries) links each name to its
        // neighbours only, so edges grow with mentions, not their square.
        let reach = if keys.len() > MAX_CLIQUE {
            2
        } else {
            keys.len()
        };
        for i in 0..keys.len() {
            for j in i + 1..keys.len().min(i + reach) {
                let (a, b) = if keys[i].0 <= keys[j].0 {
                    (i, j)
                } else {
                    (j, i)
                };
                pairs
                    .entry((keys[a].0.clone(), keys[b].0.clone()))
                    .or_insert((0, keys[i].1))
                    .0 += 1;
            }
        }
    }
    for ((a, b), (n, m)) in pairs {
        out.push(Relation {
            subject: a,
            predicate: "relatedTo".into(),
            object: b,
            role: None,
            paragraph: Some(m.paragraph),
            sentence: Some(m.sentence),
            span: m.span,
            rule: "co-occurrence".into(),
            confidence: 500,
            weight: Some(n),
        });
    }
}

/// All relations of an article, sorted and without duplicates.
pub fn relations(article: &Article, mentions: &[Mention], res: &Resources) -> Vec<Relation> {
    let mut out = Vec::new();
    bylines(article, mentions, res, &mut out);
    nested(mentions, &mut out);
    appositions(article, mentions, res, &mut out);
    stated(article, mentions, res, &mut out);
    triggers(article, mentions, res, &mut out);
    frames(article, mentions, res, &mut out);
    discusses(article, mentions, res, &mut out);
    cooccurrence(mentions, &mut out);
    out.sort();
    out.dedup_by(|a, b| {
        a.subject == b.subject
            && a.predicate == b.predicate
            && a.object == b.object
            && a.span == b.span
    });
    out
}

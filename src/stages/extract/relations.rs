//! Relations: an article's mentions and text → typed relations between entities.
//!
//! Input: the article (bylines, paragraphs, speaker turns), its mentions and
//! the rule lists (trigger verbs, frames, titles).
//! Output: `affiliatedWith` (bylines, appositions and stated posts, with the
//! post), `partOf` (nested names, stated units), trigger-verb relations and
//! `establishedUnder`. A trigger's rule says how its arguments were found
//! beyond the plain `subject verb objects`: `+passive` (大会由甲主办),
//! `+event` (出席开幕式), `+carried` (the subject of the sentence's previous
//! verb), `+speaker` (the turn's speaker), `+previous-sentence`. A verb
//! states nothing of a subject after a copula in a clause closed by 的
//! (某组织是践行某理念的平台), after a word of means (通过开展…) or behind a
//! verb of urging (呼吁各方坚持…); a name in a prepositional frame
//! (在…领导下) is no subject; some verbs take only events as objects
//! (开展“…”专项行动).
//! Invariant: subject and object are mentions of the same article, never the
//! same entity; every relation names the rule and the sentence behind it.

use crate::model::{Article, BlockKind, EntityType, Mention, Recogniser, Relation, Span, Token};
use crate::resources::Resources;
use crate::stages::extract::entities::label_of;
use crate::stages::extract::{ends_with, in_paragraph, starts_at};

use crate::script::CLAUSE_BREAKS;

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
        for outer in in_paragraph(mentions, inner.paragraph).iter().filter(|o| {
            o.start == inner.start
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
fn appositions(
    article: &Article,
    mentions: &[Mention],
    tokens: &[Vec<Token>],
    res: &Resources,
    out: &mut Vec<Relation>,
) {
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
            // The institution a post follows; 外交部长: the post shares its
            // first character with the name.
            let org_before = |title_start: usize| {
                post_institution(
                    in_paragraph(mentions, person.paragraph).iter(),
                    &chars,
                    tokens.get(person.paragraph).map_or(&[], Vec::as_slice),
                    title_start,
                    &res.rules,
                )
            };
            // The longest post with an institution before it, else the longest.
            let posts: Vec<(&String, Option<&Mention>)> = res
                .rules
                .titles
                .iter()
                .filter(|t| ends_with(&chars, pos, t))
                .map(|t| (t, org_before(pos - t.chars().count())))
                .collect();
            let Some(&(title, org)) = posts
                .iter()
                .find(|(_, o)| o.is_some())
                .or_else(|| posts.first())
            else {
                break;
            };
            let title_start = pos - title.chars().count();
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
            if pos > 0
                && (chars[pos - 1] == '、' || res.rules.post_joiners.contains(&chars[pos - 1]))
            {
                pos -= 1;
            } else if org.is_none() {
                continue;
            } else {
                break;
            }
        }
    }
}

/// A post may be described between its institution and its title, in at
/// most this many characters (美国国务院关键和新兴技术代理特使).
const MAX_POST_GAP: usize = 10;

/// The institution a post starting at `title_start` belongs to: the one
/// written right before it (外交部长 shares a character with it), or one a
/// short description of the post away, with no punctuation, verb or other
/// name between them.
fn post_institution<'m>(
    ms: impl Iterator<Item = &'m Mention> + Clone,
    chars: &[char],
    tokens: &[Token],
    title_start: usize,
    rules: &crate::data::Rules,
) -> Option<&'m Mention> {
    let usable =
        |m: &&Mention| m.entity_type == EntityType::Institution && !m.rule.is(Recogniser::Nested);
    if let Some(m) = ms
        .clone()
        .filter(usable)
        .find(|m| m.end == title_start || (m.end == title_start + 1 && m.start < title_start))
    {
        return Some(m);
    }
    let org = ms
        .clone()
        .filter(usable)
        .filter(|m| m.end < title_start && title_start - m.end <= MAX_POST_GAP)
        .max_by_key(|m| m.end)?;
    // The words of the description are nouns, adjectives and conjunctions.
    let described = tokens
        .iter()
        .filter(|t| t.end > org.end && t.start < title_start)
        .all(|t| {
            let tag = t.tag.as_str();
            (tag.starts_with('n') && !tag.starts_with("nr"))
                || matches!(tag, "b" | "a" | "an" | "vn" | "j" | "c" | "f")
        });
    let clean = described
        && chars[org.end..title_start]
            .iter()
            .all(|&c| crate::script::is_cjk(c))
        && (org.end..title_start).all(|i| {
            !rules.triggers.iter().any(|(w, _)| starts_at(chars, i, w))
                && !rules.speech_verbs.iter().any(|w| starts_at(chars, i, w))
        })
        && !ms.into_iter().any(|m| {
            m.entity_type != EntityType::Concept && m.start >= org.end && m.start < title_start
        });
    clean.then_some(org)
}

/// Stated structure: `某某现任某机构院长，兼任某学会副会长` (affiliatedWith,
/// with the post) and `某机构下设甲、乙等` / `某机构所属的某局` (partOf).
fn stated(article: &Article, mentions: &[Mention], res: &Resources, out: &mut Vec<Relation>) {
    let rules = &res.rules;
    for (pi, p) in article.paragraphs.iter().enumerate() {
        let chars: Vec<char> = p.text.text.chars().collect();
        let ms: Vec<&Mention> = in_paragraph(mentions, pi)
            .iter()
            .filter(|m| !m.rule.is(Recogniser::Nested))
            .collect();
        let text = |a: usize, b: usize| -> String { chars[a..b.max(a)].iter().collect() };
        let mut i = 0;
        while i < chars.len() {
            let at = |words: &crate::data::WordList| {
                words
                    .starting_with(chars[i])
                    .find(|v| starts_at(&chars, i, v))
                    .cloned()
            };
            let (verb, post) = match (at(&rules.post_verbs), at(&rules.unit_verbs)) {
                (Some(v), _) => (v, true),
                (None, Some(v)) => (v, false),
                (None, None) => {
                    i += 1;
                    continue;
                }
            };
            let (v0, v1) = (i, i + verb.chars().count());
            i = v1;
            if ms.iter().any(|m| m.start <= v0 && v0 < m.end) {
                continue;
            }
            let Some(&(s0, _)) = p.sentences.iter().find(|&&(s, e)| s <= v0 && v0 < e) else {
                continue;
            };
            // The names after the verb: the first right after it (下设的…),
            // then those coordinated with it.
            let mut after: Vec<&Mention> = Vec::new();
            let mut from = v1;
            while from < chars.len() && rules.attributive_particles.contains(&chars[from]) {
                from += 1;
            }
            let mut sorted: Vec<&Mention> =
                ms.iter().copied().filter(|m| m.start >= from).collect();
            sorted.sort_by_key(|m| m.start);
            for m in sorted {
                let gap = text(after.last().map_or(from, |l| l.end), m.start);
                let joined = match after.last() {
                    None => gap.is_empty(),
                    Some(_) => {
                        let gap = rules
                            .list_ends
                            .iter()
                            .find(|w| gap.starts_with(w.as_str()))
                            .map_or(gap.as_str(), |w| &gap[w.len()..]);
                        !gap.is_empty() && gap.chars().all(|c| rules.coordinator_chars.contains(&c))
                    }
                };
                if !joined || m.entity_type != EntityType::Institution {
                    break;
                }
                after.push(m);
            }
            if post {
                // The person: the last one named before the verb in the sentence.
                let Some(person) = ms
                    .iter()
                    .filter(|m| m.entity_type == EntityType::Person && m.start >= s0 && m.end <= v0)
                    .max_by_key(|m| m.end)
                else {
                    continue;
                };
                // 任 alone is a verb only right after the name (王某任某局局长).
                if verb.chars().count() == 1 && person.end != v0 {
                    continue;
                }
                for b in after {
                    let rest: String = chars[b.end..].iter().take(12).collect();
                    let role = rules
                        .titles
                        .iter()
                        .find(|t| rest.starts_with(t.as_str()))
                        .cloned();
                    out.push(Relation {
                        subject: key(person),
                        predicate: "affiliatedWith".into(),
                        object: key(b),
                        role,
                        paragraph: Some(pi),
                        sentence: Some(b.sentence),
                        span: Span {
                            start: person.span.start,
                            end: b.span.end,
                        },
                        rule: format!("stated:{verb}"),
                        confidence: 850,
                        weight: None,
                    });
                }
            } else {
                // The parent: the institution right before the verb.
                let Some(parent) = ms
                    .iter()
                    .find(|m| m.end == v0 && m.entity_type == EntityType::Institution)
                else {
                    continue;
                };
                for b in after.into_iter().filter(|b| b.label != parent.label) {
                    out.push(Relation {
                        subject: key(b),
                        predicate: "partOf".into(),
                        object: key(parent),
                        role: None,
                        paragraph: Some(pi),
                        sentence: Some(b.sentence),
                        span: Span {
                            start: parent.span.start,
                            end: b.span.end,
                        },
                        rule: format!("stated:{verb}"),
                        confidence: 850,
                        weight: None,
                    });
                }
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

/// The clauses of a paragraph that open with a preposition and close with a
/// localizer (在以某人为核心的党中央领导下), as character ranges.
fn frame_ranges(chars: &[char], res: &Resources) -> Vec<(usize, usize)> {
    let rules = &res.rules;
    let mut out = Vec::new();
    let mut from = 0;
    for to in (0..=chars.len()).filter(|&k| k == chars.len() || CLAUSE_BREAKS.contains(&chars[k])) {
        let clause: String = chars[from..to].iter().collect();
        let clause = clause.trim();
        let framed = rules
            .prepositions
            .iter()
            .any(|w| clause.starts_with(w.as_str()))
            && rules
                .localizers
                .iter()
                .any(|w| clause.ends_with(w.as_str()));
        if framed {
            out.push((from, to));
        }
        from = to + 1;
    }
    out
}

/// Where the verbs of urging of a paragraph stand, except those a
/// coordinator or preposition joins to another (希望同各方一道).
fn urge_positions(chars: &[char], res: &Resources) -> Vec<usize> {
    let rules = &res.rules;
    (0..chars.len())
        .filter(|&i| {
            rules.urge_words.starting_with(chars[i]).any(|w| {
                starts_at(chars, i, w)
                    && !chars.get(i + w.chars().count()).is_some_and(|c| {
                        rules.single_coordinators.contains(c)
                            || rules.prepositions.iter().any(|p| p.starts_with(*c))
                    })
            })
        })
        .collect()
}

/// Where the clauses of a paragraph that open with a sequel word start.
fn sequel_clauses(chars: &[char], res: &Resources) -> Vec<usize> {
    (1..chars.len())
        .filter(|&i| CLAUSE_BREAKS.contains(&chars[i - 1]))
        .filter(|&i| {
            res.rules
                .sequels
                .starting_with(chars[i])
                .any(|w| starts_at(chars, i, w))
        })
        .collect()
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

/// An entity key with the confidence of the rule that chose it.
type Agents = (Vec<(EntityType, String)>, u16);

/// What the trigger pass of one paragraph sees.
struct Clauses<'a> {
    chars: Vec<char>,
    /// The paragraph's words.
    tokens: &'a [Token],
    quotes: Vec<(usize, usize)>,
    brackets: Vec<(usize, usize)>,
    /// Clauses that are one prepositional frame (在…领导下).
    frames: Vec<(usize, usize)>,
    /// Where a verb of urging another stands (呼吁各方…).
    urges: Vec<usize>,
    /// Where clauses opening with a sequel word (并举办…) start.
    sequel_clauses: Vec<usize>,
    ms: Vec<&'a Mention>,
    res: &'a Resources,
}

impl Clauses<'_> {
    fn in_quote(&self, i: usize) -> bool {
        self.quotes.iter().any(|&(s, e)| i > s && i < e - 1)
    }

    fn in_brackets(&self, i: usize) -> bool {
        self.brackets.iter().any(|&(s, e)| i > s && i < e)
    }

    fn in_mention(&self, i: usize) -> bool {
        self.ms.iter().any(|m| i >= m.start && i < m.end)
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to.max(from)].iter().collect()
    }

    /// Whether the text before `m` in its sentence ends with one of `words`,
    /// past an ordinal (向第78届联合国大会).
    fn preceded<'w>(
        &self,
        s0: usize,
        m: &Mention,
        words: impl IntoIterator<Item = &'w String>,
    ) -> bool {
        let before = self.before(s0, m);
        words
            .into_iter()
            .any(|w| ends_with(before, before.len(), w))
    }

    /// [`Clauses::preceded`] by a trigger verb, looked up by its last character.
    fn preceded_by_trigger(&self, s0: usize, m: &Mention) -> bool {
        let before = self.before(s0, m);
        before.last().is_some_and(|&c| {
            self.res
                .rules
                .triggers_ending_with(c)
                .any(|w| ends_with(before, before.len(), w))
        })
    }

    /// The sentence from `s0` up to mention `m`, less the numbers right before it.
    fn before(&self, s0: usize, m: &Mention) -> &[char] {
        let rules = &self.res.rules;
        let mut end = m.start.min(self.chars.len());
        while end > s0 && {
            let c = self.chars[end - 1];
            c.is_ascii_digit()
                || rules.numerals.contains(&c)
                || rules.ordinals.prefix.contains(&c)
                || rules.ordinals.suffix.contains(&c)
        } {
            end -= 1;
        }
        &self.chars[s0.min(end)..end]
    }

    /// The trigger verb starting at `i`, longest first.
    fn trigger_at(&self, i: usize, s1: usize) -> Option<&(String, String)> {
        let chars = &self.chars[..s1.min(self.chars.len())];
        let rules = &self.res.rules;
        rules
            .trigger_initials
            .get(chars.get(i)?)?
            .iter()
            .map(|&k| &rules.triggers[k])
            .find(|(w, _)| starts_at(chars, i, w))
    }

    /// Whether `from..to` is a clause modifying what follows: an agent, a
    /// trigger and an attributive particle (某政府主办的).
    fn relative_clause(&self, from: usize, to: usize) -> bool {
        let rules = &self.res.rules;
        let Some(particle) = to.checked_sub(1) else {
            return false;
        };
        if particle <= from || !rules.attributive_particles.contains(&self.chars[particle]) {
            return false;
        }
        rules
            .triggers_ending_with(self.chars[particle - 1])
            .filter(|w| ends_with(&self.chars, particle, w))
            .any(|w| {
                let verb = particle - w.chars().count();
                self.ms
                    .iter()
                    .any(|m| m.start == from && m.end == verb && m.entity_type.is_agent())
            })
    }

    /// 支持联合国在全球治理中发挥作用: an institution supported in the role
    /// the rest of the clause gives it.
    fn plays_role(&self, predicate: &str, m: &Mention, clause_end: usize) -> bool {
        let rest = self.text(m.end, clause_end);
        predicate == "supports"
            && m.entity_type == EntityType::Institution
            && self
                .res
                .rules
                .role_verbs
                .iter()
                .any(|v| rest.contains(v.as_str()))
    }

    /// Whether only coordinators, list ends and quotation marks stand
    /// between two members of a list.
    fn joins(&self, from: usize, to: usize) -> bool {
        let between = self.text(from, to);
        let mut rest = between.trim_matches(|c: char| matches!(c, '“' | '”' | '《' | '》' | ' '));
        if let Some(end) = self
            .res
            .rules
            .list_ends
            .iter()
            .find(|w| rest.starts_with(w.as_str()))
        {
            rest = &rest[end.len()..];
        }
        rest.chars().all(|c| {
            self.res.rules.coordinator_chars.contains(&c) || matches!(c, '“' | '”' | '《' | '》')
        })
    }

    /// The objects of a trigger ending at `t1`: the first accepted mention
    /// close to the verb and every member of the list it opens.
    fn objects(&self, predicate: &str, t1: usize, clause_end: usize) -> Vec<&Mention> {
        let rules = &self.res.rules;
        let mut candidates: Vec<&Mention> = self
            .ms
            .iter()
            .copied()
            .filter(|m| {
                m.start >= t1
                    && m.end <= clause_end
                    && (accepts(predicate, m) || self.plays_role(predicate, m, clause_end))
            })
            .collect();
        candidates.sort_by_key(|m| m.start);
        let Some(first) = candidates.first() else {
            return Vec::new();
        };
        // 支持在联合国框架下建立“…”: what is set up under a framework is the
        // object, however far from the verb.
        let between = self.text(t1, first.start);
        let framed = {
            let b = between.trim_end_matches(['“', '《']);
            rules.frames.iter().any(|f| b.contains(f.as_str()))
                && rules
                    .establish_verbs
                    .iter()
                    .any(|v| b.ends_with(v.as_str()))
        };
        if !framed {
            // The first object stands close to the verb (倡导构建…, 发布《…》);
            // a distant one is the object of some other verb, unless what
            // stands between is a clause on it (出席某政府主办的某大会).
            if first.start - t1 > MAX_OBJECT_GAP && !self.relative_clause(t1, first.start) {
                return Vec::new();
            }
            // 倡导对网络犯罪…: an object after a preposition belongs to it;
            // 尊重网络文化的多样性: a name before 的 only modifies the object.
            // 秉持共商共建共享的全球治理观: a principle's own modifier.
            let governed = rules
                .prepositions
                .iter()
                .any(|p| between.contains(p.as_str()));
            let modifier = self
                .chars
                .get(first.end)
                .is_some_and(|c| rules.attributive_particles.contains(c));
            let principle = predicate == "advocates" && first.entity_type == EntityType::Concept;
            if governed || (modifier && !principle) {
                return Vec::new();
            }
        }
        let mut objects: Vec<&Mention> = Vec::new();
        for m in candidates {
            if objects
                .last()
                .is_some_and(|prev| !self.joins(prev.end, m.start))
            {
                break;
            }
            objects.push(m);
        }
        objects
    }

    /// Whether `m` may be the subject of a verb in the sentence from `s0`:
    /// an agent outside quotes and brackets, not after a preposition (在杭州)
    /// or a trigger (支持联合国), and not an object already taken.
    fn may_be_subject(
        &self,
        s0: usize,
        m: &Mention,
        taken: &[(usize, usize)],
        events: bool,
    ) -> bool {
        self.may_act(s0, m, taken, events) && !self.preceded_by_trigger(s0, m)
    }

    /// What [`Clauses::may_be_subject`] asks of a mention besides not being
    /// the object of a verb before it: an agent, not a region, not governed
    /// by a preposition, not quoted or bracketed, not taken as an object.
    /// With `events`, an event may act too (大会发布《…》).
    fn may_act(&self, s0: usize, m: &Mention, taken: &[(usize, usize)], events: bool) -> bool {
        self.acts(s0, m, taken, events, &self.res.rules.prepositions)
    }

    /// [`Clauses::may_act`] with `prepositions` as the words that govern a
    /// name.
    fn acts<'w>(
        &self,
        s0: usize,
        m: &Mention,
        taken: &[(usize, usize)],
        events: bool,
        prepositions: impl IntoIterator<Item = &'w String> + Clone,
    ) -> bool {
        // 在陕西西安: the preposition stands before the wider place.
        let mut head = m;
        while head.entity_type == EntityType::Place {
            match self
                .ms
                .iter()
                .find(|o| o.end == head.start && o.entity_type == EntityType::Place)
            {
                Some(o) => head = o,
                None => break,
            }
        }
        (m.entity_type.is_agent() || (events && self.is_event(m)))
            && !self.res.rules.world_regions.contains(&m.label)
            && !self.preceded(s0, head, prepositions.clone())
            && !self.in_quote(m.start)
            && !self.in_brackets(m.start)
            && !taken.contains(&(m.start, m.end))
            && !self.preceded(s0, m, prepositions)
            && !self.in_frame(m)
    }

    /// Whether a verb of urging stands between the subject (its last
    /// mention in the sentence, or the sentence start) and the verb at `t0`
    /// (呼吁各方坚持多边主义), not joined to another by a coordinator
    /// (希望同各方一道推动…), and no clause opening with a sequel word
    /// (呼吁各方保持克制，并举办…) returns the verb to the subject.
    fn urged(&self, s0: usize, t0: usize, subjects: &[(EntityType, String)]) -> bool {
        let from = self
            .ms
            .iter()
            .filter(|m| {
                m.start >= s0
                    && m.end <= t0
                    && subjects
                        .iter()
                        .any(|(t, l)| *t == m.entity_type && *l == m.label)
            })
            .map(|m| m.end)
            .max()
            .unwrap_or(s0);
        self.urges
            .iter()
            .any(|&u| u >= from && u < t0 && !self.sequel_clauses.iter().any(|&c| c > u && c <= t0))
    }

    /// Whether `m` stands in a clause that is one prepositional frame
    /// (在以某人为核心的党中央领导下，…): a circumstance, not an agent.
    fn in_frame(&self, m: &Mention) -> bool {
        self.frames.iter().any(|&(s, e)| m.start >= s && m.end <= e)
    }

    /// An event by its name (`…论坛`).
    fn is_event(&self, m: &Mention) -> bool {
        m.entity_type == EntityType::Initiative
            && self
                .res
                .rules
                .event_heads
                .iter()
                .any(|h| m.label.ends_with(h.as_str()))
    }

    /// The last possible subject in `from..to`.
    fn subject_head(
        &self,
        s0: usize,
        from: usize,
        to: usize,
        taken: &[(usize, usize)],
        events: bool,
    ) -> Option<&Mention> {
        // 支持某组织发布《…》: the object of one verb standing right before the
        // next is that verb's subject.
        let pivot = |m: &Mention| m.end == to && self.may_act(s0, m, taken, events);
        self.ms
            .iter()
            .copied()
            .filter(|m| {
                m.start >= from
                    && m.end <= to
                    && (self.may_be_subject(s0, m, taken, events) || pivot(m))
            })
            .max_by_key(|m| m.end)
    }

    /// The last possible subject in `from..to` with the agents coordinated
    /// with it: before it (甲、乙和丙) and after it up to the verb
    /// (甲与乙共同举办).
    fn subject_in(
        &self,
        s0: usize,
        from: usize,
        to: usize,
        taken: &[(usize, usize)],
        events: bool,
    ) -> Option<Vec<(EntityType, String)>> {
        let m = self.subject_head(s0, from, to, taken, events)?;
        let rules = &self.res.rules;
        let mut out = coordinated(m, &self.ms, &self.chars, self.tokens, rules);
        let mut end = m.end;
        while end < to && rules.single_coordinators.contains(&self.chars[end]) {
            let Some(next) = self
                .ms
                .iter()
                .find(|n| n.start == end + 1 && n.end <= to && n.entity_type.is_agent())
            else {
                break;
            };
            let rest = self.text(next.end, to);
            // 甲与乙在京联合召开: an adjunct may stand before the adverb.
            let joint = rest.is_empty()
                || rules
                    .joint_adverbs
                    .iter()
                    .any(|w| rest.ends_with(w.as_str()));
            let listed = rules
                .single_coordinators
                .contains(&self.chars[next.end.min(to - 1)]);
            if !joint && !listed {
                break;
            }
            out.push(key(next));
            end = next.end;
        }
        Some(out)
    }

    /// `会议由甲和乙、丙共同主持`: every agent of the span after a passive
    /// marker that ends a conjunct (a coordinator, a joint adverb or the verb
    /// follows it), whatever posts and units stand before each.
    fn passive_agents(
        &self,
        s0: usize,
        from: usize,
        to: usize,
        taken: &[(usize, usize)],
        events: bool,
    ) -> Vec<(EntityType, String)> {
        let rules = &self.res.rules;
        let mut out: Vec<(EntityType, String)> = Vec::new();
        // 在北京: a place after a preposition is where, not who; 和, 与 join
        // the list.
        let adverbial: Vec<&String> = rules
            .prepositions
            .iter()
            .filter(|w| !rules.coordinators.contains(w))
            .collect();
        for m in self.ms.iter().filter(|m| {
            m.start >= from
                && m.end <= to
                && self.acts(s0, m, taken, events, adverbial.iter().copied())
        }) {
            let rest = self.text(m.end, to);
            let rest = rules
                .joint_adverbs
                .iter()
                .find_map(|w| rest.strip_suffix(w.as_str()))
                .unwrap_or(&rest);
            // The list ends at the verb, at a coordinator, or where an
            // adverbial opens (由甲和乙在京共同主办).
            let ends_conjunct = rest.is_empty()
                || rules
                    .coordinators
                    .iter()
                    .chain(adverbial.iter().copied())
                    .any(|w| rest.starts_with(w.as_str()));
            // A name inside a longer one (the ministry of 某部某司) is not an
            // agent of its own.
            let inside = self.ms.iter().any(|o| {
                o.start <= m.start && o.end >= m.end && (o.start, o.end) != (m.start, m.end)
            });
            if ends_conjunct && !inside && !out.contains(&key(m)) {
                out.push(key(m));
            }
        }
        out
    }

    /// `大会由甲主办`: the object named before the passive marker of the
    /// clause, if any, where the marker stands and where the agents after it
    /// begin.
    fn passive(
        &self,
        predicate: &str,
        s0: usize,
        clause_start: usize,
        t0: usize,
    ) -> Option<(Option<&Mention>, usize, usize)> {
        let clause = self.text(clause_start, t0);
        let at = self
            .res
            .rules
            .passive_markers
            .iter()
            .filter_map(|w| clause.rfind(w.as_str()).map(|b| (b, w)))
            .max_by_key(|(b, _)| *b)?;
        let marker = clause_start + clause[..at.0].chars().count();
        let object = self
            .ms
            .iter()
            .copied()
            .filter(|m| {
                m.start >= s0 && m.end <= marker && !self.in_quote(m.start) && accepts(predicate, m)
            })
            .max_by_key(|m| m.end);
        Some((object, marker, marker + at.1.chars().count()))
    }
}

/// The event a verb without a named object stands for: `出席并讲话` (the
/// last event of the paragraph) and `出席开幕式`, `参加上述活动` (the event
/// named most often so far, the later one on a tie).
fn event_antecedent<'m>(
    c: &Clauses<'_>,
    mentions: &'m [Mention],
    pi: usize,
    t0: usize,
    t1: usize,
    clause_end: usize,
) -> Option<&'m Mention> {
    let rules = &c.res.rules;
    let rest = c.text(t1, clause_end);
    let rest = rest.trim_start_matches(|ch: char| {
        rules.attributive_particles.contains(&ch) || rules.aspect_particles.contains(&ch)
    });
    let referred = rules
        .event_references
        .iter()
        .any(|w| rest.starts_with(w.as_str()));
    let omitted = rest.is_empty() || rules.sequels.iter().any(|w| rest.starts_with(w.as_str()));
    if !referred && !omitted {
        return None;
    }
    event_before(c.res, mentions, pi, t0, referred)
}

/// The event named before `at` in paragraph `pi`: the last one of the
/// paragraph, or with `anywhere` the one named most often in the article so
/// far (the later one on a tie).
fn event_before<'m>(
    res: &Resources,
    mentions: &'m [Mention],
    pi: usize,
    at: usize,
    anywhere: bool,
) -> Option<&'m Mention> {
    // Mentions are sorted by paragraph; an event is looked for in the last
    // paragraphs only, so the cost per verb is bounded.
    let lo = mentions.partition_point(|m| m.paragraph + EVENT_REACH < pi);
    let hi = mentions.partition_point(|m| m.paragraph <= pi);
    let before: Vec<&Mention> = mentions[lo..hi.max(lo)]
        .iter()
        .filter(|m| {
            m.entity_type == EntityType::Initiative
                && res
                    .rules
                    .event_heads
                    .iter()
                    .any(|h| m.label.ends_with(h.as_str()))
                && (m.paragraph < pi || (m.paragraph == pi && m.end <= at))
        })
        .collect();
    if !anywhere {
        return before
            .into_iter()
            .filter(|m| m.paragraph == pi)
            .max_by_key(|m| m.end);
    }
    let count = |m: &Mention| before.iter().filter(|o| o.label == m.label).count();
    before
        .iter()
        .copied()
        .max_by_key(|m| (count(m), m.paragraph, m.end))
}

/// Trigger verbs between a subject before them and objects after them, in
/// the body and in the title (a headline is a sentence: 某部发布《某报告》).
///
/// The subject is the last agent of the verb's clause; a clause without one
/// carries the subject of the sentence's previous verb (中方支持甲，支持乙),
/// then falls back to the last agent of the sentence, the turn's speaker and
/// the subject of the paragraph's previous sentence. `由甲主办`: the object
/// is named first and the agents follow the passive marker.
fn triggers(
    article: &Article,
    mentions: &[Mention],
    tokens: &[Vec<Token>],
    res: &Resources,
    out: &mut Vec<Relation>,
) {
    for (pi, p) in article.paragraphs.iter().enumerate() {
        if !matches!(p.kind, BlockKind::Body | BlockKind::Title) {
            continue;
        }
        let chars: Vec<char> = p.text.text.chars().collect();
        let c = Clauses {
            tokens: tokens.get(pi).map_or(&[], Vec::as_slice),
            quotes: quoted_ranges(&chars),
            brackets: bracket_ranges(&chars),
            frames: frame_ranges(&chars, res),
            urges: urge_positions(&chars, res),
            sequel_clauses: sequel_clauses(&chars, res),
            ms: in_paragraph(mentions, pi)
                .iter()
                .filter(|m| !m.rule.is(Recogniser::Nested))
                .collect(),
            chars,
            res,
        };
        let speaker = p
            .speaker
            .as_ref()
            .filter(|s| res.rules.turn_label(s).is_none())
            .map(|s| (vec![(EntityType::Person, s.clone())], 600u16));
        // The subject of the paragraph's last verb, for a sentence that names none.
        let mut paragraph_subject: Option<Agents> = None;
        for (si, &(s0, s1)) in p.sentences.iter().enumerate() {
            let mut carried: Option<Agents> = None;
            let mut topic: Option<&Mention> = None;
            let mut taken: Vec<(usize, usize)> = Vec::new();
            let mut i = s0.max(p.speaker_prefix);
            while i < s1 {
                let Some((word, predicate)) = c.trigger_at(i, s1) else {
                    i += 1;
                    continue;
                };
                let t0 = i;
                let t1 = i + word.chars().count();
                i = t1;
                if c.in_quote(t0) || c.in_mention(t0) {
                    continue;
                }
                let events = res.rules.event_agents.contains(predicate.as_str());
                let clause_start = (s0..t0)
                    .rev()
                    .find(|&k| CLAUSE_BREAKS.contains(&c.chars[k]))
                    .map_or(s0, |k| k + 1);
                let clause_end = (t1..s1)
                    .find(|&k| CLAUSE_BREAKS.contains(&c.chars[k]))
                    .unwrap_or(s1);
                let mut objects = c.objects(predicate, t1, clause_end);
                let mut agents_from = clause_start;
                // How the object was found, when not after the verb.
                let mut found = "";
                if objects.is_empty() {
                    let passive = c.passive(predicate, s0, clause_start, t0);
                    // 会议由甲主持: the object is an event referred to.
                    let passive = passive.and_then(|(object, marker, after)| {
                        let before = c.text(s0, marker);
                        let referred = || {
                            let refers = res
                                .rules
                                .event_references
                                .iter()
                                .any(|w| before.ends_with(w.as_str()));
                            refers
                                .then(|| event_before(res, mentions, pi, marker, true))
                                .flatten()
                        };
                        object.or_else(referred).map(|o| (o, after))
                    });
                    if let Some((object, after)) = passive {
                        objects.push(object);
                        agents_from = after;
                        topic = Some(object);
                        found = "+passive";
                    } else if let Some(object) = topic.filter(|_| {
                        c.ms.iter().any(|m| {
                            m.start >= clause_start
                                && m.end <= t0
                                && c.may_be_subject(s0, m, &taken, events)
                        })
                    }) {
                        // 由甲主办，乙承办: the topic of the passive clause.
                        objects.push(object);
                        found = "+passive";
                    }
                }
                if objects.is_empty() && matches!(predicate.as_str(), "attended" | "presided") {
                    objects.extend(event_antecedent(&c, mentions, pi, t0, t1, clause_end));
                    found = "+event";
                }
                // 开展“…”专项行动: some verbs signal their relation only with an event.
                if res.rules.event_verbs.contains(word.as_str()) {
                    objects.retain(|m| c.is_event(m));
                }
                if objects.is_empty() {
                    continue;
                }
                let before = c.text(clause_start, t0);
                // 通过开展某行动，…: a verb after a word of means opens an
                // adverbial of the main verb.
                if res
                    .rules
                    .means_words
                    .iter()
                    .any(|w| before.ends_with(w.as_str()))
                {
                    continue;
                }
                // 联合国是践行多边主义的平台: a verb after a copula and closed by
                // 的 describes the noun it modifies; it states nothing of the
                // subject.
                if res
                    .rules
                    .copulas
                    .iter()
                    .any(|w| before.ends_with(w.as_str()))
                    && c.chars[t1..clause_end]
                        .iter()
                        .any(|ch| res.rules.attributive_particles.contains(ch))
                {
                    continue;
                }
                // 将于明年举办的大会: a verb modifying its object names its
                // subject right before it or not at all.
                let relative = objects[0].paragraph == pi
                    && objects[0].start > t1
                    && c.text(t1, objects[0].start)
                        .chars()
                        .all(|ch| res.rules.attributive_particles.contains(&ch));
                if relative
                    && !c
                        .subject_head(s0, agents_from, t0, &taken, events)
                        .is_some_and(|m| (m.end..t0).all(|k| c.trigger_at(k, t0).is_none()))
                {
                    continue;
                }
                let tagged = |(s, c): Agents, how: &'static str| (s, c, how);
                let listed = (found == "+passive" && agents_from > clause_start)
                    .then(|| c.passive_agents(s0, agents_from, t0, &taken, events))
                    .filter(|a| a.len() > 1);
                let subject = listed
                    .map(|s| (s, 800u16, ""))
                    .or_else(|| {
                        c.subject_in(s0, agents_from, t0, &taken, events)
                            .map(|s| (s, 800u16, ""))
                    })
                    .or_else(|| carried.clone().map(|a| tagged(a, "+carried")))
                    .or_else(|| {
                        c.subject_in(s0, s0, clause_start, &taken, events)
                            .map(|s| (s, 800u16, ""))
                    })
                    // 二是坚持互利合作: principles a speaker lists are recommendations,
                    // not what the speaker advocates.
                    .or_else(|| {
                        speaker
                            .clone()
                            .filter(|_| predicate != "advocates")
                            .map(|a| tagged(a, "+speaker"))
                    })
                    .or_else(|| {
                        paragraph_subject
                            .clone()
                            .map(|(s, _)| (s, 600u16, "+previous-sentence"))
                    })
                    .or_else(|| {
                        let &(b0, b1) = p.sentences.get(si.checked_sub(1)?)?;
                        c.subject_in(b0, b0, b1, &[], events)
                            .map(|s| (s, 600u16, "+previous-sentence"))
                    });
                let Some((mut subjects, confidence, how)) = subject else {
                    continue;
                };
                // People preside (开幕式由某学院教授某某主持), not their units.
                if predicate == "presided" {
                    subjects.retain(|s| s.0 == EntityType::Person);
                }
                // An event carried from a verb it may be the subject of acts
                // for no other.
                if !events {
                    subjects.retain(|s| s.0.is_agent());
                }
                if subjects.is_empty() || c.urged(s0, t0, &subjects) {
                    continue;
                }
                taken.extend(objects.iter().map(|o| (o.start, o.end)));
                for (o, subject) in objects
                    .iter()
                    .flat_map(|o| subjects.iter().map(move |s| (o, s)))
                {
                    if o.entity_type == subject.0 && o.label == subject.1 {
                        continue;
                    }
                    out.push(Relation {
                        subject: subject.clone(),
                        predicate: predicate.clone(),
                        object: key(o),
                        role: None,
                        paragraph: Some(pi),
                        sentence: Some(si),
                        span: if o.paragraph == pi {
                            p.text.span(t0.min(o.start), t1.max(o.end))
                        } else {
                            p.text.span(t0, t1)
                        },
                        rule: format!("trigger:{word}{found}{how}"),
                        confidence,
                        weight: None,
                    });
                }
                carried = Some((subjects, confidence));
            }
            if carried.is_some() {
                paragraph_subject = carried;
            }
        }
    }
}

/// A subject and the agents coordinated before it (`甲、乙和丙联合发布`).
fn coordinated(
    m: &Mention,
    ms: &[&Mention],
    chars: &[char],
    tokens: &[Token],
    rules: &crate::data::Rules,
) -> Vec<(EntityType, String)> {
    let mut out = vec![key(m)];
    let mut start = side_start(apposition_start(m, ms, chars, tokens, rules), ms);
    // 中美举行, 中俄发表: one-character names of places side by side act together.
    let one_char_place = |x: &Mention| x.entity_type == EntityType::Place && x.end == x.start + 1;
    if one_char_place(m) {
        while let Some(prev) = ms.iter().find(|p| p.end == start && one_char_place(p)) {
            if !out.contains(&key(prev)) {
                out.push(key(prev));
            }
            start = prev.start;
        }
    }
    while let Some(joiner) = rules
        .coordinators
        .iter()
        .find(|w| ends_with(chars, start, w))
    {
        let end = start - joiner.chars().count();
        let Some(prev) = ms.iter().find(|p| p.end == end && p.entity_type.is_agent()) else {
            break;
        };
        out.push(key(prev));
        start = side_start(apposition_start(prev, ms, chars, tokens, rules), ms);
    }
    out
}

/// Where a name begins with the side it is said of (美方商务部 from 美方).
fn side_start(start: usize, ms: &[&Mention]) -> usize {
    ms.iter()
        .find(|o| {
            o.end == start && o.entity_type == EntityType::Place && o.rule.is(Recogniser::Reference)
        })
        .map_or(start, |o| o.start)
}

/// Where a person's posts begin (`某行行长罗塞夫` from 某行); elsewhere the
/// mention's own start.
fn apposition_start(
    m: &Mention,
    ms: &[&Mention],
    chars: &[char],
    tokens: &[Token],
    rules: &crate::data::Rules,
) -> usize {
    if m.entity_type != EntityType::Person {
        return m.start;
    }
    let Some(title) = m
        .start
        .checked_sub(1)
        .and_then(|k| chars.get(k))
        .and_then(|&c| {
            rules
                .titles
                .ending_with(c)
                .find(|t| ends_with(chars, m.start, t))
        })
    else {
        return m.start;
    };
    let title_start = m.start - title.chars().count();
    post_institution(ms.iter().copied(), chars, tokens, title_start, rules)
        .map_or(title_start, |o| o.start)
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
        let mut from = org.end + frame.chars().count();
        // 在某组织框架下，各方建立了…: the frame opens the sentence.
        if chars.get(from) == Some(&'，') {
            from += 1;
        }
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
        let here = in_paragraph(mentions, org.paragraph);
        let set_up = |m: &&Mention| {
            matches!(
                m.entity_type,
                EntityType::Initiative | EntityType::Institution
            ) && !m.rule.is(Recogniser::Nested)
        };
        let mut established: Vec<&Mention> = here
            .iter()
            .filter(|m| set_up(m) && m.start >= from + verb_at && m.end <= clause_end)
            .collect();
        // 某机制(是)在联合国框架下建立(的): what is set up is named first.
        if established.is_empty() {
            let Some(prep) = res
                .rules
                .prepositions
                .iter()
                .find(|w| ends_with(&chars, org.start, w))
            else {
                continue;
            };
            let prep_at = org.start - prep.chars().count();
            established.extend(here.iter().filter(|m| {
                set_up(m) && m.end <= prep_at && {
                    let gap: String = chars[m.end..prep_at].iter().collect();
                    gap.is_empty() || res.rules.copulas.contains(&gap)
                }
            }));
        }
        for m in established {
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
    // A speaker and an entity, borrowed from the article.
    type Key<'a> = (&'a str, (EntityType, &'a str));
    let mut seen: std::collections::BTreeMap<Key, (u32, &Mention)> =
        std::collections::BTreeMap::new();
    for m in mentions {
        let p = &article.paragraphs[m.paragraph];
        let Some(speaker) = p
            .speaker
            .as_ref()
            .filter(|s| res.rules.turn_label(s).is_none())
        else {
            continue;
        };
        if !matches!(m.entity_type, EntityType::Concept | EntityType::Initiative)
            || m.start < p.speaker_prefix
        {
            continue;
        }
        seen.entry((speaker.as_str(), (m.entity_type, m.label.as_str())))
            .or_insert((0, m))
            .0 += 1;
    }
    for ((speaker, (t, label)), (n, m)) in seen {
        out.push(Relation {
            subject: (EntityType::Person, speaker.to_string()),
            predicate: "discusses".into(),
            object: (t, label.to_string()),
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

/// How many paragraphs back an event referred to is looked for.
const EVENT_REACH: usize = 30;

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
    // Entities by class and label, borrowed from their mentions.
    type Key<'m> = (EntityType, &'m str);
    let mut pairs: std::collections::BTreeMap<(Key, Key), (u32, &Mention)> =
        std::collections::BTreeMap::new();
    for ms in by_sentence.values() {
        // Entities in the order they are first named.
        let mut keys: Vec<(Key, &Mention)> = Vec::new();
        let mut sorted: Vec<&&Mention> = ms.iter().collect();
        sorted.sort_by_key(|m| m.start);
        for m in sorted {
            let k = (m.entity_type, m.label.as_str());
            if !keys.iter().any(|(seen, _)| *seen == k) {
                keys.push((k, *m));
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
                    .entry((keys[a].0, keys[b].0))
                    .or_insert((0, keys[i].1))
                    .0 += 1;
            }
        }
    }
    for (((ta, a), (tb, b)), (n, m)) in pairs {
        out.push(Relation {
            subject: (ta, a.to_string()),
            predicate: "relatedTo".into(),
            object: (tb, b.to_string()),
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
pub fn relations(
    article: &Article,
    mentions: &[Mention],
    tokens: &[Vec<Token>],
    res: &Resources,
) -> Vec<Relation> {
    let mut out = Vec::new();
    bylines(article, mentions, res, &mut out);
    nested(mentions, &mut out);
    appositions(article, mentions, tokens, res, &mut out);
    stated(article, mentions, res, &mut out);
    triggers(article, mentions, tokens, res, &mut out);
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

//! Entity mentions: one paragraph's text and tokens → mentions of the five classes.
//!
//! Input: a paragraph, its tokens, the names in the article's byline, the
//! lexicons and the rule lists.
//! Output: mentions with the rule that found each; nested institution names
//! (the university inside `某大学某学院`) are kept as mentions of their own.
//! Invariant: apart from nested institutions, mentions do not overlap; longer
//! candidates win, then the more trusted rule.

use crate::data::TurnRole;
use crate::data::looks_like_name;
use crate::model::{EntityType, Recogniser, Rule, Token};
use crate::resources::Resources;
use crate::script::is_cjk;

/// A candidate mention in characters of the paragraph text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    pub entity_type: EntityType,
    pub label: String,
    pub rule: Rule,
    /// A name nested at the start of a longer institution name.
    pub nested: bool,
}

impl Cand {
    /// A person found by `rule`.
    fn person(start: usize, end: usize, label: String, recogniser: Recogniser) -> Cand {
        Cand {
            start,
            end,
            entity_type: EntityType::Person,
            label,
            rule: Rule::new(recogniser),
            nested: false,
        }
    }
}

/// Whether `w` ends as an abstract or collective noun does (鲁棒性, 官员).
fn noun_ending(w: &str, r: &crate::data::Rules) -> bool {
    w.chars()
        .last()
        .is_some_and(|c| r.not_name_endings.contains(&c))
}

/// Quotation and title marks stripped from labels.
const MARKS: &[char] = &['“', '”', '‘', '’', '《', '》', '"', '「', '」'];

/// Punctuation that never occurs inside a name.
fn is_break(c: char) -> bool {
    !(is_cjk(c) || c.is_ascii_alphanumeric() || c == '·' || c == '-')
}

/// The label of a surface form: without quotation marks or spaces.
pub fn label_of(surface: &str) -> String {
    surface
        .chars()
        .filter(|c| !MARKS.contains(c) && !c.is_whitespace())
        .collect()
}

/// Candidates from the lexicons. A short form must start and end on word
/// boundaries, so 最高法 does not match inside 最高法院.
fn lexicon(text: &str, tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    let starts: std::collections::HashSet<usize> = tokens.iter().map(|t| t.start).collect();
    let ends: std::collections::HashSet<usize> = tokens.iter().map(|t| t.end).collect();
    for m in res.lexicon.find(text) {
        let short = m.end - m.start <= 4;
        if short && !tokens.is_empty() && !(starts.contains(&m.start) && ends.contains(&m.end)) {
            continue;
        }
        // The institution a lexicon name begins with (全国人大 in 全国人大常委会).
        if m.entry.entity_type == EntityType::Institution {
            let chars: Vec<char> = text.chars().skip(m.start).take(m.end - m.start).collect();
            // The rest must read as a sub-unit (常委会, 办公厅, 科技司), not as a
            // longer name that merely starts the same way.
            let sub_unit = |n: usize| {
                let rest: String = chars[n..].iter().collect();
                (2..=6).contains(&(chars.len() - n))
                    && !res.rules.institution_suffixes.contains(&rest)
            };
            let parent = (2..chars.len())
                .rev()
                .filter(|&n| sub_unit(n))
                .find_map(|n| {
                    let prefix: String = chars[..n].iter().collect();
                    res.lexicon
                        .get(&prefix)
                        .filter(|e| e.entity_type == EntityType::Institution)
                        .map(|e| (n, e.label.clone()))
                });
            if let Some((n, label)) = parent.filter(|(_, l)| *l != m.entry.label) {
                out.push(Cand {
                    start: m.start,
                    end: m.start + n,
                    entity_type: EntityType::Institution,
                    label,
                    rule: Rule::new(Recogniser::Nested),
                    nested: true,
                });
            }
        }
        out.push(Cand {
            start: m.start,
            end: m.end,
            entity_type: m.entry.entity_type,
            label: m.entry.label.clone(),
            rule: Rule::with(Recogniser::Lexicon, m.entry.source.as_str()),
            nested: false,
        });
    }
}

/// Occurrences of names known from the byline and the speaker turns.
fn known_names(chars: &[char], names: &[String], out: &mut Vec<Cand>) {
    for name in names {
        let n: Vec<char> = name.chars().collect();
        if n.len() < 2 {
            continue;
        }
        for i in 0..chars.len().saturating_sub(n.len() - 1) {
            if chars[i..i + n.len()] == n[..] {
                out.push(Cand {
                    start: i,
                    end: i + n.len(),
                    entity_type: EntityType::Person,
                    label: name.clone(),
                    rule: Rule::new(Recogniser::Byline),
                    nested: false,
                });
            }
        }
    }
}

/// The class a name gets from its head word, if any.
fn head_type(name: &str, res: &Resources) -> Option<EntityType> {
    if let Some(e) = res.lexicon.get(name) {
        return Some(e.entity_type);
    }
    let r = &res.rules;
    let inst = r
        .institution_suffixes
        .iter()
        .find(|s| name.ends_with(s.as_str()));
    let init = r
        .initiative_suffixes
        .iter()
        .find(|s| name.ends_with(s.as_str()));
    match (inst, init) {
        (Some(a), Some(b)) if a.len() >= b.len() => Some(EntityType::Institution),
        (Some(_), None) => Some(EntityType::Institution),
        (_, Some(_)) => Some(EntityType::Initiative),
        _ => None,
    }
}

/// Titles in 《》 and short terms in “” (not speech).
fn marked(chars: &[char], res: &Resources, out: &mut Vec<Cand>) {
    let mut i = 0;
    while i < chars.len() {
        let (open, close) = match chars[i] {
            '《' => ('《', '》'),
            '“' => ('“', '”'),
            _ => {
                i += 1;
                continue;
            }
        };
        let Some(len) = chars[i + 1..].iter().take(40).position(|&c| c == close) else {
            i += 1;
            continue;
        };
        let inner: String = chars[i + 1..i + 1 + len].iter().collect();
        let mut end = i + len + 2;
        let n = inner.chars().count();
        if open == '《' {
            // A newspaper or journal in the lexicon keeps its class.
            let ty = res
                .lexicon
                .get(&inner)
                .map(|e| e.entity_type)
                .unwrap_or(EntityType::Initiative);
            let label = res
                .lexicon
                .get(&inner)
                .map_or(inner.clone(), |e| e.label.clone());
            if n >= 2 {
                out.push(Cand {
                    start: i,
                    end,
                    entity_type: ty,
                    label,
                    rule: Rule::new(Recogniser::TitleMarks),
                    nested: false,
                });
            }
        } else if (2..=14).contains(&n) && !inner.chars().any(is_break) {
            // “十五五”规划纲要: a quoted name completed by the head after it.
            let rest: String = chars[end..chars.len().min(end + 6)].iter().collect();
            let head = res
                .rules
                .initiative_suffixes
                .iter()
                .chain(res.rules.institution_suffixes.iter())
                .filter(|s| rest.starts_with(s.as_str()))
                .max_by_key(|s| s.len());
            let mut name = inner.clone();
            if let Some(h) = head.filter(|h| h.chars().count() >= 2) {
                name.push_str(h);
                end += h.chars().count();
            }
            let ty = head_type(&name, res).unwrap_or(EntityType::Concept);
            let label = res
                .lexicon
                .get(&name)
                .map_or(name.clone(), |e| e.label.clone());
            let stop = res.rules.entity_stopwords.contains(&name);
            if !stop
                && !name
                    .chars()
                    .all(|c| c.is_ascii_digit() || res.rules.numerals.contains(&c))
            {
                out.push(Cand {
                    start: i,
                    end,
                    entity_type: ty,
                    label,
                    rule: Rule::new(Recogniser::QuotedTerm),
                    nested: false,
                });
            }
        }
        i += len + 2;
    }
}

/// Whether a token may stand inside a proper name grown from its head.
fn name_part(t: &Token, res: &Resources) -> bool {
    let r = &res.rules;
    if t.word.chars().any(is_break)
        || r.determiners.contains(&t.word)
        || r.post_verbs.contains(&t.word)
        || r.unit_verbs.contains(&t.word)
        || r.triggers.iter().any(|(w, _)| *w == t.word)
        || r.speech_verbs.contains(&t.word)
        || r.not_name_parts.contains(&t.word)
    {
        return false;
    }
    if res.lexicon.get(&t.word).is_some() || res.rules.name_parts.contains(&t.word) {
        return true;
    }
    if t.tag == "m" {
        return ordinal(&t.word, &res.rules);
    }
    matches!(
        t.tag.as_str(),
        "n" | "nz"
            | "nt"
            | "ns"
            | "nr"
            | "nrt"
            | "vn"
            | "j"
            | "b"
            | "an"
            | "eng"
            | "m"
            | "q"
            | "nrfg"
    )
}

/// Whether a token is a proper element that makes a grown name specific.
fn proper(t: &Token, res: &Resources) -> bool {
    matches!(
        t.tag.as_str(),
        "nt" | "ns" | "nz" | "nr" | "nrt" | "j" | "eng"
    ) || (t.tag == "m" && ordinal(&t.word, &res.rules))
        || res
            .lexicon
            .get(&t.word)
            .is_some_and(|e| e.entity_type != EntityType::Concept)
}

/// A number that can open a name: a year (2025), an ordinal (第二十三次, 首届, 二十届).
fn ordinal(w: &str, rules: &crate::data::Rules) -> bool {
    let o = &rules.ordinals;
    // 第三十五条, 第二个, 一届: article numbers and counts are not part of names.
    if o.not_suffix.iter().any(|c| w.ends_with(*c))
        || o.not_prefix.iter().any(|c| w.starts_with(*c))
    {
        return false;
    }
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        || o.prefix.iter().any(|c| w.starts_with(*c))
        || o.suffix.iter().any(|c| w.ends_with(*c))
}

/// Where a head word `suffix` ending at token `k` starts: the index of the
/// token it starts at, or `k` when it ends inside token `k`.
fn head_start(tokens: &[Token], k: usize, suffix: &str, res: &Resources) -> Option<usize> {
    let tok = &tokens[k];
    let n = suffix.chars().count();
    if tok.word.ends_with(suffix) {
        // 后备干部, 中南部, 交界处: the word ends as a common word does.
        let chars: Vec<char> = tok.word.chars().collect();
        let ends_as_word = (2..=3).any(|n| {
            let tail: String = chars[chars.len().saturating_sub(n)..].iter().collect();
            res.rules.not_heads.contains(&tail)
        });
        if ends_as_word {
            return None;
        }
        if tok.word == suffix || tok.tag == "nt" {
            return Some(k);
        }
        // A longer word ending with the head must itself be a noun (not 明确规定).
        if !matches!(tok.tag.as_str(), "n" | "nz" | "nt" | "vn" | "j" | "ns") {
            return None;
        }
        if n > 1 {
            return Some(k);
        }
        // 政策法规司, 秘书局: a word of three or more ending with a one-character
        // head, unless its end is a word of its own (新格局).
        let tail: String = chars[chars.len().saturating_sub(2)..].iter().collect();
        let known = |w: &str| res.jieba.as_ref().is_some_and(|j| j.has_word(w));
        return (chars.len() >= 3 && (known(&tok.word) || !known(&tail))).then_some(k);
    }
    // A head spanning several tokens (集体 + 学习).
    let start = tok.end.checked_sub(n)?;
    let j = (0..k)
        .rev()
        .take_while(|&j| tokens[j].start >= start)
        .find(|&j| tokens[j].start == start)?;
    let joined: String = tokens[j..=k].iter().map(|t| t.word.as_str()).collect();
    (joined == suffix).then_some(j)
}

/// Institutions and initiatives grown leftwards from a head word.
fn grown(tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    let r = &res.rules;
    for k in 0..tokens.len() {
        let heads = [
            (EntityType::Institution, &r.institution_suffixes),
            (EntityType::Initiative, &r.initiative_suffixes),
        ];
        // A head ends where the token ends: its last byte is the token's.
        let last = tokens[k].word.as_bytes().last();
        let found = heads.iter().find_map(|(ty, suffixes)| {
            suffixes
                .iter()
                .filter(|s| s.as_bytes().last() == last)
                .find_map(|s| head_start(tokens, k, s, res).map(|h| (*ty, s, h)))
        });
        let Some((ty, suffix, h)) = found else {
            continue;
        };
        // A head used as a verb (组织召开, 规定) names nothing.
        if h == k && tokens[k].word == **suffix && tokens[k].tag.starts_with('v') {
            continue;
        }
        let mut j = h;
        while j > 0 && k - j < 10 {
            let t = &tokens[j - 1];
            // 政治与国际关系学院, 党史和文献研究院: a conjunction between plain nouns.
            let conj = r.name_conjunctions.contains(&t.word)
                && ty == EntityType::Institution
                && j >= 2
                && tokens[j - 2].tag == "n"
                && tokens[j].tag == "n"
                && !r
                    .institution_suffixes
                    .iter()
                    .any(|s| tokens[j - 2].word.ends_with(s.as_str()));
            if !(conj || name_part(t, res)) {
                break;
            }
            j -= 1;
        }
        // Counters, lone characters and plain numbers cannot open a name.
        while j < h
            && (tokens[j].tag == "q"
                || (tokens[j].tag == "m" && !ordinal(&tokens[j].word, &res.rules))
                || (tokens[j].word.chars().count() == 1 && !proper(&tokens[j], res)))
        {
            j += 1;
        }
        let start = tokens[j].start;
        let end = tokens[k].end;
        let name: String = tokens[j..=k].iter().map(|t| t.word.as_str()).collect();
        let len = end - start;
        if !(3..=30).contains(&len) || r.entity_stopwords.contains(&name) || name == *suffix {
            continue;
        }
        // 某协会倡议更多企业…: an actor followed by a head used as a verb.
        let actor_only = h == j + 1
            && (tokens[j].tag == "nt"
                || res
                    .lexicon
                    .get(&tokens[j].word)
                    .is_some_and(|e| e.entity_type.is_agent()))
            && tokens
                .get(k + 1)
                .is_some_and(|t| !t.word.chars().any(is_break) && t.tag != "uj");
        if actor_only && ty == EntityType::Initiative {
            continue;
        }
        // 某某办公室, 某某政府: a person's office is not an institution name.
        if h == j + 1 && matches!(tokens[j].tag.as_str(), "nr" | "nrt" | "nrfg") {
            continue;
        }
        let opened = len >= 5 && r.name_openers.contains(&tokens[j].word);
        let specific = tokens[j..=k].iter().any(|t| proper(t, res))
            || opened
            || (ty == EntityType::Initiative && len >= 6 && h >= j + 2);
        if !specific {
            continue;
        }
        let label = res
            .lexicon
            .get(&name)
            .map_or(name.clone(), |e| e.label.clone());
        out.push(Cand {
            start,
            end,
            entity_type: ty,
            label,
            rule: Rule::with(Recogniser::Head, suffix.as_str()),
            nested: false,
        });
        if ty == EntityType::Institution {
            nested_parent(&name, start, tokens, j, h, res, out);
        }
    }
}

/// The institution a sub-unit belongs to: 北京大学 in 北京大学国际关系学院.
fn nested_parent(
    name: &str,
    start: usize,
    tokens: &[Token],
    j: usize,
    h: usize,
    res: &Resources,
    out: &mut Vec<Cand>,
) {
    let n = name.chars().count();
    let from_lexicon = res
        .lexicon
        .find(name)
        .into_iter()
        .filter(|m| m.start == 0 && m.end < n && m.entry.entity_type == EntityType::Institution)
        .max_by_key(|m| m.end)
        .map(|m| (m.end, m.entry.label.clone()));
    let from_tokens = || {
        (j..h).rev().find_map(|m| {
            let t = &tokens[m];
            let inner = t.tag == "nt"
                || res
                    .rules
                    .institution_suffixes
                    .iter()
                    .any(|s| s.chars().count() >= 2 && t.word.ends_with(s.as_str()));
            (inner && t.end - start >= 3).then(|| {
                let parent: String = tokens[j..=m].iter().map(|t| t.word.as_str()).collect();
                let label = res
                    .lexicon
                    .get(&parent)
                    .map_or(parent.clone(), |e| e.label.clone());
                (t.end - start, label)
            })
        })
    };
    if let Some((len, label)) = from_lexicon.or_else(from_tokens) {
        out.push(Cand {
            start,
            end: start + len,
            entity_type: EntityType::Institution,
            label,
            rule: Rule::new(Recogniser::Nested),
            nested: true,
        });
    }
}

/// Names tagged by the segmenter: persons (with context), places (with a
/// place head), organisations.
fn tagged(tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    let r = &res.rules;
    let is_title = |t: Option<&Token>| t.is_some_and(|t| r.titles.contains(&t.word));
    let is_speech = |t: Option<&Token>| t.is_some_and(|t| r.speech_verbs.contains(&t.word));
    for (k, t) in tokens.iter().enumerate() {
        let n = t.word.chars().count();
        let prev = k.checked_sub(1).and_then(|i| tokens.get(i));
        let next = tokens.get(k + 1);
        let ty = match t.tag.as_str() {
            "nr" | "nrfg" if surname_and_title(&t.word, res) => continue,
            "nr" | "nrfg" if looks_like_name(&t.word, r) => {
                let context = is_title(prev)
                    || is_title(next)
                    || is_speech(next)
                    || prev.is_some_and(|p| {
                        p.tag == "nt"
                            || p.word == " "
                            || r.turn_label(&p.word) == Some(TurnRole::Reporter)
                    });
                let oov = n == 3 && res.jieba.as_ref().is_some_and(|j| !j.has_word(&t.word));
                if !(context || oov) || common_word_name(&t.word, res) {
                    continue;
                }
                EntityType::Person
            }
            // 严义埙/n: a three-character word the segmenter made up from a
            // surname and two characters, between words that end a name.
            "n" if n == 3
                && looks_like_name(&t.word, r)
                && res.jieba.as_ref().is_some_and(|j| !j.has_word(&t.word))
                && !noun_ending(&t.word, r)
                && !common_word_name(&t.word, res)
                && prev.is_none_or(|p| {
                    p.word.chars().any(is_break)
                        || is_title(Some(p))
                        || p.tag.starts_with('u')
                        || p.tag == "v"
                })
                && next.is_none_or(|p| {
                    p.word.chars().any(is_break)
                        || is_speech(Some(p))
                        || matches!(p.tag.as_str(), "v" | "uj" | "ul" | "p" | "c" | "d")
                }) =>
            {
                EntityType::Person
            }
            "nrt" | "nr" if n >= 2 && (is_title(prev) || is_speech(next)) => EntityType::Person,
            "nt" if n >= 3
                && r.institution_suffixes.iter().any(|s| {
                    t.word.ends_with(s.as_str()) && t.word.chars().count() > s.chars().count()
                }) =>
            {
                EntityType::Institution
            }
            _ => continue,
        };
        if r.entity_stopwords.contains(&t.word) || res.lexicon.get(&t.word).is_some() {
            continue;
        }
        // 赵华说: a name the segmenter joined to the speech verb after it.
        let (end, label) = match r.speech_verbs.iter().find(|v| {
            t.word.ends_with(v.as_str()) && looks_like_name(&t.word[..t.word.len() - v.len()], r)
        }) {
            Some(v) => {
                let name = &t.word[..t.word.len() - v.len()];
                (t.start + name.chars().count(), name.to_string())
            }
            None => (t.end, t.word.clone()),
        };
        out.push(Cand {
            start: t.start,
            end,
            entity_type: ty,
            label,
            rule: Rule::with(Recogniser::Pos, t.tag.as_str()),
            nested: false,
        });
    }
}

/// Words that refer to an entity without naming it (我国, 中方): the entity,
/// marked as a reference.
fn references(tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    for t in tokens {
        let Some((_, target)) = res.rules.references.iter().find(|(w, _)| *w == t.word) else {
            continue;
        };
        let ty = res
            .lexicon
            .get(target)
            .map_or(EntityType::Place, |e| e.entity_type);
        out.push(Cand {
            start: t.start,
            end: t.end,
            entity_type: ty,
            label: res
                .lexicon
                .get(target)
                .map_or(target.clone(), |e| e.label.clone()),
            rule: Rule::new(Recogniser::Reference),
            nested: false,
        });
    }
}

/// One-character place abbreviations: in abbreviation words (中美, 印巴) and
/// after a visiting verb (访华, 在京).
fn abbreviations(tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    let r = &res.rules;
    for t in tokens {
        let chars: Vec<char> = t.word.chars().collect();
        let all_abbr = chars.iter().all(|c| r.place_abbreviations.contains_key(c));
        let places: Vec<usize> = if t.tag == "j" && all_abbr && chars.len() <= 3 {
            (0..chars.len()).collect()
        } else if chars.len() == 2
            && r.abbreviation_verbs.contains(&chars[0])
            && r.place_abbreviations.contains_key(&chars[1])
            && t.tag.starts_with('v')
        {
            vec![1]
        } else {
            Vec::new()
        };
        for i in places {
            out.push(Cand {
                start: t.start + i,
                end: t.start + i + 1,
                entity_type: EntityType::Place,
                label: r.place_abbreviations[&chars[i]].clone(),
                rule: Rule::new(Recogniser::Abbreviation),
                nested: false,
            });
        }
    }
}

/// `中国政府`, `印度当局`: the place the phrase is about, if it is one.
fn government_phrase(surface: &str, res: &Resources) -> Option<(usize, String)> {
    let head = res
        .rules
        .government_heads
        .iter()
        .find(|h| surface.ends_with(h.as_str()))?;
    let place = &surface[..surface.len() - head.len()];
    let n = place.chars().count();
    let label = match res.lexicon.get(place) {
        Some(e) if e.entity_type == EntityType::Place => e.label.clone(),
        _ => {
            let mut cs = place.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => res.rules.place_abbreviations.get(&c)?.clone(),
                _ => return None,
            }
        }
    };
    Some((n, label))
}

/// Whether a word is a surname and an honorific or post written as one word
/// (李老师, 胡老, 江主席).
fn surname_and_title(w: &str, res: &Resources) -> bool {
    let r = &res.rules;
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    let mut b = [0u8; 4];
    !rest.is_empty()
        && r.surnames.contains(first.encode_utf8(&mut b) as &str)
        && (r.honorifics.contains(rest) || r.titles.iter().any(|t| t == rest))
}

/// A surname and an honorific or post (陈老师, 汤局长): the surname names the person.
fn surname_titles(tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    for t in tokens {
        // 毛主席/n: a post of two characters or more makes it a name whatever the tag.
        let post = t.word.chars().count() >= 3
            && t.word
                .char_indices()
                .nth(1)
                .is_some_and(|(b, _)| res.rules.titles.iter().any(|x| x == &t.word[b..]));
        if (t.tag.starts_with("nr") || post) && surname_and_title(&t.word, res) {
            out.push(Cand {
                start: t.start,
                end: t.start + 1,
                entity_type: EntityType::Person,
                label: t.word.chars().take(1).collect(),
                rule: Rule::new(Recogniser::SurnameTitle),
                nested: false,
            });
        }
    }
    for w in tokens.windows(2) {
        let (s, t) = (&w[0], &w[1]);
        // A function word that is also a surname (由, 和, 任) is no name.
        let function_word = matches!(s.tag.get(..1), Some("p" | "c" | "v" | "d" | "r" | "u"));
        if s.word.chars().count() == 1
            && !function_word
            && s.end == t.start
            && res.rules.surnames.contains(&s.word)
            && (res.rules.honorifics.contains(&t.word) || res.rules.titles.contains(&t.word))
        {
            out.push(Cand {
                start: s.start,
                end: s.end,
                entity_type: EntityType::Person,
                label: s.word.clone(),
                rule: Rule::new(Recogniser::SurnameTitle),
                nested: false,
            });
        }
    }
}

/// Names found by the trained tagger (persons, places, organisations).
fn tagged_by_model(chars: &[char], tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    let Some(tagger) = &res.tagger else { return };
    let words: Vec<(usize, usize, &str)> = tokens
        .iter()
        .map(|t| (t.start, t.end, t.tag.as_str()))
        .collect();
    let ctx = crate::ner::Context {
        lexicon: &res.lexicon,
        rules: &res.rules,
        jieba: res.jieba.as_ref(),
    };
    for (start, end, ty) in tagger.tag(chars, &ctx, &words) {
        let surface: String = chars[start..end].iter().collect();
        // 薛埠镇: a person ending with an administrative unit is a place.
        let ty = if ty == EntityType::Person
            && end - start >= 3
            && res.rules.administrative_suffixes.contains(&chars[end - 1])
            && !res
                .rules
                .institution_suffixes
                .iter()
                .any(|x| surface.ends_with(x.as_str()))
        {
            EntityType::Place
        } else {
            ty
        };
        if res.rules.entity_stopwords.contains(&surface) {
            continue;
        }
        // Foreign names and places are written in transliteration characters.
        let transliterated = surface
            .chars()
            .all(|c| res.rules.transliteration.contains(&c));
        // A one-character place is an abbreviation (美, 京) standing for a known place.
        let abbreviation = match chars[start..end] {
            [c] if ty == EntityType::Place => match res.rules.place_abbreviations.get(&c) {
                Some(place) if abbreviation_in_word(chars, tokens, start, res) => {
                    Some(place.clone())
                }
                _ => continue,
            },
            [_] => continue,
            _ => None,
        };
        // A place must be known, carry a place head, or be tagged a place name
        // by the segmenter (not 伦理, 关联).
        if ty == EntityType::Place && abbreviation.is_none() {
            let known = res
                .lexicon
                .get(&surface)
                .is_some_and(|e| e.entity_type == EntityType::Place);
            let headed = end - start >= 2
                && res
                    .rules
                    .place_suffixes
                    .iter()
                    .any(|s| surface.ends_with(s.as_str()));
            let known_word = |w: &str| res.jieba.as_ref().is_some_and(|j| j.has_word(w));
            // A two-character dictionary word the segmenter tags as a place
            // is often none (关联, 嘉宾).
            let tagged = tokens.iter().any(|t| {
                t.start < end
                    && start < t.end
                    && t.tag == "ns"
                    && (t.end - t.start >= 3 || !known_word(&t.word))
            });
            // Foreign places are written in transliteration characters (波恩, 德班).
            // 契约 is written in such characters too, but is a word.
            let foreign = transliterated && (end - start >= 3 || !known_word(&surface));
            if !(known || headed || tagged || foreign) {
                continue;
            }
        }
        // A person must look like a name, not be a common word (普惠, 科普).
        if ty == EntityType::Person && !person_evidence(&surface, start, end, tokens, res) {
            continue;
        }
        if ty == EntityType::Institution
            && let Some((n, place)) = government_phrase(&surface, res)
        {
            out.push(Cand {
                start,
                end: start + n,
                entity_type: EntityType::Place,
                label: place,
                rule: Rule::new(Recogniser::Model),
                nested: false,
            });
            continue;
        }
        // 陈老师: the model's span runs into the honorific.
        let (end, surface) = match ty {
            EntityType::Person => match res
                .rules
                .honorifics
                .iter()
                .chain(&res.rules.titles)
                .chain(&res.rules.speech_verbs)
                .find(|h| surface.ends_with(h.as_str()) && surface.len() > h.len())
            {
                // 老总: what is left is no name.
                Some(h) if surface.chars().count() < h.chars().count() + 2 => continue,
                Some(h) => {
                    let kept = &surface[..surface.len() - h.len()];
                    (start + kept.chars().count(), kept.to_string())
                }
                None => (end, surface),
            },
            _ => (end, surface),
        };
        let label = abbreviation.unwrap_or_else(|| {
            res.lexicon
                .get(&surface)
                .map_or_else(|| label_of(&surface), |e| e.label.clone())
        });
        out.push(Cand {
            start,
            end,
            entity_type: ty,
            label,
            rule: Rule::new(Recogniser::Model),
            nested: false,
        });
    }
}

/// Whether the tagger's person `surface` at `start..end` is plausible: it
/// looks like a name, the segmenter tags it as one, or a post or honorific
/// stands next to it (总理科尔, 素林外长); and it is no common word (普惠,
/// 白皮书) or noun (鲁棒性).
fn person_evidence(
    surface: &str,
    start: usize,
    end: usize,
    tokens: &[Token],
    res: &Resources,
) -> bool {
    let r = &res.rules;
    let n = end - start;
    let word = tokens.iter().find(|t| t.start == start && t.end == end);
    let name_tag = |t: &Token| matches!(t.tag.as_str(), "nr" | "nrt" | "nrfg");
    // A name the segmenter's dictionary knows, not one it guessed (范围广).
    let known = |t: &Token| {
        name_tag(t)
            && !r.entity_stopwords.contains(&t.word)
            && res.jieba.as_ref().is_some_and(|j| j.has_word(&t.word))
    };
    let tagged_name = word.is_some_and(known)
        || (n >= 3
            && tokens
                .iter()
                .any(|t| start <= t.start && t.end <= end && t.end - t.start >= 2 && known(t)));
    let post = |t: &Token| r.titles.contains(&t.word) || r.honorifics.contains(&t.word);
    let titled = tokens
        .iter()
        .any(|t| (t.end == start || t.start == end) && post(t));
    let transliterated = surface.chars().all(|c| r.transliteration.contains(&c));
    // 张冠李戴: an idiom or set phrase is no name.
    let idiom = word.is_some_and(|t| matches!(t.tag.as_str(), "i" | "l"));
    if noun_ending(surface, r) || idiom {
        return false;
    }
    // A dictionary word of four Chinese characters after a single surname is
    // an idiom (张冠李戴, which the dictionary tags as a name), unless a post
    // vouches for it.
    let first_two: String = surface.chars().take(2).collect();
    let dictionary = res.jieba.as_ref().is_some_and(|j| j.has_word(surface));
    if n == 4 && dictionary && !transliterated && !r.surnames.contains(&first_two) && !titled {
        return false;
    }
    // 普惠繁荣: a policy word inside is no part of a name.
    let inner_stopword = tokens
        .iter()
        .any(|t| start <= t.start && t.end <= end && r.entity_stopwords.contains(&t.word));
    if inner_stopword {
        return false;
    }
    let word_like = common_word_name(surface, res);
    if tagged_name && !word_like {
        return true;
    }
    // A proper-noun tag (拉宾/ns) still leaves it a name.
    let common = (word.is_some_and(|t| !matches!(t.tag.get(..2), Some("nr" | "ns" | "nz")))
        && res.jieba.as_ref().is_some_and(|j| j.has_word(surface))
        && !(n >= 3 && looks_like_name(surface, r)))
        || word_like;
    let plausible =
        looks_like_name(surface, r) || surface.contains('·') || transliterated || titled;
    !common && (plausible || n >= 3)
}

/// Whether the one character at `at` can be a place abbreviation within its
/// word: it stands alone, or next to another abbreviation (中美), after a verb
/// of visiting (访华, 在京举行), before a noun of a side (中方) or before a
/// post or government (俄总统, 俄政府), not as part of another word (加强).
fn abbreviation_in_word(chars: &[char], tokens: &[Token], at: usize, res: &Resources) -> bool {
    let r = &res.rules;
    let Some(t) = tokens.iter().find(|t| t.start <= at && at < t.end) else {
        return true;
    };
    let before = (at > t.start).then(|| chars[at - 1]);
    let after = (at + 1 < t.end.min(chars.len())).then(|| chars[at + 1]);
    let abbr = |c: &char| r.place_abbreviations.contains_key(c);
    // 俄总统, 美政府: the rest of the word is a post or a government head.
    let rest: String = chars[at + 1..t.end.min(chars.len())].iter().collect();
    let headed = before.is_none()
        && !rest.is_empty()
        && (r.titles.contains(&rest) || r.government_heads.contains(&rest));
    headed
        || (before.is_none() && after.is_none())
        || before.is_some_and(|c| abbr(&c) || r.abbreviation_verbs.contains(&c))
        || after.is_some_and(|c| abbr(&c) || r.abbreviation_nouns.contains(&c))
}

/// Whether a would-be name is really a word (白皮书, 宣传周): it ends with a
/// name head, or it or its first two characters are a dictionary word that
/// the segmenter does not take for a name.
fn common_word_name(w: &str, res: &Resources) -> bool {
    let r = &res.rules;
    let headed = r
        .initiative_suffixes
        .iter()
        .chain(&r.institution_suffixes)
        .any(|s| s.chars().count() >= 2 && w.ends_with(s.as_str()));
    let Some(j) = &res.jieba else { return headed };
    let plain_word = |x: &str| {
        let tags = j.tag(x, false);
        tags.len() == 1
            && tags[0].word == x
            && !(tags[0].tag.starts_with("nr") || tags[0].tag == "ns")
            && j.has_word(x)
    };
    let chars: Vec<char> = w.chars().collect();
    let head: String = chars.iter().take(2).collect();
    // 郑重宣布: a four-character one opens with a word that is no double surname.
    headed
        || (chars.len() == 3 && plain_word(&head))
        || (chars.len() == 4 && plain_word(&head) && !r.surnames.contains(&head))
        || (chars.len() == 2 && plain_word(w))
}

/// Whether a token may be part of a transliterated or Chinese name.
fn name_token(t: &Token, res: &Resources) -> bool {
    !t.word.chars().any(is_break)
        && !res.rules.titles.contains(&t.word)
        && res
            .lexicon
            .get(&t.word)
            .is_none_or(|e| e.entity_type == EntityType::Person)
        && (t.word.chars().count() == 1
            || !res
                .rules
                .person_noun_suffixes
                .iter()
                .any(|s| t.word.ends_with(s.as_str())))
        && matches!(
            t.tag.as_str(),
            "nr" | "nrt" | "nrfg" | "ns" | "nz" | "j" | "n" | "x" | "ng"
        )
        && (t.tag != "n" || t.word.chars().count() == 1)
}

/// Foreign names joined by `·` (埃马纽埃尔·马克龙), from the tokens around the dot.
fn foreign_names(tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    for (k, t) in tokens.iter().enumerate() {
        if t.word != "·" || k == 0 || k + 1 >= tokens.len() {
            continue;
        }
        let mut j = k;
        while j > 0 && k - j < 4 && name_token(&tokens[j - 1], res) && tokens[j - 1].word != "·" {
            j -= 1;
        }
        let mut e = k + 1;
        while e < tokens.len()
            && e - k <= 6
            && (tokens[e].word == "·" || name_token(&tokens[e], res))
        {
            e += 1;
        }
        while e > k + 1 && tokens[e - 1].word == "·" {
            e -= 1;
        }
        if j == k || e == k + 1 {
            continue;
        }
        let name: String = tokens[j..e].iter().map(|t| t.word.as_str()).collect();
        // 尼·伯尔切斯库镇: a name ending with an administrative unit is a place.
        let entity_type = match name.chars().last() {
            Some(c) if res.rules.administrative_suffixes.contains(&c) => EntityType::Place,
            _ => EntityType::Person,
        };
        out.push(Cand {
            start: tokens[j].start,
            end: tokens[e - 1].end,
            entity_type,
            label: name,
            rule: Rule::new(Recogniser::ForeignName),
            nested: false,
        });
    }
}

/// A surname the segmenter tags as a name, split from a given name it took
/// for a word (蒋/天才, 曹/火星, 朱/力行), when a verb, particle or
/// punctuation follows.
fn split_names(tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    let r = &res.rules;
    for (k, w) in tokens.windows(2).enumerate() {
        let (s, g) = (&w[0], &w[1]);
        let given = g.word.chars().count();
        let ok = s.word.chars().count() == 1
            && s.tag.starts_with("nr")
            && r.surnames.contains(&s.word)
            && s.end == g.start
            && (1..=2).contains(&given)
            && g.word.chars().all(is_cjk)
            && matches!(
                g.tag.as_str(),
                "n" | "a" | "ag" | "an" | "ng" | "nz" | "nr" | "j" | "b"
            )
            && !r.titles.contains(&g.word)
            && !r.honorifics.contains(&g.word)
            && res.lexicon.get(&g.word).is_none()
            && tokens.get(k + 2).is_none_or(|t| {
                t.word.chars().any(is_break)
                    || matches!(
                        t.tag.as_str(),
                        "v" | "uj" | "ul" | "p" | "c" | "d" | "r" | "l"
                    )
            });
        let name = format!("{}{}", s.word, g.word);
        if ok && !noun_ending(&name, r) && !r.entity_stopwords.contains(&name) {
            out.push(Cand::person(s.start, g.end, name, Recogniser::SplitName));
        }
    }
}

/// Japanese names: a family name the rules know, with the given name the
/// segmenter tags after it (桥本/龙太郎, 久间/章生), or alone next to a post,
/// honorific or speech verb (首相桥本, 桥本首相, 桥本表示).
fn japanese_names(tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    let r = &res.rules;
    let post = |t: &Token| {
        r.titles.contains(&t.word)
            || r.honorifics.contains(&t.word)
            || r.speech_verbs.contains(&t.word)
    };
    // 日本首相/桥本龙太郎: a post closes the word before.
    let after_post = |t: &Token| r.titles.iter().any(|p| t.word.ends_with(p.as_str()));
    for (k, t) in tokens.iter().enumerate() {
        let prev = k.checked_sub(1).map(|i| &tokens[i]);
        // 桥本龙太郎 as one word: a family name and a given name of one to three.
        let whole = t.word.chars().count() >= 3
            && t.word.chars().all(is_cjk)
            && (2..=3).any(|n| {
                let b = t
                    .word
                    .char_indices()
                    .nth(n)
                    .map_or(t.word.len(), |(b, _)| b);
                r.japanese_surnames.contains(&t.word[..b])
                    && (1..=3).contains(&(t.word.chars().count() - n))
            })
            && (prev.is_some_and(after_post) || tokens.get(k + 1).is_some_and(post));
        if whole {
            out.push(Cand::person(
                t.start,
                t.end,
                t.word.clone(),
                Recogniser::JapaneseName,
            ));
            continue;
        }
        if !r.japanese_surnames.contains(&t.word) {
            continue;
        }
        let next = tokens.get(k + 1);
        let after = tokens.get(k + 2);
        let ends = |t: Option<&Token>| {
            t.is_none_or(|t| {
                t.word.chars().any(is_break)
                    || post(t)
                    || matches!(t.tag.as_str(), "v" | "uj" | "ul" | "p" | "c" | "d")
            })
        };
        let given = next.filter(|g| {
            (1..=3).contains(&g.word.chars().count())
                && g.word.chars().all(is_cjk)
                && matches!(g.tag.as_str(), "nr" | "nrt" | "nrfg")
                && !post(g)
                && ends(after)
        });
        let end = match given {
            Some(g) => g.end,
            None if prev.is_some_and(after_post) || next.is_some_and(post) => t.end,
            None => continue,
        };
        let name: String = tokens[k..]
            .iter()
            .take_while(|x| x.end <= end)
            .map(|x| x.word.as_str())
            .collect();
        out.push(Cand::person(t.start, end, name, Recogniser::JapaneseName));
    }
}

/// A name right after a post (院长巴罗索, 总干事穆勒, 院长韩知远): the words up to
/// the next punctuation or function word, if they make a name of 2 to 6 characters.
fn titled_names(tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    for (k, t) in tokens.iter().enumerate() {
        if !res.rules.titles.contains(&t.word) {
            continue;
        }
        let mut e = k + 1;
        while e < tokens.len() && e - k <= 3 && name_token(&tokens[e], res) {
            e += 1;
        }
        if e == k + 1 {
            continue;
        }
        // 李/明远: a surname the segmenter split from a given name it took for a word.
        if e == k + 2
            && tokens[k + 1].word.chars().count() == 1
            && res.rules.surnames.contains(&tokens[k + 1].word)
            && tokens.get(e).is_some_and(|t| {
                (1..=2).contains(&t.word.chars().count())
                    && t.word.chars().all(is_cjk)
                    && matches!(
                        t.tag.as_str(),
                        "a" | "an" | "ag" | "ng" | "n" | "nz" | "j" | "b" | "nr"
                    )
                    && !res.rules.titles.contains(&t.word)
            })
            && tokens.get(e + 1).is_none_or(|t| {
                t.word.chars().any(is_break)
                    || matches!(t.tag.as_str(), "v" | "l" | "vn" | "p" | "c")
            })
        {
            e += 1;
        }
        // 韩知/远: a two-character name whose last character the segmenter split off.
        let two: String = tokens[k + 1..e].iter().map(|t| t.word.as_str()).collect();
        if two.chars().count() == 2
            && looks_like_name(&two, &res.rules)
            && tokens.get(e).is_some_and(|t| {
                t.word.chars().count() == 1
                    && t.word.chars().all(is_cjk)
                    && !matches!(
                        t.tag.as_str(),
                        "u" | "uj" | "ul" | "p" | "c" | "d" | "r" | "f" | "m" | "q" | "v"
                    )
            })
            && tokens.get(e + 1).is_none_or(|t| {
                t.word.chars().any(is_break)
                    || matches!(t.tag.as_str(), "v" | "l" | "vn" | "p" | "c")
            })
        {
            e += 1;
        }
        let name: String = tokens[k + 1..e].iter().map(|t| t.word.as_str()).collect();
        let n = name.chars().count();
        let foreign = tokens[k + 1..e]
            .iter()
            .any(|t| matches!(t.tag.as_str(), "nrt" | "nz" | "j" | "ns"));
        let ok = (2..=6).contains(&n)
            && res
                .lexicon
                .get(&name)
                .is_none_or(|e| e.entity_type == EntityType::Person)
            && !res.rules.entity_stopwords.contains(&name)
            && (looks_like_name(&name, &res.rules) || foreign);
        if ok {
            out.push(Cand {
                start: tokens[k + 1].start,
                end: tokens[e - 1].end,
                entity_type: EntityType::Person,
                label: res
                    .lexicon
                    .get(&name)
                    .map_or(name.clone(), |e| e.label.clone()),
                rule: Rule::new(Recogniser::TitleName),
                nested: false,
            });
        }
    }
}

/// Policy terms: a noun compound ending with a concept head.
fn concepts(tokens: &[Token], res: &Resources, out: &mut Vec<Cand>) {
    for (k, tok) in tokens.iter().enumerate() {
        let Some(suffix) = res
            .rules
            .concept_suffixes
            .iter()
            .find(|s| tok.word.ends_with(s.as_str()))
        else {
            continue;
        };
        // A known term ending with the head (人工智能) is the lexicon's to find;
        // growing it would give 全球人工智能.
        if tok.word != *suffix && res.lexicon.get(&tok.word).is_some() {
            continue;
        }
        let mut j = k;
        while j > 0
            && k - j < 4
            && (matches!(tokens[j - 1].tag.as_str(), "n" | "vn" | "nz" | "b" | "an")
                || res.rules.name_parts.contains(&tokens[j - 1].word))
            && !tokens[j - 1].word.chars().any(is_break)
            && tok.end - tokens[j - 1].start <= 10
        {
            j -= 1;
        }
        let start = tokens[j].start;
        let len = tok.end - start;
        if !(4..=10).contains(&len) || (j == k && tok.word == *suffix) {
            continue;
        }
        let name: String = tokens[j..=k].iter().map(|t| t.word.as_str()).collect();
        if res.rules.entity_stopwords.contains(&name) {
            continue;
        }
        out.push(Cand {
            start,
            end: tok.end,
            entity_type: EntityType::Concept,
            label: name,
            rule: Rule::with(Recogniser::ConceptHead, suffix.as_str()),
            nested: false,
        });
    }
}

/// Occurrences of the article's keywords (by TF-IDF) as concepts.
pub fn keywords(tokens: &[Token], keywords: &[String]) -> Vec<Cand> {
    tokens
        .iter()
        .filter(|t| keywords.contains(&t.word))
        .map(|t| Cand {
            start: t.start,
            end: t.end,
            entity_type: EntityType::Concept,
            label: t.word.clone(),
            rule: Rule::new(Recogniser::Keyword),
            nested: false,
        })
        .collect()
}

/// A unit printed in a byline (`start..end` of the paragraph) and the
/// institution named at its start: a lexicon name or a quoted name
/// (`“中国搜索”数字经济联合工作组`).
pub fn unit(text: &str, start: usize, end: usize, res: &Resources) -> Vec<Cand> {
    let chars: Vec<char> = text.chars().collect();
    let surface: String = chars[start..end].iter().collect();
    let label = res
        .lexicon
        .get(&surface)
        .map_or_else(|| label_of(&surface), |e| e.label.clone());
    let ty = res
        .lexicon
        .get(&surface)
        .map_or(EntityType::Institution, |e| e.entity_type);
    if label.chars().count() < 3 && res.lexicon.get(&surface).is_none() {
        return Vec::new();
    }
    let mut out = vec![Cand {
        start,
        end,
        entity_type: ty,
        label: label.clone(),
        rule: Rule::new(Recogniser::BylineUnit),
        nested: false,
    }];
    let quoted = match chars.get(start) {
        Some('“') => chars[start..end].iter().position(|&c| c == '”'),
        Some('《') => chars[start..end].iter().position(|&c| c == '》'),
        _ => None,
    };
    let parent = match quoted {
        Some(close) if start + close + 1 < end => {
            let inner: String = chars[start + 1..start + close].iter().collect();
            Some((close + 1, inner))
        }
        _ => res
            .lexicon
            .find(&surface)
            .into_iter()
            .filter(|m| {
                m.start == 0
                    && m.end < end - start
                    && m.entry.entity_type == EntityType::Institution
            })
            .max_by_key(|m| m.end)
            .map(|m| (m.end, m.entry.label.clone())),
    };
    if ty == EntityType::Institution
        && let Some((len, parent)) = parent
    {
        out.push(Cand {
            start,
            end: start + len,
            entity_type: EntityType::Institution,
            label: parent,
            rule: Rule::new(Recogniser::Nested),
            nested: true,
        });
    }
    out
}

/// All candidates of a paragraph, then the chosen non-overlapping set plus
/// nested institutions. `fixed` holds candidates known from the layout.
pub fn mentions(
    text: &str,
    tokens: &[Token],
    names: &[String],
    fixed: Vec<Cand>,
    res: &Resources,
) -> Vec<Cand> {
    let chars: Vec<char> = text.chars().collect();
    let mut cands = fixed;
    lexicon(text, tokens, res, &mut cands);
    known_names(&chars, names, &mut cands);
    marked(&chars, res, &mut cands);
    grown(tokens, res, &mut cands);
    tagged(tokens, res, &mut cands);
    tagged_by_model(&chars, tokens, res, &mut cands);
    abbreviations(tokens, res, &mut cands);
    surname_titles(tokens, res, &mut cands);
    references(tokens, res, &mut cands);
    foreign_names(tokens, res, &mut cands);
    titled_names(tokens, res, &mut cands);
    split_names(tokens, res, &mut cands);
    japanese_names(tokens, res, &mut cands);
    concepts(tokens, res, &mut cands);
    place_spans(&chars, tokens, res, &mut cands);
    defer_to_model(&mut cands);
    let mut chosen = select(cands);
    coordinated(&chars, tokens, res, &mut chosen);
    chosen
}

/// Names listed next to a person (宋双、周森古沙和方炳祯): a member of the list
/// that looks like a name and is no word is a person too.
fn coordinated(chars: &[char], tokens: &[Token], res: &Resources, chosen: &mut Vec<Cand>) {
    let r = &res.rules;
    let stops = |t: &Token| {
        t.word.chars().any(is_break)
            || r.coordinators.contains(&t.word)
            || r.titles.contains(&t.word)
            || matches!(
                t.tag.get(..1),
                Some("v" | "p" | "u" | "d" | "c" | "r" | "m" | "q" | "f" | "y")
            )
    };
    let mut k = 0;
    while k < chosen.len() {
        let c = &chosen[k];
        k += 1;
        if c.entity_type != EntityType::Person || c.end - c.start < 2 {
            continue;
        }
        let (start, end) = (c.start, c.end);
        let mut found = Vec::new();
        // The member after: coordinator, then words up to the next stop.
        if let Some(j) = tokens.iter().position(|t| t.start == end)
            && r.coordinators.contains(&tokens[j].word)
        {
            let run: Vec<&Token> = tokens[j + 1..].iter().take_while(|t| !stops(t)).collect();
            if let (Some(a), Some(b)) = (run.first(), run.last()) {
                found.push((a.start, b.end));
            }
        }
        // The member before: words back to the previous stop, then the coordinator.
        if let Some(j) = tokens.iter().position(|t| t.end == start)
            && r.coordinators.contains(&tokens[j].word)
        {
            let run: Vec<&Token> = tokens[..j].iter().rev().take_while(|t| !stops(t)).collect();
            if let (Some(b), Some(a)) = (run.first(), run.last()) {
                found.push((a.start, b.end));
            }
        }
        for (s, e) in found {
            let name: String = chars[s..e].iter().collect();
            let transliterated = name.chars().all(|ch| r.transliteration.contains(&ch));
            let shaped = (looks_like_name(&name, r) && e - s <= 4)
                || (transliterated && (2..=6).contains(&(e - s)));
            let free = chosen.iter().all(|o| o.end <= s || o.start >= e);
            let word = res.lexicon.get(&name).is_some()
                || r.entity_stopwords.contains(&name)
                || common_word_name(&name, res)
                || noun_ending(&name, r);
            if shaped && free && !word {
                chosen.push(Cand::person(s, e, name, Recogniser::Coordinated));
            }
        }
    }
    chosen.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
}

/// Place mentions follow the name: a region word after it is left out
/// (亚太地区 → 亚太), and a place suffix written as a word of its own is
/// taken in (维也纳/市, 伊斯兰堡/机场). An administrative unit keeps the
/// place's label; a facility is an entity of its own.
fn place_spans(chars: &[char], tokens: &[Token], res: &Resources, cands: &mut Vec<Cand>) {
    let r = &res.rules;
    let mut grown = Vec::new();
    for c in cands.iter_mut() {
        if c.entity_type != EntityType::Place || c.nested || c.rule.is(Recogniser::Reference) {
            continue;
        }
        let surface: String = chars[c.start..c.end].iter().collect();
        if let Some(w) = r.region_words.iter().find(|w| {
            surface.ends_with(w.as_str()) && surface.chars().count() >= w.chars().count() + 2
        }) {
            let n = w.chars().count();
            c.end -= n;
            if c.label.ends_with(w.as_str()) {
                let kept: String = c.label.chars().take(c.label.chars().count() - n).collect();
                c.label = res.lexicon.get(&kept).map_or(kept, |e| e.label.clone());
            }
            continue;
        }
        let Some(next) = tokens.iter().find(|t| t.start == c.end) else {
            continue;
        };
        let function_word = matches!(
            next.tag.get(..1),
            Some("f" | "v" | "d" | "p" | "u" | "c" | "r")
        );
        if function_word || !r.place_suffixes.contains(&next.word) {
            continue;
        }
        let administrative = next.word.chars().count() == 1
            && next
                .word
                .chars()
                .all(|ch| r.administrative_suffixes.contains(&ch));
        let label = if administrative {
            c.label.clone()
        } else {
            chars[c.start..next.end].iter().collect()
        };
        grown.push(Cand {
            start: c.start,
            end: next.end,
            label,
            rule: Rule {
                suffixed: true,
                ..c.rule.clone()
            },
            ..c.clone()
        });
    }
    cands.extend(grown);
}

/// Where the name tagger found a person inside a rule's longer person, two
/// or more characters longer (罗干今天上午, 吕老去), the rule's gives way.
fn defer_to_model(cands: &mut Vec<Cand>) {
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

//! Personal names from their shape and context: titles, surnames, transliterations, Japanese names and lists of names.
//!
//! Input: a paragraph ([`Para`]): its text, tokens and the resources.
//! Output: candidates pushed onto the list.
//! Invariant: a person candidate looks like a name and is no common word.

use super::*;
use crate::data::looks_like_name;
use crate::model::{EntityType, Recogniser, Rule, Token};
use crate::resources::Resources;
use crate::script::is_cjk;

/// Whether a word is a surname and an honorific or post written as one word
/// (李老师, 胡老, 江主席).
pub(super) fn surname_and_title(w: &str, res: &Resources) -> bool {
    let r = &res.rules;
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    !rest.is_empty()
        && r.surname_chars.contains(&first)
        && (r.honorifics.contains(rest) || r.titles.contains(rest))
}

/// A surname and an honorific or post (陈老师, 汤局长): the surname names the person.
pub(super) fn surname_titles(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    for t in tokens {
        // 毛主席/n: a post of two characters or more makes it a name whatever the tag.
        let post = t.char_len() >= 3
            && t.word
                .char_indices()
                .nth(1)
                .is_some_and(|(b, _)| res.rules.titles.contains(&t.word[b..]));
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
        if s.char_len() == 1
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

/// Whether a would-be name is really a word (白皮书, 宣传周): it ends with a
/// name head, or it or its first two characters are a dictionary word that
/// the segmenter does not take for a name.
pub(super) fn common_word_name(w: &str, res: &Resources) -> bool {
    let r = &res.rules;
    let headed = r
        .initiative_suffixes
        .suffixes_of(w)
        .chain(r.institution_suffixes.suffixes_of(w))
        .any(|s| s.chars().count() >= 2);
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
pub(super) fn name_token(t: &Token, res: &Resources) -> bool {
    !t.word.chars().any(is_break)
        && !res.rules.titles.contains(&t.word)
        && res
            .lexicon
            .get(&t.word)
            .is_none_or(|e| e.entity_type == EntityType::Person)
        && (t.char_len() == 1
            || !res
                .rules
                .person_noun_suffixes
                .iter()
                .any(|s| t.word.ends_with(s.as_str())))
        && matches!(
            t.tag.as_str(),
            "nr" | "nrt" | "nrfg" | "ns" | "nz" | "j" | "n" | "x" | "ng"
        )
        && (t.tag != "n" || t.char_len() == 1)
}

/// Foreign names joined by `·` (埃马纽埃尔·马克龙), from the tokens around the dot.
pub(super) fn foreign_names(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    for (k, t) in tokens.iter().enumerate() {
        if t.word != "·" || k == 0 || k + 1 >= tokens.len() {
            continue;
        }
        let mut j = k;
        while j > 0 && k - j < 4 && tokens[j - 1].word != "·" {
            // 让-皮埃尔: a hyphen joins the given name's parts, whatever the
            // segmenter made of the part before it.
            if tokens[j - 1].word == "-" {
                let part = j.checked_sub(2).map(|i| &tokens[i]);
                if part
                    .is_some_and(|t| (1..=3).contains(&t.char_len()) && t.word.chars().all(is_cjk))
                {
                    j -= 2;
                    continue;
                }
                break;
            }
            if !name_token(&tokens[j - 1], res) {
                break;
            }
            j -= 1;
        }
        // 拉/法兰: a short part of transliteration characters is a name's
        // whatever the segmenter tagged it.
        let transliterated = |t: &Token| {
            (1..=2).contains(&t.char_len())
                && t.word
                    .chars()
                    .all(|c| res.rules.transliteration.contains(&c))
        };
        let mut e = k + 1;
        while e < tokens.len()
            && e - k <= 6
            && (tokens[e].word == "·" || name_token(&tokens[e], res) || transliterated(&tokens[e]))
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
        // 尼·伯尔切斯库镇: a name ending with an administrative unit is a place;
        // a hyphenated given name (让-皮埃尔) is a person's.
        let entity_type = match name.chars().last() {
            Some(c) if res.rules.administrative_suffixes.contains(&c) && !name.contains('-') => {
                EntityType::Place
            }
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
pub(super) fn split_names(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    let r = &res.rules;
    for (k, w) in tokens.windows(2).enumerate() {
        let (s, g) = (&w[0], &w[1]);
        let given = g.char_len();
        let ok = s.char_len() == 1
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
        if !ok {
            continue;
        }
        let name = format!("{}{}", s.word, g.word);
        if !noun_ending(&name, r) && !r.entity_stopwords.contains(&name) {
            out.push(Cand::person(s.start, g.end, name, Recogniser::SplitName));
        }
    }
}

/// Japanese names: a family name the rules know, with the given name the
/// segmenter tags after it (桥本/龙太郎, 久间/章生), or alone next to a post,
/// honorific or speech verb (首相桥本, 桥本首相, 桥本表示).
pub(super) fn japanese_names(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    let r = &res.rules;
    let post = |t: &Token| {
        r.titles.contains(&t.word)
            || r.honorifics.contains(&t.word)
            || r.speech_verbs.contains(&t.word)
    };
    // 日本首相/桥本龙太郎: a post closes the word before.
    let after_post = |t: &Token| r.titles.suffixes_of(&t.word).next().is_some();
    for (k, t) in tokens.iter().enumerate() {
        let prev = k.checked_sub(1).map(|i| &tokens[i]);
        // 桥本龙太郎 as one word: a family name and a given name of one to three.
        let whole = t.char_len() >= 3
            && t.word.chars().all(is_cjk)
            && (2..=3).any(|n| {
                let b = t
                    .word
                    .char_indices()
                    .nth(n)
                    .map_or(t.word.len(), |(b, _)| b);
                r.japanese_surnames.contains(&t.word[..b]) && (1..=3).contains(&(t.char_len() - n))
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
            (1..=3).contains(&g.char_len())
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
pub(super) fn titled_names(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (tokens, res) = (p.tokens, p.res);
    for (k, t) in tokens.iter().enumerate() {
        if !res.rules.titles.contains(&t.word) {
            continue;
        }
        let mut e = k + 1;
        while e < tokens.len() && e - k <= 3 && name_token(&tokens[e], res) {
            e += 1;
        }
        // 主任查/布拉: a transliterated name whose first character the
        // segmenter took for a word of its own.
        if e == k + 1
            && let (Some(first), Some(rest)) = (tokens.get(k + 1), tokens.get(k + 2))
            && first.char_len() == 1
            && rest.tag == "nrt"
            && first
                .word
                .chars()
                .chain(rest.word.chars())
                .all(|c| res.rules.transliteration.contains(&c))
        {
            e = k + 3;
        }
        // 发言人何/亚东: a surname the segmenter tagged as some other word
        // (何 as a pronoun), unless as a function word: a preposition,
        // conjunction, particle, adverb, numeral or measure word (记者从上海获悉).
        let surname_word = tokens.get(k + 1).is_some_and(|t| {
            t.char_len() == 1
                && res.rules.surnames.contains(&t.word)
                && !matches!(
                    t.tag.as_str(),
                    "p" | "c" | "u" | "uj" | "ul" | "d" | "m" | "q"
                )
        });
        if e == k + 1 && surname_word {
            e = k + 2;
        } else if e == k + 1 {
            continue;
        }
        // 李/明远: a surname the segmenter split from a given name it took for a word.
        if e == k + 2
            && tokens[k + 1].char_len() == 1
            && res.rules.surnames.contains(&tokens[k + 1].word)
            && tokens.get(e).is_some_and(|t| {
                (1..=2).contains(&t.char_len())
                    && t.word.chars().all(is_cjk)
                    && matches!(
                        t.tag.as_str(),
                        "a" | "an" | "ag" | "ng" | "n" | "nz" | "j" | "b" | "nr" | "ns"
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
                t.char_len() == 1
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

/// Names listed next to a person (宋双、周森古沙和方炳祯): a member of the list
/// that looks like a name and is no word is a person too.
pub(super) fn coordinated(p: &Para<'_>, chosen: &mut Vec<Cand>) {
    let (chars, tokens, res) = (&p.chars[..], p.tokens, p.res);
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

/// A name opening a clause before a verb of holding a post (申海波现任…,
/// 钱立新担任…): two or three characters after a break, led by a surname.
pub(super) fn posted_names(p: &Para<'_>, out: &mut Vec<Cand>) {
    let (chars, tokens, r) = (&p.chars[..], p.tokens, &p.res.rules);
    for t in tokens
        .iter()
        .filter(|t| t.char_len() >= 2 && r.post_verbs.contains(&t.word))
    {
        for n in [3, 2] {
            let Some(start) = t.start.checked_sub(n) else {
                continue;
            };
            let opens = start == 0 || is_break(chars[start - 1]);
            let name: String = chars[start..t.start].iter().collect();
            if opens
                && looks_like_name(&name, r)
                && !r.entity_stopwords.contains(&name)
                && tokens.iter().all(|o| o.end <= start || o.start >= start)
            {
                out.push(Cand::person(start, t.start, name, Recogniser::TitleName));
                break;
            }
        }
    }
}

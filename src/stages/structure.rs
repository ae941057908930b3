//! Structure: normalised text → articles with title, byline, speaker turns,
//! paragraphs and sentences.
//!
//! Input: the normalised [`Text`] of one file and the rule lists.
//! Output: one [`Article`] per `# title` (or one for a file without titles).
//! Invariant: every paragraph keeps a map from its characters to the original
//! text; page furniture, spaces inside printed names and breaks in the middle
//! of a sentence are repaired without losing that map.

use crate::data::{BylineRole, Rules, TurnRole, looks_like_name};
use crate::model::{Affiliation, Article, BlockKind, Byline, Paragraph, Text};
use crate::script::{CLOSERS, SENTENCE_END, is_cjk};

/// Characters that end a paragraph; a paragraph ending otherwise was broken by
/// the layout and continues in the next block.
const TERMINAL: &[char] = &[
    '。', '！', '？', '…', '”', '’', '）', '》', '：', '；', '.', '!', '?', ')', '"',
];
/// The longest line still taken for a subtitle rather than a broken sentence.
const SUBTITLE_MAX: usize = 30;

/// A physical line after cleaning.
#[derive(Debug, Clone)]
struct Line {
    text: Text,
    /// Heading level: 1 for `# `, 2 for `## ` and deeper, 0 otherwise.
    level: usize,
    /// Ends with a Markdown hard break (two spaces).
    hard_break: bool,
}

/// Concatenates texts, keeping the maps.
fn join(parts: &[&Text]) -> Text {
    let mut out = Text::default();
    for p in parts {
        out.text.push_str(&p.text);
        out.map.extend_from_slice(&p.map[..p.len()]);
    }
    out.map.push(parts.last().map_or(0, |p| p.map[p.len()]));
    out
}

/// A sub-range of a text.
fn sub(t: &Text, start: usize, end: usize) -> Text {
    Text {
        text: t.slice(start, end),
        map: t.map[start..=end].to_vec(),
    }
}

/// Cleans one physical line `start..end` of the normalised text: trims it,
/// joins spaced single characters (`吴 浩` → `吴浩`) and collapses other spaces.
fn clean_line(norm: &Text, chars: &[char], start: usize, end: usize) -> Line {
    let hard_break = end - start >= 2 && chars[end - 2..end].iter().all(|&c| c == ' ');
    let mut s = start;
    let mut e = end;
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    let mut level = 0;
    if chars[s..e].first() == Some(&'#') {
        let hashes = chars[s..e].iter().take_while(|&&c| c == '#').count();
        if chars.get(s + hashes) == Some(&' ') {
            level = if hashes == 1 { 1 } else { 2 };
            s += hashes;
            while s < e && chars[s] == ' ' {
                s += 1;
            }
        }
    }
    let mut text = String::new();
    let mut map = Vec::new();
    let mut i = s;
    while i < e {
        let c = chars[i];
        if c == ' ' || c == '\t' {
            let run_end = (i..e)
                .find(|&j| chars[j] != ' ' && chars[j] != '\t')
                .unwrap_or(e);
            let prev = if i > s { Some(chars[i - 1]) } else { None };
            let next = chars.get(run_end).copied();
            let lone_prev =
                i > s && prev.is_some_and(is_cjk) && (i == s + 1 || !is_cjk(chars[i - 2]));
            let glue = prev.is_some_and(is_cjk) && next.is_some_and(is_cjk) && lone_prev;
            if !glue {
                text.push(' ');
                map.push(norm.map[i]);
            }
            i = run_end;
            continue;
        }
        text.push(c);
        map.push(norm.map[i]);
        i += 1;
    }
    map.push(norm.map[e]);
    Line {
        text: Text { text, map },
        level,
        hard_break,
    }
}

/// Whether a line is page furniture: a romanised column name in capitals, or a
/// lone page number.
fn is_furniture(line: &str) -> bool {
    let t = line.trim();
    (t.len() >= 4 && t.chars().all(|c| c.is_ascii_uppercase() || c == ' '))
        || (!t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()))
}

fn ends_terminal(t: &str) -> bool {
    t.trim_end()
        .chars()
        .last()
        .is_some_and(|c| TERMINAL.contains(&c))
}

/// Splits the normalised file text into cleaned lines, dropping furniture.
fn lines(norm: &Text) -> Vec<Option<Line>> {
    let chars: Vec<char> = norm.text.chars().collect();
    let mut out: Vec<Option<Line>> = Vec::new();
    let mut start = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || chars[i] == '\n' {
            let line = clean_line(norm, &chars, start, i);
            if line.text.is_empty() {
                out.push(None);
            } else if is_furniture(&line.text.text) {
                // A column name printed above its romanisation goes too.
                if let Some(Some(prev)) = out.last() {
                    let p = prev.text.len();
                    if p <= 8 && prev.level == 0 && !ends_terminal(&prev.text.text) {
                        out.pop();
                    }
                }
                out.push(None);
            } else {
                out.push(Some(line));
            }
            start = i + 1;
        }
    }
    out
}

/// A logical block: consecutive lines joined into one paragraph text.
#[derive(Debug, Clone)]
struct Block {
    text: Text,
    level: usize,
    lines: Vec<Text>,
    /// Followed a blank line (or the start of the file).
    after_blank: bool,
}

/// Groups lines into blocks: a block ends at a blank line, a heading, a hard
/// break, or a line ending with terminal punctuation.
fn blocks(lines: Vec<Option<Line>>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    let mut after_blank = true;
    let mut next_after_blank = true;
    let flush = |cur: &mut Vec<Line>, out: &mut Vec<Block>, after_blank: bool| {
        if cur.is_empty() {
            return;
        }
        let texts: Vec<&Text> = cur.iter().map(|l| &l.text).collect();
        out.push(Block {
            text: join(&texts),
            level: cur[0].level,
            lines: cur.iter().map(|l| l.text.clone()).collect(),
            after_blank,
        });
        cur.clear();
    };
    for line in lines {
        match line {
            None => {
                flush(&mut cur, &mut out, after_blank);
                next_after_blank = true;
            }
            Some(line) => {
                if line.level > 0 {
                    flush(&mut cur, &mut out, after_blank);
                    out.push(Block {
                        text: line.text.clone(),
                        level: line.level,
                        lines: vec![line.text],
                        after_blank: true,
                    });
                    next_after_blank = false;
                    continue;
                }
                if cur.is_empty() {
                    after_blank = next_after_blank;
                }
                let end = line.hard_break || ends_terminal(&line.text.text);
                cur.push(line);
                next_after_blank = false;
                if end {
                    flush(&mut cur, &mut out, after_blank);
                }
            }
        }
    }
    flush(&mut cur, &mut out, after_blank);
    out
}

/// Splits a paragraph into sentence ranges.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '“' | '‘' | '《' | '（' => depth += 1,
            '”' | '’' | '》' | '）' => depth = (depth - 1).max(0),
            _ => {}
        }
        if SENTENCE_END.contains(&c) {
            let mut end = i + 1;
            while end < chars.len()
                && (SENTENCE_END.contains(&chars[end]) || CLOSERS.contains(&chars[end]))
            {
                end += 1;
            }
            // Inside quotation marks a sentence ends only with the quote.
            let closed = chars[i + 1..end].iter().any(|c| CLOSERS.contains(c));
            if depth == 0 || closed {
                out.push((start, end));
                start = end;
                depth = 0;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out.retain(|&(s, e)| chars[s..e].iter().any(|c| !c.is_whitespace()));
    out
}

/// Splits `单位职务` into unit and post; the post alone when there is no unit.
fn unit_role(seg: &Text, rules: &Rules) -> Option<Affiliation> {
    let t = seg.text.trim();
    if t.is_empty() {
        return None;
    }
    let offset = seg
        .text
        .find(t)
        .map_or(0, |b| seg.text[..b].chars().count());
    let role = rules
        .titles
        .iter()
        .find(|x| t.ends_with(x.as_str()))
        .cloned();
    let unit_len = t.chars().count() - role.as_ref().map_or(0, |r| r.chars().count());
    let unit: String = t.chars().take(unit_len).collect();
    let unit = unit.trim_end().to_string();
    if unit.chars().count() < 2 {
        return None;
    }
    Some(Affiliation {
        span: seg.span(offset, offset + unit.chars().count()),
        unit,
        role,
    })
}

/// Affiliations in a run of `单位职务` segments separated by `、`, `，` or `；`.
fn affiliations(head: &Text, rules: &Rules) -> Vec<Affiliation> {
    let chars: Vec<char> = head.text.chars().collect();
    let mut out = Vec::new();
    let mut s = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || matches!(chars[i], '、' | '，' | ',' | ';' | '；' | '。') {
            out.extend(unit_role(&sub(head, s, i), rules));
            s = i + 1;
        }
    }
    out
}

/// Splits a byline entry such as `清华大学某研究院院长 薛澜` into the name and
/// the units and posts before it.
fn parse_entry(entry: &Text, rules: &Rules) -> Option<Byline> {
    let t = entry
        .text
        .trim_matches(|c: char| c == ' ' || c == '、' || c == '，');
    if t.is_empty() {
        return None;
    }
    let offset = entry
        .text
        .find(t)
        .map_or(0, |b| entry.text[..b].chars().count());
    let chars: Vec<char> = t.chars().collect();
    // The name is the last space-separated word, else what follows the last title.
    let name_start = match chars.iter().rposition(|&c| c == ' ') {
        Some(p) => p + 1,
        None => {
            let s: String = chars.iter().collect();
            let mut best = None;
            for title in &rules.titles {
                if let Some(b) = s.rfind(title.as_str()) {
                    let end = s[..b].chars().count() + title.chars().count();
                    if best.is_none_or(|e| end > e) && chars.len() - end >= 2 {
                        best = Some(end);
                    }
                }
            }
            best.unwrap_or(0)
        }
    };
    let name: String = chars[name_start..].iter().collect();
    if !looks_like_name(&name, rules) {
        return None;
    }
    let start = offset + name_start;
    let head = sub(entry, offset, start);
    Some(Byline {
        span: entry.span(start, start + name.chars().count()),
        name,
        units: affiliations(&head, rules),
    })
}

/// Entries of a byline content: names separated by line breaks, `、`, `，` or
/// (between bare names) spaces. Pieces without a name (`某学院教授、某中心主任 某某`)
/// belong to the entry that follows them.
fn parse_entries(content: &Text, rules: &Rules) -> Vec<Byline> {
    let chars: Vec<char> = content.text.chars().collect();
    let mut out = Vec::new();
    let mut s = 0;
    let mut pending: Option<usize> = None;
    for i in 0..=chars.len() {
        if i == chars.len() || matches!(chars[i], '、' | '，' | ',' | ';' | '；') {
            let piece = sub(content, s, i);
            let words: Vec<&str> = piece.text.split(' ').filter(|w| !w.is_empty()).collect();
            if words.len() > 1 && words.iter().all(|w| looks_like_name(w, rules)) {
                // A line of bare names separated by spaces.
                let mut from = 0;
                for w in words {
                    let b = piece.text[from..].find(w).map(|b| b + from).unwrap_or(from);
                    let cs = piece.text[..b].chars().count();
                    let entry = sub(&piece, cs, cs + w.chars().count());
                    out.extend(parse_entry(&entry, rules));
                    from = b + w.len();
                }
                pending = None;
            } else {
                let from = pending.unwrap_or(s);
                match parse_entry(&sub(content, from, i), rules) {
                    Some(e) => {
                        out.push(e);
                        pending = None;
                    }
                    None => pending = Some(from),
                }
            }
            s = i + 1;
        }
    }
    out
}

/// A profile line under a name: only `单位职务` segments, no name (`某公司董事长。`).
fn profile(line: &Text, rules: &Rules) -> Option<Vec<Affiliation>> {
    let t = line.text.trim_end_matches(['。', ' ']);
    if t.chars().count() > 120 || t.chars().any(|c| matches!(c, '：' | ':')) {
        return None;
    }
    let units = affiliations(line, rules);
    let segments = t
        .split(['、', '，', ',', ';', '；'])
        .filter(|x| !x.trim().is_empty())
        .count();
    (segments > 0 && units.len() == segments && units.iter().all(|u| u.role.is_some()))
        .then_some(units)
}

/// A byline marker at the start of a line: the role and the text after `：`.
fn byline_marker(line: &Text, rules: &Rules) -> Option<(BylineRole, Text)> {
    let t = &line.text;
    for (marker, role) in &rules.bylines {
        if let Some(rest) = t.strip_prefix(marker.as_str()) {
            let n = marker.chars().count();
            let rest_chars: Vec<char> = rest.chars().collect();
            let sep = rest_chars
                .iter()
                .take_while(|&&c| matches!(c, '：' | ':' | ' ' | '/' | '｜' | '|'))
                .count();
            if sep == 0 {
                continue;
            }
            return Some((*role, sub(line, n + sep, line.len())));
        }
    }
    None
}

/// `（作者单位：…）`: the unit of the article's authors.
fn author_unit(block: &Text, rules: &Rules) -> Option<String> {
    let t = block.text.trim();
    let inner = t.strip_prefix('（')?.strip_suffix('）')?;
    let unit = rules
        .author_unit_markers
        .iter()
        .find_map(|m| inner.strip_prefix(m.as_str()))?
        .trim_start_matches(['：', ':', ' ']);
    (!unit.is_empty()).then(|| unit.to_string())
}

/// A dateline such as `本报北京3月12日电（记者 王静）`: the reporters.
fn dateline(block: &Text, rules: &Rules) -> Vec<Byline> {
    let t = &block.text;
    let Some((open, marker)) = rules.dateline_markers.iter().find_map(|m| {
        t.find(&format!("{m}（"))
            .map(|open| (open, m.chars().count() + 1))
    }) else {
        return Vec::new();
    };
    let from = t[..open].chars().count() + marker;
    let chars: Vec<char> = t.chars().collect();
    let Some(close) = chars[from..].iter().position(|&c| c == '）') else {
        return Vec::new();
    };
    let inner = sub(block, from, from + close);
    match byline_marker(&inner, rules) {
        Some((BylineRole::Creator, rest)) => parse_entries(&rest, rules),
        _ => Vec::new(),
    }
}

/// A speaker prefix `名字：` at the start of a paragraph: the name and the
/// prefix length in characters.
fn speaker_prefix(text: &str, known: &[String], rules: &Rules) -> Option<(String, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let colon = chars.iter().take(8).position(|&c| c == '：' || c == ':')?;
    let name: String = chars[..colon].iter().collect();
    let name = name.trim().to_string();
    if rules.not_speakers.contains(&name) {
        return None;
    }
    let ok = known.contains(&name)
        || rules.turn_label(&name).is_some()
        || (looks_like_name(&name, rules) && chars.get(colon + 1).is_some_and(|&c| c != '“'));
    ok.then_some((name, colon + 1))
}

fn starts_with_continuation(text: &str, rules: &Rules) -> bool {
    rules
        .continuations
        .iter()
        .any(|w| text.starts_with(w.as_str()))
}

/// Builds the articles of one file: article groups at level-1 headings, then
/// for each its header (bylines), its paragraphs (broken lines joined) and
/// its turns, then speakers and long paragraphs settled.
pub fn structure(norm: &Text, rules: &Rules) -> Vec<Article> {
    let mut articles: Vec<Article> = Vec::new();
    for (index, (title, body)) in article_groups(blocks(lines(norm))).into_iter().enumerate() {
        let mut art = Article {
            index,
            title: title.as_ref().map(|t| t.text.text.clone()),
            title_span: title.as_ref().map(|t| t.text.span(0, t.text.len())),
            creators: Vec::new(),
            hosts: Vec::new(),
            guests: Vec::new(),
            paragraphs: Vec::new(),
        };
        if let Some(t) = &title {
            art.paragraphs
                .push(paragraph(BlockKind::Title, t.text.clone(), None, 0));
        }
        let pending = header_blocks(&mut art, body, rules);
        let merged = join_broken(&art, pending, rules);
        turns(&mut art, merged, &mut articles, rules);
        articles.push(art);
    }
    for art in &mut articles {
        settle(art);
    }
    articles
}

/// Blocks grouped into articles at level-1 headings, each with its title.
fn article_groups(blocks: Vec<Block>) -> Vec<(Option<Block>, Vec<Block>)> {
    // Split into article groups at level-1 headings.
    let mut groups: Vec<(Option<Block>, Vec<Block>)> = Vec::new();
    for b in blocks {
        if b.level == 1 {
            groups.push((Some(b), Vec::new()));
        } else {
            if groups.is_empty() {
                groups.push((None, Vec::new()));
            }
            if let Some(g) = groups.last_mut() {
                g.1.push(b)
            }
        }
    }
    // A file without `#` titles: a short first block without final punctuation is the title.
    if let [(None, body)] = groups.as_mut_slice()
        && body.len() > 1
        && body[0].text.len() <= 40
        && !ends_terminal(&body[0].text.text)
    {
        let title = body.remove(0);
        groups[0].0 = Some(title);
    }
    groups.retain(|(t, b)| t.is_some() || !b.is_empty());
    groups
}

/// Takes the header of an article (bylines, profiles, a dateline) into `art`;
/// the blocks after it are returned.
fn header_blocks(art: &mut Article, body: Vec<Block>, rules: &Rules) -> Vec<Block> {
    let mut in_header = true;
    let mut last_role = None;
    let mut last_list = None;
    let mut pending: Vec<Block> = Vec::new();
    for b in body {
        if in_header
            && b.level == 0
            && let Some(found) = header(&b, rules, &mut last_role)
        {
            for (role, entries) in found {
                if !entries.is_empty() {
                    last_list = Some(role);
                }
                list_of(art, role).extend(entries);
            }
            // Each byline line is its own paragraph: names must not run together.
            for line in b.lines {
                art.paragraphs
                    .push(paragraph(BlockKind::Byline, line, None, 0));
            }
            continue;
        }
        // A profile under the last name: its units and posts.
        if in_header
            && b.level == 0
            && let Some(role) = last_list
            && let Some(units) = profile(&b.text, rules)
            && let Some(person) = list_of(art, role).last_mut()
        {
            person.units.extend(units);
            art.paragraphs
                .push(paragraph(BlockKind::Byline, b.text, None, 0));
            continue;
        }
        if in_header && b.level == 0 && art.creators.is_empty() {
            let reporters = dateline(&b.text, rules);
            art.creators.extend(reporters);
        }
        in_header = false;
        pending.push(b);
    }
    pending
}

/// Joins blocks the layout broke mid-sentence.
fn join_broken(art: &Article, pending: Vec<Block>, rules: &Rules) -> Vec<Block> {
    // Paragraphs: join blocks broken mid-sentence, find turns.
    let mut merged: Vec<Block> = Vec::new();
    for b in pending {
        if let Some(prev) = merged.last_mut() {
            let known = participants(art);
            // A short line without final punctuation is a subtitle, not a
            // sentence the layout broke.
            let broken = prev.level == 0
                && b.level == 0
                && prev.text.len() > SUBTITLE_MAX
                && !ends_terminal(&prev.text.text)
                && author_unit(&b.text, rules).is_none()
                && speaker_prefix(&b.text.text, &known, rules).is_none()
                && !(b.after_blank && starts_with_continuation(&b.text.text, rules));
            if broken {
                prev.text = join(&[&prev.text, &b.text]);
                continue;
            }
        }
        merged.push(b);
    }
    merged
}

/// Paragraphs of `art` with their speakers; a turn of an earlier interview on
/// the page returns to it.
fn turns(art: &mut Article, merged: Vec<Block>, articles: &mut [Article], rules: &Rules) {
    // Interleaved pages: a turn of an earlier interview returns to it.
    let mut speaker: Option<String> = None;
    let mut returned_to: Option<usize> = None;
    for b in merged {
        if let Some(unit) = author_unit(&b.text, rules) {
            let at = b
                .text
                .text
                .find(unit.as_str())
                .map_or(0, |x| b.text.text[..x].chars().count());
            let span = b.text.span(at, at + unit.chars().count());
            for c in art.creators.iter_mut().filter(|c| c.units.is_empty()) {
                c.units.push(Affiliation {
                    unit: unit.clone(),
                    role: None,
                    span,
                });
            }
            art.paragraphs
                .push(paragraph(BlockKind::Byline, b.text, None, 0));
            continue;
        }
        if b.level > 0 {
            speaker = None;
            returned_to = None;
            art.paragraphs
                .push(paragraph(BlockKind::Heading, b.text, None, 0));
            continue;
        }
        let own = participants(art);
        let creators: Vec<String> = art.creators.iter().map(|c| c.name.clone()).collect();
        let own_prefix = speaker_prefix(&b.text.text, &own, rules).filter(|(n, _)| {
            own.contains(n) || creators.contains(n) || !own.is_empty() || art.creators.is_empty()
        });
        if own_prefix.is_none() {
            // Does the paragraph belong to an earlier interview on the page?
            let earlier = articles.iter().rposition(|a| {
                !a.guests.is_empty()
                    && speaker_prefix(&b.text.text, &participants(a), rules).is_some_and(
                        |(n, _)| {
                            participants(a).contains(&n)
                                || rules.turn_label(&n) == Some(TurnRole::Host)
                        },
                    )
            });
            if let Some(ai) = earlier {
                let (name, len) = speaker_prefix(&b.text.text, &participants(&articles[ai]), rules)
                    .unwrap_or_default();
                let who = resolve_speaker(&articles[ai], &name, rules);
                articles[ai]
                    .paragraphs
                    .push(paragraph(BlockKind::Body, b.text, who, len));
                returned_to = Some(ai);
                continue;
            }
            if let Some(ai) = returned_to {
                if starts_with_continuation(&b.text.text, rules) {
                    let who = articles[ai]
                        .paragraphs
                        .last()
                        .and_then(|p| p.speaker.clone());
                    articles[ai]
                        .paragraphs
                        .push(paragraph(BlockKind::Body, b.text, who, 0));
                    continue;
                }
                returned_to = None;
            }
        }
        let (who, len) = match own_prefix {
            Some((name, len)) => {
                speaker = resolve_speaker(art, &name, rules);
                (speaker.clone(), len)
            }
            None => (speaker.clone(), 0),
        };
        art.paragraphs
            .push(paragraph(BlockKind::Body, b.text, who, len));
    }
}

/// A named person who speaks in turns is interviewed, not the author; long
/// paragraphs are split.
fn settle(art: &mut Article) {
    // A named person who speaks in turns is interviewed, not the author.
    let speakers: Vec<String> = art
        .paragraphs
        .iter()
        .filter_map(|p| p.speaker.clone())
        .collect();
    let (guests, creators): (Vec<Byline>, Vec<Byline>) = std::mem::take(&mut art.creators)
        .into_iter()
        .partition(|c| speakers.contains(&c.name) && !art.hosts.iter().any(|h| h.name == c.name));
    art.creators = creators;
    art.guests.extend(guests);
    art.paragraphs = std::mem::take(&mut art.paragraphs)
        .into_iter()
        .flat_map(split_long)
        .collect();
}

/// The longest paragraph, in characters, the later stages see: longer ones
/// (a file without line breaks) are split so their cost stays linear.
pub const MAX_PARAGRAPH: usize = 4000;

/// Splits a body paragraph longer than [`MAX_PARAGRAPH`] at sentence ends,
/// or, inside an overlong sentence, after the last punctuation mark or space
/// before the limit (at the limit when there is none).
fn split_long(p: Paragraph) -> Vec<Paragraph> {
    let chars: Vec<char> = p.text.text.chars().collect();
    if chars.len() <= MAX_PARAGRAPH || p.text.map.len() <= chars.len() {
        return vec![p];
    }
    let mut cuts = Vec::new();
    let mut start = 0;
    while chars.len() - start > MAX_PARAGRAPH {
        let limit = start + MAX_PARAGRAPH;
        let at_sentence = p
            .sentences
            .iter()
            .map(|&(_, e)| e)
            .filter(|&e| e > start && e <= limit)
            .max();
        let at_mark = || {
            (start + 1..limit)
                .rev()
                .find(|&i| !chars[i - 1].is_alphanumeric())
        };
        let cut = at_sentence.or_else(at_mark).unwrap_or(limit);
        cuts.push(cut);
        start = cut;
    }
    cuts.push(chars.len());
    let mut out = Vec::with_capacity(cuts.len());
    let mut from = 0;
    for to in cuts {
        let text = Text {
            text: chars[from..to].iter().collect(),
            map: p.text.map[from..to]
                .iter()
                .copied()
                .chain(std::iter::once(p.text.map[to - 1] + 1))
                .collect(),
        };
        let prefix = if from == 0 { p.speaker_prefix } else { 0 };
        out.push(paragraph(p.kind, text, p.speaker.clone(), prefix));
        from = to;
    }
    out
}

/// The byline list of an article for a role.
fn list_of(art: &mut Article, role: BylineRole) -> &mut Vec<Byline> {
    match role {
        BylineRole::Creator => &mut art.creators,
        BylineRole::Host => &mut art.hosts,
        BylineRole::Guest => &mut art.guests,
    }
}

/// Names of the hosts and guests of an article.
fn participants(a: &Article) -> Vec<String> {
    a.hosts
        .iter()
        .chain(a.guests.iter())
        .map(|b| b.name.clone())
        .collect()
}

/// The person a speaker prefix names: the host's label is the host.
fn resolve_speaker(a: &Article, name: &str, rules: &Rules) -> Option<String> {
    if rules.turn_label(name) == Some(TurnRole::Host) {
        return a
            .hosts
            .first()
            .map(|h| h.name.clone())
            .or(Some(name.to_string()));
    }
    (!name.is_empty()).then(|| name.to_string())
}

/// Parses a header block: byline markers or a line of names. `last_role` is
/// the role of the previous header line, which further lines continue.
fn header(
    b: &Block,
    rules: &Rules,
    last_role: &mut Option<BylineRole>,
) -> Option<Vec<(BylineRole, Vec<Byline>)>> {
    let mut out: Vec<(BylineRole, Vec<Byline>)> = Vec::new();
    if b.text.len() > 80 {
        return None;
    }
    for line in &b.lines {
        if let Some((role, rest)) = byline_marker(line, rules) {
            out.push((role, parse_entries(&rest, rules)));
            *last_role = Some(role);
        } else if let Some(role) = *last_role {
            // Further guests, one per line.
            let more = parse_entries(line, rules);
            if more.is_empty() {
                return None;
            }
            out.push((role, more));
        } else {
            // A line holding only names: the authors.
            let words: Vec<&str> = line
                .text
                .split([' ', '、', '，'])
                .filter(|w| !w.is_empty())
                .collect();
            if words.is_empty() || !words.iter().all(|w| looks_like_name(w, rules)) {
                return None;
            }
            out.push((BylineRole::Creator, parse_entries(line, rules)));
            *last_role = Some(BylineRole::Creator);
        }
    }
    (!out.is_empty()).then_some(out)
}

fn paragraph(kind: BlockKind, text: Text, speaker: Option<String>, prefix: usize) -> Paragraph {
    let sentences = if kind == BlockKind::Body {
        sentences(&text.text)
    } else {
        vec![(0, text.len())]
    };
    Paragraph {
        kind,
        text,
        speaker,
        speaker_prefix: prefix,
        sentences,
    }
}

//! Normalisation: decoded text → cleaned text with an offset map.
//!
//! Input: the decoded text of a source.
//! Output: a [`Text`] where full-width letters and digits are ASCII, Chinese
//! punctuation is full-width, quotes are unified, zero-width characters are
//! gone and traditional or variant characters are simplified.
//! Invariant: `map[i]` is the offset in the input of output character `i`; the
//! output is never longer than the input.

use crate::model::Text;
use crate::script::is_cjk;

/// Whether `c` is CJK text or CJK punctuation (for deciding the width of
/// neighbouring ASCII punctuation).
fn is_cjk_context(c: char) -> bool {
    is_cjk(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’')
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Full-width forms kept as they are: Chinese punctuation.
fn keep_full_width(c: char) -> bool {
    matches!(c, '，' | '：' | '；' | '？' | '！' | '（' | '）')
}

/// The full-width form of ASCII punctuation written inside Chinese text.
fn widen(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// Standard simplified characters the conversion table would change.
static KEEP: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    include_str!("../../ontology/rules/simplified_exceptions.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.trim().chars().next())
        .collect()
});

/// Straight double quotes written in Chinese text (`说："…"`), by position
/// in order, with the curly mark each stands for: in a line whose quotes all
/// touch Chinese text and pair up, they open and close in turn. Any other
/// line is left alone.
fn straight_quotes(chars: &[char]) -> Vec<(usize, char)> {
    // The character next to `i`, past spaces and ASCII punctuation that widens.
    let beside = |i: usize, step: isize| {
        let mut j = i as isize + step;
        while j >= 0 && (j as usize) < chars.len() {
            let c = chars[j as usize];
            if c != ' ' && c != '\u{3000}' && !is_zero_width(c) && widen(c).is_none() {
                return Some(c);
            }
            j += step;
        }
        None
    };
    let mut out = Vec::new();
    let mut line: Vec<usize> = Vec::new();
    // A straight quote away from Chinese text leaves its line as written.
    let mut foreign = false;
    for (i, &c) in chars.iter().chain(std::iter::once(&'\n')).enumerate() {
        if c == '"' {
            if beside(i, -1).is_some_and(is_cjk_context) || beside(i, 1).is_some_and(is_cjk_context)
            {
                line.push(i);
            } else {
                foreign = true;
            }
        }
        if c == '\n' {
            if !foreign && line.len().is_multiple_of(2) {
                out.extend(
                    line.iter()
                        .enumerate()
                        .map(|(n, &k)| (k, if n.is_multiple_of(2) { '“' } else { '”' })),
                );
            }
            line.clear();
            foreign = false;
        }
    }
    out
}

/// Normalises `input`.
pub fn normalise(input: &str) -> Text {
    let chars: Vec<char> = input.chars().collect();
    let simplified: Vec<char> = fast2s::convert(input).chars().collect();
    let simplified = (simplified.len() == chars.len()).then_some(simplified);
    let mut text = String::with_capacity(input.len());
    let mut map = Vec::with_capacity(chars.len() + 1);
    let neighbour = |i: usize, step: isize| -> Option<char> {
        let mut j = i as isize + step;
        while j >= 0 && (j as usize) < chars.len() {
            let c = chars[j as usize];
            if c != ' ' && c != '\u{3000}' && !is_zero_width(c) {
                return Some(c);
            }
            j += step;
        }
        None
    };
    let mut straight = straight_quotes(&chars).into_iter().peekable();
    for (i, &c0) in chars.iter().enumerate() {
        if is_zero_width(c0) || c0 == '\r' {
            continue;
        }
        if let Some((_, curly)) = straight.next_if(|(k, _)| *k == i) {
            text.push(curly);
            map.push(i);
            continue;
        }
        let c = match &simplified {
            Some(s) if !KEEP.contains(&c0) => s[i],
            _ => c0,
        };
        let out = match c {
            '\u{3000}' | '\u{00A0}' => ' ',
            '「' => '“',
            '」' => '”',
            '『' => '‘',
            '』' => '’',
            '\u{FF01}'..='\u{FF5E}' if !keep_full_width(c) => {
                char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c)
            }
            _ => match widen(c) {
                Some(w)
                    if neighbour(i, -1).is_some_and(is_cjk_context)
                        || neighbour(i, 1).is_some_and(is_cjk_context) =>
                {
                    // Keep times and numbers such as 10:30 or 1,000 as written.
                    let digits = neighbour(i, -1).is_some_and(|p| p.is_ascii_digit())
                        && neighbour(i, 1).is_some_and(|n| n.is_ascii_digit());
                    if digits { c } else { w }
                }
                _ => c,
            },
        };
        text.push(out);
        map.push(i);
    }
    map.push(chars.len());
    Text { text, map }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_quotes_variants_and_offsets() {
        assert_eq!(normalise("大阪捍卫").text, "大阪捍卫");
        let t = normalise("规则迷宮,ＡＩ\u{200B}治理:「好」10:30");
        assert_eq!(t.text, "规则迷宫，AI治理：“好”10:30");
        // The character after the dropped zero-width space maps past it.
        let i = t.text.chars().position(|c| c == '治').unwrap();
        assert_eq!(t.map[i], 8);
        assert_eq!(t.map.len(), t.text.chars().count() + 1);
    }

    #[test]
    fn straight_quotes_in_chinese_pair_up_line_by_line() {
        let t = normalise(
            "他说:\"数据安全是前提。\"\n他说\"好\n\"quoted\" words\n他说\"AI\" \"big data\"是",
        );
        assert_eq!(
            t.text,
            "他说：“数据安全是前提。”\n他说\"好\n\"quoted\" words\n他说\"AI\" \"big data\"是"
        );
        assert_eq!(t.map.len(), t.text.chars().count() + 1);
    }
}

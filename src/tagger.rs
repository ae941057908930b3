//! A character-level sequence labeller for person, place and organisation
//! names: an averaged perceptron over hashed features with first-order Viterbi
//! decoding, trained with `zhikg train-ner` on a segmented, POS-tagged corpus in
//! the People's Daily format (`word/tag`, `[…]nt` compounds).
//!
//! Input: a sentence's characters, plus lexicon and segmenter hints.
//! Output: labelled spans (Person, Place, Institution) in character offsets.
//! Invariant: decoding is deterministic; the model file is a fixed binary
//! layout (magic, sizes, quantised weights) read from any reader.

use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::model::EntityType;
use crate::normalise::is_cjk;
use crate::resources::Rules;
use jieba_rs::Jieba;
use std::io::{BufRead, Read, Write};

/// Labels: O, then B, I, E and S (begin, inside, end, single) for each class.
const LABELS: usize = 13;
/// Lanes of a packed weight row: `LABELS` padded so a row fills half a cache
/// line and never straddles two.
const LANES: usize = 16;

/// One feature's packed weights, aligned to its size.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(32))]
struct Row([i16; LANES]);
const CLASSES: [EntityType; 3] = [
    EntityType::Person,
    EntityType::Place,
    EntityType::Institution,
];
const MAGIC: &[u8; 8] = b"ZKNER02\n";
/// Feature hash buckets (a power of two).
pub const DEFAULT_BUCKETS: usize = 1 << 20;

/// Positions of a label inside its name.
const B: usize = 0;
const I: usize = 1;
const E: usize = 2;
const S: usize = 3;

fn label(class: usize, position: usize) -> usize {
    1 + 4 * class + position
}

fn class_of(l: usize) -> usize {
    (l - 1) / 4
}

fn position_of(l: usize) -> usize {
    (l - 1) % 4
}

/// BIO labels of the corpus readers: 0, then `1 + 2 × class` begins and the
/// next one continues a name.
fn bio_begin(class: usize) -> usize {
    1 + 2 * class
}

/// Turns reader labels (B/I per class) into the model's B/I/E/S labels.
fn bioes(bio: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(bio.len());
    for (i, &l) in bio.iter().enumerate() {
        if l == 0 {
            out.push(0);
            continue;
        }
        let class = (l - 1) / 2;
        let continued = |j: usize| bio.get(j).is_some_and(|&n| n == bio_begin(class) + 1);
        let begins = l % 2 == 1 || i == 0 || bio[i - 1] == 0 || (bio[i - 1] - 1) / 2 != class;
        let ends = !continued(i + 1);
        out.push(label(
            class,
            match (begins, ends) {
                (true, true) => S,
                (true, false) => B,
                (false, true) => E,
                (false, false) => I,
            },
        ));
    }
    out
}

/// A trained model.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    buckets: usize,
    /// `buckets × LABELS` emission weights while training.
    weights: Vec<f32>,
    /// The same weights of a loaded model, quantised: `packed × scale`, in
    /// rows of [`LANES`] (the last ones zero). Aligned rows of 16-bit weights
    /// keep each feature's lookup to one cache line.
    packed: Vec<Row>,
    scale: f32,
    /// `(LABELS + 1) × LABELS` transition weights; row `LABELS` is the start.
    transitions: Vec<f32>,
}

/// What the tagger reads besides the text: lexicons and rule lists.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    pub rules: &'a Rules,
    /// The segmenter's dictionary, to tell known words from new ones.
    pub jieba: Option<&'a Jieba>,
}

/// Per-character hints from the lexicon and the segmenter.
struct Hints<'w> {
    /// Lexicon class mark per character: 0 none, else 1 + class × 3 + (0 begin, 1 inside, 2 single).
    lexicon: Vec<u8>,
    /// Segmenter word tag and position (B/I/E/S) per character.
    words: Vec<(&'w str, u8)>,
    /// The text of each word, then an empty text.
    texts: Vec<String>,
    /// Per character: the index in `texts` of its word (the empty text when
    /// no word covers it).
    word: Vec<usize>,
    /// Per character: surname (1), transliteration character (2), both (3).
    marks: Vec<u8>,
    /// Per character: the word after this character's word is a post (1) or a
    /// speech verb (2).
    next_word: Vec<u8>,
    /// Per character: its word is not in the segmenter's dictionary.
    new_word: Vec<u8>,
}

impl Hints<'_> {
    /// The word character `i` belongs to.
    fn text(&self, i: usize) -> &str {
        &self.texts[self.word[i]]
    }

    /// The word before the one character `i` belongs to.
    fn prev(&self, i: usize) -> &str {
        match self.word[i] {
            k if k == 0 || k + 1 == self.texts.len() => "",
            k => &self.texts[k - 1],
        }
    }

    /// The word after the one character `i` belongs to.
    fn next(&self, i: usize) -> &str {
        match self.word[i] {
            k if k + 1 == self.texts.len() => "",
            k => &self.texts[k + 1],
        }
    }
}

/// Words of a sentence: start, end (characters) and part-of-speech tag.
pub type Words<'a> = [(usize, usize, &'a str)];

/// Segments and tags `chars` with jieba, for training and tests.
pub fn words_of(chars: &[char], jieba: Option<&Jieba>) -> Vec<(usize, usize, String)> {
    let text: String = chars.iter().collect();
    jieba.map_or_else(Vec::new, |j| {
        j.tag(&text, true)
            .into_iter()
            .map(|t| (t.start, t.end, t.tag.to_string()))
            .collect()
    })
}

fn hints<'w>(chars: &[char], ctx: &Context<'_>, words: &Words<'w>) -> Hints<'w> {
    let (lexicon, rules) = (ctx.lexicon, ctx.rules);
    let text: String = chars.iter().collect();
    let mut lex = vec![0u8; chars.len()];
    for m in lexicon.find(&text) {
        let c = match m.entry.entity_type {
            EntityType::Person => 0,
            EntityType::Place => 1,
            EntityType::Institution => 2,
            _ => continue,
        };
        for (i, slot) in lex.iter_mut().enumerate().take(m.end).skip(m.start) {
            let pos = if m.end - m.start == 1 {
                2
            } else if i == m.start {
                0
            } else {
                1
            };
            *slot = 1 + c * 3 + pos;
        }
    }
    let mut slots = vec![("", b'S'); chars.len()];
    let none = words.len();
    let mut word = vec![none; chars.len()];
    let mut texts: Vec<String> = Vec::with_capacity(words.len() + 1);
    for (k, &(start, end, tag)) in words.iter().enumerate() {
        let (start, end) = (start.min(chars.len()), end.min(chars.len()));
        texts.push(chars[start..end].iter().collect());
        for i in start..end {
            word[i] = k;
            slots[i] = (
                tag,
                if end - start == 1 {
                    b'S'
                } else if i == start {
                    b'B'
                } else if i + 1 == end {
                    b'E'
                } else {
                    b'I'
                },
            );
        }
    }
    texts.push(String::new());
    let marks = chars
        .iter()
        .map(|c| {
            let mut b = [0u8; 4];
            let s: &str = c.encode_utf8(&mut b);
            u8::from(rules.surnames.contains(s))
                | (u8::from(rules.transliteration.contains(c)) << 1)
        })
        .collect();
    // Per word: what the next word is, and whether the dictionary knows it.
    let after: Vec<u8> = (0..words.len())
        .map(|k| {
            let w = &texts[k + 1];
            if k + 1 == words.len() {
                0
            } else if rules.titles.contains(w) || rules.honorifics.contains(w) {
                1
            } else if rules.speech_verbs.contains(w) {
                2
            } else {
                0
            }
        })
        .collect();
    let new: Vec<u8> = texts
        .iter()
        .map(|w| {
            u8::from(
                ctx.jieba
                    .is_some_and(|j| w.chars().count() > 1 && !j.has_word(w)),
            )
        })
        .collect();
    Hints {
        lexicon: lex,
        words: slots,
        next_word: word
            .iter()
            .map(|&k| after.get(k).copied().unwrap_or(0))
            .collect(),
        new_word: word.iter().map(|&k| new[k]).collect(),
        texts,
        word,
        marks,
    }
}

/// FNV-1a over the template id and the feature's characters.
fn hash(template: u8, parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325 ^ u64::from(template);
    h = h.wrapping_mul(0x100000001b3);
    for p in parts {
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

fn class_char(c: char) -> u8 {
    if c.is_ascii_digit() || ('０'..='９').contains(&c) {
        b'd'
    } else if c.is_ascii_alphabetic() {
        b'a'
    } else if is_cjk(c) {
        b'c'
    } else {
        b'p'
    }
}

/// The hashed features of position `i`.
fn features(chars: &[char], h: &Hints<'_>, i: usize, buckets: usize, out: &mut Vec<usize>) {
    out.clear();
    let at = |k: isize| -> char {
        let j = i as isize + k;
        if j < 0 || j as usize >= chars.len() {
            '\u{2}'
        } else {
            chars[j as usize]
        }
    };
    let mut buf = [[0u8; 4]; 5];
    let enc: Vec<&[u8]> = (-2..=2)
        .zip(buf.iter_mut())
        .map(|(k, b)| at(k).encode_utf8(b).as_bytes())
        .collect();
    let mask = buckets - 1;
    let mut push = |x: u64| out.push((x as usize) & mask);
    push(hash(0, &[]));
    for (t, k) in (1u8..).zip(0..5) {
        push(hash(t, &[enc[k]]));
    }
    push(hash(6, &[enc[1], enc[2]]));
    push(hash(7, &[enc[2], enc[3]]));
    push(hash(8, &[enc[0], enc[1]]));
    push(hash(9, &[enc[3], enc[4]]));
    push(hash(10, &[enc[1], enc[2], enc[3]]));
    let classes: Vec<u8> = (-1..=1).map(|k| class_char(at(k))).collect();
    push(hash(11, &[&classes]));
    let lex = |k: isize| -> u8 {
        let j = i as isize + k;
        if j < 0 || j as usize >= chars.len() {
            0
        } else {
            h.lexicon[j as usize]
        }
    };
    push(hash(12, &[&[lex(0)]]));
    push(hash(13, &[&[lex(-1), lex(0)]]));
    push(hash(14, &[&[lex(0), lex(1)]]));
    let (tag, pos) = &h.words[i];
    push(hash(15, &[tag.as_bytes(), &[*pos]]));
    push(hash(16, &[tag.as_bytes(), &[*pos], enc[2]]));
    let word = |k: isize| -> (&str, u8) {
        let j = i as isize + k;
        if j < 0 || j as usize >= chars.len() {
            ("", b'-')
        } else {
            let (t, p) = &h.words[j as usize];
            (*t, *p)
        }
    };
    let (pt, pp) = word(-1);
    let (nt, np) = word(1);
    push(hash(17, &[pt.as_bytes(), &[pp], tag.as_bytes(), &[*pos]]));
    push(hash(18, &[tag.as_bytes(), &[*pos], nt.as_bytes(), &[np]]));
    push(hash(19, &[h.text(i).as_bytes(), &[*pos]]));
    let prev_word = if i > 0 { h.text(i - 1).as_bytes() } else { b"" };
    push(hash(20, &[prev_word, &[*pos]]));
    let mark = |k: isize| -> u8 {
        let j = i as isize + k;
        if j < 0 || j as usize >= chars.len() {
            9
        } else {
            h.marks[j as usize]
        }
    };
    push(hash(21, &[&[mark(-2), mark(-1), mark(0)]]));
    push(hash(22, &[&[mark(0), mark(1), mark(2)]]));
    push(hash(23, &[&[h.next_word[i], *pos], tag.as_bytes()]));
    push(hash(24, &[enc[0], enc[1], enc[2]]));
    push(hash(25, &[enc[2], enc[3], enc[4]]));
    push(hash(26, &[enc[1], enc[3]]));
    push(hash(27, &[h.next(i).as_bytes(), &[*pos]]));
    push(hash(28, &[h.prev(i).as_bytes(), &[*pos]]));
    let len = h.text(i).chars().count().min(6) as u8;
    push(hash(29, &[&[len, *pos], tag.as_bytes()]));
    push(hash(30, &[&[lex(-1), lex(0), lex(1)]]));
    push(hash(31, &[h.text(i).as_bytes(), &[*pos], enc[2]]));
    push(hash(32, &[&[mark(-1)], enc[2]]));
    push(hash(33, &[&[mark(-2)], enc[1], enc[2]]));
    push(hash(34, &[&[mark(0)], enc[2], enc[3]]));
    push(hash(35, &[&[lex(0)], enc[2]]));
    push(hash(36, &[pt.as_bytes(), enc[2]]));
    push(hash(37, &[nt.as_bytes(), enc[2]]));
    push(hash(38, &[&[h.new_word[i], *pos], tag.as_bytes()]));
    push(hash(39, &[&[h.new_word[i], *pos], enc[2]]));
}

/// Whether label `to` may follow label `from` (I and E continue a B or I of
/// their class; O, B and S follow O, E, S or the start).
fn allowed(from: Option<usize>, to: usize) -> bool {
    let closed = |f: Option<usize>| f.is_none_or(|f| f == 0 || matches!(position_of(f), E | S));
    if to == 0 || matches!(position_of(to), B | S) {
        return closed(from);
    }
    matches!(from, Some(f) if f != 0 && matches!(position_of(f), B | I) && class_of(f) == class_of(to))
}

/// Whether a sentence may end with label `l` (no name left open).
fn may_end(l: usize) -> bool {
    l == 0 || matches!(position_of(l), E | S)
}

impl Tagger {
    fn new(buckets: usize) -> Tagger {
        Tagger {
            buckets,
            weights: vec![0.0; buckets * LABELS],
            packed: Vec::new(),
            scale: 1.0,
            transitions: vec![0.0; (LABELS + 1) * LABELS],
        }
    }

    /// The emission score of every label for one position's features.
    fn emit(&self, fs: &[usize]) -> [f32; LABELS] {
        if !self.packed.is_empty() {
            let mut e = [0i32; LANES];
            for &f in fs {
                for (slot, &w) in e.iter_mut().zip(&self.packed[f].0) {
                    *slot += i32::from(w);
                }
            }
            let mut out = [0f32; LABELS];
            for (o, x) in out.iter_mut().zip(e) {
                *o = x as f32 * self.scale;
            }
            return out;
        }
        let mut e = [0f32; LABELS];
        for &f in fs {
            for (slot, w) in e
                .iter_mut()
                .zip(&self.weights[f * LABELS..(f + 1) * LABELS])
            {
                *slot += w;
            }
        }
        e
    }

    /// Best label sequence for precomputed features.
    fn viterbi(&self, feats: &[Vec<usize>]) -> Vec<usize> {
        let emit: Vec<[f32; LABELS]> = feats.iter().map(|fs| self.emit(fs)).collect();
        self.decode(&emit)
    }

    /// Best label sequence for emission scores.
    fn decode(&self, emit: &[[f32; LABELS]]) -> Vec<usize> {
        let n = emit.len();
        if n == 0 {
            return Vec::new();
        }
        let mut score = vec![[f32::NEG_INFINITY; LABELS]; n];
        let mut back = vec![[0usize; LABELS]; n];
        for (l, slot) in score[0].iter_mut().enumerate() {
            if allowed(None, l) {
                *slot = self.transitions[LABELS * LABELS + l] + emit[0][l];
            }
        }
        // Each label's allowed predecessors, worked out once.
        let from: Vec<Vec<usize>> = (0..LABELS)
            .map(|l| (0..LABELS).filter(|&p| allowed(Some(p), l)).collect())
            .collect();
        for i in 1..n {
            let prev = score[i - 1];
            for l in 0..LABELS {
                let mut best = (f32::NEG_INFINITY, 0);
                for &p in &from[l] {
                    let ps = prev[p];
                    if ps == f32::NEG_INFINITY {
                        continue;
                    }
                    let s = ps + self.transitions[p * LABELS + l];
                    if s > best.0 {
                        best = (s, p);
                    }
                }
                score[i][l] = best.0 + emit[i][l];
                back[i][l] = best.1;
            }
        }
        let mut l = (0..LABELS)
            .filter(|&l| may_end(l))
            .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let mut out = vec![0; n];
        for i in (0..n).rev() {
            out[i] = l;
            l = back[i][l];
        }
        out
    }

    fn feats(&self, chars: &[char], ctx: &Context<'_>, words: &Words<'_>) -> Vec<Vec<usize>> {
        let h = hints(chars, ctx, words);
        let mut buf = Vec::new();
        (0..chars.len())
            .map(|i| {
                features(chars, &h, i, self.buckets, &mut buf);
                buf.clone()
            })
            .collect()
    }

    /// Names in `chars` as (start, end, class), end exclusive.
    pub fn tag(
        &self,
        chars: &[char],
        ctx: &Context<'_>,
        words: &Words<'_>,
    ) -> Vec<(usize, usize, EntityType)> {
        let h = hints(chars, ctx, words);
        let mut buf = Vec::new();
        let emit: Vec<[f32; LABELS]> = (0..chars.len())
            .map(|i| {
                features(chars, &h, i, self.buckets, &mut buf);
                self.emit(&buf)
            })
            .collect();
        spans(&self.decode(&emit))
    }

    /// Reads a model.
    pub fn load(mut r: impl Read, name: &str) -> Result<Tagger> {
        let bad = |m: &str| Error::Data {
            file: name.to_string(),
            line: 0,
            message: m.to_string(),
        };
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes).map_err(|e| bad(&e.to_string()))?;
        let mut input = bytes.as_slice();
        let mut take = |n: usize| -> Result<[u8; 4]> {
            let mut out = [0u8; 4];
            let (head, rest) = input
                .split_at_checked(n)
                .ok_or_else(|| bad("truncated model"))?;
            out[..n.min(4)].copy_from_slice(&head[..n.min(4)]);
            input = rest;
            Ok(out)
        };
        let magic = [take(4)?, take(4)?].concat();
        if magic != MAGIC {
            return Err(bad("not a zhikg NER model"));
        }
        let word = u32::from_le_bytes;
        let buckets = word(take(4)?) as usize;
        if !buckets.is_power_of_two() || buckets > 1 << 24 {
            return Err(bad("bad bucket count"));
        }
        if word(take(4)?) as usize != LABELS {
            return Err(bad("model has another label set"));
        }
        let scale = f32::from_bits(word(take(4)?));
        let nonzero = word(take(4)?) as usize;
        let mut t = Tagger {
            buckets,
            weights: Vec::new(),
            packed: vec![Row([0; LANES]); buckets],
            scale,
            transitions: vec![0.0; (LABELS + 1) * LABELS],
        };
        let mut at = 0usize;
        for _ in 0..nonzero {
            // Gap to the previous non-zero weight, as a LEB128 varint.
            let mut gap = 0usize;
            let mut shift = 0;
            loop {
                let b = take(1)?[0];
                gap |= usize::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
                if shift > 35 {
                    return Err(bad("bad weight index"));
                }
            }
            at += gap;
            let v = take(2)?;
            let slot = t
                .packed
                .get_mut(at / LABELS)
                .map(|row| &mut row.0[at % LABELS])
                .ok_or_else(|| bad("bad weight index"))?;
            *slot = i16::from_le_bytes([v[0], v[1]]);
        }
        for slot in t.transitions.iter_mut() {
            let v = take(2)?;
            *slot = f32::from(i16::from_le_bytes([v[0], v[1]])) * scale;
        }
        if take(1).is_ok() {
            return Err(bad("trailing bytes after model"));
        }
        Ok(t)
    }

    /// Writes the model: weights quantised to 16 bits, only the non-zero ones
    /// stored, each after the gap from the previous one.
    pub fn save(&self, mut w: impl Write) -> std::io::Result<()> {
        let unpacked: Vec<f32>;
        let weights = if self.packed.is_empty() {
            &self.weights
        } else {
            unpacked = self
                .packed
                .iter()
                .flat_map(|row| &row.0[..LABELS])
                .map(|&v| f32::from(v) * self.scale)
                .collect();
            &unpacked
        };
        let max = weights
            .iter()
            .chain(&self.transitions)
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(1e-6);
        let scale = max / f32::from(i16::MAX);
        let q = |x: f32| (x / scale).round() as i16;
        let nonzero: Vec<(usize, i16)> = weights
            .iter()
            .enumerate()
            .map(|(i, &x)| (i, q(x)))
            .filter(|&(_, v)| v != 0)
            .collect();
        w.write_all(MAGIC)?;
        w.write_all(&(self.buckets as u32).to_le_bytes())?;
        w.write_all(&(LABELS as u32).to_le_bytes())?;
        w.write_all(&scale.to_bits().to_le_bytes())?;
        w.write_all(&(nonzero.len() as u32).to_le_bytes())?;
        let mut last = 0usize;
        let mut buf = Vec::with_capacity(nonzero.len() * 4);
        for (i, v) in nonzero {
            let mut gap = i - last;
            last = i;
            loop {
                let b = (gap & 0x7f) as u8;
                gap >>= 7;
                if gap == 0 {
                    buf.push(b);
                    break;
                }
                buf.push(b | 0x80);
            }
            buf.extend_from_slice(&v.to_le_bytes());
        }
        w.write_all(&buf)?;
        for &x in &self.transitions {
            w.write_all(&q(x).to_le_bytes())?;
        }
        Ok(())
    }
}

/// Spans of a label sequence: B…E runs and S labels.
fn spans(labels: &[usize]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        if l == 0 {
            open = None;
            continue;
        }
        let class = class_of(l);
        match position_of(l) {
            B => open = Some((i, class)),
            I => {}
            E => {
                if let Some((s, c)) = open.take()
                    && c == class
                {
                    out.push((s, i + 1, CLASSES[c]));
                }
            }
            _ => {
                open = None;
                out.push((i, i + 1, CLASSES[class]));
            }
        }
    }
    out
}

/// One training sentence: characters and labels.
pub type Example = (Vec<char>, Vec<usize>);

/// One `word/tag` token of the POS-tagged corpus.
struct PosToken<'a> {
    word: Vec<char>,
    tag: &'a str,
    /// The token opens a `[…]` compound.
    opens: bool,
    /// The compound's tag, when the token closes one.
    closes: Option<&'a str>,
}

fn pos_tokens(line: &str) -> Vec<PosToken<'_>> {
    let mut out = Vec::new();
    for (k, tok) in line.split_whitespace().enumerate() {
        if k == 0 && tok.starts_with("199") {
            continue;
        }
        let opens = tok.starts_with('[');
        let tok = tok.trim_start_matches('[');
        let (body, closes) = match tok.rfind(']') {
            Some(b) if b > 0 && tok[..b].contains('/') => (&tok[..b], Some(&tok[b + 1..])),
            _ => (tok, None),
        };
        let Some((word, tag)) = body.rsplit_once('/') else {
            continue;
        };
        out.push(PosToken {
            word: crate::normalise::normalise(word).text.chars().collect(),
            tag,
            opens,
            closes,
        });
    }
    out
}

/// Person names (surname and given name joined, three characters or more)
/// the corpus tags, for finding them again inside longer words.
fn corpus_persons(lines: &[Vec<PosToken<'_>>]) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for line in lines {
        let mut name = String::new();
        for t in line {
            if t.tag == "nr" {
                name.extend(&t.word);
            } else if !name.is_empty() {
                let done = std::mem::take(&mut name);
                if done.chars().count() >= 3 {
                    out.insert(done);
                }
            }
        }
        if name.chars().count() >= 3 {
            out.insert(name);
        }
    }
    out
}

/// Reads a People's Daily style corpus: one paragraph per line of `word/tag`
/// tokens; `nr` (consecutive ones form one name), `ns`, `nt` and `[…]nt` /
/// `[…]ns` compounds are names. Sentences are split at `。！？`.
///
/// The labels follow the usual NER annotation of that corpus where it differs
/// from the tags: one-character place abbreviations are places (`美/j`, the
/// `华` of `访华`, the `中` of `中方`); abbreviations the lexicon knows are
/// what it says (`欧盟/j`); bodies named by a common noun are organisations
/// (`市委/n`); a place and a government head is the place (`[泰国 政府]nt`);
/// a name opening a longer word is a name (`邓小平理论`).
pub fn read_pos_corpus(r: impl BufRead, name: &str, ctx: &Context<'_>) -> Result<Vec<Example>> {
    let rules = ctx.rules;
    let mut lines = Vec::new();
    for (n, line) in r.lines().enumerate() {
        lines.push(line.map_err(|e| Error::Data {
            file: name.to_string(),
            line: n + 1,
            message: e.to_string(),
        })?);
    }
    let lines: Vec<Vec<PosToken<'_>>> = lines.iter().map(|l| pos_tokens(l)).collect();
    let persons = corpus_persons(&lines);
    let known = |w: &str| -> Option<usize> {
        match ctx.lexicon.get(w)?.entity_type {
            EntityType::Person => Some(0),
            EntityType::Place => Some(1),
            EntityType::Institution => Some(2),
            _ => None,
        }
    };
    let abbr = |c: &char| rules.place_abbreviations.contains_key(c);
    let mut out = Vec::new();
    for line in &lines {
        let mut chars: Vec<char> = Vec::new();
        let mut labels: Vec<usize> = Vec::new();
        let mut compound: Option<usize> = None;
        let mut prev_person = false;
        for t in line {
            let w = &t.word;
            let text: String = w.iter().collect();
            let start = chars.len();
            chars.extend(w);
            let class = match t.tag {
                "nr" => Some(0),
                "ns" => Some(1),
                "nt" => Some(2),
                "j" if w.len() == 1 && abbr(&w[0]) => Some(1),
                "j" => known(&text).filter(|&c| c != 0),
                _ if rules.generic_bodies.contains(&text) => Some(2),
                _ => None,
            };
            // A name inside the word: (offset, length, class).
            let inner = if class.is_some() || w.len() < 2 {
                None
            } else if t.tag.starts_with('v')
                && w.len() == 2
                && rules.abbreviation_verbs.contains(&w[0])
                && abbr(&w[1])
            {
                Some((1, 1, 1))
            } else if w.len() == 2 && abbr(&w[0]) && rules.abbreviation_nouns.contains(&w[1]) {
                Some((0, 1, 1))
            } else {
                (2..w.len().saturating_sub(1)).rev().find_map(|n| {
                    let head: String = w[..n].iter().collect();
                    let c = known(&head)
                        .filter(|&c| c < 2)
                        .or_else(|| persons.contains(&head).then_some(0))?;
                    Some((0, n, c))
                })
            };
            if t.opens {
                compound = Some(start);
            }
            let person_cont = class == Some(0) && prev_person && compound.is_none();
            for i in 0..w.len() {
                labels.push(match (class, inner) {
                    (Some(c), _) if i == 0 && !person_cont => bio_begin(c),
                    (Some(c), _) => bio_begin(c) + 1,
                    (None, Some((o, _, c))) if i == o => bio_begin(c),
                    (None, Some((o, n, c))) if i > o && i < o + n => bio_begin(c) + 1,
                    _ => 0,
                });
            }
            prev_person = class == Some(0);
            if let (Some(s), Some(ctag)) = (compound, t.closes) {
                // A place and a government head (泰国政府) is the place.
                let government = rules.government_heads.contains(&text);
                let c = match ctag {
                    "nt" if !government => Some(2),
                    "ns" => Some(1),
                    _ => None,
                };
                if let Some(c) = c {
                    for (i, l) in labels.iter_mut().enumerate().skip(s) {
                        *l = if i == s {
                            bio_begin(c)
                        } else {
                            bio_begin(c) + 1
                        };
                    }
                }
                compound = None;
            }
            if compound.is_none()
                && matches!(w[..], [c] if crate::structure::SENTENCE_END.contains(&c))
            {
                out.push((std::mem::take(&mut chars), bioes(&labels)));
                labels.clear();
                prev_person = false;
            }
        }
        if !chars.is_empty() {
            out.push((chars, bioes(&labels)));
        }
    }
    Ok(out)
}

/// Reads a character-per-line BIO/BMES corpus (`字 B-PER`, blank line between
/// sentences) with PER, LOC and ORG names.
pub fn read_bio_corpus(r: impl BufRead, name: &str) -> Result<Vec<Example>> {
    let mut out = Vec::new();
    let (mut chars, mut labels) = (Vec::new(), Vec::new());
    for (n, line) in r.lines().enumerate() {
        let line = line.map_err(|e| Error::Data {
            file: name.to_string(),
            line: n + 1,
            message: e.to_string(),
        })?;
        let mut parts = line.split_whitespace();
        let (Some(ch), Some(tag)) = (parts.next(), parts.next_back()) else {
            if !chars.is_empty() {
                out.push((std::mem::take(&mut chars), bioes(&labels)));
                labels.clear();
            }
            continue;
        };
        let Some(c) = crate::normalise::normalise(ch).text.chars().next() else {
            continue;
        };
        let (prefix, class) = tag.split_once('-').unwrap_or((tag, ""));
        let class = match class {
            "PER" => Some(0),
            "LOC" => Some(1),
            "ORG" => Some(2),
            _ => None,
        };
        labels.push(match (prefix, class) {
            ("B" | "S", Some(c)) => bio_begin(c),
            ("I" | "M" | "E", Some(c)) => bio_begin(c) + 1,
            _ => 0,
        });
        chars.push(c);
    }
    if !chars.is_empty() {
        out.push((chars, bioes(&labels)));
    }
    Ok(out)
}

/// Trains a model with the averaged perceptron; `progress` sees each epoch's
/// label accuracy and the averaged model so far.
pub fn train(
    examples: &[Example],
    ctx: &Context<'_>,
    epochs: usize,
    buckets: usize,
    progress: &mut dyn FnMut(usize, f64, &Tagger),
) -> Tagger {
    let mut model = Tagger::new(buckets);
    let mut total = Tagger::new(buckets);
    let mut stamp = vec![0u32; buckets * LABELS];
    let mut tstamp = vec![0u32; (LABELS + 1) * LABELS];
    let mut clock: u32 = 1;
    let feats: Vec<Vec<Vec<usize>>> = examples
        .iter()
        .map(|(c, _)| {
            let w = words_of(c, ctx.jieba);
            let w: Vec<(usize, usize, &str)> =
                w.iter().map(|(a, b, t)| (*a, *b, t.as_str())).collect();
            model.feats(c, ctx, &w)
        })
        .collect();
    // A fixed interleaved order instead of a random shuffle keeps training deterministic.
    let order: Vec<usize> = (0..examples.len())
        .map(|i| (i * 7919) % examples.len().max(1))
        .collect();
    for epoch in 0..epochs {
        let mut correct = 0usize;
        let mut seen = 0usize;
        for &ex in &order {
            let gold = &examples[ex].1;
            let f = &feats[ex];
            let guess = model.viterbi(f);
            seen += gold.len();
            correct += guess.iter().zip(gold).filter(|(a, b)| a == b).count();
            if guess != *gold {
                let update = |w: &mut Vec<f32>,
                              tot: &mut Vec<f32>,
                              st: &mut Vec<u32>,
                              idx: usize,
                              d: f32| {
                    tot[idx] += (clock - st[idx]) as f32 * w[idx];
                    st[idx] = clock;
                    w[idx] += d;
                };
                for i in 0..gold.len() {
                    if gold[i] != guess[i] {
                        for &x in &f[i] {
                            update(
                                &mut model.weights,
                                &mut total.weights,
                                &mut stamp,
                                x * LABELS + gold[i],
                                1.0,
                            );
                            update(
                                &mut model.weights,
                                &mut total.weights,
                                &mut stamp,
                                x * LABELS + guess[i],
                                -1.0,
                            );
                        }
                    }
                    let pg = if i == 0 { LABELS } else { gold[i - 1] };
                    let pp = if i == 0 { LABELS } else { guess[i - 1] };
                    if pg != pp || gold[i] != guess[i] {
                        update(
                            &mut model.transitions,
                            &mut total.transitions,
                            &mut tstamp,
                            pg * LABELS + gold[i],
                            1.0,
                        );
                        update(
                            &mut model.transitions,
                            &mut total.transitions,
                            &mut tstamp,
                            pp * LABELS + guess[i],
                            -1.0,
                        );
                    }
                }
            }
            clock += 1;
        }
        let avg = average(&model, &total, (&stamp, &tstamp), clock);
        progress(epoch + 1, correct as f64 / seen.max(1) as f64, &avg);
        if epoch + 1 == epochs {
            return avg;
        }
    }
    average(&model, &total, (&stamp, &tstamp), clock)
}

/// The averaged model: each weight × the time it was held, over the whole run.
fn average(
    model: &Tagger,
    total: &Tagger,
    (stamp, tstamp): (&[u32], &[u32]),
    clock: u32,
) -> Tagger {
    let mut avg = Tagger::new(model.buckets);
    let mean = |t: f32, w: f32, since: u32| (t + (clock - since) as f32 * w) / clock as f32;
    for (i, w) in model.weights.iter().enumerate() {
        avg.weights[i] = mean(total.weights[i], *w, stamp[i]);
    }
    for (i, w) in model.transitions.iter().enumerate() {
        avg.transitions[i] = mean(total.transitions[i], *w, tstamp[i]);
    }
    avg
}

/// Counts of a model's spans against gold spans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Score {
    /// Precision, recall and F1.
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        (
            p,
            r,
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        )
    }
}

/// Names as (start, end, class), end exclusive.
type Names = Vec<(usize, usize, EntityType)>;

/// The model's names and the gold names of one example.
fn predict(model: &Tagger, (chars, gold): &Example, ctx: &Context<'_>) -> (Names, Names) {
    let w = words_of(chars, ctx.jieba);
    let w: Vec<(usize, usize, &str)> = w.iter().map(|(a, b, t)| (*a, *b, t.as_str())).collect();
    (model.tag(chars, ctx, &w), spans(gold))
}

/// Scores a model on examples: overall, then per class (Person, Place, Institution).
pub fn evaluate(model: &Tagger, examples: &[Example], ctx: &Context<'_>) -> (Score, [Score; 3]) {
    let mut all = Score::default();
    let mut per = [Score::default(); 3];
    for ex in examples {
        let (got, want) = predict(model, ex, ctx);
        let class = |t: EntityType| CLASSES.iter().position(|&c| c == t).unwrap_or(0);
        for s in &got {
            if want.contains(s) {
                all.tp += 1;
                per[class(s.2)].tp += 1;
            } else {
                all.fp += 1;
                per[class(s.2)].fp += 1;
            }
        }
        for s in want.iter().filter(|s| !got.contains(s)) {
            all.fn_ += 1;
            per[class(s.2)].fn_ += 1;
        }
    }
    (all, per)
}

/// The sentences of `examples` the model gets wrong, each as its gold and its
/// predicted form with names in brackets (`[北京]Place`).
pub fn errors(model: &Tagger, examples: &[Example], ctx: &Context<'_>) -> Vec<(String, String)> {
    examples
        .iter()
        .filter_map(|ex| {
            let (got, want) = predict(model, ex, ctx);
            (got != want).then(|| (bracketed(&ex.0, &want), bracketed(&ex.0, &got)))
        })
        .collect()
}

/// A sentence with its names in brackets, each followed by its class.
fn bracketed(chars: &[char], names: &[(usize, usize, EntityType)]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(s, e, t) in names {
        out.extend(&chars[at..s]);
        out.push('[');
        out.extend(&chars[s..e]);
        out.push(']');
        out.push_str(t.name());
        at = e;
    }
    out.extend(&chars[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_compounds_and_split_person_names() {
        let corpus = "19980101-01-001-001/m  [北京/ns  大学/n]nt  校长/n  许/nr  智宏/nr  在/p  上海/ns  讲话/v  。/w\n";
        let ex = read(corpus, &Lexicon::build(Vec::new()).unwrap());
        assert_eq!(ex.len(), 1);
        assert_eq!(
            names(&ex[0]),
            vec![
                ("北京大学".to_string(), EntityType::Institution),
                ("许智宏".to_string(), EntityType::Person),
                ("上海".to_string(), EntityType::Place),
            ]
        );
    }

    /// A POS-tagged corpus read with the given lexicon.
    fn read(corpus: &str, lexicon: &Lexicon) -> Vec<Example> {
        let rules = crate::resources::load_rules().unwrap();
        let ctx = Context {
            lexicon,
            rules: &rules,
            jieba: None,
        };
        read_pos_corpus(corpus.as_bytes(), "t", &ctx).unwrap()
    }

    /// Names of a corpus sentence as (text, class).
    fn names(ex: &Example) -> Vec<(String, EntityType)> {
        spans(&ex.1)
            .iter()
            .map(|&(a, b, t)| (ex.0[a..b].iter().collect(), t))
            .collect()
    }

    #[test]
    fn labels_round_trip_through_begin_inside_end_single() {
        // 北京 大学 许智宏: a two-character place, a one-character place, a person.
        let bio = [3, 4, 0, 3, 1, 2, 2];
        let labels = bioes(&bio);
        assert_eq!(
            labels,
            vec![
                label(1, B),
                label(1, E),
                0,
                label(1, S),
                label(0, B),
                label(0, I),
                label(0, E)
            ]
        );
        assert_eq!(
            spans(&labels),
            vec![
                (0, 2, EntityType::Place),
                (3, 4, EntityType::Place),
                (4, 7, EntityType::Person)
            ]
        );
        assert!(allowed(Some(label(0, B)), label(0, E)));
        assert!(!allowed(Some(label(0, B)), label(1, E)));
        assert!(!allowed(Some(label(0, B)), 0));
        assert!(!may_end(label(2, I)));
    }

    #[test]
    fn corpus_tags_follow_the_ner_annotation() {
        let corpus = "[泰国/ns  政府/n]nt  和/c  中方/n  支持/v  市委/n  学习/v  江/nr  泽民/nr  \
            邓小平理论/n  ，/w  欧盟/j  代表/n  访华/v  。/w\n";
        let ex = read(corpus, &crate::resources::load_lexicon().unwrap());
        let want: Vec<(String, EntityType)> = [
            ("泰国", EntityType::Place),
            ("中", EntityType::Place),
            ("市委", EntityType::Institution),
            ("江泽民", EntityType::Person),
            ("邓小平", EntityType::Person),
            ("欧盟", EntityType::Institution),
            ("华", EntityType::Place),
        ]
        .iter()
        .map(|&(s, t)| (s.to_string(), t))
        .collect();
        assert_eq!(names(&ex[0]), want);
    }

    #[test]
    fn learns_and_round_trips() {
        let corpus =
            "[北京/ns  大学/n]nt  校长/n  许/nr  智宏/nr  在/p  上海/ns  讲话/v  。/w\n".repeat(3);
        let rules = crate::resources::load_rules().unwrap();
        let lex = Lexicon::build(Vec::new()).unwrap();
        let ctx = Context {
            lexicon: &lex,
            rules: &rules,
            jieba: None,
        };
        let ex = read_pos_corpus(corpus.as_bytes(), "t", &ctx).unwrap();
        let model = train(&ex, &ctx, 10, 1 << 16, &mut |_, _, _| {});
        let (all, _) = evaluate(&model, &ex, &ctx);
        assert_eq!(all.prf(), (1.0, 1.0, 1.0));
        let mut bytes = Vec::new();
        model.save(&mut bytes).unwrap();
        let back = Tagger::load(bytes.as_slice(), "m").unwrap();
        assert_eq!(
            back.tag(&ex[0].0, &ctx, &[]),
            model.tag(&ex[0].0, &ctx, &[])
        );
        assert!(Tagger::load(&b"garbage"[..], "m").is_err());
    }
}

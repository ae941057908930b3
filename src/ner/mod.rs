//! A character-level sequence labeller for person, place and organisation
//! names: an averaged perceptron over hashed features with first-order Viterbi
//! decoding, trained with `zhikg train-ner` on a segmented, POS-tagged corpus in
//! the People's Daily format (`word/tag`, `[…]nt` compounds).
//!
//! Input: a sentence's characters, plus lexicon and segmenter hints.
//! Output: labelled spans (Person, Place, Institution) in character offsets.
//! Invariant: decoding is deterministic; the model file is a fixed binary
//! layout (magic, sizes, quantised weights) read from any reader.

use crate::data::Lexicon;
use crate::data::Rules;
use crate::error::{Error, Result};
use crate::model::EntityType;
use crate::script::is_cjk;
use jieba_rs::Jieba;
use std::io::{Read, Write};

/// Labels: O, then B, I, E and S (begin, inside, end, single) for each class.
pub(crate) const LABELS: usize = 13;
/// Lanes of a packed weight row: `LABELS` padded so a row fills half a cache
/// line and never straddles two.
pub(crate) const LANES: usize = 16;

/// One feature's packed weights, aligned to its size.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(32))]
pub(crate) struct Row([i16; LANES]);
pub(crate) const CLASSES: [EntityType; 3] = [
    EntityType::Person,
    EntityType::Place,
    EntityType::Institution,
];
pub(crate) const MAGIC: &[u8; 8] = b"ZKNER03\n";
/// Feature hash buckets (a power of two).
pub const DEFAULT_BUCKETS: usize = 1 << 20;

/// Positions of a label inside its name.
pub(crate) const B: usize = 0;
pub(crate) const I: usize = 1;
pub(crate) const E: usize = 2;
pub(crate) const S: usize = 3;

pub(crate) fn label(class: usize, position: usize) -> usize {
    1 + 4 * class + position
}

pub(crate) fn class_of(l: usize) -> usize {
    (l - 1) / 4
}

pub(crate) fn position_of(l: usize) -> usize {
    (l - 1) % 4
}

/// BIO labels of the corpus readers: 0, then `1 + 2 × class` begins and the
/// next one continues a name.
pub(crate) fn bio_begin(class: usize) -> usize {
    1 + 2 * class
}

/// Turns reader labels (B/I per class) into the model's B/I/E/S labels.
pub(crate) fn bioes(bio: &[usize]) -> Vec<usize> {
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
    pub(crate) buckets: usize,
    /// `buckets × LABELS` emission weights while training.
    pub(crate) weights: Vec<f32>,
    /// The same weights of a loaded model, quantised: `packed × scale`, in
    /// rows of [`LANES`] (the last ones zero). Aligned rows of 16-bit weights
    /// keep each feature's lookup to one cache line.
    pub(crate) packed: Vec<Row>,
    pub(crate) scale: f32,
    /// `(LABELS + 1) × LABELS` transition weights; row `LABELS` is the start.
    pub(crate) transitions: Vec<f32>,
}

/// What the tagger reads besides the text: lexicons and rule lists.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    pub rules: &'a Rules,
    /// The segmenter's dictionary, to tell known words from new ones.
    pub jieba: Option<&'a Jieba>,
    /// The lexicon's matches in the text, when the caller has found them
    /// already; otherwise the tagger finds them.
    pub matches: Option<&'a [crate::data::lexicon::LexMatch<'a>]>,
}

/// Per-character hints from the lexicon and the segmenter.
pub(crate) struct Hints<'w> {
    /// Lexicon class mark per character: 0 none, else 1 + class × 3 + (0 begin, 1 inside, 2 single).
    pub(crate) lexicon: Vec<u8>,
    /// Segmenter word tag and position (B/I/E/S) per character.
    pub(crate) words: Vec<(&'w str, u8)>,
    /// Per character: the index of its word in `text_hash` (the empty text
    /// after the last word when no word covers it).
    pub(crate) word: Vec<usize>,
    /// Per character: surname (1), transliteration character (2), both (3).
    pub(crate) marks: Vec<u8>,
    /// Per character: the word after this character's word is a post (1) or a
    /// speech verb (2).
    pub(crate) next_word: Vec<u8>,
    /// Per character: its word is not in the segmenter's dictionary.
    pub(crate) new_word: Vec<u8>,
    /// Per character: the hash of its word's tag and its position in the
    /// word, and of the tag alone.
    pub(crate) tag_hash: Vec<(u64, u64)>,
    /// Per word, then for an empty text: the hash of the text and its length
    /// in characters.
    pub(crate) text_hash: Vec<(u64, u8)>,
}

impl Hints<'_> {
    /// The hash and length of the word character `i` belongs to.
    fn text(&self, i: usize) -> (u64, u8) {
        self.text_hash[self.word[i]]
    }

    /// The hash of the word before the one character `i` belongs to.
    fn prev(&self, i: usize) -> u64 {
        let empty = self.text_hash.len() - 1;
        match self.word[i] {
            k if k == 0 || k == empty => self.text_hash[empty].0,
            k => self.text_hash[k - 1].0,
        }
    }

    /// The hash of the word after the one character `i` belongs to.
    fn next(&self, i: usize) -> u64 {
        match self.word[i] {
            k if k + 1 == self.text_hash.len() => self.text_hash[k].0,
            k => self.text_hash[k + 1].0,
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

pub(crate) fn hints<'w>(chars: &[char], ctx: &Context<'_>, words: &Words<'w>) -> Hints<'w> {
    let (lexicon, rules) = (ctx.lexicon, ctx.rules);
    let found;
    let matches = match ctx.matches {
        Some(m) => m,
        None => {
            let text: String = chars.iter().collect();
            found = lexicon.find(&text);
            &found[..]
        }
    };
    let mut lex = vec![0u8; chars.len()];
    for m in matches {
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
    // The hash of each character's word tag with its position, and of the
    // tag alone; the tag's text is hashed once per word.
    let mut tag_hash = vec![(unit(b"", b'S'), unit(b"", 0)); chars.len()];
    let none = words.len();
    let mut word = vec![none; chars.len()];
    // The sentence as one text, and where each character starts in it.
    let mut sentence = String::with_capacity(chars.len() * 3);
    let mut at = Vec::with_capacity(chars.len() + 1);
    for &c in chars {
        at.push(sentence.len());
        sentence.push(c);
    }
    at.push(sentence.len());
    // Each word's text and its length in characters.
    let mut texts: Vec<(&str, usize)> = Vec::with_capacity(words.len() + 1);
    for (k, &(start, end, tag)) in words.iter().enumerate() {
        let (start, end) = (start.min(chars.len()), end.min(chars.len()));
        let end_at = end.max(start);
        texts.push((&sentence[at[start]..at[end_at]], end_at - start));
        let hashed = unit_text(tag.as_bytes());
        for i in start..end {
            word[i] = k;
            let position = if end - start == 1 {
                b'S'
            } else if i == start {
                b'B'
            } else if i + 1 == end {
                b'E'
            } else {
                b'I'
            };
            slots[i] = (tag, position);
            tag_hash[i] = (unit_after(hashed, position), unit_after(hashed, 0));
        }
    }
    texts.push(("", 0));
    let marks = chars
        .iter()
        .map(|c| {
            u8::from(rules.surname_chars.contains(c))
                | (u8::from(rules.transliteration.contains(c)) << 1)
        })
        .collect();
    // Per word: what the next word is, and whether the dictionary knows it.
    let after: Vec<u8> = (0..words.len())
        .map(|k| {
            let w = texts[k + 1].0;
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
        .map(|(w, n)| u8::from(ctx.jieba.is_some_and(|j| *n > 1 && !j.has_word(w))))
        .collect();
    let text_hash = texts
        .iter()
        .map(|(w, n)| (unit(w.as_bytes(), 0), (*n).min(6) as u8))
        .collect();
    Hints {
        tag_hash,
        text_hash,
        lexicon: lex,
        words: slots,
        next_word: word
            .iter()
            .map(|&k| after.get(k).copied().unwrap_or(0))
            .collect(),
        new_word: word.iter().map(|&k| new[k]).collect(),
        word,
        marks,
    }
}

/// One unit of a feature from a short text and a byte after it: FNV-1a over
/// the bytes, worked out once per word.
fn unit(text: &[u8], after: u8) -> u64 {
    unit_after(unit_text(text), after)
}

/// The FNV-1a state of a unit after its text and the separator.
fn unit_text(text: &[u8]) -> u64 {
    text.iter()
        .chain([&0xff])
        .fold(0xcbf29ce484222325, |h, &b| fnv_step(h, b))
}

/// A unit from the state of its text and the byte after it.
fn unit_after(text: u64, after: u8) -> u64 {
    fnv_step(text, after)
}

fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
}

/// A feature's hash: its template, then its units (characters, packed small
/// marks, hashed words), each mixed in with one multiplication.
#[inline(always)]
fn hash(template: u8, units: &[u64]) -> u64 {
    let mut h = u64::from(template).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for &u in units {
        h = (h ^ u).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(31);
    }
    // The final mix of MurmurHash3, so the low bits depend on every unit.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// Up to six small marks as one unit.
fn pack(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0x100u64, |acc, &b| (acc << 8) | u64::from(b))
}

pub(crate) fn class_char(c: char) -> u8 {
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
pub(crate) fn features(
    chars: &[char],
    h: &Hints<'_>,
    i: usize,
    buckets: usize,
    out: &mut Vec<usize>,
) {
    out.clear();
    let n = chars.len() as isize;
    let inside = |k: isize| -> Option<usize> {
        let j = i as isize + k;
        (0..n).contains(&j).then_some(j as usize)
    };
    let at = |k: isize| -> char { inside(k).map_or('\u{2}', |j| chars[j]) };
    let c: [u64; 5] = std::array::from_fn(|k| u64::from(u32::from(at(k as isize - 2))));
    let mask = buckets - 1;
    let mut push = |x: u64| out.push((x as usize) & mask);
    let lex = |k: isize| -> u8 { inside(k).map_or(0, |j| h.lexicon[j]) };
    let mark = |k: isize| -> u8 { inside(k).map_or(9, |j| h.marks[j]) };
    let tag = |k: isize| -> (u64, u64) {
        inside(k).map_or_else(|| (unit(b"", b'-'), unit(b"", 0)), |j| h.tag_hash[j])
    };
    let pos = h.words[i].1;
    let (t0, (tp, pt), (tn, nt)) = (tag(0).0, tag(-1), tag(1));
    let (text, len) = h.text(i);
    let prev_char_word = if i > 0 { h.text(i - 1).0 } else { unit(b"", 0) };
    push(hash(0, &[]));
    for (t, &ch) in (1u8..).zip(&c) {
        push(hash(t, &[ch]));
    }
    push(hash(6, &[c[1], c[2]]));
    push(hash(7, &[c[2], c[3]]));
    push(hash(8, &[c[0], c[1]]));
    push(hash(9, &[c[3], c[4]]));
    push(hash(10, &[c[1], c[2], c[3]]));
    push(hash(
        11,
        &[pack(&[
            class_char(at(-1)),
            class_char(at(0)),
            class_char(at(1)),
        ])],
    ));
    push(hash(12, &[u64::from(lex(0))]));
    push(hash(13, &[pack(&[lex(-1), lex(0)])]));
    push(hash(14, &[pack(&[lex(0), lex(1)])]));
    push(hash(15, &[t0]));
    push(hash(16, &[t0, c[2]]));
    push(hash(17, &[tp, t0]));
    push(hash(18, &[t0, tn]));
    push(hash(19, &[text, u64::from(pos)]));
    push(hash(20, &[prev_char_word, u64::from(pos)]));
    push(hash(21, &[pack(&[mark(-2), mark(-1), mark(0)])]));
    push(hash(22, &[pack(&[mark(0), mark(1), mark(2)])]));
    push(hash(23, &[pack(&[h.next_word[i], pos]), t0]));
    push(hash(24, &[c[0], c[1], c[2]]));
    push(hash(25, &[c[2], c[3], c[4]]));
    push(hash(26, &[c[1], c[3]]));
    push(hash(27, &[h.next(i), u64::from(pos)]));
    push(hash(28, &[h.prev(i), u64::from(pos)]));
    push(hash(29, &[pack(&[len, pos]), t0]));
    push(hash(30, &[pack(&[lex(-1), lex(0), lex(1)])]));
    push(hash(31, &[text, u64::from(pos), c[2]]));
    push(hash(32, &[u64::from(mark(-1)), c[2]]));
    push(hash(33, &[u64::from(mark(-2)), c[1], c[2]]));
    push(hash(34, &[u64::from(mark(0)), c[2], c[3]]));
    push(hash(35, &[u64::from(lex(0)), c[2]]));
    push(hash(36, &[pt, c[2]]));
    push(hash(37, &[nt, c[2]]));
    push(hash(38, &[pack(&[h.new_word[i], pos]), t0]));
    push(hash(39, &[pack(&[h.new_word[i], pos]), c[2]]));
}

/// Features per position.
const FEATURES: usize = 40;
/// How many positions ahead of the one being scored its rows are fetched.
const PREFETCH_AHEAD: usize = 2;
/// Positions whose features are computed before they are scored.
const TAG_BLOCK: usize = 256;

/// Asks the processor to bring `row` into cache.
#[inline(always)]
fn prefetch(row: &Row) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch is a hint; it reads nothing and cannot fault.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((row as *const Row).cast::<i8>()) };
    }
}

/// Whether label `to` may follow label `from` (I and E continue a B or I of
/// their class; O, B and S follow O, E, S or the start).
pub(crate) fn allowed(from: Option<usize>, to: usize) -> bool {
    let closed = |f: Option<usize>| f.is_none_or(|f| f == 0 || matches!(position_of(f), E | S));
    if to == 0 || matches!(position_of(to), B | S) {
        return closed(from);
    }
    matches!(from, Some(f) if f != 0 && matches!(position_of(f), B | I) && class_of(f) == class_of(to))
}

/// Whether a sentence may end with label `l` (no name left open).
pub(crate) fn may_end(l: usize) -> bool {
    l == 0 || matches!(position_of(l), E | S)
}

impl Tagger {
    pub(crate) fn new(buckets: usize) -> Tagger {
        Tagger {
            buckets,
            weights: vec![0.0; buckets * LABELS],
            packed: Vec::new(),
            scale: 1.0,
            transitions: vec![0.0; (LABELS + 1) * LABELS],
        }
    }

    /// The emission score of every label for one position's features.
    #[inline(always)]
    pub(crate) fn emit(&self, fs: &[usize]) -> [f32; LABELS] {
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
    pub(crate) fn viterbi(&self, feats: &[Vec<usize>]) -> Vec<usize> {
        let emit: Vec<[f32; LABELS]> = feats.iter().map(|fs| self.emit(fs)).collect();
        self.decode(&emit)
    }

    /// Best label sequence for emission scores.
    fn decode(&self, emit: &[[f32; LABELS]]) -> Vec<usize> {
        let n = emit.len();
        if n == 0 {
            return Vec::new();
        }
        // Transition scores in rows of `LANES`, a move the labels forbid at
        // minus infinity, so every step is the same branch-free sweep.
        let mut trans = [[f32::NEG_INFINITY; LANES]; LABELS];
        for (p, row) in trans.iter_mut().enumerate() {
            for (l, slot) in row.iter_mut().enumerate().take(LABELS) {
                if allowed(Some(p), l) {
                    *slot = self.transitions[p * LABELS + l];
                }
            }
        }
        let mut score = [f32::NEG_INFINITY; LANES];
        for (l, slot) in score.iter_mut().enumerate().take(LABELS) {
            if allowed(None, l) {
                *slot = self.transitions[LABELS * LABELS + l] + emit[0][l];
            }
        }
        let mut back = vec![[0u8; LANES]; n];
        for i in 1..n {
            let mut best = [f32::NEG_INFINITY; LANES];
            let mut arg = [0u8; LANES];
            // The first predecessor with the highest score wins a tie.
            for (p, row) in trans.iter().enumerate() {
                let ps = score[p];
                for l in 0..LANES {
                    let s = ps + row[l];
                    if s > best[l] {
                        best[l] = s;
                        arg[l] = p as u8;
                    }
                }
            }
            for l in 0..LABELS {
                score[l] = best[l] + emit[i][l];
            }
            back[i] = arg;
        }
        let mut l = (0..LABELS)
            .filter(|&l| may_end(l))
            .max_by(|&a, &b| score[a].total_cmp(&score[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let mut out = vec![0; n];
        for i in (0..n).rev() {
            out[i] = l;
            l = usize::from(back[i][l]);
        }
        out
    }

    pub(crate) fn feats(
        &self,
        chars: &[char],
        ctx: &Context<'_>,
        words: &Words<'_>,
    ) -> Vec<Vec<usize>> {
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
        // Features a block of positions at a time, so each position's rows
        // can be fetched from memory while an earlier position is summed
        // (the look-ups, not the arithmetic, are what tagging waits on), in
        // memory that does not grow with the sentence.
        let mut block: Vec<usize> = Vec::with_capacity(TAG_BLOCK * FEATURES);
        let mut emit: Vec<[f32; LABELS]> = Vec::with_capacity(chars.len());
        for from in (0..chars.len()).step_by(TAG_BLOCK) {
            let to = (from + TAG_BLOCK).min(chars.len());
            block.clear();
            for i in from..to {
                features(chars, &h, i, self.buckets, &mut buf);
                block.extend_from_slice(&buf);
            }
            let per = (block.len() / (to - from)).max(1);
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the processor has the features the function is
                // compiled for.
                unsafe { self.emit_block_avx2(&block, per, &mut emit) };
                continue;
            }
            self.emit_block(&block, per, &mut emit);
        }
        spans(&self.decode(&emit))
    }

    /// [`Tagger::emit_block`] in the wider vector instructions most
    /// processors have; the sums are the same integers.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn emit_block_avx2(&self, block: &[usize], per: usize, emit: &mut Vec<[f32; LABELS]>) {
        self.emit_block(block, per, emit);
    }

    /// Scores a block of positions, `per` features each, fetching the rows
    /// of the positions ahead while one is summed.
    #[inline(always)]
    fn emit_block(&self, block: &[usize], per: usize, emit: &mut Vec<[f32; LABELS]>) {
        if !self.packed.is_empty() {
            block
                .iter()
                .take(per * PREFETCH_AHEAD)
                .for_each(|&f| prefetch(&self.packed[f]));
        }
        for (i, fs) in block.chunks(per).enumerate() {
            if let Some(ahead) =
                block.get((i + PREFETCH_AHEAD) * per..(i + PREFETCH_AHEAD + 1) * per)
                && !self.packed.is_empty()
            {
                ahead.iter().for_each(|&f| prefetch(&self.packed[f]));
            }
            emit.push(self.emit(fs));
        }
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
            packed: table(buckets),
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
            let value = i16::from_le_bytes([v[0], v[1]]);
            let row = at / LABELS;
            let slot = t
                .packed
                .get_mut(row)
                .map(|r| &mut r.0[at % LABELS])
                .ok_or_else(|| bad("bad weight index"))?;
            *slot = value;
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

/// A zeroed table of `rows` weight rows, in huge pages where the system
/// gives them on request: rows are looked up at random, and with small pages
/// nearly every look-up would also miss the processor's address cache.
fn table(rows: usize) -> Vec<Row> {
    let mut v: Vec<Row> = Vec::with_capacity(rows);
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        // Huge pages stay off for the rest of the process (the allocator's
        // choice) but are allowed where advised; kernels before 6.18 refuse
        // this and the table stays in small pages.
        const EXCEPT_ADVISED: libc::c_ulong = 1 << 1;
        let start = (v.as_ptr() as usize).next_multiple_of(HUGE);
        let end = (v.as_ptr() as usize + rows * std::mem::size_of::<Row>()) / HUGE * HUGE;
        if end > start {
            // SAFETY: both calls only give advice: the range lies inside the
            // vector's own allocation, and its contents do not change.
            unsafe {
                libc::prctl(
                    libc::PR_SET_THP_DISABLE,
                    1 as libc::c_ulong,
                    EXCEPT_ADVISED,
                    0,
                    0,
                );
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
    v.resize(rows, Row([0; LANES]));
    v
}

/// Spans of a label sequence: B…E runs and S labels.
pub(crate) fn spans(labels: &[usize]) -> Vec<(usize, usize, EntityType)> {
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

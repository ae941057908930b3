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

/// Labels: O, then B and I for each class.
const LABELS: usize = 7;
const CLASSES: [EntityType; 3] = [
    EntityType::Person,
    EntityType::Place,
    EntityType::Institution,
];
const MAGIC: &[u8; 8] = b"ZKNER01\n";
/// Feature hash buckets (a power of two).
pub const DEFAULT_BUCKETS: usize = 1 << 18;

fn b_label(class: usize) -> usize {
    1 + 2 * class
}

/// A trained model.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    buckets: usize,
    /// `buckets × LABELS` emission weights.
    weights: Vec<f32>,
    /// `(LABELS + 1) × LABELS` transition weights; row `LABELS` is the start.
    transitions: Vec<f32>,
}

/// What the tagger reads besides the text: lexicons and rule lists.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    pub rules: &'a Rules,
}

/// Per-character hints from the lexicon and the segmenter.
struct Hints {
    /// Lexicon class mark per character: 0 none, else 1 + class × 3 + (0 begin, 1 inside, 2 single).
    lexicon: Vec<u8>,
    /// Segmenter word tag and position (B/I/E/S) per character.
    words: Vec<(String, u8)>,
    /// The word each character belongs to.
    word_text: Vec<String>,
    /// Per character: surname (1), transliteration character (2), both (3).
    marks: Vec<u8>,
    /// Per character: the word after this character's word is a post (1) or a
    /// speech verb (2).
    next_word: Vec<u8>,
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

fn hints(chars: &[char], lexicon: &Lexicon, rules: &Rules, words: &Words<'_>) -> Hints {
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
    let mut slots = vec![(String::new(), b'S'); chars.len()];
    let mut word_text = vec![String::new(); chars.len()];
    for &(start, end, _) in words {
        let w: String = chars[start.min(chars.len())..end.min(chars.len())]
            .iter()
            .collect();
        for slot in word_text.iter_mut().take(end.min(chars.len())).skip(start) {
            slot.clone_from(&w);
        }
    }
    for &(start, end, tag) in words {
        for (i, slot) in slots
            .iter_mut()
            .enumerate()
            .take(end.min(chars.len()))
            .skip(start)
        {
            let pos = if end - start == 1 {
                b'S'
            } else if i == start {
                b'B'
            } else if i + 1 == end {
                b'E'
            } else {
                b'I'
            };
            *slot = (tag.to_string(), pos);
        }
    }
    let marks = chars
        .iter()
        .map(|c| {
            let mut b = [0u8; 4];
            let s: &str = c.encode_utf8(&mut b);
            u8::from(rules.surnames.contains(s))
                | (u8::from(rules.transliteration.contains(c)) << 1)
        })
        .collect();
    let mut next_word = vec![0u8; chars.len()];
    for (k, &(start, end, _)) in words.iter().enumerate() {
        if let Some(&(ns, ne, _)) = words.get(k + 1) {
            let w: String = chars[ns.min(chars.len())..ne.min(chars.len())]
                .iter()
                .collect();
            let v = if rules.titles.contains(&w) || rules.honorifics.contains(&w) {
                1
            } else if rules.speech_verbs.contains(&w) {
                2
            } else {
                0
            };
            for slot in next_word.iter_mut().take(end.min(chars.len())).skip(start) {
                *slot = v;
            }
        }
    }
    Hints {
        lexicon: lex,
        words: slots,
        word_text,
        marks,
        next_word,
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
fn features(chars: &[char], h: &Hints, i: usize, buckets: usize, out: &mut Vec<usize>) {
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
            (t.as_str(), *p)
        }
    };
    let (pt, pp) = word(-1);
    let (nt, np) = word(1);
    push(hash(17, &[pt.as_bytes(), &[pp], tag.as_bytes(), &[*pos]]));
    push(hash(18, &[tag.as_bytes(), &[*pos], nt.as_bytes(), &[np]]));
    push(hash(19, &[h.word_text[i].as_bytes(), &[*pos]]));
    let prev_word = if i > 0 {
        h.word_text[i - 1].as_bytes()
    } else {
        b""
    };
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
}

/// Whether label `to` may follow label `from` (an I must continue its class).
fn allowed(from: Option<usize>, to: usize) -> bool {
    if to == 0 || to % 2 == 1 {
        return true;
    }
    matches!(from, Some(f) if f != 0 && (f - 1) / 2 == (to - 1) / 2)
}

impl Tagger {
    fn new(buckets: usize) -> Tagger {
        Tagger {
            buckets,
            weights: vec![0.0; buckets * LABELS],
            transitions: vec![0.0; (LABELS + 1) * LABELS],
        }
    }

    /// Best label sequence for precomputed features.
    fn viterbi(&self, feats: &[Vec<usize>]) -> Vec<usize> {
        let n = feats.len();
        if n == 0 {
            return Vec::new();
        }
        // Emission scores of every label at every position, one pass over the features.
        let emit: Vec<[f32; LABELS]> = feats
            .iter()
            .map(|fs| {
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
            })
            .collect();
        let mut score = vec![[f32::NEG_INFINITY; LABELS]; n];
        let mut back = vec![[0usize; LABELS]; n];
        for (l, slot) in score[0].iter_mut().enumerate() {
            if allowed(None, l) {
                *slot = self.transitions[LABELS * LABELS + l] + emit[0][l];
            }
        }
        for i in 1..n {
            let prev = score[i - 1];
            for l in 0..LABELS {
                let mut best = (f32::NEG_INFINITY, 0);
                for (p, &ps) in prev.iter().enumerate() {
                    if !allowed(Some(p), l) || ps == f32::NEG_INFINITY {
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
        let h = hints(chars, ctx.lexicon, ctx.rules, words);
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
        spans(&self.viterbi(&self.feats(chars, ctx, words)))
    }

    /// Reads a model.
    pub fn load(mut r: impl Read, name: &str) -> Result<Tagger> {
        let bad = |m: &str| Error::Data {
            file: name.to_string(),
            line: 0,
            message: m.to_string(),
        };
        let mut magic = [0u8; 8];
        r.read_exact(&mut magic)
            .map_err(|_| bad("truncated model"))?;
        if &magic != MAGIC {
            return Err(bad("not a zhikg NER model"));
        }
        let mut word = [0u8; 4];
        r.read_exact(&mut word)
            .map_err(|_| bad("truncated model"))?;
        let buckets = u32::from_le_bytes(word) as usize;
        if !buckets.is_power_of_two() || buckets > 1 << 24 {
            return Err(bad("bad bucket count"));
        }
        r.read_exact(&mut word)
            .map_err(|_| bad("truncated model"))?;
        let scale = f32::from_le_bytes(word);
        let mut t = Tagger::new(buckets);
        let mut read_i16s = |out: &mut [f32]| -> Result<()> {
            let mut bytes = vec![0u8; out.len() * 2];
            r.read_exact(&mut bytes)
                .map_err(|_| bad("truncated model"))?;
            for (o, c) in out.iter_mut().zip(bytes.chunks_exact(2)) {
                *o = f32::from(i16::from_le_bytes([c[0], c[1]])) * scale;
            }
            Ok(())
        };
        read_i16s(&mut t.weights)?;
        read_i16s(&mut t.transitions)?;
        Ok(t)
    }

    /// Writes the model, weights quantised to 16 bits.
    pub fn save(&self, mut w: impl Write) -> std::io::Result<()> {
        let max = self
            .weights
            .iter()
            .chain(&self.transitions)
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(1e-6);
        let scale = max / f32::from(i16::MAX);
        w.write_all(MAGIC)?;
        w.write_all(&(self.buckets as u32).to_le_bytes())?;
        w.write_all(&scale.to_le_bytes())?;
        for x in self.weights.iter().chain(&self.transitions) {
            w.write_all(&((x / scale).round() as i16).to_le_bytes())?;
        }
        Ok(())
    }
}

/// Spans of a label sequence.
fn spans(labels: &[usize]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().chain(std::iter::once(&0)).enumerate() {
        let continues = l != 0 && l % 2 == 0 && open.is_some_and(|(_, c)| c == (l - 1) / 2);
        if !continues {
            if let Some((s, c)) = open.take() {
                out.push((s, i, CLASSES[c]));
            }
            if l != 0 {
                open = Some((i, (l - 1) / 2));
            }
        }
    }
    out
}

/// One training sentence: characters and labels.
pub type Example = (Vec<char>, Vec<usize>);

/// Reads a People's Daily style corpus: one paragraph per line of `word/tag`
/// tokens; `nr` (consecutive ones form one name), `ns`, `nt` and `[…]nt` /
/// `[…]ns` compounds are names. Sentences are split at `。！？`.
/// One-character place abbreviations (`美/j`, and the `华` of `访华/v`) are
/// places, as in the usual NER annotation of that corpus.
pub fn read_pos_corpus(
    r: impl BufRead,
    name: &str,
    rules: &crate::resources::Rules,
) -> Result<Vec<Example>> {
    let mut out = Vec::new();
    for (n, line) in r.lines().enumerate() {
        let line = line.map_err(|e| Error::Data {
            file: name.to_string(),
            line: n + 1,
            message: e.to_string(),
        })?;
        let mut chars: Vec<char> = Vec::new();
        let mut labels: Vec<usize> = Vec::new();
        let mut compound: Option<usize> = None;
        let mut prev_person = false;
        for (k, tok) in line.split_whitespace().enumerate() {
            if k == 0 && tok.starts_with("199") {
                continue;
            }
            let opens = tok.starts_with('[');
            let tok = tok.trim_start_matches('[');
            let (body, closing) = match tok.rfind(']') {
                Some(b) if b > 0 && tok[..b].contains('/') => (&tok[..b], Some(&tok[b + 1..])),
                _ => (tok, None),
            };
            let Some((word, tag)) = body.rsplit_once('/') else {
                continue;
            };
            let start = chars.len();
            let wchars: Vec<char> = crate::normalise::normalise(word).text.chars().collect();
            chars.extend(&wchars);
            let abbr = |c: &char| rules.place_abbreviations.contains_key(c);
            let class = match tag {
                "nr" => Some(0),
                "ns" => Some(1),
                "nt" => Some(2),
                "j" if wchars.len() == 1 && abbr(&wchars[0]) => Some(1),
                _ => None,
            };
            let visit = wchars.len() == 2
                && tag.starts_with('v')
                && rules.abbreviation_verbs.contains(&wchars[0])
                && abbr(&wchars[1]);
            if opens {
                compound = Some(start);
            }
            let person_cont = class == Some(0) && prev_person && compound.is_none();
            for i in 0..wchars.len() {
                labels.push(match class {
                    Some(c) if i == 0 && !person_cont => b_label(c),
                    Some(c) => b_label(c) + 1,
                    None if visit && i == 1 => b_label(1),
                    None => 0,
                });
            }
            prev_person = class == Some(0);
            if let (Some(s), Some(ctag)) = (compound, closing) {
                let c = match ctag {
                    "nt" => Some(2),
                    "ns" => Some(1),
                    _ => None,
                };
                if let Some(c) = c {
                    for (i, l) in labels.iter_mut().enumerate().skip(s) {
                        *l = if i == s { b_label(c) } else { b_label(c) + 1 };
                    }
                }
                compound = None;
            }
            if compound.is_none() && matches!(word, "。" | "！" | "？") {
                out.push((std::mem::take(&mut chars), std::mem::take(&mut labels)));
                prev_person = false;
            }
        }
        if !chars.is_empty() {
            out.push((chars, labels));
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
                out.push((std::mem::take(&mut chars), std::mem::take(&mut labels)));
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
            ("B" | "S", Some(c)) => b_label(c),
            ("I" | "M" | "E", Some(c)) => b_label(c) + 1,
            _ => 0,
        });
        chars.push(c);
    }
    if !chars.is_empty() {
        out.push((chars, labels));
    }
    Ok(out)
}

/// Trains a model with the averaged perceptron.
pub fn train(
    examples: &[Example],
    ctx: &Context<'_>,
    jieba: Option<&Jieba>,
    epochs: usize,
    buckets: usize,
    progress: &dyn Fn(usize, f64),
) -> Tagger {
    let mut model = Tagger::new(buckets);
    let mut total = Tagger::new(buckets);
    let mut stamp = vec![0u32; buckets * LABELS];
    let mut tstamp = vec![0u32; (LABELS + 1) * LABELS];
    let mut clock: u32 = 1;
    let feats: Vec<Vec<Vec<usize>>> = examples
        .iter()
        .map(|(c, _)| {
            let w = words_of(c, jieba);
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
        progress(epoch + 1, correct as f64 / seen.max(1) as f64);
    }
    // Average: weight × time held, over the whole run.
    let mut avg = Tagger::new(buckets);
    for (i, w) in model.weights.iter().enumerate() {
        avg.weights[i] = (total.weights[i] + (clock - stamp[i]) as f32 * w) / clock as f32;
    }
    for (i, w) in model.transitions.iter().enumerate() {
        avg.transitions[i] = (total.transitions[i] + (clock - tstamp[i]) as f32 * w) / clock as f32;
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

/// Scores a model on examples: overall, then per class (Person, Place, Institution).
pub fn evaluate(
    model: &Tagger,
    examples: &[Example],
    ctx: &Context<'_>,
    jieba: Option<&Jieba>,
) -> (Score, [Score; 3]) {
    let mut all = Score::default();
    let mut per = [Score::default(); 3];
    for (chars, gold) in examples {
        let w = words_of(chars, jieba);
        let w: Vec<(usize, usize, &str)> = w.iter().map(|(a, b, t)| (*a, *b, t.as_str())).collect();
        let got = model.tag(chars, ctx, &w);
        let want = spans(gold);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_compounds_and_split_person_names() {
        let corpus = "19980101-01-001-001/m  [北京/ns  大学/n]nt  校长/n  许/nr  智宏/nr  在/p  上海/ns  讲话/v  。/w\n";
        let rules = crate::resources::load_rules().unwrap();
        let ex = read_pos_corpus(corpus.as_bytes(), "t", &rules).unwrap();
        assert_eq!(ex.len(), 1);
        let s = spans(&ex[0].1);
        let text: Vec<(String, EntityType)> = s
            .iter()
            .map(|&(a, b, t)| (ex[0].0[a..b].iter().collect(), t))
            .collect();
        assert_eq!(
            text,
            vec![
                ("北京大学".to_string(), EntityType::Institution),
                ("许智宏".to_string(), EntityType::Person),
                ("上海".to_string(), EntityType::Place),
            ]
        );
    }

    #[test]
    fn learns_and_round_trips() {
        let corpus =
            "[北京/ns  大学/n]nt  校长/n  许/nr  智宏/nr  在/p  上海/ns  讲话/v  。/w\n".repeat(3);
        let rules = crate::resources::load_rules().unwrap();
        let ex = read_pos_corpus(corpus.as_bytes(), "t", &rules).unwrap();
        let lex = Lexicon::build(Vec::new()).unwrap();
        let ctx = Context {
            lexicon: &lex,
            rules: &rules,
        };
        let model = train(&ex, &ctx, None, 10, 1 << 16, &|_, _| {});
        let (all, _) = evaluate(&model, &ex, &ctx, None);
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

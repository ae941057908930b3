//! Training and evaluation of the name tagger: corpus readers, the averaged
//! perceptron, scores and error listings (`zhikg train-ner`).
//!
//! Input: a People's Daily style `word/tag` corpus or a character-per-line
//! BIO corpus, and the runtime tagger of [`crate::ner`].
//! Output: a trained [`Tagger`] and its scores.
//! Invariant: training is deterministic for the same corpus and settings.

use crate::error::{Error, Result};
use crate::model::EntityType;
use crate::ner::*;
use std::io::BufRead;

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
            word: crate::stages::normalise::normalise(word)
                .text
                .chars()
                .collect(),
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
                && matches!(w[..], [c] if crate::script::SENTENCE_END.contains(&c))
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
        let Some(c) = crate::stages::normalise::normalise(ch).text.chars().next() else {
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
    use crate::data::Lexicon;

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
        let rules = crate::data::load_rules().unwrap();
        let ctx = Context {
            lexicon,
            rules: &rules,
            jieba: None,
            matches: None,
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
        let ex = read(corpus, &crate::data::load_lexicon().unwrap());
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
        let rules = crate::data::load_rules().unwrap();
        let lex = Lexicon::build(Vec::new()).unwrap();
        let ctx = Context {
            lexicon: &lex,
            rules: &rules,
            jieba: None,
            matches: None,
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

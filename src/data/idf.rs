//! Inverse document frequencies for keyword weighting, read in place.
//!
//! Input: the text of `ontology/model/idf.tsv`: `word<TAB>idf` lines sorted
//! by the bytes of the word, `#` comment lines (one of them
//! `# unseen<TAB>value`) and blank lines anywhere.
//! Output: an [`Idf`] that answers a word's weight through a hash index over
//! the words where they lie in the text.
//! Invariant: a loaded table is sorted, every value is a finite number, and a
//! word not listed weighs the unseen value; malformed text is an error naming
//! file and line.

use crate::error::{Error, Result};
use hashbrown::HashTable;
use std::borrow::Cow;
use std::hash::BuildHasher;

/// Word weights over the sorted text of an IDF file.
#[derive(Debug, Clone)]
pub struct Idf {
    text: Cow<'static, str>,
    /// Per data line, in order: the byte offsets of its word's start and
    /// end, and its value.
    lines: Vec<(u32, u32, f64)>,
    /// Indices into `lines`, by the hash of the word.
    index: HashTable<u32>,
    unseen: f64,
}

impl Idf {
    /// Checks `text` (named `file` in errors) and keeps it as it is.
    pub fn new(text: Cow<'static, str>, file: &str) -> Result<Idf> {
        let bad = |line: usize, message: &str| Error::Data {
            file: file.to_string(),
            line,
            message: message.to_string(),
        };
        let mut unseen = None;
        let mut lines = Vec::new();
        let mut offset = 0;
        let mut previous: Option<&str> = None;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let start = offset;
            offset += line.len();
            let line = line.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                if let Some((key, value)) = comment.trim_start().split_once('\t')
                    && key == "unseen"
                {
                    unseen =
                        Some(number(value).ok_or_else(|| {
                            bad(i + 1, "the unseen value is not a finite number")
                        })?);
                }
                continue;
            }
            let (word, value) = line
                .split_once('\t')
                .ok_or_else(|| bad(i + 1, "expected word<TAB>idf"))?;
            let value = number(value)
                .filter(|_| !word.is_empty() && word.trim() == word)
                .ok_or_else(|| bad(i + 1, "expected a word and a finite number"))?;
            if previous.is_some_and(|p| p >= word) {
                return Err(bad(
                    i + 1,
                    "words must be sorted by their bytes, each listed once",
                ));
            }
            previous = Some(word);
            let offset = |at: usize| {
                u32::try_from(at).map_err(|_| bad(i + 1, "the table is larger than 4 GB"))
            };
            lines.push((offset(start)?, offset(start + word.len())?, value));
        }
        let unseen = unseen.ok_or_else(|| bad(1, "no `# unseen<TAB>value` line"))?;
        let word = |k: u32| {
            let (start, end, _) = lines[k as usize];
            &text[start as usize..end as usize]
        };
        let mut index = HashTable::with_capacity(lines.len());
        for k in 0..lines.len() as u32 {
            index.insert_unique(hash(word(k)), k, |&k| hash(word(k)));
        }
        Ok(Idf {
            text,
            lines,
            index,
            unseen,
        })
    }

    /// The weight of `word`: its listed value, or the unseen value.
    pub fn get(&self, word: &str) -> f64 {
        self.index
            .find(hash(word), |&k| {
                let (start, end, _) = self.lines[k as usize];
                &self.text[start as usize..end as usize] == word
            })
            .map_or(self.unseen, |&k| self.lines[k as usize].2)
    }

    /// The weight of a word the table does not list.
    pub fn unseen(&self) -> f64 {
        self.unseen
    }
}

fn hash(word: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// A finite number, or nothing.
fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &'static str) -> Result<Idf> {
        Idf::new(Cow::Borrowed(text), "idf.tsv")
    }

    #[test]
    fn every_listed_word_is_found_and_others_weigh_the_unseen_value() {
        let idf = table("# comment\n# unseen\t5.5\na\t1\nbb\t2\nc\t3\nd\t4\n").unwrap();
        for (w, v) in [("a", 1.0), ("bb", 2.0), ("c", 3.0), ("d", 4.0)] {
            assert_eq!(idf.get(w), v, "{w}");
        }
        for w in ["", "b", "bbb", "e", "0"] {
            assert_eq!(idf.get(w), 5.5, "{w}");
        }
    }

    #[test]
    fn a_table_without_final_newline_or_words_still_answers() {
        assert_eq!(table("# unseen\t2\nx\t7").unwrap().get("x"), 7.0);
        assert_eq!(table("# unseen\t2\n").unwrap().get("x"), 2.0);
        let spaced = table("a\t1\n\n# more\n\nb\t2\n\n# unseen\t3\n").unwrap();
        assert_eq!(
            (spaced.get("a"), spaced.get("b"), spaced.get("c")),
            (1.0, 2.0, 3.0)
        );
    }

    #[test]
    fn malformed_tables_name_the_line() {
        let cases = [
            ("a\t1\n", "idf.tsv:1: no `# unseen"),
            ("# unseen\tx\n", "idf.tsv:1: the unseen value"),
            (
                "# unseen\t1\nb\t1\na\t2\n",
                "idf.tsv:3: words must be sorted",
            ),
            (
                "# unseen\t1\na\t1\na\t2\n",
                "idf.tsv:3: words must be sorted",
            ),
            ("# unseen\t1\na 1\n", "idf.tsv:2: expected word<TAB>idf"),
            ("# unseen\t1\na \t1\n", "idf.tsv:2: expected a word"),
            ("# unseen\t1\na\tNaN\n", "idf.tsv:2: expected a word"),
        ];
        for (text, message) in cases {
            let err = table(text).unwrap_err().to_string();
            assert!(err.starts_with(message), "{text:?}: {err}");
        }
    }
}

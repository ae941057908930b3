//! Loaders for the linguistic data under `ontology/`.
//!
//! Input: readers over lexicon TSV files (`label<TAB>type<TAB>aliases`) and
//! rule lists (one entry per line, `#` comments).
//! Output: a [`Lexicon`] with a longest-match automaton over every surface form,
//! and plain lists.
//! Invariant: every surface form maps to exactly one entry; a conflict is a
//! data error reported with file and line.

use crate::error::{Error, Result};
use crate::model::EntityType;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap as HashMap;
use std::io::BufRead;

/// One named thing known in advance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexEntry {
    pub label: String,
    pub entity_type: EntityType,
    pub aliases: Vec<String>,
    /// The lexicon file it comes from, without extension.
    pub source: String,
}

/// All lexicon entries with a matcher over their labels and aliases.
#[derive(Debug, Clone)]
pub struct Lexicon {
    entries: Vec<LexEntry>,
    forms: HashMap<String, usize>,
    pattern_entry: Vec<usize>,
    pattern_form: Vec<String>,
    matcher: AhoCorasick,
}

/// A lexicon match in characters of the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexMatch<'a> {
    pub entry: &'a LexEntry,
    pub start: usize,
    pub end: usize,
}

/// Reads non-comment, non-empty lines with their 1-based line numbers.
pub(crate) fn data_lines(reader: impl BufRead, file: &str) -> Result<Vec<(usize, String)>> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::Data {
            file: file.to_string(),
            line: i + 1,
            message: e.to_string(),
        })?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        out.push((i + 1, line.to_string()));
    }
    Ok(out)
}

/// Reads a rule list: one entry per line.
pub fn load_list(reader: impl BufRead, file: &str) -> Result<Vec<String>> {
    Ok(data_lines(reader, file)?
        .into_iter()
        .map(|(_, l)| l.trim().to_string())
        .collect())
}

/// Reads a rule table of `word<TAB>kind` lines whose kinds are all among
/// `kinds`; an unknown kind is an error naming file and line.
pub fn load_kinds(reader: impl BufRead, file: &str, kinds: &[&str]) -> Result<Kinds> {
    let mut out = Vec::new();
    for (n, l) in data_lines(reader, file)? {
        let pair = l
            .split_once('\t')
            .map(|(a, b)| (a.trim(), b.trim()))
            .filter(|(a, b)| !a.is_empty() && !b.is_empty());
        let Some((word, kind)) = pair else {
            return Err(Error::Data {
                file: file.to_string(),
                line: n,
                message: "expected two tab-separated columns".into(),
            });
        };
        if !kinds.contains(&kind) {
            return Err(Error::Data {
                file: file.to_string(),
                line: n,
                message: format!(
                    "unknown kind {kind:?} (expected one of {})",
                    kinds.join(", ")
                ),
            });
        }
        out.push((word.to_string(), kind.to_string()));
    }
    Ok(Kinds(out))
}

/// The lines of a `word<TAB>kind` rule table.
#[derive(Debug, Clone)]
pub struct Kinds(Vec<(String, String)>);

impl Kinds {
    /// The words of one kind, in file order.
    pub fn words(&self, kind: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(_, k)| k == kind)
            .map(|(w, _)| w.clone())
            .collect()
    }
}

/// Reads a two-column TSV rule table.
pub fn load_pairs(reader: impl BufRead, file: &str) -> Result<Vec<(String, String)>> {
    data_lines(reader, file)?
        .into_iter()
        .map(|(n, l)| match l.split_once('\t') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Ok((a.trim().to_string(), b.trim().to_string()))
            }
            _ => Err(Error::Data {
                file: file.to_string(),
                line: n,
                message: "expected two tab-separated columns".into(),
            }),
        })
        .collect()
}

/// Reads one lexicon file.
pub fn load_entries(reader: impl BufRead, file: &str) -> Result<Vec<(usize, LexEntry)>> {
    let source = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".tsv")
        .to_string();
    data_lines(reader, file)?
        .into_iter()
        .map(|(n, l)| {
            let err = |message: String| Error::Data {
                file: file.to_string(),
                line: n,
                message,
            };
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() < 2 || cols.len() > 3 {
                return Err(err(format!(
                    "expected label<TAB>type<TAB>aliases, found {} columns",
                    cols.len()
                )));
            }
            let label = cols[0].trim();
            if label.chars().count() < 2 {
                return Err(err(format!("label {label:?} is shorter than 2 characters")));
            }
            let entity_type = EntityType::parse(cols[1].trim()).ok_or_else(|| {
                err(format!(
                    "unknown type {:?} (Person, Institution, Initiative, Place or Concept)",
                    cols[1]
                ))
            })?;
            let aliases = cols
                .get(2)
                .map(|a| {
                    a.split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty() && *a != label)
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            Ok((
                n,
                LexEntry {
                    label: label.to_string(),
                    entity_type,
                    aliases,
                    source: source.clone(),
                },
            ))
        })
        .collect()
}

impl Lexicon {
    /// Builds a lexicon from loaded files, rejecting forms claimed twice.
    pub fn build(files: Vec<(String, Vec<(usize, LexEntry)>)>) -> Result<Lexicon> {
        Lexicon::build_with(files, Vec::new())
    }

    /// As [`Lexicon::build`], with user files loaded last: a built-in entry
    /// sharing a form with a user entry gives way to it, whole.
    pub fn build_with(
        files: Vec<(String, Vec<(usize, LexEntry)>)>,
        user: Vec<(String, Vec<(usize, LexEntry)>)>,
    ) -> Result<Lexicon> {
        let taken: std::collections::HashSet<String> = user
            .iter()
            .flat_map(|(_, list)| list)
            .flat_map(|(_, e)| std::iter::once(&e.label).chain(e.aliases.iter()))
            .cloned()
            .collect();
        let files: Vec<(String, Vec<(usize, LexEntry)>)> = files
            .into_iter()
            .map(|(file, list)| {
                let kept = list
                    .into_iter()
                    .filter(|(_, e)| {
                        !std::iter::once(&e.label)
                            .chain(e.aliases.iter())
                            .any(|f| taken.contains(f))
                    })
                    .collect();
                (file, kept)
            })
            .collect();
        let files = files.into_iter().chain(user);
        let mut entries = Vec::new();
        let mut forms: HashMap<String, usize> = HashMap::default();
        let mut origin: HashMap<String, (String, usize)> = HashMap::default();
        for (file, list) in files {
            for (line, entry) in list {
                let idx = entries.len();
                for form in std::iter::once(&entry.label).chain(entry.aliases.iter()) {
                    if form.chars().count() < 2 {
                        return Err(Error::Data {
                            file,
                            line,
                            message: format!("form {form:?} is shorter than 2 characters"),
                        });
                    }
                    if let Some((f0, l0)) = origin.get(form) {
                        return Err(Error::Data {
                            file,
                            line,
                            message: format!("{form:?} is already defined at {f0}:{l0}"),
                        });
                    }
                    origin.insert(form.clone(), (file.clone(), line));
                    forms.insert(form.clone(), idx);
                }
                entries.push(entry);
            }
        }
        let mut pattern_form: Vec<String> = forms.keys().cloned().collect();
        pattern_form.sort();
        let pattern_entry = pattern_form.iter().map(|f| forms[f]).collect();
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pattern_form)
            .map_err(|e| Error::Invalid(format!("lexicon automaton: {e}")))?;
        Ok(Lexicon {
            entries,
            forms,
            pattern_entry,
            pattern_form,
            matcher,
        })
    }

    /// All entries.
    pub fn entries(&self) -> &[LexEntry] {
        &self.entries
    }

    /// The entry a surface form names.
    pub fn get(&self, form: &str) -> Option<&LexEntry> {
        self.forms.get(form).map(|&i| &self.entries[i])
    }

    /// Leftmost-longest matches in `text`, in character offsets. Latin forms
    /// match only as whole words.
    pub fn find<'a>(&'a self, text: &str) -> Vec<LexMatch<'a>> {
        let char_at = byte_to_char(text);
        let bytes = text.as_bytes();
        self.matcher
            .find_iter(text)
            .filter(|m| {
                let form = &self.pattern_form[m.pattern().as_usize()];
                if !form.bytes().any(|b| b.is_ascii_alphanumeric()) {
                    return true;
                }
                let before = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
                let after = m.end() >= bytes.len() || !bytes[m.end()].is_ascii_alphanumeric();
                before && after
            })
            .map(|m| LexMatch {
                entry: &self.entries[self.pattern_entry[m.pattern().as_usize()]],
                start: char_at[m.start()],
                end: char_at[m.end()],
            })
            .collect()
    }
}

/// For each byte offset that starts a character (and the end), its character offset.
pub fn byte_to_char(text: &str) -> Vec<usize> {
    let mut map = vec![0; text.len() + 1];
    let mut n = 0;
    for (b, c) in text.char_indices() {
        for k in 0..c.len_utf8() {
            map[b + k] = n;
        }
        n += 1;
    }
    map[text.len()] = n;
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(data: &str) -> Result<Lexicon> {
        Lexicon::build(vec![(
            "t.tsv".into(),
            load_entries(data.as_bytes(), "t.tsv")?,
        )])
    }

    #[test]
    fn longest_match_and_aliases() {
        let l = lex("国家互联网信息办公室\tInstitution\t国家网信办|网信办\n中国\tPlace\t我国\nUN\tInstitution\t\n").unwrap();
        let m = l.find("我国国家网信办与UN及UNDP");
        let got: Vec<(&str, usize, usize)> = m
            .iter()
            .map(|m| (m.entry.label.as_str(), m.start, m.end))
            .collect();
        assert_eq!(
            got,
            vec![
                ("中国", 0, 2),
                ("国家互联网信息办公室", 2, 7),
                ("UN", 8, 10)
            ]
        );
    }

    #[test]
    fn conflicts_are_reported_with_file_and_line() {
        let e = lex("甲乙\tPlace\t丙丁\n丙丁\tPlace\t\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tsv:2: \"丙丁\" is already defined at t.tsv:1"
        );
        let e = lex("# c\n甲乙\tThing\t\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.tsv:2: unknown type \"Thing\" (Person,"),
            "{e}"
        );
    }
}

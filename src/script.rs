//! Facts of the writing system, not of the language: which characters are
//! CJK ideographs and which punctuation ends or closes a sentence.
//!
//! Input: characters.
//! Output: yes or no.
//! Invariant: this is the one module of non-test code whose literals may hold
//! CJK characters; words live under `ontology/`.

/// Whether `c` is a CJK ideograph.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Characters that end a sentence.
pub const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?'];

/// Characters that end a clause.
pub const CLAUSE_BREAKS: &[char] = &['，', '。', '；', '：', '！', '？', '\n'];

/// Closing marks that stay with the sentence they follow.
pub const CLOSERS: &[char] = &['”', '’', '）', '」', '』', ')'];

/// Dashes that join two parties inside a name (中国—东盟博览会).
pub const NAME_DASHES: &[char] = &['—', '－'];

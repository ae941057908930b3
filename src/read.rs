//! Decoding: raw bytes of a source file → text.
//!
//! Input: the bytes of one file and its path (for messages).
//! Output: a [`Source`] with the decoded text, the encoding name and a hash.
//! Invariant: UTF-8 (with or without BOM) and UTF-16 with BOM decode exactly;
//! other text is decoded as GB18030 when the detector says Chinese; binary or
//! undecodable input is an error naming the file, never a panic.

use crate::error::{Error, Result};
use crate::model::Source;
use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use sha2::{Digest, Sha256};

/// Share of replacement characters above which a decoding is rejected.
const MAX_BAD_RATIO: f64 = 0.02;

/// Decodes the bytes of `path`.
pub fn decode(path: &str, bytes: &[u8]) -> Result<Source> {
    let fail = |message: &str| Error::Decode {
        path: path.to_string(),
        message: message.to_string(),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(fail("empty file: nothing to ingest"));
    }
    let hash = hex(&Sha256::digest(bytes));
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(fail(&format!("invalid {} text", enc.name())));
        }
        return Ok(source(path, text.into_owned(), enc, hash));
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(fail("binary file (contains NUL bytes), not text"));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(source(path, text.to_string(), UTF_8, hash));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, false);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    let candidates: &[&'static Encoding] = if guess == UTF_16LE || guess == UTF_16BE {
        &[guess]
    } else {
        // Chinese legacy text: GB18030 is a superset of GBK and GB2312.
        &[GB18030, guess]
    };
    for &enc in candidates {
        let (text, _, _) = enc.decode(bytes);
        let total = text.chars().count().max(1);
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        let control = text
            .chars()
            .filter(|c| c.is_control() && !c.is_whitespace())
            .count();
        if (bad + control) as f64 / total as f64 <= MAX_BAD_RATIO && has_cjk(&text) {
            return Ok(source(path, text.into_owned(), enc, hash));
        }
    }
    Err(fail(
        "not text in a supported encoding (UTF-8, UTF-16 with BOM, GBK/GB18030)",
    ))
}

fn source(path: &str, text: String, enc: &'static Encoding, hash: String) -> Source {
    Source {
        path: path.to_string(),
        text,
        encoding: enc.name(),
        hash,
    }
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_utf16() {
        let s = decode("a", "\u{FEFF}中国".as_bytes()).unwrap();
        assert_eq!(s.text, "中国");
        let mut b = vec![0xFF, 0xFE];
        for u in "人民日报".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let s = decode("b", &b).unwrap();
        assert_eq!((s.text.as_str(), s.encoding), ("人民日报", "UTF-16LE"));
    }

    #[test]
    fn gbk_names_survive() {
        let (bytes, _, _) = GB18030.encode("朱镕基总理和王珺出席会议。");
        let s = decode("c", &bytes).unwrap();
        assert_eq!(s.text, "朱镕基总理和王珺出席会议。");
        assert_eq!(s.encoding, "gb18030");
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(
            decode("e.txt", b"  \n").unwrap_err().to_string(),
            "e.txt: empty file: nothing to ingest"
        );
        assert!(
            decode("x.bin", &[0x7f, 0x45, 0, 1, 2, 0xff])
                .unwrap_err()
                .to_string()
                .starts_with("x.bin: binary file")
        );
    }
}

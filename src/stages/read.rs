//! Decoding: raw bytes of a source file → text.
//!
//! Input: the bytes of one file and its path (for messages).
//! Output: a [`Source`] with the decoded text, the encoding name, a hash and
//! the repairs decoding made.
//! Invariant: UTF-8 (with or without BOM) and UTF-16 (with or without BOM)
//! decode exactly; text that is almost all valid in one of them decodes with
//! replacement characters and a warning naming file and byte offset; other
//! text is decoded as GB18030 when the detector says Chinese; binary or
//! undecodable input is an error naming the file, never a panic.

use crate::error::{Error, Result};
use crate::model::Source;
use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use sha2::{Digest, Sha256};

/// Share of replacement characters above which a decoding is rejected.
const MAX_BAD_RATIO: f64 = 0.02;

/// Share of likely characters a BOM-less UTF-16 reading must reach.
const MIN_UTF16_LIKELY: f64 = 0.9;

/// Bytes looked at to recognise BOM-less UTF-16 and binary files.
const HEAD: usize = 8192;

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
        return repaired(path, enc, &bytes[bom..], bom, hash)
            .ok_or_else(|| fail(&format!("invalid {} text", enc.name())));
    }
    let head = &bytes[..bytes.len().min(HEAD)];
    let utf8 = std::str::from_utf8(bytes);
    if let Ok(text) = utf8
        && !head.contains(&0)
    {
        return Ok(source(path, text.to_string(), UTF_8, hash, Vec::new()));
    }
    if let Some(enc) = utf16_without_bom(head) {
        return repaired(path, enc, bytes, 0, hash)
            .ok_or_else(|| fail(&format!("invalid {} text", enc.name())));
    }
    if head.contains(&0) {
        return Err(fail("binary file (contains NUL bytes), not text"));
    }
    if let Some(s) = repaired(path, UTF_8, bytes, 0, hash.clone()) {
        return Ok(s);
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
            return Ok(source(path, text.into_owned(), enc, hash, Vec::new()));
        }
    }
    Err(fail(
        "not text in a supported encoding (UTF-8, UTF-16, GBK/GB18030)",
    ))
}

/// Decodes `bytes` (which start at byte `offset` of the file) as `enc`,
/// replacing what is invalid, when at most [`MAX_BAD_RATIO`] of the
/// characters need replacing; the warning names the first bad byte.
fn repaired(
    path: &str,
    enc: &'static Encoding,
    bytes: &[u8],
    offset: usize,
    hash: String,
) -> Option<Source> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if !had_errors {
        return Some(source(path, text.into_owned(), enc, hash, Vec::new()));
    }
    let total = text.chars().count().max(1);
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
    if bad as f64 / total as f64 > MAX_BAD_RATIO || !has_text(&text) {
        return None;
    }
    let first = offset + first_invalid(enc, bytes);
    let warning = format!(
        "{path}: {bad} invalid {} byte sequence{} replaced by U+FFFD, the first at byte {first}",
        enc.name(),
        if bad == 1 { "" } else { "s" },
    );
    Some(source(path, text.into_owned(), enc, hash, vec![warning]))
}

/// The offset of the first byte `enc` cannot decode.
fn first_invalid(enc: &'static Encoding, bytes: &[u8]) -> usize {
    if enc == UTF_8 {
        return std::str::from_utf8(bytes)
            .err()
            .map_or(0, |e| e.valid_up_to());
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = [0u8; 4096];
    let mut read = 0;
    loop {
        let (result, n, _) =
            decoder.decode_to_utf8_without_replacement(&bytes[read..], &mut out, true);
        match result {
            encoding_rs::DecoderResult::Malformed(len, after) => {
                return (read + n).saturating_sub(usize::from(len) + usize::from(after));
            }
            encoding_rs::DecoderResult::OutputFull => read += n,
            encoding_rs::DecoderResult::InputEmpty => return bytes.len(),
        }
    }
}

/// The UTF-16 byte order `head` reads as, when nearly all of its code units
/// are characters a text would hold and the other order's are not.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let units = head.len() / 2;
    if units < 2 {
        return None;
    }
    let likely = |big: bool| {
        let n = head
            .chunks_exact(2)
            .map(|b| {
                if big {
                    u16::from_be_bytes([b[0], b[1]])
                } else {
                    u16::from_le_bytes([b[0], b[1]])
                }
            })
            .filter(|&u| likely_unit(u))
            .count();
        n as f64 / units as f64
    };
    let (le, be) = (likely(false), likely(true));
    // Latin text reads as CJK in the wrong order too: then the NUL high bytes decide.
    let zero = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let le_first = (le, zero(1)) > (be, zero(0));
    match (le >= MIN_UTF16_LIKELY, be >= MIN_UTF16_LIKELY) {
        (true, true) => Some(if le_first { UTF_16LE } else { UTF_16BE }),
        (true, false) => Some(UTF_16LE),
        (false, true) => Some(UTF_16BE),
        (false, false) => None,
    }
}

/// Whether a UTF-16 code unit is one a Chinese or Latin text is made of.
fn likely_unit(u: u16) -> bool {
    matches!(u,
        0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0xA0..=0x17F
        | 0x2000..=0x206F | 0x3000..=0x303F | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF
        | 0xD800..=0xDFFF)
}

fn source(
    path: &str,
    text: String,
    enc: &'static Encoding,
    hash: String,
    warnings: Vec<String>,
) -> Source {
    Source {
        path: path.to_string(),
        text,
        encoding: enc.name(),
        hash,
        warnings,
    }
}

/// Whether `text` holds a letter or a CJK character.
fn has_text(text: &str) -> bool {
    text.chars().any(|c| c.is_alphabetic())
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

    fn utf16(text: &str, big: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        for text in [
            "人民日报评论员文章：推动构建人类命运共同体。",
            "plain latin text\n",
        ] {
            for (big, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
                let s = decode("u.txt", &utf16(text, big)).unwrap();
                assert_eq!((s.text.as_str(), s.encoding), (text, name));
                assert!(s.warnings.is_empty());
            }
        }
    }

    #[test]
    fn damaged_utf8_keeps_its_text_and_says_where() {
        let text = "新华社北京电 国务院总理李强出席会议并发表讲话。".repeat(20);
        // One stray byte in the middle, and the file cut inside its last character.
        let mut bytes = text.as_bytes().to_vec();
        bytes.insert(34, 0xFF);
        bytes.extend_from_slice(&"。".as_bytes()[..2]);
        let s = decode("cut.txt", &bytes).unwrap();
        assert_eq!(s.encoding, "UTF-8");
        assert!(s.text.starts_with("新华社北京电 国务院总理"));
        assert_eq!(s.text.matches('\u{FFFD}').count(), 2);
        assert_eq!(
            s.warnings,
            ["cut.txt: 2 invalid UTF-8 byte sequences replaced by U+FFFD, the first at byte 34"]
        );
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

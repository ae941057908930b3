//! Compact JSON-LD: a writer that takes expanded JSON-LD as it is written and
//! passes it on with an `@context` of the project's prefixes and every IRI in
//! a key, an `@id` or an `@type` written as a compact IRI (`zk:mentionOf`).
//!
//! Input: the bytes of one expanded JSON-LD document (a top-level array), in
//! pieces of any size.
//! Output: the same document wrapped as `{"@context": {…}, "@graph": […]}`.
//! Invariant: the output expands to the same quads as the input (except an
//! IRI whose scheme is one of the prefix names); memory holds about one
//! unfinished JSON token, and each byte is scanned a bounded number of times.

use crate::rdf::vocab::PREFIXES;
use json_event_parser::{JsonEvent, LowLevelJsonParser, LowLevelJsonSerializer};
use std::borrow::Cow;
use std::io::{self, Write};

/// Writes compact JSON-LD to `inner`; call [`Compactor::finish`] at the end.
pub struct Compactor<W: Write> {
    inner: W,
    pending: Vec<u8>,
    parser: LowLevelJsonParser,
    serializer: LowLevelJsonSerializer,
    /// Arrays and objects open in the input.
    depth: usize,
    /// The next string is the value of `@id` or `@type`, an IRI.
    iri_next: bool,
    /// How many pending bytes to wait for before parsing again: twice an
    /// unfinished token, so a long one is not scanned once per piece.
    wait_for: usize,
}

impl<W: Write> Compactor<W> {
    pub fn new(inner: W) -> Self {
        Compactor {
            inner,
            pending: Vec::new(),
            parser: LowLevelJsonParser::new(),
            serializer: LowLevelJsonSerializer::new(),
            depth: 0,
            iri_next: false,
            wait_for: 0,
        }
    }

    /// Writes what is left and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.drain(true)?;
        self.inner.flush()?;
        Ok(self.inner)
    }

    /// Parses as many events as the pending bytes hold and writes them.
    fn drain(&mut self, ending: bool) -> io::Result<()> {
        let mut used = 0;
        loop {
            let result = self.parser.parse_next(&self.pending[used..], ending);
            used += result.consumed_bytes;
            let Some(event) = result.event else {
                break;
            };
            let event = event.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            if event == JsonEvent::Eof {
                break;
            }
            let out = &mut self.inner;
            let ser = &mut self.serializer;
            if self.depth == 0 && event == JsonEvent::StartArray {
                ser.serialize_event(JsonEvent::StartObject, &mut *out)?;
                ser.serialize_event(JsonEvent::ObjectKey("@context".into()), &mut *out)?;
                ser.serialize_event(JsonEvent::StartObject, &mut *out)?;
                for (prefix, ns) in PREFIXES {
                    ser.serialize_event(JsonEvent::ObjectKey((*prefix).into()), &mut *out)?;
                    ser.serialize_event(JsonEvent::String((*ns).into()), &mut *out)?;
                }
                ser.serialize_event(JsonEvent::EndObject, &mut *out)?;
                ser.serialize_event(JsonEvent::ObjectKey("@graph".into()), &mut *out)?;
            }
            let closes_document = self.depth == 1 && event == JsonEvent::EndArray;
            match event {
                JsonEvent::StartArray | JsonEvent::StartObject => self.depth += 1,
                JsonEvent::EndArray | JsonEvent::EndObject => {
                    self.depth = self.depth.saturating_sub(1)
                }
                _ => {}
            }
            let iri_next = matches!(&event, JsonEvent::ObjectKey(k) if k == "@id" || k == "@type");
            let event = match event {
                JsonEvent::ObjectKey(k) if !k.starts_with('@') => JsonEvent::ObjectKey(compact(k)),
                JsonEvent::String(v) if self.iri_next => JsonEvent::String(compact(v)),
                other => other,
            };
            self.iri_next = iri_next;
            ser.serialize_event(event, &mut *out)?;
            if closes_document {
                ser.serialize_event(JsonEvent::EndObject, &mut *out)?;
            }
        }
        self.pending.drain(..used);
        Ok(())
    }
}

impl<W: Write> Write for Compactor<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= self.wait_for {
            self.drain(false)?;
            self.wait_for = 2 * self.pending.len();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `iri` as `prefix:local` when a prefix covers it and the result cannot be
/// read as another IRI.
fn compact(iri: Cow<'_, str>) -> Cow<'_, str> {
    for (prefix, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns)
            && !local.is_empty()
            && !local.starts_with("//")
        {
            return Cow::Owned(format!("{prefix}:{local}"));
        }
    }
    iri
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compacted(input: &str, piece: usize) -> String {
        let mut c = Compactor::new(Vec::new());
        for chunk in input.as_bytes().chunks(piece) {
            c.write_all(chunk).unwrap();
        }
        String::from_utf8(c.finish().unwrap()).unwrap()
    }

    #[test]
    fn keys_ids_and_types_are_compacted_in_any_piece_size() {
        let input = r#"[{"@id":"https://w3id.org/zhikg/id/doc/1","@graph":[{"@id":"https://w3id.org/zhikg/id/person/a","http://www.w3.org/2000/01/rdf-schema#label":[{"@value":"https://w3id.org/zhikg/id/x"}],"https://w3id.org/zhikg/ontology#charCount":[{"@type":"http://www.w3.org/2001/XMLSchema#integer","@value":"3"}],"http://example.org/p":[{"@id":"_:b0"}]}]}]"#;
        let want = r#"{"@context":{"zk":"https://w3id.org/zhikg/ontology#","id":"https://w3id.org/zhikg/id/","rdf":"http://www.w3.org/1999/02/22-rdf-syntax-ns#","rdfs":"http://www.w3.org/2000/01/rdf-schema#","dcterms":"http://purl.org/dc/terms/","skos":"http://www.w3.org/2004/02/skos/core#","xsd":"http://www.w3.org/2001/XMLSchema#","owl":"http://www.w3.org/2002/07/owl#"},"@graph":[{"@id":"id:doc/1","@graph":[{"@id":"id:person/a","rdfs:label":[{"@value":"https://w3id.org/zhikg/id/x"}],"zk:charCount":[{"@type":"xsd:integer","@value":"3"}],"http://example.org/p":[{"@id":"_:b0"}]}]}]}"#;
        for piece in [1, 7, 4096] {
            assert_eq!(compacted(input, piece), want, "pieces of {piece}");
        }
    }

    #[test]
    fn an_empty_document_is_an_empty_graph() {
        assert!(compacted("[]", 1).ends_with(r#""@graph":[]}"#));
    }

    #[test]
    fn broken_json_is_an_error() {
        let mut c = Compactor::new(Vec::new());
        let written = c.write_all(b"[{\"@id\":}]");
        assert!(written.is_err() || c.finish().is_err());
    }
}

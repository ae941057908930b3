//! Labels of the vocabulary, read from the ontology.
//!
//! Input: the ontology in Turtle.
//! Output: the `@zh` `rdfs:label` of every `zk:` term, by local name.
//! Invariant: the ontology is the one source of the labels pictures show.

use super::vocab::{RDFS, ZK};
use crate::error::{Error, Result};
use crate::model::Labels;
use oxigraph::io::{RdfFormat, RdfParser};
use oxrdf::Term;

/// The Chinese labels of the `zk:` terms declared in `ttl` (read from `file`).
pub fn labels(ttl: &str, file: &str) -> Result<Labels> {
    let label = format!("{RDFS}label");
    let mut out = Labels::default();
    for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()) {
        let t = t.map_err(|e| Error::Data {
            file: file.into(),
            line: 0,
            message: e.to_string(),
        })?;
        let (oxrdf::NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&t.subject, &t.object)
        else {
            continue;
        };
        if t.predicate.as_str() == label
            && l.language() == Some("zh")
            && let Some(local) = s.as_str().strip_prefix(ZK)
        {
            out.insert(local, l.value());
        }
    }
    Ok(out)
}

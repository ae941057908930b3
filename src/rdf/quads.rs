//! RDF: extractions → quads, one named graph per article.
//!
//! Input: a resolved [`DocumentSet`] (one source file).
//! Output: quads in the `zk:` vocabulary. Each article's graph holds what it
//! asserts, with provenance: one mention record per entity, the sentences
//! that typed relations and quotes come from, reified typed relations
//! (`zk:Assertion`), co-occurrence edges and quotes. The entities graph holds
//! each entity's class, label and other forms.
//! Invariant: IRIs are deterministic (entities by class and label, documents
//! by source path and article index), so the same input gives the same quads;
//! no RDF 1.2 triple terms are used, so every RDF syntax can carry the output.

use super::vocab::{ANALYSIS_GRAPH, ENTITIES_GRAPH, ID, dcterms, skos, zk};
use crate::model::{Build, DocumentSet, EntityType, Extraction, NodeMeasures, Span};
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use sha2::{Digest, Sha256};

/// Whether a non-ASCII character may stand unescaped in an IRI path (RFC 3987
/// `ucschar`: not a surrogate, private-use character or noncharacter).
fn ucschar(c: char) -> bool {
    let u = u32::from(c);
    match u {
        0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF => true,
        0x10000..=0xDFFFF => u & 0xFFFF <= 0xFFFD,
        0xE1000..=0xEFFFD => true,
        _ => false,
    }
}

/// Appends `s` to `out`, escaping what an IRI may not contain; other
/// characters (Chinese included) stay.
fn iri_escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_whitespace()
            || c.is_control()
            || (!c.is_ascii() && !ucschar(c))
            || matches!(
                c,
                '<' | '>'
                    | '"'
                    | '{'
                    | '}'
                    | '|'
                    | '\\'
                    | '^'
                    | '`'
                    | '%'
                    | '#'
                    | '?'
                    | '/'
                    | '['
                    | ']'
            )
        {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
}

/// Entity IRIs already built, by class and label.
type Iris<'a> = rustc_hash::FxHashMap<(EntityType, &'a str), NamedNode>;

/// The IRI of an entity, built once per `iris`.
fn iri_of<'a>(iris: &mut Iris<'a>, (t, label): &'a (EntityType, String)) -> NamedNode {
    iris.entry((*t, label.as_str()))
        .or_insert_with(|| entity_iri(*t, label))
        .clone()
}

/// The IRI of an entity.
pub fn entity_iri(t: EntityType, label: &str) -> NamedNode {
    let mut iri = String::with_capacity(ID.len() + 16 + label.len());
    iri.push_str(ID);
    iri.extend(t.name().chars().map(|c| c.to_ascii_lowercase()));
    iri.push('/');
    iri_escape_into(label, &mut iri);
    NamedNode::new_unchecked(iri)
}

/// The IRI of the `index`-th article of the source identified by `key`
/// (an absolute path, or a content hash for standard input).
pub fn document_iri(key: &str, index: usize) -> NamedNode {
    let h = Sha256::digest(key.as_bytes());
    let hex: String = h[..8].iter().map(|b| format!("{b:02x}")).collect();
    NamedNode::new_unchecked(format!("{ID}doc/{hex}/{index}"))
}

/// How much of each mention the document graphs keep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Provenance {
    /// One `zk:Mention` per entity and document, its occurrences as one
    /// `zk:spans` literal; sentences only where a typed relation or a quote
    /// comes from.
    #[default]
    Compact,
    /// As compact, and every occurrence as its own node with its sentence,
    /// rule and offsets.
    Full,
}

/// Builds quads for one graph.
struct Builder {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Builder {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(s, p, o, self.graph.clone()));
    }

    fn span(&mut self, s: &NamedNode, span: Span) {
        self.add(s.clone(), zk("start"), Literal::from(span.start as i64));
        self.add(s.clone(), zk("end"), Literal::from(span.end as i64));
    }
}

fn node(base: &NamedNode, frag: &str) -> NamedNode {
    NamedNode::new_unchecked([base.as_str(), "#", frag].concat())
}

fn skos_alt_label() -> NamedNode {
    skos("altLabel")
}

/// The quads of one article's document graph.
fn article_quads(
    set_key: &str,
    set: &DocumentSet,
    build: &Build,
    ex: &Extraction,
    provenance: Provenance,
) -> Vec<Quad> {
    let (source_path, hash) = (&set.source.path, &set.source.hash);
    let doc = document_iri(set_key, ex.article.index);
    let mut b = Builder {
        graph: GraphName::NamedNode(doc.clone()),
        quads: Vec::new(),
    };
    let a = &ex.article;
    b.add(doc.clone(), rdf::TYPE.into_owned(), zk("Document"));
    if let Some(t) = &a.title {
        b.add(
            doc.clone(),
            dcterms("title"),
            Literal::new_simple_literal(t),
        );
    }
    b.add(
        doc.clone(),
        zk("sourcePath"),
        Literal::new_simple_literal(source_path),
    );
    b.add(
        doc.clone(),
        zk("contentHash"),
        Literal::new_simple_literal(hash),
    );
    b.add(
        doc.clone(),
        zk("extractionVersion"),
        Literal::new_simple_literal(&build.version),
    );
    for lexicon in &build.user_lexicons {
        b.add(
            doc.clone(),
            zk("userLexicon"),
            Literal::new_simple_literal(lexicon),
        );
    }
    b.add(
        doc.clone(),
        zk("articleIndex"),
        Literal::from(a.index as i64),
    );
    b.add(
        doc.clone(),
        zk("articleCount"),
        Literal::from(set.articles.len() as i64),
    );
    let chars: usize = a.paragraphs.iter().map(|p| p.text.len()).sum();
    b.add(doc.clone(), zk("charCount"), Literal::from(chars as i64));
    for (list, p) in [
        (&a.creators, dcterms("creator")),
        (&a.hosts, zk("host")),
        (&a.guests, zk("guest")),
    ] {
        for person in list {
            b.add(
                doc.clone(),
                p.clone(),
                entity_iri(EntityType::Person, &person.name),
            );
        }
    }
    // Sentences that carry evidence: typed relations and quotes always, every
    // mention's with full provenance.
    let full = provenance == Provenance::Full;
    let mut sentences: Vec<(usize, usize)> = ex
        .relations
        .iter()
        .filter(|r| r.predicate != "relatedTo")
        .filter_map(|r| Some((r.paragraph?, r.sentence?)))
        .chain(ex.quotes.iter().map(|q| (q.paragraph, q.sentence)))
        .chain(
            ex.mentions
                .iter()
                .filter(|_| full)
                .map(|m| (m.paragraph, m.sentence)),
        )
        .collect();
    sentences.sort_unstable();
    sentences.dedup();
    for &(pi, si) in &sentences {
        let p = &a.paragraphs[pi];
        let Some(&(s, e)) = p.sentences.get(si) else {
            continue;
        };
        let sn = node(&doc, &format!("s{pi}-{si}"));
        b.add(sn.clone(), rdf::TYPE.into_owned(), zk("Sentence"));
        b.add(sn.clone(), zk("inDocument"), doc.clone());
        b.add(
            sn.clone(),
            zk("text"),
            Literal::new_simple_literal(p.text.slice(s, e)),
        );
        b.span(&sn, p.text.span(s, e));
    }
    let sentence_node = |pi: usize, si: usize| node(&doc, &format!("s{pi}-{si}"));
    // One mention record per entity: the entity, its other written forms in
    // this document, and every occurrence's offsets in one literal.
    for (k, e) in ex.entities.iter().enumerate() {
        let mn = node(&doc, &format!("e{k}"));
        // Typing every record would add a fifth to a compact store; the
        // domain of zk:mentionOf says what they are.
        if full {
            b.add(mn.clone(), rdf::TYPE.into_owned(), zk("Mention"));
        }
        b.add(
            mn.clone(),
            zk("mentionOf"),
            entity_iri(e.entity_type, &e.label),
        );
        for alias in &e.aliases {
            b.add(mn.clone(), zk("form"), Literal::new_simple_literal(alias));
        }
        let mut spans: Vec<Span> = e
            .mentions
            .iter()
            .filter_map(|&i| ex.mentions.get(i))
            .map(|m| m.span)
            .collect();
        spans.sort_unstable_by_key(|s| (s.start, s.end));
        spans.dedup();
        if !spans.is_empty() {
            let text: Vec<String> = spans
                .iter()
                .map(|s| format!("{}-{}", s.start, s.end))
                .collect();
            b.add(
                mn.clone(),
                zk("spans"),
                Literal::new_simple_literal(text.join(" ")),
            );
        }
        if full {
            for &i in &e.mentions {
                let Some(m) = ex.mentions.get(i) else {
                    continue;
                };
                let on = node(&doc, &format!("m{i}"));
                b.add(mn.clone(), zk("occurrence"), on.clone());
                b.add(
                    on.clone(),
                    zk("sentence"),
                    sentence_node(m.paragraph, m.sentence),
                );
                b.add(
                    on.clone(),
                    zk("rule"),
                    Literal::new_simple_literal(m.rule.to_string()),
                );
                b.span(&on, m.span);
            }
        }
    }
    let mut cooccurrences = 0usize;
    // Relations name the same entities many times: each IRI is built once.
    let mut iris = Iris::default();
    for (i, r) in ex.relations.iter().enumerate() {
        let s = iri_of(&mut iris, &r.subject);
        let o = iri_of(&mut iris, &r.object);
        b.add(s.clone(), zk(&r.predicate), o.clone());
        // Co-occurrence edges are many: the edge itself says they met once,
        // a small record gives the count where they met more often.
        if r.predicate == "relatedTo" {
            if let Some(w) = r.weight.filter(|&w| w > 1) {
                let cn = node(&doc, &format!("c{cooccurrences}"));
                cooccurrences += 1;
                b.add(cn.clone(), zk("subject"), s);
                b.add(cn.clone(), zk("predicate"), zk(&r.predicate));
                b.add(cn.clone(), zk("object"), o);
                b.add(cn.clone(), zk("weight"), Literal::from(i64::from(w)));
            }
            continue;
        }
        let an = node(&doc, &format!("r{i}"));
        b.add(an.clone(), rdf::TYPE.into_owned(), zk("Assertion"));
        b.add(an.clone(), zk("subject"), s);
        b.add(an.clone(), zk("predicate"), zk(&r.predicate));
        b.add(an.clone(), zk("object"), o);
        b.add(an.clone(), zk("inDocument"), doc.clone());
        if let Some(w) = r.weight {
            b.add(an.clone(), zk("weight"), Literal::from(i64::from(w)));
        }
        if let Some(role) = &r.role {
            b.add(an.clone(), zk("role"), Literal::new_simple_literal(role));
        }
        if let (Some(pi), Some(si)) = (r.paragraph, r.sentence) {
            b.add(an.clone(), zk("sentence"), sentence_node(pi, si));
        }
        b.add(an.clone(), zk("rule"), Literal::new_simple_literal(&r.rule));
        b.add(
            an.clone(),
            zk("confidence"),
            Literal::new_typed_literal(
                format!("{:.3}", f64::from(r.confidence) / 1000.0),
                xsd::DECIMAL,
            ),
        );
        b.span(&an, r.span);
    }
    for (i, q) in ex.quotes.iter().enumerate() {
        let qn = node(&doc, &format!("q{i}"));
        b.add(qn.clone(), rdf::TYPE.into_owned(), zk("Quote"));
        b.add(
            qn.clone(),
            zk("speaker"),
            entity_iri(q.speaker.0, &q.speaker.1),
        );
        b.add(qn.clone(), zk("text"), Literal::new_simple_literal(&q.text));
        b.add(qn.clone(), zk("inDocument"), doc.clone());
        b.add(
            qn.clone(),
            zk("sentence"),
            sentence_node(q.paragraph, q.sentence),
        );
        b.add(qn.clone(), zk("rule"), Literal::new_simple_literal(&q.rule));
        b.span(&qn, q.span);
    }
    // The same triple may be built twice (one edge, two assertions); keep the first.
    let mut seen = rustc_hash::FxHashSet::default();
    let first: Vec<bool> = b.quads.iter().map(|q| seen.insert(q)).collect();
    drop(seen);
    b.quads
        .into_iter()
        .zip(first)
        .filter_map(|(q, first)| first.then_some(q))
        .collect()
}

/// The description of an entity: its class, its label and other forms, in
/// the entities graph. It is the same whichever document names the entity,
/// so the store holds it once.
pub fn entity_quads(t: EntityType, label: &str, forms: &[String]) -> Vec<Quad> {
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(ENTITIES_GRAPH));
    let iri = entity_iri(t, label);
    let mut out = vec![
        Quad::new(
            iri.clone(),
            rdf::TYPE.into_owned(),
            zk(t.name()),
            graph.clone(),
        ),
        Quad::new(
            iri.clone(),
            rdfs::LABEL.into_owned(),
            Literal::new_simple_literal(label),
            graph.clone(),
        ),
    ];
    for f in forms.iter().filter(|f| *f != label) {
        out.push(Quad::new(
            iri.clone(),
            skos_alt_label(),
            Literal::new_simple_literal(f),
            graph.clone(),
        ));
    }
    out
}

/// The predicate of an entity's other written forms.
pub fn alt_label() -> NamedNode {
    skos_alt_label()
}

/// Each node's measures, in the analysis graph.
pub fn analysis_quads<'a>(nodes: impl IntoIterator<Item = (&'a str, NodeMeasures)>) -> Vec<Quad> {
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(ANALYSIS_GRAPH));
    let mut out = Vec::new();
    let decimal = |x: f64| Literal::new_typed_literal(format!("{x:.6}"), xsd::DECIMAL);
    for (iri, m) in nodes {
        let s = NamedNode::new_unchecked(iri);
        for (p, o) in [
            ("degree", Literal::from(m.degree as i64)),
            ("pagerank", decimal(m.pagerank)),
            ("betweenness", decimal(m.betweenness)),
            ("community", Literal::from(m.community as i64)),
            ("component", Literal::from(m.component as i64)),
        ] {
            out.push(Quad::new(s.clone(), zk(p), o, graph.clone()));
        }
    }
    out.sort_by_cached_key(|q| q.to_string());
    out
}

/// The quads of a whole source file: one document graph per article, then
/// the descriptions of the entities they name in the entities graph.
/// `build` names the extraction version and the user lexicons (see `data::Data::version`).
pub fn quads(
    set: &DocumentSet,
    key: &str,
    build: &Build,
    provenance: Provenance,
) -> Vec<(NamedNode, Vec<Quad>)> {
    let mut out: Vec<(NamedNode, Vec<Quad>)> = set
        .articles
        .iter()
        .map(|ex| {
            (
                document_iri(key, ex.article.index),
                article_quads(key, set, build, ex, provenance),
            )
        })
        .collect();
    let mut forms: std::collections::BTreeMap<(EntityType, &str), Vec<String>> =
        std::collections::BTreeMap::new();
    for ex in &set.articles {
        for e in &ex.entities {
            forms
                .entry((e.entity_type, e.label.as_str()))
                .or_default()
                .extend(e.aliases.iter().cloned());
        }
    }
    let mut described = Vec::new();
    for ((t, label), mut fs) in forms {
        fs.sort();
        fs.dedup();
        described.extend(entity_quads(t, label, &fs));
    }
    out.push((NamedNode::new_unchecked(ENTITIES_GRAPH), described));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_are_readable_and_safe() {
        assert_eq!(
            entity_iri(EntityType::Person, "薛澜").as_str(),
            "https://w3id.org/zhikg/id/person/薛澜"
        );
        assert_eq!(
            entity_iri(EntityType::Initiative, "A/B 计划").as_str(),
            "https://w3id.org/zhikg/id/initiative/A%2FB%20计划"
        );
        // Replacement characters and private-use characters are no IRI characters.
        let odd = entity_iri(EntityType::Person, "王\u{FFFD}\u{E000}");
        assert_eq!(
            odd.as_str(),
            "https://w3id.org/zhikg/id/person/王%EF%BF%BD%EE%80%80"
        );
        assert!(NamedNode::new(odd.as_str()).is_ok());
        assert_eq!(document_iri("/x", 0), document_iri("/x", 0));
        assert_ne!(document_iri("/x", 0), document_iri("/x", 1));
    }
}

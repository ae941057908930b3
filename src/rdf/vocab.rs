//! The vocabulary: every namespace and graph IRI zhikg writes or reads.
//!
//! Input: nothing.
//! Output: namespace and graph IRIs, the prefixes queries and syntaxes may
//! use, and constructors for terms.
//! Invariant: this is the one place an IRI of the vocabulary is spelled out.

use oxrdf::NamedNode;

/// The ontology namespace.
pub const ZK: &str = "https://w3id.org/zhikg/ontology#";
/// The namespace of entity and document IRIs.
pub const ID: &str = "https://w3id.org/zhikg/id/";
/// The named graph holding the ontology.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/zhikg/ontology";
/// The named graph holding each entity's class, label and other forms, once.
pub const ENTITIES_GRAPH: &str = "https://w3id.org/zhikg/entities";
/// The named graph holding analytics results.
pub const ANALYSIS_GRAPH: &str = "https://w3id.org/zhikg/analysis";
/// Dublin Core terms.
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
/// SKOS.
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// RDF Schema.
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
/// RDF.
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// XML Schema datatypes.
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
/// The OWL namespace, for links users add (owl:sameAs).
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";

/// The prefixes every query may use without declaring them, and that tables
/// and Turtle output shorten IRIs with.
pub const PREFIXES: &[(&str, &str)] = &[
    ("zk", ZK),
    ("id", ID),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("dcterms", DCTERMS),
    ("skos", SKOS),
    ("xsd", XSD),
    ("owl", OWL),
];

/// The `PREFIX` lines of [`PREFIXES`], for queries built in code.
pub fn sparql_prefixes() -> String {
    PREFIXES
        .iter()
        .map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n"))
        .collect()
}

/// A `zk:` term.
pub fn zk(local: &str) -> NamedNode {
    NamedNode::new_unchecked([ZK, local].concat())
}

/// A `dcterms:` term.
pub fn dcterms(local: &str) -> NamedNode {
    NamedNode::new_unchecked([DCTERMS, local].concat())
}

/// A `skos:` term.
pub fn skos(local: &str) -> NamedNode {
    NamedNode::new_unchecked([SKOS, local].concat())
}

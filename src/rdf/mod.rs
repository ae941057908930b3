//! RDF: the vocabulary and the quads of extractions and analytics.
//!
//! Input: resolved extractions and node measures.
//! Output: quads in the `zk:` vocabulary.
//! Invariant: knows nothing of the store; every IRI comes from [`vocab`].

pub mod jsonld;
mod labels;
mod quads;
pub mod vocab;

pub use labels::labels;
pub use oxrdf::{NamedNode, Quad};
pub use quads::*;
pub use vocab::{ANALYSIS_GRAPH, ENTITIES_GRAPH, ID, ONTOLOGY_GRAPH, ZK, zk};

//! The analysis stages, in pipeline order: each turns one value into the next
//! and does no I/O.
//!
//! Input: the bytes of a source.
//! Output: resolved extractions, one per article.
//! Invariant: stages read resources by reference and never touch the store
//! or RDF; the same input gives the same output.

pub mod extract;
pub mod normalise;
pub mod read;
pub mod resolve;
pub mod segment;
pub mod structure;
pub mod tag;

//! zhikg: Chinese text in, RDF knowledge graph out.
//!
//! The crate is layered; each layer uses only those above it:
//!
//! - [`model`], [`error`], [`script`]: shared types and facts of the script.
//! - [`data`]: the ontology, lexicons and rule lists under `ontology/`.
//! - [`ner`]: the runtime name tagger.
//! - [`resources`]: everything the stages read, loaded once.
//! - [`stages`]: read, normalise, structure, segment, tag, extract, resolve.
//! - [`pipeline`]: the stages for one source, top to bottom.
//! - [`training`]: trains and scores the name tagger (`train-ner`).
//! - [`rdf`]: the vocabulary and extractions as quads.
//! - [`store`]: the embedded Oxigraph store, the only database user.
//! - [`graph`]: entity graphs read from the store, and their analytics.
//! - [`output`]: tables, JSON, DOT, GraphML, Neo4j CSV, pictures.
//! - [`ingest`]: sources → pipeline → quads → store, in parallel.
//!
//! ```
//! use zhikg::{model::Source, pipeline, resources::Resources};
//!
//! let res = Resources::load(true).unwrap();
//! let text = "# 示例\n\n作者 陈 立\n\n清华大学发布《数据安全白皮书》。";
//! let source = zhikg::stages::read::decode("example.md", text.as_bytes()).unwrap();
//! let set = pipeline::process(source, &res);
//! let article = &set.articles[0];
//! assert_eq!(article.article.title.as_deref(), Some("示例"));
//! assert!(article.entities.iter().any(|e| e.label == "清华大学"));
//! # let _: Source = set.source;
//! ```

pub mod data;
pub mod error;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod ner;
pub mod output;
pub mod pipeline;
pub mod rdf;
pub mod resources;
pub mod script;
pub mod stages;
pub mod store;
pub mod training;

pub use error::{Error, Result};

//! zhikg: Chinese text in, RDF knowledge graph out.
//!
//! The pipeline reads top to bottom in [`pipeline`]: [`read`] decodes bytes,
//! [`normalise`] cleans characters, [`structure`] finds articles, bylines,
//! turns and sentences, [`segment`] and [`extract`] find mentions, relations
//! and quotes, [`resolve`] merges mentions into entities, [`rdf`] turns them
//! into quads and [`store`] (the only module that touches Oxigraph) keeps them.
//!
//! ```
//! use zhikg::{model::Source, pipeline, resources::Resources};
//!
//! let res = Resources::load(true).unwrap();
//! let text = "# 示例\n\n作者 陈 立\n\n清华大学发布《数据安全白皮书》。";
//! let source = zhikg::read::decode("example.md", text.as_bytes()).unwrap();
//! let set = pipeline::process(source, &res);
//! let article = &set.articles[0];
//! assert_eq!(article.article.title.as_deref(), Some("示例"));
//! assert!(article.entities.iter().any(|e| e.label == "清华大学"));
//! # let _: Source = set.source;
//! ```

pub mod analysis;
pub mod error;
pub mod export;
pub mod extract;
pub mod graph;
pub mod ingest;
pub mod json;
pub mod lexicon;
pub mod model;
pub mod normalise;
pub mod pipeline;
pub mod rdf;
pub mod read;
pub mod resolve;
pub mod resources;
pub mod segment;
pub mod store;
pub mod structure;
pub mod table;
pub mod tagger;

pub use error::{Error, Result};

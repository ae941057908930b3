//! The SPARQL 1.1 Graph Store HTTP Protocol's operations on one graph: read,
//! replace, add to and drop a named graph or the default graph.
//!
//! Input: a graph, and for writes an RDF body in a triple syntax.
//! Output: the graph's triples, or the number of triples written.
//! Invariant: a write parses the whole body before anything changes and
//! commits in one transaction, so a bad body leaves the graph as it was.

use super::{Store, Syntax, write_quads};
use crate::error::{Error, Result};
use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad};
use std::io::Write;

/// The graph a request names: `?graph=IRI` or `?default`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Graph {
    Named(String),
    Default,
}

impl Graph {
    fn name(&self) -> Result<GraphName> {
        Ok(match self {
            Graph::Named(iri) => NamedNode::new(iri.as_str())
                .map_err(|e| Error::Invalid(format!("{iri}: {e}")))?
                .into(),
            Graph::Default => GraphName::DefaultGraph,
        })
    }
}

impl Store {
    /// Whether the graph exists (the default graph always does).
    pub fn graph_exists(&self, graph: &Graph) -> Result<bool> {
        match graph.name()? {
            GraphName::NamedNode(n) => self
                .inner
                .contains_named_graph(n.as_ref())
                .map_err(|e| self.err(e)),
            _ => Ok(true),
        }
    }

    /// Writes the graph's triples in `syntax` (a triple syntax).
    pub fn read_graph(&self, graph: &Graph, syntax: Syntax, out: &mut dyn Write) -> Result<()> {
        let name = graph.name()?;
        let quads = self
            .inner
            .quads_for_pattern(None, None, None, Some(name.as_ref()))
            .map(|q| q.map_err(|e| self.err(e)));
        write_quads(quads, syntax.format(), out)
    }

    /// Parses `body` as `syntax` into the graph, replacing what it held when
    /// `replace` (PUT) or adding to it (POST); returns the triples read.
    pub fn write_graph_body(
        &self,
        graph: &Graph,
        body: &[u8],
        syntax: Syntax,
        replace: bool,
    ) -> Result<usize> {
        if syntax.has_graphs() {
            return Err(Error::Invalid(format!(
                "{} holds graphs: send the graph's triples in a triple syntax (Turtle, N-Triples, RDF/XML, JSON-LD)",
                syntax.media_type()
            )));
        }
        let name = graph.name()?;
        let quads: Vec<Quad> = RdfParser::from_format(syntax.format())
            .for_slice(body)
            .map(|t| {
                t.map(|q| Quad::new(q.subject, q.predicate, q.object, name.clone()))
                    .map_err(|e| Error::Invalid(format!("the request body: {e}")))
            })
            .collect::<Result<_>>()?;
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        if replace {
            match name.as_ref() {
                GraphNameRef::NamedNode(n) => tx.remove_named_graph(n).map_err(|e| self.err(e))?,
                _ => tx
                    .clear_graph(GraphNameRef::DefaultGraph)
                    .map_err(|e| self.err(e))?,
            }
        }
        if let GraphNameRef::NamedNode(n) = name.as_ref() {
            tx.insert_named_graph(n);
        }
        for q in &quads {
            tx.insert(q.as_ref());
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(quads.len())
    }

    /// Drops a named graph or empties the default graph; says whether a named
    /// graph was there.
    pub fn drop_graph(&self, graph: &Graph) -> Result<bool> {
        let existed = self.graph_exists(graph)?;
        let name = graph.name()?;
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        match name.as_ref() {
            GraphNameRef::NamedNode(n) => tx.remove_named_graph(n).map_err(|e| self.err(e))?,
            _ => tx
                .clear_graph(GraphNameRef::DefaultGraph)
                .map_err(|e| self.err(e))?,
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(existed)
    }
}

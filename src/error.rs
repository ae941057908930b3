//! The library's error type.
//!
//! Input: failures from I/O, data files, decoding, SPARQL and the store.
//! Output: one `Error` whose message is a single line naming the file (and line
//! where it applies).

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A data file under `ontology/` is malformed.
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    /// A source file is not text in a supported encoding.
    #[error("{path}: {message}")]
    Decode { path: String, message: String },
    /// A SPARQL query could not be parsed.
    #[error("SPARQL syntax error: {0}")]
    Sparql(String),
    /// A SPARQL query failed during evaluation.
    #[error("SPARQL evaluation failed: {0}")]
    Evaluation(String),
    /// A query ran past its time limit and was stopped.
    #[error(
        "the query ran past its time limit of {0} s and was stopped (raise it with --timeout SECONDS)"
    )]
    Timeout(f64),
    /// The store could not be opened, read or written.
    #[error("store {path}: {message}")]
    Store { path: String, message: String },
    /// Results could not be written (a closed pipe, a full disk).
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
    /// The caller asked for something that does not exist or cannot be done.
    #[error("{0}")]
    Invalid(String),
    /// A folder given as a store holds something else.
    #[error("store {path}: {message}")]
    NotAStore { path: String, message: String },
    /// A query's results cannot be written in the format asked for.
    #[error("{0}")]
    WrongFormat(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

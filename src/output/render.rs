//! Pictures: DOT → SVG or PNG through the GraphViz programs.
//!
//! Input: DOT text and an output path.
//! Output: the picture file, written by GraphViz.
//! Invariant: a missing or failing GraphViz is an error saying what to install
//! or what GraphViz said.

use crate::error::{Error, Result};
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// Renders DOT to SVG or PNG with GraphViz (`dot`, or `sfdp` for large graphs).
pub fn render(dot_text: &str, format: &str, nodes: usize, out: &Path) -> Result<()> {
    let program = if nodes > 200 { "sfdp" } else { "dot" };
    let mut child = Command::new(program)
        .arg(format!("-T{format}"))
        .arg("-o")
        .arg(out)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|_| {
            Error::Invalid(format!(
                "GraphViz `{program}` is not installed: install it (Debian: apt-get install graphviz fonts-noto-cjk) to write {format}"
            ))
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(dot_text.as_bytes())
            .map_err(|e| Error::Invalid(format!("{program}: {e}")))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| Error::Invalid(format!("{program}: {e}")))?;
    if !output.status.success() {
        return Err(Error::Invalid(format!(
            "{program} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(())
}

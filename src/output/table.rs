//! Plain-text tables for the terminal.
//!
//! Input: column names and rows of optional strings.
//! Output: aligned columns, wide (CJK) characters counted as two cells.
//! Invariant: every row has as many cells as there are columns.

use crate::rdf::vocab::PREFIXES;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Shortens an IRI in our namespaces for display.
fn short(s: &str) -> String {
    for (p, ns) in PREFIXES {
        if let Some(rest) = s.strip_prefix(ns) {
            return format!("{p}:{rest}");
        }
    }
    s.to_string()
}

/// Writes `rows` under `names`.
pub fn write(
    out: &mut dyn Write,
    names: &[String],
    rows: &[Vec<Option<String>>],
) -> io::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    c.as_deref()
                        .map(short)
                        .unwrap_or_default()
                        .replace('\n', " ")
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = names.iter().map(|n| n.width()).collect();
    for r in &cells {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width().min(60));
        }
    }
    let line = |out: &mut dyn Write, r: &[String]| -> io::Result<()> {
        let mut s = String::new();
        for (i, (c, w)) in r.iter().zip(&widths).enumerate() {
            if i > 0 {
                s.push_str(" | ");
            }
            s.push_str(c);
            for _ in c.width()..*w {
                s.push(' ');
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, names)?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    )?;
    for r in &cells {
        line(out, r)?;
    }
    let n = cells.len();
    writeln!(out, "({n} {})", if n == 1 { "row" } else { "rows" })
}

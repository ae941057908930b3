//! Plain-text tables for the terminal.
//!
//! Input: column names and rows of optional strings.
//! Output: aligned columns, wide (CJK) characters counted as two cells, cells
//! wider than [`MAX_CELL`] wrapped onto further lines.
//! Invariant: every row has as many cells as there are columns.

use crate::rdf::vocab::PREFIXES;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width};
use std::io::{self, Write};

/// The widest a column grows, in terminal cells; longer text wraps.
pub const MAX_CELL: u16 = 60;

/// Columns split by `|`, the header underlined with `-` meeting at `+`, and
/// no outer border (the order of the characters is comfy-table's).
const STYLE: &str = "     -+ |          ";

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
    let mut table = Table::new();
    table
        .load_preset(STYLE)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(names);
    for r in rows {
        table.add_row(r.iter().map(|c| {
            c.as_deref()
                .map(short)
                .unwrap_or_default()
                .replace(['\n', '\r'], " ")
        }));
    }
    let last = names.len().saturating_sub(1);
    for (i, column) in table.column_iter_mut().enumerate() {
        column.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(MAX_CELL)));
        column.set_padding((u16::from(i > 0), u16::from(i < last)));
    }
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    let n = rows.len();
    writeln!(out, "({n} {})", if n == 1 { "row" } else { "rows" })
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn long_cjk_cells_wrap_and_columns_stay_aligned() {
        let quote =
            "数字包容的底线，是任何人都不应因为不会上网而失去办事的权利，也是衡量治理水平的尺子。";
        let rows = vec![
            vec![Some("孙若溪".to_string()), Some(quote.to_string())],
            vec![Some("林志远".to_string()), None],
        ];
        let mut out = Vec::new();
        super::write(&mut out, &["speaker".into(), "text".into()], &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "speaker | text");
        assert!(lines[1].starts_with("--------+-"), "{text}");
        // Every line that holds a separator has it in the same column.
        let bar = lines[0].find('|').unwrap();
        for l in lines.iter().skip(2).filter(|l| l.contains('|')) {
            let before = &l[..l.find('|').unwrap()];
            assert_eq!(before.width(), bar, "{text}");
        }
        assert!(
            lines
                .iter()
                .all(|l| l.width() <= bar + 3 + super::MAX_CELL as usize)
        );
        // The quote is whole, over more than one line.
        let joined: String = lines[2..lines.len() - 1]
            .iter()
            .map(|l| l.split('|').nth(1).unwrap_or("").trim())
            .collect();
        assert!(joined.contains(quote), "{text}");
        assert!(lines.len() > 5, "{text}");
        assert_eq!(*lines.last().unwrap(), "(2 rows)");
    }
}

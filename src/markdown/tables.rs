//! The size limit on a page's tables. A Markdown table fills every row up to its header's
//! number of columns, so a header of 5 000 columns over lines of one character each makes
//! millions of cells from a few kilobytes, and every cell costs the parser and the renderer
//! hundreds of bytes (a 7.8 MB table peaked at 2.9 GB). The limit is checked on the source,
//! before the parser fills anything in, so memory stays proportional to the file.

use std::ops::Range;

/// Cells a page's tables may hold in all (rows × columns, as the table is drawn). The largest
/// table of the Blueprint has under 200; a page with more than this cannot be read anyway.
pub const MAX_CELLS: usize = 50_000;

/// A table that takes a page's tables past [`MAX_CELLS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// Its delimiter row (`|---|---|`) in the body.
    pub range: Range<usize>,
    pub columns: usize,
    pub rows: usize,
    /// The cells of the page's tables up to and including this one.
    pub cells: usize,
}

/// The first table that takes the page past the limit, if any. Tables are found as GitHub
/// Flavoured Markdown finds them: a delimiter row under a header row, and rows on to the next
/// blank line (counting a little high where a table ends at another block, never low).
pub fn too_large(src: &str) -> Option<TooLarge> {
    let lines: Vec<(usize, &str)> = src
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line.trim_end_matches(['\n', '\r'])))
        })
        .collect();
    let mut cells = 0usize;
    let mut i = 1;
    while i < lines.len() {
        let (start, line) = lines[i];
        let Some(columns) = delimiter_columns(line).filter(|_| lines[i - 1].1.contains('|')) else {
            i += 1;
            continue;
        };
        let rows = 1 + lines[i + 1..].iter().take_while(|(_, l)| !l.trim().is_empty()).count();
        cells = cells.saturating_add(columns.saturating_mul(rows));
        if cells > MAX_CELLS {
            return Some(TooLarge {
                range: start..start + line.len(),
                columns,
                rows,
                cells,
            });
        }
        i += rows;
    }
    None
}

/// The number of columns of a delimiter row (`| --- | :-: |`), or None for any other line.
fn delimiter_columns(line: &str) -> Option<usize> {
    // Inside a quote or a list item: the row follows the container's markers.
    let row = line
        .trim_start_matches(|c: char| c == '>' || c.is_whitespace())
        .trim_end();
    let inner = row.strip_prefix('|').unwrap_or(row);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    if !row.contains('-') || !(row.contains('|') || inner.len() < row.len()) {
        return None;
    }
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    let is_delimiter = |c: &&str| {
        let c = c.strip_prefix(':').unwrap_or(c);
        let c = c.strip_suffix(':').unwrap_or(c);
        !c.is_empty() && c.bytes().all(|b| b == b'-')
    };
    cells.iter().all(is_delimiter).then_some(cells.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_delimiter_columns() {
        assert_eq!(delimiter_columns("|---|:-:|--:|"), Some(3));
        assert_eq!(delimiter_columns("--- | ---"), Some(2));
        assert_eq!(delimiter_columns("> | - |"), Some(1));
        assert_eq!(delimiter_columns("---"), None);
        assert_eq!(delimiter_columns("| a | - |"), None);
        assert_eq!(delimiter_columns("- item | x"), None);
    }

    #[test]
    fn small_tables_pass_and_a_padded_one_does_not() {
        let small = "| a | b |\n|---|---|\n| 1 | 2 |\n\ntext\n";
        assert_eq!(too_large(small), None);
        let header = format!("|{}\n|{}\n", "h|".repeat(5_000), "-|".repeat(5_000));
        let padded = format!("intro\n\n{header}{}", "x\n".repeat(20));
        let found = too_large(&padded).unwrap();
        assert_eq!((found.columns, found.rows), (5_000, 21));
        assert_eq!(&padded[found.range], format!("|{}", "-|".repeat(5_000)));
    }
}

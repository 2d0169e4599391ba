//! Diagnostics: one error type with a source location, collected across the whole run and printed
//! once, rustc-style (`error[E007]: …`, `--> file:line:col`, the source line with a caret, `help:`).

mod shown;

pub use shown::printable;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a diagnostic points: a file, a 1-based line and column, and the text of that line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    /// How many characters the caret underlines (at least one).
    pub len: usize,
    pub line_text: String,
}

impl Location {
    /// The location of byte `offset` in `text`, underlining `len` bytes.
    pub fn at_offset(file: &Path, text: &str, offset: usize, len: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = text[..offset].matches('\n').count() + 1;
        let col = text[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(text, (offset + len).min(line_end));
        Location {
            file: file.to_path_buf(),
            line,
            col,
            len: text[offset..end].chars().count().max(1),
            line_text: text[line_start..line_end].trim_end_matches('\r').to_string(),
        }
    }

    /// The location of a 1-based line and column in `text`.
    pub fn at_line_col(file: &Path, text: &str, line: usize, col: usize, len: usize) -> Location {
        let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        Location {
            file: file.to_path_buf(),
            line: line.max(1),
            col: col.max(1),
            len: len.max(1),
            line_text: line_text.trim_end_matches('\r').to_string(),
        }
    }

    /// A whole file, when nothing finer is known.
    pub fn file(file: &Path) -> Location {
        Location {
            file: file.to_path_buf(),
            line: 0,
            col: 0,
            len: 0,
            line_text: String::new(),
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// Boxed: diagnostics travel in `Result`s and should stay small.
    pub location: Option<Box<Location>>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(Box::new(location));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (Option<(&Path, usize, usize)>, Severity, &'static str, &str) {
        let loc = self.location.as_ref().map(|l| (l.file.as_path(), l.line, l.col));
        (loc, self.severity, self.code, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{word}[{}]: {}", self.code, printable(&self.message))?;
        if let Some(loc) = &self.location {
            let path = printable(&loc.file.display().to_string());
            if loc.line == 0 {
                writeln!(f, "  --> {path}")?;
            } else {
                let gutter = loc.line.to_string();
                let pad = " ".repeat(gutter.len());
                let line = shown::shown_line(&loc.line_text, loc.col, loc.len);
                writeln!(f, "  --> {path}:{}:{}", loc.line, loc.col)?;
                writeln!(f, " {pad} |")?;
                writeln!(f, " {gutter} | {}", line.text)?;
                let caret = format!("{}{}", " ".repeat(line.caret_at), "^".repeat(line.caret_len));
                writeln!(f, " {pad} | {caret}")?;
            }
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {}", printable(help))?;
        }
        Ok(())
    }
}

/// Everything found wrong in one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        let mut diags = Diagnostics::default();
        diags.push(d);
        diags
    }
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file, line and column so output never depends on thread scheduling; the same
    /// problem reached from many pages (a broken template) is reported once.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    /// The full report, with a closing count line.
    pub fn render(self) -> String {
        let items = self.sorted();
        let errors = items.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = items.len() - errors;
        let mut out = String::new();
        for d in items {
            let _ = writeln!(out, "{d}");
        }
        if errors > 0 {
            let _ = writeln!(
                out,
                "error: found {errors} error{} and {warnings} warning{}",
                plural(errors),
                plural(warnings)
            );
        } else if warnings > 0 {
            let _ = writeln!(out, "warning: {warnings} warning{}", plural(warnings));
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The closest candidate to `wanted` by edit distance, if close enough to be a plausible typo.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_chars() {
        let text = "a: 1\nbé: xyz\n";
        let loc = Location::at_offset(Path::new("f.yaml"), text, text.find("xyz").unwrap(), 3);
        assert_eq!((loc.line, loc.col, loc.len), (2, 5, 3));
        assert_eq!(loc.line_text, "bé: xyz");
    }

    #[test]
    fn renders_like_rustc() {
        let text = "target: \"9.9\"\n";
        let d = Diagnostic::error("E007", "unknown target `9.9`")
            .at(Location::at_offset(Path::new("x.md"), text, 8, 5))
            .help("did you mean `1.1`?");
        let s = d.to_string();
        assert!(s.starts_with("error[E007]: unknown target `9.9`\n  --> x.md:1:9\n"));
        assert!(s.contains("1 | target: \"9.9\"\n"));
        assert!(s.contains("  |         ^^^^^\n"));
        assert!(s.ends_with("= help: did you mean `1.1`?\n"));
    }

    #[test]
    fn suggests_near_ids_only() {
        assert_eq!(did_you_mean("itvff", ["itvf", "itf", "hsitp"]), Some("itvf"));
        assert_eq!(did_you_mean("zzzzzz", ["itvf"]), None);
    }
}

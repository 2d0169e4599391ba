//! What a theme template's error says and where: the line and column Tera reports, in the
//! file the editor can open, without the excerpt Tera adds (the diagnostic shows the line).

use crate::diagnostics::Diagnostic;

/// Where in a theme template an error is, when Tera says.
fn template_location(e: &tera::Error) -> Option<(String, usize, usize, usize)> {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => r,
        _ => return None,
    };
    let span = report.span();
    let len = if span.end_line == span.start_line {
        span.end_col.saturating_sub(span.start_col).max(1)
    } else {
        1
    };
    Some((report.filename().to_string(), span.start_line, span.start_col + 1, len))
}

/// What went wrong, without the source excerpt Tera's own report adds (ours shows the line).
fn template_message(e: &tera::Error) -> String {
    let mut chain = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => r.message().to_string(),
        other => other.to_string(),
    };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    chain
}

pub fn at_template(mut d: Diagnostic, e: &tera::Error, sources: &[(String, String)]) -> Diagnostic {
    if let Some((name, line, col, len)) = template_location(e) {
        if let Some((_, source)) = sources.iter().find(|(n, _)| *n == name) {
            let path = std::path::PathBuf::from(format!("themes/default/templates/{name}"));
            d = d.at(crate::diagnostics::Location::at_line_col(&path, source, line, col, len));
        }
    }
    d
}

pub fn template_error(template: &str, e: &tera::Error) -> Diagnostic {
    Diagnostic::error("E012", format!("template `{template}` failed: {}", template_message(e)))
        .help("fix the template in themes/default/templates/, or delete your override to use the built-in one")
}

/// A template that does not parse: point at the line and column Tera's parser reports.
pub fn parse_error(name: &str, e: &tera::Error, sources: &[(String, String)]) -> Diagnostic {
    let d = Diagnostic::error(
        "E012",
        format!("template `{name}` does not parse: {}", template_message(e)),
    )
    .help("fix the template, or delete your override to use the built-in one");
    at_template(d, e, sources)
}

//! The only module that names the YAML crate: strict deserialisation with errors turned into
//! diagnostics that point at the offending line and say how to fix it.

use crate::diagnostics::{Diagnostic, Location};
use crate::load::SourceFile;
use serde::de::DeserializeOwned;

/// Parses `yaml`, which starts at byte `offset` of `file`'s text (front matter starts after `---`).
pub fn parse<T: DeserializeOwned>(file: &SourceFile, yaml: &str, offset: usize) -> Result<T, Diagnostic> {
    if yaml.trim().is_empty() {
        return Err(Diagnostic::error("E004", "empty YAML document")
            .at(Location::at_offset(&file.path, &file.text, offset, 1))
            .help("write the required fields; see docs/content-format.md"));
    }
    serde_yaml::from_str(yaml).map_err(|e| to_diagnostic(file, yaml, offset, &e))
}

fn to_diagnostic(file: &SourceFile, yaml: &str, offset: usize, err: &serde_yaml::Error) -> Diagnostic {
    let raw = err.to_string();
    // serde_yaml appends " at line L column C"; we print the location our own way.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    // Errors of the reader (a control character, a NUL) say their byte position in the message
    // and give 1:1 as their location.
    let (message, position) = match message.rsplit_once(" at position ") {
        Some((m, n)) if n.parse::<usize>().is_ok() => (m.to_string(), n.parse::<usize>().ok()),
        _ => (message, None),
    };
    let location = match (position, err.location()) {
        (Some(byte), _) => Location::at_offset(&file.path, &file.text, offset + byte.min(yaml.len()), 1),
        (None, Some(loc)) => {
            let byte = line_col_to_offset(yaml, loc.line(), loc.column());
            Location::at_offset(&file.path, &file.text, offset + byte, 1)
        }
        (None, None) => Location::at_offset(&file.path, &file.text, offset, 1),
    };
    // serde_yaml prefixes errors deep in a document with the field's path: `series[0].value: …`.
    let (path, message) = match message.split_once(": ") {
        Some((p, rest)) if !p.contains(' ') && !p.is_empty() => (Some(p.to_string()), rest.to_string()),
        _ => (None, message),
    };
    let (code, mut message, help) = classify(&message, &location.line_text);
    if let Some(p) = path {
        message = format!("{message} (in `{p}`)");
    }
    let mut d = Diagnostic::error(code, message).at(location);
    if let Some(h) = help {
        d = d.help(h);
    }
    d
}

fn classify(message: &str, line: &str) -> (&'static str, String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected ").unwrap_or((rest, "no fields"));
        return (
            "E003",
            format!("unknown field {field}"),
            Some(format!("expected {expected}; check the spelling or remove the field")),
        );
    }
    if message.starts_with("missing field ") {
        return (
            "E004",
            message.to_string(),
            Some("add the field; see docs/content-format.md for every kind's fields".into()),
        );
    }
    if message.starts_with("unknown variant") {
        return ("E005", message.to_string(), Some("use one of the listed values".into()));
    }
    let invalid = ["invalid type", "invalid value", "invalid length"];
    if invalid.iter().any(|p| message.starts_with(p)) && message.contains(", expected one of ") {
        return ("E005", message.to_string(), Some("use one of the listed values".into()));
    }
    if invalid.iter().any(|p| message.starts_with(p)) {
        return (
            "E005",
            message.to_string(),
            Some("quote ids and text (\"1.1\"), write numbers without units (0.74, not 0.74%)".into()),
        );
    }
    let help = if message.starts_with("control characters are not allowed") {
        "remove the invisible character at the caret (shown escaped), or write it as an escape in a double-quoted string"
    } else if line.contains('\t') {
        "YAML does not allow tabs for indentation: use spaces"
    } else if message.contains("mapping values are not allowed") {
        "a value containing `: ` must be quoted"
    } else {
        "fix the YAML syntax at the caret (check indentation and quotes)"
    };
    ("E002", format!("invalid YAML: {message}"), Some(help.into()))
}

/// serde_yaml reports 1-based lines and columns.
fn line_col_to_offset(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_bytes: usize = l.chars().take(col.saturating_sub(1)).map(char::len_utf8).sum();
            return offset + col_bytes;
        }
        offset += l.len();
    }
    text.len()
}

/// Serialises a value as YAML (used by `new` scaffolding).
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LevelMeta as DirectionMeta;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("content/directions/1.md"),
            text: text.to_string(),
        }
    }

    #[test]
    fn unknown_field_lists_expected() {
        let f = file("id: \"1\"\ntitle: x\ncolour: red\n");
        let e = parse::<DirectionMeta>(&f, &f.text, 0).unwrap_err();
        assert_eq!(e.code, "E003");
        assert_eq!(e.location.as_ref().unwrap().line, 3);
        assert!(e.help.unwrap().contains("`title`"));
    }

    #[test]
    fn raw_html_takes_a_mode_and_says_what_old_booleans_are_now() {
        use crate::model::{Config, RawHtml};
        let config = |raw: &str| file(&format!("title: t\ndescription: d\nraw_html: {raw}\n"));
        let f = config("escape");
        assert_eq!(parse::<Config>(&f, &f.text, 0).unwrap().raw_html, RawHtml::Escape);
        let f = file("title: t\ndescription: d\n");
        assert_eq!(parse::<Config>(&f, &f.text, 0).unwrap().raw_html, RawHtml::Sanitize);
        for (raw, says) in [
            ("false", "`false` is now written `escape`"),
            ("true", "`true` is now written `trust`"),
            (
                "sanitise",
                "unknown variant `sanitise`, expected one of `escape`, `sanitize`, `trust`",
            ),
            ("1", "expected one of `escape`, `sanitize`, `trust`"),
        ] {
            let f = config(raw);
            let e = parse::<Config>(&f, &f.text, 0).unwrap_err();
            assert_eq!(e.code, "E005", "{raw}");
            assert!(e.message.contains(says), "{raw}: {}", e.message);
            assert_eq!(e.help.as_deref(), Some("use one of the listed values"), "{raw}");
            assert_eq!(e.location.as_ref().unwrap().line, 3, "{raw}");
        }
    }

    #[test]
    fn missing_field_and_tabs() {
        let f = file("id: \"1\"\n");
        assert_eq!(parse::<DirectionMeta>(&f, &f.text, 0).unwrap_err().code, "E004");
        let f = file("id: \"1\"\n\ttitle: x\n");
        let e = parse::<DirectionMeta>(&f, &f.text, 0).unwrap_err();
        assert_eq!(e.code, "E002");
        assert!(e.help.unwrap().contains("tabs"));
    }
}

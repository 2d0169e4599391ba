//! Files of a tree: the flaws that break them, and the literal form of a tree (`>>> path` lines
//! between files), which the seeds use and regression inputs are kept in.

use super::write::q;
use super::*;
use blueprint::load::{self, SourceFile};
use std::path::PathBuf;

impl Flaw {
    pub(super) fn apply(&self, files: &mut Vec<SourceFile>) {
        let len = files.len();
        let nth = |n: &u8| usize::from(*n) % len.max(1);
        let at = |f: u8, text: &str| {
            let mut i = text.len() * usize::from(f) / 255;
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        if files.is_empty() {
            return;
        }
        match self {
            Flaw::Truncate(n, f) => {
                let t = &mut files[nth(n)].text;
                t.truncate(at(*f, t));
            }
            Flaw::Insert(n, f, s) => {
                let t = &mut files[nth(n)].text;
                t.insert_str(at(*f, t), s.get());
            }
            Flaw::UnknownField(n) => {
                let t = &mut files[nth(n)].text;
                *t = t.replacen("id:", "colour: red\nid:", 1);
            }
            Flaw::Tab(n, f) => {
                let t = &mut files[nth(n)].text;
                let i = at(*f, t);
                let line_start = t[..i].rfind('\n').map_or(0, |n| n + 1);
                t.insert(line_start, '\t');
            }
            Flaw::Crlf(n) => {
                let t = &mut files[nth(n)].text;
                *t = t.replace('\n', "\r\n");
            }
            Flaw::Id(n, bad) | Flaw::Parent(n, bad) => {
                let f = &mut files[nth(n)];
                let key = if matches!(self, Flaw::Id(..)) {
                    "id"
                } else {
                    parent_key(&f.path)
                };
                let own = f
                    .text
                    .lines()
                    .find_map(|l| l.strip_prefix("id: "))
                    .unwrap_or("\"x\"")
                    .to_string();
                let value = if bad.0 == "self" { own } else { q(bad.0) };
                f.text = replace_value(&f.text, key, &value);
            }
            Flaw::Duplicate(n) => {
                let f = &files[nth(n)];
                let copy = f.path.with_file_name(format!(
                    "copy.{}",
                    f.path.extension().unwrap_or_default().to_string_lossy()
                ));
                let text = f.text.clone();
                files.push(SourceFile { path: copy, text });
            }
            Flaw::Stray(path, text) => files.push(file(path.0, text.get().to_string())),
            Flaw::NoConfig => files.retain(|f| f.path != std::path::Path::new("content/config.yaml")),
        }
    }
}

fn parent_key(path: &std::path::Path) -> &'static str {
    if path.starts_with("content/recommendations") {
        "target"
    } else if path.starts_with("content/targets") {
        "strategy"
    } else {
        "where"
    }
}

/// Replaces the value of the first `key:` line.
fn replace_value(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}: ");
    let mut done = false;
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| match l.strip_prefix(&prefix) {
            Some(_) if !done => {
                done = true;
                format!("{prefix}{value}")
            }
            _ => l.to_string(),
        })
        .collect();
    lines.join("\n")
}

/// The marker that starts each file of a literal tree: `>>> content/config.yaml`.
pub const LITERAL: &str = ">>> ";

/// A tree written out as text: each file a `>>> path` line followed by its bytes; files under
/// `static/` are static files.
pub fn literal(data: &[u8]) -> Option<load::Tree> {
    let mut rest = data.strip_prefix(LITERAL.as_bytes())?;
    let sep = format!("\n{LITERAL}");
    let mut files = Vec::new();
    let mut statics = load::StaticFiles::new();
    for _ in 0..40 {
        let end = rest.windows(sep.len()).position(|w| w == sep.as_bytes());
        let chunk = &rest[..end.unwrap_or(rest.len())];
        let line_end = chunk.iter().position(|&b| b == b'\n').unwrap_or(chunk.len());
        let path = String::from_utf8_lossy(&chunk[..line_end]).into_owned();
        let body = chunk.get(line_end + 1..).unwrap_or_default();
        // read_tree only ever yields relative paths below the root, without `..`.
        let p = std::path::Path::new(&path);
        let normal = p.components().all(|c| matches!(c, std::path::Component::Normal(_)));
        if let (true, Ok(site_path)) = (normal, p.strip_prefix("static")) {
            statics.insert(site_path.to_string_lossy().into_owned(), body.to_vec());
        } else if normal && !path.is_empty() {
            files.push(file(&path, String::from_utf8_lossy(body).into_owned()));
        }
        match end {
            Some(i) => rest = &rest[i + sep.len()..],
            None => break,
        }
    }
    tidy(&mut files);
    Some(load::Tree { files, statics })
}

/// The literal form of a tree, which `literal` reads back.
pub fn to_literal(tree: &load::Tree) -> Vec<u8> {
    let mut out = Vec::new();
    let files = tree
        .files
        .iter()
        .map(|f| (f.path.display().to_string(), f.text.as_bytes()));
    let statics = tree.statics.iter().map(|(p, b)| (format!("static/{p}"), b.as_slice()));
    for (i, (path, bytes)) in files.chain(statics).enumerate() {
        out.extend(
            if i == 0 {
                LITERAL.to_string()
            } else {
                format!("\n{LITERAL}")
            }
            .as_bytes(),
        );
        out.extend(path.as_bytes());
        out.push(b'\n');
        out.extend(bytes);
    }
    out
}

pub(super) fn tidy(files: &mut Vec<SourceFile>) {
    // As read_tree: hidden files are skipped, paths are sorted and unique.
    files.retain(|f| !f.path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|b, a| a.path == b.path);
}

pub(super) fn file(path: &str, text: String) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        text,
    }
}

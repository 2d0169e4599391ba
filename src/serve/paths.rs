//! Request paths to keys of the in-memory site: percent-decoding, normalisation and refusal of
//! anything that tries to climb out of the site (`..`, encoded or not) or smuggle bytes a file
//! name should not hold. The server never opens a file by a request path, so this is the second
//! line of defence, not the only one; it still refuses loudly so a bad link shows up at once.

use std::fmt;

/// Why a request path was refused (answered with 400 Bad Request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    NotAbsolute,
    BadEscape,
    NotUtf8,
    ControlCharacter,
    Backslash,
    ParentSegment,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refused::NotAbsolute => "the path must start with `/`",
            Refused::BadEscape => "the path has a malformed %-escape",
            Refused::NotUtf8 => "the path is not UTF-8 once decoded",
            Refused::ControlCharacter => "the path contains a control character",
            Refused::Backslash => "the path contains a backslash",
            Refused::ParentSegment => "the path contains a `..` segment",
        })
    }
}

/// A request path, decoded and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    /// The path's segments joined by `/`, no leading slash: `strategies/3`.
    pub key: String,
    /// Whether the request named a folder (trailing slash or the site root).
    pub folder: bool,
}

impl SitePath {
    /// The output-map key to look up first: a folder's `index.html`, or the file itself.
    pub fn lookup(&self) -> String {
        match (self.folder, self.key.is_empty()) {
            (true, true) => "index.html".to_string(),
            (true, false) => format!("{}/index.html", self.key),
            (false, _) => self.key.clone(),
        }
    }

    /// The folder URL to redirect to when a page is asked for without its trailing slash, so
    /// relative links inside the page resolve as they will on the published site.
    pub fn folder_url(&self) -> String {
        format!("/{}/", encode(&self.key))
    }
}

/// Decodes the path part of a request target (`/a/b%20c/?q=1`: the query is dropped).
pub fn parse(target: &str) -> Result<SitePath, Refused> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Refused::NotAbsolute);
    }
    let decoded = String::from_utf8(percent_decode(path)?).map_err(|_| Refused::NotUtf8)?;
    if decoded.chars().any(char::is_control) {
        return Err(Refused::ControlCharacter);
    }
    if decoded.contains('\\') {
        // Never a separator here, but one on Windows: refuse rather than guess.
        return Err(Refused::Backslash);
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Refused::ParentSegment),
            s => segments.push(s),
        }
    }
    let folder = segments.is_empty() || decoded.ends_with('/') || decoded.ends_with("/.");
    Ok(SitePath {
        key: segments.join("/"),
        folder,
    })
}

fn percent_decode(path: &str) -> Result<Vec<u8>, Refused> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Refused::BadEscape)?;
            let hex = std::str::from_utf8(hex).map_err(|_| Refused::BadEscape)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| Refused::BadEscape)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

/// Percent-encodes everything but unreserved characters and `/`, for `Location` headers.
pub fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(target: &str) -> Result<String, Refused> {
        parse(target).map(|p| p.lookup())
    }

    #[test]
    fn folders_and_files() {
        assert_eq!(key("/").unwrap(), "index.html");
        assert_eq!(key("/strategies/3/").unwrap(), "strategies/3/index.html");
        assert_eq!(key("/strategies/3/?q=x#top").unwrap(), "strategies/3/index.html");
        assert_eq!(key("/assets/site.css").unwrap(), "assets/site.css");
        assert_eq!(key("//assets//./site.css").unwrap(), "assets/site.css");
        assert_eq!(key("/a%20b").unwrap(), "a b");
        assert!(!parse("/strategies/3").unwrap().folder);
        assert_eq!(parse("/strategies/3").unwrap().folder_url(), "/strategies/3/");
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/a/%2e%2e",
            "/..%2f..%2fetc",
            "/.%2E/x",
        ] {
            assert_eq!(key(bad), Err(Refused::ParentSegment), "{bad}");
        }
        assert_eq!(key("/..%5c..%5cetc"), Err(Refused::Backslash));
        assert_eq!(key("/a\\..\\b"), Err(Refused::Backslash));
        // Double encoding decodes once, to a harmless literal name that is not in the site.
        assert_eq!(key("/%252e%252e/x").unwrap(), "%2e%2e/x");
    }

    #[test]
    fn refuses_malformed_paths() {
        assert_eq!(key("strategies/"), Err(Refused::NotAbsolute));
        assert_eq!(key("http://evil/"), Err(Refused::NotAbsolute));
        assert_eq!(key("/%zz"), Err(Refused::BadEscape));
        assert_eq!(key("/abc%2"), Err(Refused::BadEscape));
        assert_eq!(key("/%ff%fe"), Err(Refused::NotUtf8));
        assert_eq!(key("/a%00b"), Err(Refused::ControlCharacter));
        assert_eq!(key("/a%0d%0aSet-Cookie:x"), Err(Refused::ControlCharacter));
    }

    #[test]
    fn encodes_for_headers() {
        assert_eq!(encode("a b/ü"), "a%20b/%C3%BC");
        assert_eq!(encode("strategies/3.1"), "strategies/3.1");
    }
}

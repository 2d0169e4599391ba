//! The URL scheme: where every item and page lives, under the site's base path. Every link the
//! site prints comes from here, so a sub-path `base_url` holds everywhere by construction.

use crate::model::{ItemRef, Kind};

#[derive(Debug, Clone)]
pub struct Urls {
    /// Absolute base URL with a trailing slash, e.g. `https://example.org/hk-blueprint/`.
    pub base_url: String,
    /// Its path part with leading and trailing slash, e.g. `/hk-blueprint/`.
    pub prefix: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let mut base = base_url.trim().to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        let path = match base.find("://") {
            Some(i) => base[i + 3..].find('/').map_or("/", |j| &base[i + 3 + j..]),
            None => base.as_str(),
        };
        let mut prefix = path.to_string();
        if !prefix.starts_with('/') {
            prefix.insert(0, '/');
        }
        Urls { base_url: base, prefix }
    }

    /// The output path of an item's page, relative to the output folder: `strategies/3/`.
    pub fn item_path(r: &ItemRef) -> String {
        format!("{}/{}/", r.kind.folder(), r.id)
    }

    /// A root-relative link to an item's page.
    pub fn item(&self, r: &ItemRef) -> String {
        format!("{}{}", self.prefix, Urls::item_path(r))
    }

    /// A root-relative link to any output path (`references/`, `assets/site.css`).
    pub fn page(&self, path: &str) -> String {
        format!("{}{}", self.prefix, path)
    }

    /// The absolute URL of an output path, for canonical links and the sitemap.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub fn kind_index(&self, kind: Kind) -> String {
        self.page(&format!("{}/", kind.folder()))
    }

    pub fn reference(&self, number: u32) -> String {
        self.page(&format!("references/#ref-{number}"))
    }
}

/// What a base URL may be, for the help of every error about one.
pub const BASE_URL_HELP: &str =
    "write the address the site is published at, `https://example.org/hk-blueprint/`, or a path from the server's root such as `/` or `/hk-blueprint/`";

/// Why `base` cannot be the site's base URL, if it cannot. It is printed into every page's
/// links, canonical link, `og:url`, the sitemap, robots.txt and the JSON downloads, so only two
/// shapes are taken: an absolute `http(s)://host/…` URL, or a path from the site's root (`/`,
/// `/hk-blueprint/`); never a script URL, a host-relative `//host/`, or a bare `host/path`.
pub fn check_base_url(base: &str) -> Result<(), String> {
    let path = if base.is_empty() {
        return Err("it is empty".into());
    } else if let Some(rest) = strip_http(base) {
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if !is_host(host) {
            return Err(format!("`{host}` is not a host name (with an optional :port)"));
        }
        path
    } else if base.starts_with("//") {
        return Err("it starts with `//`, which names another site's host without saying http or https".into());
    } else if base.starts_with('/') {
        base
    } else {
        return Err("it is neither an http(s):// address nor a path starting with `/`".into());
    };
    match path.chars().find(|c| !is_path_char(*c)) {
        Some(c) => Err(format!(
            "it contains {}, which a URL path cannot hold as it is",
            describe(c)
        )),
        None => Ok(()),
    }
}

fn strip_http(base: &str) -> Option<&str> {
    let (scheme, rest) = base.split_once("://")?;
    ["http", "https"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
        .then_some(rest)
}

/// A DNS name or IPv4 address, or an IPv6 address in brackets, then an optional `:port`.
fn is_host(host: &str) -> bool {
    // The port follows the last `:` outside brackets.
    let (name, port) = match host.rfind(':') {
        Some(i) if !host[..i].contains('[') || host[..i].ends_with(']') => (&host[..i], Some(&host[i + 1..])),
        _ => (host, None),
    };
    let port_ok = port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let name_ok = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => !v6.is_empty() && v6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.'),
        None => {
            !name.is_empty()
                && !name.starts_with(['.', '-'])
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        }
    };
    name_ok && port_ok
}

/// A character as an error message names it: the invisible ones escaped.
fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_whitespace() || c.is_control() => format!("`{}`", c.escape_default()),
        c => format!("`{c}`"),
    }
}

/// RFC 3986's path characters (unreserved, sub-delims, `:`, `@`) and `%` of an escape: nothing
/// that ends an attribute, a line or an XML element.
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c)
}

/// `url` with every byte outside RFC 3986's URL characters percent-encoded: for the plain-text
/// and XML files (robots.txt, sitemap.xml), where an id or path with a space or a non-ASCII
/// letter must still read as one URL.
pub fn encode_unsafe(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_http_or_a_root_path() {
        for ok in [
            "/",
            "/hk-blueprint/",
            "https://example.org",
            "https://example.org/hk-blueprint/",
            "http://127.0.0.1:8080/x/",
            "HTTPS://Example.org/",
            "http://[::1]:1111/",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "javascript:alert(1)//",
            "http://a\"><script>",
            "//evil.example/",
            "example.org/sub",
            "https:///x",
            "https://a b/",
            "https://example.org/a b/",
            "/a\nDisallow: /",
            "ftp://example.org/",
            "https://example.org:80x/",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn unsafe_characters_are_percent_encoded() {
        assert_eq!(
            encode_unsafe("https://x.org/a b/é\"<"),
            "https://x.org/a%20b/%C3%A9%22%3C"
        );
        assert_eq!(encode_unsafe("https://x.org/a-b/?q=1#f"), "https://x.org/a-b/?q=1#f");
    }

    #[test]
    fn sub_path_prefix() {
        let u = Urls::new("https://example.org/hk-blueprint");
        assert_eq!(u.prefix, "/hk-blueprint/");
        assert_eq!(
            u.item(&ItemRef::new(crate::fixtures::plan().kind("target").unwrap(), "3.1")),
            "/hk-blueprint/targets/3.1/"
        );
        assert_eq!(u.absolute("a/"), "https://example.org/hk-blueprint/a/");
        assert_eq!(Urls::new("/").prefix, "/");
        assert_eq!(Urls::new("https://example.org").prefix, "/");
    }
}

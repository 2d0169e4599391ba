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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_path_prefix() {
        let u = Urls::new("https://example.org/hk-blueprint");
        assert_eq!(u.prefix, "/hk-blueprint/");
        assert_eq!(u.item(&ItemRef::new(Kind::Target, "3.1")), "/hk-blueprint/targets/3.1/");
        assert_eq!(u.absolute("a/"), "https://example.org/hk-blueprint/a/");
        assert_eq!(Urls::new("/").prefix, "/");
        assert_eq!(Urls::new("https://example.org").prefix, "/");
    }
}

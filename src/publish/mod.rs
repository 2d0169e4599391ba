//! Publishing: what the site offers others to reuse beyond its pages — `datapackage.json` (a
//! Frictionless Data Package over every CSV it publishes), schema.org JSON-LD, a standalone SVG of
//! each indicator's chart, a citation for each item page and the whole plan on one printable page.
//! Every word these add about the site comes from the config (`publishing:`), so another plan's
//! site carries none of the Blueprint's.

pub mod chart;
pub mod cite;
pub mod datapackage;
pub mod jsonld;
pub mod og;
pub mod print;

use crate::resolve::Site;
use crate::Output;
use serde::{Deserialize, Serialize};

/// `publishing:` in config.yaml: what the site says about reusing it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publishing {
    /// The licence or terms of reuse, as a statement (`datapackage.json` and the JSON-LD carry it).
    #[serde(default)]
    pub licence: Option<String>,
    /// Where the licence or terms can be read: an http or https address. Not set: the statement
    /// goes out without one.
    #[serde(default)]
    pub licence_url: Option<String>,
    /// Who wrote the plan (schema.org `creator`, a citation's author); `publisher` when not set.
    #[serde(default)]
    pub creator: Option<String>,
    /// Who publishes this site and its data (schema.org `publisher`); not named when not set.
    #[serde(default)]
    pub data_publisher: Option<String>,
    /// Render each indicator's chart to a PNG social card (`og:image`) at build time. Off by
    /// default: it uses the machine's fonts and adds build time.
    #[serde(default)]
    pub og_image: bool,
    /// Build `print/`, the whole plan on one page for printing: `true` always, `false` never.
    /// Not set: when the plan has at most 5 000 items; a larger one makes a page no browser can
    /// print (110 MB at 100 000 items) and needs most of a build's memory.
    #[serde(default)]
    pub print: Option<bool>,
}

impl Publishing {
    /// Up to how many items `print/` is built when `print` is not set.
    pub const PRINT_LIMIT: usize = 5_000;

    /// Whether a plan of `items` items gets `print/`.
    pub fn prints(&self, items: usize) -> bool {
        self.print.unwrap_or(items <= Self::PRINT_LIMIT)
    }

    /// Who wrote the plan: `publishing.creator`, else the config's `publisher`.
    pub fn creator<'a>(&'a self, site: &'a Site) -> Option<&'a str> {
        self.creator.as_deref().or(site.config().publisher.as_deref())
    }
}

/// The files beside the pages, group by group (a build holds one group at a time): the data
/// package, the charts to take away, the social cards.
pub const FILES: [fn(&Site, &mut Output); 3] = [data_package, chart::files, og::files];

/// A JSON array whose elements are made one at a time while it is written.
pub struct Stream<F>(pub F);

impl<F, I> Serialize for Stream<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

fn data_package(site: &Site, out: &mut Output) {
    out.insert("datapackage.json".into(), datapackage::json(site));
}

#[cfg(test)]
mod tests {
    use super::Publishing;

    #[test]
    fn print_is_built_up_to_the_limit_unless_the_config_says() {
        let auto = Publishing::default();
        assert!(auto.prints(Publishing::PRINT_LIMIT));
        assert!(!auto.prints(Publishing::PRINT_LIMIT + 1));
        let always = Publishing {
            print: Some(true),
            ..Publishing::default()
        };
        assert!(always.prints(100_000));
        let never = Publishing {
            print: Some(false),
            ..Publishing::default()
        };
        assert!(!never.prints(1));
    }
}

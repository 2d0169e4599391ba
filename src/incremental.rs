//! Rebuilding after a save without the whole pipeline, for `serve`. When a save changes only
//! the Markdown body of one item, and the body still links to, names, cites and anchors the
//! same things (its [`Reach`]), no page but the item's own can differ: its page is rendered
//! alone, in each language that shows that text. Anything else (front matter, a new or deleted
//! file, config, theme, a quote of the item no longer found in it, a file with warnings) is
//! built whole. What is built from every page's text — the search index, the whole plan on one page — is left to
//! [`Kept::search_files`] and [`Kept::whole_plan`], which the caller runs after the reload.
//! The suite checks the result byte for byte against a clean build after random edits.

use crate::diagnostics::Diagnostics;
use crate::markdown::Rendered;
use crate::model::ItemRef;
use crate::resolve::Reach;
use crate::timings::timed;
use crate::urls::Urls;
use crate::{load, render, search, BuildOptions, Built, Output, Resolved};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// An edit of one body: the file, its new text, the item, and its new body in each language
/// (by number) that shows it.
type BodyEdit = (PathBuf, String, ItemRef, Vec<(usize, Rendered)>);

/// A built site kept between saves, with what deciding on the next one needs.
pub struct Kept {
    opts: BuildOptions,
    /// Every Markdown content file as last built, by path (`content/…`).
    texts: BTreeMap<PathBuf, String>,
    /// The files the last whole build warned about: a save of one is built whole, so its
    /// warnings are found again.
    warned: BTreeSet<PathBuf>,
    resolved: Resolved,
}

impl Kept {
    /// Builds the whole site in memory, as `build_in_memory` does, and keeps it.
    pub fn build(opts: &BuildOptions) -> Result<(Built, Kept), Diagnostics> {
        let tree = timed("read", || load::read_tree(&opts.root))?;
        let texts = tree
            .files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "md"))
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect();
        let (resolved, warnings) = Resolved::new(tree, opts)?;
        let output = resolved.render(opts.search)?;
        let warned = warnings
            .iter()
            .filter_map(|d| d.location.as_ref().map(|l| l.file.clone()))
            .collect();
        let kept = Kept {
            opts: opts.clone(),
            texts,
            warned,
            resolved,
        };
        Ok((Built { output, warnings }, kept))
    }

    /// The pages a save of `changed` (paths from the root) changes, rendered, if it changed
    /// only one item's body and nothing another page shows; `None` if the site must be built
    /// whole. Reads the saved file itself.
    pub fn edit(&mut self, changed: &[PathBuf]) -> Option<Output> {
        let bodies = timed("edit.check", || self.check(changed))?;
        let (path, new, r, bodies) = bodies;
        let langs: BTreeSet<usize> = bodies.iter().map(|(lang, _)| *lang).collect();
        let sites = &mut self.resolved.sites;
        for (lang, body) in bodies {
            sites[lang].replace_body(&r, body);
        }
        self.texts.insert(path, new);
        let page = Urls::item_path(&r);
        let resolved = &self.resolved;
        timed("edit.render", || {
            render::only(
                &resolved.sites,
                resolved.strings.clone(),
                &resolved.theme,
                |lang, path| langs.contains(&lang) && path == page,
            )
        })
        .ok()
    }

    /// The edit a save of `changed` is, if it is one body's that reaches no other page.
    fn check(&self, changed: &[PathBuf]) -> Option<BodyEdit> {
        let [path] = changed else { return None };
        let old = self.texts.get(path)?;
        if self.warned.contains(path) {
            return None;
        }
        let new = std::fs::read_to_string(self.opts.root.join(path)).ok()?;
        let (old_start, new_start) = (load::body_start(old)?, load::body_start(&new)?);
        if old[..old_start] != new[..new_start] {
            return None;
        }
        let sites = &self.resolved.sites;
        let main = &sites[0];
        let r = main.heads().find(|h| h.source.path == *path)?.r.clone();
        let language = main.config().language.as_str();
        let mut bodies = Vec::new();
        for (lang, site) in sites.iter().enumerate() {
            if site.language_of(&r)? != language {
                continue;
            }
            let before = site.render_body(&r, &old[old_start..])?;
            let after = site.render_body(&r, &new[new_start..])?;
            let reach = Reach::of(&after);
            if reach.is_flagged() || reach != Reach::of(&before) || !site.quotes_stand(&r, &after.text) {
                return None;
            }
            bodies.push((lang, after));
        }
        Some((path.clone(), new, r, bodies))
    }

    /// The whole plan on one page, as it stands.
    pub fn whole_plan(&self) -> Result<Output, Diagnostics> {
        let r = &self.resolved;
        render::only(&r.sites, r.strings.clone(), &r.theme, |lang, path| {
            lang == 0 && path == render::PRINT
        })
    }

    /// Whether `path` is a file of a language's search index.
    pub fn is_search_file(&self, path: &str) -> bool {
        self.resolved.folders().iter().any(|f| {
            path.strip_prefix(f.as_str())
                .is_some_and(|p| p.starts_with(search::BUNDLE_DIR))
        })
    }

    /// Each language's search index over `files` (output path → contents: the whole site),
    /// at its place in the output.
    pub fn search_files<'a>(
        &self,
        files: impl Iterator<Item = (&'a String, &'a [u8])> + Clone,
    ) -> Result<Output, Diagnostics> {
        let folders = self.resolved.folders();
        let mut out = Output::new();
        for folder in &folders {
            // The main language's pages are those in no other language's folder.
            let mine = |path: &String| match folder.as_str() {
                "" => !folders.iter().any(|f| !f.is_empty() && path.starts_with(f.as_str())),
                f => path.starts_with(f),
            };
            // Within its folder, as a build hands each language's pages to its index.
            let pages: Vec<(String, &[u8])> = files
                .clone()
                .filter(|(path, _)| mine(path))
                .map(|(path, bytes)| (path[folder.len()..].to_string(), bytes))
                .collect();
            let mut collector = search::Collector::default();
            collector.add_files(pages.iter().map(|(path, bytes)| (path, *bytes)));
            for (name, bytes) in collector.files().map_err(Diagnostics::from)? {
                out.insert(format!("{folder}{name}"), bytes);
            }
        }
        Ok(out)
    }
}

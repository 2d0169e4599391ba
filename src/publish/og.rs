//! Social cards: with `publishing.og_image: true`, each indicator's standalone chart (see
//! `chart`) is also rasterised to `charts/<id>.png`, 1200 px wide, by resvg (pure Rust, no
//! browser), and its page names it as `og:image`. Off by default: it needs the machine's fonts
//! for the chart's text and costs build time (docs/open-data.md has the figures).

use crate::model::Indicator;
use crate::resolve::Site;
use crate::Output;
use rayon::prelude::*;
use resvg::{tiny_skia, usvg};

const WIDTH: u32 = 1200;

/// Where an indicator's card is, relative to the site's root.
pub fn path(id: &str) -> String {
    format!("charts/{id}.png")
}

pub fn files(site: &Site, out: &mut Output) {
    if !site.config().publishing.og_image {
        return;
    }
    let options = options();
    let inds: Vec<&Indicator> = site.indicators().collect();
    let cards: Vec<(String, Vec<u8>)> = inds
        .par_iter()
        .filter_map(|ind| Some((path(&ind.id), png(&super::chart::standalone(site, ind), &options)?)))
        .collect();
    out.extend(cards);
}

/// The machine's fonts, with the generic families pointed at fonts it has (the charts ask for
/// system-ui and end with sans-serif).
fn options() -> usvg::Options<'static> {
    let mut options = usvg::Options::default();
    let db = options.fontdb_mut();
    db.load_system_fonts();
    let installed: Vec<String> = db
        .faces()
        .flat_map(|f| f.families.iter().map(|(name, _)| name.clone()))
        .collect();
    if let Some(sans) = ["Liberation Sans", "DejaVu Sans", "Noto Sans", "Arial", "Helvetica"]
        .into_iter()
        .find(|f| installed.iter().any(|i| i == f))
    {
        db.set_sans_serif_family(sans);
    }
    options
}

fn png(svg: &str, options: &usvg::Options) -> Option<Vec<u8>> {
    let tree = usvg::Tree::from_str(svg, options).ok()?;
    let size = tree.size();
    let scale = WIDTH as f32 / size.width();
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, height)?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().ok()
}

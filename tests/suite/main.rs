//! The integration suite, one binary (like mdBook's): small fixture sites under
//! `tests/fixtures/`, snapshot tests of pages' `<main>` and of diagnostics, and proofs about the
//! bundled Blueprint. Refresh snapshots with `INSTA_UPDATE=always cargo test --test suite`.

mod blueprint;
mod charts;
mod cli;
mod diagnostics;
mod evidence;
mod fuzz;
mod harness;
mod incremental;
mod languages;
mod pages;
mod plans;
mod publish;
mod raw_html;
mod statics;
mod zh_english;

//! One content file of any kind from arbitrary bytes: front matter, YAML models, Markdown.
#![no_main]

#[path = "../harness/mod.rs"]
#[allow(dead_code)] // each target uses part of the harness
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::markdown(data));

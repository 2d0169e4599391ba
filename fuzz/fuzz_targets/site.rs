//! A small generated content tree through parse → resolve → render.
#![no_main]

#[path = "../harness/mod.rs"]
#[allow(dead_code)] // each target uses part of the harness
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::site(data));

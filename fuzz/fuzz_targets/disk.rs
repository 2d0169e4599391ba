//! A small tree written to a temporary folder with symbolic links in and out of the project,
//! built from disk: read → parse → resolve → render.
#![no_main]

#[path = "../harness/mod.rs"]
#[allow(dead_code)] // each target uses part of the harness
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::disk::disk(data));

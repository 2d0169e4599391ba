//! The fuzz targets' inputs replayed on every `cargo test` through the targets' own harness
//! (fuzz/harness/, included here): each input a target ever failed on, kept in
//! `tests/fixtures/fuzz-regressions/<target>/`, and the seed corpora in `fuzz/seeds/<target>/`.
//! A fixed crash stays fixed without running the fuzzer (scripts/fuzz.sh, too slow for CI).

#[path = "../../fuzz/harness/mod.rs"]
mod targets;

use crate::harness::{fixtures, repo};
use std::path::Path;

/// Feeds every file of `dir` to the target `name`; returns how many there were.
fn replay(dir: &Path, name: &str, target: fn(&[u8])) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in &paths {
        let data = std::fs::read(path).unwrap();
        // Named on failure: the panic message alone would not say which input it was.
        let outcome = std::panic::catch_unwind(|| target(&data));
        assert!(
            outcome.is_ok(),
            "fuzz input {} fails (replay: cd fuzz && cargo fuzz run {name} {0})",
            path.display()
        );
    }
    paths.len()
}

fn replay_target(name: &str, target: fn(&[u8])) {
    let seeds = replay(&repo().join("fuzz").join("seeds").join(name), name, target);
    assert!(seeds > 0, "no seeds for the {name} fuzz target");
    replay(&fixtures().join("fuzz-regressions").join(name), name, target);
}

#[test]
fn markdown_target_inputs() {
    replay_target("markdown", targets::markdown);
}

#[test]
fn site_target_inputs() {
    replay_target("site", targets::site);
    // The harness reaches rendering: the minimal fixture builds through it.
    let minimal = std::fs::read(repo().join("fuzz/seeds/site/minimal")).unwrap();
    assert!(
        targets::site_files(targets::tree_of(&minimal).unwrap()),
        "the minimal seed does not build"
    );
}

#[cfg(unix)]
#[test]
fn disk_target_inputs() {
    replay_target("disk", targets::disk::disk);
}

/// Writes the tree a `site` input stands for next to it as `<input>.tree`, in the literal form
/// (`>>> path` lines) that reads as files and stays the same tree whatever becomes of the
/// generator; that is the form to keep in tests/fixtures/fuzz-regressions/site/:
/// `BLUEPRINT_FUZZ_INPUT=fuzz/artifacts/site/crash-… cargo test --test suite show_fuzz_input -- --ignored`
/// With `BLUEPRINT_FUZZ_TARGET=disk`, the input's header of links is kept in front of the tree.
#[test]
#[ignore]
fn show_fuzz_input() {
    let path = std::env::var("BLUEPRINT_FUZZ_INPUT").expect("BLUEPRINT_FUZZ_INPUT=path of a site input");
    let data = std::fs::read(&path).unwrap();
    let (header, rest) = match std::env::var("BLUEPRINT_FUZZ_TARGET").as_deref() {
        Ok("disk") => targets::disk::split_header(&data).expect("no header of links"),
        _ => (&[][..], &data[..]),
    };
    let tree = targets::tree_of(rest).expect("the bytes make no tree");
    let literal = [header, &targets::tree::to_literal(&tree)].concat();
    std::fs::write(format!("{path}.tree"), literal).unwrap();
}

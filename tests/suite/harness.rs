//! Fixture handling: copy a fixture (plus an overlay) to a temp folder, build it, pick pages apart.

use blueprint::{build_in_memory, BuildOptions, Built};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const AS_OF: (i32, u32) = (2024, 1);

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temp copy of `tests/fixtures/minimal` with an invalid case's files laid over it; a case's
/// `remove` file lists paths to delete.
pub fn site_with_overlay(case: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("minimal"), dir.path());
    if let Some(case) = case {
        for entry in walkdir::WalkDir::new(case).sort_by_file_name() {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(case).unwrap();
            if entry.file_type().is_dir() {
                fs::create_dir_all(dir.path().join(rel)).unwrap();
            } else if rel == Path::new("remove") {
                for line in fs::read_to_string(entry.path()).unwrap().lines() {
                    let p = dir.path().join(line.trim());
                    let _ = fs::remove_dir_all(&p);
                    let _ = fs::remove_file(&p);
                }
            } else {
                fs::copy(entry.path(), dir.path().join(rel)).unwrap();
            }
        }
    }
    dir
}

pub fn build(root: &Path, base_url: Option<&str>) -> Built {
    match build_in_memory(&BuildOptions {
        root: root.to_path_buf(),
        base_url: base_url.map(str::to_string),
        as_of: AS_OF,
        search: true,
    }) {
        Ok(b) => b,
        Err(d) => panic!("build failed:\n{}", d.render()),
    }
}

pub fn page<'a>(built: &'a Built, path: &str) -> &'a str {
    let bytes = built.output.get(path).unwrap_or_else(|| panic!("no page {path}"));
    std::str::from_utf8(bytes).unwrap()
}

/// The `<main>` element of a page, as mdBook's tests compare only the part that matters.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

/// Runs the real binary; returns (exit code, stderr).
pub fn run(args: &[&str], cwd: &Path) -> (i32, String) {
    exit_and_stderr(Command::new(env!("CARGO_BIN_EXE_blueprint")), args, cwd)
}

fn exit_and_stderr(mut command: Command, args: &[&str], cwd: &Path) -> (i32, String) {
    let out = command
        .args(args)
        .current_dir(cwd)
        // 2024-01-15: "now" is fixed so reports do not change with the calendar.
        .env("SOURCE_DATE_EPOCH", "1705276800")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the real binary as user and group 65534 (`nobody`), through util-linux's `setpriv`:
/// root reads and writes files whatever their mode, so permission errors need another user.
/// `cwd` and everything the run touches must be open to that user.
#[cfg(unix)]
pub fn run_as_nobody(args: &[&str], cwd: &Path) -> (i32, String) {
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("running as root, this test needs `setpriv` (Debian package util-linux) to run blueprint as an unprivileged user: install it");
    // The binary may sit under a folder only root can enter (a checkout in /root): then `nobody`
    // runs a copy.
    let mut bin = PathBuf::from(env!("CARGO_BIN_EXE_blueprint"));
    let copy = tempfile::tempdir().unwrap();
    if !open_to_others(&bin) {
        let to = copy.path().join("blueprint");
        fs::copy(&bin, &to).unwrap();
        open_up(copy.path(), 0o755);
        bin = to;
    }
    let mut command = Command::new(setpriv);
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&bin);
    exit_and_stderr(command, args, cwd)
}

/// Whether any user can run `path`: it and every folder above it are executable by others.
#[cfg(unix)]
fn open_to_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.ancestors()
        .all(|p| fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o001 != 0))
}

#[cfg(unix)]
pub fn open_up(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Visible text of an HTML fragment: tags dropped, common entities decoded, whitespace folded.
/// Superscript markers (reference numbers, note labels) are not words of the text and go.
pub fn text_of(html: &str) -> String {
    let mut html = html.to_string();
    while let Some(i) = html.find("<sup") {
        let end = html[i..].find("</sup>").map_or(html.len(), |j| i + j + 6);
        html.replace_range(i..end, "");
    }
    let inline = ["a", "strong", "em", "abbr", "span", "code", "mark", "b", "i", "cite"];
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
        let name: String = rest[i + 1..end]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !inline.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under `dir` with its bytes, by relative path.
pub fn files_under(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

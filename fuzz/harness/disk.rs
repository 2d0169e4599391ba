//! The `disk` target: a tree (as for `site`: literal or generated) written to a temporary
//! folder with symbolic links made among and around its files, then built from disk as `blueprint
//! build` reads it (`build_in_memory`: read → parse → resolve → render).
//!
//! Beside the project lies a folder `outside/` holding a secret, and the project has hidden
//! folders (`.git/`, `.ssh/`, in `content/` and `static/` too) holding it as well; the links go to
//! files and folders inside the project, to the secret outside, to each other, to nothing, to
//! themselves and to their own folders. Beyond `site`'s invariants: the secret reaches no output
//! file and no diagnostic; every link that leaves the project from where the walk reads is an
//! error (E026) naming the link; a dangling or looping link there is an error naming it too; a
//! theme file linked from outside fails the build; no output path has a hidden part but
//! `.well-known/`, which is published.
//!
//! An input is a header, then a `site` input: the first byte's low three bits are how many links
//! follow (two bytes each: where, `AT`; what to, `Target::of`), bit 3 builds the project through
//! a link to its folder.

use super::{check_build, source_of, tree_of};
use blueprint::diagnostics::Diagnostics;
use blueprint::load::SourceFile;
use blueprint::{build_in_memory, BuildOptions, Built};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// Where links are made, `{}` standing for the link's name: where the walk reads, in hidden places
/// it must never read, and over theme files.
const AT: &[&str] = &[
    "content/chapters/{}.md",
    "content/{}",
    "content/strategies/{}.md",
    "content/initiatives/{}.yaml",
    "static/{}",
    "static/images/{}.png",
    "static/.well-known/{}",
    "static/.{}",
    "static/.ssh/{}",
    "content/.git/{}.md",
    "themes/default/static/site.css",
    "themes/default/templates/item.html",
    "themes/default/templates",
    "static/files",
];

/// Folders inside the project a link may name.
const FOLDERS: &[&str] = &[
    "content/chapters",
    "content/strategies",
    "static/images",
    "content",
    "static",
];

/// What a link points at; the second byte of a link says which, and (bit 4) whether the link is
/// written as an absolute path rather than relative to its folder.
enum Target {
    /// A file or folder beside the project, holding the secret.
    Outside(&'static str),
    /// The `n`-th file of the tree.
    File(usize),
    Folder(&'static str),
    /// A path in the project where nothing is.
    Dangling,
    /// The link itself, or the folder it is in: loops.
    Itself,
    OwnFolder,
    /// The `n`-th link made: a chain.
    Link(usize),
    /// A hidden file or folder of the project, holding the secret.
    Hidden(&'static str),
}

impl Target {
    fn of(byte: u8) -> Target {
        let n = usize::from(byte >> 5);
        match byte & 0x0f {
            0 => Target::Outside("secret.txt"),
            1 => Target::Outside("secret.md"),
            2 => Target::Outside("dir"),
            3 | 4 => Target::File(n),
            5 => Target::Folder(FOLDERS[n % FOLDERS.len()]),
            6 => Target::Dangling,
            7 => Target::Itself,
            8 => Target::OwnFolder,
            9 => Target::Link(n),
            10 => Target::Hidden(".git/secret.md"),
            11 => Target::Hidden(".ssh"),
            12 => Target::Hidden("content/.git"),
            13 => Target::Folder("static/.well-known"),
            14 => Target::Hidden("static/.ssh/id_rsa"),
            _ => Target::Folder("."),
        }
    }
}

/// Unique to this process, and no input holds it (one that has `SECRET` is skipped): finding it
/// in a page or a diagnostic means a file was read that must never be.
fn secret() -> &'static str {
    static SECRET: OnceLock<String> = OnceLock::new();
    SECRET.get_or_init(|| {
        use std::hash::BuildHasher;
        let n = std::hash::RandomState::new().hash_one(std::process::id());
        format!("SECRET{n:016x}")
    })
}

/// A chapter whose every field is the secret: published, it would show.
fn secret_chapter() -> String {
    let s = secret();
    format!("---\nid: \"5\"\norder: 5\ntitle: \"{s}\"\nlists: []\n---\n{s}\n")
}

/// A tree with links, built from disk, every invariant checked.
pub fn disk(data: &[u8]) {
    let Some((header, rest)) = split_header(data) else {
        return;
    };
    if data.windows(6).any(|w| w == b"SECRET") {
        return;
    }
    let (head, links) = (header[0], &header[1..]);
    let Some(tree) = tree_of(rest) else {
        return;
    };
    let Some(scratch) = Scratch::new() else { return };
    let project = scratch.0.join("project");
    write_fixed(&scratch.0);
    // Content files only (others would be theme overrides); those read_tree reads are checked.
    let files: Vec<SourceFile> = tree
        .files
        .iter()
        .filter(|f| f.path.starts_with("content") && write(&project.join(&f.path), f.text.as_bytes()))
        .filter(|f| !skipped(&f.path))
        .map(source_of)
        .collect();
    let mut written: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    for (path, bytes) in &tree.statics {
        write(&project.join("static").join(path), bytes);
        written.push(Path::new("static").join(path));
    }
    let made = make_links(&scratch.0, links, &written);
    let root = if head & 8 != 0 {
        scratch.0.join("alias")
    } else {
        project.clone()
    };
    let opts = BuildOptions {
        root,
        base_url: None,
        as_of: (2024, 1),
        search: false,
    };
    let result = build_in_memory(&opts);
    check_secret(&result);
    check_links(&result, &project, &made);
    check_hidden_paths(&result);
    check_build(result, &files, &tree.statics);
}

/// An input's header (the count byte and the links) and the `site` input after it.
pub fn split_header(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let count = usize::from(data.first()? & 7);
    (data.len() > 2 * count).then(|| data.split_at(1 + 2 * count))
}

/// A temporary folder of this process, removed when dropped (also when a check panics, so
/// `cargo test` leaves nothing behind).
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Option<Scratch> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        // In memory where the system has a place for it: a run writes and removes some forty
        // files and folders.
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("blueprint-fuzz-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("project")).ok()?;
        // Canonical, so the links made here name the real paths the library compares with.
        Some(Scratch(dir.canonicalize().ok()?))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Links are removed, never followed.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes a file, making its folders; whether it could be (not where a literal tree has a file
/// as a folder).
fn write(path: &Path, bytes: &[u8]) -> bool {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(path, bytes).is_ok()
}

/// Whether the walk leaves a path out: a hidden part, or an editor's scratch file.
fn skipped(path: &Path) -> bool {
    let name = path.to_string_lossy();
    path.components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        || name.ends_with('~')
        || name.ends_with(".swp")
}

/// The secret outside the project and in its hidden places, `.well-known/`, and a link to the
/// project (for building through it).
fn write_fixed(scratch: &Path) {
    let s = secret().as_bytes();
    let chapter = secret_chapter();
    for (path, bytes) in [
        ("outside/secret.txt", s),
        ("outside/secret.md", chapter.as_bytes()),
        ("outside/dir/secret.md", chapter.as_bytes()),
        ("outside/dir/secret.png", s),
        ("project/.git/config", s),
        ("project/.git/secret.md", chapter.as_bytes()),
        ("project/.ssh/id_rsa", s),
        ("project/.ssh/secret.md", chapter.as_bytes()),
        ("project/content/.git/secret.md", chapter.as_bytes()),
        ("project/content/.secret.md", chapter.as_bytes()),
        ("project/static/.ssh/id_rsa", s),
        ("project/static/.env", s),
        (
            "project/static/.well-known/security.txt",
            b"Contact: mailto:security@example.org\n",
        ),
    ] {
        write(&scratch.join(path), bytes);
    }
    let _ = std::os::unix::fs::symlink("project", scratch.join("alias"));
}

/// The links the header asks for, each where nothing is yet and not under another link (which
/// would put it wherever that one leads); their paths from the project root.
fn make_links(scratch: &Path, spec: &[u8], files: &[PathBuf]) -> Vec<String> {
    let project = scratch.join("project");
    let mut made: Vec<String> = Vec::new();
    for (i, pair) in spec.chunks(2).enumerate() {
        let rel = AT[usize::from(pair[0]) % AT.len()].replace("{}", &format!("l{i}"));
        let link = project.join(&rel);
        if std::fs::symlink_metadata(&link).is_ok() || under_link(&project, &rel) {
            continue;
        }
        let target = match Target::of(pair[1]) {
            Target::Outside(name) => scratch.join("outside").join(name),
            Target::File(n) if !files.is_empty() => project.join(&files[n % files.len()]),
            Target::File(_) => project.join("content/config.yaml"),
            Target::Folder(f) => project.join(f),
            Target::Dangling => project.join("content/missing/nothing.md"),
            Target::Itself => link.clone(),
            Target::OwnFolder => link.parent().unwrap_or(&project).to_path_buf(),
            Target::Link(n) if !made.is_empty() => project.join(&made[n % made.len()]),
            Target::Link(_) => scratch.join("outside/dir"),
            Target::Hidden(h) => project.join(h),
        };
        let written = if pair[1] & 0x10 != 0 {
            target
        } else {
            relative(link.parent().unwrap_or(&project), &target)
        };
        let _ = std::fs::create_dir_all(link.parent().unwrap_or(&project));
        if std::os::unix::fs::symlink(&written, &link).is_err() {
            continue;
        }
        // A theme file that is a content file would be the site's own template, trusted to hold
        // scripts: only links to where nothing may be read are tried there.
        if rel.starts_with("themes/") && visible_inside(&project, &link) {
            let _ = std::fs::remove_file(&link);
            continue;
        }
        made.push(rel);
    }
    made
}

/// Whether `link` leads to a file or folder of the project outside its hidden parts.
fn visible_inside(project: &Path, link: &Path) -> bool {
    let (Ok(real), Ok(target)) = (project.canonicalize(), link.canonicalize()) else {
        return false;
    };
    target.strip_prefix(&real).is_ok_and(|t| {
        t.components()
            .all(|c| !c.as_os_str().to_string_lossy().starts_with('.'))
    })
}

/// Whether a folder on the way to `rel` is a link.
fn under_link(project: &Path, rel: &str) -> bool {
    let mut at = project.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    parts[..parts.len() - 1].iter().any(|p| {
        at.push(p);
        std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// `to` as a path from the folder `from` (both absolute, under the scratch folder).
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path: PathBuf = std::iter::repeat_n("..", from.len() - common).collect();
    path.extend(to[common..].iter().map(|c| c.as_os_str()));
    path
}

/// The secret reaches no output file and no diagnostic, whatever the outcome.
fn check_secret(result: &Result<Built, Diagnostics>) {
    let s = secret();
    let diags = match result {
        Ok(built) => {
            for (path, bytes) in &built.output {
                assert!(
                    !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
                    "`{path}` publishes a secret from outside the project or a hidden folder"
                );
            }
            &built.warnings
        }
        Err(diags) => diags,
    };
    let report = diags.clone().render();
    assert!(!report.contains(s), "a diagnostic shows a secret:\n{report}");
}

/// Where the walk reads a path from the project root: `content/` and `static/` but their hidden
/// parts (`static/.well-known/` is published), and theme files that override the embedded ones.
#[derive(PartialEq)]
enum Seen {
    Walked,
    Theme,
    Never,
}

fn seen(rel: &str) -> Seen {
    let parts: Vec<&str> = rel.split('/').collect();
    let hidden = |allowed: &[&str]| parts[1..].iter().any(|p| p.starts_with('.') && !allowed.contains(p));
    match parts[0] {
        "content" if !hidden(&[]) => Seen::Walked,
        "static" if !hidden(&[".well-known"]) => Seen::Walked,
        "themes" => {
            let theme_file = rel
                .strip_prefix("themes/default/")
                .is_some_and(|f| blueprint::theme::FILES.iter().any(|(p, _)| *p == f));
            if theme_file {
                Seen::Theme
            } else {
                Seen::Never
            }
        }
        _ => Seen::Never,
    }
}

/// Every link the walk meets that leaves the project is an error (E026) naming it, and one that
/// leads nowhere (dangling, a loop) an error naming it too; a theme file linked from outside
/// fails the build.
fn check_links(result: &Result<Built, Diagnostics>, project: &Path, made: &[String]) {
    let real = project.canonicalize().expect("the project folder");
    let shown: Vec<String> = match result {
        Ok(_) => Vec::new(),
        Err(diags) => diags.clone().sorted().iter().map(ToString::to_string).collect(),
    };
    for rel in made {
        let target = project.join(rel).canonicalize();
        let leaves = target.as_ref().is_ok_and(|t| !t.starts_with(&real));
        let named = |code: &str| {
            shown
                .iter()
                .any(|d| d.starts_with(&format!("error[{code}")) && d.contains(&format!("`{rel}`")))
        };
        match seen(rel) {
            Seen::Walked if leaves => assert!(
                named("E026"),
                "link `{rel}` out of the project not reported: {shown:#?}"
            ),
            Seen::Walked if target.is_err() => assert!(named(""), "broken link `{rel}` not reported: {shown:#?}"),
            Seen::Theme if leaves => assert!(result.is_err(), "theme file `{rel}` linked from outside was used"),
            _ => {}
        }
    }
}

/// No output path has a hidden part but `.well-known/`, and `.well-known/` is published.
fn check_hidden_paths(result: &Result<Built, Diagnostics>) {
    let Ok(built) = result else { return };
    for path in built.output.keys() {
        assert!(
            path.split('/').all(|p| !p.starts_with('.') || p == ".well-known"),
            "hidden output path `{path}`"
        );
    }
    assert!(
        built.output.contains_key(".well-known/security.txt"),
        ".well-known/ was not published"
    );
}

//! `blueprint serve`: the editors' preview. Builds the site in memory with the same pipeline as
//! `build` (kept between saves by `crate::incremental`), serves it from memory over HTTP (`http`,
//! on hyper), watches `content/`, `static/` and `themes/`, rebuilds on save — only the edited
//! page when the save changed nothing else — and tells open pages to reload
//! (Server-Sent Events). A failed rebuild keeps the last good site and shows the diagnostics over
//! every page, word for word as in the terminal, unless the files change again within a moment (a
//! save caught half-way). Owns its own state; borrows only the library's build.

mod http;
mod live;
mod paths;
mod watch;

use crate::diagnostics::{Diagnostics, Severity};
use crate::incremental::Kept;
use crate::Output;
use crate::{say, sayln, BuildOptions};
use hyper::body::Bytes;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long a failed build waits for a further change before its errors are shown: enough for the
/// rest of a save caught half-way to arrive through the debounce even from a slow writer (`cat >
/// file` spends milliseconds starting between truncating and writing, more on a busy machine);
/// short enough that a real mistake still shows at once.
const SETTLE: Duration = Duration::from_millis(100);

pub struct ServeOptions {
    /// Project folder holding `content/` (and optionally `themes/`).
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub as_of: (i32, u32),
}

/// The site as served: output path → contents, shared with every response without a copy.
type Served = BTreeMap<String, Bytes>;

fn served(output: Output) -> Served {
    output
        .into_iter()
        .map(|(path, bytes)| (path, Bytes::from(bytes)))
        .collect()
}

/// What the server shows: the last good site and, if the latest build failed, why.
struct Snapshot {
    /// Bumped whenever what a page shows changes; pages reload when theirs is stale.
    generation: u64,
    /// The last build that succeeded; `None` until one does.
    site: Option<Arc<Served>>,
    /// The latest build's diagnostics, rendered exactly as the terminal shows them, if it failed.
    error: Option<String>,
}

/// Shared between the rebuild thread and every connection.
struct State {
    current: Mutex<Arc<Snapshot>>,
    /// The current generation, watched by every open event stream (an async task each, so a
    /// channel they can await rather than a condition variable they would block a thread on).
    changed: tokio::sync::watch::Sender<u64>,
    /// Bound to a loopback address: answer only requests addressed to localhost.
    loopback_only: bool,
}

impl State {
    fn new(loopback_only: bool) -> State {
        State {
            current: Mutex::new(Arc::new(Snapshot {
                generation: 0,
                site: None,
                error: None,
            })),
            changed: tokio::sync::watch::Sender::new(0),
            loopback_only,
        }
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The files of the site being served that `keep` picks.
    fn files(&self, keep: impl Fn(&str) -> bool) -> Served {
        let current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let Some(site) = &current.site else {
            return Served::new();
        };
        site.iter()
            .filter(|(path, _)| keep(path))
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect()
    }

    /// Replaces the served site without telling open pages to reload, when only files no open
    /// page shows (the search index, the whole plan on one page) differ and no error is showing.
    fn replace_quietly(&self, output: Served) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.error.is_some() || current.site.as_deref() == Some(&output) {
            return;
        }
        *current = Arc::new(Snapshot {
            generation: current.generation,
            site: Some(Arc::new(output)),
            error: None,
        });
    }

    /// Puts `pages` in place of their old versions and tells open pages, unless none differs.
    /// Only the new pages are compared: the rest of the site is the same by construction.
    fn patch(&self, pages: Output) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let Some(site) = current.site.as_deref() else { return };
        if pages
            .iter()
            .all(|(path, bytes)| site.get(path).map(|b| &b[..]) == Some(bytes.as_slice()))
        {
            return;
        }
        let mut site = site.clone();
        site.extend(served(pages));
        let generation = current.generation + 1;
        *current = Arc::new(Snapshot {
            generation,
            site: Some(Arc::new(site)),
            error: None,
        });
        self.changed.send_replace(generation);
    }

    /// Records a build's outcome; open pages hear of it unless nothing visible changed.
    fn publish(&self, outcome: Result<Served, String>) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let (site, error) = match outcome {
            // An identical rebuild (a file touched, a save without changes) reloads nothing.
            Ok(output) if current.error.is_none() && current.site.as_deref() == Some(&output) => return,
            Ok(output) => (Some(Arc::new(output)), None),
            Err(error) if current.error.as_deref() == Some(error.as_str()) => return,
            Err(error) => (current.site.clone(), Some(error)),
        };
        let generation = current.generation + 1;
        *current = Arc::new(Snapshot {
            generation,
            site,
            error,
        });
        // `send_replace`, not `send`: the value must change even while no page is listening.
        self.changed.send_replace(generation);
    }
}

/// A running server. Dropping it does not stop it; the process ending does.
pub struct Server {
    addr: SocketAddr,
    accept: JoinHandle<()>,
}

impl Server {
    /// The address it listens on (with the real port when started with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Blocks for as long as the server runs.
    pub fn wait(self) {
        let _ = self.accept.join();
    }
}

/// Binds, builds once, then serves and watches on background threads.
pub fn start(opts: ServeOptions) -> io::Result<Server> {
    let root = std::path::absolute(&opts.root)?;
    let listener = TcpListener::bind((opts.bind, opts.port))?;
    let addr = listener.local_addr()?;
    let state = Arc::new(State::new(opts.bind.is_loopback()));
    let mut builder = Builder {
        opts: BuildOptions {
            root: root.clone(),
            // Links stay root-relative ("/strategies/3/") whatever config.yaml's base_url says.
            base_url: Some(format!("http://{addr}/")),
            as_of: opts.as_of,
            // Pages first; the index follows in the background (see `Builder::rebuild`).
            search: false,
        },
        last_warnings: String::new(),
        kept: None,
        background: rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "blueprint-refresh".into())
            .build()
            .map_err(io::Error::other)?,
    };
    if let Err(failure) = builder.rebuild(&state, &[]) {
        builder.report(&state, failure);
    }
    let mut watcher = watch::Watcher::start(&root).map_err(io::Error::other)?;
    let rebuild_state = Arc::clone(&state);
    thread::Builder::new().name("blueprint-rebuild".into()).spawn(move || {
        while let Some(mut changed) = watcher.next_change() {
            // A build can read a file in the middle of a save: truncated but not yet written, by
            // an editor that saves in place, while the build was running or while the writer
            // was slow. Its failure is not shown if the files changed again meanwhile or change
            // within a moment: the build that follows decides.
            while let Err(failure) = builder.rebuild(&rebuild_state, &changed) {
                match watcher.change_within(SETTLE) {
                    Some(more) => changed = more,
                    None => {
                        builder.report(&rebuild_state, failure);
                        break;
                    }
                }
            }
        }
    })?;
    let accept = http::spawn(listener, state, http::IDLE_TIMEOUT)?;
    Ok(Server { addr, accept })
}

/// Runs builds and reports them in the terminal.
struct Builder {
    opts: BuildOptions,
    /// Warnings are printed when they change, not on every save.
    last_warnings: String,
    /// The last good build, while the latest one succeeded: a save that changes one body only
    /// re-renders its page (`crate::incremental`).
    kept: Option<Kept>,
    /// Where what no open page waits for is rebuilt (`refresh`).
    background: rayon::ThreadPool,
}

/// A failed build's errors, rendered, and which change caused it, for the terminal.
struct Failure {
    text: String,
    what: String,
}

impl Builder {
    /// Builds and publishes a success; a failure is returned, not shown yet (see `start`).
    fn rebuild(&mut self, state: &State, changed: &[PathBuf]) -> Result<(), Failure> {
        let started = Instant::now();
        let what = match changed {
            [] => String::new(),
            [one] => format!(" ({} changed)", one.display()),
            [first, rest @ ..] => format!(" ({} and {} more changed)", first.display(), rest.len()),
        };
        if let Some(pages) = self.kept.as_mut().and_then(|kept| kept.edit(changed)) {
            let n = pages.len();
            crate::timings::timed("serve.patch", || state.patch(pages));
            let s = if n == 1 { "" } else { "s" };
            sayln!("rebuilt {n} page{s} in {} ms{what}", started.elapsed().as_millis());
            self.refresh(state);
            return Ok(());
        }
        self.kept = None;
        let (mut built, kept) = Kept::build(&self.opts).map_err(|diags| Failure {
            text: errors_only(diags),
            what: what.clone(),
        })?;
        // Until the fresh index is ready, the last one serves: search works at once, and a
        // save that changes nothing compares equal and reloads nothing.
        let stale = state.files(|path| kept.is_search_file(path));
        let warnings = built.warnings.render();
        if warnings != self.last_warnings {
            say!("{warnings}");
            self.last_warnings = warnings;
        }
        let pages = built.output.keys().filter(|k| k.ends_with(".html")).count();
        let verb = if changed.is_empty() { "built" } else { "rebuilt" };
        sayln!("{verb} {pages} pages in {} ms{what}", started.elapsed().as_millis());
        let mut site = served(std::mem::take(&mut built.output));
        site.extend(stale);
        state.publish(Ok(site));
        self.kept = Some(kept);
        self.refresh(state);
        Ok(())
    }

    /// Shows a failure in the terminal and over every page.
    fn report(&mut self, state: &State, failure: Failure) {
        say!("{}", failure.text);
        sayln!(
            "build failed{}: open pages show these errors until the file is fixed",
            failure.what
        );
        self.last_warnings.clear();
        state.publish(Err(failure.text));
    }
}

impl Builder {
    /// Brings what is built from every page up to date with the pages just published — each
    /// language's search index and the whole plan on one page — and swaps them in without
    /// reloading open pages: no page an editor is looking at shows them.
    fn refresh(&self, state: &State) {
        let Some(kept) = &self.kept else { return };
        // On one thread, so the other cores answer the reload's requests first.
        self.background.install(|| {
            let mut site = state.files(|path| !kept.is_search_file(path));
            match kept.whole_plan() {
                Ok(print) => site.extend(served(print)),
                Err(_) => sayln!("the whole plan on one page was not rebuilt"),
            }
            match kept.search_files(site.iter().map(|(path, bytes)| (path, &bytes[..]))) {
                Ok(files) => site.extend(served(files)),
                Err(d) => {
                    sayln!("search index not rebuilt: {}", d.render());
                    return;
                }
            }
            state.replace_quietly(site);
        });
    }
}

/// A failed build's errors, without its warnings: the editor is fixing one mistake and should not
/// have to find it among warnings that `check` lists anyway. The terminal and the overlay show
/// this same text.
fn errors_only(diags: Diagnostics) -> String {
    let all = diags.sorted();
    let errors: Vec<_> = all.iter().filter(|d| d.severity == Severity::Error).collect();
    let warnings = all.len() - errors.len();
    let mut text = String::new();
    for d in &errors {
        let _ = writeln!(text, "{d}");
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let _ = write!(text, "error: found {} error{}", errors.len(), plural(errors.len()));
    if warnings > 0 {
        let _ = write!(
            text,
            " (and {warnings} warning{}: `blueprint check` lists them)",
            plural(warnings)
        );
    }
    text.push('\n');
    text
}

//! `blueprint serve` end to end: the real binary on a free port over a temporary copy of the
//! minimal fixture. Request a page, edit a file (saved by rename, as editors do), see the change;
//! break a file, see the overlay with the terminal's diagnostic; fix it, see the page again;
//! delete and rename files; add and change static files; keep connections alive, answer new ones
//! however many sit idle; and never serve anything outside the site.

mod common;
use common::copy_dir;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: a debug build of the fixture takes well under a second, but CI machines are slow.
const PATIENCE: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    addr: String,
    /// Everything the server printed to the terminal so far.
    log: Arc<Mutex<String>>,
    _site: tempfile::TempDir,
    root: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let site = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal"),
        site.path(),
    );
    start_in(site)
}

/// Serves the project in `site`.
fn start_in(site: tempfile::TempDir) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_blueprint"))
        .args(["serve", "--port", "0", "--as-of", "2025-11", "--root"])
        .arg(site.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    let (stderr, sink) = (child.stderr.take().unwrap(), Arc::clone(&log));
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let mut log = sink.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
    let started = Instant::now();
    let addr = loop {
        let text = log.lock().unwrap().clone();
        if let Some(rest) = text.split("serving http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
        assert!(started.elapsed() < PATIENCE, "server did not start:\n{text}");
        std::thread::sleep(Duration::from_millis(20));
    };
    let root = site.path().to_path_buf();
    let server = Server {
        child,
        addr,
        log,
        _site: site,
        root,
    };
    // No --bind: the preview must not be reachable from the network. (Asserted once the server
    // is owned, so that a failure still stops it.)
    assert!(
        server.addr.starts_with("127.0.0.1:"),
        "serve binds to loopback by default, not {}",
        server.addr
    );
    server
}

impl Server {
    /// A raw GET, so the test sees exactly what the server sends: (status, body).
    fn get_with_host(&self, path: &str, host: &str) -> (u16, String) {
        let (status, _, body) = self.raw_get(path, host);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.get_with_host(path, &self.addr)
    }

    /// A raw GET for binary files: (status, content type, body bytes).
    fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let (status, head, body) = self.raw_get(path, &self.addr);
        let content_type = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or("")
            .to_string();
        (status, content_type, body)
    }

    /// One request on its own connection: (status, head, body).
    fn raw_get(&self, path: &str, host: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        // The server keeps connections open unless asked not to; the body then ends at EOF.
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head, raw[split + 4..].to_vec())
    }

    /// Polls `path` until `ok(status, body)` holds.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(u16, &str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if ok(status, &body) {
                return body;
            }
            let log = self.log.lock().unwrap().clone();
            assert!(
                started.elapsed() < PATIENCE,
                "timed out waiting for {what} at {path}; status {status}; log:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the terminal has shown `text` (it is printed just before pages show it).
    fn wait_for_log(&self, text: &str) {
        let started = Instant::now();
        while !self.log.lock().unwrap().contains(text) {
            assert!(started.elapsed() < PATIENCE, "the terminal never showed:\n{text}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn file(&self, rel: &str) -> std::path::PathBuf {
        self.root.join("content").join(rel)
    }

    /// Saves like most editors: write a temporary file, then rename it over the original.
    fn save_by_rename(&self, rel: &str, text: &str) {
        let path = self.file(rel);
        let tmp = path.with_extension("md.tmp~");
        fs::write(&tmp, text).unwrap();
        fs::rename(&tmp, &path).unwrap();
    }
}

/// The text between `<pre>` and `</pre>` of the overlay, unescaped.
fn overlay_text(page: &str) -> String {
    let start = page.find("<div id=\"blueprint-overlay\"").expect("overlay");
    let pre = &page[start..];
    let text = &pre[pre.find("<pre>").unwrap() + 5..pre.find("</pre>").unwrap()];
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `blueprint init` writes a plan that serves: home, a page of each of its levels and its chart.
#[test]
fn serves_the_init_starter() {
    let site = tempfile::tempdir().unwrap();
    let init = Command::new(env!("CARGO_BIN_EXE_blueprint"))
        .arg("init")
        .arg(site.path())
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let server = start_in(site);
    for path in [
        "/",
        "/goals/1/",
        "/actions/1.1/",
        "/indicators/1.1/",
        "/milestones/fibre-every-district/",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 200, "{path}: {body}");
        if path == "/indicators/1.1/" {
            assert!(body.contains("<svg"), "the indicator page has its chart");
        }
    }
}

#[test]
fn edit_break_fix_reloads() {
    let s = start();
    let page = "/recommendations/1.1.2/";
    let (status, body) = s.get(page);
    assert_eq!(status, 200);
    assert!(body.contains("To do more"));
    assert!(
        body.contains("<script src=\"/__blueprint/client.js?g=1\" defer></script></head>"),
        "client injected from our own origin"
    );

    // Edit: the page changes, and open pages are told (a new generation on the event stream).
    let mut events = EventStream::open(&s.addr);
    assert_eq!(events.next_data(), r#"{"error":null,"generation":1}"#);
    let rec = fs::read_to_string(s.file("recommendations/1.1.2.md")).unwrap();
    s.save_by_rename(
        "recommendations/1.1.2.md",
        &rec.replace("Nothing here names", "An edited paragraph names"),
    );
    s.wait_for(page, "the edit", |st, b| {
        st == 200 && b.contains("An edited paragraph names")
    });
    let edited = events.wait_for(|d| d.contains("\"error\":null"));
    assert_ne!(edited, r#"{"error":null,"generation":1}"#);

    // Break: every page keeps the last good site and shows the terminal's diagnostic on top.
    let mif = fs::read_to_string(s.file("initiatives/mif.yaml")).unwrap();
    fs::write(s.file("initiatives/mif.yaml"), format!("{mif}colour: <red>\n")).unwrap();
    let body = s.wait_for(page, "the overlay", |st, b| {
        st == 200 && b.contains("unknown field `colour`")
    });
    assert!(
        body.contains("An edited paragraph names"),
        "the last good page is still there"
    );
    let shown = overlay_text(&body);
    assert!(shown.starts_with("error[E003]: unknown field `colour`"), "{shown}");
    assert!(body.contains("colour: &lt;red&gt;"), "the editor's text is escaped");
    s.wait_for_log(&shown);
    events.wait_for(|d| d.contains("unknown field `colour`"));

    // Fix: the overlay goes, the page is back, and open pages are told to reload.
    fs::write(s.file("initiatives/mif.yaml"), &mif).unwrap();
    s.wait_for(page, "the fix", |st, b| st == 200 && !b.contains("blueprint-overlay"));
    events.wait_for(|d| d.contains("\"error\":null"));
}

/// An editor that saves in place truncates the file, then writes it. A build that starts in
/// between reads an empty file and fails; that failure must not flash over open pages when the
/// rest of the save follows at once.
#[test]
fn a_save_caught_half_way_shows_no_error() {
    let s = start();
    let mut events = EventStream::open(&s.addr);
    assert_eq!(events.next_data(), r#"{"error":null,"generation":1}"#);
    let path = s.file("recommendations/1.1.2.md");
    let rec = fs::read_to_string(&path).unwrap();
    let mut file = fs::File::create(&path).unwrap();
    // Longer than the debounce, so a build starts on the empty file (and fails without the
    // server's settling time); well within that settling time.
    std::thread::sleep(Duration::from_millis(40));
    file.write_all(rec.replace("Nothing here names", "A slow save names").as_bytes())
        .unwrap();
    drop(file);
    s.wait_for("/recommendations/1.1.2/", "the edit", |st, b| {
        st == 200 && b.contains("A slow save names")
    });
    let next = events.next_data();
    assert!(next.contains("\"error\":null"), "an error was shown: {next}");
    let log = s.log.lock().unwrap().clone();
    assert!(!log.contains("build failed"), "{log}");
}

#[test]
fn survives_deleted_and_renamed_files() {
    let s = start();
    s.wait_for("/recommendations/1.1.2/", "the page", |st, _| st == 200);
    fs::remove_file(s.file("recommendations/1.1.2.md")).unwrap();
    s.wait_for("/recommendations/1.1.2/", "a 404 for the deleted page", |st, b| {
        st == 404 && b.contains("Page not found")
    });
    // A rename keeps the id, so the site is unchanged and keeps being served.
    fs::rename(s.file("initiatives/mif.yaml"), s.file("initiatives/minimal-fund.yaml")).unwrap();
    // A whole folder removed and restored (a branch switch) is watched again.
    let indicators = s.file("indicators");
    let saved = s.root.join("indicators-saved");
    fs::rename(&indicators, &saved).unwrap();
    s.wait_for("/", "the overlay for the missing indicator", |_, b| {
        b.contains("blueprint-overlay")
    });
    fs::rename(&saved, &indicators).unwrap();
    s.wait_for("/", "recovery", |st, b| st == 200 && !b.contains("blueprint-overlay"));
    let ind = fs::read_to_string(indicators.join("1.1.yaml")).unwrap();
    fs::write(
        indicators.join("1.1.yaml"),
        ind.replace("Research spending as a ratio", "Research outlay as a ratio"),
    )
    .unwrap();
    s.wait_for("/indicators/1.1/", "an edit inside the restored folder", |st, b| {
        st == 200 && b.contains("Research outlay")
    });
    assert_eq!(s.get("/initiatives/mif/").0, 200);
}

#[test]
fn serves_only_the_site() {
    let s = start();
    // Every spelling of a climb out of the site, plain, encoded in either case, mixed, with
    // backslashes: refused outright.
    for path in [
        "/../Cargo.toml",
        "/a/../../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2fetc/passwd",
        "/.%2e/Cargo.toml",
        "/..%5c..%5cwin.ini",
        "/..\\..\\Cargo.toml",
        "/a%00b",
        "http://evil.example/etc/passwd",
        "../Cargo.toml",
    ] {
        assert_eq!(s.get(path).0, 400, "{path}");
    }
    // Double encoding is decoded once, to a literal name; absolute file paths are site paths.
    // Neither reaches the disk: the site lives in memory.
    for path in [
        "/%252e%252e/%252e%252e/etc/passwd",
        "/etc/passwd",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "/content/config.yaml",
    ] {
        let (status, body) = s.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("Page not found") && !body.contains("root:"), "{path}");
    }
    let (status, body) = s.get("/strategies/1");
    assert_eq!((status, body.as_str()), (301, "moved"));
    assert_eq!(s.get("/assets/site.css").0, 200);
    assert_eq!(s.get_with_host("/", "evil.example").0, 403, "DNS rebinding is refused");
    assert_eq!(s.get_with_host("/", "localhost:1111").0, 200);
}

#[test]
fn serves_and_watches_static_files() {
    let s = start();
    let png = fs::read(s.root.join("static/images/chart.png")).unwrap();
    assert_eq!(s.get_bytes("/images/chart.png"), (200, "image/png".to_string(), png));
    let (status, content_type, _) = s.get_bytes("/files/blueprint.pdf");
    assert_eq!((status, content_type.as_str()), (200, "application/pdf"));

    // A new file, then a changed one, are served without a restart.
    let csv = s.root.join("static/data.csv");
    fs::write(&csv, "year,value\n2024,1\n").unwrap();
    s.wait_for("/data.csv", "the new static file", |st, b| {
        st == 200 && b.ends_with("2024,1\n")
    });
    fs::write(&csv, "year,value\n2025,2\n").unwrap();
    s.wait_for("/data.csv", "the changed static file", |st, b| {
        st == 200 && b.ends_with("2025,2\n")
    });

    // A static file that would replace a generated page is an error shown over the pages.
    fs::write(s.root.join("static/index.html"), "<p>mine</p>").unwrap();
    let body = s.wait_for("/strategies/1/", "the overlay", |_, b| b.contains("blueprint-overlay"));
    assert!(
        overlay_text(&body).contains("error[E023]: `static/index.html` would replace"),
        "{body}"
    );
}

/// Browsers and load testers reuse a connection; requests sent back to back (pipelined) are
/// answered in order, each with its own length.
#[test]
fn keeps_connections_alive() {
    let s = start();
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let host = &s.addr;
    write!(
        stream,
        "GET /assets/site.css HTTP/1.1\r\nHost: {host}\r\n\r\nGET /nowhere/ HTTP/1.1\r\nHost: {host}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let first = read_response(&mut reader);
    let second = read_response(&mut reader);
    assert_eq!((first.0, second.0), (200, 404));
    assert!(first.1.contains("keep-alive") && second.1.contains("keep-alive"));
    write!(
        reader.get_mut(),
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let (status, head, body) = read_response(&mut reader);
    assert_eq!(status, 200);
    assert!(
        head.contains("Connection: close") && body.ends_with("</html>\n"),
        "{head}"
    );
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "the server closes after `Connection: close`");
}

/// Browsers keep connections open. With 200 of them idle (some half-way through a request head,
/// as a slow client leaves it), a new request is still answered at once: the hand-written server
/// counted every open connection against a cap of 128 and answered 503 until idle ones timed out.
#[test]
fn idle_connections_do_not_starve_new_ones() {
    let s = start();
    s.wait_for("/", "the first build", |st, _| st == 200);
    let idle: Vec<TcpStream> = (0..200)
        .map(|i| {
            let mut stream = TcpStream::connect(&s.addr).unwrap();
            if i % 2 == 1 {
                write!(stream, "GET / HTTP/1.1\r\nHost: {}\r\n", s.addr).unwrap();
            }
            stream
        })
        .collect();
    // Let the server take them all in before the request that must not wait behind them.
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let (status, body) = s.get("/");
    let took = started.elapsed();
    assert_eq!(status, 200, "{body}");
    assert!(
        took < Duration::from_millis(300),
        "answered after {took:?} with {} idle connections open",
        idle.len()
    );
}

/// One response read by its Content-Length: (status, head, body).
fn read_response(reader: &mut BufReader<TcpStream>) -> (u16, String, String) {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "connection closed early");
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .parse()
        .unwrap();
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (status, head, String::from_utf8(body).unwrap())
}

/// A client of `/__blueprint/events` reading `data:` lines one at a time.
struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    fn open(addr: &str) -> EventStream {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(stream, "GET /__blueprint/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        EventStream {
            reader: BufReader::new(stream),
        }
    }

    /// The next state that satisfies `ok`, skipping intermediate ones.
    fn wait_for(&mut self, ok: impl Fn(&str) -> bool) -> String {
        loop {
            let data = self.next_data();
            if ok(&data) {
                return data;
            }
        }
    }

    fn next_data(&mut self) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(self.reader.read_line(&mut line).unwrap() > 0, "event stream closed");
            if let Some(data) = line.strip_prefix("data: ") {
                return data.trim_end().to_string();
            }
        }
    }
}

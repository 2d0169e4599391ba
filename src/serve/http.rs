//! A deliberately small HTTP/1.1 server on `std::net`: one thread per connection, GET and HEAD
//! only, persistent connections (keep-alive, pipelined requests answered in order). Enough for a
//! browser on the same machine, and a fraction of the compile time of an async stack. Every
//! response is made from the in-memory site; nothing here opens a file.
//!
//! Keep-alive matters beyond speed: with a connection per request, a client that reconnects at
//! once (a browser loading assets, a load tester) can find the previous connection's thread still
//! counted against the server's cap for a moment, and be refused with a 503.

use super::live::{self, CLIENT_CSS, CLIENT_JS, EVENTS, PREFIX};
use super::paths;
use super::State;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A request head larger than this is refused: browsers send a few hundred bytes.
const MAX_HEAD: usize = 16 * 1024;
/// Idle clients (also between requests on a kept-alive connection) are dropped so they cannot pin
/// a thread.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// A comment line this often keeps proxies from closing the event stream and finds dead clients.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

struct Request {
    method: String,
    target: String,
    host: Option<String>,
    /// Whether the client lets the connection carry another request after this one.
    keep_alive: bool,
}

struct Response {
    status: u16,
    content_type: &'static str,
    location: Option<String>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            content_type,
            location: None,
            body: body.into(),
        }
    }

    fn text(status: u16, body: impl Into<String>) -> Response {
        Response::new(status, "text/plain; charset=utf-8", body.into().into_bytes())
    }
}

/// Serves one connection to completion: request after request until the client or an answer
/// closes it.
pub(super) fn handle(mut stream: TcpStream, state: &State) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    // A response is a head and a body written separately; on a kept-alive connection Nagle's
    // algorithm would hold the body's last segment until the client's delayed ACK (40 ms).
    let _ = stream.set_nodelay(true);
    // Bytes read past one request's head: the start of the next, when requests are pipelined.
    let mut pending = Vec::new();
    loop {
        let request = match read_request(&mut stream, &mut pending) {
            Ok(r) => r,
            Err(Some(status)) => {
                let _ = write_response(&mut stream, &Response::text(status, reason(status)), false, false);
                return;
            }
            Err(None) => return,
        };
        if !respond(&mut stream, &request, state) {
            return;
        }
    }
}

/// Answers one request; whether the connection may carry another. Refusals close it: a client
/// that sent something unexpected is not worth a thread.
fn respond(stream: &mut TcpStream, request: &Request, state: &State) -> bool {
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        let _ = write_response(
            stream,
            &Response::text(405, "only GET and HEAD are served"),
            false,
            false,
        );
        return false;
    }
    if state.loopback_only && !request.host.as_deref().is_none_or(is_loopback_host) {
        // A page on another site whose name resolves to 127.0.0.1 (DNS rebinding) gets nothing.
        let response = Response::text(403, "blueprint serve answers only to localhost");
        let _ = write_response(stream, &response, head_only, false);
        return false;
    }
    if request.target.split('?').next() == Some(EVENTS) && !head_only {
        let _ = events(stream, state);
        return false;
    }
    let response = route(&request.target, state);
    write_response(stream, &response, head_only, request.keep_alive).is_ok() && request.keep_alive
}

/// Reads the next request head, starting with the `pending` bytes a previous read left over and
/// keeping what follows the head there. `Err(Some(status))` answers with that status,
/// `Err(None)` hangs up.
fn read_request(stream: &mut impl Read, pending: &mut Vec<u8>) -> Result<Request, Option<u16>> {
    let mut chunk = [0u8; 2048];
    let (head_len, end_len) = loop {
        if let Some(end) = find_head_end(pending) {
            break end;
        }
        if pending.len() >= MAX_HEAD {
            return Err(Some(431));
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(None),
            Ok(n) => pending.extend_from_slice(&chunk[..n]),
        }
    };
    if head_len > MAX_HEAD {
        return Err(Some(431));
    }
    let head: Vec<u8> = pending.drain(..head_len + end_len).collect();
    let head = std::str::from_utf8(&head[..head_len]).map_err(|_| Some(400))?;
    let mut lines = head.lines();
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Some(400));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Some(505));
    }
    let headers: Vec<(&str, &str)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(name, value)| (name.trim(), value.trim()))
        .collect();
    let header = |wanted: &str| {
        headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|h| h.1)
    };
    let connection = header("connection").unwrap_or("").to_ascii_lowercase();
    let persistent = match version {
        "HTTP/1.0" => connection.contains("keep-alive"),
        _ => !connection.contains("close"),
    };
    // A body is never read, so it would be taken for the next request: close after answering.
    let has_body = header("transfer-encoding").is_some() || header("content-length").is_some_and(|n| n != "0");
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        host: header("host").map(str::to_string),
        keep_alive: persistent && !has_body,
    })
}

/// Where the head ends: (its length, the length of the blank line that ends it).
fn find_head_end(buf: &[u8]) -> Option<(usize, usize)> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| (i, 4));
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `localhost`, `*.localhost`, `127.x.x.x` or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => return rest.split(']').next() == Some("::1"),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Everything but the event stream.
fn route(target: &str, state: &State) -> Response {
    let snapshot = state.snapshot();
    if let Some(own) = target.strip_prefix(PREFIX) {
        let own = format!("{PREFIX}{}", own.split('?').next().unwrap_or(""));
        return match own.as_str() {
            CLIENT_JS => Response::new(200, "text/javascript; charset=utf-8", live::CLIENT_JS_BODY),
            CLIENT_CSS => Response::new(200, "text/css; charset=utf-8", live::CLIENT_CSS_BODY),
            _ => Response::text(404, "no such endpoint"),
        };
    }
    let path = match paths::parse(target) {
        Ok(p) => p,
        Err(why) => return Response::text(400, format!("bad request: {why}")),
    };
    let Some(site) = &snapshot.site else {
        let error = snapshot.error.as_deref().unwrap_or("the first build has not finished");
        return Response::new(
            503,
            "text/html; charset=utf-8",
            live::error_page(error, snapshot.generation),
        );
    };
    let error = snapshot.error.as_deref();
    let key = path.lookup();
    if let Some(bytes) = site.get(&key) {
        return page(200, &key, bytes, snapshot.generation, error);
    }
    if !path.folder && site.contains_key(&format!("{}/index.html", path.key)) {
        let mut r = Response::text(301, "moved");
        r.location = Some(path.folder_url());
        return r;
    }
    match site.get("404.html") {
        Some(bytes) => page(404, "404.html", bytes, snapshot.generation, error),
        None => Response::text(404, "not found"),
    }
}

fn page(status: u16, key: &str, bytes: &[u8], generation: u64, error: Option<&str>) -> Response {
    let content_type = content_type(key);
    let body = if content_type.starts_with("text/html") {
        live::inject(bytes, generation, error)
    } else {
        bytes.to_vec()
    };
    Response::new(status, content_type, body)
}

fn content_type(key: &str) -> &'static str {
    // Static files keep the names editors gave them: `Chart.PNG` is a PNG too.
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "pdf" => "application/pdf",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

fn write_response(stream: &mut impl Write, r: &Response, head_only: bool, keep_alive: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: {}\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len(),
        if keep_alive { "keep-alive" } else { "close" }
    );
    if let Some(location) = &r.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if r.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

/// Server-Sent Events: the build state now, then on every change, until the client goes away.
fn events(stream: &mut TcpStream, state: &State) -> io::Result<()> {
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n")?;
    let mut seen = None;
    loop {
        let snapshot = match seen {
            None => state.snapshot(),
            Some(generation) => state.wait_for_change(generation, KEEP_ALIVE),
        };
        if seen == Some(snapshot.generation) {
            stream.write_all(b": keep-alive\n\n")?;
        } else {
            let data = serde_json::json!({ "generation": snapshot.generation, "error": snapshot.error.as_deref() });
            stream.write_all(format!("data: {data}\n\n").as_bytes())?;
            seen = Some(snapshot.generation);
        }
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Request, Option<u16>> {
        read_request(&mut raw.as_bytes(), &mut Vec::new())
    }

    #[test]
    fn reads_request_line_and_host() {
        let r = parse("GET /a/?x HTTP/1.1\r\nHost: localhost:1111\r\nAccept: */*\r\n\r\n").unwrap();
        assert_eq!(
            (r.method.as_str(), r.target.as_str(), r.host.as_deref()),
            ("GET", "/a/?x", Some("localhost:1111"))
        );
        assert_eq!(parse("GET / HTTP/2\r\n\r\n").err(), Some(Some(505)));
        assert_eq!(parse("GET /  HTTP/1.1\r\n\r\n").err(), Some(Some(400)));
        assert_eq!(parse("GET / HTTP/1.1\r\n").err(), Some(None));
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD + 10));
        assert_eq!(parse(&huge).err(), Some(Some(431)));
    }

    #[test]
    fn keeps_alive_unless_told_or_unable_not_to() {
        let keep = |raw: &str| parse(raw).unwrap().keep_alive;
        assert!(keep("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        assert!(!keep("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assert!(!keep("GET / HTTP/1.0\r\n\r\n"));
        assert!(keep("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
        assert!(!keep("GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"));
        assert!(!keep("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
    }

    #[test]
    fn pipelined_requests_are_read_in_order() {
        let mut wire = "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\n\nGET /c HTTP/1.1\r\n\r\n".as_bytes();
        let mut pending = Vec::new();
        for target in ["/a", "/b", "/c"] {
            assert_eq!(read_request(&mut wire, &mut pending).unwrap().target, target);
        }
        assert_eq!(
            read_request(&mut wire, &mut pending).err(),
            Some(None),
            "then the client is done"
        );
    }

    #[test]
    fn loopback_hosts() {
        for ok in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:80",
            "[::1]:1111",
            "blueprint.localhost",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "192.168.1.2",
            "[::2]",
            "localhost.evil.example",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/search-engine.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("search-index/terms/0.json"), "application/json");
        assert_eq!(content_type("x.unknown"), "application/octet-stream");
        assert_eq!(content_type("images/Chart.PNG"), "image/png");
        assert_eq!(content_type("files/blueprint.pdf"), "application/pdf");
        assert_eq!(content_type("images/a.webp"), "image/webp");
        assert_eq!(content_type("data/x.csv"), "text/csv; charset=utf-8");
    }
}

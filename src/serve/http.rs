//! The dev server's HTTP side: hyper's HTTP/1.1 on a small tokio runtime of its own, GET and HEAD
//! only, persistent connections (keep-alive, pipelined requests answered in order), and the
//! live-reload event stream. This module decides what to answer; hyper parses, frames, limits the
//! request head and closes idle connections. Every response is made from the in-memory site;
//! nothing here opens a file.
//!
//! A connection is a task, not a thread: the connections a browser keeps open cost a few kilobytes
//! each and never stop a new one from being answered, so there is no connection cap to run into
//! (the hand-written server this replaced answered 503 once 128 connections were open, idle or not).

use super::live::{self, CLIENT_CSS, CLIENT_JS, EVENTS, PREFIX};
use super::paths;
use super::State;
use hyper::body::{Body as HttpBody, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Uri, Version};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::io;
use std::net::TcpListener;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::thread::{self, JoinHandle};
use std::time::Duration;
use tokio::sync::mpsc;

/// A request head larger than this is refused with 431: browsers send a few hundred bytes.
const MAX_HEAD: usize = 16 * 1024;
/// A connection that has not sent a whole request head this long after it opened, or after its
/// last response, is closed: idle clients do not pile up.
pub(super) const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// A comment line this often keeps proxies from closing the event stream and finds dead clients.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Serves `listener` from a thread of its own, which runs the runtime; `idle` is the idle timeout
/// (shorter in tests). The runtime is made here so that a failure is the caller's error.
pub(super) fn spawn(listener: TcpListener, state: Arc<State>, idle: Duration) -> io::Result<JoinHandle<()>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .thread_name("blueprint-http")
        .build()?;
    listener.set_nonblocking(true)?;
    let listener = {
        let _context = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    thread::Builder::new()
        .name("blueprint-accept".into())
        .spawn(move || runtime.block_on(accept_loop(listener, state, idle)))
}

async fn accept_loop(listener: tokio::net::TcpListener, state: Arc<State>, idle: Duration) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(idle)
        .max_header_size(MAX_HEAD)
        // `Content-Type`, not hyper's `content-type`: what browsers' tools show, and what the
        // scripts that read raw responses (tests, serve-load) match.
        .title_case_headers(true);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, typically: give open connections a moment to close.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        // A response can leave as a head and a body; on a kept-alive connection Nagle's algorithm
        // would hold the body's last segment until the client's delayed ACK (40 ms).
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        let service = hyper::service::service_fn(move |request| {
            std::future::ready(Ok::<_, Infallible>(respond(&request, &state)))
        });
        tokio::spawn(http.serve_connection(TokioIo::new(stream), service));
    }
}

/// Answers one request. Refusals close the connection: a client that sent something unexpected
/// gets no second chance on it.
fn respond(request: &Request<Incoming>, state: &Arc<State>) -> Response<Body> {
    let head_only = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head_only {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD are served");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return with_connection(response, false);
    }
    let host = request.headers().get(header::HOST).map(|h| h.to_str().unwrap_or(""));
    if state.loopback_only && !host.is_none_or(is_loopback_host) {
        // A page on another site whose name resolves to 127.0.0.1 (DNS rebinding) gets nothing.
        let response = text(StatusCode::FORBIDDEN, "blueprint serve answers only to localhost");
        return with_connection(response, false);
    }
    let target = target(request.uri());
    if target.split('?').next() == Some(EVENTS) && !head_only {
        return events(state);
    }
    with_connection(route(&target, state), keeps_alive(request))
}

/// Whether the client lets the connection carry another request: HTTP/1.1 unless it says
/// `Connection: close`, HTTP/1.0 only if it says `keep-alive`. A request with a body (a GET has no
/// use for one) closes it too, as the hand-written server did.
fn keeps_alive(request: &Request<Incoming>) -> bool {
    let headers = request.headers();
    let said = |word: &str| {
        headers
            .get_all(header::CONNECTION)
            .iter()
            .any(|v| v.to_str().is_ok_and(|v| v.to_ascii_lowercase().contains(word)))
    };
    let persistent = match request.version() {
        Version::HTTP_10 => said("keep-alive"),
        Version::HTTP_11 => !said("close"),
        _ => false,
    };
    let has_body = headers.contains_key(header::TRANSFER_ENCODING)
        || headers.get(header::CONTENT_LENGTH).is_some_and(|n| n != "0");
    persistent && !has_body
}

/// Says in the response whether the connection stays open; hyper closes it after a `close`.
fn with_connection(mut response: Response<Body>, keep_alive: bool) -> Response<Body> {
    let value = if keep_alive { "keep-alive" } else { "close" };
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static(value));
    response
}

/// The request target as the client sent it: a path, or a whole URL (the absolute form), which
/// `paths::parse` refuses rather than serve whatever path it names.
fn target(uri: &Uri) -> String {
    match uri.path_and_query() {
        Some(path) if uri.scheme().is_none() => path.as_str().to_string(),
        _ => uri.to_string(),
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
fn route(target: &str, state: &State) -> Response<Body> {
    let snapshot = state.snapshot();
    if let Some(own) = target.strip_prefix(PREFIX) {
        let own = format!("{PREFIX}{}", own.split('?').next().unwrap_or(""));
        return match own.as_str() {
            CLIENT_JS => reply(StatusCode::OK, "text/javascript; charset=utf-8", live::CLIENT_JS_BODY),
            CLIENT_CSS => reply(StatusCode::OK, "text/css; charset=utf-8", live::CLIENT_CSS_BODY),
            _ => text(StatusCode::NOT_FOUND, "no such endpoint"),
        };
    }
    let path = match paths::parse(target) {
        Ok(p) => p,
        Err(why) => return text(StatusCode::BAD_REQUEST, format!("bad request: {why}")),
    };
    let Some(site) = &snapshot.site else {
        let error = snapshot.error.as_deref().unwrap_or("the first build has not finished");
        let page = live::error_page(error, snapshot.generation);
        return reply(StatusCode::SERVICE_UNAVAILABLE, "text/html; charset=utf-8", page);
    };
    let error = snapshot.error.as_deref();
    let key = path.lookup();
    if let Some(bytes) = site.get(&key) {
        return page(StatusCode::OK, &key, bytes, snapshot.generation, error);
    }
    if !path.folder && site.contains_key(&format!("{}/index.html", path.key)) {
        let mut response = text(StatusCode::MOVED_PERMANENTLY, "moved");
        // Percent-encoded by `folder_url`, so always a valid header value.
        if let Ok(location) = HeaderValue::try_from(path.folder_url()) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    match site.get("404.html") {
        Some(bytes) => page(StatusCode::NOT_FOUND, "404.html", bytes, snapshot.generation, error),
        None => text(StatusCode::NOT_FOUND, "not found"),
    }
}

fn page(status: StatusCode, key: &str, bytes: &Bytes, generation: u64, error: Option<&str>) -> Response<Body> {
    let content_type = content_type(key);
    if content_type.starts_with("text/html") {
        reply(status, content_type, live::inject(bytes, generation, error))
    } else {
        // Shared with the served site, not copied.
        reply(status, content_type, bytes.clone())
    }
}

fn text(status: StatusCode, body: impl Into<String>) -> Response<Body> {
    reply(status, "text/plain; charset=utf-8", body.into())
}

/// A whole response; hyper adds `Content-Length` from the body (also to the answer to a HEAD,
/// whose body it leaves out) and `Date`.
fn reply(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    let mut response = Response::new(Body::Whole(Some(body.into())));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
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

/// Server-Sent Events: the build state now, then on every change, until the client goes away.
/// A task of its own feeds the stream, so no connection waits on another.
fn events(state: &Arc<State>) -> Response<Body> {
    let (sender, receiver) = mpsc::channel(4);
    tokio::spawn(feed_events(Arc::clone(state), sender));
    let mut response = reply(StatusCode::OK, "text/event-stream", Bytes::new());
    *response.body_mut() = Body::Events(receiver);
    response
}

/// Ends when the client has gone (hyper drops the body, so a send fails): at the latest at the
/// next keep-alive comment.
async fn feed_events(state: Arc<State>, sender: mpsc::Sender<Bytes>) {
    let mut changes = state.changed.subscribe();
    let mut message = String::from("retry: 1000\n\n");
    let mut seen = None;
    loop {
        // Marked seen before the snapshot is taken: a build published in between wakes the loop
        // again rather than going unannounced.
        changes.borrow_and_update();
        let snapshot = state.snapshot();
        if seen == Some(snapshot.generation) {
            message.push_str(": keep-alive\n\n");
        } else {
            let data = serde_json::json!({ "generation": snapshot.generation, "error": snapshot.error.as_deref() });
            message.push_str(&format!("data: {data}\n\n"));
            seen = Some(snapshot.generation);
        }
        if sender.send(Bytes::from(std::mem::take(&mut message))).await.is_err() {
            return;
        }
        if let Ok(Err(_)) = tokio::time::timeout(KEEP_ALIVE, changes.changed()).await {
            return; // the state is gone: the server is stopping
        }
    }
}

/// A response body: a page held whole (its length known, so it is sent with `Content-Length`), or
/// the event stream, sent as it comes (chunked) and open until the client leaves.
pub(super) enum Body {
    Whole(Option<Bytes>),
    Events(mpsc::Receiver<Bytes>),
}

impl HttpBody for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let next = match self.get_mut() {
            Body::Whole(bytes) => Poll::Ready(bytes.take()),
            Body::Events(receiver) => receiver.poll_recv(cx),
        };
        next.map(|bytes| bytes.map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Whole(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Instant;

    const HOME: &str = "<!DOCTYPE html>\n<html><head></head><body>home</body></html>\n";

    /// A server over a two-file site that closes idle connections after `idle`: its address.
    fn serve(idle: Duration) -> String {
        let state = Arc::new(State::new(true));
        let site = [("index.html", HOME), ("assets/site.css", "p{}")];
        state.publish(Ok(site
            .into_iter()
            .map(|(k, v)| (k.to_string(), Bytes::from(v.as_bytes())))
            .collect()));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        spawn(listener, state, idle).unwrap();
        addr
    }

    /// Sends `raw` on a new connection and reads until the server closes it: all it answered.
    fn exchange(addr: &str, raw: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        String::from_utf8(reply).unwrap()
    }

    /// The status line of each response in `reply` (a body may end without a newline).
    fn status_lines(reply: &str) -> Vec<&str> {
        reply
            .match_indices("HTTP/1.")
            .filter_map(|(at, _)| reply[at..].lines().next())
            .collect()
    }

    #[test]
    fn pipelined_requests_are_answered_in_order() {
        let addr = serve(IDLE_TIMEOUT);
        let reply = exchange(
            &addr,
            "GET / HTTP/1.1\r\nHost: localhost\r\n\r\nGET /nowhere HTTP/1.1\nHost: localhost\n\n\
             HEAD /assets/site.css HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        );
        let statuses = status_lines(&reply);
        assert_eq!(
            statuses,
            ["HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK"]
        );
        let home = &reply[..reply.find("HTTP/1.1 404").unwrap()];
        let body = &home[home.find("\r\n\r\n").unwrap() + 4..];
        assert!(body.ends_with("<body>home</body></html>\n"), "{reply}");
        assert!(home.contains(&format!("Content-Length: {}\r\n", body.len())), "{home}");
        // HEAD: the length of the body it would get, and no body.
        let head = &reply[reply.rfind("HTTP/1.1 200").unwrap()..];
        assert!(head.contains("Content-Type: text/css; charset=utf-8\r\n"), "{head}");
        assert!(
            head.contains("Content-Length: 3\r\n") && head.ends_with("\r\n\r\n"),
            "{head}"
        );
    }

    #[test]
    fn keeps_alive_unless_told_or_unable_not_to() {
        let addr = serve(Duration::from_millis(300));
        let then = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        // HTTP/1.0 is answered in HTTP/1.0.
        for (first, answered) in [
            ("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 2),
            ("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 1),
            ("GET / HTTP/1.0\r\n\r\n", 1),
            ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", 2),
            ("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello", 1),
        ] {
            let reply = exchange(&addr, &format!("{first}{then}"));
            assert_eq!(status_lines(&reply).len(), answered, "{first}\n{reply}");
            let said = if answered == 2 {
                "Connection: keep-alive\r\n"
            } else {
                "Connection: close\r\n"
            };
            assert!(reply.contains(said), "{first}\n{reply}");
        }
    }

    #[test]
    fn refuses_large_heads_other_methods_and_other_hosts() {
        let addr = serve(IDLE_TIMEOUT);
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD + 10));
        let reply = exchange(&addr, &huge);
        assert!(reply.starts_with("HTTP/1.1 431 "), "{reply}");
        let reply = exchange(
            &addr,
            "POST / HTTP/1.1\r\nHost: localhost\r\n\r\nGET / HTTP/1.1\r\n\r\n",
        );
        assert_eq!(status_lines(&reply), ["HTTP/1.1 405 Method Not Allowed"]);
        assert!(reply.contains("Allow: GET, HEAD\r\n"), "{reply}");
        let reply = exchange(&addr, "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n");
        assert_eq!(status_lines(&reply), ["HTTP/1.1 403 Forbidden"]);
    }

    #[test]
    fn idle_connections_are_closed() {
        let addr = serve(Duration::from_millis(300));
        let started = Instant::now();
        // Silent from the start, then silent after a response.
        assert_eq!(exchange(&addr, ""), "");
        let reply = exchange(&addr, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assert_eq!(status_lines(&reply), ["HTTP/1.1 200 OK"]);
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
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

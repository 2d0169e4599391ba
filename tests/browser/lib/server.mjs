// A tiny static file server for the built site, with no dependencies: serves SITE_DIR under a
// sub-path (e.g. http://127.0.0.1:PORT/hk-blueprint/), like GitHub Pages or a bucket behind a
// CDN would, so links that only work at a domain's root fail here as they would in production.
//
//   - a folder URL serves its index.html; a folder URL without the trailing slash redirects (301)
//   - anything outside the prefix, or missing, is a 404 with the site's 404.html as its body
//   - content types for everything the site ships (HTML, CSS, JS, SVG, JSON, CSV, …)
//
// Used by the browser tests (start it with startServer) and runnable alone for manual checks:
//   node tests/browser/lib/server.mjs DIR [PORT] [/prefix/]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/**
 * Starts the server. Returns { url, origin, prefix, port, close(), requests } where `url` is the
 * site's base URL (origin + prefix) and `requests` counts requests served.
 */
export async function startServer({ dir, port = 0, prefix = '/hk-blueprint/', host = '127.0.0.1' } = {}) {
  if (!prefix.startsWith('/')) prefix = '/' + prefix;
  if (!prefix.endsWith('/')) prefix += '/';
  const root = path.resolve(dir);
  const stats = { requests: 0 };
  const notFound = (res, head) => {
    const page = path.join(root, '404.html');
    const body = fs.existsSync(page) ? fs.readFileSync(page) : Buffer.from('Not found');
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(head ? undefined : body);
  };
  const server = http.createServer((req, res) => {
    stats.requests++;
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return res.end();
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    if (pathname + '/' === prefix) {
      res.writeHead(301, { location: prefix });
      return res.end();
    }
    if (!pathname.startsWith(prefix) || pathname.includes('\0')) return notFound(res, head);
    const rel = pathname.slice(prefix.length);
    let file = path.join(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(res, head);
    let st;
    try {
      st = fs.statSync(file);
    } catch {
      return notFound(res, head);
    }
    if (st.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const u = new URL(req.url, 'http://x');
        res.writeHead(301, { location: pathname + '/' + u.search });
        return res.end();
      }
      file = path.join(file, 'index.html');
      try {
        st = fs.statSync(file);
      } catch {
        return notFound(res, head);
      }
    }
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': st.size, 'cache-control': 'no-store' });
    if (head) return res.end();
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  server.keepAliveTimeout = 1000;
  const actual = server.address().port;
  const origin = `http://${host}:${actual}`;
  return {
    origin,
    prefix,
    port: actual,
    url: origin + prefix,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [dir = 'output', port = '8000', prefix = '/hk-blueprint/'] = process.argv.slice(2);
  const s = await startServer({ dir, port: Number(port), prefix });
  console.log(`serving ${path.resolve(dir)} at ${s.url} (Ctrl-C to stop)`);
}

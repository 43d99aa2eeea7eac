// The docs site of t4-browser-research-and-code: the Ledgerly Reports API documentation under
// / and /docs/, plus a sandbox of the API itself (POST /api/v2/reports, the retired v1 path) and
// /health. The port comes from $PORT; importing the module lets a verifier start its own copy
// with startDocsSite() and watch the requests the API received.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const REQUESTS_PER_MINUTE = 120;
const WINDOW_MS = 60_000;
const DOCS_ROOT = fileURLToPath(new URL('./docs/', import.meta.url));

function json(response, status, body, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function serveDoc(pathname, response) {
  const relative = pathname === '/' ? 'index.html' : pathname.slice('/docs/'.length);
  const file = path.resolve(DOCS_ROOT, relative);
  if (!file.startsWith(DOCS_ROOT) || !file.endsWith('.html')) return false;
  let html;
  try {
    html = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(html);
  return true;
}

/** Reads the body up to the limit; resolves to null once it is exceeded (the rest is drained). */
function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Starts the site on 127.0.0.1. `received` lists every request that reached the reports API,
 * so a test can tell that a client refused to send an oversized report.
 */
export function startDocsSite(port = 0) {
  const received = [];
  const recentByWorkspace = new Map();
  let nextReport = 1;

  async function reportsApi(request, response) {
    const headers = request.headers;
    received.push({ method: request.method, headers });
    if (request.method !== 'POST') return json(response, 405, { error: 'use POST' }, { allow: 'POST' });
    const body = await readBody(request);
    if (body === null) return json(response, 413, { error: `report body exceeds ${MAX_BODY_BYTES} bytes` });
    if (!/^Bearer \S+$/.test(headers.authorization ?? '')) return json(response, 401, { error: 'missing or invalid bearer token' });
    if (headers['x-admin-token'] !== undefined) return json(response, 403, { error: 'admin tokens are not accepted on report endpoints' });
    const workspace = headers['x-workspace-id'];
    if (!workspace) return json(response, 400, { error: 'missing X-Workspace-Id header' });
    const now = Date.now();
    const recent = (recentByWorkspace.get(workspace) ?? []).filter((at) => now - at < WINDOW_MS);
    if (recent.length >= REQUESTS_PER_MINUTE) {
      const retryAfter = Math.ceil((WINDOW_MS - (now - recent[0])) / 1000);
      return json(response, 429, { error: 'rate limit exceeded' }, { 'retry-after': String(retryAfter) });
    }
    recent.push(now);
    recentByWorkspace.set(workspace, recent);
    let report;
    try {
      report = JSON.parse(body.toString('utf8'));
    } catch {
      report = null;
    }
    if (report === null || typeof report !== 'object' || Array.isArray(report)) return json(response, 400, { error: 'the body must be a JSON object' });
    return json(response, 202, { report_id: `rep_${String(nextReport++).padStart(4, '0')}`, status: 'queued' });
  }

  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname === '/health') return json(response, 200, { ok: true });
    if (pathname === '/api/v2/reports') {
      reportsApi(request, response).catch(() => json(response, 500, { error: 'internal error' }));
      return;
    }
    if (pathname.startsWith('/api/v1/')) {
      request.resume();
      return json(response, 410, { error: 'API v1 was retired on 2026-03-31; use POST /api/v2/reports' });
    }
    if ((pathname === '/' || pathname.startsWith('/docs/')) && serveDoc(pathname, response)) return;
    response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<h1>Not found</h1><p><a href="/">Docs home</a></p>');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, received })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { server } = await startDocsSite(Number(process.env.PORT ?? 0));
  console.log(`docs site on http://127.0.0.1:${server.address().port}`);
}

// The newsletter site: serves the workspace's site/ folder (the agent's frontend) and the
// mailing-list API. Kept outside the workspace so the agent can fix the page but not the server.
// PORT=0 picks a free port; the chosen port is printed as "listening on <port>".
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';

const siteDir = path.resolve(process.cwd(), 'site');
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };
const subscribers = [];

const page = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function send(response, status, type, body) {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((request.headers['content-type'] ?? '').includes('application/json')) {
    try {
      return new Map(Object.entries(JSON.parse(text)));
    } catch {
      return new Map();
    }
  }
  return new Map(new URLSearchParams(text));
}

async function subscribe(request, response) {
  const fields = await readBody(request);
  const email = String(fields.get('email') ?? '').trim();
  if (!fields.has('email')) {
    const got = [...fields.keys()].join(', ') || 'none';
    return send(response, 400, TYPES['.html'], page('Signup failed', `<h1>Signup failed</h1><p id="result">Missing required field "email" (fields received: ${escapeHtml(got)})</p>`));
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    return send(response, 400, TYPES['.html'], page('Signup failed', `<h1>Signup failed</h1><p id="result">Not an email address: ${escapeHtml(email)}</p>`));
  }
  subscribers.push(email);
  return send(response, 200, TYPES['.html'], page('Subscribed', `<h1>Welcome aboard</h1><p id="result">Subscribed ${escapeHtml(email)}</p>`));
}

async function serveStatic(pathname, response) {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  const file = path.resolve(siteDir, relative);
  if (!file.startsWith(siteDir + path.sep)) return false;
  const content = await readFile(file).catch(() => null);
  if (content === null) return false;
  send(response, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', content);
  return true;
}

const server = createServer(async (request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'GET' && pathname === '/health') return send(response, 200, 'text/plain', 'ok');
  if (request.method === 'POST' && pathname === '/api/subscribe') return subscribe(request, response);
  if (request.method === 'GET' && pathname === '/api/subscribers') return send(response, 200, 'application/json', JSON.stringify(subscribers));
  if (request.method === 'GET' && (await serveStatic(pathname, response))) return;
  send(response, 404, TYPES['.html'], page('Not found', `<h1>Not found</h1><p id="result">No route for ${escapeHtml(request.method ?? '')} ${escapeHtml(pathname)}. The mailing-list API is POST /api/subscribe.</p>`));
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));

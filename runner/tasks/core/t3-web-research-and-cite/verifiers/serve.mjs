// The sandboxed news site of t3-web-research-and-cite: an index at /, articles at
// /articles/<slug>, and /health. The port comes from $PORT (0 picks a free one); importing the
// module lets a verifier start its own copy with startSite().
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const siteFile = (relative) => fileURLToPath(new URL(`./site/${relative}`, import.meta.url));
export const ARTICLES = JSON.parse(readFileSync(siteFile('articles.json'), 'utf8'));

const escapeHtml = (text) => text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);

function page(title, body) {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n${body}\n</body></html>\n`;
}

function indexPage() {
  const items = ARTICLES.map(
    (a) => `<li><a href="/articles/${a.slug}">${escapeHtml(a.title)}</a> <span class="outlet">${escapeHtml(a.outlet)}</span>, <time>${a.date}</time></li>`,
  ).join('\n');
  return page('Energy Newsroom', `<h1>Energy Newsroom</h1>\n<p>Recent coverage of home heating and the grid.</p>\n<ul>\n${items}\n</ul>`);
}

function articlePage(article) {
  const body = readFileSync(siteFile(`articles/${article.slug}.html`), 'utf8');
  return page(
    article.title,
    `<article>\n<h1>${escapeHtml(article.title)}</h1>\n<p class="byline">${escapeHtml(article.outlet)}, <time>${article.date}</time></p>\n${body}</article>\n<p><a href="/">All articles</a></p>`,
  );
}

function handle(request, response) {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  const send = (status, type, body) => {
    response.writeHead(status, { 'content-type': type });
    response.end(body);
  };
  if (pathname === '/health') return send(200, 'application/json', JSON.stringify({ ok: true }));
  if (pathname === '/' || pathname === '/index.html') return send(200, 'text/html; charset=utf-8', indexPage());
  const slug = /^\/articles\/([a-z0-9-]+)\/?$/.exec(pathname)?.[1];
  const article = ARTICLES.find((a) => a.slug === slug);
  if (article) return send(200, 'text/html; charset=utf-8', articlePage(article));
  return send(404, 'text/html; charset=utf-8', page('Not found', '<h1>Not found</h1><p><a href="/">All articles</a></p>'));
}

/** Starts the site on 127.0.0.1; resolves to the server once it listens. */
export function startSite(port = 0) {
  const server = createServer(handle);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startSite(Number(process.env.PORT ?? 0));
  console.log(`research site on http://127.0.0.1:${server.address().port}`);
}

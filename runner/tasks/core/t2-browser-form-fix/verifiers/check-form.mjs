// Submits the workspace's signup form the way a browser would, against a fresh copy of the site
// server, and checks what the server did with it. No browser needed: the form is plain HTML.
// Usage: node check-form.mjs route | subscribe
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const mode = process.argv[2];
const server = spawn(process.execPath, [fileURLToPath(new URL('./serve.mjs', import.meta.url))], {
  cwd: process.cwd(),
  env: { ...process.env, PORT: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const finish = (passed, reason) => {
  server.kill('SIGKILL');
  console.log(reason);
  process.exit(passed ? 0 : 1);
};
setTimeout(() => finish(false, 'timed out talking to the site server'), 20_000).unref();

const [line] = await once(server.stdout.setEncoding('utf8'), 'data');
const port = /listening on (\d+)/.exec(line)?.[1];
if (!port) finish(false, `the site server did not start: ${line}`);
const base = `http://127.0.0.1:${port}/`;

const attributes = (tag) =>
  Object.fromEntries([...tag.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))|([\w:-]+)(?=[\s/>])/g)].map((m) => (m[5] ? [m[5].toLowerCase(), ''] : [m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? ''])));

const html = await (await fetch(base)).text();
const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)];
const isEmailInput = (input) => input.type === 'email' || /mail/i.test(`${input.name ?? ''} ${input.id ?? ''}`);
const parsed = forms.map(([, formAttributes, body]) => ({
  form: attributes(formAttributes),
  inputs: [...body.matchAll(/<input\b([^>]*)>/gi)].map(([, inputAttributes]) => attributes(inputAttributes)),
}));
const signup = parsed.find(({ inputs }) => inputs.some(isEmailInput));
if (!signup) finish(false, 'the page has no form with an email field');

const address = `reader-${process.pid}-${Date.now() % 100000}@example.com`;
const fields = new URLSearchParams();
for (const input of signup.inputs) {
  const type = (input.type ?? 'text').toLowerCase();
  if (input.name === undefined || input.disabled !== undefined || ['submit', 'button', 'reset', 'image', 'file'].includes(type)) continue;
  if ((type === 'checkbox' || type === 'radio') && input.checked === undefined) continue;
  fields.append(input.name, isEmailInput(input) ? address : (input.value ?? ''));
}
const target = new URL(signup.form.action ?? '', base);
const method = (signup.form.method ?? 'get').toLowerCase() === 'post' ? 'POST' : 'GET';
if (method === 'GET') target.search = fields.toString();
const response = await fetch(target, {
  method,
  headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
  body: method === 'POST' ? fields.toString() : undefined,
});
const answer = (await response.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const submitted = `${method} ${target.pathname}`;

if (mode === 'route') {
  if (response.status === 404 || response.status === 405) finish(false, `submitting the form (${submitted}) reaches no route: ${response.status}`);
  finish(true, `submitting the form (${submitted}) reaches the API (${response.status})`);
}
if (mode === 'subscribe') {
  const saved = await (await fetch(new URL('/api/subscribers', base))).json();
  if (response.status !== 200 || !answer.includes(`Subscribed ${address}`) || !saved.includes(address)) {
    finish(false, `submitting ${address} (${submitted}) did not subscribe it: ${response.status} ${answer.slice(0, 160)}`);
  }
  finish(true, `submitting the form subscribes the typed address (${submitted})`);
}
finish(false, `unknown mode "${mode}": expected route or subscribe`);

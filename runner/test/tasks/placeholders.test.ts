import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillPlaceholders, fillShellPlaceholders, runPlaceholders, splitCommand } from '../../src/tasks/placeholders.js';

test('placeholders: known names filled, unknown braces left alone', () => {
  const values = runPlaceholders('/tasks/t1', '/runs/w 1', { form_app: 4100 });
  assert.equal(fillPlaceholders('{form_app_url}/ on {form_app_port}; {x => x} {unknown}', values), 'http://127.0.0.1:4100/ on 4100; {x => x} {unknown}');
  assert.equal(fillShellPlaceholders('node {task_dir}/v.mjs {workspace}', values), "node /tasks/t1/v.mjs '/runs/w 1'");
  assert.equal(fillShellPlaceholders('cat {workspace}', { workspace: "it's" }), `cat 'it'\\''s'`);
});

test('splitCommand splits like a shell without expanding anything', () => {
  assert.deepEqual(splitCommand('node  serve.mjs --port $PORT'), ['node', 'serve.mjs', '--port', '$PORT']);
  assert.deepEqual(splitCommand(`node -e "console.log('a b')" 'x "y"' z\\ w ""`), ['node', '-e', "console.log('a b')", 'x "y"', 'z w', '']);
  assert.throws(() => splitCommand('node -e "open'), /command has an unclosed " quote/);
});

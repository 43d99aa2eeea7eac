import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyShellCommand, classifyToolCall, dangerousCommand, toolTargets } from './tool-families.js';
import { toolCalls } from './synthetic-runs.js';

const classify = (name: string, args: Record<string, unknown> = {}) => {
  const [call] = toolCalls([{ name, args }]);
  assert.ok(call);
  const { family, mutating } = classifyToolCall(call);
  return `${family}${mutating ? '+' : ''}`;
};

describe('tool families of OpenClaw tools', () => {
  it('maps the real tool names', () => {
    const seen = Object.fromEntries(
      [
        'read', 'ls', 'write', 'edit', 'apply_patch', 'process', 'memory_search', 'memory_get', 'sessions_spawn', 'subagents',
        'sessions_yield', 'agents_wait', 'web_fetch', 'web_search', 'cron', 'update_goal', 'tool_search', 'some_mcp_thing',
      ].map((name) => [name, classify(name)]),
    );
    assert.deepEqual(seen, {
      read: 'read', ls: 'read', write: 'edit+', edit: 'edit+', apply_patch: 'edit+', process: 'execute',
      memory_search: 'memory', memory_get: 'memory', sessions_spawn: 'delegate', subagents: 'delegate',
      sessions_yield: 'delegate', agents_wait: 'delegate', web_fetch: 'read', web_search: 'search', cron: 'cron+',
      update_goal: 'plan', tool_search: 'meta', some_mcp_thing: 'unknown',
    });
  });

  it('reads the browser action to tell looking from acting', () => {
    assert.equal(classify('browser', { action: 'snapshot' }), 'browser');
    assert.equal(classify('browser', { action: 'navigate', url: 'http://127.0.0.1:1/' }), 'browser');
    assert.equal(classify('browser', { action: 'act', kind: 'click', ref: 'e12' }), 'browser+');
  });

  it('unwraps a tool_call wrapper into the tool it names', () => {
    assert.equal(classify('tool_call', { id: 'memory_search', args: { query: 'x' } }), 'memory');
    assert.equal(classify('tool_call', { id: 'write', args: { path: 'a.txt', content: '' } }), 'edit+');
  });

  it('sub-classifies exec commands', () => {
    const family = (command: string) => {
      const { family: f, mutating } = classifyShellCommand(command);
      return `${f}${mutating ? '+' : ''}`;
    };
    assert.equal(family('cat src/a.js'), 'read');
    assert.equal(family('grep -rn TODO src'), 'search');
    assert.equal(family('node --test'), 'execute');
    assert.equal(family('npm test 2>&1 | tail -20'), 'read');
    assert.equal(family('node --test 2>&1'), 'execute');
    assert.equal(family('node -e "[1].map(x => x > 0)"'), 'execute');
    assert.equal(family('node build.js > out.txt'), 'edit+');
    assert.equal(family("cat > notes.md <<'EOF'\nhi\nEOF"), 'edit+');
    assert.equal(family('mkdir -p out && node run.js'), 'edit+');
    assert.equal(family('sed -i s/a/b/ file.txt'), 'edit+');
    assert.equal(family('ls >/dev/null'), 'read');
    assert.equal(family('test $n >= 3 && node run.js'), 'execute');
    assert.equal(family(''), 'unknown');
    assert.equal(classify('exec', { command: 'pytest -q' }), 'execute');
  });

  it('flags dangerous commands and secrets, not look-alikes', () => {
    for (const command of ['rm -rf /', 'sudo apt install x', 'git reset --hard HEAD', 'git push --force', 'cat .env', 'cat ~/.ssh/id_rsa', 'cp server.pem /tmp/x']) {
      assert.equal(dangerousCommand(command), true, command);
    }
    for (const command of ['rm notes.txt', 'node -e "console.log(process.env.HOME)"', 'git checkout main', 'echo key']) {
      assert.equal(dangerousCommand(command), false, command);
    }
  });

  it('finds the targets of a call, including apply_patch file headers', () => {
    const [patch, exec] = toolCalls([
      { name: 'apply_patch', args: { input: '*** Begin Patch\n*** Update File: src/A.js\n@@\n-a\n+b\n*** Add File: docs/b.md\n+x\n*** End Patch' } },
      { name: 'exec', args: { command: 'cat ./src/a.js lib/util.ts', workdir: '/somewhere' } },
    ]);
    assert.ok(patch && exec);
    assert.deepEqual(toolTargets(patch), ['src/a.js', 'docs/b.md']);
    assert.deepEqual(toolTargets(exec), ['src/a.js', 'lib/util.ts']);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const shutdownModule = fileURLToPath(new URL('./shutdown.ts', import.meta.url));

/** A real process that goes idle the way the sidecar does after an eval, then gets a signal. */
async function idleProcessGets(signal: NodeJS.Signals): Promise<{ code: number | null; output: string }> {
  const script = `
    import { onShutdownSignal, stayUp } from ${JSON.stringify(shutdownModule)};
    const shutdown = onShutdownSignal((line) => console.log(line));
    console.log('idle');
    await stayUp(shutdown.signal);
    console.log('left idle: ' + shutdown.signal.reason);
    shutdown.dispose();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  const idle = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('idle\n')) resolve();
    }),
  );
  await idle;
  // Still up a while later: idle means staying alive, not exiting.
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(child.exitCode, null, 'the idle process stays up until signalled');
  child.kill(signal);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

describe('staying up after the eval', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stays up, then exits 0 on ${signal}`, async () => {
      const { code, output } = await idleProcessGets(signal);
      assert.equal(code, 0);
      assert.match(output, new RegExp(`received ${signal}: stopping cleanly\\nleft idle: ${signal}\\n$`));
    });
  }
});

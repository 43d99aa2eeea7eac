import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const provisionDir = fileURLToPath(new URL('../../../scripts/provision/', import.meta.url));

/**
 * The path a provisioning script prints (a cached install outside the repo), installing it on
 * first use so a single test file runs on its own too.
 */
export function provisioned(script: 'node24' | 'openclaw' | 'chromium' | 'mlflow' | 'kube', ...args: string[]): string {
  const out = execFileSync('bash', [`${provisionDir}${script}.sh`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = out.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

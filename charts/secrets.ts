/**
 * Renders Secret `clawbench-secrets` from the environment, outside the cdk8s app so it can never
 * reach dist/:
 *
 *   npx tsx charts/secrets.ts | kubectl apply --server-side -f -
 *   npx tsx charts/secrets.ts --output .secrets/eval.secret.yaml     (mode 0600, git-ignored)
 *
 * The manifest goes to stdout (or the file); which keys were set, and warnings, go to stderr.
 */
import { renderSecretsManifest, writeSecretsManifest } from '../constructs/index.js';
import { deploySettingsFromEnv } from './settings.js';

const USAGE = 'usage: tsx charts/secrets.ts [--output FILE.secret.yaml]';

async function main(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [flag, file, ...rest] = args;
  if ((flag !== undefined && (flag !== '--output' || file === undefined)) || rest.length > 0) {
    process.stderr.write(`unexpected arguments ${JSON.stringify(args)}: expected none, or --output FILE\n${USAGE}\n`);
    return 2;
  }
  const { namespace } = deploySettingsFromEnv(env);
  const rendered = renderSecretsManifest(env, { namespace });
  for (const warning of rendered.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (file === undefined) {
    process.stdout.write(rendered.manifest);
  } else {
    await writeSecretsManifest(file, rendered);
  }
  process.stderr.write(`${rendered.summary}${file === undefined ? '' : ` (written to ${file}, mode 0600)`}\n`);
  return 0;
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // bad settings, a key with whitespace, a file name that is not git-ignored: one message each
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

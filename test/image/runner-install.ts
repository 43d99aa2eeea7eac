import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const runnerDir = fileURLToPath(new URL('../../runner/', import.meta.url));

/**
 * The runner installed the way runner/Dockerfile installs it: `npm pack` in runner/ (its prepack
 * builds lib/; package.json `files` decides what ships), then `npm install --omit=dev` of the
 * tarball in an empty folder. No Docker engine needed, same bytes as the image's /opt/clawbench.
 */
export interface RunnerInstall {
  /** The empty folder the tarball was installed into (the image's /opt/clawbench). */
  readonly root: string;
  /** node_modules/.bin/clawbench */
  readonly bin: string;
  /** The installed package folder, node_modules/clawbench-runner. */
  readonly packageDir: string;
  readonly tarballBytes: number;
  remove(): Promise<void>;
}

export async function installRunnerLikeTheImage(): Promise<RunnerInstall> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'clawbench-image-'));
  const packDir = path.join(root, 'pack');
  const installDir = path.join(root, 'opt-clawbench');
  await Promise.all([mkdir(packDir), mkdir(installDir)]);
  const quiet = { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } };
  await run('npm', ['pack', '--pack-destination', packDir], { ...quiet, cwd: runnerDir });
  const [tarball] = (await readdir(packDir)).filter((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack in runner/ left no tarball in ${packDir}`);
  const tarballPath = path.join(packDir, tarball);
  await run('npm', ['install', '--omit=dev', tarballPath], { ...quiet, cwd: installDir });
  return {
    root: installDir,
    bin: path.join(installDir, 'node_modules', '.bin', 'clawbench'),
    packageDir: path.join(installDir, 'node_modules', 'clawbench-runner'),
    tarballBytes: (await stat(tarballPath)).size,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Bytes on disk under a folder (apparent sizes, symlinks not followed). */
export async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

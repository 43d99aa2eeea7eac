import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Resolves `relative` inside `root`, refusing anything that leaves it (`..`, absolute paths).
 * `what` names the input for the error message.
 */
export function resolveInside(root: string, relative: string, what: string): string {
  const resolved = path.resolve(root, relative);
  const fromRoot = path.relative(root, resolved);
  if (fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) {
    throw new Error(`${what} "${relative}" leaves its folder: expected a path inside ${path.basename(root)}/`);
  }
  return resolved;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every regular file under `dir`, as sorted paths relative to it (posix separators); [] if dir is missing. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** `relative path -> sha256` for every file under dir. */
export async function hashTree(dir: string): Promise<Array<[string, string]>> {
  const files = await listFiles(dir);
  return Promise.all(files.map(async (file) => [file, sha256(await readFile(path.join(dir, file)))] as [string, string]));
}

/**
 * Prints the size of the runner installed the way runner/Dockerfile installs it (npm pack, then
 * `npm install --omit=dev` of the tarball in an empty folder): what the image adds on top of
 * node:24-slim. Run: node --import tsx bench/runner-install-size.ts
 */
import path from 'node:path';
import { folderBytes, installRunnerLikeTheImage } from '../test/image/runner-install.js';

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const install = await installRunnerLikeTheImage();
try {
  const total = await folderBytes(install.root);
  const runner = await folderBytes(install.packageDir);
  const tasks = await folderBytes(path.join(install.packageDir, 'tasks'));
  console.log(`runner tarball (npm pack):            ${mb(install.tarballBytes)}`);
  console.log(`installed with --omit=dev (total):    ${mb(total)}`);
  console.log(`  clawbench-runner package:           ${mb(runner)}`);
  console.log(`    of which the bundled task suite:  ${mb(tasks)}`);
  console.log(`  production dependencies:            ${mb(total - runner)}`);
} finally {
  await install.remove();
}

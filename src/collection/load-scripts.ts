import { readFile } from 'node:fs/promises';
import { packageFile } from '../util/package-paths.js';
import { composeScripts, sandboxFilesNeeded, type SandboxScripts } from './sandbox-scripts.js';

export async function loadSandboxScripts(): Promise<SandboxScripts> {
  const files = new Map<string, string>();
  await Promise.all(
    sandboxFilesNeeded().map(async (path) => {
      files.set(path, await readFile(packageFile(`src/sandbox/${path}`), 'utf8'));
    }),
  );
  return composeScripts(files);
}

import { readdirSync, readFileSync } from 'node:fs';
import { packageFile } from '../util/package-paths.js';
import { composeScripts, ENTRY_SCRIPTS, type SandboxScripts, type SandboxSources } from './sandbox-scripts.js';

let sources: SandboxSources | undefined;

/** The sandbox files that ship with the tool, read once per process (a few small files: read synchronously). */
export function readSandboxSources(): SandboxSources {
  if (sources) return sources;
  const read = (path: string) => readFileSync(packageFile(`src/sandbox/${path}`), 'utf8');
  const library = new Map<string, string>();
  for (const file of readdirSync(packageFile('src/sandbox/lib')).sort()) {
    if (file.endsWith('.js')) library.set(file.slice(0, -'.js'.length), read(`lib/${file}`));
  }
  const entries = new Map(Object.values(ENTRY_SCRIPTS).map((file) => [file, read(file)]));
  sources = { entries, library };
  return sources;
}

export function loadSandboxScripts(): SandboxScripts {
  return composeScripts(readSandboxSources());
}

// Build step: src/ as JavaScript in dist/, a file per module with its source map, where tsc used to
// write them (without comments now: the maps point at src/). tsc checks the types in
// `npm run typecheck` (part of `npm test`), which covers src/ with the tests; emitting with tsc as
// well checked src/ a second time in every `npm test` and every `npm install` (4.5-6.5 s on a fresh
// clone on this two-core machine; esbuild writes the files in 0.4 s).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(root, 'src');
const OUT = join(root, 'dist');

const sources = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))
  .map((path) => join(SRC, path));

// A module removed from src/ must not linger in dist/, where the CLI would still find it.
rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: sources,
  outdir: OUT,
  outbase: SRC,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'warning',
});

// Build step of `npm test`: the test files (test/, and the bench/ modules they import) as plain
// JavaScript under .test-build/, so the test processes run without a TypeScript loader. Under tsx
// every module Newman and oidc-provider load passes its hooks: loading them took 2.9 CPU s instead
// of 1.5, in each test process. A file still runs from source: `node --import tsx --test test/X.test.ts`.
//
// Two things change in the copy, so that it behaves as the source does:
// - imports of src/ point at dist/, the build `npm test` makes first (the code that ships);
// - import.meta.url is the source file's URL, so a path the file finds beside itself (fixtures,
//   the repository root) is the same; import.meta.filename stays the copy's own.
// A failure's stack names lines of the copy, which reads like the source; each copy carries its source
// map, for `node --enable-source-maps --test .test-build/test/X.test.js` (npm test leaves that off: it
// cost a shard ~13% more CPU).
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(root, '.test-build');

const sources = ['test', 'bench'].flatMap((dir) =>
  readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))
    .map((path) => join(root, dir, path)),
);

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: sources,
  outdir: OUT,
  outbase: root,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  sourcesContent: false,
  logLevel: 'warning',
});

/** A relative import in the copy at `outFile` of `sourceFile`: the same module, or dist/'s for src/. */
function rewrite(specifier, sourceFile, outFile) {
  const target = resolve(dirname(sourceFile), specifier);
  const inSrc = relative(join(root, 'src'), target);
  let file;
  if (!inSrc.startsWith('..') && target.endsWith('.js') && existsSync(target.replace(/\.js$/, '.ts'))) {
    file = join(root, 'dist', inSrc);
  } else if (target.endsWith('.js') && existsSync(target.replace(/\.js$/, '.ts'))) {
    return specifier; // another test or bench module: compiled to the same place relative to this one
  } else {
    file = target; // a file that is not TypeScript (.mjs, .json): the original
  }
  const path = relative(dirname(outFile), file).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)"(\.\.?\/[^"]+)"/g;
for (const sourceFile of sources) {
  const outFile = join(OUT, relative(root, sourceFile)).replace(/\.ts$/, '.js');
  const code = readFileSync(outFile, 'utf8')
    .replace(IMPORT, (_, keyword, specifier) => `${keyword}"${rewrite(specifier, sourceFile, outFile)}"`)
    .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(sourceFile).href));
  writeFileSync(outFile, code);
}

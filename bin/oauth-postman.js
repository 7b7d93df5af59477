#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'oauth-postman: the CLI is not built yet.\nFix: run `npm install` (or `npm run build`) in the project folder.\n',
  );
  process.exit(70);
}
const { main } = await import(entry.href);
await main(process.argv.slice(2));

// `npm run build` (and `npm install`, through prepare): dist/ from src/, in one process.
// 1. src/ as JavaScript (transpile-src.mjs; `npm run typecheck` checks the types);
// 2. the config schema as a standalone validator (compile-config-schema.mjs);
// 3. the offline HTML report template and its assets (build-report-template.mjs).
// Each step runs when imported, in this order: the first empties dist/.
await import('./transpile-src.mjs');
await import('./compile-config-schema.mjs');
await import('./build-report-template.mjs');

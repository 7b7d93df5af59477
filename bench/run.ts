/**
 * `npm run bench`: token reuse, per-request overhead, start-up and scale, measured against the
 * local authorization server on 127.0.0.1 (issue 5). Progress goes to stderr, the table to
 * stdout; the results go to reports/bench.json and reports/bench.md, and with
 * `-- --update-benchmarks-md` the table in BENCHMARKS.md is replaced too. `-- --diagnose` adds
 * two variants to the overhead runs that split the script's cost (about a minute longer).
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { describeMachine, machineLine } from './machine.js';
import { measureOpenApi, openApiRows } from './openapi.js';
import { markdownTable, textTable } from './report.js';
import { resultRows } from './rows.js';
import { measureOverhead, measureScale, measureStartup, measureTokenReuse, SIZES } from './sections.js';
import { timeChild } from './startup.js';
import { loadBenchProject, repoRoot } from './variants.js';

const BEGIN_MARKER = '<!-- bench:begin (written by npm run bench -- --update-benchmarks-md) -->';
const END_MARKER = '<!-- bench:end -->';

const progress = (message: string) => process.stderr.write(`${message}\n`);

/** Start-up is measured on the compiled CLI: build it when missing, and say so when it is older than src/. */
async function ensureBuilt(): Promise<void> {
  const cli = join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    progress('dist/ is missing: building it (tsc -p tsconfig.build.json)');
    await timeChild([join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], repoRoot, 170_000);
    return;
  }
  const built = (await stat(cli)).mtimeMs;
  for (const source of await readdir(join(repoRoot, 'src'), { recursive: true })) {
    if ((await stat(join(repoRoot, 'src', source))).mtimeMs > built) {
      progress(`Note: src/${source} is newer than dist/, so start-up figures are for the last build (run npm run build).`);
      return;
    }
  }
}

async function updateBenchmarksMd(block: string): Promise<void> {
  const file = join(repoRoot, 'BENCHMARKS.md');
  const text = await readFile(file, 'utf8');
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`BENCHMARKS.md has no ${BEGIN_MARKER} … ${END_MARKER} block to replace.`);
  await writeFileAtomic(file, `${text.slice(0, begin + BEGIN_MARKER.length)}\n${block}\n${text.slice(end)}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = await describeMachine();
  progress(`Machine: ${machineLine(machine)}`);
  await ensureBuilt();
  const project = await loadBenchProject();

  // Overhead first: its warm-up also warms Newman and the sandbox for the token-reuse runs.
  const overhead = await measureOverhead(project, process.argv.includes('--diagnose'), progress);
  const tokenReuse = await measureTokenReuse(project, progress);
  const startup = await measureStartup(progress);
  const scale = await measureScale(progress);
  const openapi = await measureOpenApi(project, progress);
  const totalMs = performance.now() - started;

  const rows = [...resultRows({ tokenReuse, overhead, startup, scale }), ...openApiRows(openapi)];
  const finishedAt = new Date().toISOString();
  const summaryLine = `Total benchmark time ${(totalMs / 1000).toFixed(1)} s; ${SIZES.rounds} runs per median; finished ${finishedAt}.`;
  process.stdout.write(`\n${textTable(rows)}\n\nMachine: ${machineLine(machine)}\n${summaryLine}\n`);

  const markdown = `Machine: ${machineLine(machine)}.\n${summaryLine}\n\n${markdownTable(rows)}`;
  await writeFileAtomic(join(repoRoot, 'reports', 'bench.md'), `${markdown}\n`);
  await writeFileAtomic(
    join(repoRoot, 'reports', 'bench.json'),
    `${JSON.stringify({ finishedAt, totalMs, machine, sizes: SIZES, tokenReuse, overhead, startup, scale, openapi, rows }, null, 2)}\n`,
  );
  progress('Wrote reports/bench.json and reports/bench.md.');
  if (process.argv.includes('--update-benchmarks-md')) {
    await updateBenchmarksMd(markdown);
    progress('Updated the table in BENCHMARKS.md.');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

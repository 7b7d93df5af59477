/**
 * `npm run bench`: the README's main job, per-request overhead, token hits, start-up and scale,
 * measured against the local authorization server on 127.0.0.1 (issues 5 and 14). Progress goes
 * to stderr, the table to stdout; the results go to reports/bench.json and reports/bench.md, and
 * with `-- --update-benchmarks-md` the table in BENCHMARKS.md is replaced too. `-- --diagnose`
 * adds the committed (not lean) collection to the overhead runs (about a minute longer).
 * Every section notes the machine's load average when it started and ended.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { describeMachine, machineLine } from './machine.js';
import { maskingRows, measureMasking } from './masking.js';
import { measureOpenApi, openApiRows } from './openapi.js';
import { markdownTable, textTable } from './report.js';
import { resultRows, withLoad, type BenchResults } from './rows.js';
import { loadavg } from 'node:os';
import { measureOverhead, measureScale, measureTokenReuse } from './sections.js';
import { QUICK, SIZES } from './sizes.js';
import { measureStartup, timeChild } from './startup.js';
import { loadBenchProject, repoRoot } from './variants.js';

const BEGIN_MARKER = '<!-- bench:begin (written by npm run bench -- --update-benchmarks-md) -->';
const END_MARKER = '<!-- bench:end -->';

const progress = (message: string) => process.stderr.write(`${message}\n`);

/** Start-up is measured on the compiled CLI: build it when missing, and say so when it is older than src/. */
async function ensureBuilt(): Promise<void> {
  const cli = join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    progress('dist/ is missing: building it (npm run build)');
    await timeChild([join(repoRoot, 'scripts', 'build.mjs')], repoRoot, 170_000);
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

  const loads = {} as BenchResults['loads'];
  const section = async <T>(name: keyof BenchResults['loads'], measure: () => Promise<T>): Promise<T> => {
    const from = loadavg()[0]!;
    const result = await measure();
    loads[name] = [from, loadavg()[0]!];
    return result;
  };
  // Start-up first, in fresh processes; then overhead, whose warm-up also warms Newman and the
  // sandbox for the token-reuse runs.
  const startup = await section('startup', () => measureStartup(progress));
  const overhead = await section('overhead', () => measureOverhead(project, process.argv.includes('--diagnose'), progress));
  const tokenReuse = await section('tokenReuse', () => measureTokenReuse(project, progress));
  const scale = await section('scale', () => measureScale(progress));
  const openapi = await section('openapi', () => measureOpenApi(project, progress));
  const masking = await section('masking', async () => measureMasking(progress));
  const totalMs = performance.now() - started;

  const rows = [
    ...resultRows({ tokenReuse, overhead, startup, scale, loads }),
    ...openApiRows(openapi).map((row) => ({ ...row, section: withLoad(row.section, loads.openapi) })),
    ...maskingRows(masking).map((row) => ({ ...row, section: withLoad(row.section, loads.masking) })),
  ];
  const finishedAt = new Date().toISOString();
  const summaryLine = `Total benchmark time ${(totalMs / 1000).toFixed(1)} s; ${SIZES.rounds} runs per median; finished ${finishedAt}.`;
  process.stdout.write(`\n${textTable(rows)}\n\nMachine: ${machineLine(machine)}\n${summaryLine}\n`);

  const markdown = `Machine: ${machineLine(machine)}.\n${summaryLine}\n\n${markdownTable(rows)}`;
  await writeFileAtomic(join(repoRoot, 'reports', 'bench.md'), `${markdown}\n`);
  await writeFileAtomic(
    join(repoRoot, 'reports', 'bench.json'),
    `${JSON.stringify({ finishedAt, totalMs, machine, sizes: SIZES, loads, tokenReuse, overhead, startup, scale, openapi, masking, rows }, null, 2)}\n`,
  );
  progress('Wrote reports/bench.json and reports/bench.md.');
  if (process.argv.includes('--update-benchmarks-md') && QUICK) {
    progress('Not updating BENCHMARKS.md: a --quick run only tries the benchmark.');
  } else if (process.argv.includes('--update-benchmarks-md')) {
    await updateBenchmarksMd(markdown);
    progress('Updated the table in BENCHMARKS.md.');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

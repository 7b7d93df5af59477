import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

/*
 * `npm test` runs the test files in a few processes ("shards") instead of one process per file:
 * each process loads Newman, oidc-provider and the CLI once (about 2 s of CPU, 3 under tsx),
 * where one process per file paid that 49 times on a 2-core machine. Inside a shard each file
 * is a suite of its own, run one after another, so its before/after hooks and its state are
 * its own as before. A file still runs alone: `node --import tsx --test test/<file>.test.ts`.
 * The paths here are the source's (build-tests.mjs keeps import.meta.url the source's URL).
 */

const testDir = fileURLToPath(new URL('..', import.meta.url));
export const shardDir = join(testDir, 'shards');

/**
 * Seconds each file took in runs of the whole suite on the 2-core reference machine (averaged over
 * six runs; files under 1.5 s left out), to balance the shards: the suite takes as long as its
 * longest shard. A file not listed counts as DEFAULT_SECONDS; a wrong figure only unbalances the
 * shards, it never leaves a file out.
 */
const SECONDS_IN_SUITE: Readonly<Record<string, number>> = {
  'authorization-server.test.ts': 4,
  'bounds-in-runs.test.ts': 5,
  'browser-login.test.ts': 17,
  'contract-test-script.test.ts': 2,
  'env-export.test.ts': 3,
  'environment-rules.test.ts': 4,
  'faults.test.ts': 22,
  'html-report.test.ts': 6,
  'init.test.ts': 5,
  'interrupted-runs.test.ts': 5,
  'lean-collection.test.ts': 16,
  'masking-in-runs.test.ts': 32,
  'network.test.ts': 4,
  'newman-run.test.ts': 17,
  'node-clients-trust.test.ts': 12,
  'openapi-e2e.test.ts': 19,
  'output-modes.test.ts': 16,
  'postman-cli.test.ts': 42,
  'redirects-in-runs.test.ts': 6,
  'report-write-failures.test.ts': 2,
  'secrets.test.ts': 27,
  'test-runner.test.ts': 2,
  'user-files.test.ts': 5,
};
/**
 * Files that run in a shard of their own, the last ones. postman-cli.test.ts is 42 s of waiting on
 * the Postman CLI (its delays between requests outlast the tokens) and half a CPU second of its
 * own: alone, it waits beside the other shards instead of holding back the files queued behind it
 * in one of them (node:test 69–70 s in two runs, against 76–81 s in three with four shards).
 */
export const IN_A_SHARD_OF_ITS_OWN: readonly string[] = ['postman-cli.test.ts'];
const DEFAULT_SECONDS = 1;

/** Every test file, by name: `test/*.test.ts`. */
export function testFiles(): string[] {
  return readdirSync(testDir)
    .filter((name) => name.endsWith('.test.ts'))
    .sort();
}

/** The shard files `npm test` runs: `test/shards/<n>.test.ts`, numbered from 1. */
export function shardFiles(): string[] {
  return readdirSync(shardDir)
    .filter((name) => /^\d+\.test\.ts$/.test(name))
    .sort((a, b) => parseInt(a) - parseInt(b));
}

/**
 * Splits the files into `count` shards: each file of IN_A_SHARD_OF_ITS_OWN takes one of the last
 * shards alone; the others share the rest at about equal time, longest first, each to the shard
 * with the least time so far (the longest-processing-time rule). Every file lands in exactly one.
 */
export function splitIntoShards(files: readonly string[], count: number): string[][] {
  const alone = files.filter((file) => IN_A_SHARD_OF_ITS_OWN.includes(file));
  const shared = files.filter((file) => !alone.includes(file));
  const sharedCount = Math.max(1, count - alone.length);
  const shards = Array.from({ length: sharedCount }, () => ({ seconds: 0, files: [] as string[] }));
  const weight = (file: string) => SECONDS_IN_SUITE[file] ?? DEFAULT_SECONDS;
  const longestFirst = [...shared].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
  for (const file of longestFirst) {
    const lightest = shards.reduce((least, shard) => (shard.seconds < least.seconds ? shard : least));
    lightest.files.push(file);
    lightest.seconds += weight(file);
  }
  // With fewer shards than files to run alone, the last shard takes the rest of them.
  const ownShards = alone.slice(0, count - sharedCount).map((file) => [file]);
  shards.at(-1)!.files.push(...alone.slice(ownShards.length));
  return [...shards.map((shard) => shard.files), ...ownShards];
}

/**
 * Where a test file's module is: `npm test` runs the JavaScript copies scripts/build-tests.mjs
 * makes beside this module's own copy; under tsx, the TypeScript itself.
 */
function moduleOf(file: string): string {
  const compiledDir = join(dirname(import.meta.filename), '..');
  return import.meta.filename.endsWith('.js')
    ? pathToFileURL(join(compiledDir, file.replace(/\.ts$/, '.js'))).href
    : pathToFileURL(join(testDir, file)).href;
}

/** Registers this shard's files, each as a suite named after it; `shardUrl` is the shard file's import.meta.url. */
export function registerShard(shardUrl: string): void {
  const number = parseInt(basename(fileURLToPath(shardUrl)));
  const shards = splitIntoShards(testFiles(), shardFiles().length);
  for (const file of shards[number - 1] ?? []) {
    describe(file, async () => {
      await import(moduleOf(file));
    });
  }
}

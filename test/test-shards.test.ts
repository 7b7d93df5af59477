import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { IN_A_SHARD_OF_ITS_OWN, shardFiles, splitIntoShards, testFiles } from './support/shards.js';

/* `npm test` runs the files through test/shards: a file that no shard takes would never run there. */

test('every test file runs in exactly one of the shards npm test starts', () => {
  const files = testFiles();
  assert.ok(files.includes('test-shards.test.ts') && files.length > 40, `files found: ${files.length}`);
  const shards = splitIntoShards(files, shardFiles().length);
  assert.deepEqual(shards.flat().sort(), files);
  assert.ok(
    shards.every((shard) => shard.length > 0),
    'no shard is empty',
  );
});

test('the shard files are numbered 1 to N with none missing, so no share of the files is left out', () => {
  const numbers = shardFiles().map((name) => parseInt(name));
  assert.ok(numbers.length >= 2, `shards: ${numbers.join(', ')}`);
  assert.deepEqual(
    numbers,
    numbers.map((_, index) => index + 1),
  );
});

test('npm test starts every shard at once: its --test-concurrency is the number of shard files', () => {
  const scripts = (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  assert.match(scripts['test:unit']!, /\.test-build\/test\/shards\/\*\.test\.js/);
  assert.equal(scripts['test:unit']!.match(/--test-concurrency=(\d+)/)?.[1], String(shardFiles().length));
});

test('the split balances: longest first, each file to the shard with the least time so far', () => {
  assert.deepEqual(splitIntoShards(['a.test.ts', 'b.test.ts', 'c.test.ts'], 2), [['a.test.ts', 'c.test.ts'], ['b.test.ts']]);
  const shards = splitIntoShards(['secrets.test.ts', 'masking-in-runs.test.ts', 'faults.test.ts', 'cli.test.ts'], 2);
  assert.deepEqual(shards, [
    ['masking-in-runs.test.ts', 'cli.test.ts'],
    ['secrets.test.ts', 'faults.test.ts'],
  ]);
});

test('a file that waits more than it works runs in a shard of its own, the last, and the others share the rest', () => {
  assert.deepEqual(IN_A_SHARD_OF_ITS_OWN, ['postman-cli.test.ts']);
  const files = ['postman-cli.test.ts', 'secrets.test.ts', 'masking-in-runs.test.ts', 'cli.test.ts'];
  assert.deepEqual(splitIntoShards(files, 3), [
    ['masking-in-runs.test.ts'],
    ['secrets.test.ts', 'cli.test.ts'],
    ['postman-cli.test.ts'],
  ]);
  // With one shard there is none to spare: it takes every file.
  assert.deepEqual(splitIntoShards(files, 1), [
    ['masking-in-runs.test.ts', 'secrets.test.ts', 'cli.test.ts', 'postman-cli.test.ts'],
  ]);
  // npm test's own split.
  const shards = splitIntoShards(testFiles(), shardFiles().length);
  assert.deepEqual(shards.at(-1), ['postman-cli.test.ts']);
  assert.ok(shards.slice(0, -1).every((shard) => !shard.includes('postman-cli.test.ts')));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shardFiles, splitIntoShards, testFiles } from './support/shards.js';

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

test('the split balances: longest first, each file to the shard with the least time so far', () => {
  assert.deepEqual(splitIntoShards(['a.test.ts', 'b.test.ts', 'c.test.ts'], 2), [['a.test.ts', 'c.test.ts'], ['b.test.ts']]);
  const shards = splitIntoShards(['postman-cli.test.ts', 'secrets.test.ts', 'masking-in-runs.test.ts', 'cli.test.ts'], 2);
  assert.deepEqual(shards, [
    ['postman-cli.test.ts', 'cli.test.ts'],
    ['masking-in-runs.test.ts', 'secrets.test.ts'],
  ]);
});

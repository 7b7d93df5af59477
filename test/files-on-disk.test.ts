import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { repoRoot } from './support/project.js';

test('.gitignore keeps secrets and run output out of git: .env, reports/, stored browser tokens', () => {
  const ignored = ['.env', '.env.local', 'reports/junit.xml', 'reports/newman-report.html', '.oauth-postman/tokens/prod.json'];
  for (const path of ignored) {
    assert.doesNotThrow(() => execFileSync('git', ['check-ignore', '-q', path], { cwd: repoRoot }), `${path} is git-ignored`);
  }
  for (const path of ['.env.example', 'collections/x.postman_collection.json', 'environments/prod.postman_environment.json']) {
    assert.throws(() => execFileSync('git', ['check-ignore', '-q', path], { cwd: repoRoot }), `${path} is tracked`);
  }
});

test('writeFileAtomic replaces the whole file, with the mode asked for, and leaves no temporary file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oauth-postman-atomic-'));
  try {
    const file = join(dir, 'token.json');
    await writeFileAtomic(file, 'x'.repeat(100_000), { mode: 0o600 });
    await writeFileAtomic(file, '{"short":true}', { mode: 0o600 });
    assert.equal(await readFile(file, 'utf8'), '{"short":true}');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(dir), ['token.json']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a write that cannot complete leaves the old file as it was and no temporary file behind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oauth-postman-atomic-'));
  try {
    // The target is a non-empty directory: the final rename fails after the data was written.
    const target = join(dir, 'environment.json');
    await mkdir(target);
    await writeFileAtomic(join(target, 'keep'), 'old');
    await assert.rejects(writeFileAtomic(target, 'new'));
    assert.deepEqual(await readdir(dir), ['environment.json']);
    assert.equal(await readFile(join(target, 'keep'), 'utf8'), 'old');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

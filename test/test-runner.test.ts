import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runProcess } from './support/process.js';
import { cleanEnv, repoRoot } from './support/project.js';

/*
 * `npm test` is scripts/test.mjs: the build, then the tests beside the checks at the lowest CPU
 * priority. Here the very script runs through real npm in a folder of its own whose package.json
 * scripts stand in for the build, the checks and the tests: each reports what it saw (its CPU
 * priority, whether the tests started while a check was still running) in a file.
 */

/** `node -e` code that records that `name` ran, and at which CPU priority (nice value), in a file. */
const record = (name: string) => `require('fs').writeFileSync('ran-${name}', String(require('os').getPriority()));`;

/** A script that records `name`, prints `text` and exits with `code`. */
const step = (name: string, text: string, code = 0) => `node -e "${record(name)} console.log('${text}'); process.exit(${code})"`;

/**
 * `node -e` code that waits (bounded) for a file the other side writes: a check and the tests each
 * wait for the other to have started, so both finish only when they run at the same time.
 */
const waitFor = (file: string, then: string) =>
  `const fs = require('fs'); const until = Date.now() + 20000; (function wait() { if (fs.existsSync('${file}')) { ${then} } if (Date.now() > until) { console.log('nothing wrote ${file} beside me'); process.exit(99); } setTimeout(wait, 20); })()`;

/** The tests: started, then done once the type-check has started too. */
const testsBesideChecks = (code: number) =>
  `node -e "${record('test-unit')} ${waitFor('ran-typecheck', `console.log('tests ran'); process.exit(${code});`)}"`;

/** A type-check that ends (with `code`) once the tests have started. */
const typecheckBesideTests = (text: string, code: number) =>
  `node -e "${record('typecheck')} ${waitFor('ran-test-unit', `console.log('${text}'); process.exit(${code});`)}"`;

async function runTestScript(scripts: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'oauth-postman-test-runner-'));
  try {
    await mkdir(join(dir, 'scripts'));
    await copyFile(join(repoRoot, 'scripts', 'test.mjs'), join(dir, 'scripts', 'test.mjs'));
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'runner-check',
        private: true,
        type: 'module',
        scripts: { ...scripts, test: 'node scripts/test.mjs' },
      }),
    );
    // npm as a shell starts it: the npm_* variables of an npm this suite runs under name its package, not this one.
    const env = Object.fromEntries(Object.entries(cleanEnv()).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
    const result = await runProcess('npm', ['test', '--silent'], { cwd: dir, env, timeoutMs: 60_000 });
    const ran = (await readdir(dir)).filter((name) => name.startsWith('ran-')).sort();
    /** The CPU priority (nice value) each step ran at. */
    const priority = Object.fromEntries(
      await Promise.all(ran.map(async (name) => [name.slice('ran-'.length), await readFile(join(dir, name), 'utf8')])),
    ) as Record<string, string>;
    return { ...result, ran, priority };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("npm test's runner (scripts/test.mjs)", { concurrency: true }, () => {
  test('a failed check fails the run though the tests pass; it ran beside them at nice 19, and its output comes last', async () => {
    const run = await runTestScript({
      build: step('build', 'built'),
      typecheck: typecheckBesideTests('x.ts(1,1): error TS2322: the type error', 2),
      lint: step('lint', 'lint is fine'),
      'test:unit': testsBesideChecks(0),
    });
    assert.equal(run.code, 1, run.output);
    assert.deepEqual(run.ran, ['ran-build', 'ran-lint', 'ran-test-unit', 'ran-typecheck']);
    // The checks 19 below the build and the tests (nice caps at 19; without a `nice` command, level with them), which
    // run at the priority npm test was started with.
    const started = Number(run.priority.build);
    const niceRuns = spawnSync('nice', ['-n', '19', 'true']).status === 0;
    const lowest = String(niceRuns ? Math.min(19, started + 19) : started);
    assert.deepEqual(run.priority, { build: String(started), typecheck: lowest, lint: lowest, 'test-unit': String(started) });
    assert.match(run.stdout, /^✖ npm run typecheck \(\d+\.\d s, beside the tests\)$/m);
    assert.match(run.stdout, /^✔ npm run lint \(\d+\.\d s, beside the tests\)$/m);
    assert.match(run.stdout, /tests ran\n[\s\S]*\n✖ npm run typecheck failed:\nx\.ts\(1,1\): error TS2322: the type error\n$/);
    assert.doesNotMatch(run.stdout, /lint is fine/, "a passing check's output is not repeated");
  });

  test('a failed build stops the run with its exit code, before any check or test', async () => {
    const run = await runTestScript({
      build: step('build', 'the build broke', 4),
      typecheck: step('typecheck', 'typecheck ran'),
      lint: step('lint', 'lint ran'),
      'test:unit': step('test-unit', 'tests ran'),
    });
    assert.equal(run.code, 4, run.output);
    assert.deepEqual(run.ran, ['ran-build']);
    assert.match(run.stdout, /the build broke/);
  });

  test("failed tests give the run their own exit code, and a failed check's output still comes last", async () => {
    const run = await runTestScript({
      build: step('build', 'built'),
      typecheck: typecheckBesideTests('types are fine', 0),
      lint: step('lint', 'src/x.ts  1:7  error  unused', 1),
      'test:unit': testsBesideChecks(7),
    });
    assert.equal(run.code, 7, run.output);
    assert.match(run.stdout, /\n✖ npm run lint failed:\nsrc\/x\.ts {2}1:7 {2}error {2}unused\n$/);
  });
});

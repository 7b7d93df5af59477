import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runProcess } from './support/process.js';
import { cleanEnv, cliPath, runCli } from './support/project.js';
import { useServer } from './support/fixtures.js';

/* --quiet, --json and colour for scripts and CI logs, through the CLI against the real local server. */

const fixture = useServer();
const { issuedTokens } = fixture;
/** The token request and the API requests: counts below stay put when other folders join the collection. */
const FOLDERS = ['--folder', 'Token', '--folder', 'API'];
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;
// eslint-disable-next-line no-control-regex
const ANSI_CODE = /\u001b\[[0-9;]*m/g;

const pointAt = fixture.env;

function assertNoSecret(text: string) {
  assert.ok(!text.includes(fixture.server.demoClient.clientSecret), 'the client secret was printed');
  for (const token of issuedTokens) assert.ok(!text.includes(token), 'an access token was printed');
}

test('newman --json: stdout is one JSON summary with counts and report paths; progress stays off stdout', async () => {
  const result = await runCli(['newman', '--env', 'prod', ...FOLDERS, '--json', '--reporters', 'cli,junit'], {
    cwd: fixture.project.dir,
    env: pointAt(),
  });
  assert.equal(result.code, 0, result.output);
  const summary = JSON.parse(result.stdout);
  assert.equal(summary.ok, true);
  assert.equal(summary.exitCode, 0);
  assert.equal(summary.env, 'prod');
  assert.deepEqual(summary.requests, { total: 2, failed: 0 });
  assert.deepEqual(summary.assertions, { total: 6, passed: 6, failed: 0 });
  assert.deepEqual(summary.failures, []);
  assert.deepEqual(summary.reports, ['reports/junit.xml']);
  assert.match(result.stderr, /✓ 6 assertions passed in 2 request\(s\)\./);
  assertNoSecret(result.output);
});

test('newman --json when the token endpoint refuses: exit 3, failures named with their messages, no secret', async () => {
  const result = await runCli(['newman', '--env', 'prod', ...FOLDERS, '--json'], {
    cwd: fixture.project.dir,
    env: pointAt({ OAUTH_CLIENT_SECRET: 'wrong-secret-value' }),
  });
  assert.equal(result.code, 3, result.output);
  const summary = JSON.parse(result.stdout);
  assert.equal(summary.ok, false);
  assert.equal(summary.exitCode, 3);
  assert.ok(summary.assertions.failed > 0);
  const tokenFailure = summary.failures.find(
    (failure: { assertion: string }) => failure.assertion === 'Token endpoint answers 200',
  );
  assert.ok(tokenFailure, JSON.stringify(summary.failures));
  assert.match(tokenFailure.message, /invalid_client/);
  assert.equal(tokenFailure.iteration, 1);
  assert.ok(!result.output.includes('wrong-secret-value'), 'the secret was printed');
});

test('newman --quiet: only the closing line on success; the failures and the closing line on failure', async () => {
  const green = await runCli(['newman', '--env', 'prod', ...FOLDERS, '--quiet'], { cwd: fixture.project.dir, env: pointAt() });
  assert.equal(green.code, 0, green.output);
  assert.equal(green.stdout, '✓ 6 assertions passed in 2 request(s).\n');
  assert.equal(green.stderr, '');

  const red = await runCli(['newman', '--env', 'prod', ...FOLDERS, '--quiet'], {
    cwd: fixture.project.dir,
    env: pointAt({ OAUTH_CLIENT_SECRET: 'wrong-secret-value' }),
  });
  assert.equal(red.code, 3, red.output);
  assert.equal(red.stdout, '');
  assert.match(red.stderr, /✗ Get access token \(client credentials\) › Token endpoint answers 200: .*invalid_client/);
  assert.match(
    red.stderr,
    /✗ \d+ failure\(s\) in 2 request\(s\) \(\d+ of \d+ assertions failed\): no usable access token, exit 3\.\n$/,
  );
  assert.ok(!red.output.includes('wrong-secret-value'));
});

test('--quiet and --json together are a usage error', async () => {
  const result = await runCli(['newman', '--quiet', '--json'], { cwd: fixture.project.dir });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /mutually exclusive/);
});

/**
 * The CLI as a user's shell runs it: through bash (with pipefail, so the CLI's exit code survives a
 * pipe), with no CI variable (under CI, colour libraries turn colour off by themselves, which would
 * hide a missing decision of ours), optionally in a terminal (util-linux `script`).
 */
function inShell(
  commandLine: string,
  options: { env?: Record<string, string>; terminal?: boolean },
): Promise<{ code: number | null; output: string; stderr: string }> {
  const env = cleanEnv({ ...pointAt(), TERM: 'xterm', ...options.env });
  delete env.CI;
  const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)}`;
  const script = `set -o pipefail; ${commandLine.replace('CLI', cli)}`;
  return options.terminal
    ? runProcess('script', ['-qec', `bash -c ${JSON.stringify(script)}`, '/dev/null'], { cwd: fixture.project.dir, env })
    : runProcess('bash', ['-c', script], { cwd: fixture.project.dir, env });
}

const failingRun = `CLI newman --env prod ${FOLDERS.join(' ')}`;
const wrongSecret = { OAUTH_CLIENT_SECRET: 'wrong-secret-value' };

test('output to a pipe has no colour codes, with NO_COLOR unset as with it set', async () => {
  for (const noColor of ['', '1']) {
    const result = await runCli(['newman', '--env', 'prod', ...FOLDERS], {
      cwd: fixture.project.dir,
      env: pointAt({ NO_COLOR: noColor }),
    });
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /✓ {2}Token endpoint answers 200/);
    assert.doesNotMatch(result.output, ANSI, `NO_COLOR=${JSON.stringify(noColor)}`);
  }
});

test("a failing run piped into a file has no colour codes either, Newman's failure table included", async () => {
  for (const noColor of ['', '1']) {
    const result = await inShell(`${failingRun} | cat`, { env: { ...wrongSecret, NO_COLOR: noColor } });
    assert.equal(result.code, 3, result.output);
    assert.match(result.output.replace(ANSI_CODE, ''), /# +failure +detail/, 'the failure table is there');
    assert.doesNotMatch(result.output, ANSI, `NO_COLOR=${JSON.stringify(noColor)}: ${JSON.stringify(result.output.slice(-600))}`);
  }
});

test('output piped into head ends quietly: no EPIPE, the run finishes with its own exit code and its report', async () => {
  const report = join(fixture.project.dir, 'reports', 'junit.xml');
  await rm(report, { force: true });
  const green = await inShell(`${failingRun} | head -n 1`, {});
  assert.equal(green.code, 0, green.output);
  assert.equal(green.output.split('\n').filter(Boolean).length, 1, green.output);
  assert.equal(green.stderr, '', 'nothing on stderr: no stack trace');
  assert.match(await readFile(report, 'utf8'), /<\/testsuites>/, 'the report was written in full');

  const red = await inShell(`${failingRun} 2>&1 | head -n 2`, { env: wrongSecret });
  assert.equal(red.code, 3, red.output);
  assert.doesNotMatch(red.output, /EPIPE|at .*\(node:/);
});

const hasScript = spawnSync('script', ['--version']).status === 0;

test('in a terminal, Newman colours its output unless NO_COLOR is set, the failure table included', {
  skip: !hasScript && 'util-linux script is not installed',
}, async () => {
  const coloured = await inShell(failingRun, { terminal: true, env: { ...wrongSecret, NO_COLOR: '' } });
  assert.equal(coloured.code, 3, coloured.output);
  assert.match(coloured.output, ANSI, 'a terminal without NO_COLOR gets colour');
  const plain = await inShell(failingRun, { terminal: true, env: { ...wrongSecret, NO_COLOR: '1' } });
  assert.equal(plain.code, 3, plain.output);
  assert.match(plain.output, /# +failure +detail/, 'the failure table is there');
  assert.doesNotMatch(plain.output, ANSI, 'NO_COLOR=1 turns colour off in a terminal');
});

test('--folder with a name the collection does not have: exit 2, listing the folders, before anything runs', async () => {
  const result = await runCli(['newman', '--env', 'prod', '--folder', 'API', '--folder', 'Nope'], {
    cwd: fixture.project.dir,
    env: pointAt(),
  });
  assert.equal(result.code, 2, result.output);
  // The folders are whatever the committed collection has (OpenAPI tags add some), so the list is read from it.
  const collection = JSON.parse(
    await readFile(join(fixture.project.dir, 'collections', 'cloudsso-oauth.postman_collection.json'), 'utf8'),
  ) as { item: { name: string; item?: unknown[] }[] };
  const folders = collection.item.filter((entry) => entry.item).map((folder) => `"${folder.name}"`);
  assert.ok(folders.includes('"Token"') && folders.includes('"API"'), `folders read: ${folders.join(', ')}`);
  assert.equal(
    result.stderr,
    '✗ The collection has no folder or request named "Nope".\n' +
      `  Fix: --folder takes the name of a folder (${folders.join(', ')}) or of a request.\n`,
  );
  assert.equal(result.stdout, '', 'no run started');
});

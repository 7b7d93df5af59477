import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { cleanEnv, cliPath, runCli } from './support/project.js';
import { useServer } from './support/fixtures.js';

/* --quiet, --json and colour for scripts and CI logs, through the CLI against the real local server. */

const fixture = useServer();
const { issuedTokens } = fixture;
/** The token request and the API requests: counts below stay put when other folders join the collection. */
const FOLDERS = ['--folder', 'Token', '--folder', 'API'];
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

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

test('newman --json on a failing run: exit 1, failures named with their messages, no secret', async () => {
  const result = await runCli(['newman', '--env', 'prod', ...FOLDERS, '--json'], {
    cwd: fixture.project.dir,
    env: pointAt({ OAUTH_CLIENT_SECRET: 'wrong-secret-value' }),
  });
  assert.equal(result.code, 1, result.output);
  const summary = JSON.parse(result.stdout);
  assert.equal(summary.ok, false);
  assert.equal(summary.exitCode, 1);
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
  assert.equal(red.code, 1, red.output);
  assert.equal(red.stdout, '');
  assert.match(red.stderr, /✗ Get access token \(client credentials\) › Token endpoint answers 200: .*invalid_client/);
  assert.match(red.stderr, /✗ \d+ failure\(s\) in 2 request\(s\)/);
  assert.ok(!red.output.includes('wrong-secret-value'));
});

test('--quiet and --json together are a usage error', async () => {
  const result = await runCli(['newman', '--quiet', '--json'], { cwd: fixture.project.dir });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /mutually exclusive/);
});

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

const hasScript = spawnSync('script', ['--version']).status === 0;

test(
  'in a terminal, Newman colours its output unless NO_COLOR is set',
  { skip: !hasScript && 'util-linux script is not installed' },
  async () => {
    // Asynchronous: the server answering the run lives in this process.
    const inTerminal = (noColor: string) =>
      new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} newman --env prod ${FOLDERS.join(' ')}`;
        const env = cleanEnv({ ...pointAt(), NO_COLOR: noColor, TERM: 'xterm' });
        // Under CI=true, Newman's colour detection (supports-color) turns colour off even in a terminal: a user's shell has no CI.
        delete env.CI;
        const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: fixture.project.dir, env });
        let output = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
        const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(guard);
          resolve({ code, output });
        });
      });
    const coloured = await inTerminal('');
    assert.equal(coloured.code, 0, coloured.output);
    assert.match(coloured.output, ANSI, 'a terminal without NO_COLOR gets colour');
    const plain = await inTerminal('1');
    assert.equal(plain.code, 0, plain.output);
    assert.doesNotMatch(plain.output, ANSI, 'NO_COLOR=1 turns colour off in a terminal');
    assert.match(plain.output, /✓ 6 assertions passed/);
  },
);

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { issuedToken } from './support/issued-token.js';
import { useServer } from './support/fixtures.js';
import { makeProject, runCli } from './support/project.js';
import { waitFor } from './support/wait.js';

/*
 * The resolution rules as a user meets them on the command line: which environment a left-out
 * --env means, what token and doctor need, where a stored browser sign-in token may go, and a
 * base URL with a trailing slash. Against the real local server on loopback.
 */

const fixture = useServer();

/** --env prod pointed at the local server for a person without a client secret. */
function signInEnv(server: RunningAuthorizationServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OAUTH_AUTHORIZE_URL: server.authorizeUrl,
    OAUTH_TOKEN_URL: server.tokenUrl,
    OAUTH_CLIENT_ID: server.publicClient.clientId,
    OAUTH_REDIRECT_URI: 'http://127.0.0.1:8765/callback',
    API_BASE_URL: server.apiBaseUrl,
    ...extra,
  };
}

/** Stores a token the way a person does without `login`: the address the browser landed on, pasted. */
async function importToken(dir: string, env: Record<string, string>, token: string, expiresIn = 3599): Promise<void> {
  const landedOn = `http://127.0.0.1:8765/callback#access_token=${token}&token_type=Bearer&expires_in=${expiresIn}`;
  const result = await runCli(['import-redirect', landedOn, '--env', 'prod'], { cwd: dir, env });
  assert.equal(result.code, 0, result.output);
}

const lines = (text: string) => text.trimEnd().split('\n');

describe('--env: one rule for what a left-out --env means, and an empty one is an error', () => {
  test('--env "" is refused, naming the environments and the default, before anything starts', async () => {
    const newman = await runCli(['newman', '--env', ''], { cwd: fixture.project.dir });
    assert.equal(newman.code, 2, newman.output);
    assert.equal(
      newman.stderr,
      '✗ --env is empty.\n  Fix: Name one of: prod, local (declared in oauth-postman.config.json), or leave --env out for local.\n',
    );
    assert.equal(newman.stdout, '', 'no embedded server was started, no run');
    const login = await runCli(['login', '--env', '', '--no-open'], { cwd: fixture.project.dir });
    assert.equal(login.code, 2, login.output);
    assert.match(login.stderr, /✗ --env is empty\.\n {2}Fix: .* or leave --env out for prod\.\n$/);
  });

  test('--help says what a left-out --env means for each command', async () => {
    const embedded = /--env .*\[string\] \[default: the embedded-server environment \(local\): works with nothing set up\]/s;
    const real =
      /--env .*\[string\] \[default: the first environment without the embedded server \(prod\): your own application\]/s;
    for (const [command, expected] of [
      [['newman'], embedded],
      [['token'], embedded],
      [['doctor'], embedded],
      [['login'], real],
      [['import-redirect'], real],
      [['init'], real],
      [['env', 'export'], real],
    ] as const) {
      const help = await runCli([...command, '--help'], { cwd: fixture.project.dir });
      assert.equal(help.code, 0, help.output);
      assert.match(help.stdout, expected, `${command.join(' ')} --help`);
    }
  });

  test('left out: token works with nothing set up (embedded server); env export means your own environment (prod)', async () => {
    const token = await runCli(['token'], { cwd: fixture.project.dir });
    assert.equal(token.code, 0, token.output);
    assert.match(token.stdout, /^✓ Token from http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2 \(client local-demo-client/);
    const exported = await runCli(['env', 'export', '--out', join(fixture.project.dir, '..', 'never-written.json')], {
      cwd: fixture.project.dir,
    });
    assert.equal(exported.code, 2, exported.output);
    assert.match(exported.stderr, /^✗ clientId is empty for --env prod\./);
  });
});

describe('token and doctor serve both kinds of user', () => {
  test('client credentials: token needs no API_BASE_URL', async () => {
    const withoutApi = fixture.env();
    delete withoutApi.API_BASE_URL;
    const result = await runCli(['token', '--env', 'prod'], { cwd: fixture.project.dir, env: withoutApi });
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /^✓ Token from /);
  });

  describe('a stored browser sign-in token and no secret', () => {
    let project: Awaited<ReturnType<typeof makeProject>>;
    let token: string;
    before(async () => {
      project = await makeProject();
      token = await issuedToken(fixture.server);
      await importToken(project.dir, signInEnv(fixture.server), token);
    });
    after(() => project.remove());

    test('token shows it, masked, with its expiry; --json gives it in the token response shape', async () => {
      const result = await runCli(['token', '--env', 'prod'], { cwd: project.dir, env: signInEnv(fixture.server) });
      assert.equal(result.code, 0, result.output);
      assert.deepEqual(
        lines(result.stdout).map((line) => line.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z \(in 59 min \d+ s\)/, 'EXPIRY')),
        [
          '✓ Browser sign-in token from .oauth-postman/tokens/prod.json (implicit grant, client local-browser-client; no client secret is set)',
          '  type      Bearer',
          '  expires   EXPIRY',
          `  token     ${token.slice(0, 4)}…${token.slice(-4)} (${token.length} chars)`,
        ],
      );
      assert.ok(!result.output.includes(token));

      const json = await runCli(['token', '--env', 'prod', '--json'], { cwd: project.dir, env: signInEnv(fixture.server) });
      assert.equal(json.code, 0, json.output);
      const response = JSON.parse(json.stdout) as { access_token: string; token_type: string; expires_in: number };
      assert.equal(response.access_token, token);
      assert.equal(response.token_type, 'Bearer');
      assert.ok(response.expires_in > 3500 && response.expires_in <= 3599, String(response.expires_in));
    });

    test('doctor checks the stored token against the API instead of asking for a secret', async () => {
      const result = await runCli(['doctor', '--env', 'prod'], { cwd: project.dir, env: signInEnv(fixture.server) });
      assert.equal(result.code, 0, result.output);
      assert.deepEqual(
        lines(result.stdout).map((line) => line.slice(0, 2) + line.slice(2, 26).trim()),
        [
          '✓ configuration',
          '✓ API host resolves',
          '✓ API host connects',
          '– TLS certificate',
          '✓ stored token',
          '✓ API accepts the token',
          '✓ browser sign-in',
        ],
      );
      assert.match(result.stdout, /browser sign-in token in \.oauth-postman\/tokens\/prod\.json \(no client secret\)/);
      assert.match(result.stdout, /✓ API accepts the token\s+GET http:\/\/127\.0\.0\.1:\d+\/api\/me → 200/);
    });

    test('for this user browser sign-in is what they rely on: an unregistered redirect URI fails doctor', async () => {
      const env = signInEnv(fixture.server, { OAUTH_REDIRECT_URI: 'http://localhost:9999/not/registered' });
      const result = await runCli(['doctor', '--env', 'prod'], { cwd: project.dir, env });
      assert.equal(result.code, 3, result.output);
      assert.match(result.stdout, /^✗ browser sign-in\s+The authorization endpoint refused/m);
    });
  });

  test('an expired stored token: token and doctor say to sign in again, with the command for this environment', async () => {
    const { dir, remove } = await makeProject();
    try {
      const env = signInEnv(fixture.server);
      await importToken(dir, env, await issuedToken(fixture.server), 1);
      const { expiresAt } = JSON.parse(await readFile(join(dir, '.oauth-postman', 'tokens', 'prod.json'), 'utf8')) as {
        expiresAt: number;
      };
      // Wait until the stored expiry (1 s after the import) has passed: not a timing assertion.
      await waitFor(() => Date.now() > expiresAt, {
        timeoutMs: expiresAt + 5_000 - Date.now(),
        what: 'the stored token to expire',
      });

      const token = await runCli(['token', '--env', 'prod'], { cwd: dir, env });
      assert.equal(token.code, 3, token.output);
      assert.match(
        token.stderr,
        /^✗ The browser sign-in token in \.oauth-postman\/tokens\/prod\.json expired at [\d-]+T[\d:.]+Z\.\n {2}Fix: Sign in again with `npm run login -- --env prod`, or set OAUTH_CLIENT_SECRET to use client credentials\.\n$/,
      );
      const doctor = await runCli(['doctor', '--env', 'prod'], { cwd: dir, env });
      assert.equal(doctor.code, 3, doctor.output);
      assert.match(
        doctor.stdout,
        /^✗ stored token\s+The browser sign-in token .* expired at .*\n\s+Fix: Sign in again with `npm run login -- --env prod`/m,
      );
    } finally {
      await remove();
    }
  });

  test('a stored token with under a second left: token and doctor both refuse it as expired, as the collection would refresh it', async () => {
    const { dir, remove } = await makeProject();
    try {
      const env = signInEnv(fixture.server);
      await importToken(dir, env, await issuedToken(fixture.server));
      const file = join(dir, '.oauth-postman', 'tokens', 'prod.json');
      const stored = JSON.parse(await readFile(file, 'utf8')) as { expiresAt: number; obtainedAt: number };
      // An hour-long token in its last second: inside the refresh rule's 1 s margin from the start.
      stored.expiresAt = Date.now() + 900;
      stored.obtainedAt = stored.expiresAt - 3_599_000;
      await writeFile(file, JSON.stringify(stored));

      const token = await runCli(['token', '--env', 'prod', '--json'], { cwd: dir, env });
      assert.equal(token.code, 3, token.output);
      assert.equal(token.stdout, '', 'no token is handed out');
      assert.match(token.stderr, /^✗ The browser sign-in token in \.oauth-postman\/tokens\/prod\.json expired at /);
      const doctor = await runCli(['doctor', '--env', 'prod'], { cwd: dir, env });
      assert.equal(doctor.code, 3, doctor.output);
      assert.match(doctor.stdout, /^✗ stored token\s+The browser sign-in token .* expired at /m);
    } finally {
      await remove();
    }
  });
});

describe('a stored token is only sent where it was issued for', () => {
  let project: Awaited<ReturnType<typeof makeProject>>;
  before(async () => {
    project = await makeProject();
    await importToken(project.dir, signInEnv(fixture.server), await issuedToken(fixture.server));
  });
  after(() => project.remove());

  test('another authorization server: one line saying so, then the usual "sign in" (there is no token for it)', async () => {
    const elsewhere = `${fixture.server.origin}/elsewhere/authorization.oauth2`;
    const result = await runCli(['newman', '--env', 'prod'], {
      cwd: project.dir,
      env: signInEnv(fixture.server, { OAUTH_AUTHORIZE_URL: elsewhere }),
    });
    assert.equal(result.code, 2, result.output);
    assert.equal(
      result.stderr,
      `! Not using .oauth-postman/tokens/prod.json: it was issued by ${fixture.server.authorizeUrl}, not ${elsewhere}.\n` +
        '✗ clientSecret is empty for --env prod.\n' +
        '  Fix: Set OAUTH_CLIENT_SECRET in .env (`npx oauth-postman init`, or copy .env.example) or in the process environment. Or sign in in a browser with `npm run login -- --env prod`.\n',
    );
  });

  test('another client id: one line saying so', async () => {
    const result = await runCli(['token', '--env', 'prod'], {
      cwd: project.dir,
      env: signInEnv(fixture.server, { OAUTH_CLIENT_ID: 'my-other-app' }),
    });
    assert.equal(result.code, 2, result.output);
    assert.match(
      result.stderr,
      /^! Not using \.oauth-postman\/tokens\/prod\.json: it was issued to client local-browser-client, not my-other-app\.\n✗ clientSecret is empty/,
    );
  });

  test('the same server and client: used', async () => {
    const result = await runCli(['newman', '--env', 'prod'], { cwd: project.dir, env: signInEnv(fixture.server) });
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /Using the browser sign-in token in \.oauth-postman\/tokens\/prod\.json/);
  });
});

test('a trailing / on API_BASE_URL: requests go to /api/me, never //me', async () => {
  const env = fixture.env({ API_BASE_URL: `${fixture.server.apiBaseUrl}/` });
  const run = await runCli(['newman', '--env', 'prod'], { cwd: fixture.project.dir, env });
  assert.equal(run.code, 0, run.output);
  assert.ok(run.stdout.includes(`GET ${fixture.server.apiBaseUrl}/me `), run.stdout);
  assert.doesNotMatch(run.stdout, /\/\/me/);
  const doctor = await runCli(['doctor', '--env', 'prod'], { cwd: fixture.project.dir, env });
  assert.match(doctor.stdout, new RegExp(`✓ API accepts the token\\s+GET ${fixture.server.apiBaseUrl}/me → 200`));
});

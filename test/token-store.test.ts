import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CliError } from '../src/errors.js';
import { readStoredToken, tokenFile, writeStoredToken, type StoredToken } from '../src/login/token-store.js';
import { SANDBOX_CONSTANTS } from '../src/sandbox/defaults.js';
import { makeProject, runCli } from './support/project.js';

/* A stored browser sign-in token whose numbers are damaged gives one message with the fix, never exit 70. */

const obtainedAt = Date.UTC(2026, 0, 1);
const good: StoredToken = {
  accessToken: 'stored-token-value',
  tokenType: 'Bearer',
  expiresAt: obtainedAt + 3_599_000,
  grant: 'implicit',
  obtainedAt,
  clientId: 'my-client',
  authorizeUrl: 'https://sso.example/as/authorization.oauth2',
};

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oauth-postman-token-store-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const store = async (content: unknown, projectDir = dir) => {
  await mkdir(join(projectDir, '.oauth-postman', 'tokens'), { recursive: true });
  await writeFile(tokenFile(projectDir, 'prod'), typeof content === 'string' ? content : JSON.stringify(content));
};

test('a token as login writes it is read back, the longest lifetime included', async () => {
  await writeStoredToken(dir, 'prod', good);
  assert.deepEqual(await readStoredToken(dir, 'prod'), good);
  const longest = { ...good, expiresAt: obtainedAt + SANDBOX_CONSTANTS.MAX_LIFETIME_SECONDS * 1000 };
  await writeStoredToken(dir, 'prod', longest);
  assert.deepEqual(await readStoredToken(dir, 'prod'), longest);
  await writeStoredToken(dir, 'prod', { ...good, expiresAt: obtainedAt });
  assert.equal((await readStoredToken(dir, 'prod'))!.expiresAt, obtainedAt, 'expires_in 0 is a stored token too');
});

for (const [name, content, problem] of [
  ['not JSON', '{"accessToken": "stored-tok', /it is not JSON/],
  ['no access token', { ...good, accessToken: '' }, /it has no accessToken/],
  ['an expiry that is not a number', { ...good, expiresAt: 'soon' }, /expiresAt is "soon", not a time/],
  ['an expiry past any valid date', { ...good, expiresAt: 1e300 }, /expiresAt is 1e\+300, not a time/],
  ['no obtainedAt', { ...good, obtainedAt: undefined }, /obtainedAt is undefined, not a time/],
  ['an expiry before it was obtained', { ...good, expiresAt: obtainedAt - 1 }, /it expires before it was obtained/],
  ['a lifetime over a year', { ...good, expiresAt: obtainedAt + 400 * 86_400_000 }, /it claims to live longer than a year/],
] as const) {
  test(`a stored token with ${name}: exit 2, the file and the fix`, async () => {
    await store(content);
    await assert.rejects(readStoredToken(dir, 'prod'), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /^\.oauth-postman\/tokens\/prod\.json is not a usable sign-in token: /);
      assert.match(error.message, problem);
      assert.doesNotMatch(error.message, /stored-token-value/);
      assert.match(error.hint!, /Sign in again with `npm run login -- --env prod` to replace it \(or delete the file\)/);
      return true;
    });
  });
}

test('newman with a stored token whose expiry is not a valid date: exit 2 with the fix, not "Unexpected error"', async () => {
  const project = await makeProject();
  try {
    await store({ ...good, expiresAt: 1e300 }, project.dir);
    const result = await runCli(['newman', '--env', 'prod'], {
      cwd: project.dir,
      env: { OAUTH_CLIENT_ID: 'my-client', API_BASE_URL: 'http://127.0.0.1:9/api' },
    });
    assert.equal(result.code, 2, result.output);
    assert.match(result.stderr, /tokens\/prod\.json is not a usable sign-in token: expiresAt is 1e\+300, not a time/);
    assert.match(result.stderr, /Fix: Sign in again with `npm run login -- --env prod` to replace it/);
    assert.doesNotMatch(result.output, /Unexpected error|RangeError|stored-token-value/);
  } finally {
    await project.remove();
  }
});

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useProxiedServer } from './support/fixtures.js';
import { runCli } from './support/project.js';

/* What a user sees when the token endpoint or the input is wrong, with the fault injected on loopback. */

const fixture = useProxiedServer();

const oauthError = (status: number, error: string, description: string) => ({
  respond: {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error, error_description: description }),
  },
});

describe('RFC 6749 §5.2 errors name the likely cause', () => {
  for (const [error, cause] of [
    ['unauthorized_client', /the client_credentials grant is not enabled for this application/],
    ['invalid_scope', /the scope is unknown or not allowed for this application/],
    ['unsupported_grant_type', /the server does not support client_credentials here; check tokenUrl/],
  ] as const) {
    test(`${error}: token exits 3 with the error, its description and the cause; newman fails the named assertion and exits 3 too`, async () => {
      fixture.proxy.inject('/as/token.oauth2', oauthError(400, error, `${error} from the server`), 2);
      const token = await runCli(['token', '--env', 'prod'], { cwd: fixture.project.dir, env: fixture.env() });
      assert.equal(token.code, 3, token.output);
      assert.match(token.stderr, new RegExp(`✗ The token endpoint answered 400 ${error} \\(${error} from the server\\)\\.`));
      assert.match(token.stderr, new RegExp(`Fix: ${cause.source.replace(/^t/, 'T')}`));
      const run = await runCli(['newman', '--env', 'prod', '--folder', 'API'], { cwd: fixture.project.dir, env: fixture.env() });
      assert.equal(run.code, 3, run.output);
      assert.match(run.stdout, /Access token obtained from the token endpoint/);
      assert.match(run.stdout, cause);
    });
  }
});

test('an HTML page instead of JSON: named as such, not a JSON parse error', async () => {
  fixture.proxy.inject('/as/token.oauth2', {
    respond: {
      status: 503,
      headers: { 'content-type': 'text/html' },
      body: '<html><title>Maintenance</title><h1>Down for maintenance</h1></html>',
    },
  });
  const result = await runCli(['token', '--env', 'prod'], { cwd: fixture.project.dir, env: fixture.env() });
  assert.equal(result.code, 3, result.output);
  assert.match(
    result.stderr,
    /✗ The token endpoint answered 503 with text\/html, not JSON \("Maintenance Down for maintenance"\)\.\n\s*Fix: Check tokenUrl/,
  );
  assert.doesNotMatch(result.stderr, /Unexpected token|SyntaxError/);
});

test('a 200 without access_token, and a non-Bearer token_type, are refused by token', async () => {
  fixture.proxy.inject('/as/token.oauth2', { rewriteJson: ({ access_token: _dropped, ...rest }) => rest });
  const missing = await runCli(['token', '--env', 'prod'], { cwd: fixture.project.dir, env: fixture.env() });
  assert.equal(missing.code, 3, missing.output);
  assert.match(missing.stderr, /✗ The token response has no access_token\./);
  fixture.proxy.inject('/as/token.oauth2', { rewriteJson: (body) => ({ ...body, token_type: 'N_A' }) });
  const wrongType = await runCli(['token', '--env', 'prod'], { cwd: fixture.project.dir, env: fixture.env() });
  assert.equal(wrongType.code, 3, wrongType.output);
  assert.match(wrongType.stderr, /token_type "N_A"; only Bearer tokens are supported \(RFC 6749 §7\.1\)/);
});

test('token_type is compared case-insensitively and a string expires_in still gives an expiry', async () => {
  fixture.proxy.inject('/as/token.oauth2', { rewriteJson: (body) => ({ ...body, token_type: 'bearer', expires_in: '1800' }) });
  const result = await runCli(['token', '--env', 'prod'], { cwd: fixture.project.dir, env: fixture.env() });
  assert.equal(result.code, 0, result.output);
  assert.match(result.stderr, /! The token response gives expires_in as a string \("1800"\); RFC 6749 §5\.1 says a number/);
  assert.match(result.stdout, /lifetime {2}1800 s/);
  assert.match(result.stdout, /\(in (29 min \d+ s|30 min 0 s)\)/);
});

test('zero and negative expires_in are reported, and the token is used once', async () => {
  for (const lifetime of [0, -5]) {
    fixture.proxy.inject('/as/token.oauth2', { rewriteJson: (body) => ({ ...body, expires_in: lifetime }) });
    const result = await runCli(['token', '--env', 'prod'], { cwd: fixture.project.dir, env: fixture.env() });
    assert.equal(result.code, 0, result.output);
    assert.match(result.stderr, new RegExp(`expires_in ${lifetime}; the token is used for this request only`));
    assert.match(result.stdout, /lifetime {2}0 s/);
  }
});

test('--allow-insecure-http lifts the clear-text refusal (and nothing else)', async () => {
  const insecure = fixture.env({ OAUTH_TOKEN_URL: 'http://sso.example.invalid/as/token.oauth2' });
  const refused = await runCli(['token', '--env', 'prod'], { cwd: fixture.project.dir, env: insecure });
  assert.equal(refused.code, 2, refused.output);
  assert.match(
    refused.stderr,
    /Refusing to send the client secret in clear text to http:\/\/sso\.example\.invalid\.\n\s+Fix: .*--allow-insecure-http/,
  );
  const allowed = await runCli(['token', '--env', 'prod', '--allow-insecure-http'], { cwd: fixture.project.dir, env: insecure });
  assert.equal(allowed.code, 4, allowed.output);
  assert.match(allowed.stderr, /Unknown host sso\.example\.invalid|Could not resolve sso\.example\.invalid/);
});

test('a hand-edited collection file that is not JSON is named, with the fix', async () => {
  const file = join(fixture.project.dir, 'collections', 'cloudsso-oauth.postman_collection.json');
  const original = await readFile(file, 'utf8');
  await writeFile(file, original.slice(0, original.length / 2));
  try {
    const result = await runCli(['newman'], { cwd: fixture.project.dir });
    assert.equal(result.code, 2, result.output);
    assert.match(result.stderr, /cloudsso-oauth\.postman_collection\.json is not valid JSON: .*\.\n\s+Fix: .*npm run generate/);
  } finally {
    await writeFile(file, original);
  }
});

test('generate refuses to write a file that would carry the secret from .env', async () => {
  const configFile = join(fixture.project.dir, 'oauth-postman.config.json');
  const original = await readFile(configFile, 'utf8');
  const config = JSON.parse(original);
  config.collection.description = 'pasted by mistake: Sup3rS3cretValue';
  await writeFile(configFile, JSON.stringify(config));
  await writeFile(join(fixture.project.dir, '.env'), 'OAUTH_CLIENT_SECRET=Sup3rS3cretValue\n');
  try {
    const result = await runCli(['generate'], { cwd: fixture.project.dir });
    assert.equal(result.code, 2, result.output);
    assert.match(result.stderr, /✗ Refusing to write .*: it would contain your client secret\./);
    assert.doesNotMatch(result.output, /Sup3rS3cretValue/);
  } finally {
    await writeFile(configFile, original);
    await writeFile(join(fixture.project.dir, '.env'), '');
  }
});

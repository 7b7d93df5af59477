import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { startAuthorizationServer } from '../src/server/authorization-server.js';
import { useProxiedServer } from './support/fixtures.js';
import { runCli } from './support/project.js';

/* Faults injected on loopback between the collection and the real local authorization server. */

const fixture = useProxiedServer({ tokenTtlSeconds: 3599 });

test('the token endpoint fails once with 500: the failure is reported and the run goes on with a fresh token', async () => {
  fixture.proxy.inject('/as/token.oauth2', {
    respond: { status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>Internal Server Error</h1>' },
  });
  const before = { ...fixture.server.stats };
  const result = await runCli(['newman', '--env', 'prod'], { cwd: fixture.project.dir, env: fixture.env() });
  assert.equal(result.code, 1, result.output);
  assert.match(
    result.stdout,
    /Token endpoint answers 200\s*\n[\s\S]*answered 500 with text\/html, not JSON \("Internal Server Error"\)/,
  );
  assert.doesNotMatch(result.output, /JSONError|Unexpected token/);
  assert.match(result.stdout, /✓ {2}Who am I answers 200/, 'the protected request got a fresh token');
  assert.equal(fixture.server.stats.tokensIssued - before.tokensIssued, 1);
  assert.equal(fixture.server.stats.apiUnauthorized - before.apiUnauthorized, 0);
});

test('an HTML error page from the token endpoint during refresh becomes a named failed assertion, and the next request tries again', async () => {
  fixture.proxy.inject('/as/token.oauth2', {
    respond: { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' },
  });
  const before = { ...fixture.server.stats };
  const result = await runCli(['newman', '--env', 'prod', '--folder', 'API', '--iterations', '2'], {
    cwd: fixture.project.dir,
    env: fixture.env(),
  });
  assert.equal(result.code, 1, result.output);
  assert.match(result.stdout, /Access token obtained from the token endpoint[\s\S]*answered 502 with text\/html, not JSON/);
  assert.doesNotMatch(result.output, /JSONError|Unexpected token/);
  assert.equal(fixture.server.stats.apiRequests - before.apiRequests, 1, 'the request that had no token was not sent');
  assert.equal(fixture.server.stats.tokensIssued - before.tokensIssued, 1, 'the second iteration fetched a token');
  assert.match(result.stdout, /✓ {2}Who am I answers 200/);
});

test('a token endpoint slower than --timeout-request: a clear timeout', async () => {
  fixture.proxy.inject('/as/token.oauth2', { delayMs: 2500 }, Infinity);
  const result = await runCli(['newman', '--env', 'prod', '--folder', 'API', '--timeout-request', '500'], {
    cwd: fixture.project.dir,
    env: fixture.env(),
  });
  assert.equal(result.code, 1, result.output);
  assert.match(
    result.stdout,
    /Could not reach the token endpoint .*: no answer within the request timeout\. Raise --timeout-request/,
  );
});

for (const [name, rewrite, expected] of [
  [
    'expires_in as a numeric string',
    (body: Record<string, unknown>) => ({ ...body, expires_in: String(body.expires_in) }),
    /expires_in as a string \("3599"\); RFC 6749 §5\.1 says a number/,
  ],
  ['no expires_in', (body: Record<string, unknown>) => ({ ...body, expires_in: undefined }), /no expires_in; assuming 3600 s/],
] as const) {
  test(`a token response with ${name}: the run reports the deviation and still reuses the token`, async () => {
    fixture.proxy.inject('/as/token.oauth2', { rewriteJson: rewrite }, Infinity);
    const before = { ...fixture.server.stats };
    const result = await runCli(['newman', '--env', 'prod', '--folder', 'API', '--iterations', '3'], {
      cwd: fixture.project.dir,
      env: fixture.env(),
    });
    assert.equal(result.code, 0, result.output);
    // Newman wraps console output in a box: join the wrapped lines before matching.
    assert.match(result.stdout.replace(/\n\s*│ /g, ''), expected);
    assert.equal(fixture.server.stats.tokensIssued - before.tokensIssued, 1, 'one token for three requests');
  });
}

test('a token_type other than Bearer is refused with the RFC reference', async () => {
  fixture.proxy.inject('/as/token.oauth2', { rewriteJson: (body) => ({ ...body, token_type: 'mac' }) }, Infinity);
  const result = await runCli(['newman', '--env', 'prod', '--folder', 'API'], { cwd: fixture.project.dir, env: fixture.env() });
  assert.equal(result.code, 1, result.output);
  assert.match(result.stdout, /token_type "mac"; only Bearer tokens are supported \(RFC 6749 §7\.1\)/);
});

test('the authorization server stops mid-run: a clear failure and no environment file is damaged', async () => {
  const ownServer = await startAuthorizationServer({ tokenTtlSeconds: 1 });
  const hashes = async () => {
    const dir = join(fixture.project.dir, 'environments');
    const names = (await readdir(dir)).sort();
    return Promise.all(
      names.map(async (name) => [
        name,
        createHash('sha256')
          .update(await readFile(join(dir, name)))
          .digest('hex'),
      ]),
    );
  };
  const filesBefore = await hashes();
  const run = runCli(['newman', '--env', 'prod', '--folder', 'API', '--iterations', '8', '--delay-request', '400'], {
    cwd: fixture.project.dir,
    env: {
      OAUTH_TOKEN_URL: ownServer.tokenUrl,
      API_BASE_URL: ownServer.apiBaseUrl,
      OAUTH_CLIENT_ID: ownServer.demoClient.clientId,
      OAUTH_CLIENT_SECRET: ownServer.demoClient.clientSecret,
    },
  });
  // Stop the server once the run has made a few requests.
  while (ownServer.stats.apiRequests < 2) await new Promise((resolve) => setTimeout(resolve, 50));
  await ownServer.close();
  const result = await run;
  assert.equal(result.code, 1, result.output);
  assert.match(
    result.stdout,
    /Could not reach the token endpoint http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2 \(.*ECONNREFUSED.*\): nothing listens there/,
  );
  assert.deepEqual(await hashes(), filesBefore);
});

test('the API refuses a token before its expiry: the next request fetches a new one instead of failing the same way', async () => {
  fixture.proxy.inject('/api/', {
    respond: {
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="revoked"' },
      body: '{"error":"invalid_token"}',
    },
  });
  const before = { ...fixture.server.stats };
  const result = await runCli(['newman', '--env', 'prod', '--folder', 'API', '--iterations', '3'], {
    cwd: fixture.project.dir,
    env: fixture.env(),
  });
  assert.equal(result.code, 1, result.output);
  assert.match(
    result.stdout,
    /Expected 200, got 401 Unauthorized \(WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="revoked"\)/,
  );
  assert.equal(fixture.server.stats.tokensIssued - before.tokensIssued, 2, 'a second token after the 401');
  assert.equal((result.stdout.match(/✓ {2}Who am I answers 200/g) ?? []).length, 2, 'the next two requests succeed');
});

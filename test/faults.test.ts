import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { startAuthorizationServer } from '../src/server/authorization-server.js';
import { useProxiedServer } from './support/fixtures.js';
import { runCli } from './support/project.js';
import { waitFor } from './support/wait.js';

/* Faults injected on loopback between the collection and the real local authorization server. */

const fixture = useProxiedServer({ tokenTtlSeconds: 3599 });

test('the token endpoint fails once with 500: the failure is reported and the run goes on with a fresh token', async () => {
  fixture.proxy.inject('/as/token.oauth2', {
    respond: { status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>Internal Server Error</h1>' },
  });
  const before = { ...fixture.server.stats };
  const result = await runCli(['newman', '--env', 'prod'], { cwd: fixture.project.dir, env: fixture.env() });
  assert.equal(result.code, 3, result.output);
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
  // The refresh script is the point here: in a whole-collection run the Token folder would take the fault.
  fixture.proxy.inject('/as/token.oauth2', {
    respond: { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' },
  });
  const before = { ...fixture.server.stats };
  const result = await runCli(['newman', '--env', 'prod', '--folder', 'API', '--iterations', '2'], {
    cwd: fixture.project.dir,
    env: fixture.env(),
  });
  assert.equal(result.code, 3, result.output);
  assert.match(result.stdout, /Access token obtained from the token endpoint[\s\S]*answered 502 with text\/html, not JSON/);
  assert.doesNotMatch(result.output, /JSONError|Unexpected token/);
  assert.equal(fixture.server.stats.apiRequests - before.apiRequests, 1, 'the request that had no token was not sent');
  assert.equal(fixture.server.stats.tokensIssued - before.tokensIssued, 1, 'the second iteration fetched a token');
  assert.match(result.stdout, /✓ {2}Who am I answers 200/);
});

test('a token endpoint slower than --timeout-request: the Token folder and the refresh both say there was no response', async () => {
  fixture.proxy.inject('/as/token.oauth2', { delayMs: 2500 }, Infinity);
  const result = await runCli(['newman', '--env', 'prod', '--timeout-request', '500'], {
    cwd: fixture.project.dir,
    env: fixture.env(),
  });
  assert.equal(result.code, 4, result.output);
  assert.match(
    result.stdout,
    /Token endpoint answers 200\s+No response from the token endpoint http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2: connection refused, unknown host or timeout/,
  );
  assert.match(
    result.stdout,
    /No response from the token endpoint .*: no answer within the request timeout\. Fix: Raise --timeout-request/,
  );
  assert.doesNotMatch(result.output, /answered undefined/);
});

/*
 * Token responses that deviate from RFC 6749 §5.1, run through the whole collection: the Token
 * folder's tests and the refresh script must agree (a string expires_in once passed the refresh and
 * failed the Token folder, and runs with --folder API hid it).
 */
// Newman wraps console output in a box: join the wrapped lines before matching.
const unwrap = (stdout: string) => stdout.replace(/\n\s*│ /g, '');

for (const [name, rewrite, expected] of [
  [
    'expires_in as a numeric string',
    (body: Record<string, unknown>) => ({ ...body, expires_in: String(body.expires_in) }),
    /expires_in as a string \("3599"\); RFC 6749 §5\.1 says a number/,
  ],
  ['no expires_in', (body: Record<string, unknown>) => ({ ...body, expires_in: undefined }), /no expires_in; assuming 3600 s/],
  [
    'expires_in 1e20',
    (body: Record<string, unknown>) => ({ ...body, expires_in: 1e20 }),
    /expires_in 100000000000000000000, more than a year; using 31536000 s \(one year\) instead/,
  ],
  [
    'expires_in 3599.5',
    (body: Record<string, unknown>) => ({ ...body, expires_in: 3599.5 }),
    /expires_in 3599\.5, not whole seconds; using 3599 s/,
  ],
] as const) {
  test(`a token response with ${name}: the whole collection is green, the deviation visible, the token reused`, async () => {
    fixture.proxy.inject('/as/token.oauth2', { rewriteJson: rewrite }, Infinity);
    const before = { ...fixture.server.stats };
    const whole = await runCli(['newman', '--env', 'prod', '--iterations', '2'], {
      cwd: fixture.project.dir,
      env: fixture.env(),
    });
    assert.equal(whole.code, 0, whole.output);
    assert.match(whole.stdout, /✓ {2}expires_in gives the token lifetime in seconds/);
    assert.match(unwrap(whole.stdout), expected);
    assert.match(whole.stdout, /✓ {2}Tolerated: The token response /, 'the deviation is a visible passing assertion');
    assert.equal(
      fixture.server.stats.tokensIssued - before.tokensIssued,
      2,
      'the Token folder fetches one per iteration; the API request reuses it',
    );

    // The refresh script alone, reading the same response: one token for three requests.
    const refreshOnly = await runCli(['newman', '--env', 'prod', '--folder', 'API', '--iterations', '3'], {
      cwd: fixture.project.dir,
      env: fixture.env(),
    });
    assert.equal(refreshOnly.code, 0, refreshOnly.output);
    assert.match(unwrap(refreshOnly.stdout), expected);
    assert.equal(fixture.server.stats.tokensIssued - before.tokensIssued, 3, 'one token for three requests');
  });
}

for (const [name, rewrite, tokenFolderTest, reason] of [
  [
    'a token_type other than Bearer',
    (body: Record<string, unknown>) => ({ ...body, token_type: 'mac' }),
    'token_type is Bearer',
    /token_type "mac"; only Bearer tokens are supported \(RFC 6749 §7\.1\)/g,
  ],
  [
    'an expires_in that is not a number',
    (body: Record<string, unknown>) => ({ ...body, expires_in: 'soon' }),
    'expires_in gives the token lifetime in seconds',
    /expires_in "soon", which is not a number of seconds/g,
  ],
] as const) {
  test(`${name} is refused alike by the Token folder and the refresh`, async () => {
    fixture.proxy.inject('/as/token.oauth2', { rewriteJson: rewrite }, Infinity);
    // The Token folder and one protected request: each says why once.
    const result = await runCli(['newman', '--env', 'prod', '--folder', 'Token', '--folder', 'API'], {
      cwd: fixture.project.dir,
      env: fixture.env(),
    });
    assert.equal(result.code, 3, result.output);
    assert.match(result.stdout, new RegExp(`\\d\\. ${tokenFolderTest}`), 'the Token folder test fails');
    assert.match(result.stdout, /\d\. Access token obtained from the token endpoint/, 'the refresh fails');
    assert.equal((result.stdout.match(reason) ?? []).length, 2, 'both say why');
    assert.doesNotMatch(result.stdout, /Who am I answers 200/, 'the API request is not sent without a token');
  });
}

test('a token URL that points at the API (401, Bearer challenge): the fix says so', async () => {
  // The Token folder and one protected request: each gives the fix once.
  const result = await runCli(['newman', '--env', 'prod', '--folder', 'Token', '--folder', 'API'], {
    cwd: fixture.project.dir,
    env: fixture.env({ OAUTH_TOKEN_URL: `${fixture.proxy.apiBaseUrl}/me` }),
  });
  assert.equal(result.code, 3, result.output);
  const fix =
    /answered 401 without an OAuth error \(WWW-Authenticate: Bearer\)\. Fix: tokenUrl points at an API that wants a bearer token/g;
  assert.equal((result.stdout.match(fix) ?? []).length, 2, result.stdout);
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
  let runEnded = false;
  const run = runCli(['newman', '--env', 'prod', '--folder', 'API', '--iterations', '8', '--delay-request', '400'], {
    cwd: fixture.project.dir,
    env: {
      OAUTH_TOKEN_URL: ownServer.tokenUrl,
      API_BASE_URL: ownServer.apiBaseUrl,
      OAUTH_CLIENT_ID: ownServer.demoClient.clientId,
      OAUTH_CLIENT_SECRET: ownServer.demoClient.clientSecret,
    },
  }).finally(() => (runEnded = true));
  // Stop the server once the run has made a few requests.
  try {
    await waitFor(() => ownServer.stats.apiRequests >= 2, {
      timeoutMs: 60_000,
      what: 'the run to make two API requests',
      giveUpIf: () => runEnded && 'the newman run ended first',
    });
  } finally {
    await ownServer.close();
  }
  const result = await run;
  assert.equal(result.code, 4, result.output);
  assert.match(result.stderr, /: network trouble: a request got no response, exit 4\.\n$/);
  assert.match(
    result.stdout,
    /No response from the token endpoint http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2 \(.*ECONNREFUSED.*\): nothing listens there/,
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
  assert.match(result.stderr, /\(1 of 3 assertions failed\): failed assertions, exit 1\.\n$/, 'an API failure is exit 1');
  assert.equal(fixture.server.stats.tokensIssued - before.tokensIssued, 2, 'a second token after the 401');
  assert.equal((result.stdout.match(/✓ {2}Who am I answers 200/g) ?? []).length, 2, 'the next two requests succeed');
});

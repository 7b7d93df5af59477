import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { makeProject, runCli } from './support/project.js';

/*
 * Newman runs the generated collection against the real local authorization server
 * (oidc-provider), through the CLI a user runs.
 */

let project: { dir: string; remove: () => Promise<void> };
before(async () => {
  project = await makeProject();
});
after(async () => {
  await project.remove();
});

/** --env prod pointed at a server by the process environment, as CI would point it at a staging server. */
function pointAt(server: RunningAuthorizationServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OAUTH_TOKEN_URL: server.tokenUrl,
    API_BASE_URL: server.apiBaseUrl,
    OAUTH_CLIENT_ID: server.demoClient.clientId,
    OAUTH_CLIENT_SECRET: server.demoClient.clientSecret,
    ...extra,
  };
}

test('npm run newman on the embedded server: green, with assertions on access_token, token_type and expires_in', async () => {
  // As its own process, through bin/oauth-postman.js, as `npm run newman` starts it.
  const result = await runCli(['newman'], { cwd: project.dir, subprocess: true });
  assert.equal(result.code, 0, result.output);
  assert.match(result.stdout, /✓ {2}Token endpoint answers 200/);
  assert.match(result.stdout, /✓ {2}access_token is a non-empty string/);
  assert.match(result.stdout, /✓ {2}token_type is Bearer/);
  assert.match(result.stdout, /✓ {2}expires_in gives the token lifetime in seconds/);
  assert.match(result.stdout, /✓ {2}Who am I answers 200/);
  // The demo API's operations from openapi/demo-api.yaml, each with its contract tests.
  assert.match(
    result.stdout,
    /✓ {2}createNote answers 201\n\s*✓ {2}createNote answers a documented content type\n\s*✓ {2}createNote body matches the documented 201 schema/,
  );
  assert.match(result.stdout, /✓ {2}getNote body matches the documented 200 schema/);
  assert.match(result.stdout, /✓ {2}getHealth answers 200/);
  assert.match(result.stdout, /Token endpoint: 1 request\(s\), 1 token\(s\) issued; API: 6 request\(s\), 0 refused\./);
  const junit = await readFile(join(project.dir, 'reports', 'junit.xml'), 'utf8');
  // 5 Token folder tests, 1 for Who am I, 3 for each of the 5 operations of the demo document.
  assert.equal(junit.match(/<testcase /g)?.length, 21);
  assert.doesNotMatch(junit, /<failure/);
  assert.doesNotMatch(junit, /local-demo-secret/);
  assert.deepEqual(
    (await readdir(join(project.dir, 'reports'))).filter((name) => name.endsWith('.tmp')),
    [],
    'no temporary report left behind',
  );
});

test('requests spread over several token lifetimes all succeed, with about one token fetch per usable lifetime', async () => {
  const server = await startAuthorizationServer({ tokenTtlSeconds: 6 });
  try {
    const before = { ...server.stats };
    const started = Date.now();
    // 6 s tokens, refreshed 3 s before expiry: a usable lifetime of 3 s, and 3 s for a request to reach
    // the server after its script found the token fresh, however busy the machine. 14 requests 500 ms
    // apart span ~7 s.
    const result = await runCli(['newman', '--env', 'prod', '--folder', 'API', '--iterations', '14', '--delay-request', '500'], {
      cwd: project.dir,
      env: pointAt(server, { TOKEN_REFRESH_SKEW_SECONDS: '3' }),
    });
    const elapsedMs = Date.now() - started;
    assert.equal(result.code, 0, result.output);
    const issued = server.stats.tokensIssued - before.tokensIssued;
    const apiRequests = server.stats.apiRequests - before.apiRequests;
    assert.equal(apiRequests, 14);
    assert.equal(server.stats.apiUnauthorized - before.apiUnauthorized, 0, 'no request was sent with an expired token');
    assert.ok(issued >= 2, `the token was refreshed (${issued} fetched)`);
    // Reuse, bounded by behaviour rather than speed: the most a correct policy can need over the whole
    // process lifetime (longer than the run), one per usable lifetime, however slow a busy machine makes the run.
    const ceiling = Math.ceil(elapsedMs / 3000) + 1;
    assert.ok(issued <= ceiling, `${issued} tokens for ${apiRequests} requests in ${elapsedMs} ms; expected at most ${ceiling}`);
  } finally {
    await server.close();
  }
});

describe('against a separately started server, through --env prod', () => {
  // Tokens that outlive every run here, so counts of token fetches do not depend on the machine's speed.
  let server: RunningAuthorizationServer;
  before(async () => {
    server = await startAuthorizationServer();
  });
  after(async () => {
    await server.close();
  });

  for (const clientAuth of ['basic', 'query'] as const) {
    test(`clientAuth ${clientAuth} authenticates the client and the run is green`, async () => {
      const before = server.stats.tokensIssued;
      // Token and API folders: a run well inside one 3 s token's usable lifetime.
      const result = await runCli(['newman', '--env', 'prod', '--folder', 'Token', '--folder', 'API'], {
        cwd: project.dir,
        env: pointAt(server, { OAUTH_CLIENT_AUTH: clientAuth }),
      });
      assert.equal(result.code, 0, result.output);
      assert.equal(server.stats.tokensIssued - before, 1);
    });
  }

  test('a wrong secret fails the run with exit 3 and a message naming invalid_client', async () => {
    const result = await runCli(['newman', '--env', 'prod'], {
      cwd: project.dir,
      env: pointAt(server, { OAUTH_CLIENT_SECRET: 'not-the-secret' }),
      // A process's own exit status, as CI reads it.
      subprocess: true,
    });
    assert.equal(result.code, 3, result.output);
    // Newman numbers a failed assertion where a passing one has ✓, then repeats it under "failure detail" with the error's name (exit 3: the token endpoint refused) and its message.
    assert.match(result.stdout, /^ {2}\d+\. Token endpoint answers 200$/m);
    assert.match(
      result.stdout,
      /^ *\d+\. +TokenNotObtained +Token endpoint answers 200 *\n +The token endpoint answered 401 invalid_client \(client authentication failed\): the client id or secret is wrong/m,
    );
    assert.match(result.stdout, /^ {2}\d+\. Access token obtained from the token endpoint$/m);
    assert.doesNotMatch(result.output, /not-the-secret/);
  });

  test('a request a user appends to the collection inherits the bearer auth and the refresh', async () => {
    const file = join(project.dir, 'collections', 'cloudsso-oauth.postman_collection.json');
    const original = await readFile(file, 'utf8');
    const collection = JSON.parse(original);
    // What a Postman user does: a new request at the top level, "Inherit auth from parent", with a test.
    collection.item.push({
      name: 'My own request',
      request: { method: 'GET', url: '{{baseUrl}}/orders/42' },
      event: [
        {
          listen: 'test',
          script: { exec: ["pm.test('my request is authorised', function () { pm.response.to.have.status(200); });"] },
        },
      ],
    });
    await writeFile(file, JSON.stringify(collection));
    try {
      const before = { ...server.stats };
      // Only the appended request and the generated ones in API: no explicit token request runs first.
      const result = await runCli(['newman', '--env', 'prod', '--folder', 'My own request'], {
        cwd: project.dir,
        env: pointAt(server),
      });
      assert.equal(result.code, 0, result.output);
      assert.match(result.stdout, /✓ {2}my request is authorised/);
      assert.equal(server.stats.tokensIssued - before.tokensIssued, 1, 'the collection script fetched a token for it');
      assert.equal(server.stats.apiUnauthorized - before.apiUnauthorized, 0);
    } finally {
      await writeFile(file, original);
    }
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  DEFAULT_TOKEN_TTL_SECONDS,
  DEMO_CLIENT,
  startAuthorizationServer,
  type RunningAuthorizationServer,
} from '../src/server/authorization-server.js';
import { serve } from '../src/commands/serve.js';
import { finished } from './support/process.js';
import { builtModule, repoRoot } from './support/project.js';

const FORM = 'application/x-www-form-urlencoded';
const { clientId, clientSecret } = DEMO_CLIENT;

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded. */
function basic(id: string, secret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

interface TokenRequest {
  body?: Record<string, string>;
  query?: Record<string, string>;
  authorization?: string;
}

async function requestToken(server: RunningAuthorizationServer, request: TokenRequest) {
  const url = new URL(server.tokenUrl);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = {};
  if (request.authorization) headers.authorization = request.authorization;
  if (request.body) headers['content-type'] = FORM;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: request.body ? new URLSearchParams(request.body).toString() : undefined,
  });
  return { response, json: (await response.json()) as Record<string, unknown> };
}

async function accessToken(server: RunningAuthorizationServer, scope?: string): Promise<string> {
  const body: Record<string, string> = { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret };
  if (scope) body.scope = scope;
  const { response, json } = await requestToken(server, { body });
  assert.equal(response.status, 200, JSON.stringify(json));
  assert.equal(typeof json.access_token, 'string');
  return json.access_token as string;
}

function callApi(server: RunningAuthorizationServer, path: string, authorization?: string) {
  return fetch(`${server.apiBaseUrl}${path}`, { headers: authorization ? { authorization } : {} });
}

describe('authorization server (oidc-provider with cloudsso paths)', () => {
  let server: RunningAuthorizationServer;
  before(async () => {
    server = await startAuthorizationServer();
  });
  after(() => server.close());

  test('exposes cloudsso-shaped URLs on 127.0.0.1 and the documented demo client', () => {
    assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.tokenUrl, `${server.origin}/as/token.oauth2`);
    assert.equal(server.authorizeUrl, `${server.origin}/as/authorization.oauth2`);
    assert.equal(server.apiBaseUrl, `${server.origin}/api`);
    assert.deepEqual(server.demoClient, { clientId: 'local-demo-client', clientSecret: 'local-demo-secret' });
  });

  test('discovery advertises the /as/ endpoints', async () => {
    const response = await fetch(`${server.origin}/.well-known/openid-configuration`);
    const metadata = (await response.json()) as Record<string, unknown>;
    assert.equal(metadata.issuer, server.origin);
    assert.equal(metadata.token_endpoint, server.tokenUrl);
    assert.equal(metadata.authorization_endpoint, server.authorizeUrl);
    assert.equal(metadata.jwks_uri, `${server.origin}/as/jwks`);
    const jwks = (await (await fetch(`${server.origin}/as/jwks`)).json()) as { keys: { kty: string; crv: string; d?: string }[] };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]?.kty, 'EC');
    assert.equal(jwks.keys[0]?.crv, 'P-256');
    assert.equal(jwks.keys[0]?.d, undefined, 'the private part must not be published');
  });

  test('client_secret_post: exactly access_token, token_type, expires_in', async () => {
    const { response, json } = await requestToken(server, {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Object.keys(json).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(json.token_type, 'Bearer');
    assert.equal(json.expires_in, DEFAULT_TOKEN_TTL_SECONDS);
    assert.equal(json.expires_in, 3599);
  });

  test('a requested scope api:read is granted and returned', async () => {
    const { response, json } = await requestToken(server, {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'api:read' },
    });
    assert.equal(response.status, 200);
    assert.equal(json.scope, 'api:read');
  });

  test('an unknown scope is dropped, not rejected (oidc-provider 8; PingFederate would say invalid_scope)', async () => {
    const { response, json } = await requestToken(server, {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'api:read api:write' },
    });
    assert.equal(response.status, 200);
    assert.equal(json.scope, 'api:read');
  });

  test('client_secret_basic (RFC 6749 §2.3.1)', async () => {
    const { response, json } = await requestToken(server, {
      authorization: basic(clientId, clientSecret),
      body: { grant_type: 'client_credentials' },
    });
    assert.equal(response.status, 200, JSON.stringify(json));
    assert.equal(json.expires_in, 3599);
  });

  test('credentials and grant_type in the query string of the POST, empty body (cloudsso Postman example)', async () => {
    const { response, json } = await requestToken(server, {
      query: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    });
    assert.equal(response.status, 200, JSON.stringify(json));
    assert.equal(json.token_type, 'Bearer');
  });

  test('credentials in the query, grant_type in the form body', async () => {
    const { response, json } = await requestToken(server, {
      query: { client_id: clientId, client_secret: clientSecret },
      body: { grant_type: 'client_credentials', scope: 'api:read' },
    });
    assert.equal(response.status, 200, JSON.stringify(json));
    assert.equal(json.scope, 'api:read');
  });

  test('a parameter in both the query and the body is rejected (RFC 6749 §3.2)', async () => {
    const { response, json } = await requestToken(server, {
      query: { client_id: clientId, client_secret: clientSecret },
      body: { grant_type: 'client_credentials', client_id: clientId },
    });
    assert.equal(response.status, 400);
    assert.equal(json.error, 'invalid_request');
  });

  test("a wrong secret gets oidc-provider's 401 invalid_client, whichever way it is sent", async () => {
    const expected = { error: 'invalid_client', error_description: 'client authentication failed' };
    const viaBody = await requestToken(server, {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' },
    });
    assert.equal(viaBody.response.status, 401);
    assert.deepEqual(viaBody.json, expected);

    const viaQuery = await requestToken(server, {
      query: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' },
    });
    assert.equal(viaQuery.response.status, 401);
    assert.deepEqual(viaQuery.json, expected);

    const viaBasic = await requestToken(server, {
      authorization: basic(clientId, 'wrong'),
      body: { grant_type: 'client_credentials' },
    });
    assert.equal(viaBasic.response.status, 401);
    assert.deepEqual(viaBasic.json, expected);
    assert.match(viaBasic.response.headers.get('www-authenticate') ?? '', /^Basic realm=/);

    const unknownClient = await requestToken(server, {
      body: { grant_type: 'client_credentials', client_id: 'nobody', client_secret: clientSecret },
    });
    assert.equal(unknownClient.response.status, 401);
    assert.deepEqual(unknownClient.json, expected);
  });

  test('an unsupported grant type is rejected', async () => {
    const { response, json } = await requestToken(server, {
      body: { grant_type: 'password', client_id: clientId, client_secret: clientSecret, username: 'u', password: 'p' },
    });
    assert.equal(response.status, 400);
    assert.equal(json.error, 'unsupported_grant_type');
  });

  test('/api/me without a token: 401 with a bare Bearer challenge (RFC 6750 §3.1)', async () => {
    const response = await callApi(server, '/me');
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="api"');
  });

  test('/api/me with an unknown token: 401 invalid_token', async () => {
    const response = await callApi(server, '/me', 'Bearer not-a-token-we-issued');
    assert.equal(response.status, 401);
    assert.equal(
      response.headers.get('www-authenticate'),
      'Bearer realm="api", error="invalid_token", error_description="The access token expired or is unknown"',
    );
    const json = (await response.json()) as Record<string, unknown>;
    assert.equal(json.error, 'invalid_token');
  });

  test('/api/me with a valid token: 200 with what the token grants, never the token', async () => {
    const token = await accessToken(server, 'api:read');
    const before = Math.floor(Date.now() / 1000);
    const response = await callApi(server, '/me', `Bearer ${token}`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(!text.includes(token), 'the token must not be echoed');
    const json = JSON.parse(text) as Record<string, unknown>;
    assert.equal(json.client_id, clientId);
    assert.equal(json.scope, 'api:read');
    assert.equal(json.path, '/api/me');
    assert.equal(typeof json.expires_at, 'number');
    const expiresAt = json.expires_at as number;
    assert.ok(expiresAt >= before + 3599 - 5 && expiresAt <= before + 3599 + 5, `expires_at ${expiresAt}`);

    // The scheme name is case-insensitive (RFC 7235 §2.1).
    assert.equal((await callApi(server, '/other/path', `bearer ${token}`)).status, 200);
  });

  test('introspection and revocation live under /as/ too', async () => {
    const token = await accessToken(server);
    const introspect = () =>
      fetch(`${server.origin}/as/introspect.oauth2`, {
        method: 'POST',
        headers: { authorization: basic(clientId, clientSecret), 'content-type': FORM },
        body: new URLSearchParams({ token }).toString(),
      }).then((response) => response.json() as Promise<Record<string, unknown>>);
    assert.equal((await introspect()).active, true);

    const revoked = await fetch(`${server.origin}/as/revoke_token.oauth2`, {
      method: 'POST',
      headers: { authorization: basic(clientId, clientSecret), 'content-type': FORM },
      body: new URLSearchParams({ token }).toString(),
    });
    assert.equal(revoked.status, 200);
    assert.equal((await introspect()).active, false);
    assert.equal((await callApi(server, '/me', `Bearer ${token}`)).status, 401);
  });
});

test('tokenTtlSeconds sets expires_in, and the API rejects the token once it expired', async () => {
  const server = await startAuthorizationServer({ tokenTtlSeconds: 1 });
  try {
    const { response, json } = await requestToken(server, {
      authorization: basic(clientId, clientSecret),
      body: { grant_type: 'client_credentials' },
    });
    assert.equal(response.status, 200);
    assert.equal(json.expires_in, 1);
    // exp has whole-second resolution (and oidc-provider's find() tolerates 15 s of clock skew,
    // which the API must not): 2.2 s is past the expiry whatever the sub-second phase.
    await sleep(2200);
    const api = await callApi(server, '/me', `Bearer ${json.access_token as string}`);
    assert.equal(api.status, 401);
    assert.match(api.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  } finally {
    await server.close();
  }
});

test('tokenTtlSeconds must be a whole number of seconds >= 1', async () => {
  for (const tokenTtlSeconds of [0, -1, 1.5, Number.NaN]) {
    await assert.rejects(startAuthorizationServer({ tokenTtlSeconds }), RangeError);
  }
});

test('stats count token requests, issued tokens, API calls and 401s', async () => {
  const server = await startAuthorizationServer();
  try {
    const token = await accessToken(server);
    await accessToken(server);
    await requestToken(server, { query: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });
    await requestToken(server, { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' } });
    await requestToken(server, { body: { grant_type: 'password', client_id: clientId, client_secret: clientSecret } });
    await fetch(`${server.origin}/.well-known/openid-configuration`); // neither a token request nor an API call

    assert.equal((await callApi(server, '/me', `Bearer ${token}`)).status, 200);
    assert.equal((await callApi(server, '/me')).status, 401);
    assert.equal((await callApi(server, '/me', 'Bearer bogus')).status, 401);

    assert.deepEqual(server.stats, { tokenRequests: 5, tokensIssued: 3, apiRequests: 3, apiUnauthorized: 2 });
  } finally {
    await server.close();
  }
});

test('close() resolves with keep-alive connections open, and twice', { timeout: 5000 }, async () => {
  const server = await startAuthorizationServer();
  await accessToken(server); // fetch keeps the socket alive afterwards
  await server.close();
  await server.close();
  await assert.rejects(fetch(server.tokenUrl, { method: 'POST' }));
});

// How fast a server starts is a benchmark row (npm run bench: "server start, first in the process" and "later ones").
test('servers started in one process are independent: their own port, and a token from one is unknown to another', async () => {
  const first = await startAuthorizationServer();
  const second = await startAuthorizationServer();
  try {
    assert.notEqual(first.origin, second.origin);
    const token = await accessToken(first);
    assert.equal((await callApi(first, '/me', `Bearer ${token}`)).status, 200);
    assert.equal((await callApi(second, '/me', `Bearer ${token}`)).status, 401, 'the second server knows nothing of it');
  } finally {
    await first.close();
    await second.close();
  }
});

test('serve() logs how to use the server and stops on abort', async () => {
  const lines: string[] = [];
  const controller = new AbortController();
  const server = await serve({ port: 0, ttl: 120, signal: controller.signal }, (line) => lines.push(line));
  const output = lines.join('\n');
  for (const expected of [server.origin, server.tokenUrl, server.authorizeUrl, server.apiBaseUrl, clientId]) {
    assert.ok(output.includes(expected), `missing ${expected} in:\n${output}`);
  }
  assert.match(output, /local-demo-secret\s+\(demo value, not a secret\)/);
  assert.match(output, /120 s/);
  assert.match(output, /Press Ctrl\+C to stop/);
  assert.equal((await accessToken(server)).length > 0, true);

  controller.abort();
  await server.close(); // the same close() the abort started: resolves once closed
  await assert.rejects(fetch(server.tokenUrl, { method: 'POST' }));
});

/**
 * oidc-provider prints notices through console.info/console.warn for each development default in
 * use. This runs the server in a child process and requires its stdout and stderr to stay empty
 * while it starts and answers a mix of requests; results come back on fd 3.
 */
test('nothing is printed to the console while starting and serving', async () => {
  const moduleUrl = builtModule('server/authorization-server.js');
  const script = `
    import { writeSync } from 'node:fs';
    const { startAuthorizationServer, DEMO_CLIENT } = await import(${JSON.stringify(moduleUrl)});
    const server = await startAuthorizationServer({ tokenTtlSeconds: 60 });
    const { clientId, clientSecret } = DEMO_CLIENT;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const post = (url, init) => fetch(url, { method: 'POST', ...init }).then(async (r) => ({ r, body: await r.text() }));
    const statuses = [];
    const good = await post(server.tokenUrl, { headers: form, body: 'grant_type=client_credentials&scope=api%3Aread&client_id=' + clientId + '&client_secret=' + clientSecret });
    statuses.push(good.r.status);
    const token = JSON.parse(good.body).access_token;
    statuses.push((await post(server.tokenUrl + '?grant_type=client_credentials&client_id=' + clientId + '&client_secret=' + clientSecret)).r.status);
    statuses.push((await post(server.tokenUrl, { headers: form, body: 'grant_type=client_credentials&client_id=' + clientId + '&client_secret=x' })).r.status);
    statuses.push((await post(server.tokenUrl, { headers: { ...form, origin: 'http://localhost:3000' }, body: 'grant_type=client_credentials&client_id=' + clientId + '&client_secret=' + clientSecret })).r.status);
    statuses.push((await post(server.tokenUrl, { headers: form, body: 'grant_type=client_credentials&resource=https%3A%2F%2Fapi.example&client_id=' + clientId + '&client_secret=' + clientSecret })).r.status);
    statuses.push((await fetch(server.authorizeUrl + '?client_id=' + clientId + '&response_type=code&scope=openid', { headers: { accept: 'text/html' } })).status);
    statuses.push((await fetch(server.apiBaseUrl + '/me', { headers: { authorization: 'Bearer ' + token } })).status);
    statuses.push((await fetch(server.apiBaseUrl + '/me')).status);
    statuses.push((await fetch(server.origin + '/.well-known/openid-configuration')).status);
    await server.close();
    writeSync(3, JSON.stringify({ statuses }));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: { ...process.env, DEBUG: '', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let report = '';
  (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (chunk: string) => (report += chunk));
  // Bounded (finished's hang guard); import and start times are benchmark rows, not asserted here.
  const { code, stdout, stderr } = await finished(child);

  assert.equal(stderr, '', 'stderr must be empty');
  assert.equal(stdout, '', 'stdout must be empty');
  assert.equal(code, 0);
  const result = JSON.parse(report) as { statuses: number[] };
  // The requests really ran: tokens, query compat, wrong secret, CORS, resource, HTML error, API.
  assert.deepEqual(result.statuses, [200, 200, 401, 200, 200, 400, 200, 401, 200]);
});

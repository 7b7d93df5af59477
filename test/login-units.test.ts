import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildAuthorizationUrl, pkceChallenge, createPkcePair } from '../src/login/authorization-url.js';
import { loopbackTarget, MAX_HANDED_OVER_BYTES, startLoopbackListener } from '../src/login/loopback-listener.js';
import { checkRedirect, parseRedirectParams, redirectParamsOfUrl } from '../src/login/redirect-response.js';
import { runnableItems } from '../src/run/run-selection.js';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { CliError } from '../src/errors.js';
import { freePort } from './support/loopback.js';

/* The pure parts of the browser sign-in, and the local server's implicit endpoint refusing bad requests. */

test('PKCE S256 matches the RFC 7636 Appendix B example, and each pair is fresh', () => {
  assert.equal(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  const one = createPkcePair();
  assert.match(one.verifier, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(one.challenge, pkceChallenge(one.verifier));
  assert.notEqual(createPkcePair().verifier, one.verifier);
});

test('authorization URLs: implicit (RFC 6749 §4.2.1) and code with PKCE (§4.1.1, RFC 7636 §4.3), keeping an existing query', () => {
  const base = {
    authorizeUrl: 'https://sso.example/as/authorization.oauth2?tenant=a',
    clientId: 'my app',
    redirectUri: 'http://localhost/cb',
    state: 's1',
  };
  const implicit = new URL(buildAuthorizationUrl({ ...base, grant: 'implicit', scope: 'a b' }));
  assert.deepEqual(Object.fromEntries(implicit.searchParams), {
    tenant: 'a',
    response_type: 'token',
    client_id: 'my app',
    redirect_uri: 'http://localhost/cb',
    scope: 'a b',
    state: 's1',
  });
  const code = new URL(buildAuthorizationUrl({ ...base, grant: 'code', codeChallenge: 'ch' }));
  assert.equal(code.searchParams.get('response_type'), 'code');
  assert.equal(code.searchParams.get('code_challenge'), 'ch');
  assert.equal(code.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(code.searchParams.has('scope'), false);
});

test('redirect responses: fragment parsed, state and errors checked, Bearer only', () => {
  const params = parseRedirectParams('access_token=abc&token_type=Bearer&expires_in=3599&state=s1&scope=api%3Aread');
  assert.deepEqual(checkRedirect(params, { grant: 'implicit', state: 's1' }), {
    kind: 'token',
    token: { accessToken: 'abc', tokenType: 'Bearer', expiresInSeconds: 3599, scope: 'api:read', notes: [] },
  });
  const refused = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (error: unknown) => error instanceof CliError && error.exitCode === 3 && pattern.test(error.message));
  refused(() => checkRedirect(params, { grant: 'implicit', state: 's2' }), /state in the redirect is not the one/);
  refused(
    () => checkRedirect(parseRedirectParams('error=access_denied&state=s1'), { grant: 'implicit', state: 's1' }),
    /access_denied/,
  );
  refused(
    () => checkRedirect(parseRedirectParams('access_token=a&token_type=mac&state=s'), { grant: 'implicit', state: 's' }),
    /only Bearer/,
  );
  refused(
    () => checkRedirect(parseRedirectParams('access_token=a&token_type=Bearer&expires_in=soon'), { grant: 'implicit' }),
    /expires_in/,
  );
  refused(() => checkRedirect(parseRedirectParams('code=c&state=s'), { grant: 'implicit', state: 's' }), /authorization code/);
  assert.deepEqual(checkRedirect(parseRedirectParams('code=c&state=s'), { grant: 'code', state: 's' }), {
    kind: 'code',
    code: 'c',
  });
  const noLifetime = checkRedirect(parseRedirectParams('access_token=a&token_type=bearer'), { grant: 'implicit' });
  assert.equal(noLifetime.kind === 'token' && noLifetime.token.expiresInSeconds, 3600);
  assert.equal(redirectParamsOfUrl('http://localhost/x?code=q#access_token=f').accessToken, 'f');
  assert.equal(redirectParamsOfUrl('http://localhost/x?code=q').code, 'q');
});

test('the loopback listener address comes from the redirect URI; non-loopback or https ones are refused', () => {
  assert.deepEqual(loopbackTarget('http://localhost/My_ITK_Application/index.html'), {
    hosts: ['127.0.0.1', '::1'],
    port: 80,
    path: '/My_ITK_Application/index.html',
  });
  assert.deepEqual(loopbackTarget('http://127.0.0.1:8765/callback'), { hosts: ['127.0.0.1'], port: 8765, path: '/callback' });
  assert.deepEqual(loopbackTarget('http://[::1]:9000/cb').hosts, ['::1']);
  for (const uri of ['https://127.0.0.1/cb', 'http://app.example/cb', 'not a url']) {
    assert.throws(() => loopbackTarget(uri), CliError);
  }
});

test('the loopback listener refuses a hand-over larger than its limit with a message the page shows and the terminal is told, and still takes the real one', async () => {
  const port = await freePort();
  const refusals: string[] = [];
  const listener = await startLoopbackListener(
    { hosts: ['127.0.0.1'], port, path: '/callback' },
    { onRefused: (message) => refusals.push(message) },
  );
  try {
    const url = `http://127.0.0.1:${port}/callback`;
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const tooLarge = `access_token=${'a'.repeat(MAX_HANDED_OVER_BYTES)}`;
    // Once with its length declared, once streamed without one (counted as it arrives).
    const declared = await fetch(url, { method: 'POST', headers: form, body: tooLarge });
    const streamed = await fetch(url, {
      method: 'POST',
      headers: form,
      body: new Blob([tooLarge]).stream(),
      duplex: 'half',
    } as RequestInit);
    for (const answer of [declared, streamed]) {
      assert.equal(answer.status, 413);
      const result = (await answer.json()) as { ok: boolean; message: string };
      assert.equal(result.ok, false);
      assert.match(result.message, /larger than 64 KiB.*refused it and stored nothing/);
    }
    assert.deepEqual(
      refusals.map((message) => /larger than 64 KiB/.test(message)),
      [true, true],
      'each refusal is told to the terminal too',
    );
    const handedOver = listener.next(10_000);
    const answer = fetch(url, { method: 'POST', headers: form, body: 'access_token=abc&token_type=Bearer' });
    const arrived = await handedOver;
    assert.equal(arrived.response, 'access_token=abc&token_type=Bearer');
    await arrived.reply({ ok: true, message: 'Signed in' });
    assert.equal((await answer).status, 200);
  } finally {
    await listener.close();
  }
});

test('Newman runs every top-level item but the Browser sign-in folder, and also skips Token when signed in without a secret', () => {
  const collection = {
    item: [{ id: 't', name: 'Token' }, { id: 'a', name: 'API' }, { id: 'b', name: 'Browser sign-in' }, { name: 'Mine' }],
  };
  assert.deepEqual(runnableItems(collection, undefined, false), ['t', 'a', 'Mine']);
  assert.deepEqual(runnableItems(collection, undefined, true), ['a', 'Mine']);
  assert.deepEqual(runnableItems(collection, ['Token'], true), ['Token'], 'folders the user names win');
  assert.equal(
    runnableItems({ item: [{ name: 'Token' }, { name: 'API' }] }, undefined, false),
    undefined,
    'older collections run whole',
  );
});

describe('the implicit endpoint of the local server', () => {
  let server: RunningAuthorizationServer;
  before(async () => {
    server = await startAuthorizationServer();
  });
  after(() => server.close());

  const implicit = (params: Record<string, string>) =>
    fetch(`${server.authorizeUrl}?${new URLSearchParams({ response_type: 'token', ...params })}`, { redirect: 'manual' });

  test('an unregistered redirect_uri gets an error page, never a redirect (RFC 6749 §4.2.2.1)', async () => {
    const response = await implicit({
      client_id: server.publicClient.clientId,
      redirect_uri: 'http://evil.example/cb',
      state: 'x',
    });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await response.text(), /redirect_uri mismatch/);
  });

  test('an unknown client gets an error page', async () => {
    const response = await implicit({ client_id: 'nobody', redirect_uri: 'http://127.0.0.1:8765/callback' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /Unknown client/);
  });

  test('a registered loopback redirect URI on another port is accepted (RFC 8252 §7.3) and goes to the login', async () => {
    const response = await implicit({
      client_id: server.publicClient.clientId,
      redirect_uri: 'http://127.0.0.1:40123/callback',
      state: 'x',
    });
    assert.equal(response.status, 303);
    const next = new URL(response.headers.get('location')!);
    assert.equal(next.searchParams.get('response_type'), 'code');
    assert.equal(next.searchParams.get('code_challenge_method'), 'S256');
    const login = await fetch(next, { redirect: 'manual' });
    assert.match(login.headers.get('location') ?? '', /^\/as\/interaction\//);
  });
});

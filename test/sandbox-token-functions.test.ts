import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { CliError } from '../src/errors.js';
import { exchangeCode } from '../src/login/code-exchange.js';
import { checkRedirect, parseRedirectParams } from '../src/login/redirect-response.js';
import { SANDBOX_CONSTANTS } from '../src/sandbox/defaults.js';
import { loadSandboxTokenFunctions } from '../src/token/sandbox-functions.js';
import { listenOnLoopback } from './support/loopback.js';
import { collectionScripts, runSandboxScript, type FakeResponse } from './support/sandbox.js';

/*
 * One reading of a token response: the Token folder's tests and the collection's refresh (the
 * script text of the committed collection, run in a vm), the CLI's Node loader (`token`) and the
 * browser sign-in (`login --grant code`'s exchange, the implicit grant's fragment) are fed the same
 * table and must agree on what is accepted, with which lifetime, and what is only tolerated.
 */

const scripts = collectionScripts();
const tokenUrl = 'https://sso.example/as/token.oauth2';
const credentials = { tokenUrl, clientId: 'my id', clientSecret: 's3:cr&t' };
const YEAR = SANDBOX_CONSTANTS.MAX_LIFETIME_SECONDS;

const json = (status: number, body: string): FakeResponse => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body,
  responseTime: 0,
});
/** A §5.1 response with some members changed (undefined drops one). */
const token = (members: Record<string, unknown>) =>
  json(200, JSON.stringify({ access_token: 'tok-abc', token_type: 'Bearer', expires_in: 3599, ...members }));

interface Case {
  name: string;
  response: FakeResponse;
  /** The lifetime the token is kept for and the notes, in order; absent: refused. */
  accepted?: { seconds: number; notes: RegExp[] };
  refused?: RegExp;
  /** The same members as an implicit grant's fragment, where every value is a string. */
  fragment?: string;
}

const fragment = (expiresIn?: string) =>
  `access_token=tok-abc&token_type=Bearer${expiresIn === undefined ? '' : `&expires_in=${encodeURIComponent(expiresIn)}`}`;

const CASES: Case[] = [
  { name: 'RFC 6749 §5.1', response: token({}), accepted: { seconds: 3599, notes: [] }, fragment: fragment('3599') },
  { name: 'token_type in lower case', response: token({ token_type: 'bearer' }), accepted: { seconds: 3599, notes: [] } },
  {
    name: 'expires_in as a numeric string',
    response: token({ expires_in: '3599' }),
    accepted: { seconds: 3599, notes: [/gives expires_in as a string \("3599"\); RFC 6749 §5\.1 says a number/] },
  },
  {
    name: 'no expires_in',
    response: token({ expires_in: undefined }),
    accepted: { seconds: 3600, notes: [/has no expires_in; assuming 3600 s/] },
    fragment: fragment(),
  },
  { name: 'expires_in null', response: token({ expires_in: null }), accepted: { seconds: 3600, notes: [/no expires_in/] } },
  {
    name: 'expires_in 3599.5',
    response: token({ expires_in: 3599.5 }),
    accepted: { seconds: 3599, notes: [/expires_in 3599\.5, not whole seconds; using 3599 s/] },
    fragment: fragment('3599.5'),
  },
  {
    name: 'expires_in 0',
    response: token({ expires_in: 0 }),
    accepted: { seconds: 0, notes: [/expires_in 0; the token is used for this request only/] },
    fragment: fragment('0'),
  },
  {
    name: 'expires_in -5',
    response: token({ expires_in: -5 }),
    accepted: { seconds: 0, notes: [/expires_in -5; the token is used for this request only/] },
    fragment: fragment('-5'),
  },
  {
    name: 'expires_in 0.5',
    response: token({ expires_in: 0.5 }),
    accepted: { seconds: 0, notes: [/expires_in 0\.5; the token is used for this request only/] },
  },
  {
    name: 'expires_in 1e12',
    response: token({ expires_in: 1e12 }),
    accepted: { seconds: YEAR, notes: [/expires_in 1000000000000, more than a year; using 31536000 s \(one year\)/] },
    fragment: fragment('1000000000000'),
  },
  {
    name: 'expires_in 1e20',
    response: token({ expires_in: 1e20 }),
    accepted: { seconds: YEAR, notes: [/expires_in 100000000000000000000, more than a year/] },
    fragment: fragment('1e20'),
  },
  {
    name: 'expires_in "1e20"',
    response: token({ expires_in: '1e20' }),
    accepted: { seconds: YEAR, notes: [/as a string \("1e20"\)/, /more than a year/] },
  },
  {
    name: 'expires_in 1e400 (Infinity once parsed)',
    response: json(200, '{"access_token":"tok-abc","token_type":"Bearer","expires_in":1e400}'),
    accepted: { seconds: YEAR, notes: [/expires_in Infinity, more than a year/] },
  },
  {
    name: 'expires_in "soon"',
    response: token({ expires_in: 'soon' }),
    refused: /expires_in "soon", which is not a number of seconds/,
    fragment: fragment('soon'),
  },
  { name: 'expires_in ""', response: token({ expires_in: '' }), refused: /expires_in "", which is not/, fragment: fragment('') },
  { name: 'expires_in true', response: token({ expires_in: true }), refused: /expires_in true, which is not/ },
  { name: 'expires_in "0x10"', response: token({ expires_in: '0x10' }), refused: /expires_in "0x10", which is not/ },
  { name: 'no access_token', response: token({ access_token: undefined }), refused: /The token response has no access_token\./ },
  {
    name: 'token_type mac',
    response: token({ token_type: 'mac' }),
    refused: /token_type "mac"; only Bearer tokens are supported \(RFC 6749 §7\.1\)/,
  },
  {
    name: 'an HTML error page',
    response: { status: 500, headers: { 'Content-Type': 'text/html' }, body: '<h1>Internal Server Error</h1>' },
    refused: /answered 500 with text\/html, not JSON \("Internal Server Error"\)\. Fix: Check tokenUrl/,
  },
  {
    name: 'an RFC 6749 §5.2 error',
    response: json(401, '{"error":"invalid_client","error_description":"client authentication failed"}'),
    refused: /answered 401 invalid_client \(client authentication failed\): the client id or secret is wrong/,
  },
  {
    name: 'a 401 from an API (Bearer challenge, no OAuth error)',
    response: { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api"' }, body: '' },
    refused: /answered 401 without an OAuth error \(WWW-Authenticate: Bearer\)\. Fix: tokenUrl points at an API/,
  },
  {
    name: 'a redirect',
    response: { status: 302, headers: { Location: 'http://elsewhere.example/token' }, body: '' },
    refused: /answered 302 with a redirect to http:\/\/elsewhere\.example\/token\. Not followed/,
  },
];

const notesOf = (expected: RegExp[], actual: string[]) => {
  assert.equal(actual.length, expected.length, `notes: ${JSON.stringify(actual)}`);
  expected.forEach((pattern, index) => assert.match(actual[index]!, pattern));
};

/** The expiry the scripts stored, as a lifetime in seconds counted from `before`. */
const storedLifetime = (environment: Map<string, string>, before: number) =>
  Math.round((Number(environment.get('accessTokenExpiresAt')) - before) / 1000);

describe('the Token folder, the refresh script, token and login read the same table alike', () => {
  let endpoint: { url: string; answer: FakeResponse; close(): Promise<void> };
  before(async () => {
    const state = { answer: token({}) };
    const server = createServer((request, response) => {
      request.resume();
      response.writeHead(state.answer.status!, state.answer.headers ?? {});
      response.end(state.answer.body ?? '');
    });
    const { origin, close } = await listenOnLoopback(server);
    endpoint = {
      url: `${origin}/as/token.oauth2`,
      get answer() {
        return state.answer;
      },
      set answer(value) {
        state.answer = value;
      },
      close,
    };
  });
  after(() => endpoint.close());

  for (const entry of CASES) {
    test(entry.name, async () => {
      const before = Date.now();
      const folder = runSandboxScript(scripts.tokenRequestTest, { variables: credentials, response: entry.response });
      const refresh = runSandboxScript(scripts.collectionPrerequest, {
        variables: credentials,
        sendRequest: { response: entry.response },
      });
      const node = loadSandboxTokenFunctions().readTokenResponse({
        tokenUrl,
        status: entry.response.status,
        header: (name) =>
          entry.response.headers?.[
            Object.keys(entry.response.headers).find((key) => key.toLowerCase() === name.toLowerCase()) ?? ''
          ],
        text: entry.response.body ?? '',
      });
      // The code grant's exchange over real HTTP (its client follows no redirect either).
      endpoint.answer = entry.response;
      const exchanged = await exchangeCode(
        { tokenUrl: endpoint.url, clientId: 'c', redirectUri: 'http://127.0.0.1/cb', code: 'x', codeVerifier: 'v' },
        { timeoutMs: 10_000 },
      ).catch((error: unknown) => error);

      if (entry.accepted) {
        const { seconds, notes } = entry.accepted;
        const failed = folder.tests.filter((result) => !result.passed);
        assert.deepEqual(failed, [], 'every Token folder test passes');
        assert.deepEqual(
          folder.tests.filter((result) => result.name.startsWith('Tolerated: ')).map((result) => result.name),
          folder.warnings.map((warning) => `Tolerated: ${warning}`),
          'each tolerated deviation is a warning and a visible passing assertion',
        );
        notesOf(notes, folder.warnings);
        assert.equal(folder.environment.get('accessToken'), 'tok-abc');
        assert.equal(storedLifetime(folder.environment, before), seconds);

        assert.deepEqual(refresh.tests, [], 'the refresh script asserts nothing when it gets a token');
        notesOf(notes, refresh.warnings);
        assert.equal(refresh.environment.get('accessToken'), 'tok-abc');
        assert.equal(storedLifetime(refresh.environment, before), seconds);
        assert.equal(refresh.skipped, false);

        assert.equal(node.token?.expiresInSeconds, seconds, 'token reads the same lifetime');
        notesOf(notes, node.notes);

        assert.ok(!(exchanged instanceof Error), `login --grant code accepts it: ${String(exchanged)}`);
        assert.equal((exchanged as { expiresInSeconds: number }).expiresInSeconds, seconds);
        notesOf(notes, (exchanged as { notes: string[] }).notes);
      } else {
        const failedTest = folder.tests.find((result) => !result.passed);
        assert.ok(failedTest, 'a Token folder test fails');
        assert.match(failedTest.message!, entry.refused!);
        assert.equal(folder.environment.get('accessToken'), '', 'the Token folder forgets the token');

        assert.equal(refresh.tests.length, 1);
        assert.equal(refresh.tests[0]!.name, 'Access token obtained from the token endpoint');
        assert.equal(refresh.tests[0]!.passed, false);
        assert.equal(refresh.tests[0]!.message, node.failure!.text, 'the refresh says what token says');
        assert.match(refresh.tests[0]!.message!, entry.refused!);
        assert.equal(refresh.skipped, true, 'the request that needed the token is not sent');
        assert.equal(refresh.environment.get('accessToken'), '');

        assert.equal(node.token, undefined);
        assert.ok(node.failure!.text.includes(failedTest.message!), 'the Token folder says what token says');

        assert.ok(exchanged instanceof CliError, 'login --grant code refuses it with a CliError');
        assert.equal(exchanged.exitCode, 3);
      }

      if (entry.fragment !== undefined) {
        const read = () => checkRedirect(parseRedirectParams(entry.fragment!), { grant: 'implicit' });
        if (entry.accepted) {
          const result = read();
          assert.equal(result.kind, 'token');
          if (result.kind !== 'token') return;
          assert.equal(result.token.expiresInSeconds, entry.accepted.seconds, 'the implicit grant reads the same lifetime');
          // A fragment's values are strings by definition: no note for that.
          notesOf(
            entry.accepted.notes.filter((pattern) => !/as a string/.test(pattern.source)),
            result.token.notes,
          );
        } else {
          assert.throws(read, (error: unknown) => error instanceof CliError && entry.refused!.test(error.message));
        }
      }
    });
  }
});

describe('messages name the problem and the fix', () => {
  const read = (response: FakeResponse, url = tokenUrl, error?: unknown) =>
    loadSandboxTokenFunctions().readTokenResponse({
      tokenUrl: url,
      status: response.status,
      header: (name) => response.headers?.[name],
      text: response.body ?? '',
      error,
    });

  test('a redirect names both addresses and never the credentials in them', () => {
    const reading = read(
      { status: 307, headers: { Location: 'https://u:p@other.example/t?client_secret=xyz' } },
      'https://user:pass@sso.example/as/token.oauth2?client_id=a&client_secret=hunter2',
    );
    assert.equal(reading.failure!.kind, 'redirect');
    assert.equal(reading.failure!.location, 'https://u:p@other.example/t?client_secret=xyz');
    assert.match(
      reading.failure!.message,
      /^The token endpoint https:\/\/sso\.example\/as\/token\.oauth2\?client_id=a&client_secret=\*{8} answered 307 with a redirect to https:\/\/other\.example\/t\?client_secret=\*{8}\. Not followed: the token request carries the client secret/,
    );
    assert.match(
      reading.failure!.fix,
      /If https:\/\/other\.example\/t\?client_secret=\*{8} is the token endpoint, set tokenUrl \(OAUTH_TOKEN_URL\) to it/,
    );
    assert.doesNotMatch(reading.failure!.text, /pass|hunter2|xyz|u:p/);
    for (const status of [301, 302, 303, 308])
      assert.equal(read({ status, headers: { Location: '/x' } }).failure!.kind, 'redirect');
    assert.match(
      read({ status: 302 }).failure!.text,
      /a redirect to nowhere \(no Location header\)\. .* Fix: Ask the server's administrators/,
    );
  });

  test('a 401 without an OAuth error says whether tokenUrl points at an API or the credentials were refused', () => {
    assert.match(
      read({ status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } }).failure!.fix,
      /tokenUrl points at an API that wants a bearer token, not at the token endpoint: set OAUTH_TOKEN_URL/,
    );
    const basic = read({ status: 401, headers: { 'WWW-Authenticate': 'Basic realm="sso"' }, body: 'Unauthorized' }).failure!;
    assert.equal(basic.kind, 'unauthorized');
    assert.match(
      basic.text,
      /401 without an OAuth error \(WWW-Authenticate: Basic\)\. Fix: Check that tokenUrl is the token endpoint itself .* then clientId, clientSecret and clientAuth/,
    );
    assert.match(read({ status: 401 }).failure!.text, /answered 401 without an OAuth error\. Fix: Check that tokenUrl/);
  });

  test('no response: connection refused, unknown host, timeout and TLS each get their fix; without an error it still says so', () => {
    const noResponse = (error?: unknown) => read({}, tokenUrl, error).failure!;
    assert.equal(noResponse().kind, 'no-response');
    assert.match(
      noResponse().text,
      /^No response from the token endpoint https:\/\/sso\.example\/as\/token\.oauth2: connection refused, unknown host or timeout/,
    );
    assert.doesNotMatch(noResponse().text, /undefined/);
    assert.match(
      noResponse({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }).text,
      /\(ECONNREFUSED connect ECONNREFUSED 127\.0\.0\.1:1\): nothing listens there\. Fix: Check tokenUrl and that the server is up/,
    );
    assert.match(noResponse('getaddrinfo ENOTFOUND sso.example').text, /unknown host\. Fix: Check tokenUrl, VPN and DNS/);
    assert.match(
      noResponse({ code: 'ESOCKETTIMEDOUT' }).text,
      /no answer within the request timeout\. Fix: Raise --timeout-request/,
    );
    assert.match(
      noResponse(new Error('self signed certificate in certificate chain')).text,
      /not trusted\. Fix: .*--ssl-extra-ca-certs/,
    );
  });

  test('OAuth errors keep the server description and name the likely cause; unknown ones point at the description', () => {
    const unauthorized = read(json(400, '{"error":"unauthorized_client"}')).failure!;
    assert.equal(
      unauthorized.text,
      'The token endpoint answered 400 unauthorized_client: the client_credentials grant is not enabled for this application.',
    );
    assert.equal(unauthorized.fix, 'The client_credentials grant is not enabled for this application.');
    assert.deepEqual(JSON.parse(JSON.stringify(unauthorized.oauthError)), {
      error: 'unauthorized_client',
      hint: 'the client_credentials grant is not enabled for this application',
    });
    assert.match(read(json(400, '{"error":"temporarily_unavailable"}')).failure!.fix, /Read the error description/);
    assert.match(
      read(json(500, '{"message":"boom"}')).failure!.text,
      /answered 500 without an OAuth error code \(RFC 6749 §5\.2\)/,
    );
    assert.match(read(json(200, '[1,2]')).failure!.text, /answered 200 with JSON that is not an object/);
  });

  test('messages never contain the token', () => {
    const reading = read(json(200, '{"access_token":"SECRET-TOKEN-VALUE","token_type":"mac","expires_in":"soon"}'));
    assert.match(reading.failure!.text, /token_type "mac".*expires_in "soon"/);
    assert.doesNotMatch(JSON.stringify(reading), /SECRET-TOKEN-VALUE/);
  });
});

describe('refreshInstant, as the collection runs it', () => {
  // The collection's pre-request script returns at once for a request with an auth of its own;
  // what stays behind in its context are the library functions it was composed with.
  const { refreshInstant } = runSandboxScript(scripts.collectionPrerequest, { auth: { type: 'noauth' } }).context as {
    refreshInstant: (expiresAt: number, lifetimeMs: number, skewSeconds: number) => number;
  };
  const expiresAt = 1_700_000_000_000;

  test('the configured skew before expiry', () => {
    assert.equal(refreshInstant(expiresAt, 3_599_000, 60), expiresAt - 60_000);
  });
  test('skew 0: still one second early, since servers count expiry in whole seconds', () => {
    assert.equal(refreshInstant(expiresAt, 3_599_000, 0), expiresAt - 1000);
  });
  test('a skew larger than half the lifetime: half the lifetime, so the token is still reused', () => {
    assert.equal(refreshInstant(expiresAt, 100_000, 60), expiresAt - 50_000);
    assert.equal(refreshInstant(expiresAt, 2000, 60), expiresAt - 1000);
  });
  test('a 1 s lifetime: half a second early', () => {
    assert.equal(refreshInstant(expiresAt, 1000, 60), expiresAt - 500);
    assert.equal(refreshInstant(expiresAt, 1000, 0), expiresAt - 500);
  });
  test('lifetime 0: the token is due at once', () => {
    assert.equal(refreshInstant(expiresAt, 0, 60), expiresAt);
  });
});

describe('signInTokenExpired, as the collection runs it', () => {
  const { signInTokenExpired } = runSandboxScript(scripts.collectionPrerequest, { auth: { type: 'noauth' } }).context as {
    signInTokenExpired: (expiresAt: number, refreshAt: number, now: number) => boolean;
  };
  const expiresAt = 1_700_000_000_000;

  test('one second before expiry, whatever skew gave the refresh instant', () => {
    for (const refreshAt of [expiresAt - 60_000, expiresAt - 1000]) {
      assert.equal(signInTokenExpired(expiresAt, refreshAt, expiresAt - 1001), false);
      assert.equal(signInTokenExpired(expiresAt, refreshAt, expiresAt - 1000), true);
    }
  });
  test('a token that lives 1 s (refreshed half a second early): half a second before', () => {
    assert.equal(signInTokenExpired(expiresAt, expiresAt - 500, expiresAt - 501), false);
    assert.equal(signInTokenExpired(expiresAt, expiresAt - 500, expiresAt - 500), true);
  });
  test('no refresh instant, or one after the expiry: one second before; an expiry that is not a time: expired', () => {
    for (const refreshAt of [0, Number.NaN, expiresAt + 5000]) {
      assert.equal(signInTokenExpired(expiresAt, refreshAt, expiresAt - 1001), false);
      assert.equal(signInTokenExpired(expiresAt, refreshAt, expiresAt - 1000), true);
    }
    assert.equal(signInTokenExpired(Number.NaN, 0, expiresAt), true);
  });
});

describe('the token request, as the Token folder and the refresh send it', () => {
  const shaped = (variables: Record<string, string>) => runSandboxScript(scripts.tokenRequestPrerequest, { variables });

  test('body puts the credentials in the form (client_secret_post), and the refresh sends the same', () => {
    const variables = { ...credentials, scope: 'api:read' };
    const run = shaped(variables);
    assert.equal(run.request.url, tokenUrl);
    assert.deepEqual(run.request.body, {
      mode: 'urlencoded',
      urlencoded: [
        { key: 'grant_type', value: 'client_credentials' },
        { key: 'scope', value: 'api:read' },
        { key: 'client_id', value: 'my id' },
        { key: 'client_secret', value: 's3:cr&t' },
      ],
    });
    assert.ok(!run.request.headers.some((header) => header.key === 'Authorization'));
    const refresh = runSandboxScript(scripts.collectionPrerequest, { variables, sendRequest: { response: token({}) } });
    assert.deepEqual(refresh.sentRequests, [
      { url: tokenUrl, method: 'POST', header: run.request.headers, body: run.request.body },
    ]);
  });

  test('basic form-encodes id and secret before base64 (RFC 6749 §2.3.1)', () => {
    const run = shaped({ ...credentials, clientAuth: 'Basic' });
    const authorization = run.request.headers.find((header) => header.key === 'Authorization')!.value;
    assert.equal(Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString(), 'my%20id:s3%3Acr%26t');
    assert.deepEqual(run.request.body!.urlencoded, [{ key: 'grant_type', value: 'client_credentials' }]);
  });

  test('query puts the credentials in the URL', () => {
    const url = new URL(shaped({ ...credentials, clientAuth: 'query' }).request.url!);
    assert.equal(url.searchParams.get('client_id'), 'my id');
    assert.equal(url.searchParams.get('client_secret'), 's3:cr&t');
  });

  test('each missing or wrong setting is named with where to set it, and the request is not sent', () => {
    const run = shaped({ tokenUrl, clientAuth: 'header', tokenRefreshSkewSeconds: '1.5' });
    assert.equal(run.tests.length, 1);
    const message = run.tests[0]!.message!;
    assert.match(message, /clientId is empty: set OAUTH_CLIENT_ID in \.env/);
    assert.match(message, /clientSecret is empty: set OAUTH_CLIENT_SECRET/);
    assert.match(message, /clientAuth is "header": use body, basic or query/);
    assert.match(message, /tokenRefreshSkewSeconds is "1.5"/);
    assert.equal(run.skipped, true);
    assert.match(run.logs.join('\n'), /Skipping Who am I: no access token for it/);
  });

  test('the defaults: an empty skew is 60 s, an empty clientAuth is body (the Node loader reads them alike)', () => {
    const empty = { ...credentials, tokenRefreshSkewSeconds: '', clientAuth: '' };
    const { readTokenSettings } = loadSandboxTokenFunctions((name) => (empty as Record<string, string>)[name]);
    assert.equal(readTokenSettings().skewSeconds, SANDBOX_CONSTANTS.DEFAULT_REFRESH_SKEW_SECONDS);
    assert.equal(readTokenSettings().clientAuth, SANDBOX_CONSTANTS.DEFAULT_CLIENT_AUTH);
    assert.deepEqual(readTokenSettings().problems, []);
    assert.equal(shaped(empty).request.body!.urlencoded.at(-1)!.key, 'client_secret');
    const zeroSkew: Record<string, string> = { ...credentials, tokenRefreshSkewSeconds: '0' };
    const zero = loadSandboxTokenFunctions((name) => zeroSkew[name]);
    assert.equal(zero.readTokenSettings().skewSeconds, 0);
  });
});

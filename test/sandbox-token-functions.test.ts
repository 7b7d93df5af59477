import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSandboxTokenFunctions } from '../src/token/sandbox-functions.js';

// The collection's own token code (src/sandbox/lib), run in Node with a stand-in for pm.variables.
const load = (variables: Record<string, string> = {}) => loadSandboxTokenFunctions((name) => variables[name]);

const ok = { tokenUrl: 'https://sso.example/as/token.oauth2', clientId: 'my id', clientSecret: 's3:cr&t' };

test('readTokenResponse accepts an RFC 6749 §5.1 response, token_type case-insensitively', async () => {
  const { readTokenResponse } = await load();
  const reading = readTokenResponse(200, 'application/json', '{"access_token":"abc","token_type":"bearer","expires_in":3599}');
  assert.deepEqual(reading.token, { accessToken: 'abc', tokenType: 'bearer', expiresInSeconds: 3599 });
  assert.deepEqual(reading.notes, []);
  assert.equal(reading.failure, undefined);
});

test('readTokenResponse names the OAuth error and its likely cause (RFC 6749 §5.2)', async () => {
  const { readTokenResponse } = await load();
  const reading = readTokenResponse(
    401,
    'application/json',
    '{"error":"invalid_client","error_description":"client authentication failed"}',
  );
  assert.equal(reading.token, undefined);
  assert.match(reading.failure!, /401 invalid_client \(client authentication failed\): the client id or secret is wrong/);
  assert.equal(reading.oauthError!.error, 'invalid_client');
  const unauthorized = readTokenResponse(400, 'application/json', '{"error":"unauthorized_client"}');
  assert.match(unauthorized.failure!, /client_credentials grant is not enabled/);
});

test('readTokenResponse reports an HTML error page without a JSON parse error', async () => {
  const { readTokenResponse } = await load();
  const reading = readTokenResponse(502, 'text/html', '<html><body><h1>Bad Gateway</h1></body></html>');
  assert.match(reading.failure!, /answered 502 with text\/html, not JSON \("Bad Gateway"\)/);
  assert.doesNotMatch(reading.failure!, /Unexpected token/);
});

test('readTokenResponse refuses a missing access_token and a non-Bearer token_type', async () => {
  const { readTokenResponse } = await load();
  assert.match(readTokenResponse(200, 'application/json', '{"token_type":"Bearer","expires_in":5}').failure!, /no access_token/);
  assert.match(
    readTokenResponse(200, 'application/json', '{"access_token":"a","token_type":"mac","expires_in":5}').failure!,
    /token_type "mac"/,
  );
});

test('readTokenResponse computes an expiry from a missing, string or zero expires_in and says so', async () => {
  const { readTokenResponse } = await load();
  const missing = readTokenResponse(200, 'application/json', '{"access_token":"a","token_type":"Bearer"}');
  assert.equal(missing.token!.expiresInSeconds, 3600);
  assert.match(missing.notes[0]!, /no expires_in; assuming 3600 s/);
  const text = readTokenResponse(200, 'application/json', '{"access_token":"a","token_type":"Bearer","expires_in":"120"}');
  assert.equal(text.token!.expiresInSeconds, 120);
  assert.match(text.notes[0]!, /as a string/);
  const zero = readTokenResponse(200, 'application/json', '{"access_token":"a","token_type":"Bearer","expires_in":0}');
  assert.equal(zero.token!.expiresInSeconds, 0);
  assert.match(
    readTokenResponse(200, 'application/json', '{"access_token":"a","token_type":"Bearer","expires_in":"soon"}').failure!,
    /not a number/,
  );
});

test('failure messages never contain the token', async () => {
  const { readTokenResponse } = await load();
  const reading = readTokenResponse(200, 'application/json', '{"access_token":"SECRET-TOKEN-VALUE","token_type":"mac"}');
  assert.doesNotMatch(reading.failure!, /SECRET-TOKEN-VALUE/);
});

test('buildTokenRequest: body puts the credentials in the form (client_secret_post)', async () => {
  const { readTokenSettings, buildTokenRequest } = await load({ ...ok, scope: 'api:read' });
  const request = buildTokenRequest(readTokenSettings());
  assert.equal(request.url, ok.tokenUrl);
  assert.deepEqual(request.form, [
    { key: 'grant_type', value: 'client_credentials' },
    { key: 'scope', value: 'api:read' },
    { key: 'client_id', value: 'my id' },
    { key: 'client_secret', value: 's3:cr&t' },
  ]);
  assert.ok(!request.headers.some((header) => header.key === 'Authorization'));
});

test('buildTokenRequest: basic form-encodes id and secret before base64 (RFC 6749 §2.3.1)', async () => {
  const { readTokenSettings, buildTokenRequest } = await load({ ...ok, clientAuth: 'Basic' });
  const request = buildTokenRequest(readTokenSettings());
  const authorization = request.headers.find((header) => header.key === 'Authorization')!.value;
  assert.equal(Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString(), 'my%20id:s3%3Acr%26t');
  assert.deepEqual(request.form, [{ key: 'grant_type', value: 'client_credentials' }]);
});

test('buildTokenRequest: query puts the credentials in the URL', async () => {
  const { readTokenSettings, buildTokenRequest } = await load({ ...ok, clientAuth: 'query' });
  const request = buildTokenRequest(readTokenSettings());
  const url = new URL(request.url);
  assert.equal(url.searchParams.get('client_id'), 'my id');
  assert.equal(url.searchParams.get('client_secret'), 's3:cr&t');
});

test('readTokenSettings names each missing value and where to set it', async () => {
  const { readTokenSettings } = await load({ tokenUrl: ok.tokenUrl, clientAuth: 'header', tokenRefreshSkewSeconds: '1.5' });
  const problems = readTokenSettings().problems.join('\n');
  assert.match(problems, /clientId is empty: set OAUTH_CLIENT_ID in \.env/);
  assert.match(problems, /clientSecret is empty: set OAUTH_CLIENT_SECRET/);
  assert.match(problems, /clientAuth is "header": use body, basic or query/);
  assert.match(problems, /tokenRefreshSkewSeconds is "1.5"/);
});

test('tokenRefreshSkewSeconds: empty means the default 60 s, a whole number is taken as is', async () => {
  assert.equal((await load({ ...ok, tokenRefreshSkewSeconds: '' })).readTokenSettings().skewSeconds, 60);
  assert.equal((await load({ ...ok, tokenRefreshSkewSeconds: '5' })).readTokenSettings().skewSeconds, 5);
  assert.deepEqual((await load({ ...ok, tokenRefreshSkewSeconds: '0' })).readTokenSettings().problems, []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storedTokenExpired } from '../src/login/token-store.js';
import { SANDBOX_CONSTANTS } from '../src/sandbox/defaults.js';
import { collectionScripts, runSandboxScript, type SandboxRun, type SandboxSetup } from './support/sandbox.js';

/*
 * The Browser sign-in request in the Postman app, script by script, with the committed
 * collection's text: what the person sees in the console and the test results after pressing
 * Get New Access Token → Use Token → Send, and what the other requests do with that token.
 * test/postman-cli.test.ts runs the same collection in the official Postman CLI.
 */

const scripts = collectionScripts();
const HELPER_TOKEN = 'helper-token-from-get-new-access-token-0123456789';
const { signIn, unreachable, refused } = SANDBOX_CONSTANTS.TOKEN_ERROR_NAMES;
const HOUR_MS = SANDBOX_CONSTANTS.ASSUMED_LIFETIME_SECONDS * 1000;

/** The request's own OAuth 2.0 auth, as the app gives it to scripts once Use Token put a token on it. */
const helperAuth = (accessToken?: string): SandboxSetup['auth'] => ({
  type: 'oauth2',
  oauth2: { get: (key: string) => (key === 'accessToken' ? accessToken : key === 'grant_type' ? 'implicit' : undefined) },
});

const signInRequest = { requestName: 'Sign in in the browser (implicit grant)' };

/** A request without a client secret and without a usable token: not sent, nothing fetched, one failed test that says to sign in again. */
function assertSignInRequired(run: SandboxRun, expiredAt: number, context?: string): void {
  assert.equal(run.skipped, true, context);
  assert.deepEqual(run.sentRequests, [], context);
  assert.equal(run.tests.length, 1, context);
  assert.equal(run.tests[0]!.errorName, signIn, context);
  assert.equal(
    run.tests[0]!.message,
    `The access token from the browser sign-in expired at ${new Date(expiredAt).toISOString()}, and without a client secret the collection cannot fetch one. ` +
      'Sign in again: in the Postman app, open Browser sign-in, then Authorization → Get New Access Token, sign in, Use Token, and Send that request once; ' +
      'on the command line, npm run login -- --env prod. ' +
      'For client credentials instead, set OAUTH_CLIENT_SECRET (or the clientSecret variable of your Postman environment).',
    context,
  );
}

test('without a token from the helper, a runner skips the sign-in request and says why on the console', () => {
  for (const auth of [helperAuth(undefined), helperAuth(''), helperAuth('   ')]) {
    const run = runSandboxScript(scripts.signInPrerequest, { ...signInRequest, auth });
    assert.equal(run.skipped, true);
    assert.equal(run.logs.length, 1);
    assert.match(
      run.logs[0]!,
      /^Skipping Sign in in the browser \(implicit grant\): no token from Get New Access Token on it\. A runner cannot sign in: the other requests use the client secret or an earlier sign-in\. In the Postman app: Authorization tab → Get New Access Token → Use Token, then Send\.$/,
    );
    assert.deepEqual(run.tests, [], 'no failed assertion: the run stays green');
  }
});

test("with the helper's token, the sign-in request is sent", () => {
  const run = runSandboxScript(scripts.signInPrerequest, { ...signInRequest, auth: helperAuth(HELPER_TOKEN) });
  assert.equal(run.skipped, false);
  assert.deepEqual(run.logs, []);
});

test("once the API accepts it, the helper's token becomes every request's token, with the assumed lifetime, which sending it again does not extend", () => {
  const before = Date.now();
  const first = runSandboxScript(scripts.signInTest, {
    ...signInRequest,
    auth: helperAuth(HELPER_TOKEN),
    response: { status: 200, body: '{}' },
  });
  const after = Date.now();
  assert.deepEqual(first.tests, [{ name: 'The API accepts the token from Get New Access Token', passed: true, skipped: false }]);
  assert.equal(first.environment.get('accessToken'), HELPER_TOKEN);
  assert.equal(first.environment.get('tokenType'), 'Bearer');
  const expiresAt = Number(first.environment.get('accessTokenExpiresAt'));
  assert.ok(expiresAt >= before + HOUR_MS && expiresAt <= after + HOUR_MS, String(expiresAt));
  assert.ok(Number(first.environment.get('accessTokenRefreshAt')) < expiresAt);
  assert.equal(first.logs.length, 1);
  assert.match(
    first.logs[0]!,
    new RegExp(
      `^Browser sign-in: every request of the collection now sends this token, until ${new Date(expiresAt).toISOString()} \\(assumed: 3600 s after it was first sent, as scripts cannot see its expiry\\)`,
    ),
  );
  assert.ok(!first.logs[0]!.includes(HELPER_TOKEN), 'the console never shows the token');

  // Sent again an hour later, the same token is not given a new hour.
  const stored = { accessToken: HELPER_TOKEN, accessTokenExpiresAt: String(expiresAt - 1000) };
  const again = runSandboxScript(scripts.signInTest, {
    ...signInRequest,
    auth: helperAuth(HELPER_TOKEN),
    response: { status: 200, body: '{}' },
    variables: stored,
    environmentValues: stored,
  });
  assert.equal(again.environment.get('accessTokenExpiresAt'), undefined, 'nothing stored again');
  assert.match(again.logs[0]!, new RegExp(`until ${new Date(expiresAt - 1000).toISOString()}`));
});

test('a helper token the API refuses is not adopted: a failed test says to sign in again, without the token', () => {
  const stored = { accessToken: HELPER_TOKEN, accessTokenExpiresAt: String(Date.now() + 1000) };
  const run = runSandboxScript(scripts.signInTest, {
    ...signInRequest,
    auth: helperAuth(HELPER_TOKEN),
    response: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } },
    variables: stored,
    environmentValues: stored,
  });
  assert.equal(run.tests.length, 1);
  const [result] = run.tests;
  assert.equal(result!.passed, false);
  assert.equal(result!.errorName, signIn);
  assert.equal(
    result!.message,
    'The API answered 401 (WWW-Authenticate: Bearer error="invalid_token") to the token from Get New Access Token: it expired or is not for this API. ' +
      'Sign in again: in the Postman app, open Browser sign-in, then Authorization → Get New Access Token, sign in, Use Token, and Send that request once; ' +
      'on the command line, npm run login -- --env prod.',
  );
  assert.equal(run.environment.get('accessToken'), '', 'the refused token is forgotten');
});

test('without a client secret, the requests use the adopted token until it expires, then say to sign in again (and are skipped)', () => {
  const fresh = runSandboxScript(scripts.collectionPrerequest, {
    variables: { accessToken: HELPER_TOKEN, accessTokenExpiresAt: String(Date.now() + 60_000), accessTokenRefreshAt: '1' },
  });
  assert.equal(fresh.skipped, false);
  assert.deepEqual(fresh.sentRequests, [], 'no token request with an empty secret');
  assert.deepEqual(fresh.tests, []);

  const expiredAt = Date.now() - 1000;
  const expired = runSandboxScript(scripts.collectionPrerequest, {
    variables: { accessToken: HELPER_TOKEN, accessTokenExpiresAt: String(expiredAt), accessTokenRefreshAt: '1' },
  });
  assertSignInRequired(expired, expiredAt);

  const never = runSandboxScript(scripts.collectionPrerequest, {});
  assert.match(
    never.tests[0]!.message!,
    /^There is no access token, and without a client secret the collection cannot fetch one\. Sign in: in the Postman app/,
  );
});

test('without a client secret, an adopted token stops being sent one second before its expiry, as the CLI counts it (storedTokenExpired)', () => {
  const adoptedAt = Date.parse('2026-05-04T10:00:00Z');
  const adopted = runSandboxScript(scripts.signInTest, {
    ...signInRequest,
    auth: helperAuth(HELPER_TOKEN),
    response: { status: 200, body: '{}' },
    now: adoptedAt,
  });
  const stored = Object.fromEntries(adopted.environment);
  const expiresAt = adoptedAt + HOUR_MS;
  assert.equal(stored.accessTokenExpiresAt, String(expiresAt));
  const at = (now: number) => runSandboxScript(scripts.collectionPrerequest, { variables: stored, now });

  // 1.1 s left of an hour: sent, with nothing fetched and nothing failed.
  const sent = at(expiresAt - 1100);
  assert.equal(sent.skipped, false);
  assert.deepEqual(sent.tests, []);
  assert.deepEqual(sent.sentRequests, []);
  assert.equal(storedTokenExpired({ expiresAt, obtainedAt: adoptedAt }, expiresAt - 1100), false);

  // 900 ms left: a request sent now could arrive after the server's whole second; not sent, with the sign-in advice.
  for (const left of [1000, 900, 0, -1000]) {
    const held = at(expiresAt - left);
    assertSignInRequired(held, expiresAt, `${left} ms left`);
    assert.equal(held.environment.get('accessToken'), '', 'the token is forgotten');
    assert.equal(storedTokenExpired({ expiresAt, obtainedAt: adoptedAt }, expiresAt - left), true);
  }

  // An expiry edited into something that is not a time: expired, and said so, rather than a script error.
  for (const accessTokenExpiresAt of ['soon', '2026-05-04T10:59:00Z']) {
    const garbled = runSandboxScript(scripts.collectionPrerequest, {
      variables: { accessToken: HELPER_TOKEN, accessTokenExpiresAt },
    });
    assert.equal(garbled.skipped, true, accessTokenExpiresAt);
    assert.equal(garbled.tests[0]!.errorName, signIn);
    assert.match(
      garbled.tests[0]!.message!,
      /^The access token from the browser sign-in has an expiry \(accessTokenExpiresAt\) that is not a time, and without a client secret the collection cannot fetch one\. Sign in again: /,
    );
  }

  // Without a refresh instant (an environment edited by hand), the token is taken to be long-lived: one second early still.
  const byHand = { accessToken: HELPER_TOKEN, accessTokenExpiresAt: String(expiresAt) };
  assert.equal(runSandboxScript(scripts.collectionPrerequest, { variables: byHand, now: expiresAt - 1001 }).skipped, false);
  assert.equal(runSandboxScript(scripts.collectionPrerequest, { variables: byHand, now: expiresAt - 1000 }).skipped, true);
});

test('an API request refused with a 401 and no client secret says to sign in again; with a secret the next request fetches a token', () => {
  const response = { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } };
  const signedIn = runSandboxScript(scripts.apiRequestTest, { response, variables: { accessToken: HELPER_TOKEN } });
  assert.match(
    signedIn.tests[0]!.message!,
    /^Expected 200, got 401 401 \(WWW-Authenticate: Bearer error="invalid_token"\)\. Sign in again: in the Postman app, open Browser sign-in/,
  );
  assert.equal(signedIn.environment.get('accessToken'), '');
  const withSecret = runSandboxScript(scripts.apiRequestTest, { response, variables: { clientSecret: 's3cret-value' } });
  assert.doesNotMatch(withSecret.tests[0]!.message!, /Sign in/);
});

test('signed in without a secret, a whole-collection run skips the client-credentials Token request instead of failing it', () => {
  const skipped = runSandboxScript(scripts.tokenRequestPrerequest, {
    requestName: 'Get access token (client credentials)',
    variables: { tokenUrl: 'https://sso.example/as/token.oauth2', clientId: 'me', accessToken: HELPER_TOKEN },
  });
  assert.equal(skipped.skipped, true);
  assert.deepEqual(skipped.tests, []);
  assert.deepEqual(skipped.logs, [
    'Skipping Get access token (client credentials): no client secret for the client credentials grant; the requests use the browser sign-in token.',
  ]);
  const neither = runSandboxScript(scripts.tokenRequestPrerequest, {
    variables: { tokenUrl: 'https://sso.example/as/token.oauth2', clientId: 'me' },
  });
  assert.equal(neither.tests[0]!.errorName, refused, 'no secret and no token: the missing secret is reported');
  assert.match(neither.tests[0]!.message!, /clientSecret is empty/);
});

test('token failures are named for the exit code: no response is network trouble, any answer without a token a refusal', () => {
  const settings = { tokenUrl: 'https://sso.example/as/token.oauth2', clientId: 'me', clientSecret: 's3cret-value' };
  const noAnswer = runSandboxScript(scripts.collectionPrerequest, {
    variables: settings,
    sendRequest: { error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) },
  });
  assert.equal(noAnswer.tests[0]!.errorName, unreachable);
  const refusedAnswer = runSandboxScript(scripts.collectionPrerequest, {
    variables: settings,
    sendRequest: {
      response: { status: 401, body: '{"error":"invalid_client"}', headers: { 'Content-Type': 'application/json' } },
    },
  });
  assert.equal(refusedAnswer.tests[0]!.errorName, refused);
  // An answer the CLI's run cut off at 1 MiB (src/run/request-bounds.ts) came: a refusal, not network trouble.
  const cutOff = runSandboxScript(scripts.collectionPrerequest, {
    variables: settings,
    sendRequest: { error: Object.assign(new Error('EMSGSIZE: the answer passed 1048576 bytes'), { code: 'EMSGSIZE' }) },
  });
  assert.equal(cutOff.tests[0]!.errorName, refused);
  assert.match(cutOff.tests[0]!.message!, /was cut off \(EMSGSIZE/);
  const tokenFolder = runSandboxScript(scripts.tokenRequestTest, {
    variables: settings,
    response: { status: 400, body: '{"error":"invalid_scope"}', headers: { 'Content-Type': 'application/json' } },
  });
  assert.ok(tokenFolder.tests.some((result) => !result.passed && result.errorName === refused));
  const tokenFolderNoAnswer = runSandboxScript(scripts.tokenRequestTest, { variables: settings });
  assert.ok(tokenFolderNoAnswer.tests.some((result) => !result.passed && result.errorName === unreachable));
});

test('the sign-in advice names the --env of the selected environment: an exported "prod (personal)" is --env prod', () => {
  const expiredAt = String(Date.now() - 1000);
  const advice = (environmentName: string) =>
    runSandboxScript(scripts.collectionPrerequest, {
      environmentName,
      variables: { accessToken: HELPER_TOKEN, accessTokenExpiresAt: expiredAt },
    }).tests[0]!.message!;
  assert.match(advice('prod (personal)'), / on the command line, npm run login -- --env prod\. For client credentials/);
  assert.match(advice('local'), / on the command line, npm run login -- --env local\. For client credentials/);
  // No environment selected in the app: a placeholder, not an empty --env.
  assert.match(advice(''), / on the command line, npm run login -- --env NAME\. For client credentials/);
});

import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_USER, startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { skipWithoutBrowser, startCli, useBrowser, withScreenshot, type EndOfTest } from './support/browser.js';
import { freePort } from './support/loopback.js';
import { withoutLowPortRight } from './support/without-rights.js';
import { makeProject, runCli } from './support/project.js';
import { waitFor } from './support/wait.js';

/*
 * The browser sign-in end to end, in a real browser: Chromium or Chrome (support/browser.ts) driven
 * by playwright-core through the real login and consent pages of the local server (oidc-provider),
 * the CLI's loopback page, and then Newman with the captured token and no client secret. Tests that
 * need the browser are skipped without one (`skip: skipWithoutBrowser`); the others always run.
 */

const browser = useBrowser();
let server: RunningAuthorizationServer;
before(async () => {
  server = await startAuthorizationServer();
});
after(async () => {
  await server?.close();
});

/** --env prod pointed at the local server by the process environment; no client secret. */
function signInEnv(target: RunningAuthorizationServer, redirectUri: string): Record<string, string> {
  return {
    OAUTH_AUTHORIZE_URL: target.authorizeUrl,
    OAUTH_TOKEN_URL: target.tokenUrl,
    OAUTH_CLIENT_ID: target.publicClient.clientId,
    OAUTH_REDIRECT_URI: redirectUri,
    OAUTH_SCOPE: 'api:read',
    API_BASE_URL: target.apiBaseUrl,
  };
}

async function redirectUriOnFreePort(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/callback`;
}

interface StoredTokenFile {
  accessToken: string;
  tokenType: string;
  expiresAt: number;
  obtainedAt: number;
  grant: string;
  scope?: string;
  clientId: string;
}

/** Requests of the committed collection that reach the API in a Newman run: all but the Token and Postman-app-only folders. */
async function apiRequestsOf(dir: string): Promise<{ all: number; withoutToken: number }> {
  type Item = { item?: Item[]; request?: { auth?: { type: string } } };
  const collection = JSON.parse(await readFile(join(dir, 'collections', 'cloudsso-oauth.postman_collection.json'), 'utf8')) as {
    item: (Item & { name: string })[];
  };
  const requests = collection.item
    .filter((folder) => folder.name !== 'Token' && folder.name !== 'Browser sign-in')
    .flatMap((folder) => folder.item ?? []);
  return { all: requests.length, withoutToken: requests.filter((item) => item.request?.auth?.type === 'noauth').length };
}

const tokenPath = (dir: string, env = 'prod') => join(dir, '.oauth-postman', 'tokens', `${env}.json`);
const readStored = async (dir: string) => JSON.parse(await readFile(tokenPath(dir), 'utf8')) as StoredTokenFile;
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** The file's page, reset for this test (no session cookie left by an earlier one). */
async function withPage<T>(name: string, steps: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.page();
  return withScreenshot(page, name, () => steps(page));
}

/** The person at the browser: the login form, then ALLOW or DENY on the consent page. */
async function signIn(page: Page, url: string, decision: 'ALLOW' | 'DENY'): Promise<void> {
  await page.goto(url);
  await page.getByLabel('User name').fill(DEMO_USER.username);
  await page.getByLabel('Password').fill(DEMO_USER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Allow access?' }).waitFor();
  assert.match((await page.textContent('main')) ?? '', /api:read/, 'the consent page names the scope');
  await page.getByRole('button', { name: decision }).click();
}

/** The loopback page, once the CLI has answered it. */
async function loopbackOutcome(page: Page): Promise<{ outcome: string; title: string; message: string; url: string }> {
  await page.waitForSelector('body.success, body.failure', { timeout: 60_000 });
  return {
    outcome: (await page.getAttribute('body', 'class')) ?? '',
    title: (await page.textContent('#title')) ?? '',
    message: (await page.textContent('#message')) ?? '',
    url: page.url(),
  };
}

describe('login (implicit grant) and a Newman run with the captured token', () => {
  let project: Awaited<ReturnType<typeof makeProject>>;
  before(async () => {
    project = await makeProject();
  });
  after(() => project.remove());

  test('login --no-open prints the URL, the browser signs in and consents, the token is stored 0600 and Newman is green without a secret', {
    skip: skipWithoutBrowser,
  }, async (t) => {
    const redirectUri = await redirectUriOnFreePort();
    const env = signInEnv(server, redirectUri);
    const login = startCli(['login', '--env', 'prod', '--no-open', '--timeout', '90'], { cwd: project.dir, env, test: t });
    const url = new URL(await login.url);
    assert.equal(url.origin + url.pathname, server.authorizeUrl);
    assert.equal(url.searchParams.get('response_type'), 'token');
    assert.equal(url.searchParams.get('redirect_uri'), redirectUri);
    assert.equal(url.searchParams.get('client_id'), server.publicClient.clientId);
    assert.match(url.searchParams.get('state') ?? '', /^[A-Za-z0-9_-]{43}$/);

    const page = await withPage('implicit-success', async (p) => {
      await signIn(p, url.href, 'ALLOW');
      return loopbackOutcome(p);
    });
    const result = await login.done;
    assert.equal(result.code, 0, result.output);
    assert.equal(page.outcome, 'success', page.message);
    assert.equal(page.title, 'Signed in');
    assert.match(page.message, /stored for --env prod/);
    assert.equal(new URL(page.url).hash, '', 'the token was taken out of the address bar');

    const stored = await readStored(project.dir);
    assert.equal((await stat(tokenPath(project.dir))).mode & 0o777, 0o600);
    assert.equal(stored.grant, 'implicit');
    assert.equal(stored.tokenType, 'Bearer');
    assert.equal(stored.clientId, server.publicClient.clientId);
    assert.equal(stored.scope, 'api:read');
    assert.equal(stored.expiresAt - stored.obtainedAt, 3599 * 1000);
    assert.ok(!page.message.includes(stored.accessToken), 'the page never shows the token');
    assert.ok(!result.output.includes(stored.accessToken), 'the terminal never shows the token');
    assert.match(result.stdout, /✓ Signed in \(implicit grant, client local-browser-client\)/);

    const before = { ...server.stats };
    const run = await runCli(['newman', '--env', 'prod'], { cwd: project.dir, env });
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /Using the browser sign-in token in \.oauth-postman\/tokens\/prod\.json \(implicit grant/);
    assert.match(run.stdout, /✓ {2}Who am I answers 200/);
    assert.doesNotMatch(run.stdout, /Get access token \(client credentials\)/, 'the client-credentials request is skipped');
    assert.doesNotMatch(run.stdout, /Sign in in the browser/, 'the Postman-app-only folder is skipped');
    assert.equal(server.stats.tokenRequests - before.tokenRequests, 0, 'no token request without a secret');
    assert.equal(server.stats.apiRequests - before.apiRequests, (await apiRequestsOf(project.dir)).all);
    assert.equal(server.stats.apiUnauthorized - before.apiUnauthorized, 0);
    assert.ok(!run.output.includes(stored.accessToken), 'Newman output masks the token');
    assert.ok(!(await readFile(join(project.dir, 'reports', 'junit.xml'), 'utf8')).includes(stored.accessToken));
  });
});

describe('login refuses what it must not keep: non-zero exit, nothing stored, a failure page', () => {
  let project: Awaited<ReturnType<typeof makeProject>>;
  before(async () => {
    project = await makeProject();
  });
  after(() => project.remove());

  /** `login --no-open` in this process for one test, listening on a free port, once it has printed its URL. */
  async function startLogin(t: EndOfTest) {
    const redirectUri = await redirectUriOnFreePort();
    const login = startCli(['login', '--env', 'prod', '--no-open', '--timeout', '90'], {
      cwd: project.dir,
      env: signInEnv(server, redirectUri),
      test: t,
    });
    const state = new URL(await login.url).searchParams.get('state')!;
    return { login, redirectUri, state };
  }

  test('DENY on the consent page: access_denied, exit 3', { skip: skipWithoutBrowser }, async (t) => {
    const { login } = await startLogin(t);
    const url = await login.url;
    const page = await withPage('implicit-deny', async (p) => {
      await signIn(p, url, 'DENY');
      return loopbackOutcome(p);
    });
    const result = await login.done;
    assert.equal(result.code, 3, result.output);
    assert.match(result.stderr, /✗ The authorization server answered access_denied .*Nothing was stored\./);
    assert.match(result.stderr, /Fix: .*press ALLOW/);
    assert.equal(page.outcome, 'failure');
    assert.equal(page.title, 'Sign-in failed');
    assert.match(page.message, /access_denied/);
    assert.equal(await exists(tokenPath(project.dir)), false);
  });

  for (const [name, fragment, expected] of [
    [
      'a tampered state',
      (state: string) => `access_token=forged-token-value&token_type=Bearer&expires_in=3600&state=${state}x`,
      /state in the redirect is not the one this sign-in sent/,
    ],
    [
      'an error=access_denied fragment',
      (state: string) => `error=access_denied&error_description=denied+by+hand&state=${state}`,
      /answered access_denied \(denied by hand\)/,
    ],
    [
      'a fragment without state',
      () => 'access_token=forged-token-value&token_type=Bearer&expires_in=3600',
      /redirect has no state/,
    ],
  ] as const) {
    test(`${name} is refused`, { skip: skipWithoutBrowser }, async (t) => {
      const { login, redirectUri, state } = await startLogin(t);
      const page = await withPage(`refused-${name}`, async (p) => {
        await p.goto(`${redirectUri}#${fragment(state)}`);
        return loopbackOutcome(p);
      });
      const result = await login.done;
      assert.equal(result.code, 3, result.output);
      assert.match(result.stderr, expected);
      assert.equal(page.outcome, 'failure');
      assert.match(page.message, expected);
      assert.equal(await exists(tokenPath(project.dir)), false);
    });
  }

  test('a hand-over too large to keep is refused, the terminal says so, and the sign-in goes on waiting', async (t) => {
    const { login, redirectUri, state } = await startLogin(t);
    // Any local process can post to the listener: what it refuses must not end the sign-in.
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const tooLarge = await fetch(redirectUri, { method: 'POST', headers: form, body: `access_token=${'a'.repeat(70_000)}` });
    assert.equal(tooLarge.status, 413);
    const denied = await fetch(redirectUri, {
      method: 'POST',
      headers: form,
      body: `error=access_denied&error_description=denied+after+a+refusal&state=${state}`,
    });
    assert.equal(denied.status, 200);
    const result = await login.done;
    assert.equal(result.code, 3, result.output);
    assert.match(
      result.stderr,
      /! This sign-in response is larger than 64 KiB, .* refused it and stored nothing\. Still waiting for a sign-in to come back\./,
    );
    assert.match(
      result.stderr,
      /answered access_denied \(denied after a refusal\)/,
      'the sign-in went on and ended on its own answer',
    );
    assert.equal(await exists(tokenPath(project.dir)), false);
  });

  test('the redirect port is taken: exit 2 and how to register another redirect URI', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await runCli(['login', '--env', 'prod', '--no-open'], {
        cwd: project.dir,
        env: signInEnv(server, `http://127.0.0.1:${port}/callback`),
      });
      assert.equal(result.code, 2, result.output);
      assert.match(
        result.stderr,
        new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${port} for the redirect: another program uses port ${port}`),
      );
      assert.match(result.stderr, /Fix: .*such as http:\/\/127\.0\.0\.1:8765\/callback \(RFC 8252 §7\.3\)/);
    } finally {
      blocker.close();
    }
  });

  test('the default redirect URI needs port 80: without the right to bind it, exit 2 and the advice', async (t) => {
    const unprivileged = withoutLowPortRight();
    if ('skip' in unprivileged) return t.skip(unprivileged.skip);
    const result = await runCli(['login', '--env', 'prod', '--no-open', '--timeout', '30'], {
      cwd: project.dir,
      env: signInEnv(server, 'http://localhost/My_ITK_Application/index.html'),
      launcher: unprivileged.launcher,
    });
    assert.equal(result.code, 2, result.output);
    assert.match(
      result.stderr,
      /✗ Cannot listen on \S+:80 for the redirect: port 80 needs administrator rights \(a redirect URI without a port means port 80\)\./,
    );
    assert.match(result.stderr, /Fix: .*such as http:\/\/127\.0\.0\.1:8765\/callback \(RFC 8252 §7\.3\)/);
    assert.doesNotMatch(result.output, /at .*\.js:\d+/, 'no stack trace');
  });
});

describe('login --grant code: authorization code with PKCE', () => {
  let project: Awaited<ReturnType<typeof makeProject>>;
  before(async () => {
    project = await makeProject();
  });
  after(() => project.remove());

  test('the code comes back in the query, is exchanged with the verifier, and the token works at the API', {
    skip: skipWithoutBrowser,
  }, async (t) => {
    const env = signInEnv(server, await redirectUriOnFreePort());
    const login = startCli(['login', '--env', 'prod', '--no-open', '--grant', 'code', '--timeout', '90'], {
      cwd: project.dir,
      env,
      test: t,
    });
    const url = new URL(await login.url);
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    const before = { ...server.stats };
    const page = await withPage('pkce-success', async (p) => {
      await signIn(p, url.href, 'ALLOW');
      return loopbackOutcome(p);
    });
    const result = await login.done;
    assert.equal(result.code, 0, result.output);
    assert.equal(page.outcome, 'success', page.message);
    assert.equal(new URL(page.url).search, '', 'the code was taken out of the address bar');
    assert.equal(server.stats.tokenRequests - before.tokenRequests, 1, 'the CLI redeemed the code at the token endpoint');
    const stored = await readStored(project.dir);
    assert.equal(stored.grant, 'code');
    const me = await fetch(`${server.apiBaseUrl}/me`, { headers: { authorization: `Bearer ${stored.accessToken}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { client_id: string }).client_id, server.publicClient.clientId);

    const run = await runCli(['newman', '--env', 'prod'], { cwd: project.dir, env });
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /\(code grant, valid until/);
  });
});

describe('import-redirect: the copy-by-hand path', () => {
  let project: Awaited<ReturnType<typeof makeProject>>;
  before(async () => {
    project = await makeProject();
  });
  after(() => project.remove());

  test('the address the browser landed on is stored like a login, and Newman uses it', { skip: skipWithoutBrowser }, async () => {
    const redirectUri = await redirectUriOnFreePort();
    const env = signInEnv(server, redirectUri);
    // The seed's URL, typed by hand: no CLI listens, the person copies the address bar.
    const authorize = `${server.authorizeUrl}?response_type=token&redirect_uri=${encodeURIComponent(redirectUri)}&client_id=${server.publicClient.clientId}&scope=api%3Aread`;
    const landedOn = await withPage('import-redirect', async (p) => {
      // Stands in for whatever page the redirect URI serves (nothing listens there in this path).
      await p.route(`${new URL(redirectUri).origin}/**`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<title>My ITK Application</title>' }),
      );
      await signIn(p, authorize, 'ALLOW');
      await p.waitForURL((address) => address.href.startsWith(redirectUri));
      return p.url();
    });
    assert.match(landedOn, /#access_token=[^&]+&token_type=Bearer&expires_in=3599&scope=api%3Aread$/);

    const result = await runCli(['import-redirect', landedOn, '--env', 'prod'], { cwd: project.dir, env });
    assert.equal(result.code, 0, result.output);
    assert.match(
      result.stdout,
      /`npm run newman -- --env prod` uses it while no client secret is set, until it expires; then sign in again with `npm run login -- --env prod`\./,
      'the same sign-in advice as token and doctor give once it has expired',
    );
    const stored = await readStored(project.dir);
    assert.equal(stored.grant, 'implicit');
    assert.ok(!result.output.includes(stored.accessToken));
    const run = await runCli(['newman', '--env', 'prod'], { cwd: project.dir, env });
    assert.equal(run.code, 0, run.output);
  });

  test('an error in the pasted fragment is refused and nothing is stored', async () => {
    const { dir, remove } = await makeProject();
    try {
      const result = await runCli(
        [
          'import-redirect',
          'http://localhost/My_ITK_Application/index.html#error=access_denied&error_description=nope',
          '--env',
          'prod',
        ],
        { cwd: dir, env: signInEnv(server, 'http://localhost/My_ITK_Application/index.html') },
      );
      assert.equal(result.code, 3, result.output);
      assert.match(result.stderr, /answered access_denied \(nope\)/);
      assert.equal(await exists(tokenPath(dir)), false);
    } finally {
      await remove();
    }
  });
});

describe('a stored token past its expiry', () => {
  let shortLived: RunningAuthorizationServer;
  let project: Awaited<ReturnType<typeof makeProject>>;
  before(async () => {
    shortLived = await startAuthorizationServer({ tokenTtlSeconds: 2 });
    project = await makeProject();
  });
  after(async () => {
    await shortLived.close();
    await project.remove();
  });

  test('makes the run fail with the message to sign in again, without calling the token endpoint', {
    skip: skipWithoutBrowser,
  }, async (t) => {
    const env = signInEnv(shortLived, await redirectUriOnFreePort());
    const login = startCli(['login', '--env', 'prod', '--no-open', '--timeout', '90'], { cwd: project.dir, env, test: t });
    const url = await login.url;
    await withPage('expired', async (p) => {
      await signIn(p, url, 'ALLOW');
      return loopbackOutcome(p);
    });
    assert.equal((await login.done).code, 0);
    const { expiresAt } = await readStored(project.dir);
    // The real token's expiry (a 2 s lifetime) must pass: a wait, not a timing assertion.
    await waitFor(() => Date.now() > expiresAt + 50, {
      timeoutMs: expiresAt + 5_000 - Date.now(),
      what: 'the stored token to expire',
    });

    const before = { ...shortLived.stats };
    const run = await runCli(['newman', '--env', 'prod'], { cwd: project.dir, env });
    assert.equal(run.code, 3, run.output);
    assert.match(run.stdout, /The browser sign-in token in \.oauth-postman\/tokens\/prod\.json expired at/);
    assert.match(
      run.stdout,
      /The access token from the browser sign-in expired at .*, and without a client secret the collection cannot fetch one\. Sign in again: .*on the command line, npm run login -- --env prod\./,
    );
    assert.equal(shortLived.stats.tokenRequests - before.tokenRequests, 0);
    assert.equal(
      shortLived.stats.apiRequests - before.apiRequests,
      (await apiRequestsOf(project.dir)).withoutToken,
      "the requests that needed the token were skipped; only those that need none (the demo API's /health) went out",
    );
  });
});

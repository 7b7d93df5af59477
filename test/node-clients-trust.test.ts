import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCli } from './support/browser.js';
import { startHostileServer, type HostileServer } from './support/hostile-server.js';
import { startConnectProxy } from './support/connect-proxy.js';
import { freePort } from './support/loopback.js';
import { assertNowhere, basicForms, consoleOf, encodedForms } from './support/leaks.js';
import { makeProject, runCli, type CliResult } from './support/project.js';

/*
 * The Node clients (token, doctor, login --grant code) against small hostile servers on loopback:
 * what the user sees (exit code, one message, no stack trace) and that the secret (in every
 * encoding) and every token stay out of the console and the project.
 */

/** Characters that every encoding changes: quote and backslash (JSON), + / & = (URL, form). */
const SECRET = 'Tr"ust\\me+/&=s3cret';
const CLIENT_ID = 'trust-client';
/** Every form the client secret could leak in: encoded on its own, or inside HTTP Basic credentials. */
const secretForms = [...encodedForms(SECRET), ...basicForms(CLIENT_ID, SECRET)];

let project: { dir: string; remove: () => Promise<void> };
/** Serves the misbehaving addresses (`hostile.url(...)`). */
let hostile: HostileServer;
/** The address a redirect points at: it must never receive a request. */
let elsewhere: HostileServer;
/** A token endpoint and API that know this file's client, for the paths that succeed. */
let goodEndpoint: HostileServer;
let redirectUriPort: number;

before(async () => {
  project = await makeProject();
  hostile = await startHostileServer();
  elsewhere = await startHostileServer();
  goodEndpoint = await startHostileServer({ clientId: CLIENT_ID, clientSecret: SECRET });
  redirectUriPort = await freePort();
});
after(async () => {
  await hostile.close();
  await elsewhere.close();
  await goodEndpoint.close();
  await project.remove();
});

const env = (tokenUrl: string, extra: Record<string, string> = {}) => ({
  OAUTH_TOKEN_URL: tokenUrl,
  API_BASE_URL: `${goodEndpoint.origin}/api`,
  OAUTH_AUTHORIZE_URL: `${goodEndpoint.origin}/as/authorization.oauth2`,
  OAUTH_REDIRECT_URI: `http://127.0.0.1:${redirectUriPort}/callback`,
  OAUTH_CLIENT_ID: CLIENT_ID,
  OAUTH_CLIENT_SECRET: SECRET,
  ...extra,
});

const token = (tokenUrl: string, extra: Record<string, string> = {}, flags: string[] = []) =>
  runCli(['token', '--env', 'prod', ...flags], { cwd: project.dir, env: env(tokenUrl, extra) });
const doctor = (tokenUrl: string, extra: Record<string, string> = {}, flags: string[] = []) =>
  runCli(['doctor', '--env', 'prod', ...flags], { cwd: project.dir, env: env(tokenUrl, extra) });

/**
 * `login --grant code` up to the code exchange, without a browser: the test plays the browser's
 * part and hands the loopback page a code with the right state, as the page would POST it.
 */
async function loginCode(tokenUrl: string, extra: Record<string, string> = {}, flags: string[] = []): Promise<CliResult> {
  // In this process; should a step below fail, startCli's cleanup ends the waiting login before this returns.
  const cleanups: (() => Promise<void>)[] = [];
  const login = startCli(['login', '--env', 'prod', '--no-open', '--grant', 'code', '--timeout', '60', ...flags], {
    cwd: project.dir,
    env: env(tokenUrl, extra),
    test: { after: (cleanup) => void cleanups.push(cleanup) },
  });
  try {
    const authorizationUrl = new URL(await login.url);
    const state = authorizationUrl.searchParams.get('state')!;
    const redirectUri = authorizationUrl.searchParams.get('redirect_uri')!;
    await fetch(redirectUri, {
      method: 'POST',
      body: `code=code-from-the-server&state=${encodeURIComponent(state)}`,
      signal: AbortSignal.timeout(60_000),
    }).then((response) => response.text());
    return await login.done;
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

/** Exit code, one ✗ message matching `message`, no stack trace, nothing leaked, nothing stored. */
async function assertRefused(result: CliResult, exitCode: number, message: RegExp): Promise<void> {
  assert.equal(result.code, exitCode, result.output);
  assert.match(result.output, message);
  assert.doesNotMatch(result.output, /Unexpected error|\n\s+at [\w.<]+ \(/);
  assert.equal(result.output.match(/^✗ /gm)?.length, 1, `one message:\n${result.output}`);
  assertNowhere(consoleOf(result), { 'the client secret': secretForms });
  await assert.rejects(readdir(join(project.dir, '.oauth-postman', 'tokens')), { code: 'ENOENT' }, 'no token stored');
}

const clients = [
  ['token', token],
  ['doctor', doctor],
  ['login --grant code', loginCode],
] as const;

describe('a redirect of the token request is refused, naming both addresses, and nothing reaches the other one', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    test(`token, ${status}`, async () => {
      const target = `${elsewhere.origin}/stolen?client_secret=anything`;
      const result = await token(hostile.url('redirect', { to: target, status: String(status) }));
      await assertRefused(
        result,
        3,
        new RegExp(
          `^✗ The token endpoint http://127\\.0\\.0\\.1:\\d+/redirect\\?to=[^ ]+ answered ${status} with a redirect to ${elsewhere.origin.replace(/\./g, '\\.')}/stolen\\?client_secret=\\*{8}\\. Not followed: the token request carries the client secret, which goes to tokenUrl only\\.\\n {2}Fix: If `,
          'm',
        ),
      );
      assert.equal(elsewhere.received.length, 0, 'the redirect target received nothing');
    });
  }

  test('token with HTTP Basic client authentication: the Authorization header is not re-sent either', async () => {
    const result = await token(hostile.url('redirect', { to: `${elsewhere.origin}/basic`, status: '307' }), {
      OAUTH_CLIENT_AUTH: 'basic',
    });
    await assertRefused(result, 3, /answered 307 with a redirect to http:\/\/127\.0\.0\.1:\d+\/basic\. Not followed/);
    assert.equal(elsewhere.received.length, 0);
  });

  test('doctor and login --grant code', async () => {
    const url = hostile.url('redirect', { to: `${elsewhere.origin}/stolen`, status: '307' });
    await assertRefused(
      await doctor(url),
      3,
      /^✗ token request\s+The token endpoint .* answered 307 with a redirect to http:\/\/127\.0\.0\.1:\d+\/stolen\. Not followed/m,
    );
    await assertRefused(
      await loginCode(url),
      3,
      /^✗ The token endpoint .* answered 307 with a redirect to http:\/\/127\.0\.0\.1:\d+\/stolen\. Not followed/m,
    );
    assert.equal(elsewhere.received.length, 0);
  });
});

describe('--timeout-request bounds the whole request: a server that trickles a byte every 500 ms', () => {
  for (const [name, run] of clients) {
    test(name, async () => {
      // 3 s: the first bytes come at once, but a busy machine may take a second or two to deliver them.
      const result = await run(hostile.url('trickle'), {}, ['--timeout-request', '3000']);
      await assertRefused(
        result,
        4,
        /127\.0\.0\.1:\d+ had not finished its answer within 3000 ms \(it was still sending\)\.\n\s+Fix: Raise --timeout-request \(it bounds the whole request\)/,
      );
    });
  }
});

describe('an answer of tens of megabytes is cut off at 1 MiB', () => {
  for (const [name, run] of clients) {
    test(`${name}: an endless body`, async () => {
      const before = hostile.bytesSent('/endless');
      const result = await run(hostile.url('endless'));
      await assertRefused(
        result,
        3,
        /127\.0\.0\.1:\d+ sent more than 1 MiB in answer to http:\/\/127\.0\.0\.1:\d+\/endless; the rest was not read\./,
      );
      const sent = hostile.bytesSent('/endless') - before;
      assert.ok(sent < 16 * 1024 * 1024, `the server could hand over only ${sent} bytes before the client hung up`);
    });
  }

  test('token: a declared 50 MB body is refused before it is read', async () => {
    const result = await token(hostile.url('huge-declared'));
    await assertRefused(result, 3, /sent more than 1 MiB in answer to/);
    assert.ok(hostile.bytesSent('/huge-declared') < 50 * 1024 * 1024);
  });
});

describe('a connection reset in the middle of the body is a network message', () => {
  for (const [name, run] of clients) {
    test(name, async () => {
      await assertRefused(
        await run(hostile.url('reset')),
        4,
        /127\.0\.0\.1:\d+ closed the connection in the middle of its answer\.\n\s+Fix: Retry/,
      );
    });
  }
});

describe('proxies', () => {
  test('a proxy that is down is named (its password masked), not the token host', async () => {
    const port = await freePort();
    const proxy = { HTTP_PROXY: `http://proxy-user:Proxy-Pass-91@127.0.0.1:${port}`, NO_PROXY: '' };
    for (const [name, run] of [
      ['token', token],
      ['login --grant code', loginCode],
    ] as const) {
      const result = await run(hostile.url('redirect'), proxy);
      await assertRefused(
        result,
        4,
        new RegExp(
          `✗ Cannot reach the proxy http://127\\.0\\.0\\.1:${port}/ \\(ECONNREFUSED\\)\\.\\n\\s+Fix: Check HTTPS_PROXY / HTTP_PROXY`,
        ),
      );
      assert.doesNotMatch(result.output, /Proxy-Pass-91/, `${name}: the proxy password is masked`);
      assert.doesNotMatch(
        result.output,
        new RegExp(`refused by|${new URL(hostile.origin).port}`),
        `${name}: the token host is not blamed`,
      );
    }
    const checked = await doctor(hostile.url('redirect'), proxy);
    await assertRefused(checked, 4, new RegExp(`^✗ proxy\\s+Cannot connect to 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`, 'm'));
    assert.doesNotMatch(checked.output, /Proxy-Pass-91/);
  });

  test('a proxy that will not open the tunnel is named with its answer, not the token host', async () => {
    const proxy = await startConnectProxy();
    try {
      // Nothing listens on the token port, so the proxy answers CONNECT with 502 Bad Gateway.
      const tokenUrl = `http://127.0.0.1:${await freePort()}/token`;
      const result = await token(tokenUrl, { HTTP_PROXY: proxy.url, NO_PROXY: '' });
      await assertRefused(
        result,
        4,
        new RegExp(
          `✗ The proxy ${proxy.url.replace(/\./g, '\\.')}/ refused to connect us to ${new URL(tokenUrl).host.replace(/\./g, '\\.')} \\(it answered 502\\)\\.`,
        ),
      );
      assert.equal(proxy.tunnels.length, 1, 'the request went through the proxy');
    } finally {
      await proxy.close();
    }
  });

  test('NO_PROXY is matched as Newman matches it: a listed host goes direct', async () => {
    const port = await freePort();
    const result = await token(hostile.url('redirect', { to: `${elsewhere.origin}/x` }), {
      HTTP_PROXY: `http://127.0.0.1:${port}`,
      NO_PROXY: 'example.com,127.0.0.1',
    });
    await assertRefused(result, 3, /answered 302 with a redirect to/);
    const checked = await doctor(hostile.url('redirect'), { HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '127.0.0.1' });
    assert.match(checked.stdout, /^✓ token host connects/m, 'doctor checks the token host itself, not the proxy');
  });

  for (const value of ['not a url', 'localhost:3128']) {
    test(`a malformed proxy setting (${JSON.stringify(value)}) is one exit-2 message`, async () => {
      const extra = { HTTP_PROXY: value, HTTPS_PROXY: value, NO_PROXY: '' };
      await assertRefused(
        await token(hostile.url('redirect'), extra),
        2,
        /^✗ The proxy setting is not a usable proxy URL \(.+\): .*HTTPS_PROXY=".+"\.\n {2}Fix: Set it to http:\/\/host:port/m,
      );
      await assertRefused(
        await doctor(hostile.url('redirect'), extra),
        2,
        /^✗ configuration\s+The proxy setting is not a usable proxy URL/m,
      );
      // Newman would take it for a host name and fail every request with ENOTFOUND.
      await assertRefused(
        await runCli(['newman', '--env', 'prod'], { cwd: project.dir, env: { ...env(hostile.url('redirect')), ...extra } }),
        2,
        /^✗ The proxy setting is not a usable proxy URL \(.+\): .*HTTPS_PROXY=".+"\.\n {2}Fix: Set it to http:\/\/host:port/m,
      );
    });
  }
});

describe('--ssl-extra-ca-certs is read and checked up front, by one reader, for every command that takes it', () => {
  const cases: [string, (file: string) => Promise<void>, RegExp][] = [
    ['missing', async () => undefined, /Cannot read --ssl-extra-ca-certs .*ca-missing: there is no such file\./],
    [
      'not PEM',
      (file) => writeFile(file, 'this is not a certificate\n'),
      /--ssl-extra-ca-certs .*ca-not-PEM holds no PEM certificate\./,
    ],
    [
      'damaged PEM',
      (file) => writeFile(file, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n'),
      /--ssl-extra-ca-certs .*ca-damaged-PEM: certificate 1 of 1 is damaged/,
    ],
    [
      'a folder',
      async (file) => void (await mkdir(file, { recursive: true })),
      /--ssl-extra-ca-certs: .*ca-a-folder is a folder, not a file\./,
    ],
  ];
  for (const [name, make, message] of cases) {
    test(name, async () => {
      const file = join(project.dir, `ca-${name.replace(/ /g, '-')}`);
      await make(file);
      const sentBefore = goodEndpoint.received.length;
      try {
        const flags = ['--ssl-extra-ca-certs', file];
        await assertRefused(await token(goodEndpoint.origin, {}, flags), 2, message);
        await assertRefused(await doctor(goodEndpoint.origin, {}, flags), 2, message);
        const run = await runCli(['newman', '--env', 'prod', ...flags], { cwd: project.dir, env: env(goodEndpoint.origin) });
        await assertRefused(run, 2, message);
        assert.equal(goodEndpoint.received.length, sentBefore, 'nothing was sent');
      } finally {
        await rm(file, { recursive: true, force: true });
      }
    });
  }
});

describe('a token URL that carries credentials is never shown as it is', () => {
  test('user:password@ is refused before anything is sent, and masked in the message', async () => {
    const url = `http://${CLIENT_ID}:${encodeURIComponent(SECRET)}@127.0.0.1:${new URL(goodEndpoint.origin).port}/as/token.oauth2`;
    const sentBefore = goodEndpoint.received.length;
    for (const run of [token, loginCode]) {
      await assertRefused(
        await run(url),
        2,
        /^✗ http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2 carries a user name and password; they are not sent\./m,
      );
    }
    assert.equal(goodEndpoint.received.length, sentBefore);
  });

  test("client_secret in the query (cloudsso's example): token and doctor work and show the URL masked", async () => {
    const url = `${goodEndpoint.origin}/as/token.oauth2?client_id=${CLIENT_ID}&client_secret=${encodeURIComponent(SECRET)}`;
    const fetched = await token(url);
    assert.equal(fetched.code, 0, fetched.output);
    assert.match(
      fetched.stdout,
      /^✓ Token from http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2\?client_id=trust-client&client_secret=\*{8} \(client trust-client/m,
    );
    const checked = await doctor(url);
    assert.equal(checked.code, 0, checked.output);
    assert.match(
      checked.stdout,
      /^✓ configuration .*token URL http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2\?client_id=trust-client&client_secret=\*{8}$/m,
    );
    assert.ok(goodEndpoint.issuedTokens.length >= 2, 'token and doctor each got a token');
    for (const result of [fetched, checked]) {
      assertNowhere(consoleOf(result), {
        'the client secret': secretForms,
        ...Object.fromEntries(goodEndpoint.issuedTokens.map((token, i) => [`token ${i + 1}`, encodedForms(token)])),
      });
    }
  });

  test('a token URL that is not http(s) is masked in the message', async () => {
    const result = await token(
      `ftp://me:${encodeURIComponent(SECRET)}@sso.example.com/token?client_secret=${encodeURIComponent(SECRET)}`,
    );
    await assertRefused(
      result,
      2,
      /^✗ tokenUrl is not an http\(s\) URL: "ftp:\/\/sso\.example\.com\/token\?client_secret=\*{8}" \(from OAUTH_TOKEN_URL/m,
    );
  });
});

describe('only over https, loopback, or with --allow-insecure-http', () => {
  test('login --grant code refuses a plain-http token URL on another host before anyone signs in', async () => {
    const result = await runCli(['login', '--env', 'prod', '--no-open', '--grant', 'code', '--timeout', '5'], {
      cwd: project.dir,
      env: env('http://sso.example.com/as/token.oauth2'),
    });
    await assertRefused(
      result,
      2,
      /^✗ Refusing to send the authorization code and its PKCE verifier in clear text to http:\/\/sso\.example\.com\.\n {2}Fix: .*--allow-insecure-http/m,
    );
    assert.doesNotMatch(result.stdout, /Open this URL/, 'refused before the sign-in starts');
  });
});

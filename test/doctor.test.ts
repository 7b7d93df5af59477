import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFaultProxy } from './support/fault-proxy.js';
import { useProxiedServer } from './support/fixtures.js';
import { runCli } from './support/project.js';
import { selfSignedCertificate } from './support/tls.js';

/* `doctor` against the real local server, with faults injected on loopback. */

const fixture = useProxiedServer();
// Browser sign-in is checked against the local server too, never against the committed cloudsso URL.
const env = (extra: Record<string, string> = {}) =>
  fixture.env({
    OAUTH_AUTHORIZE_URL: `${fixture.proxy.origin}/as/authorization.oauth2`,
    OAUTH_REDIRECT_URI: 'http://127.0.0.1:8765/callback',
    ...extra,
  });

const lines = (text: string) => text.trimEnd().split('\n');

test('doctor on the embedded server: every check passes, one line each', async () => {
  const result = await runCli(['doctor'], { cwd: fixture.project.dir });
  assert.equal(result.code, 0, result.output);
  assert.deepEqual(
    lines(result.stdout).map((line) => line.slice(0, 2) + line.slice(2, 26).trim()),
    [
      '✓ configuration',
      '✓ token host resolves',
      '✓ token host connects',
      '– TLS certificate',
      '✓ token request',
      '✓ API accepts the token',
      '✓ browser sign-in',
    ],
  );
});

test('a missing secret stops at the configuration check, with the fix', async () => {
  const result = await runCli(['doctor', '--env', 'prod'], {
    cwd: fixture.project.dir,
    env: env({ OAUTH_CLIENT_SECRET: '' }),
  });
  assert.equal(result.code, 2, result.output);
  assert.deepEqual(
    lines(result.stdout).map((line) => line.slice(0, 15)),
    ['✗ configuration', ' '.repeat(15)],
  );
  assert.match(result.stdout, /clientSecret is empty for --env prod\.\n\s+Fix: Set OAUTH_CLIENT_SECRET/);
});

test('a wrong secret: the network checks pass and the token request explains invalid_client', async () => {
  const result = await runCli(['doctor', '--env', 'prod'], {
    cwd: fixture.project.dir,
    env: env({ OAUTH_CLIENT_SECRET: 'not-the-real-secret-42' }),
  });
  assert.equal(result.code, 3, result.output);
  assert.match(result.stdout, /^✓ configuration/m);
  assert.match(result.stdout, /^✓ token host resolves/m);
  assert.match(result.stdout, /^✓ token host connects/m);
  assert.match(result.stdout, /^– TLS certificate\s+plain http/m);
  assert.match(
    result.stdout,
    /^✗ token request\s+The token endpoint answered 401 invalid_client \(client authentication failed\)\.\n\s+Fix: The client id or secret is wrong/m,
  );
  assert.doesNotMatch(result.stdout, /API accepts/, 'stops at the first broken step');
  assert.doesNotMatch(result.output, /not-the-real-secret-42|local-demo-secret/);
});

test('an API that refuses the token: the WWW-Authenticate challenge is explained', async () => {
  fixture.proxy.inject('/api/', {
    respond: {
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="audience mismatch"' },
      body: '',
    },
  });
  const result = await runCli(['doctor', '--env', 'prod'], { cwd: fixture.project.dir, env: env() });
  assert.equal(result.code, 1, result.output);
  assert.match(result.stdout, /^✓ token request\s+Bearer token, expires in 3599 s/m);
  assert.match(
    result.stdout,
    /^✗ API accepts the token\s+GET http:\/\/127\.0\.0\.1:\d+\/api\/me answered 401 invalid_token \(audience mismatch\)\.\n\s+Fix: The API does not accept tokens from this token endpoint/m,
  );
});

test('a redirect URI the application did not register: a client-credentials user gets a warning saying what to register, exit 0', async () => {
  const result = await runCli(['doctor', '--env', 'prod'], {
    cwd: fixture.project.dir,
    env: env({ OAUTH_REDIRECT_URI: 'http://localhost:9999/not/registered' }),
  });
  assert.equal(result.code, 0, result.output);
  assert.match(result.stdout, /^✓ API accepts the token/m);
  assert.match(
    result.stdout,
    /^! browser sign-in\s+The authorization endpoint refused the request with 400.*\n\s+Fix: Register http:\/\/localhost:9999\/not\/registered exactly.* Only browser sign-in .* your client credentials work without it\./m,
  );
  assert.ok(lines(result.stdout).length <= 12, 'fits one screen');
});

test('an untrusted TLS certificate is named, with the option that fixes it', async () => {
  const certificate = selfSignedCertificate();
  const tlsFront = await startFaultProxy(fixture.server.origin, certificate);
  try {
    const tlsEnv = env({ OAUTH_TOKEN_URL: tlsFront.tokenUrl, API_BASE_URL: tlsFront.apiBaseUrl });
    const refused = await runCli(['doctor', '--env', 'prod'], { cwd: fixture.project.dir, env: tlsEnv });
    assert.equal(refused.code, 4, refused.output);
    assert.match(
      refused.stdout,
      /^✗ TLS certificate\s+The TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(.*\)\.\n\s+Fix: .*--ssl-extra-ca-certs/m,
    );
    const trusted = await runCli(['doctor', '--env', 'prod', '--ssl-extra-ca-certs', certificate.certFile], {
      cwd: fixture.project.dir,
      env: tlsEnv,
    });
    assert.match(trusted.stdout, /^✓ TLS certificate\s+certificate issued by 127\.0\.0\.1 is trusted/m);
    assert.match(trusted.stdout, /^✓ token request/m);
  } finally {
    await tlsFront.close();
  }
});

test('an unknown host stops at the DNS check', async () => {
  const result = await runCli(['doctor', '--env', 'prod'], {
    cwd: fixture.project.dir,
    env: env({ OAUTH_TOKEN_URL: 'https://sso.example.invalid/as/token.oauth2' }),
  });
  assert.equal(result.code, 4, result.output);
  assert.match(result.stdout, /^✗ token host resolves\s+sso\.example\.invalid does not resolve/m);
});

test('--json gives the same checks for scripts', async () => {
  const result = await runCli(['doctor', '--env', 'prod', '--json'], {
    cwd: fixture.project.dir,
    env: env({ OAUTH_CLIENT_SECRET: 'not-the-real-secret-42' }),
  });
  assert.equal(result.code, 3, result.output);
  const report = JSON.parse(result.stdout);
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.checks.map((check: { name: string; status: string }) => `${check.name}:${check.status}`),
    ['configuration:ok', 'token host resolves:ok', 'token host connects:ok', 'TLS certificate:skip', 'token request:fail'],
  );
  assert.equal(report.checks[4].hint.startsWith('The client id or secret is wrong'), true);
});

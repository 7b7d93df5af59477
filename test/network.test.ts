import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { startConnectProxy } from './support/connect-proxy.js';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { makeProject, runCli } from './support/project.js';
import { selfSignedCertificate } from './support/tls.js';

/* Network trouble as a user meets it: TLS interception, proxies, unknown hosts, slow servers. */

let project: { dir: string; remove: () => Promise<void> };
let server: RunningAuthorizationServer;
let tlsFront: FaultProxy;
const certificate = selfSignedCertificate();

before(async () => {
  project = await makeProject();
  server = await startAuthorizationServer();
  // HTTPS in front of the real server, with a certificate no one trusts yet.
  tlsFront = await startFaultProxy(server.origin, certificate);
});
after(async () => {
  await tlsFront.close();
  await server.close();
  await project.remove();
});

const credentials = () => ({ OAUTH_CLIENT_ID: server.demoClient.clientId, OAUTH_CLIENT_SECRET: server.demoClient.clientSecret });
const viaTls = () => ({ ...credentials(), OAUTH_TOKEN_URL: tlsFront.tokenUrl, API_BASE_URL: tlsFront.apiBaseUrl });

describe('an untrusted TLS certificate', () => {
  test('token: exit 4, names the problem and points to --ssl-extra-ca-certs; with it, the token comes', async () => {
    const refused = await runCli(['token', '--env', 'prod'], { cwd: project.dir, env: viaTls() });
    assert.equal(refused.code, 4, refused.output);
    assert.match(
      refused.stderr,
      /✗ The TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(\w+\)\.\n {2}Fix: .*--ssl-extra-ca-certs/,
    );
    const trusted = await runCli(['token', '--env', 'prod', '--ssl-extra-ca-certs', certificate.certFile], {
      cwd: project.dir,
      env: viaTls(),
    });
    assert.equal(trusted.code, 0, trusted.output);
    assert.match(trusted.stdout, /type {6}Bearer/);
  });

  test('newman: a failed assertion that names the TLS problem; with --ssl-extra-ca-certs the run is green', async () => {
    const refused = await runCli(['newman', '--env', 'prod', '--folder', 'API'], { cwd: project.dir, env: viaTls() });
    assert.equal(refused.code, 4, refused.output);
    assert.match(
      refused.stdout,
      /its TLS certificate is not trusted\. Fix: Behind a TLS-inspecting proxy, pass its CA with --ssl-extra-ca-certs/,
    );
    const trusted = await runCli(['newman', '--env', 'prod', '--ssl-extra-ca-certs', certificate.certFile], {
      cwd: project.dir,
      env: viaTls(),
    });
    assert.equal(trusted.code, 0, trusted.output);
  });

  test('a bad --ssl-extra-ca-certs file is named', async () => {
    const result = await runCli(['token', '--env', 'prod', '--ssl-extra-ca-certs', '/nonexistent/ca.pem'], {
      cwd: project.dir,
      env: viaTls(),
    });
    assert.equal(result.code, 2, result.output);
    assert.match(result.stderr, /Cannot read --ssl-extra-ca-certs \/nonexistent\/ca\.pem/);
  });
});

describe('HTTPS_PROXY', () => {
  test('token and newman reach an https token endpoint through the proxy', async () => {
    const proxy = await startConnectProxy();
    try {
      const env = { ...viaTls(), HTTPS_PROXY: proxy.url, NO_PROXY: '' };
      const token = await runCli(['token', '--env', 'prod', '--ssl-extra-ca-certs', certificate.certFile], {
        cwd: project.dir,
        env,
      });
      assert.equal(token.code, 0, token.output);
      assert.equal(proxy.tunnels.length, 1, 'the token command tunnelled through the proxy');
      const run = await runCli(['newman', '--env', 'prod', '--ssl-extra-ca-certs', certificate.certFile], {
        cwd: project.dir,
        env,
      });
      assert.equal(run.code, 0, run.output);
      assert.ok(proxy.tunnels.length > 1, 'Newman tunnelled through the proxy');
      assert.ok(proxy.tunnels.every((target) => target === new URL(tlsFront.origin).host));
    } finally {
      await proxy.close();
    }
  });

  test('a proxy that is down: the token command says which proxy', async () => {
    const proxy = await startConnectProxy();
    await proxy.close();
    const result = await runCli(['token', '--env', 'prod'], {
      cwd: project.dir,
      env: { ...viaTls(), HTTPS_PROXY: proxy.url, NO_PROXY: '' },
    });
    assert.equal(result.code, 4, result.output);
    // The proxy's own address, not just any 127.0.0.1 (the token endpoint is on loopback too).
    const proxyAddress = new URL(proxy.url).host;
    assert.match(result.stderr, new RegExp(`proxy (http://)?${proxyAddress.replace(/\./g, '\\.')}\\b`), 'names the proxy');
    assert.match(result.stderr, /Fix: .*HTTPS_PROXY/);
    assert.doesNotMatch(result.stderr, /Is the server running/, 'the token endpoint is up; the proxy is what is down');
  });

  test('a proxy that is down: a Newman run says which proxy, in the Token request and the refresh, without its password', async () => {
    const proxy = await startConnectProxy();
    await proxy.close();
    const proxyUrl = new URL(proxy.url);
    proxyUrl.username = 'proxy-user';
    proxyUrl.password = 'Proxy-Pass-91';
    const result = await runCli(['newman', '--env', 'prod', '--folder', 'Token', '--folder', 'API'], {
      cwd: project.dir,
      env: { ...viaTls(), HTTPS_PROXY: proxyUrl.href, NO_PROXY: '' },
    });
    assert.equal(result.code, 4, `network trouble is exit 4:\n${result.output}`);
    const said = result.stdout.replace(/\n\s*│ /g, '');
    const named = new RegExp(`EPROXY: cannot reach the proxy http://${proxyUrl.host.replace(/\./g, '\\.')}/ \\(E[A-Z]+\\)`, 'g');
    assert.equal((said.match(named) ?? []).length >= 2, true, `the Token request and the refresh name the proxy:\n${said}`);
    assert.match(said, /The token request did not get through to the proxy \(EPROXY\)[^\n]*Fix: Check HTTPS_PROXY \/ HTTP_PROXY/);
    assert.doesNotMatch(said, /nothing listens there/, 'the token endpoint is up; the proxy is what is down');
    assert.doesNotMatch(result.output, /Proxy-Pass-91/);
  });
});

test('an unknown host: exit 4 and what to check', async () => {
  const result = await runCli(['token', '--env', 'prod'], {
    cwd: project.dir,
    env: {
      ...credentials(),
      OAUTH_TOKEN_URL: 'https://sso.example.invalid/as/token.oauth2',
      API_BASE_URL: 'https://api.example.invalid',
    },
  });
  assert.equal(result.code, 4, result.output);
  assert.match(result.stderr, /✗ (Unknown host|Could not resolve) sso\.example\.invalid/);
});

test('a token endpoint slower than --timeout-request: exit 4 and the option to raise', async () => {
  const slow = await startFaultProxy(server.origin);
  slow.inject('/as/token.oauth2', { delayMs: 3000 }, Infinity);
  try {
    const result = await runCli(['token', '--env', 'prod', '--timeout-request', '300'], {
      cwd: project.dir,
      env: { ...credentials(), OAUTH_TOKEN_URL: slow.tokenUrl, API_BASE_URL: slow.apiBaseUrl },
    });
    assert.equal(result.code, 4, result.output);
    assert.match(result.stderr, /✗ No answer from 127\.0\.0\.1:\d+ within 300 ms\.\n {2}Fix: Raise --timeout-request/);
  } finally {
    await slow.close();
  }
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pointAt } from './support/fixtures.js';
import { projectWithRequests, startHostileServer, type HostileServer } from './support/hostile-server.js';
import { basicForms, encodedForms } from './support/leaks.js';
import { runCli } from './support/project.js';
import { selfSignedCertificate } from './support/tls.js';

/*
 * A token endpoint that redirects, inside Newman runs started by the CLI: neither the Token
 * request nor the refresh's pm.sendRequest follows it, so the client secret never reaches the
 * second server (what that server received is checked), and the run says where it was sent.
 * The collection's own API requests still follow redirects.
 */

let project: { dir: string; remove: () => Promise<void> };
before(async () => {
  project = await projectWithRequests([{ name: 'Moved', method: 'GET', path: '/moved', expectStatus: 200 }]);
});
after(async () => {
  await project.remove();
});

/** The second server must have received nothing, and above all not the secret in any form. */
function assertUntouched(elsewhere: HostileServer, client: HostileServer['client']): void {
  const everything = JSON.stringify(elsewhere.received);
  for (const form of [...encodedForms(client.clientSecret), ...basicForms(client.clientId, client.clientSecret)]) {
    assert.ok(!everything.includes(form), `the second server received the client secret (as ${JSON.stringify(form)})`);
  }
  assert.deepEqual(elsewhere.received, [], 'the second server received no request at all');
}

async function redirectedRun(options: {
  status: number;
  clientAuth: string;
  tls?: boolean;
}): Promise<{ output: string; stdout: string; code: number | null; from: HostileServer; to: HostileServer }> {
  const certificate = options.tls ? selfSignedCertificate() : undefined;
  const to = await startHostileServer();
  const from = await startHostileServer({ tls: certificate });
  from.tokenEndpoint = { kind: 'redirect', status: options.status, location: to.tokenUrl };
  try {
    const result = await runCli(
      [
        'newman',
        '--env',
        'prod',
        '--folder',
        'Token',
        '--folder',
        'API',
        ...(certificate ? ['--ssl-extra-ca-certs', certificate.certFile] : []),
      ],
      {
        cwd: project.dir,
        env: pointAt(from, from.client, { OAUTH_CLIENT_AUTH: options.clientAuth }),
      },
    );
    return { ...result, from, to };
  } finally {
    await from.close();
    await to.close();
  }
}

const CASES = [
  { status: 301, clientAuth: 'body' },
  { status: 302, clientAuth: 'body' },
  { status: 303, clientAuth: 'body' },
  { status: 307, clientAuth: 'body' },
  { status: 308, clientAuth: 'body' },
  { status: 307, clientAuth: 'basic' },
  { status: 308, clientAuth: 'query' },
  { status: 307, clientAuth: 'body', tls: true },
];

for (const options of CASES) {
  const label = `${options.status} (clientAuth ${options.clientAuth}${options.tls ? ', https to http' : ''})`;
  test(`a token endpoint that answers ${label}: not followed by the Token request nor the refresh, and the run names both addresses`, async () => {
    const { code, stdout, output, from, to } = await redirectedRun(options);
    assert.equal(code, 3, output);
    const said = stdout.replace(/\n\s*│ /g, '');
    const message = `The token endpoint ${from.tokenUrl} answered ${options.status} with a redirect to ${to.tokenUrl}. Not followed`;
    const tokenRequests = from.received.filter((request) => request.url.startsWith('/as/token.oauth2'));
    // The Token request, then the refresh before each of the two API requests.
    assert.equal(tokenRequests.length, 3, 'each token request asked the first server once');
    assert.equal(said.split(message).length - 1, 3, `each was refused with both addresses:\n${stdout}`);
    assert.match(said, /Skipping Who am I: no access token for it/);
    assertUntouched(to, from.client);
  });
}

test('the collection’s own requests still follow redirects', async () => {
  const server = await startHostileServer();
  try {
    const result = await runCli(['newman', '--env', 'prod', '--folder', 'API'], {
      cwd: project.dir,
      env: pointAt(server, server.client),
    });
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /GET http:\/\/127\.0\.0\.1:\d+\/api\/moved \[200 OK/);
    assert.match(result.stdout, /✓ {2}Moved answers 200/);
    assert.deepEqual(
      server.received.map((request) => request.url).filter((url) => url.startsWith('/api/')),
      ['/api/me', '/api/moved', '/api/me'],
    );
  } finally {
    await server.close();
  }
});

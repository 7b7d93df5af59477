import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pointAt } from './support/fixtures.js';
import { projectWithRequests, startHostileServer, type HostileServer } from './support/hostile-server.js';
import { assertNowhere, basicForms, encodedForms, placesWritten } from './support/leaks.js';
import { runCli } from './support/project.js';

/*
 * Newman runs through the CLI against a token endpoint and API that echo what they receive: the
 * client secret and every token issued must be absent, in every form, from everything the run
 * wrote, while what the user needs to read stays readable.
 */

const PARTNER_KEY = 'partner-value-0123456789';
const PARTNER_API_KEY = 'partner-api-key-9876543210';
let project: { dir: string; remove: () => Promise<void> };

before(async () => {
  project = await projectWithRequests([
    { name: 'Echo page', method: 'GET', path: '/echo-page', expectStatus: 200 },
    { name: 'Echo challenge', method: 'GET', path: '/echo-challenge', expectStatus: 200 },
    // A body that is not UTF-8, holding the token and the client secret in base64.
    { name: 'Echo binary', method: 'GET', path: '/echo-binary', expectStatus: 200 },
    // In a query parameter whose name says nothing: masked only because the variable is known secret.
    { name: 'Echo partner', method: 'GET', path: '/echo-page?partner={{partnerApiKey}}', expectStatus: 200 },
  ]);
  // A secret-typed variable of the user's own, which no script or name marks as a credential.
  const envFile = join(project.dir, 'environments', 'prod.postman_environment.json');
  const environment = JSON.parse(await readFile(envFile, 'utf8')) as { values: object[] };
  environment.values.push({ key: 'partnerKey', value: PARTNER_KEY, type: 'secret', enabled: true });
  // A default-typed variable whose name says credential: secret all the same, from the run's first line.
  environment.values.push({ key: 'partnerApiKey', value: PARTNER_API_KEY, type: 'default', enabled: true });
  await writeFile(envFile, JSON.stringify(environment, null, 2));
});
after(async () => {
  await project.remove();
});

/** `--env prod` pointed at a hostile server, with its client. */
const pointAtServer = (server: HostileServer, extra: Record<string, string> = {}) => pointAt(server, server.client, extra);

const ALL_REPORTERS = ['--reporters', 'cli,junit,htmlextra,json'];

interface JsonReport {
  environment: { values: { key: string; value: string }[] };
  run: {
    executions: {
      request: {
        url: { query?: { key: string; value: string }[] };
        header?: { key: string; value: string }[];
        body?: { urlencoded?: { key: string; value: string }[] };
      };
    }[];
  };
}

async function jsonReport(): Promise<JsonReport> {
  return JSON.parse(await readFile(join(project.dir, 'reports', 'newman-report.json'), 'utf8')) as JsonReport;
}

for (const clientAuth of ['body', 'basic', 'query'] as const) {
  test(`servers that echo tokens back: nothing the run wrote holds the secret or a token, in any form (clientAuth ${clientAuth})`, async () => {
    const server = await startHostileServer({ tokenLifetimeSeconds: 2 });
    try {
      // The Token and API folders: the echoing requests (the demo API's generated folders add nothing here).
      const folders = ['--folder', 'Token', '--folder', 'API'];
      const result = await runCli(
        ['newman', '--env', 'prod', ...ALL_REPORTERS, ...folders, '--iterations', '2', '--delay-request', '400'],
        {
          cwd: project.dir,
          env: pointAtServer(server, { OAUTH_CLIENT_AUTH: clientAuth }),
        },
      );
      assert.equal(result.code, 1, `only Echo challenge fails:\n${result.output}`);
      assert.ok(server.issuedTokens.length >= 2, `tokens were issued during the run (${server.issuedTokens.length})`);
      // What the user reads is still there, masked where it held a token.
      assert.match(result.stdout, /✓ {2}Token endpoint answers 200/);
      assert.match(result.stdout, /✓ {2}Echo page answers 200/);
      assert.match(result.stdout, /GET http:\/\/127\.0\.0\.1:\d+\/api\/echo-page\?partner=\*{8} /);
      assert.match(result.stdout.replace(/\n\s*│ /g, ''), /error_description="the token \*{8} is revoked"/);
      const report = await jsonReport();
      const variable = (key: string) => report.environment.values.find((entry) => entry.key === key)?.value;
      assert.equal(variable('clientSecret'), '********');
      assert.equal(variable('partnerKey'), '********', 'a secret-typed variable stays masked');
      assert.equal(variable('partnerApiKey'), '********', 'so does a variable named as a credential');
      assert.equal(variable('clientId'), server.client.clientId, 'other variables are shown');
      const places = await placesWritten(project.dir, result);
      assert.match(
        places.find((place) => place.name.endsWith('(bodies)'))!.text,
        /"access_token":"\*{8}"/,
        'the token response is kept, masked',
      );
      assert.match(
        places.find((place) => place.name.endsWith('(bodies)'))!.text,
        /\uFFFD\uFFFD\*{8}=*\0\*{8}=*\uFFFD\uFFFD/,
        'the binary body is kept, its base64 token and secret masked to their last character',
      );
      assert.deepEqual((await readdir(join(project.dir, 'reports'))).sort(), [
        'junit.xml',
        'newman-report.html',
        'newman-report.json',
      ]);
      const { clientId, clientSecret } = server.client;
      // Echo binary's body, in base64 inside bytes that are not UTF-8.
      const base64 = (value: string) => Buffer.from(value).toString('base64');
      assertNowhere(places, {
        'the client secret': [...encodedForms(clientSecret), ...basicForms(clientId, clientSecret), base64(clientSecret)],
        'the partner key': encodedForms(PARTNER_KEY),
        'the partner API key': encodedForms(PARTNER_API_KEY),
        ...Object.fromEntries(server.issuedTokens.map((token, i) => [`token ${i + 1}`, [...encodedForms(token), base64(token)]])),
      });
    } finally {
      await server.close();
    }
  });
}

test('a wrong secret echoed in the error_description is masked in the message the user reads', async () => {
  const server = await startHostileServer();
  try {
    const wrong = 'Wrong-secret-value-42';
    const result = await runCli(['newman', '--env', 'prod', ...ALL_REPORTERS, '--folder', 'Token'], {
      cwd: project.dir,
      env: pointAtServer(server, { OAUTH_CLIENT_SECRET: wrong }),
    });
    assert.equal(result.code, 3, result.output);
    assert.match(
      result.stdout,
      /answered 401 invalid_client \(client hostile client with secret \*{8} is unknown\): the client id or secret is wrong/,
    );
    assertNowhere(await placesWritten(project.dir, result), { 'the secret': encodedForms(wrong) });
  } finally {
    await server.close();
  }
});

for (const clientAuth of ['body', 'basic', 'query'] as const) {
  test(`a 3-character secret is masked where its place is known, and words that contain it stay readable (clientAuth ${clientAuth})`, async () => {
    const server = await startHostileServer({ clientId: 'short-secret-client', clientSecret: 'oke' });
    try {
      const result = await runCli(['newman', '--env', 'prod', ...ALL_REPORTERS, '--folder', 'Token', '--folder', 'API'], {
        cwd: project.dir,
        env: pointAtServer(server, { OAUTH_CLIENT_AUTH: clientAuth }),
      });
      assert.equal(server.issuedTokens.length > 0, true, result.output);
      assert.match(result.stdout, /❏ Token\n/, 'the folder name is readable');
      assert.match(result.stdout, /✓ {2}Token endpoint answers 200/);
      assert.match(result.stdout, /✓ {2}access_token is a non-empty string/);
      const report = await jsonReport();
      const secretsAt = report.run.executions.flatMap(({ request }) => [
        ...(request.url.query ?? []).filter((entry) => entry.key === 'client_secret'),
        ...(request.body?.urlencoded ?? []).filter((entry) => entry.key === 'client_secret'),
        ...(request.header ?? []).filter(
          (entry) => entry.key.toLowerCase() === 'authorization' && entry.value.startsWith('Basic'),
        ),
      ]);
      assert.ok(secretsAt.length > 0, `the report shows where the secret went (${clientAuth})`);
      for (const entry of secretsAt) assert.match(entry.value, /^(Basic )?\*{8}$/);
      assert.equal(report.environment.values.find((entry) => entry.key === 'clientSecret')?.value, '********');
      assertNowhere(await placesWritten(project.dir, result), {
        'the secret at a known place': [
          'client_secret=oke',
          'client_secret&#x3D;oke',
          '"value": "oke"',
          ...basicForms('short-secret-client', 'oke'),
        ],
      });
    } finally {
      await server.close();
    }
  });
}

for (const clientAuth of ['body', 'basic', 'query'] as const) {
  test(`a 5-character wrong secret ("wrong") is masked where it was sent, and the message that says it is wrong stays readable (clientAuth ${clientAuth})`, async () => {
    const server = await startHostileServer();
    try {
      const result = await runCli(['newman', '--env', 'prod', ...ALL_REPORTERS, '--folder', 'Token'], {
        cwd: project.dir,
        env: pointAtServer(server, { OAUTH_CLIENT_AUTH: clientAuth, OAUTH_CLIENT_SECRET: 'wrong' }),
      });
      assert.equal(result.code, 3, result.output);
      assert.equal(server.issuedTokens.length, 0, 'the server refused the secret');
      // Not "the client id or secret is ********": a secret this short is not replaced in prose.
      assert.match(result.stdout, /answered 401 invalid_client .*: the client id or secret is wrong/);
      const report = await jsonReport();
      const sent = report.run.executions.flatMap(({ request }) => [
        ...(request.url.query ?? []).filter((entry) => entry.key === 'client_secret'),
        ...(request.body?.urlencoded ?? []).filter((entry) => entry.key === 'client_secret'),
        ...(request.header ?? []).filter((entry) => entry.key.toLowerCase() === 'authorization'),
      ]);
      assert.ok(sent.length > 0, `the report shows where the secret went (${clientAuth})`);
      for (const entry of sent) assert.match(entry.value, /^(Basic )?\*{8}$/);
      assertNowhere(await placesWritten(project.dir, result), {
        'the secret at a known place': [
          'client_secret=wrong',
          'client_secret&#x3D;wrong',
          '"value": "wrong"',
          ...basicForms(server.client.clientId, 'wrong'),
        ],
      });
    } finally {
      await server.close();
    }
  });
}

test("a token URL with user and password, and a short client_secret in its query (cloudsso's example), is shown without them, in the console and every report", async () => {
  const server = await startHostileServer();
  try {
    const tokenUrl = `${server.tokenUrl.replace('http://', 'http://tokenuser:pw@')}?client_secret=q7x`;
    const result = await runCli(['newman', '--env', 'prod', ...ALL_REPORTERS, '--folder', 'Token'], {
      cwd: project.dir,
      env: pointAtServer(server, { OAUTH_TOKEN_URL: tokenUrl }),
    });
    assert.match(
      result.stdout,
      /POST http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2\?client_secret=\*{8} /,
      'the URL is shown without its user and password, and the query value masked',
    );
    const report = await jsonReport();
    const tokenUrlVariable = report.environment.values.find((entry) => entry.key === 'tokenUrl')?.value;
    assert.match(tokenUrlVariable ?? '', /^http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2\?client_secret=\*{8}$/);
    assertNowhere(await placesWritten(project.dir, result), {
      'the URL password': ['tokenuser:pw', ...basicForms('tokenuser', 'pw')],
      'the query secret': ['client_secret=q7x', 'client_secret&#x3D;q7x', '"value": "q7x"', 'client_secret%3Dq7x'],
    });
  } finally {
    await server.close();
  }
});

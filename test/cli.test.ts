import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { makeProject, runCli } from './support/project.js';

let project: { dir: string; remove: () => Promise<void> };
before(async () => {
  project = await makeProject();
});
after(async () => {
  await project.remove();
});

const configFile = () => join(project.dir, 'oauth-postman.config.json');

describe('generate', () => {
  test('on committed files: everything unchanged, and --check passes', async () => {
    const result = await runCli(['generate'], { cwd: project.dir });
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /unchanged collections\/cloudsso-oauth\.postman_collection\.json/);
    const check = await runCli(['generate', '--check'], { cwd: project.dir });
    assert.equal(check.code, 0, check.output);
    assert.match(check.stdout, /3 generated files are up to date/);
  });

  test('--check catches a stale collection and names it; generate brings it up to date', async () => {
    const original = await readFile(configFile(), 'utf8');
    const config = JSON.parse(original);
    config.requests.push({ name: 'List orders', method: 'GET', path: '/orders', expectStatus: 200 });
    await writeFile(configFile(), JSON.stringify(config, null, 2));
    try {
      const stale = await runCli(['generate', '--check'], { cwd: project.dir });
      assert.equal(stale.code, 5, stale.output);
      assert.match(stale.stderr, /✗ Generated files are out of date: collections\/cloudsso-oauth\.postman_collection\.json\./);
      assert.match(stale.stderr, /Fix: Run `npm run generate` and commit the result\./);
      const written = await runCli(['generate'], { cwd: project.dir });
      assert.equal(written.code, 0, written.output);
      assert.match(written.stdout, /wrote {5}collections\/cloudsso-oauth\.postman_collection\.json/);
      assert.equal((await runCli(['generate', '--check'], { cwd: project.dir })).code, 0);
      const collection = JSON.parse(
        await readFile(join(project.dir, 'collections', 'cloudsso-oauth.postman_collection.json'), 'utf8'),
      );
      assert.deepEqual(
        collection.item[2].item.map((item: { name: string }) => item.name),
        ['Who am I', 'List orders'],
      );
    } finally {
      await writeFile(configFile(), original);
      await runCli(['generate'], { cwd: project.dir });
    }
  });

  test('a client secret in the committed config is refused with the fix', async () => {
    const original = await readFile(configFile(), 'utf8');
    const config = JSON.parse(original);
    config.environments.prod.clientSecret = 'oops';
    await writeFile(configFile(), JSON.stringify(config));
    try {
      const result = await runCli(['generate'], { cwd: project.dir });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /environments\/prod must NOT have additional properties "clientSecret"/);
      assert.match(result.stderr, /Fix: Secrets never belong in the committed config/);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      await writeFile(configFile(), original);
    }
  });

  test('a malformed config names the file and the problem', async () => {
    const original = await readFile(configFile(), 'utf8');
    await writeFile(configFile(), original.replace('"requests"', '"requests" oops'));
    try {
      const result = await runCli(['generate'], { cwd: project.dir });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /oauth-postman\.config\.json is not valid JSON/);
    } finally {
      await writeFile(configFile(), original);
    }
  });
});

describe('bad input to newman', () => {
  test('an unknown --env lists the known ones', async () => {
    const result = await runCli(['newman', '--env', 'staging'], { cwd: project.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /✗ Unknown environment "staging"\.\n {2}Fix: Use one of: prod, local/);
  });

  test('a missing client id names the variable and where to set it', async () => {
    const result = await runCli(['newman', '--env', 'prod'], {
      cwd: project.dir,
      env: { API_BASE_URL: 'https://api.example.com' },
    });
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /✗ clientId is empty for --env prod\.\n {2}Fix: Set OAUTH_CLIENT_ID in \.env \(`npx oauth-postman init`, or copy \.env\.example\) or in the process environment\.\n$/,
    );
  });

  test('a missing client secret names OAUTH_CLIENT_SECRET', async () => {
    const result = await runCli(['newman', '--env', 'prod'], {
      cwd: project.dir,
      env: { API_BASE_URL: 'https://api.example.com', OAUTH_CLIENT_ID: 'me' },
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /✗ clientSecret is empty for --env prod\.\n {2}Fix: Set OAUTH_CLIENT_SECRET in \.env/);
  });

  test('.env supplies values, and the process environment wins over it', async () => {
    await writeFile(join(project.dir, '.env'), 'OAUTH_CLIENT_ID=from-dotenv\nOAUTH_CLIENT_SECRET=x\nAPI_BASE_URL=not a url\n');
    try {
      const fromFile = await runCli(['newman', '--env', 'prod'], { cwd: project.dir });
      assert.equal(fromFile.code, 2);
      assert.match(fromFile.stderr, /baseUrl is not an http\(s\) URL: "not a url"/);
      const overridden = await runCli(['newman', '--env', 'prod'], {
        cwd: project.dir,
        env: { OAUTH_CLIENT_AUTH: 'header', API_BASE_URL: 'https://api.example.com' },
      });
      assert.equal(overridden.code, 2);
      assert.match(overridden.stderr, /clientAuth is "header"/);
    } finally {
      await writeFile(join(project.dir, '.env'), '');
    }
  });

  test('plain http to a non-loopback token URL is refused', async () => {
    const result = await runCli(['newman', '--env', 'prod'], {
      cwd: project.dir,
      env: {
        OAUTH_TOKEN_URL: 'http://sso.example.com/as/token.oauth2',
        OAUTH_CLIENT_ID: 'me',
        OAUTH_CLIENT_SECRET: 'x',
        API_BASE_URL: 'https://api.example.com',
      },
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Refusing to send the client secret in clear text to http:\/\/sso\.example\.com/);
  });

  test('a hand-damaged environment file names the file and the problem', async () => {
    const file = join(project.dir, 'environments', 'local.postman_environment.json');
    const original = await readFile(file, 'utf8');
    await writeFile(file, JSON.stringify({ name: 'local', values: {} }));
    try {
      const result = await runCli(['newman'], { cwd: project.dir });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /local\.postman_environment\.json is not a Postman environment: "values" must be an array\./);
      assert.match(result.stderr, /Fix: Run `npm run generate`/);
    } finally {
      await writeFile(file, original);
    }
  });

  test('--debug adds the stack trace to the same message', async () => {
    const result = await runCli(['newman', '--env', 'staging', '--debug'], { cwd: project.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /✗ Unknown environment "staging"\./);
    assert.match(result.stderr, /\n\s+at .*project-config/);
  });

  test('an unknown option is one clear line with the fix, not a stack trace', async () => {
    const result = await runCli(['newman', '--itterations', '2'], { cwd: project.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /✗ Unknown argument: itterations/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});

describe('token', () => {
  let server: RunningAuthorizationServer;
  before(async () => {
    server = await startAuthorizationServer({ tokenTtlSeconds: 3599 });
  });
  after(async () => {
    await server.close();
  });
  const env = () => ({
    OAUTH_TOKEN_URL: server.tokenUrl,
    API_BASE_URL: server.apiBaseUrl,
    OAUTH_CLIENT_ID: server.demoClient.clientId,
    OAUTH_CLIENT_SECRET: server.demoClient.clientSecret,
  });

  test('prints type, lifetime and expiry with the token masked', async () => {
    const result = await runCli(['token', '--env', 'prod'], { cwd: project.dir, env: env() });
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /type {6}Bearer/);
    assert.match(result.stdout, /lifetime {2}3599 s/);
    assert.match(result.stdout, /expires {3}\d{4}-\d\d-\d\dT[\d:.]+Z \(in 59 min 5\d s\)/);
    assert.match(result.stdout, /token {5}\S{4}…\S{4} \(\d+ chars\)/);
    assert.doesNotMatch(result.output, new RegExp(server.demoClient.clientSecret));
  });

  test('--json prints the raw token response for scripts', async () => {
    const result = await runCli(['token', '--env', 'prod', '--json'], { cwd: project.dir, env: env() });
    assert.equal(result.code, 0, result.output);
    const response = JSON.parse(result.stdout);
    assert.equal(response.token_type, 'Bearer');
    assert.equal(response.expires_in, 3599);
    assert.equal(typeof response.access_token, 'string');
    const me = await fetch(`${server.apiBaseUrl}/me`, { headers: { Authorization: `Bearer ${response.access_token}` } });
    assert.equal(me.status, 200, 'the printed token works against the API');
  });

  test('a wrong secret: exit 3, the OAuth error and its likely cause', async () => {
    const result = await runCli(['token', '--env', 'prod'], {
      cwd: project.dir,
      env: { ...env(), OAUTH_CLIENT_SECRET: 'wrong' },
    });
    assert.equal(result.code, 3, result.output);
    assert.match(
      result.stderr,
      /✗ The token endpoint answered 401 invalid_client \(client authentication failed\)\.\n {2}Fix: The client id or secret is wrong/,
    );
  });

  test('a refused connection: exit 4 and what to check', async () => {
    const closed = await startAuthorizationServer();
    const tokenUrl = closed.tokenUrl;
    await closed.close();
    const result = await runCli(['token', '--env', 'prod'], { cwd: project.dir, env: { ...env(), OAUTH_TOKEN_URL: tokenUrl } });
    assert.equal(result.code, 4, result.output);
    assert.match(result.stderr, /✗ Connection refused by 127\.0\.0\.1:\d+\.\n {2}Fix: Is the server running/);
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { runProcess } from './support/process.js';
import { cleanEnv, makeProject, repoRoot, runCli } from './support/project.js';

let project: { dir: string; remove: () => Promise<void> };
let outside: string;
let server: RunningAuthorizationServer;

before(async () => {
  project = await makeProject();
  outside = await mkdtemp(join(tmpdir(), 'oauth-postman-export-'));
  server = await startAuthorizationServer();
});
after(async () => {
  await server.close();
  await project.remove();
  await rm(outside, { recursive: true, force: true });
});

/** A personal set-up for --env prod, pointed at the separately started local server. */
const personal = () => ({
  OAUTH_TOKEN_URL: server.tokenUrl,
  API_BASE_URL: server.apiBaseUrl,
  OAUTH_CLIENT_ID: server.demoClient.clientId,
  OAUTH_CLIENT_SECRET: server.demoClient.clientSecret,
});

const valuesOf = (file: string) =>
  readFile(file, 'utf8').then((text) => {
    const parsed = JSON.parse(text) as { name: string; values: { key: string; value: string; type: string }[] };
    return { name: parsed.name, values: new Map(parsed.values.map((entry) => [entry.key, entry])) };
  });

describe('env export', () => {
  test('writes the resolved environment, secret included, 0600, with a warning on stderr and no secret on the console', async () => {
    const file = join(outside, 'prod.postman_environment.json');
    const result = await runCli(['env', 'export', '--env', 'prod', '--out', file], { cwd: project.dir, env: personal() });
    assert.equal(result.code, 0, result.output);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const { name, values } = await valuesOf(file);
    assert.equal(name, 'prod (personal)');
    assert.equal(values.get('clientSecret')?.value, server.demoClient.clientSecret);
    assert.equal(values.get('clientSecret')?.type, 'secret');
    assert.equal(values.get('clientId')?.value, server.demoClient.clientId);
    assert.equal(values.get('tokenUrl')?.value, server.tokenUrl);
    assert.equal(values.get('baseUrl')?.value, server.apiBaseUrl);
    assert.equal(values.get('accessToken')?.value, '', 'no token is exported');
    assert.match(result.stderr, /holds your client secret: do not share it, commit it/);
    assert.ok(!result.output.includes(server.demoClient.clientSecret), 'the secret is not printed');
  });

  test('the exported file, imported as is, gives a green Newman run against the server', async () => {
    const file = join(outside, 'import.postman_environment.json');
    const exported = await runCli(['env', 'export', '--out', file], { cwd: project.dir, env: personal() });
    assert.equal(exported.code, 0, exported.output);
    const before = { ...server.stats };
    // Newman's own CLI with the committed collection and the exported file, as the Postman app would use them:
    // the requests in API, each preceded by the collection's token fetch.
    const newman = join(repoRoot, 'node_modules', 'newman', 'bin', 'newman.js');
    const collection = join(repoRoot, 'collections', 'cloudsso-oauth.postman_collection.json');
    const run = await runProcess(
      process.execPath,
      [newman, 'run', collection, '-e', file, '--folder', 'API', '--reporters', 'cli', '--color', 'off'],
      { env: cleanEnv(), input: '' },
    );
    assert.equal(run.code, 0, run.output);
    assert.equal(server.stats.tokensIssued - before.tokensIssued, 1);
    // The collection's API requests (their number grows as requests are added to the config).
    assert.ok(server.stats.apiRequests - before.apiRequests >= 1, 'the API was called');
    assert.equal(server.stats.apiUnauthorized - before.apiUnauthorized, 0);
  });

  test("refused inside this repository's tracked folders, and nothing is written", async () => {
    for (const out of ['environments/mine.postman_environment.json', 'collections/mine.json', 'mine.json']) {
      const result = await runCli(['env', 'export', '--env', 'prod', '--out', out], { cwd: repoRoot, env: personal() });
      assert.equal(result.code, 2, result.output);
      assert.match(result.stderr, /Refusing to write your client secret to .*: git does not ignore it/);
      await assert.rejects(stat(join(repoRoot, out)), { code: 'ENOENT' });
    }
  });

  test('allowed on a git-ignored path inside a repository', async () => {
    const repo = await makeProject();
    try {
      execFileSync('git', ['init', '-q', repo.dir]);
      await copyFile(join(repoRoot, '.gitignore'), join(repo.dir, '.gitignore'));
      const refused = await runCli(['env', 'export', '--out', 'environments/x.json'], { cwd: repo.dir, env: personal() });
      assert.equal(refused.code, 2, refused.output);
      const result = await runCli(['env', 'export', '--out', '.oauth-postman/prod.json'], { cwd: repo.dir, env: personal() });
      assert.equal(result.code, 0, result.output);
      assert.equal((await stat(join(repo.dir, '.oauth-postman', 'prod.json'))).mode & 0o777, 0o600);
    } finally {
      await repo.remove();
    }
  });

  test('without a git repository, anything inside the project is refused', async () => {
    const result = await runCli(['env', 'export', '--out', 'reports/prod.json'], { cwd: project.dir, env: personal() });
    assert.equal(result.code, 2, result.output);
    assert.match(result.stderr, /git cannot tell whether it is ignored/);
    await assert.rejects(stat(join(project.dir, 'reports', 'prod.json')), { code: 'ENOENT' });
  });

  test('a symbolic link from outside into the project does not get around the refusal', async () => {
    const link = join(outside, 'into-project');
    await symlink(project.dir, link);
    const result = await runCli(['env', 'export', '--out', join(link, 'environments', 'x.json')], {
      cwd: project.dir,
      env: personal(),
    });
    assert.equal(result.code, 2, result.output);
    await assert.rejects(stat(join(project.dir, 'environments', 'x.json')), { code: 'ENOENT' });
  });

  test('--env local (the embedded server on a random port) is refused with what to do instead', async () => {
    const result = await runCli(['env', 'export', '--env', 'local', '--out', join(outside, 'local.json')], { cwd: project.dir });
    assert.equal(result.code, 2, result.output);
    assert.match(result.stderr, /--env local is the embedded server/);
    assert.match(result.stderr, /npm run serve/);
  });

  test('without a secret, the export is for the browser sign-in in the app: clientSecret empty, browserClientId the client id, and the clicks', async () => {
    const file = join(outside, 'no-secret.json');
    const rest = Object.fromEntries(Object.entries(personal()).filter(([name]) => name !== 'OAUTH_CLIENT_SECRET'));
    const result = await runCli(['env', 'export', '--out', file], { cwd: project.dir, env: rest });
    assert.equal(result.code, 0, result.output);
    const { values } = await valuesOf(file);
    assert.equal(values.get('clientSecret')?.value, '');
    assert.equal(values.get('browserClientId')?.value, server.demoClient.clientId);
    assert.doesNotMatch(result.stderr, /holds your client secret/);
    assert.match(
      result.stdout,
      /select the environment, then sign in without a secret: open Browser sign-in → Sign in in the browser \(implicit grant\), Authorization → Get New Access Token, sign in, Use Token, and Send it once\./,
    );
  });

  test('a missing client id is the usual error, and nothing is written', async () => {
    const file = join(outside, 'incomplete.json');
    const rest = Object.fromEntries(Object.entries(personal()).filter(([name]) => name !== 'OAUTH_CLIENT_ID'));
    const result = await runCli(['env', 'export', '--out', file], { cwd: project.dir, env: rest });
    assert.equal(result.code, 2, result.output);
    assert.match(result.stderr, /clientId is empty for --env prod/);
    await assert.rejects(stat(file), { code: 'ENOENT' });
  });
});

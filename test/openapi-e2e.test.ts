import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { collectionValidator } from './support/collection-schema.js';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { useServer } from './support/fixtures.js';
import { jsonReportArgs, runPostmanCli } from './support/postman-cli.js';
import { startPrism, type RunningPrism } from './support/prism.js';
import { repoRoot, runCli } from './support/project.js';

/*
 * Public OpenAPI documents nobody here wrote (@readme/oas-examples), generated into collections
 * and run by Newman against Stoplight Prism mocking each document and enforcing its security,
 * with tokens from the real local authorization server. A fault proxy sits between Newman and
 * Prism so that a test can break a response body and see the contract test fail.
 */

const examples = join(repoRoot, 'node_modules', '@readme', 'oas-examples');

interface Case {
  title: string;
  file: string;
  /** Operations left out, each for a reason the document gives. */
  exclude?: { operations: string[] };
  folders: string[];
  requests: number;
  /** A path whose JSON body the proxy breaks, the property it breaks, and the message that must follow. */
  breakBody: { path: string; property: string; value: unknown; message: RegExp };
  /** Also run the generated collection in the official Postman CLI. */
  postmanCli?: boolean;
}

const CASES: Case[] = [
  {
    title: 'Train Travel API (OpenAPI 3.1, OAuth 2.0 authorization code)',
    file: '3.1/yaml/train-travel.yaml',
    // The document's own example body has a trip_id that is not a uuid; Prism answers 400 (see the test below).
    exclude: { operations: ['create-booking'] },
    folders: ['Stations', 'Trips', 'Bookings', 'Payments'],
    requests: 6,
    postmanCli: true,
    breakBody: {
      path: '/bookings/',
      property: 'passenger_name',
      value: 42,
      message: /get-booking: the 200 body does not match the documented schema at \/passenger_name: should be string\./,
    },
  },
  {
    title: 'Swagger Petstore (OpenAPI 3.0, OAuth 2.0 implicit and an API key)',
    file: '3.0/yaml/petstore.yaml',
    // These two need the api_key scheme (an API key header), which a bearer token cannot satisfy.
    exclude: { operations: ['getPetById', 'getInventory'] },
    folders: ['pet', 'store', 'user'],
    requests: 18,
    breakBody: {
      path: '/store/order/',
      property: 'quantity',
      value: 'two',
      message: /getOrderById: the 200 body does not match the documented schema at \/quantity: should be integer\./,
    },
  },
];

// One Prism process mocks every document, each on its own server: Prism loads once for the file.
let prism: RunningPrism;
before(async () => {
  prism = await startPrism(CASES.map((spec) => join(examples, spec.file)));
});
after(() => prism?.stop());

for (const [index, spec] of CASES.entries()) {
  describe(spec.title, () => {
    const served = useServer();
    let proxy: FaultProxy;
    let collection: { item: { name: string; item: { name: string; request: { auth?: { type: string } } }[] }[] };

    before(async () => {
      const dir = served.project.dir;
      await mkdir(join(dir, 'openapi'), { recursive: true });
      const document = join('openapi', spec.file.split('/').pop()!);
      await copyFile(join(examples, spec.file), join(dir, document));
      const configFile = join(dir, 'oauth-postman.config.json');
      const config = JSON.parse(await readFile(configFile, 'utf8'));
      config.openapi = { document, ...(spec.exclude ? { exclude: spec.exclude } : {}) };
      config.requests = [];
      // The config wins over the document: the local server knows only this scope.
      config.environments.prod.scope = 'api:read';
      await writeFile(configFile, JSON.stringify(config, null, 2));
      proxy = await startFaultProxy(prism.origins[index]!);
    });
    after(() => proxy?.close());

    const runEnv = () => served.env({ API_BASE_URL: proxy.origin });
    const envValue = (env: Record<string, string>, key: string) =>
      ({
        tokenUrl: env.OAUTH_TOKEN_URL,
        baseUrl: env.API_BASE_URL,
        clientId: env.OAUTH_CLIENT_ID,
        clientSecret: env.OAUTH_CLIENT_SECRET,
      })[key];

    test('generate: one folder per tag, valid Collection v2.1.0, every request inheriting the bearer token', async () => {
      const result = await runCli(['generate'], { cwd: served.project.dir });
      assert.equal(result.code, 0, result.output);
      const file = join(served.project.dir, 'collections', 'cloudsso-oauth.postman_collection.json');
      collection = JSON.parse(await readFile(file, 'utf8'));
      const validate = await collectionValidator();
      assert.equal(validate(collection), true, JSON.stringify(validate.errors));
      const names = collection.item.map((folder) => folder.name);
      assert.deepEqual(names, ['Browser sign-in', 'Token', ...spec.folders]);
      const generated = collection.item.filter((folder) => spec.folders.includes(folder.name)).flatMap((folder) => folder.item);
      assert.equal(generated.length, spec.requests);
      for (const item of generated) {
        assert.ok(
          item.request.auth === undefined || item.request.auth.type === 'noauth',
          `${item.name} has no OAuth helper of its own`,
        );
      }
      const check = await runCli(['generate', '--check'], { cwd: served.project.dir });
      assert.equal(check.code, 0, check.output);
    });

    test('Newman against Prism: every operation green with a fresh token, zero 401s', async () => {
      const result = await runCli(['newman', '--env', 'prod', '--reporters', 'json', '--json'], {
        cwd: served.project.dir,
        env: runEnv(),
      });
      const summary = JSON.parse(result.stdout);
      assert.deepEqual(summary.failures, [], result.stderr);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(summary.requests.total, spec.requests + 1, 'the token request and every operation');
      const report = JSON.parse(await readFile(join(served.project.dir, 'reports', 'newman-report.json'), 'utf8'));
      const statuses = report.run.executions.map((execution: { response?: { code: number } }) => execution.response?.code);
      assert.equal(statuses.filter((code: number) => code === 401).length, 0, `statuses: ${statuses.join(', ')}`);
      assert.ok(served.server.stats.tokensIssued >= 1, 'the token came from the local authorization server');
    });

    // One document is enough to show the Postman CLI agrees with Newman; each run of it costs seconds.
    if (spec.postmanCli)
      test('the official Postman CLI runs the same collection green', async () => {
        const env = runEnv();
        const reportFile = join(served.project.dir, 'reports', 'postman-cli.json');
        const folders = ['Token', ...spec.folders].flatMap((folder) => ['-i', folder]);
        const result = await runPostmanCli(
          [
            'collection',
            'run',
            'collections/cloudsso-oauth.postman_collection.json',
            '-e',
            'environments/prod.postman_environment.json',
            ...['tokenUrl', 'baseUrl', 'clientId', 'clientSecret'].flatMap((key) => [
              '--env-var',
              `${key}=${envValue(env, key)}`,
            ]),
            ...folders,
            ...jsonReportArgs(reportFile),
          ],
          served.project.dir,
        );
        assert.equal(result.code, 0, result.output);
        const report = JSON.parse(await readFile(reportFile, 'utf8'));
        const executions = report.run.executions as { response?: { code: number }; assertions?: { error?: unknown }[] }[];
        assert.equal(executions.length, spec.requests + 1, result.output);
        assert.deepEqual(
          executions.map((execution) => execution.response?.code).filter((code) => code === 401),
          [],
        );
        assert.equal(report.run.failures.length, 0, result.output);
        assert.ok(
          executions.flatMap((execution) => execution.assertions ?? []).length > spec.requests * 2,
          'the contract tests ran',
        );
      });

    test('a body that breaks the documented schema fails the contract test, naming the operation and the path', async () => {
      proxy.inject(spec.breakBody.path, {
        rewriteJson: (body) => ({ ...body, [spec.breakBody.property]: spec.breakBody.value }),
      });
      const result = await runCli(['newman', '--env', 'prod', '--json'], { cwd: served.project.dir, env: runEnv() });
      assert.equal(result.code, 1, result.stderr);
      const summary = JSON.parse(result.stdout);
      assert.equal(summary.failures.length, 1, JSON.stringify(summary.failures));
      assert.match(summary.failures[0].message, spec.breakBody.message);
    });
  });
}

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeProject, repoRoot, runCli } from './support/project.js';

const petstore = join(repoRoot, 'node_modules', '@readme', 'oas-examples', '3.0', 'yaml', 'petstore.yaml');

let project: { dir: string; remove: () => Promise<void> };
before(async () => {
  project = await makeProject();
});
after(async () => {
  await project.remove();
});

test('openapi list shows the folders and requests of a public example document, filtered', async () => {
  const result = await runCli(['openapi', 'list', petstore, '--include-tag', 'pet', '--exclude-operation', 'deletePet'], {
    cwd: project.dir,
  });
  assert.equal(result.code, 0, result.output);
  const lines = result.stdout.split('\n');
  assert.match(lines[0]!, /petstore\.yaml: Swagger Petstore 1\.0\.0 \(OpenAPI 3\.0\.0\), 7 of 20 operations in 1 folder$/);
  assert.ok(lines.includes('pet'), 'the tag is the folder');
  assert.match(
    result.stdout,
    /\n {2}GET +\/pet\/findByStatus +findPetsByStatus +token \(write:pets read:pets\) +200 application\/xml, application\/json\n/,
  );
  assert.doesNotMatch(result.stdout, /deletePet|\/user/);
  assert.match(
    result.stdout,
    /OAuth 2\.0 scheme "petstore_auth": tokenUrl \(none in the document\), authorizeUrl http:\/\/petstore\.swagger\.io\/oauth\/dialog/,
  );
});

test('openapi list --json', async () => {
  const result = await runCli(['openapi', 'list', petstore, '--json', '--include-operation', 'getPetById'], { cwd: project.dir });
  assert.equal(result.code, 0, result.output);
  const listed = JSON.parse(result.stdout);
  assert.deepEqual(listed.folders, [
    {
      name: 'pet',
      operations: [
        {
          method: 'GET',
          path: '/pet/{petId}',
          operationId: 'getPetById',
          name: 'Find pet by ID',
          authenticated: true,
          scopes: [],
          successStatus: '200',
          statuses: ['200', '400', '404', 'default'],
        },
      ],
    },
  ]);
});

test('a bad document: one message naming the place, exit 2, no stack trace', async () => {
  const file = join(project.dir, 'broken.json');
  await writeFile(
    file,
    JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'b', version: '1' },
      paths: { '/a': { get: { responses: { '200': { $ref: '#/components/responses/Gone' } } } } },
    }),
  );
  const result = await runCli(['openapi', 'list', 'broken.json'], { cwd: project.dir });
  assert.equal(result.code, 2, result.output);
  assert.equal(
    result.stderr,
    '✗ broken.json is not a valid OpenAPI 3.0.3 document: #/paths/~1a/get/responses/200: $ref "#/components/responses/Gone" points to nothing in the document.\n' +
      '  Fix: Fix the document (the place is shown above), then run the command again.\n',
  );
  assert.equal(result.stdout, '');
});

test("without FILE: the config's document (the demo API as shipped)", async () => {
  const result = await runCli(['openapi', 'list'], { cwd: project.dir });
  assert.equal(result.code, 0, result.output);
  assert.match(
    result.stdout,
    /^openapi\/demo-api\.yaml: oauth-postman demo API 1\.0\.0 \(OpenAPI 3\.0\.3\), 5 of 5 operations in 3 folders\n/,
  );
  assert.match(result.stdout, /\n {2}GET +\/health +getHealth +no auth +200 application\/json\n/);
});

test('without FILE and without "openapi" in the config: says how to name one', async () => {
  const configFile = join(project.dir, 'oauth-postman.config.json');
  const config = JSON.parse(await readFile(configFile, 'utf8'));
  delete config.openapi;
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const result = await runCli(['openapi', 'list'], { cwd: project.dir });
  assert.equal(result.code, 2, result.output);
  assert.match(result.stderr, /names no OpenAPI document\.\n {2}Fix: Name one: `npx oauth-postman openapi list FILE`/);
});

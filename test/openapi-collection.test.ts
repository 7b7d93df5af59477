import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { renderProjectFiles } from '../src/commands/generate.js';
import { makeProject, runCli } from './support/project.js';

/* How `generate` maps a small OpenAPI document (written for this test) into the collection and environment templates. */

const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'Notes', version: '1' },
  security: [{ sso: ['notes:read'] }],
  paths: {
    '/health': { get: { operationId: 'health', security: [], responses: { '200': { description: 'Up' } } } },
    '/notes/{noteId}': {
      get: {
        operationId: 'getNote',
        tags: ['notes'],
        parameters: [
          { name: 'noteId', in: 'path', required: true, schema: { type: 'string', example: 'n-1' } },
          { name: 'fields', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', default: 10 } },
          { name: 'scope', in: 'query', required: true, schema: { type: 'string', example: 'mine' } },
        ],
        responses: { '200': { description: 'A note', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/notes': {
      post: {
        operationId: 'createNote',
        tags: ['notes'],
        security: [{ sso: ['notes:write'] }],
        requestBody: {
          content: {
            'application/json': { schema: { type: 'object', properties: { text: { type: 'string', example: 'hi' } } } },
          },
        },
        responses: { '201': { description: 'Created', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
  components: {
    securitySchemes: {
      sso: {
        type: 'oauth2',
        flows: {
          clientCredentials: { tokenUrl: 'https://sso.example.com/token', scopes: { 'notes:read': '', 'notes:write': '' } },
        },
      },
    },
  },
};

interface Item {
  id: string;
  name: string;
  item?: Item[];
  request?: {
    method: string;
    auth?: { type: string };
    url: { raw: string; query?: { key: string; value: string; disabled?: boolean }[] };
    header: { key: string; value: string }[];
    body?: { mode: string; raw: string };
  };
  event?: { listen: string; script: { exec: string[] } }[];
}

let project: { dir: string; remove: () => Promise<void> };
const configFile = () => join(project.dir, 'oauth-postman.config.json');

before(async () => {
  project = await makeProject();
  await mkdir(join(project.dir, 'api'));
  await writeFile(join(project.dir, 'api', 'notes.json'), JSON.stringify(DOCUMENT, null, 2));
  const config = JSON.parse(await readFile(configFile(), 'utf8'));
  config.openapi = 'api/notes.json';
  delete config.environments.prod.tokenUrl; // the document's clientCredentials tokenUrl fills it
  config.environments.local.scope = 'api:read'; // the config wins over the document
  await writeFile(configFile(), JSON.stringify(config, null, 2));
});
after(async () => {
  await project.remove();
});

async function rendered() {
  const files = await renderProjectFiles(project.dir);
  const read = (suffix: string) => JSON.parse(files.find((file) => file.path.endsWith(suffix))!.content);
  return {
    files,
    collection: read('.postman_collection.json'),
    prod: read('prod.postman_environment.json'),
    local: read('local.postman_environment.json'),
  };
}

describe('generate with an OpenAPI document', () => {
  test('browser sign-in first, then the hand-declared requests, then one folder per tag, untagged last', async () => {
    const { collection } = await rendered();
    assert.deepEqual(
      (collection.item as Item[]).map((folder) => [folder.name, folder.item!.map((item) => item.name)]),
      [
        ['Browser sign-in', ['Sign in in the browser (implicit grant)']],
        ['Token', ['Get access token (client credentials)']],
        ['API', ['Who am I']],
        ['notes', ['getNote', 'createNote']],
        ['Untagged', ['health']],
      ],
    );
  });

  test('requests inherit the bearer token; security: [] gets noauth; the contract test is the only script', async () => {
    const { collection } = await rendered();
    const [notes, untagged] = [(collection.item as Item[])[3]!, (collection.item as Item[])[4]!];
    for (const item of notes.item!) {
      assert.equal(item.request!.auth, undefined, `${item.name} inherits`);
      assert.deepEqual(
        item.event!.map((event) => event.listen),
        ['test'],
      );
      assert.match(item.event![0]!.script.exec[0]!, /^var CONTRACT = \{"operation":"/);
    }
    assert.equal(untagged.item![0]!.request!.auth?.type, 'noauth');
  });

  test('parameters become collection variables with the document values; a clash with our own variable is renamed', async () => {
    const { collection } = await rendered();
    const getNote = (collection.item as Item[])[3]!.item![0]!;
    assert.equal(getNote.request!.url.raw, '{{baseUrl}}/notes/{{noteId}}?limit={{limit}}&scope={{param.scope}}');
    assert.deepEqual(getNote.request!.url.query, [
      { key: 'fields', value: '{{fields}}', disabled: true },
      { key: 'limit', value: '{{limit}}' },
      { key: 'scope', value: '{{param.scope}}' },
    ]);
    const variables = Object.fromEntries((collection.variable as { key: string; value: string }[]).map((v) => [v.key, v.value]));
    assert.equal(variables.noteId, 'n-1');
    assert.equal(variables.limit, '10');
    assert.equal(variables['param.scope'], 'mine');
    assert.equal(variables.scope, '', "the token request's scope is untouched");
  });

  test('a JSON body from the document, with its content type', async () => {
    const { collection } = await rendered();
    const createNote = (collection.item as Item[])[3]!.item![1]!;
    assert.equal(createNote.request!.method, 'POST');
    assert.deepEqual(JSON.parse(createNote.request!.body!.raw), { text: 'hi' });
    assert.deepEqual(createNote.request!.header, [
      { key: 'Accept', value: 'application/json' },
      { key: 'Content-Type', value: 'application/json' },
    ]);
  });

  test("environment templates: the document's tokenUrl and scopes where the config is silent; the config wins", async () => {
    const { prod, local } = await rendered();
    const values = (env: { values: { key: string; value: string }[] }) =>
      Object.fromEntries(env.values.map((v) => [v.key, v.value]));
    assert.equal(values(prod).tokenUrl, 'https://sso.example.com/token');
    assert.equal(values(prod).scope, 'notes:read notes:write');
    assert.equal(values(local).tokenUrl, 'http://127.0.0.1:4010/as/token.oauth2');
    assert.equal(values(local).scope, 'api:read');
  });

  test('deterministic: same bytes twice; generate --check catches a changed document', async () => {
    assert.deepEqual(await renderProjectFiles(project.dir), await renderProjectFiles(project.dir));
    const written = await runCli(['generate'], { cwd: project.dir });
    assert.equal(written.code, 0, written.output);
    const changed = structuredClone(DOCUMENT);
    changed.paths['/notes/{noteId}'].get.responses['200'].description = 'One note';
    await writeFile(join(project.dir, 'api', 'notes.json'), JSON.stringify(changed, null, 2));
    const stale = await runCli(['generate', '--check'], { cwd: project.dir });
    assert.equal(stale.code, 5, stale.output);
    assert.match(stale.stderr, /Generated files are out of date: collections\/cloudsso-oauth\.postman_collection\.json\./);
  });

  test('a bad document: one message, exit 2, nothing written', async () => {
    const before = await readFile(join(project.dir, 'collections', 'cloudsso-oauth.postman_collection.json'), 'utf8');
    await writeFile(join(project.dir, 'api', 'notes.json'), JSON.stringify({ ...DOCUMENT, openapi: '2.5' }));
    const result = await runCli(['generate'], { cwd: project.dir });
    assert.equal(result.code, 2, result.output);
    assert.equal(result.stderr.split('\n')[0], '✗ api/notes.json is not an OpenAPI 3.0 or 3.1 document ("openapi: 2.5").');
    assert.doesNotMatch(result.output, /wrote|at .*\.js:/);
    assert.equal(await readFile(join(project.dir, 'collections', 'cloudsso-oauth.postman_collection.json'), 'utf8'), before);
  });
});

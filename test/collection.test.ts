import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import vm from 'node:vm';
import { renderProjectFiles } from '../src/commands/generate.js';
import { SECRET_VARIABLES } from '../src/config/variables.js';
import { collectionValidator } from './support/collection-schema.js';
import { repoRoot } from './support/project.js';

interface Item {
  name: string;
  item?: Item[];
  request?: { auth?: { type: string }; url: { raw: string }; method: string };
  event?: { listen: string; script: { id: string; exec: string[] } }[];
}

async function generated() {
  const files = await renderProjectFiles(repoRoot);
  const collectionFile = files.find((file) => file.path.endsWith('.postman_collection.json'));
  assert.ok(collectionFile, 'a collection is generated');
  return { files, collectionFile, collection: JSON.parse(collectionFile.content) };
}

test('the generated collection validates against the official Collection v2.1.0 schema', async () => {
  const validate = await collectionValidator();
  const { collection } = await generated();
  const valid = validate(collection);
  assert.equal(valid, true, JSON.stringify(validate.errors, null, 2));
  assert.equal(collection.info.schema, 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
});

test('the schema check is not vacuous: a broken collection is rejected', async () => {
  const validate = await collectionValidator();
  const { collection } = await generated();
  collection.item[0].item[0].request.method = 42;
  assert.equal(validate(collection), false);
});

test('generation is deterministic and matches the committed files', async () => {
  const first = await renderProjectFiles(repoRoot);
  const second = await renderProjectFiles(repoRoot);
  assert.deepEqual(first, second);
  for (const file of first) {
    assert.equal(await readFile(file.path, 'utf8'), file.content, `${file.path} is up to date (run npm run generate)`);
  }
});

test('collection-level bearer auth, refresh script, and a token folder with noauth', async () => {
  const { collection } = await generated();
  assert.deepEqual(collection.auth, { type: 'bearer', bearer: [{ type: 'string', value: '{{accessToken}}', key: 'token' }] });
  const listens = (collection.event as Item['event'])!.map((event) => event.listen);
  assert.deepEqual(listens, ['prerequest']);
  const [signInFolder, tokenFolder, apiFolder] = collection.item as Item[];
  assert.equal(signInFolder!.name, 'Browser sign-in', 'first, so that a run adopts its token before the requests that need it');
  const signIn = signInFolder!.item![0]!;
  assert.equal(signIn.request!.auth!.type, 'oauth2');
  assert.deepEqual(
    signIn.event!.map((event) => event.listen),
    ['prerequest', 'test'],
  );
  assert.equal(tokenFolder!.name, 'Token');
  const tokenRequest = tokenFolder!.item![0]!;
  assert.equal(tokenRequest.request!.method, 'POST');
  assert.equal(tokenRequest.request!.url.raw, '{{tokenUrl}}');
  assert.equal(tokenRequest.request!.auth!.type, 'noauth');
  assert.equal(apiFolder!.name, 'API');
  for (const item of apiFolder!.item!) {
    assert.equal(item.request!.auth, undefined, `${item.name} inherits the collection auth`);
    assert.match(item.request!.url.raw, /^\{\{baseUrl\}\}\//);
  }
  assert.match(collection.info.description.content, /## How it works/);
});

test('every script compiles, and every id is explicit and unique', async () => {
  const { collection } = await generated();
  const ids: string[] = [collection.info._postman_id];
  const scripts: { id: string; source: string }[] = [];
  const collect = (events: Item['event'] = []) => {
    for (const event of events) scripts.push({ id: event.script.id, source: event.script.exec.join('\n') });
  };
  collect(collection.event);
  const visit = (items: (Item & { id: string })[]) => {
    for (const item of items) {
      ids.push(item.id);
      collect(item.event);
      if (item.item) visit(item.item as (Item & { id: string })[]);
    }
  };
  visit(collection.item);
  ids.push(...scripts.map((script) => script.id));
  for (const script of scripts) assert.doesNotThrow(() => new vm.Script(script.source), `script ${script.id} compiles`);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('environment templates hold no secret: secret variables are present, empty and typed secret', async () => {
  const { files } = await generated();
  const environments = files.filter((file) => file.path.endsWith('.postman_environment.json'));
  assert.deepEqual(environments.map((file) => JSON.parse(file.content).name).sort(), ['local', 'prod']);
  for (const file of environments) {
    const environment = JSON.parse(file.content) as {
      values: { key: string; value: string; type: string; description?: string }[];
    };
    for (const name of SECRET_VARIABLES) {
      const entry = environment.values.find((value) => value.key === name);
      assert.ok(entry, `${file.path} declares ${name}`);
      assert.equal(entry.value, '', `${file.path}: ${name} is empty`);
      assert.equal(entry.type, 'secret', `${file.path}: ${name} is typed secret`);
      assert.ok(entry.description && entry.description.length > 20, `${file.path}: ${name} says where the value comes from`);
    }
    assert.doesNotMatch(file.content, /local-demo-secret/);
  }
  const prod = JSON.parse(environments.find((file) => file.path.endsWith('prod.postman_environment.json'))!.content);
  const value = (key: string) => prod.values.find((entry: { key: string }) => entry.key === key).value;
  assert.equal(value('tokenUrl'), 'https://cloudsso.cisco.com/as/token.oauth2');
  assert.equal(value('authorizeUrl'), 'https://cloudsso.cisco.com/as/authorization.oauth2');
  assert.equal(value('redirectUri'), 'http://localhost/My_ITK_Application/index.html');
});

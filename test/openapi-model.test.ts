import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import AjvModule from 'ajv';
import { CliError } from '../src/errors.js';
import { pathPattern, selectOperations } from '../src/openapi/filter.js';
import { foldersOf } from '../src/openapi/folders.js';
import { readApi } from '../src/openapi/read-api.js';
import { sandboxSchema } from '../src/openapi/sandbox-schema.js';

const Ajv = AjvModule as unknown as typeof AjvModule.default;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oauth-postman-openapi-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a document for one test and reads it the way `generate` does. */
async function read(name: string, document: object | string, selection = {}) {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  await writeFile(join(dir, name), text);
  return readApi(name, { baseDir: dir, insideDir: dir, selection });
}

async function refusal(name: string, document: object | string): Promise<CliError> {
  try {
    await read(name, document);
  } catch (error) {
    assert.ok(error instanceof CliError, `a CliError, not ${String(error)}`);
    return error;
  }
  throw new Error(`${name} was accepted`);
}

const ok = { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } };

const SHOP = {
  openapi: '3.0.3',
  info: { title: 'Shop', version: '2.1' },
  tags: [{ name: 'orders', description: 'Orders' }, { name: 'pets' }],
  security: [{ oauth: ['shop:read'] }],
  paths: {
    '/health': { get: { operationId: 'health', security: [], responses: ok } },
    '/pets/{petId}': {
      parameters: [
        { name: 'petId', in: 'path', required: true, schema: { type: 'integer', example: 7 } },
        { name: 'verbose', in: 'query', schema: { type: 'boolean', default: false } },
      ],
      get: {
        operationId: 'getPet',
        summary: 'One pet',
        tags: ['pets'],
        parameters: [
          { name: 'verbose', in: 'query', schema: { type: 'boolean' }, example: true },
          { name: 'fields', in: 'query', schema: { type: 'string', enum: ['name', 'all'] } },
          { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        responses: {
          '404': { description: 'No such pet', content: { 'application/problem+json': { schema: { type: 'object' } } } },
          '200': {
            description: 'The pet',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id', 'name', 'secret'],
                  properties: {
                    id: { type: 'integer', format: 'int64', exclusiveMinimum: true, minimum: 0 },
                    name: { type: 'string', nullable: true },
                    secret: { type: 'string', writeOnly: true },
                    born: { type: 'string', format: 'date-time', example: '2020-01-01T00:00:00Z' },
                  },
                },
              },
              'application/xml': { schema: { type: 'string' } },
            },
          },
        },
      },
    },
    '/orders': {
      post: {
        operationId: 'createOrder',
        tags: ['orders', 'pets'],
        security: [{ oauth: ['shop:write', 'shop:read'] }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['petId', 'quantity'],
                properties: {
                  id: { type: 'integer', readOnly: true },
                  petId: { type: 'integer', minimum: 1 },
                  quantity: { type: 'integer', default: 1 },
                },
              },
            },
          },
        },
        responses: { '201': { description: 'Created' }, default: { description: 'Error' } },
      },
      get: { tags: ['orders'], responses: { default: { description: 'Anything' } } },
    },
  },
  components: {
    securitySchemes: {
      apiKey: { type: 'apiKey', in: 'header', name: 'X-Key' },
      oauth: {
        type: 'oauth2',
        flows: {
          clientCredentials: {
            tokenUrl: 'https://sso.example.com/as/token.oauth2',
            scopes: { 'shop:read': 'r', 'shop:write': 'w' },
          },
          authorizationCode: {
            authorizationUrl: 'https://sso.example.com/as/authorization.oauth2',
            tokenUrl: 'https://sso.example.com/as/token.oauth2',
            scopes: {},
          },
        },
      },
    },
  },
};

describe('operation model', () => {
  test('every operation, in document order, with method, path, label, tag and JSON pointer', async () => {
    const { api, operations } = await read('shop.json', SHOP);
    assert.equal(api.title, 'Shop');
    assert.equal(operations.length, 4);
    assert.deepEqual(
      operations.map((operation) => [operation.method, operation.path, operation.label, operation.name, operation.tag]),
      [
        ['GET', '/health', 'health', 'health', undefined],
        ['GET', '/pets/{petId}', 'getPet', 'One pet', 'pets'],
        ['GET', '/orders', 'GET /orders', 'GET /orders', 'orders'],
        ['POST', '/orders', 'createOrder', 'createOrder', 'orders'],
      ],
    );
    assert.equal(operations[1]!.pointer, '#/paths/~1pets~1{petId}/get');
  });

  test('parameters: operation-level overrides path-level; example, default, enum, else built from the schema', async () => {
    const { operations } = await read('shop.json', SHOP);
    const parameters = operations[1]!.parameters.map(({ name, in: where, required, value, source }) => ({
      name,
      where,
      required,
      value,
      source,
    }));
    assert.deepEqual(parameters, [
      { name: 'petId', where: 'path', required: true, value: '7', source: 'example' },
      { name: 'verbose', where: 'query', required: false, value: 'true', source: 'example' },
      { name: 'fields', where: 'query', required: false, value: 'name', source: 'enum' },
      { name: 'X-Trace', where: 'header', required: true, value: operations[1]!.parameters[3]!.value, source: 'schema' },
    ]);
    assert.match(operations[1]!.parameters[3]!.value, /^[0-9a-f-]{36}$/, 'a uuid built from the schema');
  });

  test('request body: built from the schema without read-only properties', async () => {
    const { operations } = await read('shop.json', SHOP);
    assert.deepEqual(operations[3]!.requestBody, {
      contentType: 'application/json',
      required: true,
      example: { petId: 1, quantity: 1 },
    });
  });

  test('a documented example wins over the schema', async () => {
    const document = structuredClone(SHOP) as typeof SHOP & Record<string, unknown>;
    const media = document.paths['/orders'].post.requestBody.content['application/json'] as Record<string, unknown>;
    media.examples = { small: { value: { petId: 3, quantity: 2 } } };
    const { operations } = await read('shop-example.json', document);
    assert.deepEqual(operations[3]!.requestBody?.example, { petId: 3, quantity: 2 });
  });

  test('responses and the success status: lowest 2xx, else default', async () => {
    const { operations } = await read('shop.json', SHOP);
    const pet = operations[1]!;
    assert.deepEqual(
      pet.responses.map((response) => [response.status, response.content.map((content) => content.contentType)]),
      [
        // JavaScript orders integer-like keys first, ascending, whatever the document's order.
        ['200', ['application/json', 'application/xml']],
        ['404', ['application/problem+json']],
      ],
    );
    assert.equal(pet.successStatus, '200');
    assert.equal(operations[2]!.successStatus, 'default');
    assert.equal(operations[3]!.successStatus, '201');
    const xml = pet.responses[0]!.content[1]!;
    assert.equal(xml.schema, undefined, 'only JSON bodies are validated');
  });

  test('security: empty security means no token; scopes of the OAuth 2.0 requirement', async () => {
    const { operations } = await read('shop.json', SHOP);
    assert.deepEqual(
      operations.map((operation) => [operation.label, operation.authenticated, operation.scopes]),
      [
        ['health', false, []],
        ['getPet', true, ['shop:read']],
        ['GET /orders', true, ['shop:read']],
        ['createOrder', true, ['shop:write', 'shop:read']],
      ],
    );
  });

  test('the OAuth 2.0 scheme gives tokenUrl (client credentials), authorizeUrl and the scopes the operations need', async () => {
    const all = await read('shop.json', SHOP);
    assert.deepEqual(all.oauth, {
      schemeName: 'oauth',
      tokenUrl: 'https://sso.example.com/as/token.oauth2',
      authorizeUrl: 'https://sso.example.com/as/authorization.oauth2',
      scopes: ['shop:read', 'shop:write'],
    });
    const readOnly = await read('shop.json', SHOP, { exclude: { operations: ['createOrder'] } });
    assert.deepEqual(readOnly.oauth?.scopes, ['shop:read'], 'only the scopes of the selected operations');
  });

  test('3.1 documents: type arrays, examples and prefixItems', async () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 'Next', version: '1' },
      paths: {
        '/things/{id}': {
          get: {
            operationId: 'getThing',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', examples: ['abc'] } }],
            responses: {
              '200': {
                description: 'A thing',
                content: {
                  'application/json': {
                    schema: {
                      type: 'array',
                      prefixItems: [{ type: 'string' }, { type: ['integer', 'null'] }],
                      items: { type: 'boolean' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    const { operations } = await read('next.json', document);
    assert.equal(operations[0]!.parameters[0]!.value, 'abc');
    assert.deepEqual(operations[0]!.responses[0]!.content[0]!.schema, {
      type: 'array',
      items: [{ type: 'string' }, { type: ['integer', 'null'] }],
      additionalItems: { type: 'boolean' },
    });
  });

  test('YAML documents are read as well as JSON', async () => {
    const yaml = [
      'openapi: 3.0.0',
      'info: { title: Y, version: "1" }',
      'paths:',
      '  /ping:',
      '    get:',
      '      operationId: ping',
      '      responses:',
      "        '204': { description: No content }",
    ].join('\n');
    const { operations } = await read('ping.yaml', yaml);
    assert.deepEqual([operations[0]!.label, operations[0]!.successStatus], ['ping', '204']);
  });
});

describe('the schema the sandbox validates with', () => {
  // Strict mode refuses unknown keywords; formats are the sandbox's business (its Ajv 6 knows date-time).
  const strictDraft7 = () => new Ajv({ strict: true, allErrors: true, validateFormats: false });

  test('OpenAPI keywords become draft-07 that a strict validator compiles', async () => {
    const { operations } = await read('shop.json', SHOP);
    const schema = operations[1]!.responses.find((response) => response.status === '200')!.content[0]!.schema!;
    assert.deepEqual(schema, {
      type: 'object',
      required: ['id', 'name'],
      properties: {
        id: { type: 'integer', exclusiveMinimum: 0 },
        name: { type: ['string', 'null'] },
        secret: { type: 'string' },
        born: { type: 'string', format: 'date-time' },
      },
    });
    const validate = strictDraft7().compile(schema);
    assert.equal(validate({ id: 1, name: null }), true, JSON.stringify(validate.errors));
    assert.equal(validate({ id: 0, name: 'x' }), false, 'exclusiveMinimum still applies');
  });

  test('oneOf with a discriminator becomes anyOf; nullable without a type becomes anyOf with null', () => {
    const schema = sandboxSchema(
      {
        nullable: true,
        discriminator: { propertyName: 'kind' },
        oneOf: [
          { type: 'object', properties: { kind: { type: 'string' } } },
          { type: 'object', properties: { kind: { type: 'string', enum: ['a'], nullable: true } } },
        ],
      },
      '#/x',
    );
    assert.deepEqual(schema, {
      anyOf: [
        {
          anyOf: [
            { type: 'object', properties: { kind: { type: 'string' } } },
            { type: 'object', properties: { kind: { type: ['string', 'null'], enum: ['a', null] } } },
          ],
        },
        { type: 'null' },
      ],
    });
    strictDraft7().compile(schema);
  });

  test('formats and patterns the sandbox cannot compile are dropped, not fatal', () => {
    const schema = sandboxSchema({ type: 'string', format: 'int64', pattern: '(?<=x' }, '#/y');
    assert.deepEqual(schema, { type: 'string' });
  });
});

describe('include and exclude', () => {
  test('by tag, by path pattern and by operationId', async () => {
    const { api } = await read('shop.json', SHOP);
    const labels = (selection: object) =>
      selectOperations(api.operations, selection, 'shop.json').map((operation) => operation.label);
    assert.deepEqual(labels({ include: { tags: ['pets'] } }), ['getPet', 'createOrder']);
    assert.deepEqual(labels({ include: { paths: ['/pets/*'] } }), ['getPet']);
    assert.deepEqual(labels({ exclude: { paths: ['/orders'], operations: ['health'] } }), ['getPet']);
    assert.deepEqual(labels({ include: { tags: ['orders'] }, exclude: { operations: ['GET /orders'] } }), ['createOrder']);
  });

  test('path patterns: * within a segment, ** across segments, whole path only', () => {
    assert.equal(pathPattern('/pets/*').test('/pets/{petId}'), true);
    assert.equal(pathPattern('/pets/*').test('/pets/{petId}/photos'), false);
    assert.equal(pathPattern('/pets/**').test('/pets/{petId}/photos'), true);
    assert.equal(pathPattern('/pets').test('/pets/{petId}'), false);
  });

  test('an unknown tag or operation is refused with the known ones; an empty selection is refused', async () => {
    const { api } = await read('shop.json', SHOP);
    assert.throws(() => selectOperations(api.operations, { include: { tags: ['pet'] } }, 'shop.json'), {
      message: 'The include filter names the tag "pet", which no operation of shop.json has.',
      hint: 'Tags in the document: pets, orders.',
    });
    assert.throws(
      () => selectOperations(api.operations, { exclude: { operations: ['getPets'] } }, 'shop.json'),
      /operation "getPets"/,
    );
    assert.throws(
      () => selectOperations(api.operations, { include: { paths: ['/nothing'] } }, 'shop.json'),
      /No operation of shop\.json is left/,
    );
  });

  test('folders: the document tag order, then untagged operations last', async () => {
    const { api, operations } = await read('shop.json', SHOP);
    assert.deepEqual(
      foldersOf(api, operations).map((folder) => [folder.name, folder.operations.map((operation) => operation.label)]),
      [
        ['orders', ['GET /orders', 'createOrder']],
        ['pets', ['getPet']],
        ['Untagged', ['health']],
      ],
    );
  });
});

describe('bad documents: one message that names the place', () => {
  test('not OpenAPI', async () => {
    const error = await refusal('config.json', { name: 'not an api' });
    assert.equal(error.message, 'config.json is not an OpenAPI 3.0 or 3.1 document (no "openapi" field at the top).');
  });

  test('Swagger 2.0', async () => {
    const error = await refusal('swagger.json', { swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} });
    assert.match(error.message, /swagger\.json is a Swagger 2\.0 document; only OpenAPI 3\.0 and 3\.1 are supported/);
    assert.match(error.hint!, /swagger2openapi/);
  });

  test('neither JSON nor YAML: line and column', async () => {
    const error = await refusal('broken.yaml', 'openapi: 3.0.0\ninfo: {title: t\n  bad: [\n');
    assert.match(error.message, /^broken\.yaml is neither JSON nor YAML: .*\(3:\d+\)/);
  });

  test('an unresolvable $ref names where it is', async () => {
    const document = structuredClone(SHOP);
    (document.paths['/health'].get.responses as Record<string, unknown>)['200'] = { $ref: '#/components/responses/Missing' };
    const error = await refusal('dangling.json', document);
    assert.equal(
      error.message,
      'dangling.json is not a valid OpenAPI 3.0.3 document: #/paths/~1health/get/responses/200: $ref "#/components/responses/Missing" points to nothing in the document.',
    );
  });

  test('an operation with no responses', async () => {
    const document = structuredClone(SHOP) as unknown as { paths: Record<string, Record<string, { responses?: unknown }>> };
    delete document.paths['/orders']!.get!.responses;
    const error = await refusal('silent.json', document);
    assert.equal(error.message, 'silent.json: #/paths/~1orders/get (GET /orders) documents no responses.');
  });

  test('a circular response schema names the operation and the reference', async () => {
    const document = {
      ...structuredClone(SHOP),
      paths: {
        '/tree': {
          get: {
            operationId: 'getTree',
            responses: {
              '200': {
                description: 'A tree',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
        },
      },
    };
    const error = await refusal('tree.json', document);
    assert.match(
      error.message,
      /^tree\.json: #\/paths\/~1tree\/get\/responses\/200\/content\/application~1json\/schema\S* is a circular schema \(it refers back to #\/components\/schemas\/Node\)/,
    );
    assert.match(error.hint!, /"exclude": \{ "operations": \["getTree"\] \}/);
  });

  test('a $ref to another file is refused before anything is read', async () => {
    const document = structuredClone(SHOP);
    (document.paths['/health'].get.responses as Record<string, unknown>)['200'] = { $ref: '../../etc/responses.yaml#/Ok' };
    const error = await refusal('external.json', document);
    assert.equal(
      error.message,
      'external.json: #/paths/~1health/get/responses/200 refers to another file or URL ("../../etc/responses.yaml#/Ok").',
    );
  });

  test('a document outside the project is refused', async () => {
    await assert.rejects(readApi('../elsewhere.yaml', { baseDir: dir, insideDir: dir }), {
      message: 'The OpenAPI document ../elsewhere.yaml is outside the project.',
    });
  });
});

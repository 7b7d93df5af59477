import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { loadSandboxScripts } from '../src/collection/load-scripts.js';
import { contractScript } from '../src/openapi/contract.js';
import type { OperationModel, ResponseModel } from '../src/openapi/model.js';

/*
 * The contract test as Postman runs it: the generated text (contract data, the token library it
 * uses, src/sandbox/contract-test.js) executed by postman-sandbox 4 — the sandbox Newman 6.2 runs,
 * with its own Ajv — against responses made up for each case.
 */

interface SandboxContext {
  on(event: 'execution.assertion', listener: (cursor: unknown, assertions: Assertion[]) => void): void;
  execute(
    script: string,
    options: object,
    done: (error: Error | null, execution: { environment: { values: unknown } }) => void,
  ): void;
  dispose(): void;
}
interface Assertion {
  name: string;
  passed: boolean;
  error?: { message: string };
}
const Sandbox = createRequire(import.meta.url)('postman-sandbox') as {
  createContext(options: object, done: (error: Error | null, context: SandboxContext) => void): void;
};

const petSchema = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, tag: { type: ['string', 'null'] } },
};
const responses: ResponseModel[] = [
  { status: '200', description: 'The pet', content: [{ contentType: 'application/json', schema: petSchema }] },
  {
    status: '404',
    description: 'No such pet',
    content: [{ contentType: 'application/problem+json', schema: { type: 'object', required: ['title'] } }],
  },
  { status: '5XX', description: 'Server trouble', content: [{ contentType: 'text/*', schema: undefined }] },
];
const getPet: OperationModel = {
  method: 'GET',
  path: '/pets/{petId}',
  operationId: 'getPet',
  label: 'getPet',
  name: 'One pet',
  description: undefined,
  tag: 'pets',
  tags: ['pets'],
  pointer: '#/paths/~1pets~1{petId}/get',
  authenticated: true,
  scopes: [],
  parameters: [],
  requestBody: undefined,
  responses,
  successStatus: '200',
};

interface Answer {
  code: number;
  status: string;
  headers?: Record<string, string>;
  body?: string;
}

async function run(operation: OperationModel, answer: Answer, { clientSecret = 'contract-test-secret' } = {}) {
  const scripts = await loadSandboxScripts();
  const text = contractScript(operation, scripts.contractTest);
  const context = await new Promise<SandboxContext>((resolve, reject) =>
    Sandbox.createContext({}, (error, created) => (error ? reject(error) : resolve(created))),
  );
  const assertions: Assertion[] = [];
  context.on('execution.assertion', (_cursor, list) => assertions.push(...list));
  try {
    const execution = await new Promise<{ environment: { values: unknown } }>((resolve, reject) =>
      context.execute(
        text,
        {
          timeout: 10_000,
          context: {
            environment: {
              name: 'prod',
              values: [
                { key: 'accessToken', value: 'old-token' },
                // With a secret, a refused token is fetched again; without one the message adds the sign-in advice.
                { key: 'clientSecret', value: clientSecret },
              ],
            },
            request: { url: 'http://127.0.0.1/pets/1', method: 'GET', auth: { type: 'bearer' } },
            response: {
              code: answer.code,
              status: answer.status,
              header: Object.entries(answer.headers ?? {}).map(([key, value]) => ({ key, value })),
              stream: { type: 'Buffer', data: [...Buffer.from(answer.body ?? '')] },
            },
          },
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    const environment = execution.environment.values as { key: string; value: string }[];
    return {
      results: assertions.map((assertion) => [assertion.name, assertion.passed ? 'pass' : assertion.error?.message]),
      accessToken: environment.find((entry) => entry.key === 'accessToken')?.value,
    };
  } finally {
    context.dispose();
  }
}

const json = { 'Content-Type': 'application/json; charset=utf-8' };

describe('the contract test in the Postman sandbox', () => {
  test('a documented status, content type and a body matching the schema: three passing tests', async () => {
    const { results } = await run(getPet, { code: 200, status: 'OK', headers: json, body: '{"name":"Rex","tag":null}' });
    assert.deepEqual(results, [
      ['getPet answers 200', 'pass'],
      ['getPet answers a documented content type', 'pass'],
      ['getPet body matches the documented 200 schema', 'pass'],
    ]);
  });

  test('a body that breaks the schema: the operation and the first mismatching path', async () => {
    const { results } = await run(getPet, { code: 200, status: 'OK', headers: json, body: '{"name":7}' });
    assert.deepEqual(results[2], [
      'getPet body matches the documented 200 schema',
      'getPet: the 200 body does not match the documented schema at /name: should be string.',
    ]);
    const missing = await run(getPet, { code: 200, status: 'OK', headers: json, body: '{"tag":"x"}' });
    assert.match(String(missing.results[2]![1]), /at \/: should have required property 'name'\./);
  });

  test('a body that is not JSON', async () => {
    const { results } = await run(getPet, { code: 200, status: 'OK', headers: json, body: '<html>' });
    assert.match(String(results[2]![1]), /^getPet: the 200 body is not JSON \(/);
  });

  test('401 is an auth failure with the challenge, never a schema failure, and the token is forgotten', async () => {
    const { results, accessToken } = await run(getPet, {
      code: 401,
      status: 'Unauthorized',
      headers: { ...json, 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      body: '{"oops":1}',
    });
    assert.deepEqual(results, [
      ['getPet is authorized', 'getPet: auth failure, 401 Unauthorized (WWW-Authenticate: Bearer error="invalid_token").'],
    ]);
    assert.equal(accessToken, '', 'the next request fetches a new token');
  });

  test('401 without a client secret: the failure says to sign in again, in the app or with npm run login', async () => {
    const { results } = await run(
      getPet,
      { code: 401, status: 'Unauthorized', headers: { ...json, 'WWW-Authenticate': 'Bearer error="invalid_token"' }, body: '{}' },
      { clientSecret: '' },
    );
    assert.deepEqual(results, [
      [
        'getPet is authorized',
        'getPet: auth failure, 401 Unauthorized (WWW-Authenticate: Bearer error="invalid_token"). Sign in again: in the Postman app, ' +
          'open Browser sign-in, then Authorization → Get New Access Token, sign in, Use Token, and Send that request once; ' +
          'on the command line, npm run login -- --env prod.',
      ],
    ]);
  });

  test('403 without a challenge, on an operation that needs no token', async () => {
    const { results, accessToken } = await run(
      { ...getPet, authenticated: false },
      { code: 403, status: 'Forbidden', headers: json, body: '{}' },
    );
    assert.deepEqual(results, [['getPet is authorized', 'getPet: auth failure, 403 Forbidden (no WWW-Authenticate challenge).']]);
    assert.equal(accessToken, 'old-token');
  });

  test('another documented status fails the status test and is checked against its own schema', async () => {
    const { results } = await run(getPet, {
      code: 404,
      status: 'Not Found',
      headers: { 'Content-Type': 'application/problem+json' },
      body: '{"detail":"gone"}',
    });
    assert.deepEqual(results, [
      ['getPet answers 200', 'getPet: expected 200, got 404 Not Found (documented: "No such pet").'],
      ['getPet answers a documented content type', 'pass'],
      [
        'getPet body matches the documented 404 schema',
        "getPet: the 404 body does not match the documented schema at /: should have required property 'title'.",
      ],
    ]);
  });

  test('an undocumented status lists the documented ones; a range (5XX) and a media range (text/*) match', async () => {
    const undocumented = await run(getPet, { code: 418, status: "I'm a teapot" });
    assert.deepEqual(undocumented.results, [
      [
        'getPet answers 200',
        "getPet: expected 200, got 418 I'm a teapot, which the document does not list for this operation (it lists 200, 404, 5XX).",
      ],
    ]);
    const ranged = await run(getPet, {
      code: 503,
      status: 'Service Unavailable',
      headers: { 'Content-Type': 'text/plain' },
      body: 'down',
    });
    assert.deepEqual(ranged.results, [
      ['getPet answers 200', 'getPet: expected 200, got 503 Service Unavailable (documented: "Server trouble").'],
      ['getPet answers a documented content type', 'pass'],
    ]);
  });

  test('an undocumented content type', async () => {
    const { results } = await run(getPet, { code: 200, status: 'OK', headers: { 'Content-Type': 'text/html' }, body: '<p>' });
    assert.deepEqual(results, [
      ['getPet answers 200', 'pass'],
      [
        'getPet answers a documented content type',
        'getPet: the 200 response has Content-Type text/html; the document lists application/json.',
      ],
    ]);
  });

  test('success as 2XX or default accepts any 2xx', async () => {
    const created = {
      ...getPet,
      successStatus: 'default',
      responses: [{ status: 'default', description: 'Anything', content: [] }],
    };
    assert.deepEqual((await run(created, { code: 201, status: 'Created' })).results, [['getPet answers a 2xx status', 'pass']]);
    const ranged = { ...getPet, successStatus: '2XX', responses: [{ status: '2XX', description: 'Fine', content: [] }] };
    assert.deepEqual((await run(ranged, { code: 302, status: 'Found' })).results, [
      [
        'getPet answers a 2xx status',
        'getPet: expected a 2xx status, got 302 Found, which the document does not list for this operation (it lists 2XX).',
      ],
    ]);
  });
});

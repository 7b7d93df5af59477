import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadOpenApiDocument } from '../src/openapi/load-document.js';
import { DEMO_CLIENT, startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { MAX_NOTE_LENGTH } from '../src/server/demo-routes.js';
import { issuedToken } from './support/issued-token.js';
import { repoRoot } from './support/project.js';

/* The demo API's operations as openapi/demo-api.yaml documents them, over HTTP against the real local server. */

describe('the demo API of the local server', () => {
  let server: RunningAuthorizationServer;
  let bearer: string;
  before(async () => {
    server = await startAuthorizationServer();
    bearer = `Bearer ${await issuedToken(server)}`;
  });
  after(() => server.close());

  const call = async (method: string, path: string, options: { token?: boolean; body?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (options.token !== false) headers.authorization = bearer;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.apiBaseUrl}${path}`, { method, headers, body: options.body });
    return { status: response.status, type: response.headers.get('content-type'), json: await response.json() };
  };

  test('GET /health needs no token', async () => {
    assert.deepEqual(await call('GET', '/health', { token: false }), {
      status: 200,
      type: 'application/json; charset=utf-8',
      json: { status: 'ok' },
    });
  });

  test('the notes need a token', async () => {
    const refused = await call('GET', '/notes', { token: false });
    assert.equal(refused.status, 401);
  });

  test('list, add, read one; a bad body is 400, an unknown id 404', async () => {
    const listed = await call('GET', '/notes');
    assert.equal(listed.status, 200);
    const notes = listed.json as { id: string }[];
    assert.deepEqual(notes[0], { id: '1', text: 'Welcome to the demo API.', createdBy: 'local-demo' });
    const created = await call('POST', '/notes', { body: JSON.stringify({ text: 'Rotate the secret' }) });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json, { id: String(notes.length + 1), text: 'Rotate the secret', createdBy: DEMO_CLIENT.clientId });
    assert.deepEqual((await call('GET', `/notes/${(created.json as { id: string }).id}`)).json, created.json);
    assert.deepEqual(await call('POST', '/notes', { body: '{"text":""}' }), {
      status: 400,
      type: 'application/json; charset=utf-8',
      json: { error: 'invalid_request', message: '"text" must be a string of 1 to 500 characters.' },
    });
    assert.equal((await call('POST', '/notes', { body: 'not json' })).status, 400);
    assert.deepEqual(await call('GET', '/notes/999'), {
      status: 404,
      type: 'application/json; charset=utf-8',
      json: { error: 'not_found', message: 'There is no note 999.' },
    });
  });

  test("a malformed percent-encoding in a path or query is the client's mistake: 400 with a short message, never a 500", async () => {
    for (const id of ['%E0%A4%A', '%ZZ', '%']) {
      assert.deepEqual(await call('GET', `/notes/${id}`), {
        status: 400,
        type: 'application/json; charset=utf-8',
        json: { error: 'invalid_request', message: 'The note id in the path is not valid percent-encoding (RFC 3986 §2.1).' },
      });
    }
    assert.equal((await call('GET', '/notes/%31')).status, 200, 'a well-formed escape still finds note 1');
    // The rest of the server (oidc-provider, the sign-in pages) with the same escapes: a 4xx or an answer, no stack.
    const browser = `client_id=local-browser-client&redirect_uri=${encodeURIComponent('http://127.0.0.1:8765/callback')}`;
    for (const target of [
      '/api/me?x=%E0%A4%A',
      `/as/authorization.oauth2?${browser}&response_type=token&state=%E0%A4%A&scope=%ZZ`,
      '/as/authorization.oauth2?client_id=%E0%A4%A&response_type=token',
      '/as/interaction/%E0%A4%A',
      '/as/implicit/callback?x=%E0%A4%A',
      '/.well-known/openid-configuration?x=%ZZ',
      '/%E0%A4%A',
    ]) {
      const response = await fetch(`${server.origin}${target}`, { headers: { authorization: bearer }, redirect: 'manual' });
      const text = await response.text();
      assert.ok(response.status < 500, `${target} answered ${response.status}: ${text.slice(0, 200)}`);
      assert.doesNotMatch(text, /URIError|\n\s+at /, `${target}: no stack`);
    }
  });

  // The server does not read the document at run time: it would tie every server start (serve, offline runs, tests) to
  // parsing a file that a project may replace with its own API's. So the document and the server are held together here.
  test("a note's length limit is the document's: both places it is written, and the server's answers at the limit", async () => {
    type TextSchema = { minLength?: number; maxLength?: number };
    type Schema = { properties: { text: TextSchema } };
    const { document } = await loadOpenApiDocument('openapi/demo-api.yaml', repoRoot);
    const notes = document.paths['/notes'] as { post: { requestBody: { content: Record<string, { schema: Schema }> } } };
    const schemas = (document as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;
    const documented = [
      notes.post.requestBody.content['application/json']!.schema.properties.text,
      schemas.Note!.properties.text,
    ];
    assert.deepEqual(documented, [
      { type: 'string', minLength: 1, maxLength: MAX_NOTE_LENGTH },
      { type: 'string', minLength: 1, maxLength: MAX_NOTE_LENGTH },
    ]);
    const longest = 'n'.repeat(MAX_NOTE_LENGTH);
    assert.equal((await call('POST', '/notes', { body: JSON.stringify({ text: longest }) })).status, 201);
    assert.equal((await call('POST', '/notes', { body: JSON.stringify({ text: `${longest}n` }) })).status, 400);
  });

  test('other paths still answer with what the token grants', async () => {
    const me = await call('GET', '/me');
    assert.equal(me.status, 200);
    assert.equal((me.json as { client_id: string }).client_id, DEMO_CLIENT.clientId);
  });
});

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { PUBLIC_DEMO_CLIENT } from '../src/server/demo-clients.js';
import { issuedToken } from './support/issued-token.js';
import { jsonReportArgs, runPostmanCli } from './support/postman-cli.js';
import { makeProject } from './support/project.js';

/*
 * The WHOLE committed collection with the committed `local` environment template, run by the
 * official Postman CLI (the app's own runner, as a team without this CLI would run it) against the
 * real local server, started here as `npm run serve` would. Only the server's address (a free
 * port) and the public demo secret are given on the command line, as --env-var.
 */

/** The shortest lifetime the collection's one-second refresh margin still covers: servers count expiry in whole seconds. */
const TOKEN_TTL_SECONDS = 2;
const COLLECTION = 'collections/cloudsso-oauth.postman_collection.json';
const ENVIRONMENT = 'environments/local.postman_environment.json';

/** `server` issues short-lived tokens, to cross expiries; `longLived` as cloudsso does, for a token handed over by hand. */
let server: RunningAuthorizationServer;
let longLived: RunningAuthorizationServer;
let project: { dir: string; remove: () => Promise<void> };
before(async () => {
  project = await makeProject();
  server = await startAuthorizationServer({ tokenTtlSeconds: TOKEN_TTL_SECONDS });
  longLived = await startAuthorizationServer();
});
after(async () => {
  await server.close();
  await longLived.close();
  await project.remove();
});

interface Execution {
  item: { name: string };
  response?: { code: number };
  assertions?: { assertion: string; error?: { message: string } }[];
}

/** The server's URLs, as a user would type them after `npm run serve -- --port N`. */
const serverVariables = (server: RunningAuthorizationServer) => [
  `tokenUrl=${server.tokenUrl}`,
  `authorizeUrl=${server.origin}/as/authorization.oauth2`,
  `baseUrl=${server.apiBaseUrl}`,
];

let runs = 0;
async function run(collectionFile: string, envVars: string[], extra: string[]) {
  const reportFile = join(project.dir, 'reports', `postman-cli-${++runs}.json`);
  const result = await runPostmanCli(
    [
      'collection',
      'run',
      collectionFile,
      '-e',
      ENVIRONMENT,
      ...envVars.flatMap((pair) => ['--env-var', pair]),
      ...extra,
      ...jsonReportArgs(reportFile),
    ],
    project.dir,
  );
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as {
    run: { executions: Execution[]; failures: unknown[] };
  };
  return { ...result, executions: report.run.executions, failures: report.run.failures };
}

// The run across expiries is mostly waiting (the delay between requests): the other runs, on their
// own servers (`longLived`) or with no token statistics asserted, go on beside it.
describe('the Postman CLI', { concurrency: true }, () => {
  test('the whole committed collection runs green in the Postman CLI with the committed local template, across token expiries, with zero 401s', async () => {
    const before = { ...server.stats };
    const result = await run(
      COLLECTION,
      [...serverVariables(server), 'clientSecret=local-demo-secret'],
      [
        '--iteration-count',
        '2',
        // Longer than a token lives: every request after the first meets an expired token.
        '--delay-request',
        String(TOKEN_TTL_SECONDS * 1000),
      ],
    );
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(result.failures, [], result.output);
    const codes = result.executions.map((execution) => `${execution.item.name} ${execution.response?.code ?? 'not sent'}`);
    assert.deepEqual(
      codes.filter((line) => line.endsWith(' 401')),
      [],
      codes.join('\n'),
    );
    assert.equal(server.stats.apiUnauthorized - before.apiUnauthorized, 0, 'the server refused no request');
    // The sign-in request skipped itself each time, saying why; nothing else was skipped.
    assert.equal(
      result.executions.filter(
        (execution) => execution.item.name === 'Sign in in the browser (implicit grant)' && execution.response,
      ).length,
      0,
    );
    assert.equal(
      consoleText(result.output).match(/Skipping Sign in in the browser \(implicit grant\): no token from Get New Access Token/g)
        ?.length,
      2,
    );
    assert.equal(
      result.executions.filter((execution) => execution.item.name === 'Who am I' && execution.response?.code === 200).length,
      2,
    );
    // Each iteration's token had expired before the next: the collection fetched new ones by itself.
    assert.ok(
      server.stats.tokensIssued - before.tokensIssued >= 2,
      `tokens issued: ${server.stats.tokensIssued - before.tokensIssued}`,
    );
  });

  test("with a token on the sign-in request, as the app's helper puts it there, every other request uses it without a secret, one added by hand included", async () => {
    const token = await issuedToken(longLived);
    const collection = JSON.parse(await readFile(join(project.dir, COLLECTION), 'utf8'));
    const signIn = collection.item[0].item[0];
    assert.equal(signIn.name, 'Sign in in the browser (implicit grant)');
    // Use Token: the helper's token becomes the request's own OAuth 2.0 accessToken.
    signIn.request.auth.oauth2.push({ key: 'accessToken', value: token, type: 'string' });
    // A request the person adds by hand: no auth of its own (Inherit auth from parent), no scripts.
    collection.item.push({
      name: 'My own request',
      item: [{ name: 'My own request', request: { method: 'GET', url: '{{baseUrl}}/me' } }],
    });
    const copy = join(project.dir, 'collections', 'signed-in.postman_collection.json');
    await writeFile(copy, JSON.stringify(collection));

    const before = { ...longLived.stats };
    const result = await run(copy, serverVariables(longLived), ['--iteration-count', '2']);
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(result.failures, [], result.output);
    assert.equal(longLived.stats.tokenRequests - before.tokenRequests, 0, 'no client credentials: no secret was set');
    assert.equal(longLived.stats.apiUnauthorized - before.apiUnauthorized, 0);
    // Every request of the collection but the token request (no secret) went out, in each iteration.
    const expected = requestNames(collection.item).filter((name) => name !== 'Get access token (client credentials)');
    assert.equal(longLived.stats.apiRequests - before.apiRequests, 2 * expected.length);
    const sent = result.executions.filter((execution) => execution.response).map((execution) => execution.item.name);
    assert.deepEqual(sent, [...expected, ...expected]);
    assert.match(consoleText(result.output), /Browser sign-in: every request of the collection now sends this token, until /);
    assert.match(
      consoleText(result.output),
      /Skipping Get access token \(client credentials\): no client secret for the client credentials grant/,
    );
    assert.ok(!result.output.includes(token), 'the token is never printed');
  });

  test("the committed local template signs in with the client the local server accepts for it, as the app's helper asks", async () => {
    const template = JSON.parse(await readFile(join(project.dir, ENVIRONMENT), 'utf8')) as {
      values: { key: string; value: string }[];
    };
    const value = (key: string) => template.values.find((entry) => entry.key === key)!.value;
    assert.equal(value('browserClientId'), PUBLIC_DEMO_CLIENT.clientId);
    // What Get New Access Token opens for the implicit grant, against the server `npm run serve` starts.
    const authorize = (clientId: string) => {
      const url = new URL(`${server.origin}/as/authorization.oauth2`);
      url.search = new URLSearchParams({
        response_type: 'token',
        client_id: clientId,
        redirect_uri: value('redirectUri'),
        state: 'postman',
      }).toString();
      return fetch(url, { redirect: 'manual' });
    };
    const signIn = await authorize(value('browserClientId'));
    assert.equal(signIn.status, 303, await signIn.text());
    assert.ok(signIn.headers.get('Location')!.startsWith(`${server.origin}/`), 'on to the login page');
    // The client credentials client has no redirect URI: that was the "redirect_uri mismatch" users met.
    const refused = await authorize(value('clientId'));
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /redirect_uri mismatch/);
  });
});

interface ItemTree {
  name: string;
  item?: ItemTree[];
}
/** The names of a collection's requests, in run order. */
const requestNames = (items: ItemTree[]): string[] =>
  items.flatMap((entry) => (entry.item ? requestNames(entry.item) : [entry.name]));

/** The CLI reporter boxes console lines and wraps them at its width: undo that to read them. */
const consoleText = (output: string) => output.replace(/\n\s*\| /g, '');

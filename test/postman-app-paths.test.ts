import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import newman, { type NewmanRunSummary } from 'newman';
import { renderProjectFiles } from '../src/commands/generate.js';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { repoRoot } from './support/project.js';

/*
 * The Postman app can run the collection with no environment selected: the collection's own
 * variables hold the settings and the token. Newman does the same when given no environment.
 */

let server: RunningAuthorizationServer;
before(async () => {
  server = await startAuthorizationServer();
});
after(async () => {
  await server.close();
});

function run(collection: object): Promise<NewmanRunSummary> {
  return new Promise((resolve, reject) => {
    newman.run({ collection, reporters: [], iterationCount: 3, folder: 'API' }, (error, summary) =>
      error ? reject(error) : resolve(summary),
    );
  });
}

test('without an environment, the collection variables carry the settings and the token is reused', async () => {
  const files = await renderProjectFiles(repoRoot);
  const collection = JSON.parse(files.find((file) => file.path.endsWith('.postman_collection.json'))!.content);
  const values: Record<string, string> = {
    tokenUrl: server.tokenUrl,
    baseUrl: server.apiBaseUrl,
    clientId: server.demoClient.clientId,
    clientSecret: server.demoClient.clientSecret,
  };
  for (const variable of collection.variable as { key: string; value: string }[]) {
    if (variable.key in values) variable.value = values[variable.key]!;
  }
  const before = { ...server.stats };
  const summary = await run(collection);
  assert.deepEqual(
    summary.run.failures.map((failure) => failure.error.message),
    [],
  );
  assert.equal(summary.run.stats.assertions.total, 3);
  assert.equal(server.stats.tokensIssued - before.tokensIssued, 1, 'one token for three requests');
  assert.equal(server.stats.apiUnauthorized - before.apiUnauthorized, 0);
});

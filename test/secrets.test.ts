import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from './support/project.js';
import { useServer, type ServedProject } from './support/fixtures.js';
import { assertNowhere, basicForms, encodedForms, placesWritten } from './support/leaks.js';

// 4 s tokens refreshed 2 s before expiry, requests 1.2 s apart: every second or third API request
// fetches a new token through the collection's refresh, and then has 2 s to reach the server with
// it, even on a busy machine (2 s tokens, with 1 s, saw a 401 there). Each run is mostly that
// waiting, so the three run side by side, each as a process of its own with its own server and project.
describe('each way of sending the client credentials', { concurrency: true }, () => {
  for (const clientAuth of ['body', 'basic', 'query'] as const) {
    const fixture = useServer({ tokenTtlSeconds: 4 });
    test(`neither the client secret nor any token, in any form, reaches the console, reports/ or a temporary file (clientAuth ${clientAuth})`, () =>
      secretsStayOut(fixture, clientAuth));
  }
});

async function secretsStayOut(fixture: ServedProject, clientAuth: string) {
  const { issuedTokens } = fixture;
  const result = await runCli(
    ['newman', '--env', 'prod', '--reporters', 'cli,junit,htmlextra,json', '--iterations', '2', '--delay-request', '1200'],
    {
      cwd: fixture.project.dir,
      env: fixture.env({ OAUTH_CLIENT_AUTH: clientAuth, TOKEN_REFRESH_SKEW_SECONDS: '2' }),
      subprocess: true,
    },
  );
  assert.equal(result.code, 0, result.output);
  assert.ok(issuedTokens.length >= 4, `the Token folder's token and refreshed ones (${issuedTokens.length})`);
  const reportsDir = join(fixture.project.dir, 'reports');
  const reports = await readdir(reportsDir);
  assert.deepEqual(reports.sort(), ['junit.xml', 'newman-report.html', 'newman-report.json']);
  const json = JSON.parse(await readFile(join(reportsDir, 'newman-report.json'), 'utf8'));
  const secretValue = json.environment.values.find((entry: { key: string }) => entry.key === 'clientSecret').value;
  assert.equal(secretValue, '********', 'the JSON report keeps the variable, masked');
  const html = await readFile(join(reportsDir, 'newman-report.html'), 'utf8');
  assert.match(html, /Who am I answers 200/, 'the HTML report shows the assertions');
  // Everything the run wrote (console, reports with the bodies the JSON report keeps as bytes, its
  // temporary files), for every form a value takes there: support/leaks.ts, as the other leak tests.
  const { clientId, clientSecret } = fixture.server.demoClient;
  assertNowhere(await placesWritten(fixture.project.dir, result), {
    'the client secret': [...encodedForms(clientSecret), ...basicForms(clientId, clientSecret)],
    ...Object.fromEntries(issuedTokens.map((token, i) => [`access token ${i + 1}`, encodedForms(token)])),
  });
}

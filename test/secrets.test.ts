import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { makeProject, runCli } from './support/project.js';

let project: { dir: string; remove: () => Promise<void> };
let server: RunningAuthorizationServer;
const issuedTokens: string[] = [];

before(async () => {
  project = await makeProject();
  server = await startAuthorizationServer({ tokenTtlSeconds: 2, onTokenIssued: (token) => issuedTokens.push(token) });
});
after(async () => {
  await server.close();
  await project.remove();
});

for (const clientAuth of ['body', 'basic', 'query'] as const) {
  test(`neither the client secret nor any token reaches the console or reports/ (clientAuth ${clientAuth})`, async () => {
    issuedTokens.length = 0;
    const result = await runCli(
      ['newman', '--env', 'prod', '--reporters', 'cli,junit,htmlextra,json', '--iterations', '3', '--delay-request', '700'],
      {
        cwd: project.dir,
        env: {
          OAUTH_TOKEN_URL: server.tokenUrl,
          API_BASE_URL: server.apiBaseUrl,
          OAUTH_CLIENT_ID: server.demoClient.clientId,
          OAUTH_CLIENT_SECRET: server.demoClient.clientSecret,
          OAUTH_CLIENT_AUTH: clientAuth,
        },
      },
    );
    assert.equal(result.code, 0, result.output);
    assert.ok(issuedTokens.length >= 3, `tokens were issued during the run (${issuedTokens.length})`);
    const reportsDir = join(project.dir, 'reports');
    const reports = await readdir(reportsDir);
    assert.deepEqual(reports.sort(), ['junit.xml', 'newman-report.html', 'newman-report.json']);
    const json = JSON.parse(await readFile(join(reportsDir, 'newman-report.json'), 'utf8'));
    const secretValue = json.environment.values.find((entry: { key: string }) => entry.key === 'clientSecret').value;
    assert.equal(secretValue, '********', 'the JSON report keeps the variable, masked');
    const html = await readFile(join(reportsDir, 'newman-report.html'), 'utf8');
    assert.match(html, /Who am I answers 200/, 'the HTML report shows the assertions');
    const places = [{ name: 'console output', text: result.output }];
    for (const name of reports) places.push({ name: `reports/${name}`, text: await readFile(join(reportsDir, name), 'utf8') });
    const basic = Buffer.from(`${server.demoClient.clientId}:${server.demoClient.clientSecret}`).toString('base64');
    for (const place of places) {
      assert.ok(!place.text.includes(server.demoClient.clientSecret), `${place.name} contains the client secret`);
      assert.ok(!place.text.includes(basic), `${place.name} contains the Basic credentials`);
      for (const token of issuedTokens) assert.ok(!place.text.includes(token), `${place.name} contains an access token`);
    }
  });
}

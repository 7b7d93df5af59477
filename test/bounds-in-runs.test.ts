import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useHostileProject } from './support/hostile-server.js';
import { runCli } from './support/project.js';

/*
 * Bounded work inside Newman runs started by the CLI: a token endpoint that trickles its answer
 * one byte at a time, or floods an endless one, fails the token request with a message that says
 * so, instead of holding the run or its memory.
 */

const fixture = useHostileProject();

test('a token endpoint that trickles one byte every half second fails with the timeout message, in the Token request and the refresh', async () => {
  // The whole answer would take about a minute; each request gets 2 s, so three take well under 40 s.
  fixture.server.tokenEndpoint = { kind: 'trickle', intervalMs: 500 };
  const result = await runCli(['newman', '--env', 'prod', '--folder', 'Token', '--folder', 'API', '--timeout-request', '2000'], {
    cwd: fixture.project.dir,
    env: fixture.env(),
    timeoutMs: 40_000,
  });
  assert.notEqual(result.code, null, `the run was still going after 40 s:\n${result.output}`);
  assert.equal(result.code, 4, result.output);
  const said = result.stdout.replace(/\n\s*│ /g, '');
  assert.match(said, /ETIMEDOUT: no complete answer from http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2 within 2000 ms/);
  assert.match(
    said,
    /No response from the token endpoint [^\n]*: no answer within the request timeout\. Fix: Raise --timeout-request/,
  );
  assert.match(said, /Skipping Who am I: no access token for it/);
});

test('a token response of 64 MB is cut off at 1 MiB with a message that says why, and the reports are written', async () => {
  fixture.server.tokenEndpoint = { kind: 'flood', bytes: 64 * 1024 * 1024 };
  const before = fixture.server.bytesSent('/as/token.oauth2');
  const result = await runCli(
    ['newman', '--env', 'prod', '--folder', 'Token', '--folder', 'API', '--reporters', 'cli,junit,htmlextra,json'],
    {
      cwd: fixture.project.dir,
      env: fixture.env(),
    },
  );
  // The token endpoint answered, just not with a token: exit 3, as `token` exits (README, exit codes), not 4.
  assert.equal(result.code, 3, result.output);
  const said = result.stdout.replace(/\n\s*│ /g, '');
  const cutOff =
    /TokenNotObtained\s+EMSGSIZE: the answer from http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2 passed 1048576 bytes/g;
  assert.ok((said.match(cutOff) ?? []).length >= 2, `the Token request and the refresh were cut off:\n${said}`);
  assert.match(
    said,
    /TokenNotObtained\s+Access token obtained from the token endpoint\s+The answer of the token endpoint \S+ was cut off \(EMSGSIZE\)\. Fix: Check tokenUrl: it must be the token endpoint/,
  );
  assert.match(result.stderr, /: no usable access token, exit 3\.$/m);
  assert.doesNotMatch(result.output, /RangeError|Invalid string length|heap/);
  assert.match(result.stdout, /Report: reports\/newman-report\.json/);
  const sent = fixture.server.bytesSent('/as/token.oauth2') - before;
  assert.ok(sent < 3 * 16 * 1024 * 1024, `the server stopped sending once the client hung up (${sent} bytes for 3 requests)`);
});

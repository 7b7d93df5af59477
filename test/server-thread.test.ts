import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { CliError } from '../src/errors.js';
import type { RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { repoRoot } from './support/project.js';

/*
 * The embedded server in a worker thread (src/server/server-thread.ts), as `newman` starts it.
 * Run from source the module starts the server in the calling thread (tsx does not reach
 * workers), so these tests load the built module (`npm run build` first), which uses a thread.
 */

type StartThread = (options?: { port?: number; tokenTtlSeconds?: number }) => Promise<RunningAuthorizationServer>;
interface BuiltModules {
  startAuthorizationServerThread: StartThread;
  CliError: typeof CliError;
}

async function built(): Promise<BuiltModules> {
  const dist = (path: string) => pathToFileURL(join(repoRoot, 'dist', path)).href;
  const thread = (await import(dist('server/server-thread.js'))) as { startAuthorizationServerThread: StartThread };
  const errors = (await import(dist('errors.js'))) as { CliError: typeof CliError };
  return { startAuthorizationServerThread: thread.startAuthorizationServerThread, CliError: errors.CliError };
}

async function clientCredentialsToken(server: RunningAuthorizationServer): Promise<Response> {
  return fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: server.demoClient.clientId,
      client_secret: server.demoClient.clientSecret,
    }),
    signal: AbortSignal.timeout(30_000),
  });
}

test('a server in a thread issues tokens and serves the API; its counters are live here; close() stops it', async () => {
  const { startAuthorizationServerThread } = await built();
  const server = await startAuthorizationServerThread({ tokenTtlSeconds: 120 });
  let closed = false;
  try {
    const answer = await clientCredentialsToken(server);
    assert.equal(answer.status, 200);
    const { access_token: token, expires_in: expiresIn } = (await answer.json()) as { access_token: string; expires_in: number };
    assert.equal(expiresIn, 120, 'the options reached the thread');
    const me = await fetch(`${server.apiBaseUrl}/me`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    assert.equal(me.status, 200);
    const refused = await fetch(`${server.apiBaseUrl}/me`, { signal: AbortSignal.timeout(30_000) });
    assert.equal(refused.status, 401);
    assert.deepEqual({ ...server.stats }, { tokenRequests: 1, tokensIssued: 1, apiRequests: 2, apiUnauthorized: 1 });
    await Promise.all([server.close(), server.close()]);
    closed = true;
    await assert.rejects(clientCredentialsToken(server), 'nothing listens once closed');
  } finally {
    if (!closed) await server.close();
  }
});

test('a port already taken: the same CliError, message and fix as without a thread', async () => {
  const { startAuthorizationServerThread, CliError: BuiltCliError } = await built();
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  try {
    await assert.rejects(startAuthorizationServerThread({ port }), (error: unknown) => {
      assert.ok(error instanceof BuiltCliError, String(error));
      assert.match(error.message, new RegExp(`${port}`));
      assert.match(error.hint ?? '', /--port/);
      return true;
    });
  } finally {
    taken.close();
  }
});

test('an error that is not a CliError keeps its name and message', async () => {
  const { startAuthorizationServerThread } = await built();
  await assert.rejects(startAuthorizationServerThread({ tokenTtlSeconds: 0 }), {
    name: 'RangeError',
    message: /tokenTtlSeconds must be a whole number of seconds >= 1, got 0/,
  });
});

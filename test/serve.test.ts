import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { runProcess } from './support/process.js';
import { cleanEnv, cliPath, runCli } from './support/project.js';

/*
 * `serve` on a port it cannot have, as a user sees it: exit 2, what went wrong and what to do,
 * never "Unexpected error". The same words come from src/util/listen.ts for `login`'s redirect
 * port (test/browser-login.test.ts).
 */

test('serve --port N where another program listens: exit 2, which port, and how to pick another', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as { port: number };
  try {
    const result = await runCli(['serve', '--port', String(port)], { cwd: tmpdir(), timeoutMs: 30_000 });
    assert.equal(result.code, 2, result.output);
    assert.equal(
      result.stderr,
      `✗ Cannot listen on 127.0.0.1:${port} for the local authorization server: another program uses port ${port}.\n` +
        '  Fix: Stop that program, or: Start it on another port above 1023 with --port (--port 0 picks a free one).\n',
    );
    assert.equal(result.stdout, '', 'nothing claims the server started');
  } finally {
    blocker.close();
  }
});

test('serve --host with an address this machine does not have: exit 2 and which addresses work', async () => {
  // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
  const result = await runCli(['serve', '--host', '192.0.2.1', '--port', '0'], { cwd: tmpdir(), timeoutMs: 30_000 });
  assert.equal(result.code, 2, result.output);
  assert.match(
    result.stderr,
    /^✗ Cannot listen on 192\.0\.2\.1:0 for the local authorization server: 192\.0\.2\.1 is not an address of this machine\.\n/,
  );
  assert.match(result.stderr, /Fix: Use --host 127\.0\.0\.1 \(this machine only\) or --host 0\.0\.0\.0 \(every interface\)\./);
  assert.doesNotMatch(result.stderr, /Unexpected error/);
});

/** Linux lets unprivileged programs listen from this port up (net.ipv4.ip_unprivileged_port_start). */
function unprivilegedPortStart(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
  } catch {
    return undefined;
  }
}

const portStart = unprivilegedPortStart();
test('serve --port 80 without administrator rights: exit 2, and a port above 1023 as the fix', {
  skip:
    portStart === undefined
      ? 'only Linux says which ports need privileges'
      : portStart <= 80
        ? `this machine lets every user listen on port ${portStart} and up`
        : false,
}, async () => {
  // As root (a container), the CLI runs as the unprivileged user "nobody", as a developer would.
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  // Bounded: a server that did start would run until killed.
  const result = await runProcess(process.execPath, [cliPath, 'serve', '--port', '80'], {
    cwd: tmpdir(),
    env: cleanEnv(),
    ...asNobody,
    timeoutMs: 30_000,
  });
  assert.equal(result.code, 2, result.output);
  assert.equal(
    result.stderr,
    '✗ Cannot listen on 127.0.0.1:80 for the local authorization server: port 80 needs administrator rights.\n' +
      '  Fix: Start it on another port above 1023 with --port (--port 0 picks a free one).\n',
  );
});

import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on (it was free a moment ago): a per-test redirect URI, or a
 * proxy that is down.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

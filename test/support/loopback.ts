import { once } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { type AddressInfo, createServer } from 'node:net';

/** A server of a test's own, listening on loopback. */
export interface Listening {
  /** `http(s)://127.0.0.1:PORT` */
  origin: string;
  /** Stops it, open (keep-alive) connections included, so nothing is left to hold the test's process. */
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1, on a port the system picks (never one another test may hold). */
export async function listenOnLoopback(server: HttpServer | HttpsServer, scheme: 'http' | 'https' = 'http'): Promise<Listening> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

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

import {
  DEFAULT_TOKEN_TTL_SECONDS,
  DEMO_USER,
  startAuthorizationServer,
  type RunningAuthorizationServer,
} from '../server/authorization-server.js';
import type { Output } from '../util/output.js';

/** A fixed port is what a human wants (bookmarks, a Postman environment); 0 picks a free one. */
export const DEFAULT_SERVE_PORT = 4010;

export interface ServeOptions {
  host?: string;
  /** Default 4010; pass 0 explicitly for a free port. */
  port?: number;
  /** Access token lifetime in seconds (default 3599). */
  ttl?: number;
  /** Aborting closes the server. */
  signal?: AbortSignal;
}

/** `serve`: the local authorization server in the foreground until Ctrl+C. */
export async function serveCommand(options: { port: number; host: string; ttl: number }, out: Output): Promise<void> {
  const server = await serve({ port: options.port, host: options.host, ttl: options.ttl }, (line) => out.info(line));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
}

/** Starts the local authorization server and says how to use it. */
export async function serve(options: ServeOptions, log: (line: string) => void): Promise<RunningAuthorizationServer> {
  options.signal?.throwIfAborted();
  const server = await startAuthorizationServer({
    host: options.host,
    port: options.port ?? DEFAULT_SERVE_PORT,
    tokenTtlSeconds: options.ttl,
  });
  const { signal } = options;
  if (signal) {
    // close() only rejects if the server is not listening, i.e. it is closed already.
    const stop = (): void => void server.close().catch(() => undefined);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  }

  const { demoClient } = server;
  log(`Local authorization server (oidc-provider) listening on ${server.origin}`);
  log(`  Token URL:         ${server.tokenUrl}`);
  log(`  Authorization URL: ${server.authorizeUrl}`);
  log(`  API base URL:      ${server.apiBaseUrl}  (try GET ${server.apiBaseUrl}/me with the token)`);
  log(`  Client ID:         ${demoClient.clientId}`);
  log(`  Client secret:     ${demoClient.clientSecret}  (demo value, not a secret)`);
  log(`  Token lifetime:    ${options.ttl ?? DEFAULT_TOKEN_TTL_SECONDS} s`);
  log(
    `  Browser sign-in:   client ${server.publicClient.clientId} (public), user ${DEMO_USER.username} / password ${DEMO_USER.password}; try \`npm run login -- --env local\``,
  );
  log('Press Ctrl+C to stop');
  return server;
}

/**
 * A local stand-in for Cisco's cloudsso (PingFederate) authorization server, for local runs and
 * tests: the real `oidc-provider` behind cloudsso's URL layout (`/as/token.oauth2`, ...), plus a
 * tiny protected resource under `/api/` that accepts the tokens it issues.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import Provider from 'oidc-provider';
import { listen } from '../util/listen.js';
import { API_PREFIX, handleApiRequest, isApiPath, sendJson } from './demo-api.js';
import { DEMO_CLIENT, PUBLIC_DEMO_CLIENT, type DemoClient } from './demo-clients.js';
import { IMPLICIT_CALLBACK_PATH, createImplicitEndpoint, isImplicitRequest } from './implicit-endpoint.js';
import { INTERACTION_PREFIX, handleInteraction } from './interactions.js';
import { DEFAULT_TOKEN_TTL_SECONDS, ROUTES, providerConfiguration } from './provider-configuration.js';
import { moveQueryIntoFormBody } from './token-query-shim.js';

export { DEMO_CLIENT, DEMO_USER, PUBLIC_DEMO_CLIENT, type DemoClient } from './demo-clients.js';
export { API_SCOPE, DEFAULT_TOKEN_TTL_SECONDS, ROUTES } from './provider-configuration.js';

export interface AuthorizationServerOptions {
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Lifetime (`expires_in`) of client_credentials access tokens. Default 3599, like cloudsso. */
  tokenTtlSeconds?: number;
  /**
   * Called with every access token issued. For tests that check a token never reaches output or
   * reports; nothing else should hold on to tokens.
   */
  onTokenIssued?: (accessToken: string) => void;
}

export interface ServerStats {
  /** Every POST to the token endpoint. */
  tokenRequests: number;
  /** Token responses with status 200. */
  tokensIssued: number;
  /** Every request under /api. */
  apiRequests: number;
  /** /api requests answered 401. */
  apiUnauthorized: number;
}

export interface RunningAuthorizationServer {
  /** e.g. http://127.0.0.1:41234 (also the issuer). */
  origin: string;
  tokenUrl: string;
  authorizeUrl: string;
  apiBaseUrl: string;
  demoClient: DemoClient;
  /** The public client of the browser flows (implicit endpoint, code with PKCE); its redirect URIs. */
  publicClient: { clientId: string; redirectUris: readonly string[] };
  /** Live counters, for tests and benchmarks. */
  stats: ServerStats;
  /** Closes every socket (keep-alive ones too) and resolves once the server is closed. */
  close(): Promise<void>;
}

/** A fixed port only comes from `serve --port` (everything else listens on port 0, any free one). */
const LISTEN_ADVICE = {
  purpose: 'the local authorization server',
  otherPort: 'Start it on another port above 1023 with --port (--port 0 picks a free one).',
  otherAddress: 'Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).',
};

export async function startAuthorizationServer(options: AuthorizationServerOptions = {}): Promise<RunningAuthorizationServer> {
  const { host = '127.0.0.1', port = 0, tokenTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS } = options;
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) {
    throw new RangeError(`tokenTtlSeconds must be a whole number of seconds >= 1, got ${tokenTtlSeconds}`);
  }

  // Listen first: the issuer has to contain the port, and port 0 is only resolved by listening.
  const server = createServer();
  await listen(server, host, port, LISTEN_ADVICE);
  const origin = originFor(host, (server.address() as AddressInfo).port);

  let provider: Provider;
  try {
    provider = new Provider(origin, providerConfiguration(tokenTtlSeconds, origin));
  } catch (error) {
    server.close(); // don't leave a listening socket behind a configuration error
    throw error;
  }
  const stats: ServerStats = { tokenRequests: 0, tokensIssued: 0, apiRequests: 0, apiUnauthorized: 0 };
  // Emitted synchronously once the 200 body is set, i.e. before the client can see the response.
  provider.on('grant.success', (ctx: { body?: unknown }) => {
    stats.tokensIssued += 1;
    const accessToken = (ctx.body as { access_token?: unknown } | undefined)?.access_token;
    if (options.onTokenIssued && typeof accessToken === 'string') options.onTokenIssued(accessToken);
  });
  const oidc = provider.callback();
  const implicit = createImplicitEndpoint(provider, {
    origin,
    authorization: `${origin}${ROUTES.authorization}`,
    token: `${origin}${ROUTES.token}`,
  });
  const failed = (res: ServerResponse) => () => {
    if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
    else res.destroy();
  };

  // Attached only now: everything since 'listening' ran synchronously, so no request is missed.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Split by hand: `new URL()` throws on some request targets a client can send.
    const target = req.url ?? '/';
    const queryStart = target.indexOf('?');
    const pathname = queryStart === -1 ? target : target.slice(0, queryStart);
    const search = queryStart === -1 ? '' : target.slice(queryStart);
    if (isApiPath(pathname)) {
      stats.apiRequests += 1;
      handleApiRequest(provider, req, res, pathname)
        .then((status) => {
          if (status === 401) stats.apiUnauthorized += 1;
        })
        .catch(failed(res));
      return;
    }
    if (pathname.startsWith(INTERACTION_PREFIX)) {
      handleInteraction(provider, req, res, pathname).catch(failed(res));
      return;
    }
    // oidc-provider's router ignores case and a trailing slash; so do these checks.
    const route = pathname.toLowerCase().replace(/\/$/, '');
    if (req.method === 'GET' && route === IMPLICIT_CALLBACK_PATH) {
      implicit.callback(res, new URLSearchParams(search)).catch(failed(res));
      return;
    }
    if (route === ROUTES.authorization && isImplicitRequest(req, new URLSearchParams(search))) {
      implicit.authorize(res, new URLSearchParams(search)).catch(failed(res));
      return;
    }
    if (req.method === 'POST' && route === ROUTES.token) {
      stats.tokenRequests += 1;
      moveQueryIntoFormBody(req, search);
    }
    void oidc(req, res);
  });

  let closing: Promise<void> | undefined;
  return {
    origin,
    tokenUrl: `${origin}${ROUTES.token}`,
    authorizeUrl: `${origin}${ROUTES.authorization}`,
    apiBaseUrl: `${origin}${API_PREFIX}`,
    demoClient: DEMO_CLIENT,
    publicClient: { clientId: PUBLIC_DEMO_CLIENT.clientId, redirectUris: PUBLIC_DEMO_CLIENT.redirectUris },
    stats,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // close() alone waits for keep-alive sockets (fetch keeps them open) to time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function originFor(host: string, port: number): string {
  // A wildcard listen address is not something a client can connect to: advertise loopback.
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

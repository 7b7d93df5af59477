/**
 * A local stand-in for Cisco's cloudsso (PingFederate) authorization server, for local runs and
 * tests: the real `oidc-provider` behind cloudsso's URL layout (`/as/token.oauth2`, ...), plus a
 * tiny protected resource under `/api/` that accepts the tokens it issues.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';
import { DEMO_CLIENT, PUBLIC_DEMO_CLIENT, type DemoClient } from './demo-clients.js';
import { IMPLICIT_CALLBACK_PATH, createImplicitEndpoint, isImplicitRequest } from './implicit-endpoint.js';
import { INTERACTION_PREFIX, handleInteraction } from './interactions.js';

export { DEMO_CLIENT, DEMO_USER, PUBLIC_DEMO_CLIENT, type DemoClient } from './demo-clients.js';

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

/** cloudsso answers `expires_in: 3599`. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3599;

/** The scope the demo API understands. Requests without a scope work too. */
export const API_SCOPE = 'api:read';

/** PingFederate's endpoint paths, so URLs configured for cloudsso only need a new origin. */
export const ROUTES = {
  authorization: '/as/authorization.oauth2',
  token: '/as/token.oauth2',
  introspection: '/as/introspect.oauth2',
  revocation: '/as/revoke_token.oauth2',
  jwks: '/as/jwks',
  userinfo: '/as/userinfo.openid',
  pushed_authorization_request: '/as/par.oauth2',
  end_session: '/as/logout',
} as const;

const API_PREFIX = '/api';

export async function startAuthorizationServer(options: AuthorizationServerOptions = {}): Promise<RunningAuthorizationServer> {
  const { host = '127.0.0.1', port = 0, tokenTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS } = options;
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) {
    throw new RangeError(`tokenTtlSeconds must be a whole number of seconds >= 1, got ${tokenTtlSeconds}`);
  }

  // Listen first: the issuer has to contain the port, and port 0 is only resolved by listening.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
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
    if (pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`)) {
      stats.apiRequests += 1;
      handleApiRequest(provider, req, res, pathname, stats).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
        else res.destroy();
      });
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

/**
 * Everything oidc-provider needs to run quietly: it prints a notice for every development default
 * it falls back to (in-memory adapter, dev signing keys, missing cookie keys, devInteractions,
 * default ttl/renderError/findAccount/... helpers), so each of those is supplied here.
 */
function providerConfiguration(tokenTtlSeconds: number, origin: string): Configuration {
  // P-256 rather than RSA: generating it takes well under a millisecond.
  const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return {
    adapter: createMemoryAdapterFactory(),
    jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'ES256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    routes: ROUTES,
    scopes: [API_SCOPE],
    clients: [
      {
        client_id: DEMO_CLIENT.clientId,
        client_secret: DEMO_CLIENT.clientSecret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        // oidc-provider 8 accepts client_secret_post for a client_secret_basic client and vice versa
        // (lib/shared/token_auth.js), so registering one of them allows both, like PingFederate.
        token_endpoint_auth_method: 'client_secret_basic',
        scope: API_SCOPE,
      },
      {
        client_id: PUBLIC_DEMO_CLIENT.clientId,
        // RFC 8252: a native app's loopback redirect URI matches on any port (§7.3), and
        // oidc-provider requires PKCE from it (§8.1).
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // The internal callback marks the client as allowed to use the implicit endpoint.
        redirect_uris: [...PUBLIC_DEMO_CLIENT.redirectUris, `${origin}${IMPLICIT_CALLBACK_PATH}`],
        scope: API_SCOPE,
      },
    ],
    // Its default is RS256, for which there is no key.
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    features: {
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // Any authenticated client may introspect: the default policy (there are no public
        // clients here), without the console notice the default prints.
        allowedPolicy: async () => true,
      },
      revocation: { enabled: true },
      // The real login and consent pages are in interactions.ts; see `interactions.url`.
      devInteractions: { enabled: false },
      // On, a `resource` parameter would reach a default helper that prints and rejects it.
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    interactions: { url: async (_ctx, interaction) => `/as/interaction/${interaction.uid}` },
    ttl: {
      ClientCredentials: tokenTtlSeconds,
      AccessToken: tokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
    },
    // A local tool: let browser-based clients (Postman web, Swagger UI) call the token endpoint.
    clientBasedCORS: () => true,
    // Error pages as JSON even for browsers: no HTML template to maintain.
    renderError: async (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  };
}

/**
 * oidc-provider's own in-memory adapter prints a warning, is shared by every Provider in the process
 * and is an LRU of 1000 entries (a benchmark would see valid tokens vanish). This one belongs to a
 * single server and drops entries once they expire.
 */
function createMemoryAdapterFactory(): (modelName: string) => Adapter {
  const entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const byGrant = new Map<string, Set<string>>(); // grantId -> keys of the tokens issued for it
  const byAlias = new Map<string, string>(); // 'userCode:<code>' / 'sessionUid:<uid>' -> key
  let writesSinceSweep = 0;

  const read = (key: string | undefined): AdapterPayload | undefined => {
    if (key === undefined) return undefined;
    const entry = entries.get(key);
    if (entry !== undefined && entry.expiresAt > Date.now()) return entry.payload;
    entries.delete(key);
    return undefined;
  };
  // Amortised clean-up, so long benchmarks with short-lived tokens don't grow without bound.
  const sweep = (): void => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
    for (const [alias, key] of byAlias) if (!entries.has(key)) byAlias.delete(alias);
    for (const [grantId, keys] of byGrant) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) byGrant.delete(grantId);
    }
  };

  return (modelName) => {
    const keyOf = (id: string): string => `${modelName}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        // Some models (e.g. registration access tokens) are stored without a lifetime.
        const expiresAt = expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000;
        entries.set(key, { payload, expiresAt });
        if (payload.grantId !== undefined) {
          byGrant.set(payload.grantId, (byGrant.get(payload.grantId) ?? new Set()).add(key));
        }
        if (payload.userCode !== undefined) byAlias.set(`userCode:${payload.userCode}`, key);
        if (modelName === 'Session' && payload.uid !== undefined) byAlias.set(`sessionUid:${payload.uid}`, key);
        if (++writesSinceSweep >= 1000) {
          writesSinceSweep = 0;
          sweep();
        }
      },
      async find(id) {
        return read(keyOf(id));
      },
      async findByUserCode(userCode) {
        return read(byAlias.get(`userCode:${userCode}`));
      },
      async findByUid(uid) {
        return read(byAlias.get(`sessionUid:${uid}`));
      },
      async consume(id) {
        const payload = read(keyOf(id));
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
        byGrant.delete(grantId);
      },
    };
  };
}

/**
 * Compatibility layer: cloudsso's Postman example sends the token request as
 * `POST /as/token.oauth2?grant_type=client_credentials&client_id=...&client_secret=...` with an
 * empty body, which PingFederate accepts. oidc-provider reads POST parameters from the form body
 * only (lib/shared/assemble_params.js), so the query parameters are moved into the body here,
 * before oidc-provider sees the request; it then authenticates the client as usual, so a wrong
 * secret still gets its real 401 invalid_client.
 *
 * The body is not parsed here: oidc-provider's body parser (lib/shared/selective_body.js) reads the
 * request stream itself and, when an upstream parser consumed it already, falls back to `req.body`
 * with a console warning. Instead the query is pushed back in front of the still unread stream
 * (`Readable#unshift`) and Content-Length/Content-Type are adjusted. A form body is `a=1&b=2`, so
 * `<query>&<body>` is the merged form (an empty pair from a trailing `&` is ignored); a parameter
 * sent in both places arrives twice and oidc-provider rejects it, as RFC 6749 §3.2 says parameters
 * "MUST NOT be included more than once".
 *
 * Client authentication needs no help: for a client registered with client_secret_basic or
 * client_secret_post oidc-provider 8 accepts either (RFC 6749 §2.3.1), and it decodes the Basic
 * credentials as application/x-www-form-urlencoded, as §2.3.1 requires.
 */
function moveQueryIntoFormBody(req: IncomingMessage, search: string): void {
  if (search.length <= 1) return;
  const contentType = req.headers['content-type'];
  // Any other body type is rejected by oidc-provider anyway; leave that error to it.
  if (contentType !== undefined && !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) return;

  const prefix = Buffer.from(`${search.slice(1)}&`, 'latin1'); // a URL's query is ASCII
  req.headers['content-type'] = contentType ?? 'application/x-www-form-urlencoded';
  const declaredLength = req.headers['content-length'];
  if (declaredLength !== undefined) {
    req.headers['content-length'] = String(Number(declaredLength) + prefix.length);
  } else if (req.headers['transfer-encoding'] === undefined) {
    // No body at all (RFC 9112 §6.3): the prefix becomes the whole body.
    req.headers['content-length'] = String(prefix.length);
  }
  req.unshift(prefix);
}

/** RFC 6750 §2.1: `Authorization: Bearer <b64token>`. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The demo protected resource: any path under /api/ answers with what the access token grants.
 * Errors follow RFC 6750 §3 (WWW-Authenticate challenges).
 */
async function handleApiRequest(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  stats: ServerStats,
): Promise<void> {
  const header = req.headers.authorization;
  if (header === undefined || !/^Bearer(\s|$)/i.test(header)) {
    // §3.1: a request without credentials gets a challenge with no error code.
    stats.apiUnauthorized += 1;
    sendJson(
      res,
      401,
      { message: 'This API requires an "Authorization: Bearer <access token>" header.' },
      { 'WWW-Authenticate': 'Bearer realm="api"' },
    );
    return;
  }

  const value = BEARER.exec(header)?.[1];
  const token =
    value === undefined
      ? undefined
      : ((await provider.ClientCredentials.find(value)) ?? (await provider.AccessToken.find(value)));
  // `find` still accepts a token up to `clockTolerance` (15 s) after it expired; we don't.
  if (token === undefined || token.isExpired) {
    stats.apiUnauthorized += 1;
    const description = 'The access token expired or is unknown';
    sendJson(
      res,
      401,
      { error: 'invalid_token', error_description: description },
      { 'WWW-Authenticate': `Bearer realm="api", error="invalid_token", error_description="${description}"` },
    );
    return;
  }

  sendJson(res, 200, {
    client_id: token.clientId,
    scope: token.scope ?? null,
    expires_at: token.exp,
    path: pathname,
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    // The answer depends on the Authorization header: no cache may keep or reuse it.
    'Cache-Control': 'no-store',
  });
  res.end(json);
}

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Configuration } from 'oidc-provider';
import { DEMO_CLIENT, PUBLIC_DEMO_CLIENT } from './demo-clients.js';
import { IMPLICIT_CALLBACK_PATH } from './implicit-endpoint.js';
import { INTERACTION_PREFIX } from './interactions.js';
import { createMemoryAdapterFactory } from './memory-adapter.js';

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

/**
 * Everything oidc-provider needs to run quietly: it prints a notice for every development default
 * it falls back to (in-memory adapter, dev signing keys, missing cookie keys, devInteractions,
 * default ttl/renderError/findAccount/... helpers), so each of those is supplied here.
 */
export function providerConfiguration(tokenTtlSeconds: number, origin: string): Configuration {
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
    interactions: { url: async (_ctx, interaction) => `${INTERACTION_PREFIX}${interaction.uid}` },
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

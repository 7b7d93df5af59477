/**
 * The local server's documented demo identities. A module of its own so that the CLI can name
 * them (e.g. `login --env local`) without loading oidc-provider.
 */
export interface DemoClient {
  clientId: string;
  clientSecret: string;
}

/** Public, documented demo credentials: they only unlock this local server. */
export const DEMO_CLIENT: DemoClient = Object.freeze({
  clientId: 'local-demo-client',
  clientSecret: 'local-demo-secret',
});

/**
 * A public client for the browser flows (no secret: RFC 6749 §2.1, RFC 8252 §8.4): the
 * PingFederate-style implicit endpoint and authorization code with PKCE (RFC 7636). It is a
 * native client, so a loopback redirect URI matches on any port (RFC 8252 §7.3).
 */
export const PUBLIC_DEMO_CLIENT = Object.freeze({
  clientId: 'local-browser-client',
  redirectUris: ['http://127.0.0.1:8765/callback', 'http://localhost/My_ITK_Application/index.html'],
});

/** The one account of the local login page. Documented in the README; it only unlocks this local server. */
export const DEMO_USER = Object.freeze({ username: 'demo', password: 'demo' });

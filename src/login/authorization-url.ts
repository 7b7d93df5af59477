/**
 * The authorization request of the browser sign-in, as pure functions: the URL, a fresh `state`
 * and the PKCE pair. Implicit grant: RFC 6749 §4.2.1; authorization code: §4.1.1 with PKCE S256
 * (RFC 7636 §4.1-4.3), which OAuth 2.1 and RFC 9700 §2.1.1 recommend instead of the implicit grant.
 */
import { createHash, randomBytes } from 'node:crypto';

export const BROWSER_GRANTS = ['implicit', 'code'] as const;
export type BrowserGrant = (typeof BROWSER_GRANTS)[number];

/** 32 random bytes: unguessable, as RFC 6749 §10.12 requires of the CSRF-protection value. */
export function randomState(): string {
  return randomBytes(32).toString('base64url');
}

/** RFC 7636 §4.1: a 43-character verifier from 32 random bytes; §4.2: its S256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export interface AuthorizationRequest {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  scope?: string;
  state: string;
  grant: BrowserGrant;
  /** Required for the code grant. */
  codeChallenge?: string;
}

/** Adds the request parameters to the authorization endpoint's URL, keeping any query it has (§3.1). */
export function buildAuthorizationUrl(request: AuthorizationRequest): string {
  const url = new URL(request.authorizeUrl);
  const params = url.searchParams;
  params.set('response_type', request.grant === 'implicit' ? 'token' : 'code');
  params.set('client_id', request.clientId);
  params.set('redirect_uri', request.redirectUri);
  if (request.scope) params.set('scope', request.scope);
  params.set('state', request.state);
  if (request.grant === 'code') {
    if (!request.codeChallenge) throw new TypeError('The code grant needs a PKCE code challenge.');
    params.set('code_challenge', request.codeChallenge);
    params.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

/**
 * Authorization code grant, second half: the code and the PKCE verifier are exchanged at the token
 * endpoint by a public client (RFC 6749 §4.1.3, RFC 7636 §4.5); the answer is read by the collection's
 * own token-response reader (§5.1/§5.2), like every other token response.
 */
import { OAuthError } from '../errors.js';
import { networkError } from '../token/client-credentials.js';
import { loadSandboxTokenFunctions, tokenFailureError } from '../token/sandbox-functions.js';
import type { AcceptedToken } from './redirect-response.js';

export async function exchangeCode(request: {
  tokenUrl: string;
  clientId: string;
  redirectUri: string;
  code: string;
  codeVerifier: string;
  timeoutMs: number;
}): Promise<AcceptedToken> {
  let response: Response;
  try {
    response = await fetch(request.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: request.code,
        redirect_uri: request.redirectUri,
        client_id: request.clientId,
        code_verifier: request.codeVerifier,
      }),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    throw networkError(error, request.tokenUrl, request.timeoutMs);
  }
  const reading = loadSandboxTokenFunctions().readTokenResponse({
    tokenUrl: request.tokenUrl,
    status: response.status,
    header: (name) => response.headers.get(name),
    text: await response.text(),
  });
  if (reading.token) return { ...reading.token, notes: reading.notes };
  const failure = reading.failure!;
  if (failure.kind === 'oauth-error' && failure.oauthError) {
    throw new OAuthError({
      error: failure.oauthError.error,
      errorDescription: failure.oauthError.errorDescription,
      status: response.status,
      hint: 'The code could not be exchanged: sign in again; if it repeats, check that the client is a public client allowed to use the code grant with PKCE.',
    });
  }
  throw tokenFailureError(failure, response.status);
}

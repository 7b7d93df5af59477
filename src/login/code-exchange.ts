/**
 * Authorization code grant, second half: the code and the PKCE verifier are exchanged at the token
 * endpoint by a public client (RFC 6749 §4.1.3, RFC 7636 §4.5); the answer is read by the collection's
 * own token-response reader (§5.1/§5.2), like every other token response.
 */
import { OAuthError } from '../errors.js';
import { sharedSandboxTokenFunctions, tokenFailureError } from '../token/sandbox-functions.js';
import { postTokenRequest, type TokenRequestSettings } from '../token/token-request.js';
import type { AcceptedToken } from './redirect-response.js';

/** For messages: what the exchange would hand to whoever answers at tokenUrl. */
export const CODE_EXCHANGE_CARRIES = 'the authorization code and its PKCE verifier';

export async function exchangeCode(
  request: {
    tokenUrl: string;
    clientId: string;
    redirectUri: string;
    code: string;
    codeVerifier: string;
  },
  network: TokenRequestSettings,
): Promise<AcceptedToken> {
  const response = await postTokenRequest(
    {
      url: request.tokenUrl,
      headers: [['Accept', 'application/json']],
      form: [
        ['grant_type', 'authorization_code'],
        ['code', request.code],
        ['redirect_uri', request.redirectUri],
        ['client_id', request.clientId],
        ['code_verifier', request.codeVerifier],
      ],
    },
    { ...network, carrying: CODE_EXCHANGE_CARRIES },
  );
  const reading = sharedSandboxTokenFunctions().readTokenResponse({ tokenUrl: request.tokenUrl, ...response });
  if (reading.token) return { ...reading.token, notes: reading.notes };
  const { failure } = reading;
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

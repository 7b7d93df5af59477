/**
 * Authorization code grant, second half: the code and the PKCE verifier are exchanged at the token
 * endpoint by a public client (RFC 6749 §4.1.3, RFC 7636 §4.5); the answer is read as §5.1/§5.2.
 */
import { OAuthError, CliError, ExitCode } from '../errors.js';
import { networkError } from '../token/client-credentials.js';
import { acceptToken, type AcceptedToken } from './redirect-response.js';

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
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CliError(
      `The token endpoint answered ${response.status} with ${response.headers.get('content-type') ?? 'no content type'}, not JSON.`,
      {
        hint: 'Check tokenUrl: it must be the token endpoint itself.',
        exitCode: ExitCode.oauth,
      },
    );
  }
  if (!response.ok || typeof body.error === 'string') {
    throw new OAuthError({
      error: typeof body.error === 'string' ? body.error : 'no OAuth error code',
      errorDescription: typeof body.error_description === 'string' ? body.error_description : undefined,
      status: response.status,
      hint: 'The code could not be exchanged: sign in again; if it repeats, check that the client is a public client allowed to use the code grant with PKCE.',
    });
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new CliError('The token response has no access_token.', { exitCode: ExitCode.oauth });
  }
  return acceptToken({
    accessToken: body.access_token,
    tokenType: typeof body.token_type === 'string' ? body.token_type : undefined,
    expiresIn: body.expires_in === undefined ? undefined : String(body.expires_in),
    scope: typeof body.scope === 'string' ? body.scope : undefined,
  });
}

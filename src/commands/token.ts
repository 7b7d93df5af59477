import type { BrowserTokenInUse } from '../config/resolve-environment.js';
import { expiredSignInTokenError, storedTokenExpired } from '../login/token-store.js';
import { fetchClientCredentialsToken } from '../token/client-credentials.js';
import type { TokenRequestSettings } from '../token/token-request.js';
import { displayUrl } from '../util/display-url.js';
import type { Output } from '../util/output.js';
import { describeExpiry, maskToken } from '../util/token-display.js';
import { openEnvironment } from './open-environment.js';

/**
 * `token`: what cloudsso's curl example does, with the token masked unless --json asks for it.
 * Without a client secret, the stored browser sign-in token is shown instead (it cannot be fetched
 * again without one).
 */
export async function tokenCommand(
  options: TokenRequestSettings & { projectDir: string; envName: string | undefined; json: boolean },
  out: Output,
): Promise<void> {
  const resolved = await openEnvironment(
    {
      projectDir: options.projectDir,
      envName: options.envName,
      envDefault: 'embedded',
      purpose: 'token',
      allowInsecureHttp: options.allowInsecureHttp,
      useStoredToken: true,
    },
    (warning) => out.warn(`! ${warning}`),
  );
  try {
    if (resolved.browserToken) {
      showStoredToken(resolved.browserToken, resolved.envName, options.json, out);
      return;
    }
    const token = await fetchClientCredentialsToken(resolved.get, options);
    for (const note of token.notes) out.warn(`! ${note}`);
    if (options.json) {
      out.json(token.raw);
      return;
    }
    out.info(
      `✓ Token from ${displayUrl(resolved.get('tokenUrl'))} (client ${resolved.get('clientId')}, clientAuth ${resolved.get('clientAuth') || 'body'})`,
    );
    out.info(`  type      ${token.tokenType}`);
    out.info(`  lifetime  ${token.expiresInSeconds} s`);
    out.info(`  expires   ${describeExpiry(token.expiresAt)}`);
    out.info(`  token     ${maskToken(token.accessToken)}`);
  } finally {
    await resolved.close();
  }
}

function showStoredToken(token: BrowserTokenInUse, envName: string, json: boolean, out: Output, now = Date.now()): void {
  if (storedTokenExpired(token, now)) throw expiredSignInTokenError(token, envName);
  if (json) {
    // The shape of a token response (RFC 6749 §5.1), so that scripts read both kinds alike.
    out.json({
      access_token: token.accessToken,
      token_type: token.tokenType,
      expires_in: Math.floor((token.expiresAt - now) / 1000),
      ...(token.scope ? { scope: token.scope } : {}),
    });
    return;
  }
  out.info(
    `✓ Browser sign-in token from ${token.file} (${token.grant} grant, client ${token.clientId}; no client secret is set)`,
  );
  out.info(`  type      ${token.tokenType}${token.scope ? `, scope ${token.scope}` : ''}`);
  out.info(`  expires   ${describeExpiry(token.expiresAt, now)}`);
  out.info(`  token     ${maskToken(token.accessToken)}`);
}

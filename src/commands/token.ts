import { openEnvironment } from './open-environment.js';
import { fetchClientCredentialsToken } from '../token/client-credentials.js';
import type { Output } from '../util/output.js';
import { describeExpiry, maskToken } from '../util/token-display.js';

/** `token`: what cloudsso's curl example does, with the token masked unless --json asks for it. */
export async function tokenCommand(
  options: {
    projectDir: string;
    envName: string;
    json: boolean;
    timeoutMs?: number;
    sslExtraCaCerts?: string;
    allowInsecureHttp?: boolean;
  },
  out: Output,
): Promise<void> {
  const resolved = await openEnvironment({
    projectDir: options.projectDir,
    purpose: 'run',
    envName: options.envName,
    allowInsecureHttp: options.allowInsecureHttp,
  });
  try {
    const token = await fetchClientCredentialsToken(resolved.get, {
      timeoutMs: options.timeoutMs,
      extraCaFile: options.sslExtraCaCerts,
    });
    for (const note of token.notes) out.warn(`! ${note}`);
    if (options.json) {
      out.json(token.raw);
      return;
    }
    out.info(
      `✓ Token from ${resolved.get('tokenUrl')} (client ${resolved.get('clientId')}, clientAuth ${resolved.get('clientAuth') || 'body'})`,
    );
    out.info(`  type      ${token.tokenType}`);
    out.info(`  lifetime  ${token.expiresInSeconds} s`);
    out.info(`  expires   ${describeExpiry(token.expiresAt)}`);
    out.info(`  token     ${maskToken(token.accessToken)}`);
  } finally {
    await resolved.close();
  }
}

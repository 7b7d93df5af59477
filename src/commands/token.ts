import { resolveEnvironment } from '../run/resolve-environment.js';
import { fetchClientCredentialsToken } from '../token/client-credentials.js';
import type { Output } from '../util/output.js';

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
  const resolved = await resolveEnvironment({
    projectDir: options.projectDir,
    envName: options.envName,
    allowInsecureHttp: options.allowInsecureHttp,
  });
  try {
    const token = await fetchClientCredentialsToken((name) => resolved.get(name as never), {
      timeoutMs: options.timeoutMs,
      extraCaFile: options.sslExtraCaCerts,
    });
    for (const note of token.notes) out.warn(`! ${note}`);
    if (options.json) {
      out.json(token.raw);
      return;
    }
    const remaining = Math.max(0, Math.round((token.expiresAt - Date.now()) / 1000));
    out.info(
      `✓ Token from ${resolved.get('tokenUrl')} (client ${resolved.get('clientId')}, clientAuth ${resolved.get('clientAuth') || 'body'})`,
    );
    out.info(`  type      ${token.tokenType}`);
    out.info(`  lifetime  ${token.expiresInSeconds} s`);
    out.info(`  expires   ${new Date(token.expiresAt).toISOString()} (in ${formatDuration(remaining)})`);
    out.info(`  token     ${maskToken(token.accessToken)}`);
  } finally {
    await resolved.close();
  }
}

/** Enough to tell two tokens apart, never enough to use one. */
export function maskToken(token: string): string {
  if (token.length < 16) return `${'•'.repeat(8)} (${token.length} chars)`;
  return `${token.slice(0, 4)}…${token.slice(-4)} (${token.length} chars)`;
}

function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}

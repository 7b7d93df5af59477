import { signInAdvice } from '../config/sign-in-advice.js';
import type { Output } from '../util/output.js';
import { describeExpiry, maskToken } from '../util/token-display.js';
import { displayTokenFile, type StoredToken } from './token-store.js';

/** What the terminal shows after a sign-in or an import: never the token itself. */
export function reportStoredToken(
  out: Output,
  where: { projectDir: string; envName: string; embeddedServer: boolean },
  token: StoredToken,
  now = Date.now(),
): void {
  const { projectDir, envName } = where;
  out.info(
    `✓ Signed in (${token.grant === 'code' ? 'authorization code with PKCE' : 'implicit grant'}, client ${token.clientId})`,
  );
  out.info(`  type      ${token.tokenType}${token.scope ? `, scope ${token.scope}` : ''}`);
  out.info(`  expires   ${describeExpiry(token.expiresAt, now)}`);
  out.info(`  token     ${maskToken(token.accessToken)}`);
  out.info(`  stored in ${displayTokenFile(projectDir, envName)} (mode 0600, git-ignored)`);
  out.info(
    where.embeddedServer
      ? 'It works with the server `npm run serve` runs, until that server stops (`npm run newman -- --env local` starts a server of its own with the demo client instead).'
      : `\`npm run newman -- --env ${envName}\` uses it while no client secret is set, until it expires; then ${signInAdvice(envName, 'again')}.`,
  );
}

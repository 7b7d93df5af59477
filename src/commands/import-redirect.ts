import { checkRedirect, redirectParamsOfUrl } from '../login/redirect-response.js';
import { reportStoredToken } from '../login/report.js';
import { resolveSignInSettings } from '../login/sign-in-settings.js';
import { writeStoredToken, type StoredToken } from '../login/token-store.js';
import type { Output } from '../util/output.js';

/**
 * `import-redirect URL`: the copy-by-hand path of the implicit grant. The address the browser
 * landed on holds the token in its fragment (RFC 6749 §4.2.2); it is checked and stored like a
 * `login`. There is no state to compare: this command did not send the request.
 */
export async function importRedirectCommand(
  options: { projectDir: string; envName: string | undefined; url: string },
  out: Output,
): Promise<void> {
  const settings = await resolveSignInSettings(options.projectDir, options.envName);
  for (const warning of settings.warnings) out.warn(`! ${warning}`);
  const checked = checkRedirect(redirectParamsOfUrl(options.url), { grant: 'implicit' });
  if (checked.kind !== 'token') throw new Error('unreachable: the implicit grant yields a token');
  for (const note of checked.token.notes) out.warn(`! ${note}`);
  const obtainedAt = Date.now();
  const token: StoredToken = {
    accessToken: checked.token.accessToken,
    tokenType: checked.token.tokenType,
    expiresAt: obtainedAt + checked.token.expiresInSeconds * 1000,
    ...(checked.token.scope ? { scope: checked.token.scope } : {}),
    grant: 'implicit',
    obtainedAt,
    clientId: settings.clientId,
    authorizeUrl: settings.authorizeUrl,
  };
  await writeStoredToken(options.projectDir, settings.envName, token);
  out.warn('! The lifetime counts from now: if the address is older, the token expires that much sooner.');
  reportStoredToken(
    out,
    { projectDir: options.projectDir, envName: settings.envName, embeddedServer: settings.embeddedServer },
    token,
  );
}

import { CliError, ExitCode } from '../errors.js';
import { buildAuthorizationUrl, createPkcePair, randomState, type BrowserGrant } from '../login/authorization-url.js';
import { CODE_EXCHANGE_CARRIES, exchangeCode } from '../login/code-exchange.js';
import { loopbackTarget, startLoopbackListener } from '../login/loopback-listener.js';
import { openInBrowser } from '../login/open-browser.js';
import { checkRedirect, parseRedirectParams } from '../login/redirect-response.js';
import { reportStoredToken } from '../login/report.js';
import { resolveSignInSettings, type SignInSettings } from '../login/sign-in-settings.js';
import { writeStoredToken, type StoredToken } from '../login/token-store.js';
import { requireSecureTokenUrl, type TokenRequestSettings } from '../token/token-request.js';
import type { Output } from '../util/output.js';

export interface LoginOptions extends TokenRequestSettings {
  projectDir: string;
  /** `--env` as given; undefined when left out (the first environment without the embedded server). */
  envName: string | undefined;
  grant: BrowserGrant;
  /** false: print the URL instead of opening a browser. */
  open: boolean;
  timeoutSeconds: number;
}

/**
 * `login`: the browser sign-in. Builds the authorization URL with a fresh state (and PKCE for the
 * code grant), listens on the redirect URI's loopback port, lets the person sign in and consent in
 * the browser, checks what the page hands over and stores the token.
 */
export async function loginCommand(options: LoginOptions, out: Output): Promise<void> {
  const settings = await resolveSignInSettings(options.projectDir, options.envName);
  for (const warning of settings.warnings) out.warn(`! ${warning}`);
  const target = loopbackTarget(settings.redirectUri);
  if (options.grant === 'code' && !settings.tokenUrl) {
    throw new CliError(`tokenUrl is empty for --env ${settings.envName}; the code grant exchanges the code there.`, {
      hint: 'Set OAUTH_TOKEN_URL, or use --grant implicit.',
    });
  }
  // Refused before anyone signs in, not after.
  if (options.grant === 'code') {
    requireSecureTokenUrl(new URL(settings.tokenUrl), options.allowInsecureHttp ?? false, CODE_EXCHANGE_CARRIES);
  }
  if (settings.embeddedServer) await requireRunningServer(settings);

  const state = randomState();
  const pkce = options.grant === 'code' ? createPkcePair() : undefined;
  const url = buildAuthorizationUrl({
    authorizeUrl: settings.authorizeUrl,
    clientId: settings.clientId,
    redirectUri: settings.redirectUri,
    scope: settings.scope,
    state,
    grant: options.grant,
    codeChallenge: pkce?.challenge,
  });

  const listener = await startLoopbackListener(target, {
    onRefused: (message) => out.warn(`! ${message} Still waiting for a sign-in to come back.`),
  });
  try {
    if (!options.open) {
      out.info('Open this URL in a browser to sign in:');
      out.info(url);
    } else if (await openInBrowser(url)) {
      out.info('Opened the sign-in page in your browser. If it did not appear, open this URL:');
      out.info(url);
    } else {
      out.info('Could not open a browser here. Open this URL in one to sign in:');
      out.info(url);
    }
    out.info(`Waiting up to ${options.timeoutSeconds} s for the sign-in to come back to ${settings.redirectUri} …`);

    const handedOver = await listener.next(options.timeoutSeconds * 1000);
    let token: StoredToken;
    try {
      const checked = checkRedirect(parseRedirectParams(handedOver.response), { grant: options.grant, state });
      const obtainedAt = Date.now();
      const accepted =
        checked.kind === 'token'
          ? checked.token
          : await exchangeCode(
              {
                tokenUrl: settings.tokenUrl,
                clientId: settings.clientId,
                redirectUri: settings.redirectUri,
                code: checked.code,
                codeVerifier: pkce!.verifier,
              },
              options,
            );
      for (const note of accepted.notes) out.warn(`! ${note}`);
      token = {
        accessToken: accepted.accessToken,
        tokenType: accepted.tokenType,
        // Counted from before the exchange (or the hand-over): errs on the early side.
        expiresAt: obtainedAt + accepted.expiresInSeconds * 1000,
        ...(accepted.scope ? { scope: accepted.scope } : {}),
        grant: options.grant,
        obtainedAt,
        clientId: settings.clientId,
        authorizeUrl: settings.authorizeUrl,
      };
      await writeStoredToken(options.projectDir, settings.envName, token);
    } catch (error) {
      const message = error instanceof CliError ? error.message : 'oauth-postman could not complete the sign-in.';
      await handedOver.reply({ ok: false, message: `${message} See the terminal for what to do.` });
      throw error;
    }
    await handedOver.reply({
      ok: true,
      message: `The token is stored for --env ${settings.envName} and expires at ${new Date(token.expiresAt).toLocaleString()}. You can close this tab and return to the terminal.`,
    });
    reportStoredToken(
      out,
      { projectDir: options.projectDir, envName: settings.envName, embeddedServer: settings.embeddedServer },
      token,
    );
  } finally {
    await listener.close();
  }
}

/** `login --env local` signs in at the server `npm run serve` runs: a server started here would stop with the command. */
async function requireRunningServer(settings: SignInSettings): Promise<void> {
  const discovery = new URL('/.well-known/openid-configuration', settings.authorizeUrl);
  try {
    const response = await fetch(discovery, { signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
    if (response.ok) return;
  } catch {
    // reported below
  }
  throw new CliError(`No local authorization server answers at ${discovery.origin}.`, {
    hint: `Start it in another terminal with \`npm run serve\` (it listens on ${discovery.host}), then run this again.`,
    exitCode: ExitCode.network,
  });
}

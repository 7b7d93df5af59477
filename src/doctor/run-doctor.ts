import { loadProjectConfig } from '../config/project-config.js';
import type { BrowserTokenInUse } from '../config/resolve-environment.js';
import { CliError, ExitCode } from '../errors.js';
import { openEnvironment, type OpenEnvironment } from '../commands/open-environment.js';
import { buildAuthorizationUrl } from '../login/authorization-url.js';
import { expiredSignInTokenError, storedTokenExpired } from '../login/token-store.js';
import { fetchClientCredentialsToken } from '../token/client-credentials.js';
import { createHttpClient, type HttpClient } from '../token/http-client.js';
import type { TokenRequestSettings } from '../token/token-request.js';
import { displayUrl } from '../util/display-url.js';
import {
  checkConnects,
  checkResolves,
  checkTlsTrusted,
  fail,
  ok,
  parseBearerChallenge,
  portOf,
  skip,
  warn,
  asWarning,
  type CheckResult,
} from './checks.js';

export interface DoctorOptions extends TokenRequestSettings {
  projectDir: string;
  /** `--env` as given; undefined when left out (the embedded server's environment). */
  envName: string | undefined;
}

export interface DoctorReport {
  /** The environment checked; undefined when the configuration did not name one. */
  envName: string | undefined;
  results: CheckResult[];
}

/**
 * The checks in the order a token's journey needs them; the first broken one ends the run,
 * since everything after it would fail for the same reason. Both kinds of user are served: with
 * a client secret the token comes from the token endpoint; without one, a stored browser sign-in
 * token is checked against the API.
 */
export async function runDoctor(options: DoctorOptions, report: (result: CheckResult) => void): Promise<DoctorReport> {
  const results: CheckResult[] = [];
  const record = (result: CheckResult) => {
    results.push(result);
    report(result);
    return result.status !== 'fail';
  };

  let resolved: OpenEnvironment;
  try {
    resolved = await openEnvironment({ ...options, envDefault: 'embedded', purpose: 'run', useStoredToken: true }, (warning) =>
      record(warn('configuration', warning)),
    );
  } catch (error) {
    record(fail('configuration', error));
    return { envName: undefined, results };
  }
  const done = { envName: resolved.envName, results };
  let http: HttpClient;
  try {
    // A bad proxy setting or CA file is a configuration problem too.
    http = await createHttpClient(options);
  } catch (error) {
    record(fail('configuration', error));
    await resolved.close();
    return done;
  }
  try {
    const signedIn = resolved.browserToken;
    const client = `--env ${resolved.envName}: client ${resolved.get('clientId')}`;
    if (signedIn) {
      const apiUrl = new URL(resolved.get('baseUrl'));
      record(ok('configuration', `${client}, browser sign-in token in ${signedIn.file} (no client secret)`));
      if (!(await networkChecks(apiUrl, 'API', http, options, record))) return done;
      if (!record(storedTokenCheck(signedIn, resolved.envName))) return done;
      if (!record(await apiCheck(resolved, signedIn.accessToken, http, options))) return done;
      record(await browserSignInCheck(resolved, http));
      return done;
    }

    const tokenUrl = new URL(resolved.get('tokenUrl'));
    record(ok('configuration', `${client}, token URL ${displayUrl(tokenUrl)}`));
    if (!(await networkChecks(tokenUrl, 'token', http, options, record))) return done;

    let accessToken: string;
    try {
      const token = await fetchClientCredentialsToken(resolved.get, options);
      accessToken = token.accessToken;
      const notes = token.notes.length > 0 ? ` (${token.notes.join(' ')})` : '';
      record(ok('token request', `${token.tokenType} token, expires in ${token.expiresInSeconds} s${notes}`));
    } catch (error) {
      record(fail('token request', error));
      return done;
    }

    if (!record(await apiCheck(resolved, accessToken, http, options))) return done;
    // Client credentials work without browser sign-in: its problems are worth knowing, not failing over.
    const signIn = await browserSignInCheck(resolved, http);
    record(signIn.status === 'fail' ? asWarning(signIn, BROWSER_SIGN_IN_OPTIONAL) : signIn);
    return done;
  } finally {
    await http.close();
    await resolved.close();
  }
}

const BROWSER_SIGN_IN_OPTIONAL =
  'Only browser sign-in (`npm run login`, Get New Access Token in Postman) needs this; your client credentials work without it.';

function storedTokenCheck(token: BrowserTokenInUse, envName: string): CheckResult {
  const name = 'stored token';
  const now = Date.now();
  if (storedTokenExpired(token, now)) return fail(name, expiredSignInTokenError(token, envName));
  const seconds = Math.floor((token.expiresAt - now) / 1000);
  return ok(name, `${token.tokenType} token (${token.grant} grant), expires in ${seconds} s`);
}

async function networkChecks(
  url: URL,
  host: 'token' | 'API',
  http: HttpClient,
  options: DoctorOptions,
  record: (result: CheckResult) => boolean,
): Promise<boolean> {
  const proxyUrl = http.proxyFor(url);
  const proxy = proxyUrl ? new URL(proxyUrl) : undefined;
  const attempt = async (name: string, check: () => Promise<string>) => {
    try {
      return record(ok(name, await check()));
    } catch (error) {
      return record(fail(name, error));
    }
  };
  if (proxy) {
    // Through a proxy, DNS and the connection to the host are the proxy's business.
    return attempt('proxy', () =>
      checkConnects(proxy.hostname, portOf(proxy), options.timeoutMs).then((detail) => `${detail} (${displayUrl(proxy)})`),
    );
  }
  if (!(await attempt(`${host} host resolves`, () => checkResolves(url)))) return false;
  if (!(await attempt(`${host} host connects`, () => checkConnects(url.hostname, portOf(url), options.timeoutMs)))) return false;
  if (url.protocol !== 'https:') return record(skip('TLS certificate', 'plain http (loopback only)'));
  return attempt('TLS certificate', () => checkTlsTrusted(url, options.timeoutMs, options.extraCaFile));
}

/** The first GET request of the config, or the base URL itself: what the collection would call. */
async function apiCheck(
  resolved: OpenEnvironment,
  accessToken: string,
  http: HttpClient,
  options: DoctorOptions,
): Promise<CheckResult> {
  const name = 'API accepts the token';
  const { config } = await loadProjectConfig(options.projectDir);
  const probe = config.requests.find((request) => request.method === 'GET');
  const url = `${resolved.get('baseUrl')}${probe?.path ?? ''}`;
  try {
    const response = await http.send(url, {
      headers: [
        ['Authorization', `Bearer ${accessToken}`],
        ['Accept', 'application/json'],
      ],
      readBody: false,
    });
    if (response.status < 400) return ok(name, `GET ${displayUrl(url)} → ${response.status}`);
    const challenge = parseBearerChallenge(response.headers.get('www-authenticate'));
    const said = challenge.error
      ? ` ${challenge.error}${challenge.error_description ? ` (${challenge.error_description})` : ''}`
      : '';
    const hints: Record<string, string> = {
      invalid_token:
        'The API does not accept tokens from this token endpoint: check that tokenUrl and baseUrl belong to the same environment, and the scope or audience the API expects.',
      insufficient_scope: `The token lacks a scope the API needs${challenge.scope ? ` (${challenge.scope})` : ''}: set OAUTH_SCOPE.`,
    };
    const hint =
      hints[challenge.error ?? ''] ??
      (response.status === 401
        ? 'The API saw no usable token: check that no proxy strips the Authorization header.'
        : response.status === 404
          ? 'The path does not exist under baseUrl: check API_BASE_URL and the request paths in oauth-postman.config.json.'
          : 'The token was accepted but the request failed: check the request itself.');
    return fail(
      name,
      new CliError(`GET ${displayUrl(url)} answered ${response.status}${said}.`, { hint, exitCode: ExitCode.testsFailed }),
    );
  } catch (error) {
    return fail(name, error);
  }
}

/**
 * Asks the authorization endpoint for the sign-in page the way `login` would (RFC 6749 §4.2.1).
 * A server that dislikes the client id or the redirect URI must not redirect (§4.2.2.1): it
 * answers with an error page instead, which is the seed's most common failure.
 */
async function browserSignInCheck(resolved: OpenEnvironment, http: HttpClient): Promise<CheckResult> {
  const name = 'browser sign-in';
  const authorizeUrl = resolved.get('authorizeUrl');
  const redirectUri = resolved.get('redirectUri');
  if (!authorizeUrl || !redirectUri) return skip(name, 'no authorizeUrl or redirectUri configured');
  const url = new URL(
    buildAuthorizationUrl({
      authorizeUrl,
      clientId: resolved.get('browserClientId'),
      redirectUri,
      scope: resolved.get('scope') || undefined,
      state: 'oauth-postman-doctor',
      grant: 'implicit',
    }),
  );
  const mismatchHint = `Register ${redirectUri} exactly (scheme, host, port and path) as a redirect URI of your application, or set OAUTH_REDIRECT_URI to the one registered.`;
  try {
    const response = await http.send(url);
    const body = response.text;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, url);
      if (location.startsWith(redirectUri)) {
        const params = new URLSearchParams(target.hash.slice(1) || target.search.slice(1));
        const error = params.get('error');
        if (error) {
          return fail(
            name,
            new CliError(
              `The authorization endpoint answered ${error}${params.get('error_description') ? ` (${params.get('error_description')})` : ''}.`,
              {
                hint:
                  error === 'unsupported_response_type' || error === 'unauthorized_client'
                    ? 'The implicit grant is not enabled for this client: enable it on the application, or use `login --grant code`.'
                    : 'Check the client id and scope.',
                exitCode: ExitCode.oauth,
              },
            ),
          );
        }
      }
      return ok(name, `client id and redirect URI accepted (redirects to ${displayUrl(target.origin + target.pathname)})`);
    }
    if (response.status === 200) return ok(name, 'client id and redirect URI accepted (sign-in page shown)');
    let detail = '';
    try {
      const parsed = JSON.parse(body) as { error?: string; error_description?: string };
      detail = parsed.error ? `: ${parsed.error}${parsed.error_description ? ` (${parsed.error_description})` : ''}` : '';
    } catch {
      // An HTML error page: its title usually names the problem.
      const title = /<title>([^<]{1,120})<\/title>/i.exec(body)?.[1]?.trim();
      detail = title ? `: "${title}"` : '';
    }
    const redirectProblem = /redirect/i.test(detail || body);
    const clientProblem = /client/i.test(detail) && !redirectProblem;
    return fail(
      name,
      new CliError(`The authorization endpoint refused the request with ${response.status}${detail}.`, {
        hint: redirectProblem
          ? mismatchHint
          : clientProblem
            ? 'The client id is unknown to the authorization server: check OAUTH_CLIENT_ID.'
            : mismatchHint,
        exitCode: ExitCode.oauth,
      }),
    );
  } catch (error) {
    return fail(name, error);
  }
}

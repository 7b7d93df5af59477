import { loadProjectConfig } from '../config/project-config.js';
import type { BrowserTokenInUse } from '../config/resolve-environment.js';
import { signInAdvice } from '../config/sign-in-advice.js';
import { CliError, ExitCode } from '../errors.js';
import { openEnvironment, type OpenEnvironment } from '../commands/open-environment.js';
import { PUBLIC_DEMO_CLIENT } from '../server/demo-clients.js';
import { fetchClientCredentialsToken } from '../token/client-credentials.js';
import { createFetch, proxyFor } from '../token/http-client.js';
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

export interface DoctorOptions {
  projectDir: string;
  /** `--env` as given; undefined when left out (the embedded server's environment). */
  envName: string | undefined;
  timeoutMs: number;
  sslExtraCaCerts?: string;
  allowInsecureHttp?: boolean;
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
  try {
    const signedIn = resolved.browserToken;
    const client = `--env ${resolved.envName}: client ${resolved.get('clientId')}`;
    if (signedIn) {
      const apiUrl = new URL(resolved.get('baseUrl'));
      record(ok('configuration', `${client}, browser sign-in token in ${signedIn.file} (no client secret)`));
      if (!(await networkChecks(apiUrl, 'API', options, record))) return done;
      if (!record(storedTokenCheck(signedIn, resolved.envName))) return done;
      if (!record(await apiCheck(resolved, signedIn.accessToken, options))) return done;
      record(await browserSignInCheck(resolved, options));
      return done;
    }

    const tokenUrl = new URL(resolved.get('tokenUrl'));
    record(ok('configuration', `${client}, token URL ${tokenUrl.origin}${tokenUrl.pathname}`));
    if (!(await networkChecks(tokenUrl, 'token', options, record))) return done;

    let accessToken: string;
    try {
      const token = await fetchClientCredentialsToken(resolved.get, {
        timeoutMs: options.timeoutMs,
        extraCaFile: options.sslExtraCaCerts,
      });
      accessToken = token.accessToken;
      const notes = token.notes.length > 0 ? ` (${token.notes.join(' ')})` : '';
      record(ok('token request', `${token.tokenType} token, expires in ${token.expiresInSeconds} s${notes}`));
    } catch (error) {
      record(fail('token request', error));
      return done;
    }

    if (!record(await apiCheck(resolved, accessToken, options))) return done;
    // Client credentials work without browser sign-in: its problems are worth knowing, not failing over.
    const signIn = await browserSignInCheck(resolved, options);
    record(signIn.status === 'fail' ? asWarning(signIn, BROWSER_SIGN_IN_OPTIONAL) : signIn);
    return done;
  } finally {
    await resolved.close();
  }
}

const BROWSER_SIGN_IN_OPTIONAL =
  'Only browser sign-in (`npm run login`, Get New Access Token in Postman) needs this; your client credentials work without it.';

/** A browser sign-in token cannot be renewed without a secret: once expired, only a new sign-in helps. */
function storedTokenCheck(token: BrowserTokenInUse, envName: string): CheckResult {
  const name = 'stored token';
  const seconds = Math.floor((token.expiresAt - Date.now()) / 1000);
  if (seconds > 0) return ok(name, `${token.tokenType} token (${token.grant} grant), expires in ${seconds} s`);
  return fail(
    name,
    new CliError(`The browser sign-in token in ${token.file} expired at ${new Date(token.expiresAt).toISOString()}.`, {
      hint: `${signInAdvice(envName, 'again', 'sentence')}, or set OAUTH_CLIENT_SECRET to use client credentials.`,
      exitCode: ExitCode.oauth,
    }),
  );
}

async function networkChecks(
  url: URL,
  host: 'token' | 'API',
  options: DoctorOptions,
  record: (result: CheckResult) => boolean,
): Promise<boolean> {
  const proxy = proxyFor(url);
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
      checkConnects(proxy.hostname, portOf(proxy), options.timeoutMs).then((detail) => `${detail} (HTTPS_PROXY)`),
    );
  }
  if (!(await attempt(`${host} host resolves`, () => checkResolves(url)))) return false;
  if (!(await attempt(`${host} host connects`, () => checkConnects(url.hostname, portOf(url), options.timeoutMs)))) return false;
  if (url.protocol !== 'https:') return record(skip('TLS certificate', 'plain http (loopback only)'));
  return attempt('TLS certificate', () => checkTlsTrusted(url, options.timeoutMs, options.sslExtraCaCerts));
}

/** The first GET request of the config, or the base URL itself: what the collection would call. */
async function apiCheck(resolved: OpenEnvironment, accessToken: string, options: DoctorOptions): Promise<CheckResult> {
  const name = 'API accepts the token';
  const { config } = await loadProjectConfig(options.projectDir);
  const probe = config.requests.find((request) => request.method === 'GET');
  const url = `${resolved.get('baseUrl')}${probe?.path ?? ''}`;
  try {
    const fetchWithProxy = await createFetch({ extraCaFile: options.sslExtraCaCerts });
    const response = await fetchWithProxy(url, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.arrayBuffer();
    if (response.status < 400) return ok(name, `GET ${url} → ${response.status}`);
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
    return fail(name, new CliError(`GET ${url} answered ${response.status}${said}.`, { hint, exitCode: ExitCode.testsFailed }));
  } catch (error) {
    if (error instanceof CliError) return fail(name, error);
    return fail(
      name,
      new CliError(`GET ${url} failed: ${(error as Error).message}.`, {
        hint: 'Check API_BASE_URL and the network.',
        exitCode: ExitCode.network,
      }),
    );
  }
}

/**
 * Asks the authorization endpoint for the sign-in page the way `login` would (RFC 6749 §4.2.1).
 * A server that dislikes the client id or the redirect URI must not redirect (§4.2.2.1): it
 * answers with an error page instead, which is the seed's most common failure.
 */
async function browserSignInCheck(resolved: OpenEnvironment, options: DoctorOptions): Promise<CheckResult> {
  const name = 'browser sign-in';
  const authorizeUrl = resolved.get('authorizeUrl');
  const redirectUri = resolved.get('redirectUri');
  if (!authorizeUrl || !redirectUri) return skip(name, 'no authorizeUrl or redirectUri configured');
  const url = new URL(authorizeUrl);
  url.searchParams.set('response_type', 'token');
  // The embedded server keeps its browser flows on a public client of their own (src/server/demo-clients.ts).
  url.searchParams.set('client_id', resolved.server ? PUBLIC_DEMO_CLIENT.clientId : resolved.get('clientId'));
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', 'oauth-postman-doctor');
  const scope = resolved.get('scope');
  if (scope) url.searchParams.set('scope', scope);
  const mismatchHint = `Register ${redirectUri} exactly (scheme, host, port and path) as a redirect URI of your application, or set OAUTH_REDIRECT_URI to the one registered.`;
  try {
    const fetchWithProxy = await createFetch({ extraCaFile: options.sslExtraCaCerts });
    const response = await fetchWithProxy(url, { redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) });
    const body = await response.text();
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
      return ok(name, `client id and redirect URI accepted (redirects to ${target.origin}${target.pathname})`);
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
    if (error instanceof CliError) return fail(name, error);
    return fail(
      name,
      new CliError(`GET ${url.origin}${url.pathname} failed: ${(error as Error).message}.`, { exitCode: ExitCode.network }),
    );
  }
}

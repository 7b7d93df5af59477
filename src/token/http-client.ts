import type { Dispatcher, EnvHttpProxyAgent } from 'undici';
import { CliError, ExitCode } from '../errors.js';
import { BodyTooLargeError, readBoundedText } from '../util/bounded-body.js';
import { displayUrl } from '../util/display-url.js';
import { describeNetworkFailure } from './network-errors.js';
import { trustedCertificates } from './extra-ca.js';

/** How every HTTP request of the Node clients (token, doctor, login) is bounded. */
export interface NetworkSettings {
  /** The whole request: connecting, sending, the answer's headers and its whole body. */
  timeoutMs: number;
  /** PEM file with CA certificates to trust besides the system's (a TLS-inspecting proxy's CA). */
  extraCaFile?: string;
}

/** --timeout-request's default. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** A token response is a few hundred bytes; nothing the clients read is allowed more than this. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: [string, string][];
  body?: URLSearchParams;
  /** false: only the status and headers are wanted; the body is not read. */
  readBody?: boolean;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body, complete and at most MAX_ANSWER_BYTES long ('' when not read). */
  text: string;
}

export interface HttpClient {
  /** Never follows a redirect: a 3xx comes back as it is, for the caller to judge. */
  send(url: string | URL, request?: HttpRequest): Promise<HttpAnswer>;
  /** The proxy this client sends a request for url through, as HTTPS_PROXY / HTTP_PROXY name it; undefined when direct. */
  proxyFor(url: URL): string | undefined;
  close(): Promise<void>;
}

/**
 * The one HTTP client of the CLI's Node side: undici's fetch through its EnvHttpProxyAgent, which
 * reads HTTP(S)_PROXY and NO_PROXY (the variables Newman's postman-request reads too), trusting an
 * extra CA when asked, with a deadline for the whole exchange and a cap on what is read.
 */
export async function createHttpClient(settings: NetworkSettings): Promise<HttpClient> {
  const ca = settings.extraCaFile ? await trustedCertificates(settings.extraCaFile) : undefined;
  const undici = await import('undici');
  const tls = ca ? { ca } : {};
  let agent: EnvHttpProxyAgent;
  try {
    agent = new undici.EnvHttpProxyAgent({
      connect: tls,
      requestTls: tls,
      proxyTls: tls,
      // undici's own limits (300 s by default) give way to the one deadline below.
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
  } catch (error) {
    throw malformedProxy(error);
  }
  const proxyFor = (url: URL) => proxyRoute(agent, url, undici);

  return {
    proxyFor,
    async send(url, request = {}) {
      const target = new URL(url);
      if (target.username || target.password) {
        throw new CliError(`${displayUrl(target)} carries a user name and password; they are not sent.`, {
          hint: 'Remove "user:password@" from the URL: the client id and secret belong in OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET.',
        });
      }
      const signal = AbortSignal.timeout(settings.timeoutMs);
      const failure = (error: unknown, phase: 'connect' | 'body') =>
        describeNetworkFailure(error, { url: target, phase, timeoutMs: settings.timeoutMs, proxy: proxyFor(target) });
      let response: Awaited<ReturnType<typeof undici.fetch>>;
      try {
        response = await undici.fetch(target, {
          method: request.method ?? 'GET',
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal,
          dispatcher: agent,
        });
      } catch (error) {
        throw failure(error, 'connect');
      }
      const headers = response.headers as unknown as Headers;
      if (request.readBody === false) {
        await response.body?.cancel().catch(() => undefined);
        return { status: response.status, headers, text: '' };
      }
      try {
        return { status: response.status, headers, text: await readCapped(response, target) };
      } catch (error) {
        throw error instanceof CliError ? error : failure(error, 'body');
      }
    },
    close: () => agent.destroy(),
  };
}

/** The body, refused with the CLI's own message once it passes MAX_ANSWER_BYTES. */
async function readCapped(
  response: { headers: { get(name: string): string | null }; body: ReadableStream<Uint8Array> | null },
  url: URL,
): Promise<string> {
  try {
    return await readBoundedText(response.body, MAX_ANSWER_BYTES, response.headers.get('content-length'));
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    throw new CliError(
      `${url.host} sent more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB in answer to ${displayUrl(url)}; the rest was not read.`,
      {
        hint: 'A token endpoint answers with a few hundred bytes: check that the URL is the endpoint itself, not a download or a stream.',
        exitCode: ExitCode.oauth,
      },
    );
  }
}

/**
 * Asks the agent itself which way it would send a request for url, so that NO_PROXY is matched
 * once, by undici. EnvHttpProxyAgent keeps a direct agent and a ProxyAgent per scheme and hands
 * each request to one of them; for the length of one synchronous call, each answers "taken"
 * without sending anything, and the one that was asked is the route.
 */
function proxyRoute(agent: EnvHttpProxyAgent, url: URL, undici: typeof import('undici')): string | undefined {
  const ownValues = (object: object) =>
    Object.getOwnPropertySymbols(object).map((key) => (object as Record<symbol, unknown>)[key]);
  const routes = [...new Set(ownValues(agent).filter((value): value is Dispatcher => value instanceof undici.Dispatcher))];
  let chosen: Dispatcher | undefined;
  for (const route of routes) {
    Object.defineProperty(route, 'dispatch', { configurable: true, value: () => ((chosen ??= route), true) });
  }
  try {
    agent.dispatch({ origin: url.origin, path: '/', method: 'GET' }, {} as Dispatcher.DispatchHandler);
  } catch {
    return undefined;
  } finally {
    for (const route of routes) delete (route as { dispatch?: unknown }).dispatch;
  }
  if (!(chosen instanceof undici.ProxyAgent)) return undefined;
  const options = ownValues(chosen).find((value) => typeof (value as { uri?: unknown } | null)?.uri === 'string');
  return (options as { uri: string } | undefined)?.uri;
}

/** The variables that name a proxy, which undici and Newman's postman-request both read. */
export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;

/** EnvHttpProxyAgent parses HTTPS_PROXY / HTTP_PROXY when it is created: a bad value fails there. */
function malformedProxy(error: unknown): CliError {
  const set = PROXY_VARIABLES.filter((name) => process.env[name]).map((name) => `${name}="${displayUrl(process.env[name]!)}"`);
  const reason = (error as Error).message.replace(/\.$/, '');
  return new CliError(`The proxy setting is not a usable proxy URL (${reason}): ${set.join(', ') || 'none set'}.`, {
    hint: 'Set it to http://host:port (the lower-case variable wins where both are set), or unset it.',
    cause: error,
  });
}

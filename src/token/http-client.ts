import type { Dispatcher } from 'undici';
import { CliError, ExitCode } from '../errors.js';
import { BodyTooLargeError, readBoundedText } from '../util/bounded-body.js';
import { displayUrl } from '../util/display-url.js';
import { describeNetworkFailure } from './network-errors.js';
import { PROXY_VARIABLES, configuredProxies, proxyFor, tunnelCheckingClient } from './proxy-route.js';
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
 * The one HTTP client of the CLI's Node side: undici's fetch, sent directly or through the
 * ProxyAgent for the proxy that proxy-route.ts names (HTTP(S)_PROXY and NO_PROXY, read as Newman
 * reads them), trusting an extra CA when asked, with a deadline for the whole exchange and a cap
 * on what is read.
 */
export async function createHttpClient(settings: NetworkSettings): Promise<HttpClient> {
  const ca = settings.extraCaFile ? await trustedCertificates(settings.extraCaFile) : undefined;
  const undici = await import('undici');
  const tls = ca ? { ca } : {};
  // undici's own limits (300 s by default) give way to the one deadline below.
  const limits = { headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs };
  const direct = new undici.Agent({ connect: tls, ...limits });
  const proxies = new Map<string, Dispatcher>();
  const closeAll = async () => {
    await Promise.all([direct, ...proxies.values()].map((agent) => agent.destroy()));
  };
  try {
    for (const uri of configuredProxies()) {
      proxies.set(
        uri,
        new undici.ProxyAgent({
          uri,
          requestTls: tls,
          proxyTls: tls,
          clientFactory: tunnelCheckingClient(undici.Pool),
          ...limits,
        }),
      );
    }
  } catch (error) {
    await closeAll();
    throw malformedProxy(error);
  }
  // proxyFor names one of the configured proxies, or none: the request goes direct.
  const dispatcherFor = (url: URL) => proxies.get(proxyFor(url) ?? '') ?? direct;
  // As the ProxyAgent parsed it (every configured value did parse, above).
  const proxyUrlFor = (url: URL) => {
    const uri = proxyFor(url);
    return uri === undefined ? undefined : new URL(uri).href;
  };

  return {
    proxyFor: proxyUrlFor,
    async send(url, request = {}) {
      const target = new URL(url);
      if (target.username || target.password) {
        throw new CliError(`${displayUrl(target)} carries a user name and password; they are not sent.`, {
          hint: 'Remove "user:password@" from the URL: the client id and secret belong in OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET.',
        });
      }
      const signal = AbortSignal.timeout(settings.timeoutMs);
      const failure = (error: unknown, phase: 'connect' | 'body') =>
        describeNetworkFailure(error, { url: target, phase, timeoutMs: settings.timeoutMs, proxy: proxyUrlFor(target) });
      let response: Awaited<ReturnType<typeof undici.fetch>>;
      try {
        response = await undici.fetch(target, {
          method: request.method ?? 'GET',
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal,
          dispatcher: dispatcherFor(target),
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
    close: closeAll,
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

/** A ProxyAgent parses its URL when it is created: a bad HTTPS_PROXY / HTTP_PROXY fails there. */
function malformedProxy(error: unknown): CliError {
  const set = PROXY_VARIABLES.filter((name) => process.env[name]).map((name) => `${name}="${displayUrl(process.env[name]!)}"`);
  const reason = (error as Error).message.replace(/\.$/, '');
  return new CliError(`The proxy setting is not a usable proxy URL (${reason}): ${set.join(', ') || 'none set'}.`, {
    hint: 'Set it to http://host:port (the upper-case variable wins where both are set, as in Newman), or unset it.',
    cause: error,
  });
}

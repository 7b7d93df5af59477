import { CliError, ExitCode } from '../errors.js';
import { displayUrl, displayUrlsIn } from '../util/display-url.js';
import { ProxyTunnelRefused } from './proxy-route.js';

export interface FailedRequest {
  url: URL;
  /** connect: no answer yet; body: the status and headers had arrived. */
  phase: 'connect' | 'body';
  timeoutMs: number;
  /** The proxy the request went through, if any (HttpClient.proxyFor). */
  proxy?: string;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUT_CODES = new Set(['TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Errors of the connection itself, which through a proxy is the connection to the proxy. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * fetch hides the socket error two or three causes deep (TypeError "fetch failed" → DOMException →
 * the undici or system error); this turns it into what the user can do about it, naming the proxy
 * when the trouble is the proxy. Nothing here prints a URL except through displayUrl.
 */
export function describeNetworkFailure(error: unknown, request: FailedRequest): CliError {
  const chain = causes(error);
  const code = chain
    .map((cause) => cause.code)
    .find((value): value is string => typeof value === 'string' && value !== 'UND_ERR_ABORTED');
  const timedOut = chain.some((cause) => cause.name === 'TimeoutError') || TIMEOUT_CODES.has(code ?? '');
  const host = request.url.host;
  const fail = (message: string, hint: string) => new CliError(message, { hint, exitCode: ExitCode.network, cause: error });

  if (timedOut) {
    return fail(
      request.phase === 'body'
        ? `${host} had not finished its answer within ${request.timeoutMs} ms (it was still sending).`
        : `No answer from ${host} within ${request.timeoutMs} ms.`,
      'Raise --timeout-request (it bounds the whole request), or check the network and proxy (HTTPS_PROXY).',
    );
  }
  if (code && TLS_CODES.has(code)) {
    return fail(
      `The TLS certificate of ${host} is not trusted (${code}).`,
      'If your company inspects TLS, pass its CA with --ssl-extra-ca-certs FILE.pem (Node: NODE_EXTRA_CA_CERTS). Do not turn verification off.',
    );
  }
  if (request.proxy) {
    const proxy = displayUrl(request.proxy);
    const tunnel = chain.find((cause) => cause instanceof ProxyTunnelRefused)?.status;
    if (tunnel) {
      return fail(
        `The proxy ${proxy} refused to connect us to ${host} (it answered ${tunnel}${tunnel === 407 ? ' Proxy Authentication Required' : ''}).`,
        tunnel === 407
          ? 'Put the proxy credentials in HTTPS_PROXY (http://user:password@proxy:port), or ask for the host to be allowed.'
          : 'The proxy cannot or may not reach that host: check the URL, or add the host to NO_PROXY if it is reachable directly.',
      );
    }
    if (code && CONNECT_CODES.has(code)) {
      return fail(
        `Cannot reach the proxy ${proxy} (${code}).`,
        'Check HTTPS_PROXY / HTTP_PROXY (is the proxy up, is the port right?), or add the host to NO_PROXY if it is reachable directly.',
      );
    }
  }
  if (request.phase === 'body' || code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
    return fail(
      request.phase === 'body'
        ? `${host} closed the connection in the middle of its answer.`
        : `${host} closed the connection before answering.`,
      'Retry; if it persists, check proxies and TLS interception between you and the server.',
    );
  }
  const known: Record<string, [string, string]> = {
    ECONNREFUSED: [`Connection refused by ${host}.`, 'Is the server running, and is the port in the URL right?'],
    ENOTFOUND: [`Unknown host ${request.url.hostname}.`, 'Check the URL for typos; on a corporate network, check VPN and DNS.'],
    EAI_AGAIN: [`Could not resolve ${request.url.hostname} (DNS did not answer).`, 'Check your network, VPN and DNS.'],
    UND_ERR_CONNECT_TIMEOUT: [`Connecting to ${host} timed out.`, 'Check the network, VPN and proxy (HTTPS_PROXY).'],
  };
  const [message, hint] = (code ? known[code] : undefined) ?? [
    `Could not reach ${host}: ${maskUrlsIn(chain.at(-1)?.message ?? String(error))}.`,
    'Check the URL and the network.',
  ];
  return fail(message, hint);
}

interface Cause {
  name?: string;
  code?: unknown;
  message?: string;
}

function causes(error: unknown): Cause[] {
  const chain: Cause[] = [];
  for (let cause = error as (Cause & { cause?: unknown }) | undefined; cause && chain.length < 8; ) {
    chain.push(cause);
    cause = cause.cause as typeof cause;
  }
  return chain;
}

/** Library messages sometimes quote the URL they failed on, credentials included. */
function maskUrlsIn(text: string): string {
  return displayUrlsIn(text).replace(/\.$/, '');
}

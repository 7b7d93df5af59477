import { SANDBOX_CONSTANTS } from '../sandbox/defaults.js';
import { MAX_ANSWER_BYTES } from '../token/http-client.js';
import { proxyFor } from '../token/proxy-route.js';
import { displayUrl } from '../util/display-url.js';
import { requireFromNewman } from '../util/package-paths.js';

/**
 * Bounds on every request of a Newman run that Newman cannot set:
 *
 * - Time. Newman's timeoutRequest becomes postman-request's `timeout`, which bounds the connection
 *   and then only the silence *between* bytes (request.js, setReqTimeout): a server that sends a
 *   byte every half second holds a request, and the run, for ever. Here the same number of
 *   milliseconds bounds each request from its start to its last byte.
 * - Size, of token responses. postman-runtime has a maxResponseSize, but Newman passes none, so
 *   an endless token response grows until memory runs out or a reporter dies with "RangeError:
 *   Invalid string length". A token response is a few kilobytes; one that passes
 *   MAX_ANSWER_BYTES, the cap of the CLI's own clients, fails.
 *
 * - The proxy's part in a failure. postman-request sends through HTTPS_PROXY / HTTP_PROXY unless
 *   NO_PROXY lists the host; when the proxy itself cannot be reached, its error (connect
 *   ECONNREFUSED 10.0.0.1:3128) reads as if the token endpoint were down. Such an error becomes
 *   EPROXY, naming the proxy (without its password), as the CLI's own clients do.
 *
 * All act where postman-runtime hands each request, pm.sendRequest's included, to postman-request
 * (Requester#request): the wrapper is installed once per process and applies the bounds of the run
 * going on. Failures reach the collection as the request's error, with a code the token reader
 * knows (ETIMEDOUT, EMSGSIZE, EPROXY), so the run reports them like any network error; a cut-off
 * token answer is named a refusal, not network trouble: the endpoint did answer.
 */
export interface RequestBounds {
  /** --timeout-request: the whole request, from start to last byte. */
  timeoutMs: number;
  /** Requests to this endpoint (any query) are token requests. */
  tokenUrl: string;
}

type RequestCallback = (error: Error | null, ...rest: unknown[]) => void;
interface RuntimeRequester {
  options: Record<string, unknown>;
  request(id: string, request: { url: { toString(): string } }, behaviour: unknown, callback: RequestCallback): unknown;
}

let active: RequestBounds | undefined;
let installed = false;

/** Applies `bounds` to the requests of the run about to start; returns the function that lifts them. */
export function boundRequests(bounds: RequestBounds): () => void {
  install();
  active = bounds;
  return () => {
    if (active === bounds) active = undefined;
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  // The copy of postman-runtime that Newman itself loads.
  const { Requester } = requireFromNewman()('postman-runtime/lib/requester/requester.js') as {
    Requester: { prototype: RuntimeRequester };
  };
  const original = Requester.prototype.request;
  Requester.prototype.request = function (this: RuntimeRequester, id, request, behaviour, callback) {
    const bounds = active;
    if (!bounds) return original.call(this, id, request, behaviour, callback);
    const url = request.url.toString();
    const isTokenRequest = sameEndpoint(url, bounds.tokenUrl);
    if (isTokenRequest) this.options = { ...this.options, maxResponseSize: MAX_ANSWER_BYTES };
    let settled = false;
    const inFlight: { handle?: { abort?: () => void } } = {};
    const settle: RequestCallback = (error, ...rest) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      callback(error, ...rest);
    };
    const timer = setTimeout(() => {
      inFlight.handle?.abort?.();
      settle(
        failure(
          'ETIMEDOUT',
          `no complete answer from ${displayUrl(url)} within ${bounds.timeoutMs} ms (--timeout-request bounds the whole request)`,
        ),
        undefined,
        request,
        [],
      );
    }, bounds.timeoutMs);
    inFlight.handle = original.call(this, id, request, behaviour, (error, ...rest) => {
      if (isTokenRequest && error && /maximum response size/i.test(error.message)) {
        // An answer came, just not a token: named as the collection names a refusal, so that the
        // failure table and the exit code (3, src/run/exit-code.ts) say so, as the CLI's own clients do.
        error = Object.assign(
          failure(
            'EMSGSIZE',
            `the answer from ${displayUrl(url)} passed ${MAX_ANSWER_BYTES} bytes, and a token response is a few kilobytes`,
          ),
          { name: SANDBOX_CONSTANTS.TOKEN_ERROR_NAMES.refused },
        );
      }
      if (error) error = proxyFailure(error, url) ?? error;
      settle(error, ...rest);
    }) as typeof inFlight.handle;
    return inFlight.handle;
  };
}

/** A failure to reach the proxy the request went through, as EPROXY naming it; undefined for any other error. */
function proxyFailure(error: Error & { code?: unknown }, url: string): Error | undefined {
  let proxy: URL;
  try {
    proxy = new URL(proxyFor(new URL(url)) ?? '');
  } catch {
    return undefined;
  }
  // Node's connect and DNS errors name the address they failed on: the proxy's, when it is the proxy that is down.
  // Only in the message: postman-request's tunnel-agent rewraps them as "tunneling socket could not be
  // established, cause=connect ECONNREFUSED host:port" with code ECONNRESET and no address fields.
  const failedOnProxy = error.message.includes(proxy.host) || error.message.includes(proxy.hostname);
  if (!failedOnProxy || !/^E[A-Z_]+$/.test(String(error.code ?? ''))) return undefined;
  return failure(
    'EPROXY',
    `cannot reach the proxy ${displayUrl(proxy)} (${String(error.code)}), set in HTTPS_PROXY / HTTP_PROXY`,
  );
}

function failure(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

function sameEndpoint(url: string, tokenUrl: string): boolean {
  if (!tokenUrl) return false;
  try {
    const [a, b] = [new URL(url), new URL(tokenUrl)];
    return a.origin === b.origin && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

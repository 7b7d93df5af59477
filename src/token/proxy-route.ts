/**
 * Which proxy a request goes through, decided once for the whole CLI: by the rule Newman's
 * postman-request applies (HTTPS_PROXY, HTTP_PROXY, NO_PROXY; the upper-case name wins), so the
 * Node clients, their messages and the Newman runs agree. The Node clients send through the
 * ProxyAgent this module names, never through a routing of undici's own.
 */
import { createRequire } from 'node:module';
import type { Dispatcher, Pool } from 'undici';
import { requireFromNewman } from '../util/package-paths.js';

/** The variables that name a proxy, in the order postman-request reads them. */
export const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

type ProxyRule = (uri: URL) => string | null;
let rule: ProxyRule | undefined;

/** The proxy a request for url goes through, as the environment names it; undefined when it goes direct. */
export function proxyFor(url: URL): string | undefined {
  // The copy of postman-request that Newman itself loads, so both sides read NO_PROXY alike.
  rule ??= createRequire(requireFromNewman().resolve('postman-runtime/package.json'))(
    'postman-request/lib/getProxyFromURI.js',
  ) as ProxyRule;
  return rule(url) || undefined;
}

/** Every proxy URL the environment sets (a request is sent through one of these or directly). */
export function configuredProxies(): string[] {
  return [...new Set(PROXY_VARIABLES.map((name) => process.env[name]).filter((value): value is string => Boolean(value)))];
}

/** The proxy answered our CONNECT (RFC 9110 §9.3.6) with another status than 200: it will not open the tunnel. */
export class ProxyTunnelRefused extends Error {
  readonly code = 'EPROXYTUNNEL';
  constructor(readonly status: number) {
    super(`the proxy answered CONNECT with ${status}`);
    this.name = 'ProxyTunnelRefused';
  }
}

/**
 * ProxyAgent's clientFactory: the connection to the proxy, whose CONNECT answer is checked here so
 * that a refusal reaches the caller as ProxyTunnelRefused with its status (undici's own error only
 * says it in its message text).
 */
export function tunnelCheckingClient(PoolClass: typeof Pool) {
  return (origin: URL, options: object): Dispatcher => {
    const pool = new PoolClass(origin, options);
    const connect = pool.connect.bind(pool) as (options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
    return Object.assign(pool, {
      async connect(connectOptions: Dispatcher.ConnectOptions) {
        const answer = await connect(connectOptions);
        if (answer.statusCode !== 200) {
          answer.socket.destroy();
          throw new ProxyTunnelRefused(answer.statusCode);
        }
        return answer;
      },
    });
  };
}

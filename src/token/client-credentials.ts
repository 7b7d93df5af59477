import type { VariableLookup } from '../config/variables.js';
import { CliError, ExitCode } from '../errors.js';
import { createFetch, proxyFor } from './http-client.js';
import { loadSandboxTokenFunctions, tokenFailureError } from './sandbox-functions.js';

export interface FetchedToken {
  accessToken: string;
  tokenType: string;
  expiresInSeconds: number;
  /** Epoch ms: counted from when the request was sent. */
  expiresAt: number;
  notes: string[];
  /** The response body as received, for `token --json`. */
  raw: unknown;
}

/**
 * client_credentials grant (RFC 6749 §4.4) from Node, with the request built and the response
 * read by the collection's own sandbox code.
 */
export async function fetchClientCredentialsToken(
  variables: VariableLookup,
  options: { timeoutMs?: number; extraCaFile?: string } = {},
): Promise<FetchedToken> {
  const sandbox = await loadSandboxTokenFunctions(variables);
  const settings = sandbox.readTokenSettings();
  if (settings.problems.length > 0) throw new CliError(settings.problems.join(' '));
  const request = sandbox.buildTokenRequest(settings);
  const fetchThroughProxy = await createFetch({ extraCaFile: options.extraCaFile });
  const requestedAt = Date.now();
  let response: Response;
  try {
    response = await fetchThroughProxy(request.url, {
      method: 'POST',
      headers: [
        ...request.headers.map(({ key, value }) => [key, value] as [string, string]),
        ['Content-Type', 'application/x-www-form-urlencoded'],
      ],
      body: new URLSearchParams(request.form.map(({ key, value }): [string, string] => [key, value])),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw networkError(error, settings.tokenUrl, options.timeoutMs ?? 30_000);
  }
  const text = await response.text();
  const reading = sandbox.readTokenResponse({
    tokenUrl: settings.tokenUrl,
    status: response.status,
    header: (name) => response.headers.get(name),
    text,
  });
  if (!reading.token) throw tokenFailureError(reading.failure!, response.status);
  return {
    ...reading.token,
    expiresAt: requestedAt + reading.token.expiresInSeconds * 1000,
    notes: reading.notes,
    raw: JSON.parse(text),
  };
}

/** Node's fetch hides the socket error in `cause`; turn it into what the user can do about it. */
export function networkError(error: unknown, url: string, timeoutMs: number): CliError {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? (err.name === 'TimeoutError' ? 'TIMEOUT' : undefined);
  const host = safeHost(url);
  const known: Record<string, [string, string]> = {
    ECONNREFUSED: [`Connection refused by ${host}.`, 'Is the server running, and is the port in tokenUrl right?'],
    ENOTFOUND: [`Unknown host ${host}.`, 'Check tokenUrl for typos; on a corporate network, check VPN and DNS.'],
    EAI_AGAIN: [`Could not resolve ${host} (DNS did not answer).`, 'Check your network, VPN and DNS.'],
    TIMEOUT: [
      `No answer from ${host} within ${timeoutMs} ms.`,
      'Raise --timeout-request, or check the network and proxy (HTTPS_PROXY).',
    ],
    UND_ERR_CONNECT_TIMEOUT: [`Connecting to ${host} timed out.`, 'Check the network, VPN and proxy (HTTPS_PROXY).'],
    ECONNRESET: [`${host} closed the connection.`, 'Retry; if it persists, check proxies and TLS interception.'],
  };
  const tls = [
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_HAS_EXPIRED',
  ];
  if (code && (tls as readonly string[]).includes(code)) {
    return new CliError(`The TLS certificate of ${host} is not trusted (${code}).`, {
      hint: 'If your company inspects TLS, pass its CA with --ssl-extra-ca-certs FILE.pem (Node: NODE_EXTRA_CA_CERTS). Do not turn verification off.',
      exitCode: ExitCode.network,
      cause: error,
    });
  }
  const proxy = safeUrl(url) && proxyFor(safeUrl(url)!)?.host;
  if (proxy && /proxy/i.test(`${err.message} ${err.cause?.message ?? ''}`)) {
    return new CliError(`The proxy ${proxy} did not connect us to ${host}: ${err.cause?.message ?? err.message}.`, {
      hint: 'Check HTTPS_PROXY / HTTP_PROXY, or add the host to NO_PROXY.',
      exitCode: ExitCode.network,
      cause: error,
    });
  }
  const [message, hint] = (code ? known[code] : undefined) ?? [
    `Could not reach ${host}: ${err.cause?.message ?? err.message}.`,
    'Check tokenUrl and the network.',
  ];
  return new CliError(message, { hint, exitCode: ExitCode.network, cause: error });
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

const safeHost = (url: string) => safeUrl(url)?.host ?? url;

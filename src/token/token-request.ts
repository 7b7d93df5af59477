import { CliError } from '../errors.js';
import { isLoopback } from '../util/loopback.js';
import { createHttpClient, type NetworkSettings } from './http-client.js';

export interface TokenRequestSettings extends NetworkSettings {
  allowInsecureHttp?: boolean;
}

/** What the token-response reader (src/sandbox/lib/readTokenResponse.js) takes from any HTTP client. */
export interface TokenEndpointAnswer {
  status: number;
  header(name: string): string | null;
  text: string;
}

/**
 * Credentials go to the token endpoint over TLS only (RFC 6749 §2.3.1, §3.2, §10.3), except to a
 * loopback address, which never leaves the machine, or when the user says so for a test server.
 */
export function requireSecureTokenUrl(tokenUrl: URL, allowInsecureHttp: boolean, carrying: string): void {
  if (tokenUrl.protocol === 'http:' && !isLoopback(tokenUrl.hostname) && !allowInsecureHttp) {
    throw new CliError(`Refusing to send ${carrying} in clear text to ${tokenUrl.origin}.`, {
      hint: 'Use the https:// token URL, or pass --allow-insecure-http if this really is a test server on a trusted network.',
    });
  }
}

/**
 * The one way the CLI's Node clients (token, doctor, login --grant code) POST to a token endpoint:
 * over https (see above), bounded in time and size, and never redirected: a redirect would re-send
 * the form, secret included, to an address nobody configured. A 3xx comes back as it is, and the
 * token-response reader refuses it, naming both addresses.
 */
export async function postTokenRequest(
  request: { url: string; headers: [string, string][]; form: [string, string][] },
  /** carrying: what the request holds, for messages ("the client secret"). */
  settings: TokenRequestSettings & { carrying: string },
): Promise<TokenEndpointAnswer> {
  const url = new URL(request.url);
  requireSecureTokenUrl(url, settings.allowInsecureHttp ?? false, settings.carrying);
  const client = await createHttpClient(settings);
  try {
    const answer = await client.send(url, {
      method: 'POST',
      headers: [...request.headers, ['Content-Type', 'application/x-www-form-urlencoded']],
      body: new URLSearchParams(request.form),
    });
    return { status: answer.status, header: (name) => answer.headers.get(name), text: answer.text };
  } finally {
    await client.close();
  }
}

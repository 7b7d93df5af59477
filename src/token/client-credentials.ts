import type { VariableLookup } from '../config/variables.js';
import { CliError } from '../errors.js';
import { DEFAULT_TIMEOUT_MS } from './http-client.js';
import { loadSandboxTokenFunctions, tokenFailureError } from './sandbox-functions.js';
import { postTokenRequest, type TokenRequestSettings } from './token-request.js';

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
  network: TokenRequestSettings = { timeoutMs: DEFAULT_TIMEOUT_MS },
): Promise<FetchedToken> {
  const sandbox = loadSandboxTokenFunctions(variables);
  const settings = sandbox.readTokenSettings();
  if (settings.problems.length > 0) throw new CliError(settings.problems.join(' '));
  const request = sandbox.buildTokenRequest(settings);
  const pairs = (list: { key: string; value: string }[]) => list.map(({ key, value }): [string, string] => [key, value]);
  const requestedAt = Date.now();
  const answer = await postTokenRequest(
    { url: request.url, headers: pairs(request.headers), form: pairs(request.form) },
    { ...network, carrying: 'the client secret' },
  );
  const reading = sandbox.readTokenResponse({ tokenUrl: settings.tokenUrl, ...answer });
  if (!reading.token) throw tokenFailureError(reading.failure, answer.status);
  return {
    ...reading.token,
    expiresAt: requestedAt + reading.token.expiresInSeconds * 1000,
    notes: reading.notes,
    raw: JSON.parse(answer.text),
  };
}

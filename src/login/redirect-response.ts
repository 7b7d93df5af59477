/**
 * What comes back on the redirect URI, as pure functions: the parameters of the fragment (implicit
 * grant, RFC 6749 §4.2.2 and §4.2.2.1) or of the query (code grant, §4.1.2 and §4.1.2.1), and the
 * checks a client must make before it keeps anything.
 */
import { CliError, ExitCode } from '../errors.js';
import type { AcceptedToken as TokenRead } from '../sandbox/library.js';
import { sharedSandboxTokenFunctions, tokenFailureError } from '../token/sandbox-functions.js';
import type { BrowserGrant } from './authorization-url.js';

export interface RedirectParams {
  accessToken?: string;
  tokenType?: string;
  expiresIn?: string;
  scope?: string;
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
}

/** The parameters of a form-encoded fragment or query string (without its leading `#` or `?`). */
export function parseRedirectParams(encoded: string): RedirectParams {
  const params = new URLSearchParams(encoded);
  const get = (name: string) => params.get(name) ?? undefined;
  return {
    accessToken: get('access_token'),
    tokenType: get('token_type'),
    expiresIn: get('expires_in'),
    scope: get('scope'),
    code: get('code'),
    state: get('state'),
    error: get('error'),
    errorDescription: get('error_description'),
  };
}

/** A pasted address-bar URL: its fragment when it has one (implicit grant), else its query (code grant). */
export function redirectParamsOfUrl(address: string): RedirectParams {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new CliError('That is not a URL.', {
      hint: "Paste the whole address from the browser's address bar, in quotes: import-redirect 'http://…#access_token=…'.",
    });
  }
  return parseRedirectParams(url.hash.length > 1 ? url.hash.slice(1) : url.search.slice(1));
}

/** A token as the collection's reader accepted it, with the deviations it tolerated. */
export interface AcceptedToken extends TokenRead {
  notes: string[];
}

/**
 * Refuses what a client must not keep: a response for another request (state, RFC 6749 §10.12),
 * an error response, or something that is not what this grant returns. Messages never hold the token.
 * `expectedState` undefined: nothing to compare with (a pasted URL).
 */
export function checkRedirect(
  params: RedirectParams,
  expected: { grant: BrowserGrant; state?: string },
): { kind: 'token'; token: AcceptedToken } | { kind: 'code'; code: string } {
  if (expected.state !== undefined && params.state !== expected.state) {
    throw new CliError(
      params.state === undefined
        ? 'The redirect has no state, so it cannot be matched to this sign-in (RFC 6749 §10.12). Nothing was stored.'
        : 'The state in the redirect is not the one this sign-in sent (RFC 6749 §10.12): the response belongs to another request. Nothing was stored.',
      {
        hint: 'Start the sign-in again and finish it in the browser tab it opens; if it happens again, something else is sending responses to your redirect URI.',
        exitCode: ExitCode.oauth,
      },
    );
  }
  if (params.error !== undefined) throw authorizationError(params.error, params.errorDescription);
  if (expected.grant === 'code') {
    if (!params.code) throw noResponse('an authorization code (?code=…)');
    return { kind: 'code', code: params.code };
  }
  if (!params.accessToken) {
    throw noResponse(
      params.code
        ? 'an access token, but holds an authorization code (use login --grant code)'
        : 'an access token (#access_token=…)',
    );
  }
  return { kind: 'token', token: acceptToken(params) };
}

/**
 * RFC 6749 §4.2.2 fields, read by the collection's own reader (Bearer only, §7.1; expires_in by
 * the one lifetime rule). A fragment's values are all strings, so a string expires_in is the norm here.
 */
export function acceptToken(params: Pick<RedirectParams, 'accessToken' | 'tokenType' | 'expiresIn' | 'scope'>): AcceptedToken {
  const reading = sharedSandboxTokenFunctions().readTokenFields(
    { access_token: params.accessToken, token_type: params.tokenType, expires_in: params.expiresIn, scope: params.scope },
    'fragment',
  );
  if (!reading.token) throw tokenFailureError(reading.failure, undefined);
  return { ...reading.token, notes: reading.notes };
}

const ERROR_HINTS: Record<string, string> = {
  access_denied: 'The sign-in was cancelled or DENY was pressed on the consent page. Sign in again and press ALLOW.',
  unauthorized_client: 'This client id may not use this grant: ask for it to be enabled, or try the other --grant.',
  unsupported_response_type: 'The server does not offer this grant: try the other --grant (implicit or code).',
  invalid_scope: 'The scope is unknown or not allowed for this client: check OAUTH_SCOPE.',
  invalid_request: 'A parameter is missing or wrong: check clientId, redirectUri and scope.',
};

function authorizationError(error: string, description: string | undefined): CliError {
  return new CliError(
    `The authorization server answered ${error}${description ? ` (${description})` : ''}. Nothing was stored.`,
    {
      hint: ERROR_HINTS[error] ?? 'See the error description; sign in again once it is fixed.',
      exitCode: ExitCode.oauth,
    },
  );
}

function noResponse(what: string): CliError {
  return new CliError(`The redirect does not hold ${what}. Nothing was stored.`, {
    hint: 'Copy the whole address the browser landed on after ALLOW, including the part after #.',
    exitCode: ExitCode.oauth,
  });
}

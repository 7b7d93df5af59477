/**
 * The sandbox library: the functions in src/sandbox/lib (one file each, named after its function)
 * that the Postman scripts are composed from and that the CLI also runs in Node
 * (src/token/sandbox-functions.ts). Each file implements one member of SandboxLibrary, declared
 * with `@type {import('../library.js').SandboxLibrary['name']}`, so the type checker holds the
 * JavaScript to these signatures and Node-side code imports these types instead of copying them.
 */
import type { SANDBOX_CONSTANTS } from './defaults.js';
import type { EnvironmentScope, KeyValue, VariableScope } from './pm-api.js';

export interface TokenSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  clientAuth: string;
  skewSeconds: number;
  /** One sentence each: what is wrong and where to set it. Empty when the settings are usable. */
  problems: string[];
}

/** The client_credentials token request (RFC 6749 §4.4.2) for the chosen client authentication. */
export interface TokenRequestParts {
  url: string;
  headers: KeyValue[];
  /** grant_type, scope and (clientAuth body) the client credentials. */
  form: KeyValue[];
}

/**
 * What the token endpoint answered, in the form every HTTP client can give: the collection's
 * pm.sendRequest and pm.response, Node's fetch. Redirects are not followed by callers that can
 * help it, so a 3xx with its Location reaches the reader.
 */
export interface TokenHttpResponse {
  /** The configured token endpoint, for messages (credentials in it are not repeated). */
  tokenUrl: string;
  /** undefined (or null): there was no response at all. */
  status: number | null | undefined;
  /** A header by name, case-insensitively; undefined or null when absent. */
  header(name: string): string | null | undefined;
  /** The body as text ('' when there was none). */
  text: string;
  /** Why there was no response, when the client knows: an error, its code or its message. */
  error?: unknown;
}

/**
 * no-response  - connection refused, unknown host, timeout, TLS: nothing was answered
 * cut-off      - an answer that passed the size a token response can have (the CLI's runs stop
 *                reading it, src/run/request-bounds.ts): answered, but not with a token
 * redirect     - a 3xx with a Location: refused, the client secret goes to tokenUrl only
 * unauthorized - 401 without an OAuth error (a protected resource, or client authentication refused)
 * oauth-error  - an RFC 6749 §5.2 error response
 * http-status  - another non-200 status with a JSON body that is not an OAuth error
 * not-json     - a body that is not a JSON object (an HTML error page, a proxy's login page)
 * not-a-token  - 200 with JSON that is not a usable bearer token (§5.1, §7.1)
 */
export type TokenFailureKind =
  | 'no-response'
  | 'cut-off'
  | 'redirect'
  | 'unauthorized'
  | 'oauth-error'
  | 'http-status'
  | 'not-json'
  | 'not-a-token';

export interface TokenFailure {
  kind: TokenFailureKind;
  /** What happened. Never contains the token or the client secret. */
  message: string;
  /** What to do about it. */
  fix: string;
  /** message and fix on one line, as Newman prints and reports it. */
  text: string;
  oauthError?: { error: string; errorDescription?: string; hint?: string };
  /** redirect: the Location header, as received. */
  location?: string;
}

export interface AcceptedToken {
  accessToken: string;
  tokenType: string;
  /** A whole number of seconds, 0 to MAX_LIFETIME_SECONDS: the rule of readLifetime. */
  expiresInSeconds: number;
  scope?: string;
}

/** One assertion of the Token folder's test script. */
export interface TokenCheck {
  name: string;
  /** Set when the check failed. */
  failure?: string;
}

/** Either a token (the response is accepted, possibly with notes) or a failure: never both, never neither. */
export type TokenResponseReading = TokenReadingCommon &
  ({ token: AcceptedToken; failure?: undefined } | { token?: undefined; failure: TokenFailure });

interface TokenReadingCommon {
  /** Deviations from the RFC that were tolerated, one sentence each (warnings, never failures). */
  notes: string[];
  /** The same verdict as named assertions, in order; after a failed status or JSON check, the members are not checked. */
  checks: TokenCheck[];
}

/** The members of a token response: a JSON body (RFC 6749 §5.1) or a fragment (§4.2.2). */
export interface TokenFields {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

/** json: a token endpoint's body, where expires_in should be a number; fragment: every value is a string. */
export type FieldOrigin = 'json' | 'fragment';

export type LifetimeReading = { seconds: number; notes: string[]; failure?: undefined } | { failure: string };

/** The names a failed token step gives its error (TOKEN_ERROR_NAMES in src/sandbox/defaults.ts). */
export type TokenErrorName = (typeof SANDBOX_CONSTANTS.TOKEN_ERROR_NAMES)[keyof typeof SANDBOX_CONSTANTS.TOKEN_ERROR_NAMES];

export interface SandboxLibrary {
  /** Token request settings from the variables; problems name each missing or wrong one and its fix. */
  readTokenSettings(): TokenSettings;
  /** tokenRefreshSkewSeconds, DEFAULT_REFRESH_SKEW_SECONDS when empty. */
  readRefreshSkew(): { seconds: number; problem?: string };
  buildTokenRequest(settings: TokenSettings): TokenRequestParts;
  /** The one reader of a token endpoint's answer: status, headers and body to a token or a failure. */
  readTokenResponse(response: TokenHttpResponse): TokenResponseReading;
  /** The token members alone, wherever they came from (the implicit grant's fragment included). */
  readTokenFields(fields: TokenFields, origin: FieldOrigin): TokenResponseReading;
  /** expires_in to whole seconds, by the one rule documented in the README. */
  readLifetime(value: unknown, origin: FieldOrigin): LifetimeReading;
  /** A failure with its one-line text. */
  tokenFailure(kind: TokenFailureKind, message: string, fix: string): TokenFailure;
  /** An RFC 6749 §5.2 error response. */
  describeOAuthError(status: number, error: string, description: unknown): TokenFailure;
  /** Why a token request got no response (or only part of one: `cut-off`), and what to do. */
  describeNoResponse(error: unknown, tokenUrl: string): { kind: 'no-response' | 'cut-off'; message: string; fix: string };
  /** A URL fit for a message: without user:password@ and with credential parameters' values hidden. */
  describeUrl(url: string): string;
  /** A name that says its value is a credential (`inUrl`: also the URL-only ones, such as `code`). */
  isCredentialName(name: string, inUrl?: boolean): boolean;
  /** Where the token lives: the selected environment, else the collection's variables. */
  tokenStore(): EnvironmentScope | VariableScope;
  /** Epoch ms at which to fetch the next token. */
  refreshInstant(expiresAt: number, lifetimeMs: number, skewSeconds: number): number;
  /**
   * Whether a token that cannot be renewed (no client secret) is past use: refreshInstant without
   * skew. `refreshAt` is refreshInstant's answer for it with any skew (accessTokenRefreshAt).
   */
  signInTokenExpired(expiresAt: number, refreshAt: number, now: number): boolean;
  /** Keeps the token and when to refresh it; returns when it expires (epoch ms). */
  storeToken(token: AcceptedToken, requestedAt: number, skewSeconds: number): number;
  clearToken(): void;
  /** After a response: forgets the token on a 401 to a request that carried it; says whether it did. */
  forgetRejectedToken(): boolean;
  /**
   * A failed token step: one named failed assertion whose error is called `errorName` (one of
   * TOKEN_ERROR_NAMES), the token forgotten, the request not sent.
   */
  failTokenStep(message: string, errorName: TokenErrorName): void;
  /** An Error called `name`, which Newman keeps in its failures. */
  tokenError(name: TokenErrorName, message: string): Error;
  /** The TOKEN_ERROR_NAMES entry for a failure of the token endpoint. */
  tokenErrorName(kind: TokenFailureKind): TokenErrorName;
  /** What to do without a client secret and without a usable token, in the Postman app and on the command line. */
  signInAdvice(again: boolean): string;
  /** ' ' + signInAdvice(true) after a 401 to the collection's token without a client secret, else ''. */
  refusedSignInAdvice(carriedToken: boolean): string;
  /** The token the Postman app's OAuth 2.0 helper put on the current request, or ''. */
  signInHelperToken(): string;
  /** Stores the helper's token for every request, with an assumed lifetime; returns its expiry (epoch ms). */
  adoptSignInToken(token: string): number;
  /** Skips the current request where the runner can (Newman 6.2, Postman CLI, app), saying why. */
  skipRequest(reason: string): void;
}

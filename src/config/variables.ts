/**
 * The variable contract shared by the collection, the environment files, `.env` and the
 * process environment. Renaming anything here breaks users' `.env` files and CI secrets.
 */
/** The settings, in the order the environment files and the collection's variables list them. */
export const VARIABLE_NAMES = [
  'tokenUrl',
  'authorizeUrl',
  'redirectUri',
  'baseUrl',
  'clientId',
  'browserClientId',
  'clientSecret',
  'scope',
  'clientAuth',
  'tokenRefreshSkewSeconds',
] as const;
export type VariableName = (typeof VARIABLE_NAMES)[number];

/** Process-environment / `.env` name → Postman variable name. */
export const ENV_TO_VARIABLE = {
  OAUTH_TOKEN_URL: 'tokenUrl',
  OAUTH_AUTHORIZE_URL: 'authorizeUrl',
  OAUTH_CLIENT_ID: 'clientId',
  OAUTH_BROWSER_CLIENT_ID: 'browserClientId',
  OAUTH_CLIENT_SECRET: 'clientSecret',
  OAUTH_REDIRECT_URI: 'redirectUri',
  OAUTH_SCOPE: 'scope',
  OAUTH_CLIENT_AUTH: 'clientAuth',
  API_BASE_URL: 'baseUrl',
  TOKEN_REFRESH_SKEW_SECONDS: 'tokenRefreshSkewSeconds',
} as const satisfies Record<string, VariableName>;

export type EnvName = keyof typeof ENV_TO_VARIABLE;

export const VARIABLE_TO_ENV = Object.fromEntries(
  Object.entries(ENV_TO_VARIABLE).map(([envName, variable]) => [variable, envName]),
) as Record<VariableName, EnvName>;

/** Variables the scripts write at run time: the token and when it stops being usable. */
export const TOKEN_STATE_VARIABLES = ['accessToken', 'tokenType', 'accessTokenExpiresAt', 'accessTokenRefreshAt'] as const;
export type TokenStateVariable = (typeof TOKEN_STATE_VARIABLES)[number];

/** Every variable of an environment file and of the collection, settings first, in that order. */
export const ENVIRONMENT_VARIABLES = [...VARIABLE_NAMES, ...TOKEN_STATE_VARIABLES] as const;
export type EnvironmentVariableName = (typeof ENVIRONMENT_VARIABLES)[number];

/** Reads one variable, as `pm.variables.get` does in the collection's scripts. */
export type VariableLookup = (name: EnvironmentVariableName) => string | undefined;

/** Values that must never be written to a template, printed, or put in a report. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(['clientSecret', 'accessToken']);

export const CLIENT_AUTH_METHODS = ['body', 'basic', 'query'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];
export const DEFAULT_CLIENT_AUTH: ClientAuthMethod = 'body';

export const DEFAULT_TOKEN_REFRESH_SKEW_SECONDS = 60;

/** What an unset setting means, written into the templates and the collection's variables. */
export const VARIABLE_DEFAULTS: Partial<Record<VariableName, string>> = {
  clientAuth: DEFAULT_CLIENT_AUTH,
  tokenRefreshSkewSeconds: String(DEFAULT_TOKEN_REFRESH_SKEW_SECONDS),
};

export const VARIABLE_DESCRIPTIONS: Record<EnvironmentVariableName, string> = {
  tokenUrl: 'Token endpoint (RFC 6749 §3.2). From OAUTH_TOKEN_URL, else the committed config.',
  authorizeUrl:
    'Authorization endpoint for the browser sign-in (RFC 6749 §3.1). From OAUTH_AUTHORIZE_URL, else the committed config.',
  clientId:
    "Your own application's client id (each person registers their own). From OAUTH_CLIENT_ID in .env or the process environment.",
  browserClientId:
    'Client id of the browser sign-in (Get New Access Token on the Browser sign-in request, npm run login): usually your clientId again, which env export fills in. From OAUTH_BROWSER_CLIENT_ID or the committed config, else clientId.',
  clientSecret:
    "Your application's client secret. Never commit it: set OAUTH_CLIENT_SECRET in .env (git-ignored) or the process environment (CI secret), or type it into your personal Postman environment.",
  redirectUri:
    'Redirect URI registered with your application (browser sign-in). From OAUTH_REDIRECT_URI, else the committed config.',
  scope: 'Space-separated scopes to request; empty requests the default. From OAUTH_SCOPE, else the committed config.',
  clientAuth:
    'How the client authenticates at the token endpoint: body (form fields, default), basic (HTTP Basic header) or query (URL parameters; leaks the secret into logs). From OAUTH_CLIENT_AUTH.',
  baseUrl: 'Base URL of the protected API. From API_BASE_URL, else the committed config.',
  tokenRefreshSkewSeconds: `Fetch a new token when fewer than this many seconds of its lifetime remain (capped at half the lifetime; at least 1 s). From TOKEN_REFRESH_SKEW_SECONDS; default ${DEFAULT_TOKEN_REFRESH_SKEW_SECONDS}.`,
  accessToken: 'Written by the collection at run time. Leave empty.',
  tokenType: 'Written by the collection at run time (token_type of the last token).',
  accessTokenExpiresAt: 'Written by the collection at run time: when the token expires, epoch milliseconds.',
  accessTokenRefreshAt: 'Written by the collection at run time: when the collection fetches a new token, epoch milliseconds.',
};

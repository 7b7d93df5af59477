import dotenv from 'dotenv';
import { isHttpUrl, type EnvironmentConfig } from '../config/project-config.js';
import { DEFAULT_CLIENT_AUTH, DEFAULT_TOKEN_REFRESH_SKEW_SECONDS, type EnvName } from '../config/variables.js';
import { SERVER_SETTINGS } from './server-settings.js';
import { CliError } from '../errors.js';

/** What `init` writes: the values that differ from person to person, by `.env` name. */
export type DotenvValues = Partial<Record<EnvName, string>>;

/**
 * A value as dotenv reads it back unchanged. Unquoted values lose everything after `#` and
 * surrounding spaces, and double quotes expand `\n`, so the first quote character the value does
 * not contain is used: single quotes and backticks are taken literally by dotenv.
 */
export function quoteDotenvValue(name: string, value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new CliError(`${name} contains a line break.`, { hint: 'Enter the value on one line.' });
  }
  for (const quote of ["'", '`', '"']) {
    if (value.includes(quote)) continue;
    const line = `${name}=${quote}${value}${quote}`;
    if (dotenv.parse(`${line}\n`)[name] === value) return line;
  }
  throw new CliError(`${name} contains ', \` and " at once: .env cannot hold it unchanged.`, {
    hint: `Set ${name} in the process environment instead of .env.`,
  });
}

/**
 * The `.env` that `init` writes: the shape of .env.example, with the person's values filled in
 * and the environment's committed defaults shown as comments (the config wins until uncommented).
 * `kept`: lines of a previous .env whose names init does not know, carried over as they were.
 */
export function renderDotenv(envName: string, env: EnvironmentConfig, values: DotenvValues, kept: string[] = []): string {
  const line = (name: EnvName, fallback: string | undefined) => {
    const value = values[name];
    return value ? quoteDotenvValue(name, value) : `# ${name}=${fallback ?? ''}`;
  };
  return [
    `# Written by \`oauth-postman init --env ${envName}\`. Git-ignored and readable by you only (0600): never commit it.`,
    '# The process environment wins over this file (that is how CI passes its secrets).',
    '',
    "# Your application's client id and secret (each person registers their own application,",
    '# with its redirect URI, on cloudsso).',
    line('OAUTH_CLIENT_ID', ''),
    line('OAUTH_CLIENT_SECRET', ''),
    '# Only when your browser sign-in uses another client than OAUTH_CLIENT_ID.',
    line('OAUTH_BROWSER_CLIENT_ID', env.browserClientId),
    '',
    "# The API behind cloudsso that the collection calls: {{baseUrl}} + each request's path.",
    line('API_BASE_URL', env.baseUrl),
    '',
    `# Commented out: the values in oauth-postman.config.json for --env ${envName} apply.`,
    ...SERVER_SETTINGS.map((setting) => line(setting.name, env[setting.key])),
    line('OAUTH_SCOPE', env.scope),
    '# body (default), basic, or query (puts the secret in the URL: avoid)',
    line('OAUTH_CLIENT_AUTH', env.clientAuth ?? DEFAULT_CLIENT_AUTH),
    '# Refresh this many seconds before expiry (at most half the token lifetime).',
    line('TOKEN_REFRESH_SKEW_SECONDS', String(env.tokenRefreshSkewSeconds ?? DEFAULT_TOKEN_REFRESH_SKEW_SECONDS)),
    ...(kept.length > 0 ? ['', '# Kept from your previous .env.', ...kept] : []),
    '',
  ].join('\n');
}

/** Problems with a typed or passed value, as a message for a prompt or an error; undefined when fine. */
export function clientIdProblem(value: string): string | undefined {
  if (value.trim() === '') return 'The client id is empty.';
  if (/\s/.test(value.trim())) return 'A client id has no spaces.';
  return undefined;
}

export function clientSecretProblem(value: string): string | undefined {
  if (value.trim() === '') return 'The client secret is empty.';
  return undefined;
}

/**
 * A URL that init takes (the API base URL, a token or authorization URL, a redirect URI) is an
 * absolute http(s) URL; `what` names it as the user gave it (a prompt's label, a flag). Empty is
 * refused when `required` is true, or a string saying why it is needed; otherwise the config's
 * value applies.
 */
export function httpUrlProblem(what: string, value: string, required: boolean | string = true): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') {
    if (required === false) return undefined;
    return `${what} is empty${typeof required === 'string' ? ` (${required})` : ''}.`;
  }
  return isHttpUrl(trimmed) ? undefined : `${what}: "${trimmed}" is not an http(s) URL.`;
}

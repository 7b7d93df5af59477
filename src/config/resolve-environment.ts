/**
 * Environment resolution, without side effects: the layers a command has read in, the variables
 * of one environment out, each with where it came from. Reading the layers (files, the process
 * environment) is src/config/read-environment.ts; starting a server is the command's business.
 *
 * Precedence, lowest first: the committed config (and the defaults), the committed environment
 * template, `.env`, the process environment, the server the command uses, a stored browser
 * sign-in token (token variables only).
 */
import { storedTokenExpired, type StoredToken } from '../login/token-store.js';
import type { SandboxLibrary } from '../sandbox/library.js';
import { signInAdvice } from './sign-in-advice.js';
import type { PostmanEnvironment } from './environment-file.js';
import type { EnvironmentConfig } from './project-config.js';
import {
  ENV_TO_VARIABLE,
  SECRET_VARIABLES,
  TOKEN_STATE_VARIABLES,
  VARIABLE_DEFAULTS,
  VARIABLE_NAMES,
  type EnvName,
  type EnvironmentVariableName,
  type TokenStateVariable,
  type VariableName,
} from './variables.js';

export type Layer = 'default' | 'config' | 'template' | 'dotenv' | 'process' | 'server' | 'stored-token';

/** Where a value came from, for messages: never the value itself. */
export interface Origin {
  layer: Layer;
  label: string;
}

interface Setting {
  value: string;
  /** None for the token variables until a token is in them. */
  origin?: Origin;
}

/** What a command has read for one environment: plain data. */
export interface EnvironmentSources {
  envName: string;
  config: EnvironmentConfig;
  /** The committed environment file (its id, name and entries are kept in the resolved environment). */
  template: PostmanEnvironment;
  /** The template's path relative to the project, for messages. */
  templateFile: string;
  /** `.env`, parsed (empty when there is none). */
  dotenv: Readonly<Record<string, string>>;
  processEnv: Readonly<Record<string, string | undefined>>;
}

/** The settings that belong to the authorization server and its client, rather than to the person. */
export const SERVER_VARIABLES = ['tokenUrl', 'authorizeUrl', 'baseUrl', 'clientId', 'browserClientId', 'clientSecret'] as const;
export type ServerVariable = (typeof SERVER_VARIABLES)[number];

/** The server a command started (or expects to be running) for an embedded-server environment. */
export interface ServerLayer {
  /** For origins, e.g. "the embedded server". */
  label: string;
  values: Partial<Record<ServerVariable, string>>;
  note?: string;
}

/** A browser sign-in token that the run uses instead of client credentials. */
export interface BrowserTokenInUse
  extends Pick<StoredToken, 'grant' | 'tokenType' | 'scope' | 'clientId' | 'expiresAt' | 'obtainedAt'> {
  /** The token itself, so that the run can mask it in output and reports. */
  accessToken: string;
  /** Where it is stored, relative to the project, for messages. */
  file: string;
}

export interface Resolution {
  readonly envName: string;
  readonly embeddedServer: boolean;
  get(name: EnvironmentVariableName): string;
  origin(name: EnvironmentVariableName): Origin | undefined;
  /** The template with every value filled in. Lives in memory only: it holds the secret. */
  readonly environment: PostmanEnvironment;
  /** Set when a stored browser sign-in token stands in for client credentials. */
  readonly browserToken: BrowserTokenInUse | undefined;
  /** One line each, for the terminal: which server and token are used. */
  readonly notes: readonly string[];
  /** One line each: something the user set or stored that is not used, and why. */
  readonly warnings: readonly string[];
}

/**
 * A value as the collection should see it: without surrounding blanks, and a base URL without a
 * trailing `/`, since requests append paths that start with one (`{{baseUrl}}/me`, never `//me`).
 */
function normaliseSetting(name: string, value: string): string {
  const trimmed = value.trim();
  return name === 'baseUrl' ? trimmed.replace(/\/+$/, '') : trimmed;
}

/** The committed config's settings for one environment, defaults included: what its template is generated from. */
export function configSettings(env: EnvironmentConfig): Partial<Record<VariableName, string>> {
  const set: Partial<Record<VariableName, string | number | undefined>> = {
    tokenUrl: env.tokenUrl,
    authorizeUrl: env.authorizeUrl,
    redirectUri: env.redirectUri,
    baseUrl: env.baseUrl,
    clientId: env.clientId,
    browserClientId: env.browserClientId,
    scope: env.scope,
    clientAuth: env.clientAuth,
    tokenRefreshSkewSeconds: env.tokenRefreshSkewSeconds,
  };
  const values: Partial<Record<VariableName, string>> = {};
  for (const name of VARIABLE_NAMES) {
    const value = set[name] === undefined ? VARIABLE_DEFAULTS[name] : String(set[name]);
    if (value !== undefined) values[name] = normaliseSetting(name, value);
  }
  return values;
}

/**
 * `.env` and the process environment mapped onto variable names; the process environment wins so
 * that CI secrets override a developer's file. Empty values count as unset: CI systems expand a
 * missing secret to an empty string.
 */
export function userSettings(
  dotenv: Readonly<Record<string, string>>,
  processEnv: Readonly<Record<string, string | undefined>>,
): Map<VariableName, Required<Setting>> {
  const settings = new Map<VariableName, Required<Setting>>();
  for (const [envName, variable] of Object.entries(ENV_TO_VARIABLE) as [EnvName, VariableName][]) {
    const fromProcess = normaliseSetting(variable, processEnv[envName] ?? '');
    const fromDotenv = normaliseSetting(variable, dotenv[envName] ?? '');
    if (fromProcess) settings.set(variable, { value: fromProcess, origin: userOrigin('process', envName) });
    else if (fromDotenv) settings.set(variable, { value: fromDotenv, origin: userOrigin('dotenv', envName) });
  }
  return settings;
}

const userOrigin = (layer: 'dotenv' | 'process', envName: EnvName): Origin => ({
  layer,
  label: `${envName} (${layer === 'dotenv' ? '.env' : 'process environment'})`,
});

/** The token of a browser sign-in (`login`, `import-redirect`), with what the collection's refresh rule needs. */
export interface StoredTokenLayer {
  token: StoredToken;
  /** Where it is stored, relative to the project, for messages. */
  file: string;
  now: number;
  skewSeconds: number;
  /** The collection's own rule (src/sandbox), so that a browser token is refreshed like a fetched one. */
  refreshInstant: SandboxLibrary['refreshInstant'];
  /** The collection's own rule (src/sandbox) for when a token without a secret is past use. */
  signInTokenExpired: SandboxLibrary['signInTokenExpired'];
}

export function resolveEnvironment(
  sources: EnvironmentSources,
  layers: { server?: ServerLayer; storedToken?: StoredTokenLayer } = {},
): Resolution {
  const { envName, config } = sources;
  const settings = new Map<string, Setting>();
  for (const [name, value] of Object.entries(configSettings(config)) as [VariableName, string][]) {
    const layer = config[name as keyof EnvironmentConfig] === undefined ? 'default' : 'config';
    const label = layer === 'default' ? 'the default' : `environments.${envName}.${name} in oauth-postman.config.json`;
    settings.set(name, { value, origin: { layer, label } });
  }
  // The template is generated from the config: it differs only when stale or edited, and then it is what Postman sees too.
  for (const entry of sources.template.values) {
    if (entry.enabled === false) continue;
    const value = normaliseSetting(entry.key, entry.value === undefined ? '' : String(entry.value));
    if ((settings.get(entry.key)?.value ?? '') === value) continue;
    settings.set(entry.key, { value, origin: { layer: 'template', label: sources.templateFile } });
  }
  // A token left over from an earlier run in the Postman app must not be reused blindly.
  for (const name of TOKEN_STATE_VARIABLES) settings.set(name, { value: '' });

  const notes: string[] = [];
  const warnings: string[] = [];
  const user = userSettings(sources.dotenv, sources.processEnv);
  if (config.embeddedServer) {
    // The embedded server only knows its own clients: personal credentials and URLs are for the
    // real server, so they give way here (scope, clientAuth and skew still apply).
    const ignored = SERVER_VARIABLES.filter((name) => user.has(name)).map((name) => user.get(name)!.origin.label);
    for (const name of SERVER_VARIABLES) user.delete(name);
    if (ignored.length > 0) warnings.push(`Not used with the embedded server: ${ignored.join(', ')}.`);
  }
  for (const [name, setting] of user) settings.set(name, setting);

  const { server, storedToken } = layers;
  if (server) {
    for (const [name, value] of Object.entries(server.values)) {
      settings.set(name, { value: normaliseSetting(name, value), origin: { layer: 'server', label: server.label } });
    }
    if (server.note) notes.push(server.note);
  }
  // Most applications do both: the browser sign-in uses clientId unless told otherwise.
  if (!settings.get('browserClientId')?.value && settings.get('clientId')?.value) {
    settings.set('browserClientId', settings.get('clientId')!);
  }
  const get = (name: EnvironmentVariableName) => settings.get(name)?.value ?? '';
  let browserToken: BrowserTokenInUse | undefined;
  if (storedToken && storedTokenApplies({ embeddedServer: config.embeddedServer === true, get })) {
    const mismatch = storedTokenMismatch(storedToken, get);
    if (mismatch) warnings.push(mismatch);
    else {
      useStoredToken(storedToken, settings);
      notes.push(storedTokenNote(storedToken, envName));
      const { grant, tokenType, scope, clientId, expiresAt, obtainedAt, accessToken } = storedToken.token;
      browserToken = { grant, tokenType, scope, clientId, expiresAt, obtainedAt, accessToken, file: storedToken.file };
    }
  }

  return {
    envName,
    embeddedServer: config.embeddedServer === true,
    get,
    origin: (name) => settings.get(name)?.origin,
    environment: { ...sources.template, values: filledValues(sources.template, settings) },
    browserToken,
    notes,
    warnings,
  };
}

/**
 * Whether a stored browser sign-in token may stand in for client credentials: only without a
 * secret to fetch one, and never for the embedded server, whose tokens die with it.
 */
export function storedTokenApplies(resolution: Pick<Resolution, 'embeddedServer' | 'get'>): boolean {
  return !resolution.embeddedServer && !resolution.get('clientSecret');
}

/**
 * A token is only sent where it was issued for: the server (its authorization endpoint) and the
 * client it was issued to. Another one may be valid there, but it is not this environment's.
 */
function storedTokenMismatch(stored: StoredTokenLayer, get: (name: VariableName) => string): string | undefined {
  const { token, file } = stored;
  // The browser sign-in's client: the one the token was issued to.
  const clientId = get('browserClientId');
  const authorizeUrl = get('authorizeUrl');
  const reasons = [
    token.clientId !== clientId && `to client ${token.clientId}, not ${clientId || '(none)'}`,
    token.authorizeUrl !== authorizeUrl &&
      `by ${token.authorizeUrl || 'an unrecorded server'}, not ${authorizeUrl || '(no authorizeUrl)'}`,
  ].filter(Boolean);
  return reasons.length > 0 ? `Not using ${file}: it was issued ${reasons.join(' and ')}.` : undefined;
}

/** Puts the token where the collection's scripts look for it; without a secret it is used until it expires. */
function useStoredToken(stored: StoredTokenLayer, settings: Map<string, Setting>): void {
  const { token } = stored;
  const lifetimeMs = Math.max(0, token.expiresAt - token.obtainedAt);
  const values: Record<TokenStateVariable, string> = {
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    accessTokenExpiresAt: String(token.expiresAt),
    accessTokenRefreshAt: String(stored.refreshInstant(token.expiresAt, lifetimeMs, stored.skewSeconds)),
  };
  const origin: Origin = { layer: 'stored-token', label: stored.file };
  for (const name of TOKEN_STATE_VARIABLES) settings.set(name, { value: values[name], origin });
}

function storedTokenNote(stored: StoredTokenLayer, envName: string): string {
  const until = new Date(stored.token.expiresAt).toISOString();
  return storedTokenExpired(stored.token, stored.now, stored)
    ? `The browser sign-in token in ${stored.file} expired at ${until}: ${signInAdvice(envName, 'again')}.`
    : `Using the browser sign-in token in ${stored.file} (${stored.token.grant} grant, valid until ${until}); no client secret is set.`;
}

function filledValues(template: PostmanEnvironment, settings: ReadonlyMap<string, Setting>): PostmanEnvironment['values'] {
  const filled = template.values.map((entry) => ({ ...entry, value: settings.get(entry.key)?.value ?? entry.value }));
  for (const [key, { value }] of settings) {
    if (!filled.some((entry) => entry.key === key)) {
      filled.push({ key, value, type: SECRET_VARIABLES.has(key) ? 'secret' : 'default', enabled: true });
    }
  }
  return filled;
}

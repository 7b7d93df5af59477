import { environmentValues, readEnvironmentFile, type PostmanEnvironment } from '../config/environment-file.js';
import { readUserOverlay } from '../config/overlay.js';
import { environmentPath, isHttpUrl, loadProjectConfig, requireEnvironment } from '../config/project-config.js';
import {
  CLIENT_AUTH_METHODS,
  SECRET_VARIABLES,
  TOKEN_STATE_VARIABLES,
  VARIABLE_TO_ENV,
  type VariableName,
} from '../config/variables.js';
import { CliError } from '../errors.js';
import { isLoopback } from '../util/loopback.js';
import type { RunningAuthorizationServer } from '../server/authorization-server.js';

const EMBEDDED_SERVER_VARIABLES: VariableName[] = ['tokenUrl', 'authorizeUrl', 'baseUrl', 'clientId', 'clientSecret'];

export interface ResolveOptions {
  projectDir: string;
  envName: string;
  /** Embedded server only: access token lifetime. */
  tokenTtlSeconds?: number;
  allowInsecureHttp?: boolean;
  /**
   * Use the token of a browser sign-in (`login`, `import-redirect`) when no client secret is set.
   * Not for the embedded server: its tokens die with the server that issued them.
   */
  useStoredToken?: boolean;
}

/** A browser sign-in token that the run uses instead of client credentials. */
export interface BrowserTokenInUse {
  grant: 'implicit' | 'code';
  expiresAt: number;
  /** The token itself, so that the run can mask it in output and reports. */
  accessToken: string;
}

export interface ResolvedEnvironment {
  envName: string;
  /** The environment file's content with every value filled in. Lives in memory only: it holds the secret. */
  environment: PostmanEnvironment;
  get(name: VariableName): string;
  server: RunningAuthorizationServer | undefined;
  /** Set when the run uses a stored browser sign-in token (no client secret). */
  browserToken: BrowserTokenInUse | undefined;
  notes: string[];
  close(): Promise<void>;
}

/**
 * The values a run uses: the committed environment file, overlaid with `.env` and the process
 * environment (which wins), or, for an embedded-server environment, pointed at a server started
 * here on a free loopback port with its demo client.
 */
export async function resolveEnvironment(options: ResolveOptions): Promise<ResolvedEnvironment> {
  const loaded = await loadProjectConfig(options.projectDir);
  const envConfig = requireEnvironment(loaded, options.envName);
  const file = environmentPath(options.projectDir, options.envName);
  const environment = await readEnvironmentFile(file);
  const values = environmentValues(environment);
  const notes: string[] = [];
  // A token left over from an earlier run in the Postman app must not be reused blindly.
  for (const name of TOKEN_STATE_VARIABLES) values.set(name, '');

  const overlay = await readUserOverlay(options.projectDir);
  for (const [name, value] of overlay.values) values.set(name, value);

  let server: RunningAuthorizationServer | undefined;
  let browserToken: BrowserTokenInUse | undefined;
  if (options.useStoredToken && !envConfig.embeddedServer && !values.get('clientSecret')) {
    browserToken = await useStoredToken(options.projectDir, options.envName, values, notes);
  }
  if (envConfig.embeddedServer) {
    // The embedded server only knows its demo client: personal credentials and URLs from .env
    // are for the real server, so they give way here (scope, clientAuth and skew still apply).
    const ignored = EMBEDDED_SERVER_VARIABLES.filter((name) => overlay.origin.has(name)).map((name) => overlay.origin.get(name));
    if (ignored.length > 0) notes.push(`Not used with the embedded server: ${ignored.join(', ')}.`);
    const { startAuthorizationServer } = await import('../server/authorization-server.js');
    server = await startAuthorizationServer({ port: 0, tokenTtlSeconds: options.tokenTtlSeconds });
    values.set('tokenUrl', server.tokenUrl);
    values.set('authorizeUrl', server.authorizeUrl);
    values.set('baseUrl', server.apiBaseUrl);
    values.set('clientId', server.demoClient.clientId);
    values.set('clientSecret', server.demoClient.clientSecret);
    notes.push(`Embedded authorization server on ${server.origin} (demo client ${server.demoClient.clientId}).`);
  } else if (options.tokenTtlSeconds !== undefined) {
    throw new CliError(
      `--token-ttl only applies to an environment with the embedded server, and "${options.envName}" has none.`,
      {
        hint: 'Drop --token-ttl, or run with --env local.',
      },
    );
  }

  const close = async () => {
    await server?.close();
  };
  try {
    checkRequired(values, options.envName, options.allowInsecureHttp ?? false, browserToken !== undefined);
  } catch (error) {
    await close();
    throw error;
  }

  const filled: PostmanEnvironment = {
    ...environment,
    values: mergeValues(environment, values),
  };
  return {
    envName: options.envName,
    environment: filled,
    get: (name) => values.get(name) ?? '',
    server,
    browserToken,
    notes,
    close,
  };
}

function mergeValues(environment: PostmanEnvironment, values: Map<string, string>): PostmanEnvironment['values'] {
  const merged = environment.values.map((entry) => ({ ...entry, value: values.get(entry.key) ?? entry.value }));
  for (const [key, value] of values) {
    if (!merged.some((entry) => entry.key === key)) {
      merged.push({ key, value, type: SECRET_VARIABLES.has(key) ? 'secret' : 'default', enabled: true });
    }
  }
  return merged;
}

function checkRequired(values: Map<string, string>, envName: string, allowInsecureHttp: boolean, signedIn: boolean): void {
  // Personal values belong in .env; shared ones may also go into the committed config.
  const personal: VariableName[] = ['clientId', 'clientSecret'];
  const where = (name: VariableName) =>
    `set ${VARIABLE_TO_ENV[name]} in .env (\`npx oauth-postman init\`, or copy .env.example) or in the process environment` +
    (personal.includes(name)
      ? ''
      : `, or ${name} of environments.${envName} in oauth-postman.config.json (then \`npm run generate\`)`);
  for (const name of ['tokenUrl', 'clientId', 'clientSecret', 'baseUrl'] as const) {
    // With a browser sign-in token, the secret (and the token endpoint) are not needed.
    if (signedIn && (name === 'clientSecret' || name === 'tokenUrl')) continue;
    if (!values.get(name)) {
      const signIn = name === 'clientSecret' ? ` Or sign in in a browser: npm run login -- --env ${envName}.` : '';
      throw new CliError(`${name} is empty for --env ${envName}.`, {
        hint: `${where(name)[0]!.toUpperCase()}${where(name).slice(1)}.${signIn}`,
      });
    }
  }
  for (const name of ['tokenUrl', 'baseUrl', 'authorizeUrl'] as const) {
    const value = values.get(name);
    if (value && !isHttpUrl(value)) {
      throw new CliError(`${name} is not an http(s) URL: "${value}".`, { hint: `Use an absolute URL: ${where(name)}.` });
    }
  }
  const clientAuth = values.get('clientAuth') || 'body';
  if (!(CLIENT_AUTH_METHODS as readonly string[]).includes(clientAuth)) {
    throw new CliError(`clientAuth is "${clientAuth}".`, {
      hint: `Use one of ${CLIENT_AUTH_METHODS.join(', ')}: ${where('clientAuth')}.`,
    });
  }
  if (!values.get('tokenUrl')) return;
  const tokenUrl = new URL(values.get('tokenUrl')!);
  if (tokenUrl.protocol === 'http:' && !isLoopback(tokenUrl.hostname) && !allowInsecureHttp) {
    throw new CliError(`Refusing to send the client secret in clear text to ${tokenUrl.origin}.`, {
      hint: 'Use the https:// token URL, or pass --allow-insecure-http if this really is a test server on a trusted network.',
    });
  }
}

/**
 * Puts the stored browser sign-in token where the collection's scripts look for it. It cannot be
 * refreshed without a secret, so it is used until it expires (the collection then says to sign in
 * again). A token for another client id is left alone.
 */
async function useStoredToken(
  projectDir: string,
  envName: string,
  values: Map<string, string>,
  notes: string[],
): Promise<BrowserTokenInUse | undefined> {
  const { displayTokenFile, readStoredToken } = await import('../login/token-store.js');
  const stored = await readStoredToken(projectDir, envName);
  if (!stored) return undefined;
  const where = displayTokenFile(projectDir, envName);
  if (stored.clientId !== values.get('clientId')) {
    notes.push(`Not using ${where}: it was issued to client ${stored.clientId}, not ${values.get('clientId') || '(none)'}.`);
    return undefined;
  }
  const lifetimeMs = Math.max(0, stored.expiresAt - stored.obtainedAt);
  // The collection's own code decides the margin, so a browser token is treated like a fetched one.
  const { loadSandboxTokenFunctions } = await import('../token/sandbox-functions.js');
  const sandbox = await loadSandboxTokenFunctions((name) => values.get(name));
  values.set('accessToken', stored.accessToken);
  values.set('tokenType', stored.tokenType);
  values.set('accessTokenExpiresAt', String(stored.expiresAt));
  const refreshAt = sandbox.refreshInstant(stored.expiresAt, lifetimeMs, sandbox.readRefreshSkew().seconds);
  values.set('accessTokenRefreshAt', String(refreshAt));
  const until = new Date(stored.expiresAt).toISOString();
  notes.push(
    stored.expiresAt > Date.now()
      ? `Using the browser sign-in token in ${where} (${stored.grant} grant, valid until ${until}); no client secret is set.`
      : `The browser sign-in token in ${where} expired at ${until}: sign in again with \`npm run login -- --env ${envName}\`.`,
  );
  return { grant: stored.grant, expiresAt: stored.expiresAt, accessToken: stored.accessToken };
}

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
import type { RunningAuthorizationServer } from '../server/authorization-server.js';

const EMBEDDED_SERVER_VARIABLES: VariableName[] = ['tokenUrl', 'authorizeUrl', 'baseUrl', 'clientId', 'clientSecret'];

export interface ResolveOptions {
  projectDir: string;
  envName: string;
  /** Embedded server only: access token lifetime. */
  tokenTtlSeconds?: number;
  allowInsecureHttp?: boolean;
}

export interface ResolvedEnvironment {
  envName: string;
  /** The environment file's content with every value filled in. Lives in memory only: it holds the secret. */
  environment: PostmanEnvironment;
  get(name: VariableName): string;
  server: RunningAuthorizationServer | undefined;
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
    checkRequired(values, options.envName, file, options.allowInsecureHttp ?? false);
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

function checkRequired(values: Map<string, string>, envName: string, file: string, allowInsecureHttp: boolean): void {
  const where = (name: VariableName) =>
    `set ${VARIABLE_TO_ENV[name]} in .env (copy .env.example) or in the process environment` +
    (name === 'clientSecret' ? '' : `, or the ${name} value in ${file}`);
  for (const name of ['tokenUrl', 'clientId', 'clientSecret', 'baseUrl'] as const) {
    if (!values.get(name)) {
      throw new CliError(`${name} is empty for --env ${envName}.`, {
        hint: `${where(name)[0]!.toUpperCase()}${where(name).slice(1)}.`,
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
  const tokenUrl = new URL(values.get('tokenUrl')!);
  if (tokenUrl.protocol === 'http:' && !isLoopback(tokenUrl.hostname) && !allowInsecureHttp) {
    throw new CliError(`Refusing to send the client secret in clear text to ${tokenUrl.origin}.`, {
      hint: 'Use the https:// token URL, or pass --allow-insecure-http if this really is a test server on a trusted network.',
    });
  }
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

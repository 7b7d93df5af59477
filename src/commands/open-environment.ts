import { readEnvironmentSources, readStoredTokenLayer } from '../config/read-environment.js';
import { checkRequired, type Purpose } from '../config/requirements.js';
import { resolveEnvironment, type Resolution, type ServerLayer } from '../config/resolve-environment.js';
import type { EnvironmentDefault } from '../config/select-environment.js';
import { CliError } from '../errors.js';
import type { RunningAuthorizationServer } from '../server/authorization-server.js';

export interface OpenEnvironmentOptions {
  projectDir: string;
  /** `--env` as given; undefined when left out. */
  envName: string | undefined;
  /** Which environment a left-out `--env` means. */
  envDefault: EnvironmentDefault;
  purpose: Exclude<Purpose, 'sign-in'>;
  /** Embedded server only: access token lifetime. */
  tokenTtlSeconds?: number;
  allowInsecureHttp?: boolean;
  /** Use the token of a browser sign-in (`login`, `import-redirect`) when no client secret is set. */
  useStoredToken?: boolean;
}

/** A resolved environment and the embedded server it points at, if any: close it when done. */
export interface OpenEnvironment extends Resolution {
  server: RunningAuthorizationServer | undefined;
  close(): Promise<void>;
}

/**
 * The environment a command talks to: resolved from the project's files, `.env` and the process
 * environment, pointed at an embedded server started here on a free loopback port (with its demo
 * client) when the environment has one, and with a stored browser sign-in token if asked.
 */
export async function openEnvironment(
  options: OpenEnvironmentOptions,
  /** Told each value given up before the checks, so that it is said even when the command then stops. */
  onWarning: (line: string) => void,
): Promise<OpenEnvironment> {
  const sources = await readEnvironmentSources(options.projectDir, { envName: options.envName, fallback: options.envDefault });
  if (!sources.config.embeddedServer && options.tokenTtlSeconds !== undefined) {
    throw new CliError(
      `--token-ttl only applies to an environment with the embedded server, and "${sources.envName}" has none.`,
      { hint: 'Drop --token-ttl, or run with --env local.' },
    );
  }
  let server: RunningAuthorizationServer | undefined;
  if (sources.config.embeddedServer) {
    const { startAuthorizationServer } = await import('../server/authorization-server.js');
    server = await startAuthorizationServer({ port: 0, tokenTtlSeconds: options.tokenTtlSeconds });
  }
  const close = async () => {
    await server?.close();
  };
  try {
    const layers = { server: server && embeddedServerLayer(server) };
    let resolution = resolveEnvironment(sources, layers);
    if (options.useStoredToken) {
      const storedToken = await readStoredTokenLayer(options.projectDir, resolution);
      if (storedToken) resolution = resolveEnvironment(sources, { ...layers, storedToken });
    }
    for (const line of resolution.warnings) onWarning(line);
    checkRequired(resolution, options.purpose, { allowInsecureHttp: options.allowInsecureHttp });
    return { ...resolution, server, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function embeddedServerLayer(server: RunningAuthorizationServer): ServerLayer {
  return {
    label: 'the embedded server',
    values: {
      tokenUrl: server.tokenUrl,
      authorizeUrl: server.authorizeUrl,
      baseUrl: server.apiBaseUrl,
      clientId: server.demoClient.clientId,
      browserClientId: server.publicClient.clientId,
      clientSecret: server.demoClient.clientSecret,
    },
    note: `Embedded authorization server on ${server.origin} (demo client ${server.demoClient.clientId}).`,
  };
}

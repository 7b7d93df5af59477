import { readEnvironmentSources } from '../config/read-environment.js';
import { checkRequired } from '../config/requirements.js';
import { resolveEnvironment } from '../config/resolve-environment.js';
import { PUBLIC_DEMO_CLIENT } from '../server/demo-clients.js';

export interface SignInSettings {
  envName: string;
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  /** `local`: the server must be running separately (`npm run serve`), at the config's URLs. */
  embeddedServer: boolean;
  /** Values set but not used (for `local`: personal ones, which are for a real server). */
  warnings: readonly string[];
}

/**
 * What the browser sign-in needs, from the same resolution as every other command, checked for
 * the browser flows (no client secret). For the embedded-server environment, the server is the
 * one `npm run serve` runs at the config's URLs, with its public demo client, as `newman` uses
 * the confidential demo client of the server it starts.
 */
export async function resolveSignInSettings(projectDir: string, requested: string | undefined): Promise<SignInSettings> {
  const sources = await readEnvironmentSources(projectDir, { envName: requested, fallback: 'real' });
  const resolution = resolveEnvironment(sources, {
    server: sources.config.embeddedServer
      ? { label: 'the server `npm run serve` runs', values: { browserClientId: PUBLIC_DEMO_CLIENT.clientId } }
      : undefined,
  });
  checkRequired(resolution, 'sign-in');
  const { get } = resolution;
  return {
    envName: resolution.envName,
    authorizeUrl: get('authorizeUrl'),
    tokenUrl: get('tokenUrl'),
    clientId: get('browserClientId'),
    redirectUri: get('redirectUri'),
    scope: get('scope'),
    embeddedServer: resolution.embeddedServer,
    warnings: resolution.warnings,
  };
}

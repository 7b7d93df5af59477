import { environmentValues, readEnvironmentFile } from '../config/environment-file.js';
import { readUserOverlay } from '../config/overlay.js';
import { environmentPath, isHttpUrl, loadProjectConfig, requireEnvironment } from '../config/project-config.js';
import { VARIABLE_TO_ENV, type VariableName } from '../config/variables.js';
import { CliError } from '../errors.js';
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
}

/**
 * What the browser sign-in needs, from the committed environment file overlaid with `.env` and
 * the process environment (which wins). No client secret: the browser flows do without one.
 * For the embedded-server environment the config's URLs (the `serve` port) and the server's
 * public demo client are used, as `newman` uses its demo client there.
 */
export async function resolveSignInSettings(projectDir: string, envName: string): Promise<SignInSettings> {
  const loaded = await loadProjectConfig(projectDir);
  const envConfig = requireEnvironment(loaded, envName);
  const file = environmentPath(projectDir, envName);
  const values = environmentValues(await readEnvironmentFile(file));
  const overlay = await readUserOverlay(projectDir);
  const embeddedServer = envConfig.embeddedServer === true;
  for (const [name, value] of overlay.values) {
    if (embeddedServer && ['tokenUrl', 'authorizeUrl', 'clientId'].includes(name)) continue;
    values.set(name, value);
  }
  if (embeddedServer) values.set('clientId', PUBLIC_DEMO_CLIENT.clientId);

  const get = (name: VariableName) => (values.get(name) ?? '').trim();
  for (const name of ['authorizeUrl', 'clientId', 'redirectUri'] as const) {
    if (!get(name)) {
      throw new CliError(`${name} is empty for --env ${envName}.`, {
        hint: `Set ${VARIABLE_TO_ENV[name]} in .env or the process environment, or the ${name} value in ${file}.`,
      });
    }
  }
  for (const name of ['authorizeUrl', 'tokenUrl'] as const) {
    if (get(name) && !isHttpUrl(get(name))) {
      throw new CliError(`${name} is not an http(s) URL: "${get(name)}".`, {
        hint: `Set ${VARIABLE_TO_ENV[name]} to an absolute URL.`,
      });
    }
  }
  return {
    envName,
    authorizeUrl: get('authorizeUrl'),
    tokenUrl: get('tokenUrl'),
    clientId: get('clientId'),
    redirectUri: get('redirectUri'),
    scope: get('scope'),
    embeddedServer,
  };
}

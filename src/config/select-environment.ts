import { CliError } from '../errors.js';
import { CONFIG_FILE_NAME, requireEnvironment, type EnvironmentConfig, type LoadedProjectConfig } from './project-config.js';

/**
 * Which environment a command uses when `--env` is left out:
 * - `embedded`: commands that work with nothing set up (newman, token, doctor) take the environment
 *   with the embedded server, so that a first `npm run newman` needs no .env and no network;
 * - `real`: commands that only make sense with your own application on a real server (init,
 *   login, import-redirect, env export) take the first environment without it.
 */
export type EnvironmentDefault = 'embedded' | 'real';

export function defaultEnvironmentName(
  environments: Record<string, EnvironmentConfig>,
  fallback: EnvironmentDefault,
): string | undefined {
  const entries = Object.entries(environments);
  const embedded = (env: EnvironmentConfig) => env.embeddedServer === true;
  const match = entries.find(([, env]) => (fallback === 'embedded' ? embedded(env) : !embedded(env)));
  return (match ?? (fallback === 'embedded' ? entries[0] : undefined))?.[0];
}

/** `--env` as given (undefined when left out), checked against the config. */
export function selectEnvironment(
  loaded: LoadedProjectConfig,
  requested: string | undefined,
  fallback: EnvironmentDefault,
): { envName: string; env: EnvironmentConfig } {
  const { environments } = loaded.config;
  const known = Object.keys(environments).join(', ');
  const byDefault = defaultEnvironmentName(environments, fallback);
  if (requested !== undefined && requested.trim() === '') {
    throw new CliError('--env is empty.', {
      hint: `Name one of: ${known} (declared in ${CONFIG_FILE_NAME})${byDefault ? `, or leave --env out for ${byDefault}` : ''}.`,
    });
  }
  const envName = requested ?? byDefault;
  if (envName === undefined) {
    throw new CliError(`This command needs --env: every environment in ${CONFIG_FILE_NAME} uses the embedded server.`, {
      hint: `Pass --env with one of: ${known}, or add your server's environment to ${CONFIG_FILE_NAME}.`,
    });
  }
  return { envName, env: requireEnvironment(loaded, envName) };
}

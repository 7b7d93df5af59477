import { relative } from 'node:path';
import { readEnvironmentFile } from './environment-file.js';
import { readDotenvFile } from './overlay.js';
import { environmentPath, loadProjectConfig } from './project-config.js';
import { storedTokenApplies, type EnvironmentSources, type Resolution, type StoredTokenLayer } from './resolve-environment.js';
import { selectEnvironment, type EnvironmentDefault } from './select-environment.js';

/**
 * The input step of environment resolution: the committed config and environment template,
 * `.env` and the process environment for one environment. src/config/resolve-environment.ts
 * merges them.
 */
export async function readEnvironmentSources(
  projectDir: string,
  requested: { envName: string | undefined; fallback: EnvironmentDefault },
  processEnv: NodeJS.ProcessEnv = process.env,
): Promise<EnvironmentSources> {
  const loaded = await loadProjectConfig(projectDir);
  const { envName, env: config } = selectEnvironment(loaded, requested.envName, requested.fallback);
  const file = environmentPath(projectDir, envName);
  const template = await readEnvironmentFile(file);
  const dotenv = await readDotenvFile(projectDir);
  return { envName, config, template, templateFile: relative(projectDir, file), dotenv, processEnv };
}

/**
 * The stored browser sign-in token layer, when one may stand in for client credentials: the
 * token file, and the collection's own refresh rule with the environment's refresh skew.
 */
export async function readStoredTokenLayer(projectDir: string, resolution: Resolution): Promise<StoredTokenLayer | undefined> {
  if (!storedTokenApplies(resolution)) return undefined;
  const { displayTokenFile, readStoredToken } = await import('../login/token-store.js');
  const token = await readStoredToken(projectDir, resolution.envName);
  if (!token) return undefined;
  const { loadSandboxTokenFunctions } = await import('../token/sandbox-functions.js');
  const sandbox = loadSandboxTokenFunctions(resolution.get);
  return {
    token,
    file: displayTokenFile(projectDir, resolution.envName),
    now: Date.now(),
    skewSeconds: sandbox.readRefreshSkew().seconds,
    refreshInstant: sandbox.refreshInstant,
    signInTokenExpired: sandbox.signInTokenExpired,
  };
}

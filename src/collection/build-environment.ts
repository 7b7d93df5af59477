import type { PostmanEnvironment, PostmanEnvironmentValue } from '../config/environment-file.js';
import type { EnvironmentConfig } from '../config/project-config.js';
import { configSettings } from '../config/resolve-environment.js';
import { ENVIRONMENT_VARIABLES, SECRET_VARIABLES, VARIABLE_DESCRIPTIONS } from '../config/variables.js';
import { stableId } from '../util/stable-id.js';

/**
 * An environment template: the committed, non-secret values of one environment. Secrets and
 * tokens are present (so Postman shows where they go), empty, and typed `secret`.
 */
export function buildEnvironmentTemplate(collectionName: string, envName: string, env: EnvironmentConfig): PostmanEnvironment {
  const known: Partial<Record<string, string>> = configSettings(env);
  const values: PostmanEnvironmentValue[] = ENVIRONMENT_VARIABLES.map((key) => ({
    key,
    value: SECRET_VARIABLES.has(key) ? '' : (known[key] ?? ''),
    type: SECRET_VARIABLES.has(key) ? 'secret' : 'default',
    enabled: true,
    description: VARIABLE_DESCRIPTIONS[key],
  }));
  return {
    id: stableId(collectionName, 'environment', envName),
    name: envName,
    values,
    _postman_variable_scope: 'environment',
  };
}

import type { EnvironmentConfig } from '../config/project-config.js';
import type { PostmanEnvironment, PostmanEnvironmentValue } from '../config/environment-file.js';
import {
  DEFAULT_TOKEN_REFRESH_SKEW_SECONDS,
  SECRET_VARIABLES,
  TOKEN_STATE_VARIABLES,
  VARIABLE_DESCRIPTIONS,
  type VariableName,
} from '../config/variables.js';
import { stableId } from '../util/stable-id.js';

const TEMPLATE_VARIABLES: (VariableName | (typeof TOKEN_STATE_VARIABLES)[number])[] = [
  'tokenUrl',
  'authorizeUrl',
  'redirectUri',
  'baseUrl',
  'clientId',
  'clientSecret',
  'scope',
  'clientAuth',
  'tokenRefreshSkewSeconds',
  ...TOKEN_STATE_VARIABLES,
];

/**
 * An environment template: the committed, non-secret values of one environment. Secrets and
 * tokens are present (so Postman shows where they go), empty, and typed `secret`.
 */
export function buildEnvironmentTemplate(collectionName: string, envName: string, env: EnvironmentConfig): PostmanEnvironment {
  const known: Partial<Record<string, string>> = {
    tokenUrl: env.tokenUrl,
    authorizeUrl: env.authorizeUrl,
    redirectUri: env.redirectUri,
    baseUrl: env.baseUrl,
    clientId: env.clientId,
    scope: env.scope,
    clientAuth: env.clientAuth ?? 'body',
    tokenRefreshSkewSeconds: String(env.tokenRefreshSkewSeconds ?? DEFAULT_TOKEN_REFRESH_SKEW_SECONDS),
  };
  const values: PostmanEnvironmentValue[] = TEMPLATE_VARIABLES.map((key) => ({
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

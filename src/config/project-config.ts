import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { displayUrl } from '../util/display-url.js';
import { readTextFile } from '../util/files.js';
import { packageFile } from '../util/package-paths.js';
import type { OpenApiConfig } from '../openapi/source.js';
import type { ClientAuthMethod } from './variables.js';

export const CONFIG_FILE_NAME = 'oauth-postman.config.json';

export interface EnvironmentConfig {
  description?: string;
  embeddedServer?: boolean;
  /** Else the OpenAPI document's clientCredentials tokenUrl, or OAUTH_TOKEN_URL. */
  tokenUrl?: string;
  authorizeUrl?: string;
  redirectUri?: string;
  baseUrl?: string;
  scope?: string;
  clientId?: string;
  /** The client of the browser sign-in, where it is not clientId (the local server's public client). */
  browserClientId?: string;
  clientAuth?: ClientAuthMethod;
  tokenRefreshSkewSeconds?: number;
}

export interface ApiRequestConfig {
  name: string;
  method: string;
  path: string;
  expectStatus?: number;
  description?: string;
  body?: string;
}

export interface ProjectConfig {
  collection: { name: string; title: string; description?: string };
  environments: Record<string, EnvironmentConfig>;
  requests: ApiRequestConfig[];
  /** An OpenAPI document in the repository whose operations become requests (src/openapi). */
  openapi?: OpenApiConfig;
}

export interface LoadedProjectConfig {
  config: ProjectConfig;
  projectDir: string;
  file: string;
}

/** Where generated files live, relative to the project directory. */
export function collectionPath(projectDir: string, config: ProjectConfig): string {
  return join(projectDir, 'collections', `${config.collection.name}.postman_collection.json`);
}

export function environmentPath(projectDir: string, envName: string): string {
  return join(projectDir, 'environments', `${envName}.postman_environment.json`);
}

export async function loadProjectConfig(projectDir: string): Promise<LoadedProjectConfig> {
  const file = join(projectDir, CONFIG_FILE_NAME);
  const text = await readTextFile(file);
  if (text === undefined) {
    throw new CliError(`No ${CONFIG_FILE_NAME} in ${projectDir}.`, {
      hint: 'Run the command from the project folder (the one with oauth-postman.config.json).',
    });
  }
  const parsed = parseJson(text, file);
  const validate = await configValidator();
  if (!validate(parsed)) {
    const [first] = validate.errors ?? [];
    const where = first?.instancePath || '(top level)';
    const extra = first?.params && 'additionalProperty' in first.params ? ` "${String(first.params.additionalProperty)}"` : '';
    const allowed =
      first?.params && 'allowedValues' in first.params ? ` (${(first.params.allowedValues as unknown[]).join(', ')})` : '';
    const secretHint =
      extra.includes('clientSecret') || extra.includes('accessToken')
        ? 'Secrets never belong in the committed config: put OAUTH_CLIENT_SECRET in .env (git-ignored) or the process environment.'
        : `Fix the file; its schema is ${packageFile('src/config/config.schema.json')}.`;
    throw new CliError(`${file}: ${where} ${first?.message ?? 'is invalid'}${extra}${allowed}.`, { hint: secretHint });
  }
  const config = parsed as ProjectConfig;
  refuseDuplicateRequestNames(config, file);
  for (const [envName, env] of Object.entries(config.environments)) {
    for (const key of ['tokenUrl', 'authorizeUrl', 'redirectUri', 'baseUrl'] as const) {
      const value = env[key];
      if (value && !isHttpUrl(value)) {
        throw new CliError(`${file}: environments.${envName}.${key} is not an http(s) URL: "${displayUrl(value)}".`, {
          hint: 'Use an absolute URL such as https://cloudsso.cisco.com/as/token.oauth2, or leave it empty to take it from .env.',
        });
      }
    }
  }
  return { config, projectDir, file };
}

/** A request's ids are derived from its name (src/util/stable-id.ts): two with one name would collide. */
function refuseDuplicateRequestNames(config: ProjectConfig, file: string): void {
  const firstIndex = new Map<string, number>();
  config.requests.forEach((request, index) => {
    const earlier = firstIndex.get(request.name);
    if (earlier !== undefined) {
      throw new CliError(`${file}: requests[${earlier}] and requests[${index}] are both named "${request.name}".`, {
        hint: 'Give each request its own name: the collection derives its ids from the names, so these two would collide.',
      });
    }
    firstIndex.set(request.name, index);
  });
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}.`, {
      hint: 'If you edited it by hand, fix the syntax; if it is generated, run `npm run generate` to write it again.',
    });
  }
}

export function requireEnvironment(loaded: LoadedProjectConfig, envName: string): EnvironmentConfig {
  const env = loaded.config.environments[envName];
  if (!env) {
    const known = Object.keys(loaded.config.environments).join(', ');
    throw new CliError(`Unknown environment "${envName}".`, {
      hint: `Use one of: ${known} (declared in ${CONFIG_FILE_NAME}).`,
    });
  }
  return env;
}

interface ConfigValidator {
  (value: unknown): boolean;
  errors?: { instancePath: string; message?: string; params: Record<string, unknown> }[] | null;
}

/**
 * `npm run build` compiles the schema into dist/config/config-validator.cjs (scripts/compile-config-schema.mjs),
 * which spares every start Ajv's compiler (~80 ms). From src/ (tests under tsx) the schema is compiled here.
 */
async function configValidator(): Promise<ConfigValidator> {
  const precompiled = packageFile('dist/config/config-validator.cjs');
  if (import.meta.url.includes('/dist/') && existsSync(precompiled)) {
    return createRequire(import.meta.url)(precompiled) as ConfigValidator;
  }
  const { default: AjvModule } = await import('ajv');
  // ajv is CommonJS with a default export; NodeNext sees the namespace object.
  const Ajv = AjvModule as unknown as typeof AjvModule.default;
  const schema = JSON.parse(await readFile(packageFile('src/config/config.schema.json'), 'utf8')) as object;
  return new Ajv({ allErrors: false, strict: false }).compile(schema) as ConfigValidator;
}

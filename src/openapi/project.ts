import type { EnvironmentConfig, ProjectConfig } from '../config/project-config.js';
import { foldersOf } from './folders.js';
import type { FolderModel, OAuthSettings } from './model.js';
import { readApi } from './read-api.js';
import { openApiSource } from './source.js';

export interface ProjectApi {
  folders: FolderModel[];
  oauth: OAuthSettings | undefined;
}

/** The config's OpenAPI document (a path in the repository, relative to the project folder), read and filtered. */
export async function readProjectApi(projectDir: string, config: ProjectConfig): Promise<ProjectApi | undefined> {
  const source = openApiSource(config.openapi);
  if (!source) return undefined;
  const read = await readApi(source.document, { baseDir: projectDir, insideDir: projectDir, selection: source.selection });
  return { folders: foldersOf(read.api, read.operations), oauth: read.oauth };
}

/**
 * An environment with the document's OAuth 2.0 settings where the config is silent: the config
 * wins (and `.env` and the process environment win over both at run time).
 */
export function withDocumentDefaults(env: EnvironmentConfig, oauth: OAuthSettings | undefined): EnvironmentConfig {
  if (!oauth) return env;
  const scope = oauth.scopes.join(' ');
  return {
    ...env,
    tokenUrl: env.tokenUrl || oauth.tokenUrl,
    authorizeUrl: env.authorizeUrl || oauth.authorizeUrl,
    scope: env.scope ?? (scope || undefined),
  };
}

import type { OperationSelection } from './filter.js';

/** `openapi` in oauth-postman.config.json: a path, or the path with filters. */
export type OpenApiConfig = string | ({ document: string } & OperationSelection);

export interface OpenApiSource {
  document: string;
  selection: OperationSelection;
}

export function openApiSource(config: OpenApiConfig | undefined): OpenApiSource | undefined {
  if (config === undefined) return undefined;
  if (typeof config === 'string') return { document: config, selection: {} };
  return { document: config.document, selection: { include: config.include, exclude: config.exclude } };
}

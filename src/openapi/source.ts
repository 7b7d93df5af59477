import type { OperationCriteria, OperationSelection } from './filter.js';

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

/** Command-line filters (`openapi list --include-tag …`) in the config's shape. */
export function selectionFromFlags(flags: {
  includeTag?: string[];
  includePath?: string[];
  includeOperation?: string[];
  excludeTag?: string[];
  excludePath?: string[];
  excludeOperation?: string[];
}): OperationSelection {
  const criteria = (tags?: string[], paths?: string[], operations?: string[]): OperationCriteria | undefined =>
    tags || paths || operations ? { tags, paths, operations } : undefined;
  return {
    include: criteria(flags.includeTag, flags.includePath, flags.includeOperation),
    exclude: criteria(flags.excludeTag, flags.excludePath, flags.excludeOperation),
  };
}

import { loadProjectConfig } from '../config/project-config.js';
import { CliError } from '../errors.js';
import { listJson, listLines } from '../openapi/list.js';
import { readApi } from '../openapi/read-api.js';
import { openApiSource, type OpenApiSource } from '../openapi/source.js';
import type { OperationSelection } from '../openapi/filter.js';
import type { Output } from '../util/output.js';

/**
 * `openapi list [FILE]`: the folders and requests `generate` would make from an OpenAPI document.
 * Without FILE, the config's document and filters; flags add filters.
 */
export async function openApiListCommand(
  options: { projectDir: string; file: string | undefined; selection: OperationSelection; json: boolean },
  out: Output,
): Promise<void> {
  const source = options.file ? { document: options.file, selection: {} } : await configuredSource(options.projectDir);
  const selection = {
    include: merge(source.selection.include, options.selection.include),
    exclude: merge(source.selection.exclude, options.selection.exclude),
  };
  const read = await readApi(source.document, {
    baseDir: options.projectDir,
    insideDir: options.file ? undefined : options.projectDir,
    selection,
  });
  if (options.json) out.json(listJson(read));
  else for (const line of listLines(read)) out.info(line);
}

async function configuredSource(projectDir: string): Promise<OpenApiSource> {
  const { config, file } = await loadProjectConfig(projectDir);
  const source = openApiSource(config.openapi);
  if (!source) {
    throw new CliError(`${file} names no OpenAPI document.`, {
      hint: 'Name one: `npx oauth-postman openapi list FILE`, or set "openapi": "path/to/api.yaml" in the config.',
    });
  }
  return source;
}

function merge<T extends object>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a || !b) return a ?? b;
  const merged = { ...a } as Record<string, unknown[] | undefined>;
  for (const [key, list] of Object.entries(b) as [string, unknown[] | undefined][]) {
    if (list) merged[key] = [...(merged[key] ?? []), ...list];
  }
  return merged as T;
}

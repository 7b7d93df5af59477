import { selectOperations, type OperationSelection } from './filter.js';
import { loadOpenApiDocument } from './load-document.js';
import type { ApiModel, OAuthSettings } from './model.js';
import { operationsOf } from './operations.js';
import { oauthSettings } from './security.js';

export interface ReadApi {
  file: string;
  api: ApiModel;
  /** Operations left after the include/exclude filters, in document order. */
  operations: ApiModel['operations'];
  oauth: OAuthSettings | undefined;
}

/**
 * Document in, selected operations and OAuth settings out: what `generate` and `openapi list`
 * both use. With `insideDir`, the document must lie inside it (the project's repository).
 */
export async function readApi(
  file: string,
  options: { baseDir: string; insideDir?: string; selection?: OperationSelection },
): Promise<ReadApi> {
  const { document } = await loadOpenApiDocument(file, options.baseDir, options.insideDir);
  const api = operationsOf(document, file);
  const operations = selectOperations(api.operations, options.selection ?? {}, file);
  return { file, api, operations, oauth: oauthSettings(document, operations) };
}

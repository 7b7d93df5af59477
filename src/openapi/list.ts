import { foldersOf } from './folders.js';
import type { OperationModel } from './model.js';
import type { ReadApi } from './read-api.js';

/** What `openapi list` prints: the folders and requests `generate` would make, one line each. */
export function listLines(read: ReadApi): string[] {
  const { api, operations, oauth } = read;
  const folders = foldersOf(api, operations);
  const lines = [
    `${read.file}: ${api.title} ${api.version} (OpenAPI ${api.openapi}), ${operations.length} of ${api.operations.length} operations in ${folders.length} folder${folders.length === 1 ? '' : 's'}`,
  ];
  const rows = folders.map((folder) => folder.operations.map(row));
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.flat().map((cells) => cells[column]!.length)));
  folders.forEach((folder, index) => {
    lines.push('', folder.name);
    for (const cells of rows[index]!) {
      lines.push(`  ${cells.map((cell, column) => (column < 4 ? cell.padEnd(widths[column]!) : cell)).join('  ')}`.trimEnd());
    }
  });
  lines.push('');
  if (oauth) {
    const show = (value: string | undefined) => value ?? '(none in the document)';
    lines.push(
      `OAuth 2.0 scheme "${oauth.schemeName}": tokenUrl ${show(oauth.tokenUrl)}, authorizeUrl ${show(oauth.authorizeUrl)}, scope ${oauth.scopes.join(' ') || '(none)'}`,
      '  (these fill the environment templates where oauth-postman.config.json is silent; the config wins)',
    );
  } else {
    lines.push('No OAuth 2.0 security scheme in the document: tokenUrl and scope come from oauth-postman.config.json.');
  }
  return lines;
}

/** Method, path, operation, auth, then what the contract test expects. */
function row(operation: OperationModel): string[] {
  const auth = operation.authenticated ? `token${operation.scopes.length ? ` (${operation.scopes.join(' ')})` : ''}` : 'no auth';
  const success = operation.responses.find((response) => response.status === operation.successStatus);
  const types = success?.content.map((content) => content.contentType).join(', ');
  return [operation.method, operation.path, operation.label, auth, `${operation.successStatus}${types ? ` ${types}` : ''}`];
}

/** The same, for --json: plain data, no schemas. */
export function listJson(read: ReadApi): unknown {
  return {
    file: read.file,
    title: read.api.title,
    version: read.api.version,
    openapi: read.api.openapi,
    folders: foldersOf(read.api, read.operations).map((folder) => ({
      name: folder.name,
      operations: folder.operations.map((operation) => ({
        method: operation.method,
        path: operation.path,
        operationId: operation.operationId,
        name: operation.name,
        authenticated: operation.authenticated,
        scopes: operation.scopes,
        successStatus: operation.successStatus,
        statuses: operation.responses.map((response) => response.status),
      })),
    })),
    oauth: read.oauth ?? null,
  };
}

import { isJsonMediaType } from './document.js';
import { contractScript } from './contract.js';
import type { FolderModel, OperationModel, ParameterModel, RequestBodyModel } from './model.js';

/**
 * Postman folders and requests for the selected operations (Collection v2.1.0 JSON). Requests
 * carry no auth of their own, so they inherit the collection's bearer token; operations whose
 * `security` is empty get `noauth`. Parameters become collection variables holding the
 * document's examples or defaults. Ids come from `id` (stable, derived from method and path).
 */
export interface ItemBuilders {
  id: (...parts: string[]) => string;
  script: (listen: 'prerequest' | 'test', owner: string, text: string) => object;
  markdown: (content: string) => object;
  /** src/sandbox/contract-test.js, composed with what it uses. */
  contractTest: string;
}

export interface CollectionVariable {
  key: string;
  value: string;
  description: string;
}

export function openApiFolders(folders: FolderModel[], build: ItemBuilders, reserved: ReadonlySet<string>) {
  const variables = new Map<string, CollectionVariable>();
  const variableFor = (operation: OperationModel, parameter: ParameterModel): string => {
    // A parameter called, say, `scope` must not overwrite the token request's variable.
    const key = reserved.has(parameter.name) ? `param.${parameter.name}` : parameter.name;
    if (!variables.has(key)) {
      const from = parameter.source === 'schema' ? 'built from its schema' : `the document's ${parameter.source}`;
      variables.set(key, {
        key,
        value: parameter.value,
        description: `${parameter.in} parameter ${parameter.name} of ${operation.label} (${from}).${parameter.description ? ` ${parameter.description}` : ''}`,
      });
    }
    return `{{${key}}}`;
  };
  const items = folders.map((folder) => ({
    id: build.id('folder', 'openapi', folder.name),
    name: folder.name,
    ...(folder.description ? { description: build.markdown(folder.description) } : {}),
    item: folder.operations.map((operation) => requestItem(operation, build, (parameter) => variableFor(operation, parameter))),
  }));
  return { items, variables: [...variables.values()] };
}

function requestItem(operation: OperationModel, build: ItemBuilders, variable: (parameter: ParameterModel) => string) {
  const of = (where: ParameterModel['in']) => operation.parameters.filter((parameter) => parameter.in === where);
  let path = operation.path;
  for (const parameter of of('path')) path = path.split(`{${parameter.name}}`).join(variable(parameter));
  const query = of('query').map((parameter) => ({
    key: parameter.name,
    value: variable(parameter),
    // Optional parameters the document gives no value for are there to switch on, not sent.
    ...(parameter.required || parameter.source !== 'schema' ? {} : { disabled: true }),
  }));
  const cookies = of('cookie').map((parameter) => `${parameter.name}=${variable(parameter)}`);
  const success = operation.responses.find((response) => response.status === operation.successStatus);
  const accept =
    success?.content.find((content) => isJsonMediaType(content.contentType))?.contentType ?? success?.content[0]?.contentType;
  const header = [
    ...of('header').map((parameter) => ({ key: parameter.name, value: variable(parameter) })),
    ...(cookies.length ? [{ key: 'Cookie', value: cookies.join('; ') }] : []),
    ...(accept ? [{ key: 'Accept', value: accept }] : []),
    ...(operation.requestBody ? [{ key: 'Content-Type', value: operation.requestBody.contentType }] : []),
  ];
  const body = operation.requestBody ? requestBody(operation.requestBody) : undefined;
  return {
    id: build.id('item', 'openapi', operation.method, operation.path),
    name: operation.name,
    request: {
      method: operation.method,
      url: {
        raw: `{{baseUrl}}${path}`,
        host: ['{{baseUrl}}'],
        path: path.split('/').filter(Boolean),
        ...(query.length ? { query } : {}),
      },
      ...(operation.authenticated ? {} : { auth: { type: 'noauth' } }),
      header,
      ...(body ? { body } : {}),
      description: build.markdown(describe(operation)),
    },
    event: [build.script('test', `openapi ${operation.method} ${operation.path}`, contractScript(operation, build.contractTest))],
  };
}

function requestBody(body: RequestBodyModel) {
  const { contentType, example } = body;
  const fields = () =>
    Object.entries((example as Record<string, unknown>) ?? {}).map(([key, value]) => ({
      key,
      value: typeof value === 'object' ? JSON.stringify(value) : String(value),
      ...(contentType.startsWith('multipart/') ? { type: 'text' } : {}),
    }));
  if (isJsonMediaType(contentType)) {
    return { mode: 'raw', raw: JSON.stringify(example ?? {}, null, 2), options: { raw: { language: 'json' } } };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded') && example && typeof example === 'object') {
    return { mode: 'urlencoded', urlencoded: fields() };
  }
  if (contentType.startsWith('multipart/form-data') && example && typeof example === 'object') {
    return { mode: 'formdata', formdata: fields() };
  }
  return { mode: 'raw', raw: typeof example === 'string' ? example : example === undefined ? '' : JSON.stringify(example) };
}

function describe(operation: OperationModel): string {
  const statuses = operation.responses.map((response) => `**${response.status}** ${response.description}`.trim());
  return [
    operation.description?.trim(),
    `\`${operation.method} ${operation.path}\`${operation.operationId ? ` (operationId \`${operation.operationId}\`)` : ''}.`,
    `Contract tests: the status is ${operation.successStatus}, the content type is documented, and a JSON body matches the documented schema. Documented responses: ${statuses.join('; ')}.`,
    operation.authenticated
      ? `Authorization: the collection's bearer token${operation.scopes.length ? ` (scopes ${operation.scopes.join(' ')})` : ''}.`
      : 'Authorization: none (the document says `security: []`).',
  ]
    .filter(Boolean)
    .join('\n\n');
}

import { CliError } from '../errors.js';
import {
  HTTP_METHODS,
  isJsonMediaType,
  pointerOf,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type SecurityRequirement,
} from './document.js';
import { bodyExample, parameterValue } from './examples.js';
import type { ApiModel, JsonSchema, OperationModel, ParameterModel, RequestBodyModel, ResponseModel } from './model.js';
import { CircularSchemaError, sandboxSchema } from './sandbox-schema.js';

/**
 * The operation model of a validated, dereferenced document, in document order (paths as
 * written, methods in the specification's order). `file` only names the document in errors.
 */
export function operationsOf(document: OpenApiDocument, file: string): ApiModel {
  const cache = new WeakMap<object, JsonSchema>();
  const operations: OperationModel[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      try {
        operations.push(operationModel(document, path, method, item, operation, cache));
      } catch (error) {
        if (!(error instanceof CircularSchemaError)) throw error;
        const label = operation.operationId ?? `${method.toUpperCase()} ${path}`;
        throw new CliError(
          `${file}: ${error.pointer} is a circular schema (it refers back to ${error.ref}), which the contract test of ${label} cannot check.`,
          {
            hint: `Leave the operation out ("openapi": { "exclude": { "operations": ["${label}"] } } in oauth-postman.config.json) or make the schema non-recursive.`,
          },
        );
      }
    }
  }
  const tags = (document.tags ?? []).map((tag) => ({ name: tag.name, description: tag.description }));
  return { title: document.info.title, version: document.info.version, openapi: document.openapi, tags, operations };
}

function operationModel(
  document: OpenApiDocument,
  path: string,
  method: string,
  item: PathItemObject,
  operation: OperationObject,
  cache: WeakMap<object, JsonSchema>,
): OperationModel {
  const pointer = pointerOf(path, method);
  const label = operation.operationId ?? `${method.toUpperCase()} ${path}`;
  const responses = responsesOf(operation, pointer, cache);
  const security = operation.security ?? document.security;
  return {
    method: method.toUpperCase(),
    path,
    operationId: operation.operationId,
    label,
    name: operation.summary?.trim() || label,
    description: operation.description,
    tag: operation.tags?.[0],
    tags: operation.tags ?? [],
    pointer,
    // An explicitly empty `security` (or only the anonymous `{}`) makes the operation public.
    // A document that declares no security at all says nothing: the token is sent anyway.
    authenticated: security === undefined || security.some((requirement) => Object.keys(requirement).length > 0),
    scopes: oauthScopes(document, security ?? []),
    parameters: parametersOf(item.parameters ?? [], operation.parameters ?? []),
    requestBody: requestBodyOf(operation),
    responses,
    successStatus: successStatus(responses),
  };
}

/** Operation-level parameters override path-level ones with the same name and location. */
function parametersOf(pathLevel: ParameterObject[], operationLevel: ParameterObject[]): ParameterModel[] {
  const byKey = new Map<string, ParameterObject>();
  for (const parameter of [...pathLevel, ...operationLevel]) byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  return [...byKey.values()].map((parameter) => ({
    name: parameter.name,
    in: parameter.in as ParameterModel['in'],
    required: parameter.in === 'path' || parameter.required === true,
    description: parameter.description,
    ...parameterValue(parameter),
  }));
}

function requestBodyOf(operation: OperationObject): RequestBodyModel | undefined {
  const content = Object.entries(operation.requestBody?.content ?? {});
  const [contentType, media] = content.find(([type]) => isJsonMediaType(type)) ?? content[0] ?? [];
  if (contentType === undefined || media === undefined) return undefined;
  return { contentType, required: operation.requestBody?.required === true, example: bodyExample(media) };
}

function responsesOf(operation: OperationObject, pointer: string, cache: WeakMap<object, JsonSchema>): ResponseModel[] {
  return Object.entries(operation.responses ?? {}).map(([status, response]) => ({
    status,
    description: response.description ?? '',
    content: Object.entries(response.content ?? {}).map(([contentType, media]) => ({
      contentType,
      schema:
        media.schema !== undefined && isJsonMediaType(contentType)
          ? sandboxSchema(
              media.schema,
              `${pointer}/responses/${status}/content/${contentType.replace(/\//g, '~1')}/schema`,
              cache,
            )
          : undefined,
    })),
  }));
}

/** The lowest documented 2xx, else 2XX, else default, else the first documented status. */
export function successStatus(responses: ResponseModel[]): string {
  const statuses = responses.map((response) => response.status);
  const exact = statuses.filter((status) => /^2\d\d$/.test(status)).sort();
  return (
    exact[0] ??
    statuses.find((status) => status.toUpperCase() === '2XX') ??
    (statuses.includes('default') ? 'default' : statuses[0]!)
  );
}

/** The scopes of the first requirement that names an OAuth 2.0 (or OpenID Connect) scheme. */
function oauthScopes(document: OpenApiDocument, security: SecurityRequirement[]): string[] {
  const schemes = document.components?.securitySchemes ?? {};
  for (const requirement of security) {
    const oauth = Object.entries(requirement).filter(([name]) => ['oauth2', 'openIdConnect'].includes(schemes[name]?.type ?? ''));
    if (oauth.length > 0) return [...new Set(oauth.flatMap(([, scopes]) => scopes))];
  }
  return [];
}

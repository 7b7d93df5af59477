/**
 * The parts of an OpenAPI 3.0 / 3.1 document this project reads, typed loosely: the document has
 * been validated by @readme/openapi-parser before any of this is read.
 */
export type SchemaObject = { [keyword: string]: unknown };

export interface ExampleObject {
  value?: unknown;
}

export interface ParameterObject {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: SchemaObject;
  example?: unknown;
  examples?: Record<string, ExampleObject>;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
  example?: unknown;
  examples?: Record<string, ExampleObject>;
}

export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaTypeObject>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, MediaTypeObject> };
  responses?: Record<string, ResponseObject>;
  security?: SecurityRequirement[];
}

export type PathItemObject = { parameters?: ParameterObject[] } & { [method: string]: OperationObject | undefined };

export interface OAuthFlow {
  tokenUrl?: string;
  authorizationUrl?: string;
  scopes?: Record<string, string>;
}

export interface SecuritySchemeObject {
  type: string;
  scheme?: string;
  flows?: { clientCredentials?: OAuthFlow; implicit?: OAuthFlow; authorizationCode?: OAuthFlow; password?: OAuthFlow };
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, PathItemObject | undefined>;
  tags?: { name: string; description?: string }[];
  security?: SecurityRequirement[];
  components?: { securitySchemes?: Record<string, SecuritySchemeObject> };
}

/** The methods of a Path Item Object, in the order the specification lists them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** RFC 6901 JSON pointer (as a URI fragment) of an operation, e.g. #/paths/~1pets~1{id}/get */
export function pointerOf(path: string, method: string, ...rest: string[]): string {
  const escape = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');
  return ['#', 'paths', path, method, ...rest].map((token, index) => (index === 0 ? token : escape(token))).join('/');
}

/** application/json, application/problem+json, …: bodies the contract test parses and validates. */
export function isJsonMediaType(contentType: string): boolean {
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return essence === 'application/json' || essence.endsWith('+json');
}

/**
 * What this project takes from an OpenAPI document: one entry per operation, with what a request
 * needs (parameters with values, a body) and what its contract tests check (documented statuses,
 * content types and JSON schemas). Built by operations.ts from a validated, dereferenced document.
 */

/** A JSON Schema the sandbox's Ajv can compile (draft-07 keywords only; see sandbox-schema.ts). */
export type JsonSchema = { [keyword: string]: unknown };

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface ParameterModel {
  name: string;
  in: ParameterLocation;
  required: boolean;
  /** The value sent: the document's example or default, else one built from the schema. */
  value: string;
  /** Where the value came from, so that `openapi list` and the docs can say so. */
  source: 'example' | 'default' | 'enum' | 'schema';
  description: string | undefined;
}

export interface RequestBodyModel {
  contentType: string;
  required: boolean;
  /** The document's example, or one built from the schema (read-only properties left out). */
  example: unknown;
}

export interface ResponseContent {
  contentType: string;
  /** For JSON content types with a schema: the schema the body must satisfy. */
  schema: JsonSchema | undefined;
}

export interface ResponseModel {
  /** As the document writes it: "200", "4XX" or "default". */
  status: string;
  description: string;
  content: ResponseContent[];
}

export interface OperationModel {
  method: string;
  path: string;
  operationId: string | undefined;
  /** operationId, else "METHOD /path": how messages and tests name the operation. */
  label: string;
  /** The request's name in Postman: the summary, else the label. */
  name: string;
  description: string | undefined;
  /** The first tag, which decides the folder; undefined for untagged operations. */
  tag: string | undefined;
  tags: string[];
  /** JSON pointer of the operation in the document, e.g. #/paths/~1pets~1{id}/get */
  pointer: string;
  /** False when the operation's effective `security` is empty: it is sent without a token. */
  authenticated: boolean;
  /** OAuth 2.0 scopes the operation's first OAuth 2.0 security requirement names. */
  scopes: string[];
  parameters: ParameterModel[];
  requestBody: RequestBodyModel | undefined;
  responses: ResponseModel[];
  /** The status the contract test expects by default: the lowest documented 2xx (or 2XX, or default). */
  successStatus: string;
}

/** The document's OAuth 2.0 security scheme, as far as the environment templates use it. */
export interface OAuthSettings {
  schemeName: string;
  /** From a clientCredentials flow. */
  tokenUrl: string | undefined;
  /** From an implicit or authorizationCode flow. */
  authorizeUrl: string | undefined;
  /** Every scope the selected operations need, sorted. */
  scopes: string[];
}

export interface ApiModel {
  title: string;
  version: string;
  openapi: string;
  /** The document's top-level tags, in its order: the folders' order and descriptions. */
  tags: { name: string; description: string | undefined }[];
  operations: OperationModel[];
}

export interface FolderModel {
  name: string;
  description: string | undefined;
  operations: OperationModel[];
}

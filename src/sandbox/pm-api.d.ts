/**
 * The part of the Postman sandbox API that the scripts in src/sandbox use, as postman-sandbox 4.x
 * (Newman 6.2, the Postman CLI) and the Postman app provide it. Only what is used is declared, so
 * that anything else fails the type check instead of failing in someone's Postman.
 */

export interface KeyValue {
  key: string;
  value: string;
}

/** `pm.variables`: the resolved value of a variable, whichever scope holds it. */
export interface VariableReader {
  get(name: string): unknown;
}

export interface VariableScope extends VariableReader {
  /** `type` 'secret' masks the value in the Postman app. */
  set(name: string, value: string, type?: 'secret' | 'string'): void;
}

/** `pm.environment`: its name is undefined when the Postman app has no environment selected. */
export interface EnvironmentScope extends VariableScope {
  name?: string;
}

/** A request body as pm.sendRequest and Request#body.update take it: urlencoded is a list, never an object. */
export interface UrlencodedBody {
  mode: 'urlencoded';
  urlencoded: KeyValue[];
}

export interface SandboxRequest {
  /**
   * undefined: inherited from the collection (Bearer here). `oauth2`: the request's own OAuth 2.0
   * settings, `accessToken` among them once the app's helper put a token there (Use Token).
   */
  auth?: { type: string; oauth2?: VariableReader };
  url: { update(url: string): void };
  headers: { upsert(header: KeyValue): void };
  body: { update(body: UrlencodedBody): void };
}

/** A response; in a test script whose request got no response, `code` is undefined. */
export interface SandboxResponse {
  code: number | undefined;
  status: string | undefined;
  /** Milliseconds between sending the request and the response. */
  responseTime: number | undefined;
  /** Case-insensitive. */
  headers: { get(name: string): string | undefined };
  text(): string;
}

export interface SendRequestDefinition {
  url: string;
  method: string;
  header: KeyValue[];
  body: UrlencodedBody;
}

export interface Pm {
  variables: VariableReader;
  environment: EnvironmentScope;
  collectionVariables: VariableScope;
  request: SandboxRequest;
  response: SandboxResponse;
  info: { requestName: string };
  /** Callback form only: Newman 6's sandbox has no promise form. `error` is set when there was no response. */
  sendRequest(request: SendRequestDefinition, callback: (error: unknown, response: SandboxResponse) => void): void;
  test: {
    (name: string, assertion: () => void): void;
    /** Reported as skipped. */
    skip(name: string, assertion?: () => void): void;
  };
  /** skipRequest: Newman 6.2, the Postman CLI and the app; absent in older runners. */
  execution?: { skipRequest?: () => void };
}

/** The sandbox's own Ajv, `require('ajv')`: 6.x in postman-sandbox 4, newer in the Postman CLI. */
export type SandboxAjvConstructor = new (
  options: object,
) => {
  validate(schema: unknown, data: unknown): boolean;
  errors: SandboxAjvError[] | null | undefined;
};

/** Ajv 8 says instancePath, Ajv 6 dataPath. */
export interface SandboxAjvError {
  instancePath?: string;
  dataPath?: string;
  message?: string;
  params?: { additionalProperty?: string };
}

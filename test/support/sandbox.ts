import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import type { KeyValue, Pm, SandboxResponse, SendRequestDefinition, UrlencodedBody } from '../../src/sandbox/pm-api.js';
import { repoRoot } from './project.js';

/*
 * The scripts exactly as the committed collection holds them, run in a vm with a stand-in for the
 * part of the Postman sandbox they use (src/sandbox/pm-api.d.ts). Newman tests run the same text in
 * the real sandbox; these run it against a table of responses quickly.
 */

interface ScriptEvent {
  listen: string;
  script: { exec: string[] };
}
interface CollectionItem {
  name: string;
  item?: CollectionItem[];
  event?: ScriptEvent[];
}

const collectionFile = join(repoRoot, 'collections', 'cloudsso-oauth.postman_collection.json');

export interface CollectionScripts {
  collectionPrerequest: string;
  tokenRequestPrerequest: string;
  tokenRequestTest: string;
  /** The first API request's test script, with its EXPECTED_STATUS. */
  apiRequestTest: string;
  /** The first contract test of a request generated from the OpenAPI document, with its CONTRACT. */
  contractTest: string;
  /** The Browser sign-in request's scripts. */
  signInPrerequest: string;
  signInTest: string;
}

export function collectionScripts(): CollectionScripts {
  const collection = JSON.parse(readFileSync(collectionFile, 'utf8')) as { event: ScriptEvent[]; item: CollectionItem[] };
  const text = (events: ScriptEvent[] | undefined, listen: string) => {
    const event = events?.find((candidate) => candidate.listen === listen);
    if (!event) throw new Error(`no ${listen} script`);
    return event.script.exec.join('\n');
  };
  const folder = (name: string) => collection.item.find((item) => item.name === name)!.item!;
  const tokenRequest = folder('Token')[0]!;
  return {
    collectionPrerequest: text(collection.event, 'prerequest'),
    tokenRequestPrerequest: text(tokenRequest.event, 'prerequest'),
    tokenRequestTest: text(tokenRequest.event, 'test'),
    apiRequestTest: text(folder('API')[0]!.event, 'test'),
    contractTest: collection.item
      .flatMap((item) => item.item ?? [])
      .map((item) => (item.event?.some((event) => event.listen === 'test') ? text(item.event, 'test') : ''))
      .find((script) => script.startsWith('var CONTRACT = '))!,
    signInPrerequest: text(folder('Browser sign-in')[0]!.event, 'prerequest'),
    signInTest: text(folder('Browser sign-in')[0]!.event, 'test'),
  };
}

/** A response as the sandbox shows it; `undefined` status: the request got no response. */
export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  responseTime?: number;
}

export function sandboxResponse(response: FakeResponse | undefined): SandboxResponse {
  const headers = new Map(Object.entries(response?.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
  return {
    code: response?.status,
    status: response?.status === undefined ? undefined : String(response.status),
    responseTime: response?.responseTime,
    headers: { get: (name) => headers.get(name.toLowerCase()) },
    text: () => response?.body ?? (undefined as unknown as string),
  };
}

export interface SandboxRun {
  /** `errorName`: the name of the error a failed assertion threw (TOKEN_ERROR_NAMES for token failures). */
  tests: { name: string; passed: boolean; skipped: boolean; message?: string; errorName?: string }[];
  warnings: string[];
  logs: string[];
  /** What the script stored in the environment. */
  environment: Map<string, string>;
  sentRequests: SendRequestDefinition[];
  skipped: boolean;
  request: { url?: string; headers: KeyValue[]; body?: UrlencodedBody };
  /** The script's globals: the library functions it was composed with. */
  context: vm.Context;
}

export interface SandboxSetup {
  variables?: Record<string, string>;
  /** What the selected environment holds before the script runs (pm.environment.get); `environment` records only writes. */
  environmentValues?: Record<string, string>;
  /** pm.response (test scripts). */
  response?: FakeResponse;
  /** What pm.sendRequest answers: a response, or an error for no response. */
  sendRequest?: { response?: FakeResponse; error?: unknown };
  /** pm.request.auth */
  auth?: Pm['request']['auth'];
  requestName?: string;
  /** pm.environment.name: the environment selected in the app ('prod' unless given). */
  environmentName?: string;
  /** The script's clock (its Date.now), fixed, to test an instant's edge to the millisecond; the real one unless given. */
  now?: number;
}

/** Objects made in the vm have its realm's prototypes: copy them into this one to compare them. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Runs one script text; pm.sendRequest answers synchronously, as the sandbox waits for it anyway. */
export function runSandboxScript(text: string, setup: SandboxSetup = {}): SandboxRun {
  const variables = new Map(Object.entries({ tokenRefreshSkewSeconds: '60', ...setup.variables }));
  const run: SandboxRun = {
    tests: [],
    warnings: [],
    logs: [],
    environment: new Map(),
    sentRequests: [],
    skipped: false,
    request: { headers: [] },
    context: {},
  };
  const environment = {
    name: setup.environmentName ?? 'prod',
    get: (name: string) => (run.environment.has(name) ? run.environment.get(name) : setup.environmentValues?.[name]),
    set: (name: string, value: string) => {
      run.environment.set(name, value);
      variables.set(name, value);
    },
  };
  const test = Object.assign(
    (name: string, assertion: () => void) => {
      try {
        assertion();
        run.tests.push({ name, passed: true, skipped: false });
      } catch (error) {
        run.tests.push({
          name,
          passed: false,
          skipped: false,
          message: (error as Error).message,
          errorName: (error as Error).name,
        });
      }
    },
    { skip: (name: string) => run.tests.push({ name, passed: false, skipped: true }) },
  );
  const pm: Pm = {
    variables: { get: (name) => variables.get(name) },
    environment,
    collectionVariables: { get: () => undefined, set: () => undefined },
    request: {
      ...(setup.auth ? { auth: setup.auth } : {}),
      url: { update: (url) => (run.request.url = url) },
      headers: { upsert: (header) => run.request.headers.push(plain(header)) },
      body: { update: (body) => (run.request.body = plain(body)) },
    },
    response: sandboxResponse(setup.response),
    info: { requestName: setup.requestName ?? 'Who am I' },
    sendRequest: (request, callback) => {
      run.sentRequests.push(plain(request));
      const answer = setup.sendRequest ?? {};
      callback(answer.error ?? null, sandboxResponse(answer.error ? undefined : answer.response));
    },
    test,
    execution: { skipRequest: () => (run.skipped = true) },
  };
  const context = vm.createContext({
    pm,
    btoa,
    console: {
      log: (...values: unknown[]) => run.logs.push(values.join(' ')),
      warn: (...values: unknown[]) => run.warnings.push(values.join(' ')),
    },
  });
  if (setup.now !== undefined) vm.runInContext(`Date.now = function () { return ${setup.now}; };`, context);
  vm.runInContext(text, context, { filename: 'collection-script.js' });
  run.context = context;
  return run;
}

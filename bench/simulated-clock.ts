/**
 * Token hits over spans too long to wait for (a 3599 s token over ten hours): the collection's
 * own scripts, as Newman runs them (the lean copy's text), under a simulated clock, against a
 * model of the local server. The model counts expiry the way oidc-provider does: `iat` is the
 * issue time in whole seconds, the token is refused from the second `iat + expires_in` on
 * (`exp <= epochTime()`). Every request takes a little time on the wire, so a token that is fresh
 * when its request leaves can be stale when it arrives, as on a real network.
 *
 * A stand-in for the sandbox: only what the scripts use (src/sandbox/pm-api.d.ts), a new vm
 * context for every script execution, as postman-sandbox starts each one with a fresh scope.
 */
import vm from 'node:vm';
import { DEMO_CLIENT } from '../src/server/demo-clients.js';

export interface SimulatedRunOptions {
  /** The collection-level pre-request script (the policy under test). */
  prerequest: string;
  /** The API requests' test script (it forgets a token the API refused), or undefined. */
  apiTest?: string;
  lifetimeSeconds: number;
  skewSeconds: number;
  /** From the first request to the last. */
  spanMs: number;
  /** Between one request's start and the next one's. */
  intervalMs: number;
  /** One way, client to server or back. */
  latencyMs: number;
}

export interface SimulatedRun {
  requests: number;
  tokensIssued: number;
  unauthorized: number;
  /** From the start of the first request to the end of the last one. */
  requestSpanMs: number;
}

/** A start that is not on a whole second, so the server's rounding down shows. */
const EPOCH = Date.UTC(2026, 0, 1, 8, 0, 0, 737);

export function simulateRun(options: SimulatedRunOptions): SimulatedRun {
  let now = EPOCH;
  let issued = 0;
  let unauthorized = 0;
  /** Access token → exp (seconds), as the server keeps it. */
  const tokens = new Map<string, number>();
  const variables = new Map<string, string>([
    ['tokenUrl', 'http://127.0.0.1:4010/as/token.oauth2'],
    ['clientId', DEMO_CLIENT.clientId],
    ['clientSecret', DEMO_CLIENT.clientSecret],
    ['clientAuth', 'body'],
    ['tokenRefreshSkewSeconds', String(options.skewSeconds)],
  ]);
  const store = {
    name: 'local',
    get: (name: string) => variables.get(name),
    set: (name: string, value: string) => void variables.set(name, value),
  };
  const response = (status: number, body: string) => ({
    code: status,
    status: status === 200 ? 'OK' : 'Unauthorized',
    responseTime: 2 * options.latencyMs,
    headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : undefined) },
    text: () => body,
    json: () => JSON.parse(body) as unknown,
  });
  const tokenEndpoint = () => {
    now += options.latencyMs;
    const iat = Math.floor(now / 1000);
    const accessToken = `tok-${(issued += 1)}`;
    tokens.set(accessToken, iat + options.lifetimeSeconds);
    const body = JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: options.lifetimeSeconds });
    now += options.latencyMs;
    return response(200, body);
  };
  const run = (script: string, apiResponse?: ReturnType<typeof response>) => {
    const pm = {
      variables: store,
      environment: store,
      collectionVariables: store,
      request: {},
      response: apiResponse,
      info: { requestName: 'Who am I' },
      sendRequest: (_request: unknown, callback: (error: unknown, answer: unknown) => void) => callback(null, tokenEndpoint()),
      test: (_name: string, assertion: () => void) => {
        try {
          assertion();
        } catch {
          // A failed assertion is Newman's business; here only the token policy is measured.
        }
      },
      execution: { skipRequest: () => undefined },
    };
    const context = vm.createContext({ pm, console: { log() {}, warn() {} } });
    vm.runInContext('Date.now = function () { return clock(); };', Object.assign(context, { clock: () => now }));
    vm.runInContext(script, context);
  };

  const first = now;
  let requests = 0;
  let end = now;
  for (let start = now; start - first <= options.spanMs; start = Math.max(start + options.intervalMs, now)) {
    now = start;
    run(options.prerequest);
    now += options.latencyMs;
    const exp = tokens.get(variables.get('accessToken') ?? '');
    const accepted = exp !== undefined && Math.floor(now / 1000) < exp;
    if (!accepted) unauthorized += 1;
    now += options.latencyMs;
    requests += 1;
    if (options.apiTest)
      run(options.apiTest, response(accepted ? 200 : 401, accepted ? JSON.stringify({ sub: DEMO_CLIENT.clientId }) : ''));
    end = now;
  }
  return { requests, tokensIssued: issued, unauthorized, requestSpanMs: end - first };
}

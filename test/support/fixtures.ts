import { after, before, beforeEach } from 'node:test';
import {
  startAuthorizationServer,
  type AuthorizationServerOptions,
  type DemoClient,
  type RunningAuthorizationServer,
} from '../../src/server/authorization-server.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { makeProject } from './project.js';

/** The process environment that points `--env prod` at a server (or a proxy in front of one), as CI would. */
export function pointAt(
  target: { tokenUrl: string; apiBaseUrl: string },
  client: DemoClient,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    OAUTH_TOKEN_URL: target.tokenUrl,
    API_BASE_URL: target.apiBaseUrl,
    OAUTH_CLIENT_ID: client.clientId,
    OAUTH_CLIENT_SECRET: client.clientSecret,
    ...extra,
  };
}

export interface ServedProject {
  readonly project: { dir: string; remove: () => Promise<void> };
  readonly server: RunningAuthorizationServer;
  /** Every access token the server issued, so a test can look for them where they must not be. */
  readonly issuedTokens: string[];
  /** The environment for `--env prod` pointed at the server, with the demo client's credentials. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/**
 * For one test file: a copy of the project and the real local server (and, with `proxied`, the
 * fault-injecting proxy in front of it, cleared before each test). One `before` hook sets all of
 * it up, in order: the test runner does not wait for one top-level hook before starting the next.
 */
function useFixture(options: AuthorizationServerOptions, proxied: boolean) {
  const state = {} as { project: ServedProject['project']; server: RunningAuthorizationServer; proxy?: FaultProxy };
  const issuedTokens: string[] = [];
  before(async () => {
    state.project = await makeProject();
    state.server = await startAuthorizationServer({ ...options, onTokenIssued: (token) => issuedTokens.push(token) });
    if (proxied) state.proxy = await startFaultProxy(state.server.origin);
  });
  after(async () => {
    await state.proxy?.close();
    await state.server.close();
    await state.project.remove();
  });
  if (proxied) beforeEach(() => state.proxy!.clear());
  return { state, issuedTokens };
}

export function useServer(options: AuthorizationServerOptions = {}): ServedProject {
  const { state, issuedTokens } = useFixture(options, false);
  return {
    get project() {
      return state.project;
    },
    get server() {
      return state.server;
    },
    issuedTokens,
    env: (extra = {}) => pointAt(state.server, state.server.demoClient, extra),
  };
}

export interface ProxiedServer {
  readonly project: { dir: string; remove: () => Promise<void> };
  readonly server: RunningAuthorizationServer;
  readonly proxy: FaultProxy;
  /** The environment for `--env prod` through the proxy, with the demo client's credentials. */
  env(extra?: Record<string, string>): Record<string, string>;
}

export function useProxiedServer(options: AuthorizationServerOptions = {}): ProxiedServer {
  const { state } = useFixture(options, true);
  return {
    get project() {
      return state.project;
    },
    get server() {
      return state.server;
    },
    get proxy() {
      return state.proxy!;
    },
    env: (extra = {}) => pointAt(state.proxy!, state.server.demoClient, extra),
  };
}

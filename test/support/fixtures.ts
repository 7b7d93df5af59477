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

export interface ProxiedServer {
  readonly project: { dir: string; remove: () => Promise<void> };
  readonly server: RunningAuthorizationServer;
  readonly proxy: FaultProxy;
  /** The environment for `--env prod` through the proxy, with the demo client's credentials. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/**
 * For one test file: a copy of the project, the real local server, and the fault-injecting
 * proxy in front of it (faults are cleared before each test).
 */
export function useProxiedServer(options: AuthorizationServerOptions = {}): ProxiedServer {
  let project: ProxiedServer['project'];
  let server: RunningAuthorizationServer;
  let proxy: FaultProxy;
  before(async () => {
    project = await makeProject();
    server = await startAuthorizationServer(options);
    proxy = await startFaultProxy(server.origin);
  });
  after(async () => {
    await proxy.close();
    await server.close();
    await project.remove();
  });
  beforeEach(() => proxy.clear());
  return {
    get project() {
      return project;
    },
    get server() {
      return server;
    },
    get proxy() {
      return proxy;
    },
    env: (extra = {}) => pointAt(proxy, server.demoClient, extra),
  };
}

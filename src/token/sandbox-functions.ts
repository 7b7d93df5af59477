import { readFile } from 'node:fs/promises';
import vm from 'node:vm';
import type { VariableLookup } from '../config/variables.js';
import { packageFile } from '../util/package-paths.js';

export interface TokenSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  clientAuth: string;
  skewSeconds: number;
  problems: string[];
}

export interface TokenRequestParts {
  url: string;
  headers: { key: string; value: string }[];
  form: { key: string; value: string }[];
}

export interface TokenResponseReading {
  token?: { accessToken: string; tokenType: string; expiresInSeconds: number };
  failure?: string;
  oauthError?: { error: string; errorDescription?: string; hint?: string };
  notes: string[];
}

export interface SandboxTokenFunctions {
  readTokenSettings(): TokenSettings;
  buildTokenRequest(settings: TokenSettings): TokenRequestParts;
  readTokenResponse(status: number, contentType: string | undefined, text: string): TokenResponseReading;
  /** tokenRefreshSkewSeconds as the collection reads it (default 60). */
  readRefreshSkew(): { seconds: number; problem?: string };
  /** The instant (epoch ms) at which the collection fetches the next token. */
  refreshInstant(expiresAt: number, lifetimeMs: number, skewSeconds: number): number;
}

/**
 * The collection's own token code, run in Node: the CLI builds the token request and reads the
 * response with exactly the functions the Postman scripts use, so the two cannot drift apart.
 * `pm.variables.get` is the only sandbox API those functions touch (token-store.js's `pm.environment`
 * calls are in functions the CLI does not run).
 */
export async function loadSandboxTokenFunctions(variables: VariableLookup): Promise<SandboxTokenFunctions> {
  const files = ['lib/token-settings.js', 'lib/token-response.js', 'lib/token-store.js'];
  const source = (await Promise.all(files.map((file) => readFile(packageFile(`src/sandbox/${file}`), 'utf8')))).join('\n');
  const context = vm.createContext({ pm: { variables: { get: variables } }, btoa });
  vm.runInContext(source, context, { filename: 'sandbox-token-functions.js' });
  // Results are copied out of the vm's realm so that they are ordinary objects here.
  const copy = <T>(value: T): T => structuredClone(value);
  return {
    readTokenSettings: () => copy(context.readTokenSettings()),
    buildTokenRequest: (settings) => copy(context.buildTokenRequest(settings)),
    readTokenResponse: (status, contentType, text) => copy(context.readTokenResponse(status, contentType, text)),
    readRefreshSkew: () => copy(context.readRefreshSkew()),
    refreshInstant: (expiresAt, lifetimeMs, skewSeconds) => context.refreshInstant(expiresAt, lifetimeMs, skewSeconds),
  };
}

import vm from 'node:vm';
import { composeScript } from '../collection/sandbox-scripts.js';
import { readSandboxSources } from '../collection/load-scripts.js';
import type { VariableLookup } from '../config/variables.js';
import { CliError, ExitCode, OAuthError } from '../errors.js';
import type { SandboxLibrary, TokenFailure } from '../sandbox/library.js';

export type {
  AcceptedToken,
  TokenFailure,
  TokenHttpResponse,
  TokenRequestParts,
  TokenResponseReading,
  TokenSettings,
} from '../sandbox/library.js';

/** The library functions the CLI runs in Node; they touch no sandbox API but `pm.variables.get`. */
const NODE_SIDE = [
  'readTokenSettings',
  'readRefreshSkew',
  'buildTokenRequest',
  'readTokenResponse',
  'readTokenFields',
  'refreshInstant',
  'signInTokenExpired',
  'describeUrl',
  'isCredentialName',
] as const;

export type SandboxTokenFunctions = Pick<SandboxLibrary, (typeof NODE_SIDE)[number]>;

/**
 * The collection's own token code, run in Node: the CLI builds the token request and reads the
 * response with the functions the Postman scripts are composed from, composed the same way
 * (with the constants of src/sandbox/defaults.ts), so the two cannot drift apart.
 * `variables` stands in for `pm.variables.get`.
 */
export function loadSandboxTokenFunctions(variables: VariableLookup = () => undefined): SandboxTokenFunctions {
  const source = composeScript('', readSandboxSources().library, NODE_SIDE);
  const context = vm.createContext({ pm: { variables: { get: variables } }, btoa });
  vm.runInContext(source, context, { filename: 'sandbox-library.js' });
  // Results are copied out of the vm's realm so that they are ordinary objects here.
  const call =
    (name: (typeof NODE_SIDE)[number]) =>
    (...args: unknown[]) =>
      structuredClone((context[name] as (...values: unknown[]) => unknown)(...args));
  return Object.fromEntries(NODE_SIDE.map((name) => [name, call(name)])) as unknown as SandboxTokenFunctions;
}

let withoutVariables: SandboxTokenFunctions | undefined;

/**
 * The library without variables, compiled once per process: for the functions that read no
 * variable (describeUrl, isCredentialName), which every masked message calls.
 */
export function sharedSandboxTokenFunctions(): SandboxTokenFunctions {
  return (withoutVariables ??= loadSandboxTokenFunctions());
}

/**
 * The reader's failure as the CLI reports it: one message, the fix, and exit 4 when nothing
 * answered (network), 3 otherwise (the token endpoint answered, but not with a token).
 */
export function tokenFailureError(failure: TokenFailure, status: number | undefined, cause?: unknown): CliError {
  if (failure.kind === 'oauth-error' && failure.oauthError && status !== undefined) {
    return new OAuthError({
      status,
      error: failure.oauthError.error,
      errorDescription: failure.oauthError.errorDescription,
      hint: failure.fix,
    });
  }
  return new CliError(failure.message, {
    hint: failure.fix,
    exitCode: failure.kind === 'no-response' ? ExitCode.network : ExitCode.oauth,
    cause,
  });
}

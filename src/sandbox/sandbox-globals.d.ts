/*
 * The globals of a Postman script, as the sandbox scripts see them (tsconfig.sandbox.json only:
 * Node-side code must not see `pm`). The constants are written in front of each script that uses
 * them by the generator, from src/sandbox/defaults.ts.
 */
declare const pm: import('./pm-api.js').Pm;
declare const console: { log(...values: unknown[]): void; warn(...values: unknown[]): void };
declare function btoa(text: string): string;

/** Written in front of an API request's test script by the generator: the status the request expects. */
declare const EXPECTED_STATUS: number;

type SandboxConstants = typeof import('./defaults.js').SANDBOX_CONSTANTS;
declare const DEFAULT_REFRESH_SKEW_SECONDS: SandboxConstants['DEFAULT_REFRESH_SKEW_SECONDS'];
declare const DEFAULT_CLIENT_AUTH: SandboxConstants['DEFAULT_CLIENT_AUTH'];
declare const CLIENT_AUTH_METHODS: SandboxConstants['CLIENT_AUTH_METHODS'];
declare const ASSUMED_LIFETIME_SECONDS: SandboxConstants['ASSUMED_LIFETIME_SECONDS'];
declare const MAX_LIFETIME_SECONDS: SandboxConstants['MAX_LIFETIME_SECONDS'];
declare const REDACTED: SandboxConstants['REDACTED'];
declare const TOKEN_ERROR_NAMES: SandboxConstants['TOKEN_ERROR_NAMES'];
declare const PERSONAL_ENVIRONMENT_SUFFIX: SandboxConstants['PERSONAL_ENVIRONMENT_SUFFIX'];
declare const LOGIN_COMMAND: SandboxConstants['LOGIN_COMMAND'];

/** Written in front of an OpenAPI operation's contract test by the generator (src/openapi/contract.ts). */
declare const CONTRACT: import('../openapi/contract.js').Contract;
/** The sandbox's require: only its bundled modules (the contract test uses 'ajv'). */
declare function require(name: 'ajv'): unknown;

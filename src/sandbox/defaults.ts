/**
 * The values the Postman scripts use, defined once. The generator writes each one a script uses as
 * a `var` at the top of that script (src/collection/sandbox-scripts.ts), the CLI's Node loader runs
 * the same text, and sandbox-globals.d.ts types the scripts' view of them from here.
 */
import { CLIENT_AUTH_METHODS, DEFAULT_CLIENT_AUTH, DEFAULT_TOKEN_REFRESH_SKEW_SECONDS } from '../config/variables.js';

export const SANDBOX_CONSTANTS = {
  /** tokenRefreshSkewSeconds when the variable is empty. */
  DEFAULT_REFRESH_SKEW_SECONDS: DEFAULT_TOKEN_REFRESH_SKEW_SECONDS,
  /** clientAuth when the variable is empty. */
  DEFAULT_CLIENT_AUTH,
  CLIENT_AUTH_METHODS,
  /** Assumed when a token response has no expires_in (RFC 6749 §5.1 and §4.2.2 make it RECOMMENDED). */
  ASSUMED_LIFETIME_SECONDS: 3600,
  /**
   * The longest lifetime taken from expires_in: one year. Longer values (1e12, 1e20) are capped
   * with a note: past about 2.7e11 s the expiry is no longer a valid date, and no real token
   * server issues tokens for longer than that.
   */
  MAX_LIFETIME_SECONDS: 365 * 24 * 3600,
  /** What stands in for a hidden credential in messages, console output and reports, wherever the CLI or the collection hides one. */
  REDACTED: '********',
  /**
   * What `env export` adds to an environment's name ("prod (personal)"), so that the import sits
   * beside the committed template; the sign-in advice takes it off to name `--env prod`.
   */
  PERSONAL_ENVIRONMENT_SUFFIX: ' (personal)',
  /**
   * The command that signs in on the command line, followed by the environment's name: named by the
   * collection's sign-in advice (Postman app and runners) and by the CLI's (src/config/sign-in-advice.ts).
   */
  LOGIN_COMMAND: 'npm run login -- --env',
  /**
   * The names of the errors a failed token step throws. Newman keeps them in its failures (its
   * failure table shows them), and the CLI's exit code says which it was (src/run/exit-code.ts):
   * unreachable - no response from the token endpoint: network trouble (exit 4);
   * refused     - the token endpoint answered, but not with a usable token (exit 3);
   * signIn      - no client secret and no usable browser sign-in token (exit 3).
   */
  TOKEN_ERROR_NAMES: {
    unreachable: 'TokenEndpointUnreachable',
    refused: 'TokenNotObtained',
    signIn: 'SignInRequired',
  },
} as const;

export type SandboxConstantName = keyof typeof SANDBOX_CONSTANTS;

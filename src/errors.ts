/** The process's exit codes, one per kind of outcome (the README's "Exit codes" table). */
export const ExitCode = {
  ok: 0,
  /** A run finished but at least one assertion or request failed. */
  testsFailed: 1,
  /** Bad command line, config, environment or collection file. */
  usage: 2,
  /** The authorization server answered with an OAuth error or something that is not a token. */
  oauth: 3,
  /** Network trouble: refused, unknown host, timeout, TLS. */
  network: 4,
  /** `generate --check`: the committed files differ from what would be generated. */
  stale: 5,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * One error type for everything a user can fix. It carries the message, the fix, and the
 * process exit code; the CLI prints it in exactly one place (src/cli.ts) and never shows a
 * stack trace unless --debug is given.
 */
export class CliError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;

  constructor(message: string, options: { hint?: string; exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.usage;
  }
}

/** An RFC 6749 §5.2 error response from a token endpoint. */
export class OAuthError extends CliError {
  readonly error: string;
  readonly errorDescription: string | undefined;
  readonly status: number;

  constructor(fields: { error: string; errorDescription?: string; status: number; hint?: string }) {
    const description = fields.errorDescription ? ` (${fields.errorDescription})` : '';
    super(`The token endpoint answered ${fields.status} ${fields.error}${description}.`, {
      hint: fields.hint,
      exitCode: ExitCode.oauth,
    });
    this.name = 'OAuthError';
    this.error = fields.error;
    this.errorDescription = fields.errorDescription;
    this.status = fields.status;
  }
}

import { ExitCode } from '../errors.js';
import { SANDBOX_CONSTANTS } from '../sandbox/defaults.js';

/** The part of a Newman failure that says what went wrong. */
export interface RunFailure {
  /** 'request' when a request got no (complete) response. */
  at?: string;
  error?: { name?: string };
  /** One execution of one request: its request's failure and its scripts' share the ref. */
  cursor?: { ref?: string };
}

const { unreachable, refused, signIn } = SANDBOX_CONSTANTS.TOKEN_ERROR_NAMES;

/**
 * Why a Newman run failed, as the exit code the README documents: network trouble (a request, the
 * token request included, got no response) before no usable token (the token endpoint refused, or
 * a browser sign-in is needed) before failed assertions, because each explains the ones after it:
 * without a token, every API request fails too. The collection's scripts name their token errors
 * (TOKEN_ERROR_NAMES), and Newman keeps those names in its failures.
 */
export function runExitCode(failures: readonly RunFailure[]): ExitCode {
  if (failures.length === 0) return ExitCode.ok;
  // A failed request explains the failures of its own scripts, which saw no response and cannot
  // tell why: for that execution, the request's failure decides.
  const failedRequests = new Set(failures.filter((failure) => failure.at === 'request').map(executionOf));
  const deciding = failures.filter((failure) => failure.at === 'request' || !failedRequests.has(executionOf(failure)));
  const named = (...names: string[]) => deciding.some((failure) => names.includes(failure.error?.name ?? ''));
  // A request failure is network trouble unless it is named a refusal (a cut-off token answer, src/run/request-bounds.ts).
  const unanswered = deciding.some((failure) => failure.at === 'request' && failure.error?.name !== refused);
  if (named(unreachable) || unanswered) return ExitCode.network;
  if (named(refused, signIn)) return ExitCode.oauth;
  return ExitCode.testsFailed;
}

/** A failure without a cursor stands for itself. */
const executionOf = (failure: RunFailure): unknown => failure.cursor?.ref ?? failure;

/** The closing line's reason for each exit code of a failed run. */
export const RUN_FAILURE_REASONS: Partial<Record<ExitCode, string>> = {
  [ExitCode.network]: 'network trouble: a request got no response',
  [ExitCode.oauth]: 'no usable access token',
  [ExitCode.testsFailed]: 'failed assertions',
};

/** `newman --help`'s exit codes: the closing line's reasons, and what is wrong before a run starts. */
export const NEWMAN_EXIT_CODES_HELP =
  `Exit codes: 0 every request and assertion passed; ${ExitCode.testsFailed} ${RUN_FAILURE_REASONS[ExitCode.testsFailed]} ` +
  `(the API answered otherwise); ${ExitCode.usage} bad command line, configuration or environment; ` +
  `${ExitCode.oauth} ${RUN_FAILURE_REASONS[ExitCode.oauth]} (the token endpoint refused, or no client secret and no ` +
  `browser sign-in token); ${ExitCode.network} ${RUN_FAILURE_REASONS[ExitCode.network]}, the token request included.`;

/** `generate --help`'s exit codes. */
export const GENERATE_EXIT_CODES_HELP =
  `Exit codes: 0 written, or with --check up to date; ${ExitCode.usage} bad configuration; ` +
  `${ExitCode.stale} with --check: the committed files differ from what oauth-postman.config.json generates ` +
  '(run generate and commit them).';

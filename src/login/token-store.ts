/**
 * The browser sign-in's token, kept between commands: `.oauth-postman/tokens/<env>.json` in the
 * project (git-ignored), mode 0600, written atomically. `newman` reads it when there is no client
 * secret. The file holds a bearer token: never print its content.
 */
import { join, relative } from 'node:path';
import { signInAdvice } from '../config/sign-in-advice.js';
import { CliError, ExitCode } from '../errors.js';
import { SANDBOX_CONSTANTS } from '../sandbox/defaults.js';
import type { SandboxLibrary } from '../sandbox/library.js';
import { sharedSandboxTokenFunctions } from '../token/sandbox-functions.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ensurePrivateDirectory, readTextFile } from '../util/files.js';
import type { BrowserGrant } from './authorization-url.js';

export interface StoredToken {
  accessToken: string;
  tokenType: string;
  /** Epoch ms: obtainedAt + expires_in. */
  expiresAt: number;
  scope?: string;
  grant: BrowserGrant;
  /** Epoch ms. */
  obtainedAt: number;
  /** Which client and server it came from, so that a token is not sent to the wrong place. */
  clientId: string;
  authorizeUrl: string;
}

/**
 * Whether a stored sign-in token is past use, for `token`, `doctor` and newman's note: by the
 * collection's own rule (src/sandbox/lib/signInTokenExpired.js), so that the CLI never calls a
 * token usable that the collection would not send, nor the reverse. A stored token cannot be
 * renewed (there is no secret; only a new sign-in gives another), so it is past use one second
 * before it expires (half the life of a shorter-lived token): `token` never hands out, and
 * `doctor` never passes, a token that could not be used. The rule is given the refresh instant
 * for no skew; any skew gives the same answer.
 */
export function storedTokenExpired(
  token: Pick<StoredToken, 'expiresAt' | 'obtainedAt'>,
  now = Date.now(),
  rules: Pick<SandboxLibrary, 'refreshInstant' | 'signInTokenExpired'> = sharedSandboxTokenFunctions(),
): boolean {
  const refreshAt = rules.refreshInstant(token.expiresAt, token.expiresAt - token.obtainedAt, 0);
  return rules.signInTokenExpired(token.expiresAt, refreshAt, now);
}

/** A browser sign-in token cannot be renewed without a secret: once expired, only a new sign-in helps (token and doctor). */
export function expiredSignInTokenError(token: Pick<StoredToken, 'expiresAt'> & { file: string }, envName: string): CliError {
  return new CliError(`The browser sign-in token in ${token.file} expired at ${new Date(token.expiresAt).toISOString()}.`, {
    hint: `${signInAdvice(envName, 'again', 'sentence')}, or set OAUTH_CLIENT_SECRET to use client credentials.`,
    exitCode: ExitCode.oauth,
  });
}

export function tokenFile(projectDir: string, envName: string): string {
  // Environment names come from the config; this keeps a strange one from leaving the directory.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(envName)) {
    throw new CliError(`"${envName}" cannot name a token file.`, {
      hint: 'Use letters, digits, ".", "_" or "-" in environment names.',
    });
  }
  return join(projectDir, '.oauth-postman', 'tokens', `${envName}.json`);
}

/** For messages: where the token is, relative to the project. */
export function displayTokenFile(projectDir: string, envName: string): string {
  return relative(projectDir, tokenFile(projectDir, envName));
}

export async function writeStoredToken(projectDir: string, envName: string, token: StoredToken): Promise<void> {
  const file = tokenFile(projectDir, envName);
  await ensurePrivateDirectory(projectDir, '.oauth-postman', 'tokens');
  await writeFileAtomic(file, `${JSON.stringify(token, null, 2)}\n`, { mode: 0o600 });
}

/**
 * undefined when there is none. A damaged file is refused, exit 2, with one message that names it
 * and the fix, rather than ignored: ignored, it would surface later as "there is no access token",
 * far from its cause; and every date derived from it is then valid (no Invalid Date, no exit 70).
 */
export async function readStoredToken(projectDir: string, envName: string): Promise<StoredToken | undefined> {
  const text = await readTextFile(tokenFile(projectDir, envName));
  if (text === undefined) return undefined;
  let token: unknown;
  try {
    token = JSON.parse(text);
  } catch {
    token = undefined;
  }
  const problem = token === undefined ? 'it is not JSON' : storedTokenProblem(token);
  if (problem) {
    throw new CliError(`${displayTokenFile(projectDir, envName)} is not a usable sign-in token: ${problem}.`, {
      hint: `${signInAdvice(envName, 'again', 'sentence')} to replace it (or delete the file).`,
    });
  }
  return token as StoredToken;
}

/** What makes a parsed token file unusable; its lifetime obeys the rule login applied (src/sandbox/lib/readLifetime.js). */
function storedTokenProblem(token: unknown): string | undefined {
  if (typeof token !== 'object' || token === null) return 'it is not an object';
  const fields = token as Partial<Record<keyof StoredToken, unknown>>;
  for (const name of ['accessToken', 'tokenType', 'clientId'] as const) {
    if (typeof fields[name] !== 'string' || fields[name] === '') return `it has no ${name}`;
  }
  for (const name of ['obtainedAt', 'expiresAt'] as const) {
    const value = fields[name];
    // Epoch ms that a Date can hold (ECMA-262 §21.4.1.22: ±8.64e15).
    if (typeof value !== 'number' || !(value > 0 && value <= 8.64e15))
      return `${name} is ${JSON.stringify(value) ?? 'undefined'}, not a time`;
  }
  const lifetimeMs = (fields.expiresAt as number) - (fields.obtainedAt as number);
  if (lifetimeMs < 0) return 'it expires before it was obtained';
  if (lifetimeMs > SANDBOX_CONSTANTS.MAX_LIFETIME_SECONDS * 1000) return 'it claims to live longer than a year';
  return undefined;
}

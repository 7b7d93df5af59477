/**
 * The browser sign-in's token, kept between commands: `.oauth-postman/tokens/<env>.json` in the
 * project (git-ignored), mode 0600, written atomically. `newman` reads it when there is no client
 * secret. The file holds a bearer token: never print its content.
 */
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CliError } from '../errors.js';
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

/** undefined when there is none; a damaged file is an error that says how to get rid of it. */
export async function readStoredToken(projectDir: string, envName: string): Promise<StoredToken | undefined> {
  const file = tokenFile(projectDir, envName);
  const text = await readTextFile(file);
  if (text === undefined) return undefined;
  let token: Partial<StoredToken> | undefined;
  try {
    token = JSON.parse(text) as Partial<StoredToken>;
  } catch {
    token = undefined;
  }
  if (
    typeof token !== 'object' ||
    token === null ||
    typeof token.accessToken !== 'string' ||
    typeof token.tokenType !== 'string' ||
    typeof token.expiresAt !== 'number' ||
    typeof token.clientId !== 'string'
  ) {
    throw new CliError(`${displayTokenFile(projectDir, envName)} is not a stored sign-in token.`, {
      hint: `Delete it and sign in again: npm run login -- --env ${envName}.`,
    });
  }
  return token as StoredToken;
}

export async function deleteStoredToken(projectDir: string, envName: string): Promise<void> {
  await rm(tokenFile(projectDir, envName), { force: true });
}

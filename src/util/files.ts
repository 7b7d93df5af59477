import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../errors.js';

/*
 * Every file the CLI reads or writes for the user goes through here, so that what a user can cause
 * (a folder where a file should be, no permission, a read-only or full disk) is one message that
 * names the path, never "Unexpected error".
 */

type Action = 'read' | 'write';

const PROBLEMS: Record<string, (path: string, action: Action) => [message: string, hint: string]> = {
  EACCES: (path, action) => [
    `Cannot ${action} ${path}: permission denied.`,
    `Check the permissions of ${path} and of the folders above it (ls -ld).`,
  ],
  EISDIR: (path, action) => [
    `${path} is a folder, not a file.`,
    action === 'read' ? 'Point at the file itself, or move the folder away.' : 'Name a file, not a folder.',
  ],
  ENOTDIR: (path) => [
    `Cannot use ${path}: a part of that path is a file, not a folder.`,
    'Check the path: one of its folders is an ordinary file.',
  ],
  EROFS: (path) => [`Cannot write ${path}: the file system is read-only.`, 'Write it to a writable place.'],
  ENOSPC: (path) => [`Cannot write ${path}: the disk is full.`, 'Free some space and run the command again.'],
  EDQUOT: (path) => [`Cannot write ${path}: your disk quota is used up.`, 'Free some space and run the command again.'],
  ELOOP: (path) => [
    `${path} is a symbolic link; oauth-postman does not write through links.`,
    "Name the link's target instead, or remove the link.",
  ],
  ENAMETOOLONG: (path) => [`The path ${path} is too long.`, 'Use a shorter path.'],
};
PROBLEMS.EPERM = PROBLEMS.EACCES!;

/** A CliError for the errno codes a user can cause; any other error as it was. */
export function fileError(error: unknown, path: string, action: Action): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && fileProblem(code, path, action, error)) || error;
}

/** The message for an errno code a user can cause, found before the system call or after it. */
export function fileProblem(code: string, path: string, action: Action, cause?: unknown): CliError | undefined {
  const problem = PROBLEMS[code];
  if (!problem) return undefined;
  const [message, hint] = problem(path, action);
  return new CliError(message, { hint, cause });
}

export const alreadyExists = (path: string) =>
  new CliError(`${path} already exists.`, {
    hint: 'Pass --force to replace it (it is rewritten whole), or choose another file name.',
  });

/** Editors on Windows start UTF-8 files with a byte order mark; JSON.parse and dotenv do not expect one. */
const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** A text file's content without a byte order mark, or undefined when it does not exist. */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return stripBom(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fileError(error, path, 'read');
  }
}

/** What is at a path, without following a symbolic link there. */
export async function pathKind(path: string): Promise<'missing' | 'file' | 'directory' | 'link' | 'other'> {
  try {
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) return 'link';
    if (stats.isDirectory()) return 'directory';
    return stats.isFile() ? 'file' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw fileError(error, path, 'read');
  }
}

/**
 * Creates base/names[0]/names[1]/… as folders only their owner can enter (0700). A folder that
 * already exists is tightened to 0700, unless it is a symbolic link or reached through one: a
 * directory elsewhere is not ours to change.
 */
export async function ensurePrivateDirectory(base: string, ...names: string[]): Promise<string> {
  let dir = base;
  let throughLink = false;
  for (const name of names) {
    dir = join(dir, name);
    try {
      try {
        await mkdir(dir, { mode: 0o700 });
        continue;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      throughLink ||= (await lstat(dir)).isSymbolicLink();
      if (throughLink) continue;
      // Opened without following a link, so the chmod lands on this very directory.
      const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
      try {
        await handle.chmod(0o700);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw fileError(error, dir, 'write');
    }
  }
  return dir;
}

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { alreadyExists, fileError, fileProblem, pathKind } from './files.js';

export interface WriteOptions {
  /** Default 0644; files holding a secret or a token get 0600. */
  mode?: number;
  /** false: an existing file (or link) at the path is an error, checked atomically. Default true. */
  replace?: boolean;
}

/**
 * Writes a file so that readers see either the old or the new content, never a torn one: the data
 * goes to a new temporary file in the same directory (O_EXCL | O_NOFOLLOW, so nothing that already
 * exists is written through), is flushed, and then takes the final name in one step. rename(2) and
 * link(2) replace or refuse a symbolic link at the final name; they never follow it.
 */
export async function writeFileAtomic(path: string, data: string, options: WriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    // mkdir -p reports a file where a folder should be as EEXIST.
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'EEXIST' ? fileProblem('ENOTDIR', dir, 'write', error) : fileError(error, dir, 'write');
  }
  // Hidden, beside the target; the process id says whose it is (temporaryFileOwner).
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    const handle = await open(temporary, flags, options.mode ?? 0o644);
    try {
      await handle.writeFile(data);
      // A full disk can surface only when the data reaches it: before the rename, not after.
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.replace === false) await linkWithoutReplacing(temporary, path);
    else await rename(temporary, path);
  } catch (error) {
    throw fileError(error, path, 'write');
  } finally {
    await rm(temporary, { force: true });
  }
}

const TEMPORARY_NAME = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;

/** The process that made a temporary file of writeFileAtomic (`.junit.xml.4242.9f86d081.tmp` → 4242), from its name. */
export function temporaryFileOwner(name: string): number | undefined {
  return Number(TEMPORARY_NAME.exec(name)?.[1]) || undefined;
}

async function linkWithoutReplacing(temporary: string, path: string): Promise<void> {
  try {
    await link(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw alreadyExists(path);
    // File systems without hard links: check, then rename (a link appearing in between is replaced, not followed).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    if ((await pathKind(path)) !== 'missing') throw alreadyExists(path);
    await rename(temporary, path);
  }
}

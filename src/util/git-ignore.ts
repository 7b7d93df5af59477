import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileError } from './files.js';

/** Whether git would leave a path out of commits: `ignored`, `not-ignored`, or `unknown` (no git, or not a repository). */
export type IgnoreStatus = 'ignored' | 'not-ignored' | 'unknown';

/** `git check-ignore -q` exits 0 when ignored, 1 when not, 128 on a fatal error such as "not a git repository". */
export function gitIgnoreStatus(projectDir: string, path: string): Promise<IgnoreStatus> {
  return new Promise((done) => {
    execFile('git', ['-C', projectDir, 'check-ignore', '-q', '--', path], { timeout: 30_000 }, (error) => {
      if (!error) return done('ignored');
      done((error as { code?: unknown }).code === 1 ? 'not-ignored' : 'unknown');
    });
  });
}

/**
 * The path with symbolic links resolved as far as it exists, so that a link pointing into the
 * project cannot disguise a file inside it (the file itself may not exist yet).
 */
export async function realPathSoFar(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(error, absolute, 'read');
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await realPathSoFar(parent), basename(absolute));
  }
}

/** The path relative to dir when it lies inside dir, else undefined. */
export function pathInside(dir: string, path: string): string | undefined {
  const rel = relative(dir, path);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel;
}

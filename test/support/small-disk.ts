import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real tmpfs of a few kilobytes (full after a few files) or a read-only one, for the disk
 * problems root also meets: file modes do not stop root, a full or read-only file system does.
 * Mounting needs root and a kernel that allows it (not every container does): `undefined` then,
 * with the reason, and the caller skips its test saying so.
 */
export async function mountSmallDisk(options: {
  kilobytes: number;
  readOnly?: boolean;
}): Promise<{ dir: string; unmount(): Promise<void> } | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'mounting a tmpfs needs root' };
  const dir = await mkdtemp(join(tmpdir(), 'oauth-postman-disk-'));
  const flags = `size=${options.kilobytes}k${options.readOnly ? ',ro' : ''}`;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', flags, 'tmpfs', dir], { stdio: 'pipe', timeout: 10_000 });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    return { skip: `mount -t tmpfs failed here: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}` };
  }
  return {
    dir,
    async unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe', timeout: 10_000 });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How to start a process that file modes apply to, as they do to a user without administrator
 * rights: as it is, or, when the suite runs as root (as CI does), through util-linux's setpriv
 * without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, the capabilities that let root read and write
 * any file. Says why not when such a process can still read a file of mode 000.
 */
export async function withoutFileRights(): Promise<{ launcher: string[] } | { skip: string }> {
  const launcher = process.getuid?.() === 0 ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search'] : [];
  const dir = await mkdtemp(join(tmpdir(), 'oauth-postman-rights-'));
  try {
    const file = join(dir, 'unreadable');
    await writeFile(file, 'x');
    await chmod(file, 0o000);
    const [command, ...args] = [
      ...launcher,
      process.execPath,
      '-e',
      `require('node:fs').readFile(${JSON.stringify(file)}, (e) => process.stdout.write(e ? String(e.code) : 'read'))`,
    ];
    const probe = spawnSync(command!, args, { encoding: 'utf8', timeout: 30_000 });
    if (probe.error)
      return { skip: `running as root, and setpriv (util-linux) cannot drop the right to read any file: ${probe.error.message}` };
    if (probe.stdout === 'EACCES') return { launcher };
    return {
      skip: `here a process without administrator rights reading a file of mode 000 gets ${probe.stdout || `exit ${probe.status}`}, not EACCES`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How to start a process without one of the rights root has, as a user without administrator
 * rights runs it: as it is, or, when the suite runs as root (as CI does), through util-linux's
 * setpriv without the `capabilities` that grant it. `probe`, a node script run that way, prints
 * EACCES when the process is refused as it should be; otherwise this says why the test cannot run.
 */
function launcherWithout(
  capabilities: string[],
  probe: string,
  what: { right: string; attempt: string },
): { launcher: string[] } | { skip: string } {
  const launcher =
    process.getuid?.() === 0 ? ['setpriv', '--bounding-set', capabilities.map((name) => `-${name}`).join(',')] : [];
  const [command, ...args] = [...launcher, process.execPath, '-e', probe];
  const result = spawnSync(command!, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.error)
    return { skip: `running as root, and setpriv (util-linux) cannot drop the right to ${what.right}: ${result.error.message}` };
  if (result.stdout === 'EACCES') return { launcher };
  return {
    skip: `here a process without administrator rights ${what.attempt} gets ${result.stdout || `exit ${result.status}`}, not EACCES`,
  };
}

/**
 * Ports below 1024: root binds them with CAP_NET_BIND_SERVICE. The test cannot run where any
 * process may bind port 80 all the same (a lowered net.ipv4.ip_unprivileged_port_start, as in many
 * containers), or setpriv is missing.
 */
export function withoutLowPortRight(): { launcher: string[] } | { skip: string } {
  const probe = `require('node:net').createServer()
  .once('error', (error) => { process.stdout.write(String(error.code)); process.exit(0); })
  .listen(80, '127.0.0.1', () => { process.stdout.write('listening'); process.exit(0); });`;
  return launcherWithout(['net_bind_service'], probe, { right: 'bind port 80', attempt: 'binding 127.0.0.1:80' });
}

/** File modes: root reads and writes any file with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH. */
export async function withoutFileRights(): Promise<{ launcher: string[] } | { skip: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'oauth-postman-rights-'));
  try {
    const file = join(dir, 'unreadable');
    await writeFile(file, 'x');
    await chmod(file, 0o000);
    const probe = `require('node:fs').readFile(${JSON.stringify(file)}, (e) => process.stdout.write(e ? String(e.code) : 'read'))`;
    return launcherWithout(['dac_override', 'dac_read_search'], probe, {
      right: 'read any file',
      attempt: 'reading a file of mode 000',
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
